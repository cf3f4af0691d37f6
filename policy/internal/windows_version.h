// File: policy/internal/windows_version.h
// -----------------------------------------------------------------------------
//
// Windows file and product versions: one to four dot-separated decimal parts,
// each 0..65535 (the 16-bit fields of VS_FIXEDFILEINFO; an MSI ProductVersion is
// the first three). Missing parts count as 0, so "10.0" == "10.0.0.0"; leading
// zeros are allowed ("10.0.019041" == "10.0.19041").
//
// Example:
//
//   WindowsVersionProblem("21.3.10.391") == nullptr
//   WindowsVersionProblem("1.2.3.4.5")   // "has more than four parts"
//   CompareWindowsVersions("21.3.10.391", "21.3.9") > 0
//
// Thread safety: pure functions.

#ifndef INTERDICT_POLICY_INTERNAL_WINDOWS_VERSION_H_
#define INTERDICT_POLICY_INTERNAL_WINDOWS_VERSION_H_

#include "absl/strings/string_view.h"

namespace interdict {
namespace policy_internal {

// nullptr when valid; otherwise a static description of the first problem.
const char* WindowsVersionProblem(absl::string_view version);

// <0, 0 or >0. Both must be valid.
int CompareWindowsVersions(absl::string_view a, absl::string_view b);

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_WINDOWS_VERSION_H_
