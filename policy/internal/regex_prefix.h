// File: policy/internal/regex_prefix.h
// -----------------------------------------------------------------------------
//
// Finds the literal text every match of a product regex must begin with, so that
// the index can skip the regex for names that do not begin with it (most names):
// "Kaspersky (Free|Anti-Virus).*" -> "kaspersky " -> normalised "kaspersky".
//
// Only a conservative prefix is returned: ASCII literals up to the first
// metacharacter, escape class, flag group or non-ASCII byte; none at all when the
// pattern has a top-level alternation. The result is normalised like names
// (name_normalizer.h), which folds the two non-ASCII letters that case-fold to
// ASCII (KELVIN SIGN, LONG S) as RE2's case-insensitive matching does, so every
// name the regex matches has a normalised form beginning with the prefix.
//
// Example:
//
//   NormalizedLiteralPrefix("Kaspersky (Free|Anti-Virus).*") == "kaspersky"
//   NormalizedLiteralPrefix("(?i)kaspersky.*") == ""   // flags: no prefix
//   SplitLiteralHead("Kaspersky (Free|Pro)") == {"Kaspersky ", "(Free|Pro)"}
//
// Thread safety: pure function.

#ifndef INTERDICT_POLICY_INTERNAL_REGEX_PREFIX_H_
#define INTERDICT_POLICY_INTERNAL_REGEX_PREFIX_H_

#include <string>

#include "absl/strings/string_view.h"

namespace interdict {
namespace policy_internal {

// The normalised literal prefix of `pattern`, possibly empty.
std::string NormalizedLiteralPrefix(absl::string_view pattern);

// A pattern cut after its literal head: every full match of `pattern` is `literal`
// (under case folding) followed by a full match of `rest`, provided `rest` does not
// look behind it (see product_regex.h). A character under `+` stays in `rest`.
struct LiteralHead {
  std::string literal;     // Decoded ("Dr\\.Web" gives "Dr.Web"); ASCII; may be empty.
  absl::string_view rest;  // Into the pattern; the whole pattern when `literal` is empty.
};
LiteralHead SplitLiteralHead(absl::string_view pattern);

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_REGEX_PREFIX_H_
