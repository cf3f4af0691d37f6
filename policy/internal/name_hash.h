// File: policy/internal/name_hash.h
// -----------------------------------------------------------------------------
//
// Hash and equality functors for the string maps that evaluation probes with names:
// normalised names (entity aliases, exact products) and, case-insensitively, vendor
// strings as written (entity spellings). They read eight bytes at a time, and the
// case-insensitive pair folds ASCII case inside the hash and the comparison, so a
// probe needs no lower-cased copy of the name. Both are transparent: maps keyed by
// std::string are probed with absl::string_view.
//
// The maps are built from the policy and only read while evaluating, so an inventory
// cannot fill them with colliding keys; the hashes are not seeded.
//
// Example:
//
//   absl::flat_hash_map<std::string, uint32_t, AsciiCaseFoldHash, AsciiCaseFoldEq> by_spelling;
//   by_spelling.emplace("ao kaspersky lab", 7);   // Keys stored lower-cased.
//   by_spelling.find("AO Kaspersky Lab");          // Found: 7.
//
// Thread safety: stateless functors.

#ifndef INTERDICT_POLICY_INTERNAL_NAME_HASH_H_
#define INTERDICT_POLICY_INTERNAL_NAME_HASH_H_

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "absl/base/config.h"
#include "absl/strings/string_view.h"

namespace interdict {
namespace policy_internal {
namespace name_hash_internal {

constexpr uint64_t kHigh = 0x8080808080808080u;
constexpr uint64_t kLow = 0x7f7f7f7f7f7f7f7fu;
constexpr uint64_t kOnes = 0x0101010101010101u;

// The bytes of `word` with ASCII capitals lower-cased (other bytes unchanged).
inline uint64_t FoldAsciiCase(uint64_t word) {
  const uint64_t ascii = word & kLow;
  const uint64_t capitals = (ascii + (0x80 - 'A') * kOnes) & ~(ascii + (0x7f - 'Z') * kOnes) & ~word & kHigh;
  return word | (capitals >> 2);
}

// The n bytes at `p` (sizeof(Word) <= n <= 2 * sizeof(Word)) as a little-endian word, from
// two overlapping loads of a Word: the bytes they share are equal, so OR is exact.
template <typename Word>
uint64_t LoadOverlapping(const char* p, size_t n) {
  Word first;
  Word last;
  std::memcpy(&first, p, sizeof(Word));
  std::memcpy(&last, p + n - sizeof(Word), sizeof(Word));
  return (static_cast<uint64_t>(last) << (8 * (n - sizeof(Word)))) | first;
}

// The n <= 8 bytes at `p` as a word, byte i at bits 8i..8i+7, zero-extended.
inline uint64_t LoadPartial(const char* p, size_t n) {
#if defined(ABSL_IS_LITTLE_ENDIAN)
  if (n >= 4) return LoadOverlapping<uint32_t>(p, n);
  if (n >= 2) return LoadOverlapping<uint16_t>(p, n);
  return n == 0 ? 0 : static_cast<unsigned char>(p[0]);
#else
  uint64_t word = 0;
  for (size_t i = 0; i < n; ++i) word |= static_cast<uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
  return word;
#endif
}

// Hashes `text` eight bytes at a time, each word passed through `fold` first.
template <typename Fold>
size_t HashWords(absl::string_view text, Fold fold) {
  constexpr uint64_t kMultiplier = 0x9e3779b97f4a7c15u;
  const char* p = text.data();
  size_t n = text.size();
  uint64_t h = n * kMultiplier;
  for (; n > 8; p += 8, n -= 8) {
    uint64_t word;
    std::memcpy(&word, p, sizeof(word));
    h = (h ^ fold(word)) * kMultiplier;
    h ^= h >> 32;
  }
  h = (h ^ fold(LoadPartial(p, n))) * kMultiplier;
  // Final avalanche (MurmurHash3's fmix64): every bit of h reaches the low bits the
  // table reads first.
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdu;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53u;
  h ^= h >> 33;
  return static_cast<size_t>(h);
}

}  // namespace name_hash_internal

using name_hash_internal::LoadPartial;

// Whether every byte of `text` is ASCII, eight at a time.
inline bool IsAscii(absl::string_view text) {
  const char* p = text.data();
  size_t n = text.size();
  uint64_t bits = 0;
  for (; n > 8; p += 8, n -= 8) {
    uint64_t word;
    std::memcpy(&word, p, sizeof(word));
    bits |= word;
  }
  return ((bits | LoadPartial(p, n)) & name_hash_internal::kHigh) == 0;
}

// For keys compared exactly (already normalised).
struct NameHash {
  using is_transparent = void;
  size_t operator()(absl::string_view text) const {
    return name_hash_internal::HashWords(text, [](uint64_t word) { return word; });
  }
};

// For keys compared without ASCII case; store them lower-cased.
struct AsciiCaseFoldHash {
  using is_transparent = void;
  size_t operator()(absl::string_view text) const {
    return name_hash_internal::HashWords(
        text, [](uint64_t word) { return name_hash_internal::FoldAsciiCase(word); });
  }
};

struct AsciiCaseFoldEq {
  using is_transparent = void;
  bool operator()(absl::string_view a, absl::string_view b) const {
    if (a.size() != b.size()) return false;
    size_t n = a.size();
    const char* p = a.data();
    const char* q = b.data();
    for (; n > 8; p += 8, q += 8, n -= 8) {
      uint64_t x;
      uint64_t y;
      std::memcpy(&x, p, sizeof(x));
      std::memcpy(&y, q, sizeof(y));
      // Most probes are spelled in the key's case: fold only words that differ.
      if (x != y && name_hash_internal::FoldAsciiCase(x) != name_hash_internal::FoldAsciiCase(y)) return false;
    }
    const uint64_t x = name_hash_internal::LoadPartial(p, n);
    const uint64_t y = name_hash_internal::LoadPartial(q, n);
    return x == y || name_hash_internal::FoldAsciiCase(x) == name_hash_internal::FoldAsciiCase(y);
  }
};

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_NAME_HASH_H_
