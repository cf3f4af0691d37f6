// Version intervals over the orderings of version_scheme.h.
#include "policy/internal/version_range.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "policy/internal/version_scheme.h"

namespace interdict {
namespace policy_internal {
namespace {

absl::Status BoundStatus(v1::VersionScheme scheme, absl::string_view which, absl::string_view bound) {
  const char* problem = VersionProblem(scheme, bound);
  if (problem == nullptr) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(which, " \"", bound, "\" is not a valid ",
                                                 VersionSchemeName(scheme), " version: ", problem));
}

}  // namespace

absl::StatusOr<VersionRange> VersionRange::Create(const v1::VersionRange& range) {
  VersionRange r;
  if (!v1::VersionScheme_IsValid(range.scheme())) {
    return absl::InvalidArgumentError(absl::StrCat("unknown version scheme ", range.scheme()));
  }
  r.scheme_ = range.scheme();
  r.has_min_ = !range.min().empty();
  r.has_max_ = !range.max().empty();
  r.min_ = range.min();
  r.max_ = range.max();
  r.min_exclusive_ = range.min_exclusive();
  r.max_inclusive_ = range.max_inclusive();
  if (r.has_min_) {
    absl::Status status = BoundStatus(r.scheme_, "min", r.min_);
    if (!status.ok()) return status;
  }
  if (r.has_max_) {
    absl::Status status = BoundStatus(r.scheme_, "max", r.max_);
    if (!status.ok()) return status;
  }
  if (r.has_min_ && r.has_max_ &&
      !RangesOverlap(r.scheme_, r.min_, r.min_comparator(), r.max_, r.max_comparator())) {
    return absl::InvalidArgumentError(absl::StrCat("empty version range: min \"", r.min_,
                                                   "\" is not below max \"", r.max_, "\""));
  }
  r.bounds_keyed_ = r.scheme_ == v1::GENERIC && !r.unbounded() &&
                    (!r.has_min_ || r.min_key_.Assign(r.min_)) &&
                    (!r.has_max_ || r.max_key_.Assign(r.max_));
  return r;
}

std::vector<std::string> VersionRange::BoundWarnings() const {
  std::vector<std::string> warnings;
  for (std::string warning : {has_min_ ? BoundWarning(scheme_, "min", min_) : std::string(),
                              has_max_ ? BoundWarning(scheme_, "max", max_) : std::string()}) {
    if (!warning.empty()) warnings.push_back(std::move(warning));
  }
  return warnings;
}

std::string VersionRange::Describe() const {
  if (unbounded()) return "any version";
  std::string out;
  if (has_min_) absl::StrAppend(&out, min_exclusive_ ? "> " : ">= ", min_);
  if (has_max_) absl::StrAppend(&out, has_min_ ? ", " : "", max_inclusive_ ? "<= " : "< ", max_);
  absl::StrAppend(&out, " (", v1::VersionScheme_Name(scheme_), ")");
  return out;
}

VersionRange::Membership VersionRange::Classify(absl::string_view version, const char** problem) const {
  if (unbounded()) return Membership::kInside;
  if (version.empty()) return Membership::kOutside;
  *problem = VersionProblem(scheme_, version);
  if (*problem != nullptr) return Membership::kUnreadable;
  if (has_min_ && !SatisfiesBound(scheme_, version, min_comparator(), min_)) return Membership::kOutside;
  if (has_max_ && !SatisfiesBound(scheme_, version, max_comparator(), max_)) return Membership::kOutside;
  return Membership::kInside;
}

VersionRange::Membership VersionRange::Classify(absl::string_view version,
                                               const GenericVersionKey* key,
                                               const char** problem) const {
  if (unbounded()) return Membership::kInside;
  if (key == nullptr || !bounds_keyed_) return Classify(version, problem);
  if (version.empty()) return Membership::kOutside;
  if (key->no_runs()) {
    *problem = VersionProblem(scheme_, version);
    return Membership::kUnreadable;
  }
  if (has_min_) {
    const int c = CompareGenericVersionKeys(*key, min_key_);
    if (c < 0 || (c == 0 && min_exclusive_)) return Membership::kOutside;
  }
  if (has_max_) {
    const int c = CompareGenericVersionKeys(*key, max_key_);
    if (c > 0 || (c == 0 && !max_inclusive_)) return Membership::kOutside;
  }
  return Membership::kInside;
}

}  // namespace policy_internal
}  // namespace interdict
