// A cheap first test on the leading bytes of normalised names.
#include "policy/internal/name_gate.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "absl/base/config.h"
#include "policy/internal/name_normalizer.h"

namespace interdict {
namespace policy_internal {

uint64_t NameGate::Key(const char* bytes, size_t length) {
  uint64_t key = static_cast<uint64_t>(length) << 32;
  for (size_t i = 0; i < length; ++i) {
    key |= static_cast<uint64_t>(static_cast<unsigned char>(bytes[i])) << (8 * i);
  }
  return key;
}

void NameGate::Builder::Add(absl::string_view normalized_key) {
  if (normalized_key.empty()) {
    open_ = true;
    return;
  }
  const size_t length = normalized_key.size() < kGateBytes ? normalized_key.size() : kGateBytes;
  keys_.push_back(Key(normalized_key.data(), length));
  lengths_ |= 1u << length;
}

NameGate NameGate::Builder::Build() && {
  NameGate gate;
  gate.lengths_ = lengths_;
  gate.open_ = open_;
  if (keys_.empty()) return gate;
  std::sort(keys_.begin(), keys_.end());
  keys_.erase(std::unique(keys_.begin(), keys_.end()), keys_.end());
  // About 16 bits per distinct key: a name that begins no key finds its bit clear
  // with probability ~15/16. At least one 64-bit word.
  uint32_t log2_bits = 6;
  while (log2_bits < 24 && (size_t{1} << log2_bits) < 16 * keys_.size()) ++log2_bits;
  gate.shift_ = 64 - log2_bits;
  gate.bits_.assign((size_t{1} << log2_bits) / 64, 0);
  for (uint64_t key : keys_) {
    const size_t bit = gate.Bit(key);
    gate.bits_[bit / 64] |= uint64_t{1} << (bit % 64);
  }
  return gate;
}

size_t NameGate::Bit(uint64_t key) const {
  // Fibonacci hashing: the top bits of the product mix every byte of the key.
  return static_cast<size_t>((key * 0x9e3779b97f4a7c15u) >> shift_);
}

bool NameGate::MayMatch(absl::string_view raw_name) const {
  if (open_) return true;
  if (bits_.empty()) return false;
  char head[kGateBytes];
  const size_t produced = NormalizePrefix(raw_name, head, kGateBytes);
  return MayMatchNormalized(absl::string_view(head, produced));
}

bool NameGate::MayMatchNormalized(absl::string_view head) const {
  if (open_) return true;
  const size_t produced = head.size() < kGateBytes ? head.size() : kGateBytes;
  // The head's bytes, little-endian; Key(head, length) is its low `length` bytes
  // tagged with the length. Only the key lengths present are tried.
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
  while (lengths != 0) {
    const uint32_t length = static_cast<uint32_t>(__builtin_ctz(lengths));
    lengths &= lengths - 1;
    const uint64_t low = bytes & ((uint64_t{1} << (8 * length)) - 1);  // length <= kGateBytes

    const size_t bit = Bit(low | (static_cast<uint64_t>(length) << 32));
    if ((bits_[bit / 64] >> (bit % 64)) & 1) return true;
  }
  return false;
}

}  // namespace policy_internal
}  // namespace interdict
