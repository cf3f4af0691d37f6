// File: policy/internal/version_range.h
// -----------------------------------------------------------------------------
//
// A compiled interdict.v1.VersionRange: [min, max) by default, either bound
// optional, in the range's scheme (version_scheme.h): a version is inside when it
// satisfies each bound (SatisfiesBound; in RPM, rpm's dependency matching, so
// `max: "2.0"` leaves out every 2.0-N and `max_inclusive` takes them all).
//
// Example:
//
//   absl::StatusOr<VersionRange> r = VersionRange::Create(range_proto);
//   const char* problem = nullptr;
//   switch (r->Classify("1:2.30-1", &problem)) {
//     case VersionRange::Membership::kInside: ...
//     case VersionRange::Membership::kOutside: ...
//     case VersionRange::Membership::kUnreadable: ...  // `problem` says why
//   }
//
// Thread safety: immutable after Create; safe from many threads.

#ifndef INTERDICT_POLICY_INTERNAL_VERSION_RANGE_H_
#define INTERDICT_POLICY_INTERNAL_VERSION_RANGE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "interdict/v1/policy.pb.h"
#include "policy/internal/generic_version.h"
#include "policy/internal/version_scheme.h"

namespace interdict {
namespace policy_internal {

class VersionRange {
 public:
  using Membership = VersionMembership;

  // An unbounded range (contains every version, including the empty one).
  VersionRange() = default;

  // Errors (kInvalidArgument): a bound that is not a valid version of the scheme
  // (`min "a:1" is not a valid deb version: epoch is not a number`); min above max;
  // an empty interval (min == max unless both inclusive; in RPM, bounds whose ranges
  // rpm finds disjoint, e.g. ">= 2.0-5" and "< 2.0").
  static absl::StatusOr<VersionRange> Create(const v1::VersionRange& range);

  // Where `version` lies. An unbounded range contains everything. An empty version is
  // outside a bounded range (absent, not malformed). kUnreadable sets `*problem` to a
  // static description of what is wrong with the version.
  Membership Classify(absl::string_view version, const char** problem) const;

  // The same, faster when one version meets many ranges: `key` is `version` read
  // into a GenericVersionKey (null when Assign failed, or not read). Only GENERIC
  // ranges use it.
  Membership Classify(absl::string_view version, const GenericVersionKey* key,
                      const char** problem) const;

  // Whether Classify would use a version's GenericVersionKey.
  bool uses_generic_key() const { return bounds_keyed_; }

  bool Contains(absl::string_view version) const {
    const char* problem = nullptr;
    return Classify(version, &problem) == Membership::kInside;
  }

  bool unbounded() const { return !has_min_ && !has_max_; }

  // BoundWarning of each bound: what the scheme's own tool would warn about.
  std::vector<std::string> BoundWarnings() const;

  // The range as its bounds, e.g. ">= 1.0, < 2.0 (DEBIAN)"; "any version" when unbounded.
  std::string Describe() const;
  v1::VersionScheme scheme() const { return scheme_; }

 private:
  VersionComparator min_comparator() const {
    return min_exclusive_ ? VersionComparator::kGreater : VersionComparator::kGreaterOrEqual;
  }
  VersionComparator max_comparator() const {
    return max_inclusive_ ? VersionComparator::kLessOrEqual : VersionComparator::kLess;
  }

  v1::VersionScheme scheme_ = v1::GENERIC;
  bool has_min_ = false;
  bool has_max_ = false;
  bool min_exclusive_ = false;
  bool max_inclusive_ = false;
  // GENERIC bounds that fit keys have them.
  bool bounds_keyed_ = false;
  // The keys before the texts: Classify reads the flags and, for keyed bounds, only
  // the keys, so those share the range's first lines.
  GenericVersionKey min_key_;
  GenericVersionKey max_key_;
  std::string min_;
  std::string max_;
};

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_VERSION_RANGE_H_
