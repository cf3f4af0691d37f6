// File: policy/internal/debian_version.h
// -----------------------------------------------------------------------------
//
// Debian package versions (deb-version(7)), read and ordered as dpkg reads and orders
// them (lib/dpkg/parsehelp.c parseversion, lib/dpkg/version.c verrevcmp), without
// allocating: `[epoch:]upstream_version[-debian_revision]`.
//
// What dpkg refuses is invalid: an empty version, a space or tab inside it (blanks
// around it are trimmed), an epoch (before the first `:`) that is not a number, is
// negative or above 2147483647 (read as strtol reads it: leading whitespace and a sign
// allowed, so "+1:" is epoch 1), nothing after the epoch's colon, an empty revision
// (after the last `-`) or an empty upstream version; and a NUL byte, which dpkg's C
// strings cannot hold. What dpkg accepts with a warning is valid, and ordered as dpkg
// orders it: an upstream version that does not start with a digit ("a1.0"), and any
// byte but those above outside letters, digits and `.+~-:` in the upstream version or
// `.+~` in the revision ("1.0_1", "1.0\xc3\xa9"). An installed-package database holds
// such versions (dpkg reads its status file leniently); DebianVersionWarning says
// which warning dpkg gives.
//
// Order: epoch as a number (absent: 0), then upstream version, then revision (absent:
// "0", so "1.0" == "1.0-0"), each by alternating runs: a non-digit run compared byte
// by byte by dpkg's order() -- `~` before everything, even the end of the run; then
// the end; then ASCII letters; then every other byte at its value plus 256 -- then a
// digit run compared as a number. dpkg adds 256 to a `char`, which is signed on amd64
// and i386: bytes 0x80-0xff weigh 128-255, after letters and before ASCII punctuation
// ("1.0z" < "1.0\xc3\xa9" < "1.0+"). This file follows amd64; dpkg on architectures
// whose `char` is unsigned (arm64, armhf, ppc64el, s390x) puts those bytes after ASCII
// punctuation instead.
//
// Example:
//
//   DebianVersionProblem("1:2.30-1ubuntu1") == nullptr            // valid
//   DebianVersionProblem("a:1.0")  // "epoch is not a number"
//   DebianVersionWarning("1.0_1")  // "invalid character in version number"
//   CompareDebianVersions("1.0~rc1", "1.0") < 0
//   CompareDebianVersions("1:0.9", "2.0") > 0                     // epoch first
//
// Thread safety: pure functions.

#ifndef INTERDICT_POLICY_INTERNAL_DEBIAN_VERSION_H_
#define INTERDICT_POLICY_INTERNAL_DEBIAN_VERSION_H_

#include "absl/strings/string_view.h"

namespace interdict {
namespace policy_internal {

// nullptr when dpkg accepts `version` (perhaps with a warning); otherwise a static
// description of its first error, e.g. "revision is empty".
const char* DebianVersionProblem(absl::string_view version);

// dpkg's warning about a valid `version` (static text, dpkg's words: "version number
// does not start with digit", "invalid character in version number", "invalid
// character in revision number"); nullptr when dpkg has none or `version` is invalid.
const char* DebianVersionWarning(absl::string_view version);

// <0, 0 or >0 as `a` sorts before, equal to or after `b`. Both must be valid
// (DebianVersionProblem == nullptr).
int CompareDebianVersions(absl::string_view a, absl::string_view b);

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_DEBIAN_VERSION_H_
