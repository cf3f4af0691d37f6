// File: policy/internal/version_text.h
// -----------------------------------------------------------------------------
//
// Byte classes and digit-string arithmetic shared by the version schemes
// (debian_version.h, rpm_version.h, semantic_version.h, windows_version.h):
// digit runs, the `[epoch:]body[-revision]` split, dot-separated parts.
// Numbers are compared as digit strings, so any length works without overflow.
//
// Example:
//
//   CompareDigitStrings("0010", "9") > 0
//
// Thread safety: pure functions.

#ifndef INTERDICT_POLICY_INTERNAL_VERSION_TEXT_H_
#define INTERDICT_POLICY_INTERNAL_VERSION_TEXT_H_

#include "absl/strings/string_view.h"

namespace interdict {
namespace policy_internal {

inline bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
inline bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool IsAsciiAlnum(char c) { return IsAsciiDigit(c) || IsAsciiLetter(c); }

// `[epoch:]body[-revision]`, the shape of Debian and RPM versions: the epoch is
// before the first ':', the revision (release) after the last '-'.
struct EpochedVersion {
  absl::string_view epoch;     // Empty when absent (which both schemes read as 0).
  absl::string_view body;
  absl::string_view revision;  // Empty when absent.
  bool has_epoch = false;
  bool has_revision = false;
};
EpochedVersion SplitEpochedVersion(absl::string_view version);

// Splits off the text before the next `separator` of *rest (all of it when none) and
// advances *rest past the separator.
absl::string_view SplitOffNext(absl::string_view* rest, char separator);

// Whether `text` is non-empty and all ASCII digits.
bool AllDigits(absl::string_view text);

// Compares two runs of digits as numbers (leading zeros ignored): <0, 0, >0.
int CompareDigitStrings(absl::string_view a, absl::string_view b);

// Whether the digits in `text` (leading zeros ignored) denote a number <= `max`,
// which is itself written as digits without leading zeros.
bool DigitsAtMost(absl::string_view text, absl::string_view max);

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_VERSION_TEXT_H_
