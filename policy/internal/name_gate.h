// File: policy/internal/name_gate.h
// -----------------------------------------------------------------------------
//
// NameGate answers, cheaply, "could this name equal or begin with one of these
// normalised keys?" by normalising only the first kGateBytes bytes of the name
// and testing two bits, chosen by a hash of those bytes, in one word of a bitmap of
// the keys' first bytes (a blocked Bloom filter: about 16 bits per key, so it stays
// in cache; ~1.5% false "maybe"s). A "no" is certain; a "maybe" sends the caller to
// the exact lookup. Most inventory names (software
// nobody bans) are turned away after a few bytes, before the whole name is
// normalised and hashed.
//
// Example:
//
//   NameGate::Builder builder;
//   builder.Add("kaspersky lab");
//   builder.Add("tiktok");
//   NameGate gate = std::move(builder).Build();
//   gate.MayMatch("Microsoft Corporation");  // false: "micr" begins no key
//   gate.MayMatch("KASPERSKY LAB, JSC");     // true
//
// Thread safety: the Builder is thread-hostile; a built gate is immutable and
// safe to read from many threads.

#ifndef INTERDICT_POLICY_INTERNAL_NAME_GATE_H_
#define INTERDICT_POLICY_INTERNAL_NAME_GATE_H_

#include <cstddef>
#include <cstdint>
#include <cstring>

#include <vector>

#include "absl/base/attributes.h"
#include "absl/base/config.h"
#include "absl/strings/string_view.h"
#include "policy/internal/name_normalizer.h"

namespace interdict {
namespace policy_internal {

class NameGate {
 public:
  static constexpr size_t kGateBytes = 4;

  class Builder {
   public:
    // Adds a normalised key (an exact name or a prefix). An empty key opens the gate
    // for every name.
    void Add(absl::string_view normalized_key);
    NameGate Build() &&;

   private:
    std::vector<uint64_t> keys_;
    uint32_t lengths_ = 0;
    bool open_ = false;
  };

  // A gate that lets every name through.
  NameGate() = default;

  // False only if no normalised form of `raw_name` can equal or begin with a key.
  ABSL_ATTRIBUTE_ALWAYS_INLINE bool MayMatch(absl::string_view raw_name) const {
    if (open_) return true;
    char head[kGateBytes];
    const size_t produced = NormalizeHead(raw_name, head);
    return MayMatchNormalized(absl::string_view(head, produced));
  }

  // The same for a name already normalised: false only if no name beginning with
  // `head` can equal or begin with a key (only the first kGateBytes bytes are read).
  bool MayMatchNormalized(absl::string_view head) const {
    if (open_) return true;
    const size_t produced = head.size() < kGateBytes ? head.size() : kGateBytes;
    // Key(head, length) is the head's low `length` bytes, little-endian, tagged with
    // the length. Only the key lengths present are tried.
    uint64_t bytes = 0;
#if defined(ABSL_IS_LITTLE_ENDIAN)
    static_assert(kGateBytes == sizeof(uint32_t), "a full head is one 32-bit load");
    if (produced == kGateBytes) {
      uint32_t word;
      std::memcpy(&word, head.data(), sizeof(word));
      bytes = word;
    } else
#endif
    {
      for (size_t i = 0; i < produced; ++i) {
        bytes |= static_cast<uint64_t>(static_cast<unsigned char>(head[i])) << (8 * i);
      }
    }
    uint32_t lengths = lengths_ & ((2u << produced) - 1);
    if (produced == kGateBytes) {
      // One probe for the full head: three-byte keys are filed under their four-byte
      // heads too, so only one- and two-byte keys need probes of their own.
      if ((lengths & (3u << 3)) != 0 && Probe(bytes | (uint64_t{kGateBytes} << 32))) return true;
      lengths &= 3u << 1;
    }
    while (lengths != 0) {
      const uint32_t length = static_cast<uint32_t>(__builtin_ctz(lengths));
      lengths &= lengths - 1;
      const uint64_t low = bytes & ((uint64_t{1} << (8 * length)) - 1);  // length < kGateBytes
      if (Probe(low | (static_cast<uint64_t>(length) << 32))) return true;
    }
    return false;
  }

 private:
  // The first `length` bytes of a key, tagged with the length.
  static uint64_t Key(const char* bytes, size_t length);
  // Whether both bits of `key` are set.
  bool Probe(uint64_t key) const {
    size_t word = 0;
    const uint64_t mask = Mask(key, &word);
    return (bits_[word] & mask) == mask;
  }

  // The two bits of a key, in bits_[*word], from one multiplicative hash: its top bits
  // pick the word (at most 18 of them, bits 46..63: Build caps the bitmap at 2^24
  // bits); bits 26..31, which mix the key's four bytes, and bits 32..37, which also
  // mix its length, pick the bits.
  uint64_t Mask(uint64_t key, size_t* word) const {
    const uint64_t h = key * 0x9e3779b97f4a7c15u;
    *word = static_cast<size_t>(h >> shift_);
    return (uint64_t{1} << ((h >> 26) & 63)) | (uint64_t{1} << ((h >> 32) & 63));
  }

  std::vector<uint64_t> bits_;  // A power-of-two number of words; empty: no keys.
  uint32_t shift_ = 0;          // 64 - log2(number of words).
  uint32_t lengths_ = 0;        // Bit L set: some key has min(size, kGateBytes) == L.
                                // Only bits 1..kGateBytes.
  bool open_ = true;
};

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_NAME_GATE_H_
