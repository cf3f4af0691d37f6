// File: policy/internal/vers_range.h
// -----------------------------------------------------------------------------
//
// Version ranges written in vers (package-url/vers-spec):
// `vers:<type>/<constraint>|<constraint>...`, e.g. `vers:deb/>=1.0|<2.0`.
//
// Parsing follows the specification's canonical form and refuses anything else
// rather than guess what was meant (a policy author gets the reason):
//   - the type is ASCII letters, digits, '.' and '-', starting with a letter (read
//     case-insensitively); "invalid" is always refused, "example" and "test" define
//     no version ordering;
//   - a constraint is a comparator (`!=`, `<`, `<=`, `>`, `>=`; none means equal —
//     a leading `=` is an error) and a version, or `*` alone (every version);
//   - no ASCII whitespace anywhere (a space inside a version is `%20`); no empty
//     constraint (leading, trailing or doubled `|`);
//   - a version is printable ASCII with `>` `<` `=` `!` `*` `|` `%` percent-encoded,
//     each `%` starting a triplet with upper-case hex digits; it is decoded once;
//   - constraints are sorted by version (CompareVersions: in rpm, "2.0" < "2.0-1"),
//     a version appears once, and, ignoring `!=`, an equality is followed only by an
//     equality or a lower bound, and, ignoring `!=` and equalities, lower (`>`, `>=`)
//     and upper (`<`, `<=`) bounds alternate.
// Supported types: deb, rpm, semver, npm and cargo (SemVer), generic.
//
// Containment (the vers-spec algorithm, with each comparison a SatisfiesBound of the
// type's scheme): a version that satisfies an equality is inside; one that fails a
// `!=` is outside; otherwise it is inside when it satisfies a leading `<`/`<=`, a
// trailing `>`/`>=`, or both a lower bound and the upper bound that follows it. A
// range of `!=` constraints alone contains every other version. In a total order this
// gives the specification's answers; in rpm, where a bound without a release ties with
// every release, an interval still holds only what satisfies both its bounds
// (`>=2.0|<2.0-5` leaves out 2.0-7), as rpm would check two requirements.
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

// A vers read for its syntax alone: the lower-cased type and each constraint's
// comparator and decoded version, in the order written. `star` for `*`.
struct VersSyntax {
  struct Constraint {
    VersionComparator comparator = VersionComparator::kEqual;
    std::string version;
  };
  std::string type;
  bool star = false;
  std::vector<Constraint> constraints;
};

// Checks everything the specification asks that does not depend on the type's
// version ordering (any well-formed type is read). Errors (kInvalidArgument) quote
// the text and name the problem, e.g. "whitespace is not permitted".
absl::StatusOr<VersSyntax> ParseVersSyntax(absl::string_view text);

class VersRange {
 public:
  // ParseVersSyntax, then: a supported type, each version valid in its scheme (with
  // the scheme's reason), sorted unique versions and the comparator sequence rules.
  static absl::StatusOr<VersRange> Parse(absl::string_view text);

  // As VersionRange::Classify. An empty version is outside (unless the range is `*`).
  VersionMembership Classify(absl::string_view version, const char** problem) const;

  // BoundWarning of each constraint's version: what the scheme's own tool would warn
  // about.
  std::vector<std::string> BoundWarnings() const;

  // Whether the range is `*`, which contains every version without reading it.
  bool contains_every_version() const { return any_; }

  v1::VersionScheme scheme() const { return scheme_; }
  // The canonical text, versions percent-encoded where the specification asks.
  std::string ToString() const;

 private:
  using Constraint = VersSyntax::Constraint;

  // Whether `version` satisfies `constraint` in the range's scheme.
  bool Satisfies(absl::string_view version, const Constraint& constraint) const {
    return SatisfiesBound(scheme_, version, constraint.comparator, constraint.version);
  }
  // Whether `version` lies in an interval of bounds_: it satisfies a leading upper bound,
  // a trailing lower bound, or a lower bound and the upper bound after it.
  bool WithinBounds(absl::string_view version) const;

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
