// File: policy/internal/version_scheme.h
// -----------------------------------------------------------------------------
//
// One entry point over the version schemes of interdict.v1.VersionScheme:
// GENERIC (generic_version.h), DEBIAN (debian_version.h), RPM (rpm_version.h),
// SEMVER (semantic_version.h) and WINDOWS (windows_version.h). Nothing here
// allocates but BoundWarning, so version ranges can be tested on the evaluate path.
//
// Two questions, as the package managers ask them: the order of two versions
// (CompareVersions: sorting, equality, the order of a range's bounds), and whether a
// version satisfies a bound (SatisfiesBound: range membership). They agree in every
// scheme but RPM, where a bound is matched as rpm matches a dependency and a missing
// release on one side is not compared (rpm_version.h).
//
// Example:
//
//   if (const char* problem = VersionProblem(v1::DEBIAN, text)) {
//     // "not a valid deb version: epoch is not a number"
//   } else if (CompareVersions(v1::DEBIAN, text, "2.0") < 0) { ... }
//   SatisfiesBound(v1::RPM, "2.0-1", VersionComparator::kLessOrEqual, "2.0") == true
//
// Thread safety: pure functions.

#ifndef INTERDICT_POLICY_INTERNAL_VERSION_SCHEME_H_
#define INTERDICT_POLICY_INTERNAL_VERSION_SCHEME_H_

#include <string>

#include "absl/strings/string_view.h"
#include "interdict/v1/policy.pb.h"

namespace interdict {
namespace policy_internal {

// Where a version lies relative to a range.
enum class VersionMembership {
  kInside,
  kOutside,
  // Not a valid version of the range's scheme: it cannot be placed, so it is not
  // inside.
  kUnreadable,
};

// The comparison a bound asks of a version: "version <comparator> bound".
enum class VersionComparator { kEqual, kNotEqual, kLess, kLessOrEqual, kGreater, kGreaterOrEqual };

// The scheme's short name, as vers writes it where it has one: "generic", "deb",
// "rpm", "semver", "windows".
absl::string_view VersionSchemeName(v1::VersionScheme scheme);

// nullptr when `version` is valid in `scheme`; otherwise a static description of
// the first problem ("epoch is not a number"). GENERIC accepts any text with a
// digit or a letter.
const char* VersionProblem(v1::VersionScheme scheme, absl::string_view version);

// nullptr unless `version`, valid in `scheme`, is one the scheme's own tool accepts
// only with a warning (DEBIAN: dpkg's warnings, e.g. "version number does not start
// with digit"); then that warning, static text.
const char* VersionWarning(v1::VersionScheme scheme, absl::string_view version);

// For a policy's bound that VersionWarning has a warning about, the compile warning
// that says so: `max "v2.0": dpkg accepts this deb version only with a warning (version
// number does not start with digit); it is ordered as dpkg orders it`. Empty when
// there is none. `name` names the bound ("min", or empty for a vers constraint).
// Allocates: for compilation, not evaluation.
std::string BoundWarning(v1::VersionScheme scheme, absl::string_view name, absl::string_view bound);

// <0, 0 or >0 as `a` sorts before, equal to or after `b` in `scheme`. Both must be
// valid (VersionProblem == nullptr).
int CompareVersions(v1::VersionScheme scheme, absl::string_view a, absl::string_view b);

// Whether `version <comparator> bound` holds in `scheme`: RangesOverlap of the version
// itself ("= version") and the bound, so in RPM rpm's dependency matching (`!=` is rpm's
// `<>`). Both must be valid.
bool SatisfiesBound(v1::VersionScheme scheme, absl::string_view version, VersionComparator comparator,
                    absl::string_view bound);

// Whether the ranges `a_comparator a` and `b_comparator b` share a version, e.g. whether
// ">= min" and "< max" make a non-empty interval: by CompareVersions, except in RPM,
// where it is rpm's own overlap test (RpmRangesOverlap). Both must be valid.
bool RangesOverlap(v1::VersionScheme scheme, absl::string_view a, VersionComparator a_comparator,
                   absl::string_view b, VersionComparator b_comparator);

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_VERSION_SCHEME_H_
