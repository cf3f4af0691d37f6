// File: policy/internal/utf8.h
// -----------------------------------------------------------------------------
//
// UTF-8 well-formedness (RFC 3629: no overlong forms, no surrogates, nothing past
// U+10FFFF), for the two places text crosses a trust boundary: policy strings, which
// the compiler refuses when malformed (the proto's string fields must be UTF-8), and
// artifact text echoed into decisions, which is made reportable: malformed bytes
// replaced by U+FFFD and the length bounded.
//
// Example:
//
//   size_t bad = FirstInvalidUtf8(text);   // absl::string_view::npos when well-formed
//   std::string shown = ReportableText(artifact.install_path, 256);
//
// Thread safety: pure functions.

#ifndef INTERDICT_POLICY_INTERNAL_UTF8_H_
#define INTERDICT_POLICY_INTERNAL_UTF8_H_

#include <cstddef>
#include <string>

#include "absl/strings/string_view.h"

namespace interdict {
namespace policy_internal {

// The offset of the first byte of `text` that does not begin a well-formed UTF-8
// character, or absl::string_view::npos when all of it is well-formed.
size_t FirstInvalidUtf8(absl::string_view text);

// `text` as a report may show it: each byte that does not begin a well-formed character
// replaced by U+FFFD, and, when longer than `max_bytes`, cut at a character boundary
// at or before `max_bytes` with "... (N bytes)" appended, N the original length.
// Well-formed text within the bound comes back unchanged.
std::string ReportableText(absl::string_view text, size_t max_bytes);

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_UTF8_H_
