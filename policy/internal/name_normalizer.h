// File: policy/internal/name_normalizer.h
// -----------------------------------------------------------------------------
//
// Normalises vendor and product names for exact and prefix matching, without
// allocating: the result is written into a caller-provided fixed buffer.
//
// Normalisation: letters are case-folded — ASCII, the two non-ASCII letters whose
// case folding is ASCII (KELVIN SIGN -> 'k', LONG S -> 's', as RE2's
// case-insensitive matching folds them), Unicode's simple case folding of the
// two-byte UTF-8 range (Latin-1, Latin Extended-A, Greek, Cyrillic, Armenian:
// "КАСПЕРСКИЙ" -> "касперский", "ÜBER" -> "über") and fullwidth Latin capitals;
// every run of separators — ASCII characters other than letters and digits, and the
// non-ASCII spaces and punctuation of U+0080..U+00BF (except the letters ª µ º), × ÷
// and U+2000..U+207F (dashes, curly quotes) — becomes one space; leading and
// trailing spaces are dropped.
// "  AO Kaspersky-Lab, " -> "ao kaspersky lab". Not done: full case folding that
// changes length ("ß" stays "ß"), scripts beyond those above, and Unicode
// normalisation forms (a decomposed "é" differs from a composed one).
//
// Example:
//
//   interdict::policy_internal::NameBuffer buffer;
//   absl::optional<absl::string_view> key = NormalizeName("AO Kaspersky Lab", &buffer);
//   // *key == "ao kaspersky lab"; it points into `buffer`.
//
// Thread safety: the functions are pure; a NameBuffer belongs to one caller.

#ifndef INTERDICT_POLICY_INTERNAL_NAME_NORMALIZER_H_
#define INTERDICT_POLICY_INTERNAL_NAME_NORMALIZER_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "absl/base/config.h"
#include "absl/strings/ascii.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"

namespace interdict {
namespace policy_internal {

// Longest normalised name, in bytes. Longer names cannot match any key: the compiler
// rejects longer patterns, so an artifact name longer than this normalises to nullopt.
inline constexpr size_t kMaxNormalizedNameBytes = 1024;

// Never part of a normalised name (every ASCII separator normalises to a space, or to
// nothing): placed after one, it marks where the name ends, so that an exact name is
// stored as a prefix that includes the end (name_index.h).
inline constexpr char kNameEnd = '\0';

struct NameBuffer {
  // One byte more than the longest normalised name: room for kNameEnd after it.
  char bytes[kMaxNormalizedNameBytes + 1];
};

// Normalises `name` into `buffer`. Returns nullopt when the normalised form would be
// longer than kMaxNormalizedNameBytes.
absl::optional<absl::string_view> NormalizeName(absl::string_view name, NameBuffer* buffer);

// Writes the first (at most) `max_bytes` bytes of the normalised form of `name` to `out`
// and returns how many it wrote. Reads only as much of `name` as that needs.
size_t NormalizePrefix(absl::string_view name, char* out, size_t max_bytes);

// What normalisation makes of each byte on its own: 0 for an ASCII separator, ASCII
// letters lower-cased, digits and bytes >= 0x80 unchanged (non-ASCII characters are
// read further by NormalizeName).
struct NormalizedByteTable {
  unsigned char to[256];
  constexpr NormalizedByteTable() : to() {
    for (int c = 0; c < 256; ++c) {
      if (c >= 'A' && c <= 'Z') {
        to[c] = static_cast<unsigned char>(c - 'A' + 'a');
      } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80) {
        to[c] = static_cast<unsigned char>(c);
      }
    }
  }
};
inline constexpr NormalizedByteTable kNormalizedByte;

// NormalizePrefix(name, out, 4), the common cases inline: when the name's first four
// bytes are ASCII letters or digits, or such words with single spaces between them
// ("HP Inc", "SAP SE", "IBM Corp"), they are its normalised head, read and lower-cased
// as one 32-bit word.
inline size_t NormalizeHead(absl::string_view name, char out[4]) {
  if (name.size() >= 4) {
    uint32_t raw;
    std::memcpy(&raw, name.data(), sizeof(raw));
    // Setting bit 5 lower-cases ASCII letters and leaves digits and spaces as they
    // are; the high bit of each byte of InRange(x, lo, hi) says whether that byte of
    // x (ASCII, so no carry crosses bytes) lies in [lo, hi].
    const uint32_t folded = raw | 0x20202020u;
    constexpr uint32_t kOnes = 0x01010101u;
    constexpr uint32_t kHigh = 0x80808080u;
    const auto in_range = [](uint32_t x, uint32_t lo, uint32_t hi) {
      return (x + (0x80 - lo) * kOnes) & ~(x + (0x7f - hi) * kOnes) & kHigh;
    };
    // Or words with single spaces between them: a space is kept only between a word
    // and the next (not first, not doubled, and when last, only before a letter or
    // digit). Tested only when the head is not one word, which costs that case nothing.
    const auto spaced_words = [name, raw, in_range](uint32_t word) {
      const uint32_t space = in_range(raw, ' ', ' ');
      // Byte i of the word is byte i of the name (little-endian) or, big-endian, byte
      // 3 - i: `first` and `last` are the bits of the name's bytes 0 and 3.
#if defined(ABSL_IS_LITTLE_ENDIAN)
      constexpr uint32_t first = 0x80u, last = 0x80000000u;
#else
      constexpr uint32_t first = 0x80000000u, last = 0x80u;
#endif
      if ((word | space) != kHigh || (space & first) != 0 || (space & (space << 8)) != 0) return false;
      return (space & last) == 0 ||
             (name.size() > 4 && absl::ascii_isalnum(static_cast<unsigned char>(name[4])));
    };
    if ((raw & kHigh) == 0) {
      const uint32_t word = in_range(folded, 'a', 'z') | in_range(raw, '0', '9');
      if (word == kHigh || spaced_words(word)) {
        std::memcpy(out, &folded, sizeof(folded));
        return 4;
      }
    }
  }
  return NormalizePrefix(name, out, 4);
}

// Allocating form for compile time. Names too long give the first
// kMaxNormalizedNameBytes + 1 normalised bytes (so that they compare unequal to any key).
std::string NormalizeNameToString(absl::string_view name);

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_NAME_NORMALIZER_H_
