// File: policy/internal/generic_version.h
// -----------------------------------------------------------------------------
//
// Orders version strings in the GENERIC scheme of interdict.v1.VersionScheme,
// without allocating.
//
// A version is read as runs of ASCII digits (compared numerically, leading zeros
// ignored, any length) and runs of ASCII letters (compared case-insensitively as
// ASCII); every other byte separates runs. Runs are compared pairwise from the
// left. When one version runs out: missing numeric runs count as 0 (so
// "1.2" == "1.2.0"), and a letter run sorts before a missing run, so
// "1.0rc1" < "1.0" and "1.0.a" < "1.0". A numeric run sorts after a letter run
// at the same position ("1.a" < "1.0").
//
// Example:
//
//   CompareGenericVersions("21.3.10.391", "21.3.9") > 0   // 10 > 9
//   CompareGenericVersions("1.2", "1.2.0") == 0
//
// Thread safety: pure function.

#ifndef INTERDICT_POLICY_INTERNAL_GENERIC_VERSION_H_
#define INTERDICT_POLICY_INTERNAL_GENERIC_VERSION_H_

#include "absl/strings/string_view.h"

namespace interdict {
namespace policy_internal {

// Returns <0, 0 or >0 as `a` sorts before, equal to or after `b`.
int CompareGenericVersions(absl::string_view a, absl::string_view b);

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_GENERIC_VERSION_H_
