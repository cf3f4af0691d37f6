// Version intervals over the generic version ordering.
#include "policy/internal/version_range.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "policy/internal/generic_version.h"

namespace interdict {
namespace policy_internal {
namespace {

bool HasVersionRun(absl::string_view v) {
  for (char c : v) {
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  }
  return false;
}

}  // namespace

absl::StatusOr<VersionRange> VersionRange::Create(const v1::VersionRange& range) {
  VersionRange r;
  r.has_min_ = !range.min().empty();
  r.has_max_ = !range.max().empty();
  r.min_ = range.min();
  r.max_ = range.max();
  r.min_exclusive_ = range.min_exclusive();
  r.max_inclusive_ = range.max_inclusive();
  if (r.has_min_ && !HasVersionRun(r.min_)) {
    return absl::InvalidArgumentError(absl::StrCat("min \"", r.min_, "\" is not a version"));
  }
  if (r.has_max_ && !HasVersionRun(r.max_)) {
    return absl::InvalidArgumentError(absl::StrCat("max \"", r.max_, "\" is not a version"));
  }
  if (r.has_min_ && r.has_max_) {
    const int c = CompareGenericVersions(r.min_, r.max_);
    if (c > 0 || (c == 0 && (r.min_exclusive_ || !r.max_inclusive_))) {
      return absl::InvalidArgumentError(absl::StrCat("empty version range: min \"", r.min_,
                                                     "\" is not below max \"", r.max_, "\""));
    }
  }
  return r;
}

bool VersionRange::Contains(absl::string_view version) const {
  if (unbounded()) return true;
  if (!HasVersionRun(version)) return false;
  if (has_min_) {
    const int c = CompareGenericVersions(version, min_);
    if (c < 0 || (c == 0 && min_exclusive_)) return false;
  }
  if (has_max_) {
    const int c = CompareGenericVersions(version, max_);
    if (c > 0 || (c == 0 && !max_inclusive_)) return false;
  }
  return true;
}

}  // namespace policy_internal
}  // namespace interdict
