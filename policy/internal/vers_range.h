// File: policy/internal/vers_range.h
// -----------------------------------------------------------------------------
//
// Version ranges written in vers (package-url/vers-spec):
// `vers:<scheme>/<constraint>|<constraint>...`, e.g. `vers:deb/>=1.0|<2.0`.
//
// A constraint is a comparator (`=`, `!=`, `<`, `<=`, `>`, `>=`; none means `=`)
// and a percent-encoded version, or `*` alone (every version). Spaces are not
// significant. Constraints are sorted by version; a version may appear once; once
// `=` and `!=` constraints are set aside, lower bounds (`>`, `>=`) and upper
// bounds (`<`, `<=`) must alternate. Versioning schemes: deb, rpm, semver, npm and
// cargo (both SemVer), generic; others are refused rather than guessed.
//
// Containment (the vers-spec algorithm): a version equal to a `=`, `<=` or `>=`
// constraint is inside, one equal to a `!=` constraint outside; otherwise it is
// inside when below a leading `<`/`<=`, above a trailing `>`/`>=`, or between a
// lower bound and the upper bound that follows it. A range of `!=` constraints
// alone contains every other version.
//
// Example:
//
//   absl::StatusOr<VersRange> r = VersRange::Parse("vers:deb/>=1.0|<2.0");
//   const char* problem = nullptr;
//   r->Classify("1.5-1", &problem) == VersionMembership::kInside
//
// Thread safety: immutable after Parse; safe from many threads.

#ifndef INTERDICT_POLICY_INTERNAL_VERS_RANGE_H_
#define INTERDICT_POLICY_INTERNAL_VERS_RANGE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "interdict/v1/policy.pb.h"
#include "policy/internal/version_scheme.h"

namespace interdict {
namespace policy_internal {

class VersRange {
 public:
  // Errors (kInvalidArgument) name the problem: not starting with "vers:", an
  // unsupported scheme, an empty constraint, an invalid version (with the scheme's
  // reason), a repeated version, `*` with other constraints, bounds that do not
  // alternate.
  static absl::StatusOr<VersRange> Parse(absl::string_view text);

  // As VersionRange::Classify. An empty version is outside (unless the range is `*`).
  VersionMembership Classify(absl::string_view version, const char** problem) const;

  v1::VersionScheme scheme() const { return scheme_; }
  // The canonical text: constraints sorted, spaces removed.
  std::string ToString() const;

 private:
  enum class Comparator { kEqual, kNotEqual, kLess, kLessOrEqual, kGreater, kGreaterOrEqual };
  struct Constraint {
    Comparator comparator = Comparator::kEqual;
    std::string version;
  };

  v1::VersionScheme scheme_ = v1::GENERIC;
  std::string scheme_name_;
  bool any_ = false;
  bool only_not_equal_ = false;
  std::vector<Constraint> constraints_;  // Sorted by version.
  std::vector<Constraint> bounds_;       // The <, <=, >, >= constraints, sorted.
};

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_VERS_RANGE_H_
