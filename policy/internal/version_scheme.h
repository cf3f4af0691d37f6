// File: policy/internal/version_scheme.h
// -----------------------------------------------------------------------------
//
// One entry point over the version schemes of interdict.v1.VersionScheme:
// GENERIC (generic_version.h), DEBIAN (debian_version.h), RPM (rpm_version.h),
// SEMVER (semantic_version.h) and WINDOWS (windows_version.h). Nothing here
// allocates, so version ranges can be tested on the evaluate path.
//
// Example:
//
//   if (const char* problem = VersionProblem(v1::DEBIAN, text)) {
//     // "not a valid deb version: epoch is not a number"
//   } else if (CompareVersions(v1::DEBIAN, text, "2.0") < 0) { ... }
//
// Thread safety: pure functions.

#ifndef INTERDICT_POLICY_INTERNAL_VERSION_SCHEME_H_
#define INTERDICT_POLICY_INTERNAL_VERSION_SCHEME_H_

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

// The scheme's short name, as vers writes it where it has one: "generic", "deb",
// "rpm", "semver", "windows".
absl::string_view VersionSchemeName(v1::VersionScheme scheme);

// nullptr when `version` is valid in `scheme`; otherwise a static description of
// the first problem ("epoch is not a number"). GENERIC accepts any text with a
// digit or a letter.
const char* VersionProblem(v1::VersionScheme scheme, absl::string_view version);

// <0, 0 or >0 as `a` sorts before, equal to or after `b` in `scheme`. Both must be
// valid (VersionProblem == nullptr).
int CompareVersions(v1::VersionScheme scheme, absl::string_view a, absl::string_view b);

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_VERSION_SCHEME_H_
