// File: policy/internal/identifier.h
// -----------------------------------------------------------------------------
//
// The artifact identifiers that selectors can name (interdict.v1.IdentifierMatch):
// their validation and normal forms, shared by the compiler (rule values) and the
// evaluate path (artifact values), so both sides compare equal forms. Nothing here
// allocates; normal forms are written into a caller's buffer.
//
// Normal forms:
//   - SHA-256 (64 hex digits), SHA-1 (40), certificate thumbprint (40 or 64; ':' and
//     ' ' between digits are dropped): lowercase hex.
//   - Apple Team ID: ten characters A-Z 0-9, uppercased.
//   - Signing ID: "TEAMID:bundle.id" (Santa's form; "platform:" for Apple's own
//     binaries), the team part uppercased, the bundle part as written.
//   - Bundle ID (and its prefixes): letters, digits, '.', '-' and '_', lowercased
//     (Launch Services compares bundle identifiers case-insensitively).
//   - MSI product and upgrade codes: a GUID (hex digits grouped 8-4-4-4-12), with
//     or without braces, as "{2A2A0D8B-7C4E-4A1D-9F4A-0D1E2F3A4B5C}": braced, uppercase.
//   - Install paths (and their prefixes and globs): '\' as '/', runs of '/' as one,
//     ASCII lowercased (Windows and macOS paths are case-insensitive).
//
// Example:
//
//   char out[kMaxIdentifierBytes];
//   size_t length = 0;
//   const char* problem = NormalizeIdentifier(IdentifierKind::kMsiProductCode,
//       "2a2a0d8b-7c4e-4a1d-9f4a-0d1e2f3a4b5c", out, &length);
//   // problem == nullptr; out holds "{2A2A0D8B-7C4E-4A1D-9F4A-0D1E2F3A4B5C}"
//
// Thread safety: pure functions.

#ifndef INTERDICT_POLICY_INTERNAL_IDENTIFIER_H_
#define INTERDICT_POLICY_INTERNAL_IDENTIFIER_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace interdict {
namespace policy_internal {

// The artifact fields identifier selectors read (identifier_kinds.h has the table).
// The values are the first byte of an index key. The last two are compared by
// their own rules, not through NormalizeIdentifier: the signer's names like vendor
// names, the CPE by CPE name matching (cpe.h).
enum class IdentifierKind : uint8_t {
  kSha256 = 1,
  kSha1,
  kCertificateThumbprint,
  kTeamId,
  kSigningId,
  kMsiProductCode,
  kMsiUpgradeCode,
  kBundleId,
  kInstallPath,
  kSignerSubject,
  kCpe,
};

// Longest identifier accepted, in bytes (install paths are the long ones).
inline constexpr size_t kMaxIdentifierBytes = 1024;

// Normalises `value` of `kind` into `out` (capacity kMaxIdentifierBytes), setting
// `*length`. Returns nullptr, or a static description of what is wrong ("expected
// 64 hex digits").
const char* NormalizeIdentifier(IdentifierKind kind, absl::string_view value, char* out,
                                size_t* length);

// Calls `visit(name)` with the organisation names in a signer subject: the CN and O
// values when it is a distinguished name ("CN=AO Kaspersky Lab, O=AO Kaspersky Lab,
// C=RU"; values may hold commas, quoted or backslash-escaped or not), otherwise the
// whole subject (a display name). Escapes are left in the names (they normalise
// away as punctuation). An Apple code-signing name ("Developer ID Application: AO
// Kaspersky Lab (2Y8XE5CQ94)", as macOS and osquery report the signing authority)
// gives the organisation between the certificate kind and the Team ID.
template <typename Visit>
void ForEachSignerName(absl::string_view subject, Visit&& visit);

// An install-path glob (normalised like a path) as an RE2 pattern over normalised
// paths: `*` matches within one path segment, `**` across segments, `?` one
// character other than '/'. Writes to `*key_segment` the glob's longest segment
// without wildcards (every matching path has a segment equal to it), or "" when
// every segment has one, and to `*literal_segments` the PathSegmentBits of all its
// segments without wildcards. Returns nullptr or a problem.
const char* InstallPathGlobToRegex(absl::string_view normalized_glob, std::string* regex,
                                   std::string* key_segment, uint64_t* literal_segments);

// A 64-bit signature of a normalised path's '/'-separated segments: one bit, picked
// by a hash of the segment, per segment. A glob can match a path only when the path's
// signature has every bit of the glob's literal segments, so a glob whose key segment
// is in the path but another literal segment is not is skipped without running it.
uint64_t PathSegmentBits(absl::string_view path);

namespace identifier_internal {
// The organisation of an Apple code-signing certificate name, "KIND: NAME (TEAMID)"
// with a ten-character Team ID of capitals and digits; `name` itself otherwise.
absl::string_view AppleSigningOrganisation(absl::string_view name);
// Where the attribute starting at or after `from` begins, if `subject[from..]` is
// optional spaces, an attribute type ([A-Za-z0-9.]+) and '='; npos otherwise.
size_t AttributeAt(absl::string_view subject, size_t from);
// The end of the value starting at `from`: the next ',' (outside quotes and escapes)
// that is followed by an attribute, or the end.
size_t ValueEnd(absl::string_view subject, size_t from);
}  // namespace identifier_internal

template <typename Visit>
void ForEachSignerName(absl::string_view subject, Visit&& visit) {
  using identifier_internal::AttributeAt;
  using identifier_internal::ValueEnd;
  using identifier_internal::AppleSigningOrganisation;
  if (AttributeAt(subject, 0) == absl::string_view::npos) {
    visit(AppleSigningOrganisation(subject));
    return;
  }
  size_t at = 0;
  while (at < subject.size()) {
    const size_t type_start = AttributeAt(subject, at);
    if (type_start == absl::string_view::npos) return;
    const size_t equals = subject.find('=', type_start);
    const absl::string_view type = subject.substr(type_start, equals - type_start);
    const size_t end = ValueEnd(subject, equals + 1);
    if (type == "CN" || type == "cn" || type == "O" || type == "o") {
      visit(AppleSigningOrganisation(subject.substr(equals + 1, end - equals - 1)));
    }
    at = end + 1;
  }
}

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_IDENTIFIER_H_
