// File: policy/internal/version_range.h
// -----------------------------------------------------------------------------
//
// A compiled interdict.v1.VersionRange: [min, max) by default, either bound
// optional, ordered by the range's scheme.
//
// Example:
//
//   absl::StatusOr<VersionRange> r = VersionRange::Create(range_proto);
//   r->Contains("21.3.10.391");
//
// Thread safety: immutable after Create; safe from many threads.

#ifndef INTERDICT_POLICY_INTERNAL_VERSION_RANGE_H_
#define INTERDICT_POLICY_INTERNAL_VERSION_RANGE_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "interdict/v1/policy.pb.h"

namespace interdict {
namespace policy_internal {

class VersionRange {
 public:
  // An unbounded range (contains every version, including the empty one).
  VersionRange() = default;

  // Errors (kInvalidArgument): a bound with no digits or letters; min above max; an
  // empty interval (min == max unless both inclusive).
  static absl::StatusOr<VersionRange> Create(const v1::VersionRange& range);

  // Whether `version` lies in the range. An empty version is outside any bounded range.
  bool Contains(absl::string_view version) const;

  bool unbounded() const { return !has_min_ && !has_max_; }

 private:
  bool has_min_ = false;
  bool has_max_ = false;
  bool min_exclusive_ = false;
  bool max_inclusive_ = false;
  std::string min_;
  std::string max_;
};

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_VERSION_RANGE_H_
