// File: policy/internal/debian_version.h
// -----------------------------------------------------------------------------
//
// Debian package versions (deb-version(7), as dpkg orders them), without
// allocating: `[epoch:]upstream_version[-debian_revision]`.
//
// - epoch: decimal digits, at most 2147483647 (dpkg's limit); absent means 0.
// - upstream_version: starts with a digit; letters, digits and `.+~-:` (a `-` only
//   when there is a revision, a `:` only when there is an epoch).
// - debian_revision: after the last `-`; letters, digits and `.+~`; absent means
//   "0" ("1.0" == "1.0-0").
// Upstream and revision compare by alternating runs: a non-digit run compared byte
// by byte where `~` sorts before everything (even the end of the run), then the end,
// then letters, then other bytes; then a digit run compared as a number.
// dpkg only warns about some of these malformations (a version not starting with a
// digit, an invalid character); Interdict rejects them all.
//
// Example:
//
//   DebianVersionProblem("1:2.30-1ubuntu1") == nullptr            // valid
//   DebianVersionProblem("a:1.0")  // "epoch is not a number"
//   CompareDebianVersions("1.0~rc1", "1.0") < 0
//   CompareDebianVersions("1:0.9", "2.0") > 0                     // epoch first
//
// Thread safety: pure functions.

#ifndef INTERDICT_POLICY_INTERNAL_DEBIAN_VERSION_H_
#define INTERDICT_POLICY_INTERNAL_DEBIAN_VERSION_H_

#include "absl/strings/string_view.h"

namespace interdict {
namespace policy_internal {

// nullptr when `version` is a valid Debian version; otherwise a static description
// of its first problem, e.g. "revision is empty".
const char* DebianVersionProblem(absl::string_view version);

// <0, 0 or >0 as `a` sorts before, equal to or after `b`. Both must be valid
// (DebianVersionProblem == nullptr).
int CompareDebianVersions(absl::string_view a, absl::string_view b);

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_DEBIAN_VERSION_H_
