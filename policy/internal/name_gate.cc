// A cheap first test on the leading bytes of normalised names.
#include "policy/internal/name_gate.h"

#include <algorithm>
#include <cstring>
#include <utility>

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
  if (length != kGateBytes - 1) return;
  // A three-byte key is also filed under every four-byte head that begins with it, so
  // that a full head needs no probe of length 3. Normalised names hold only these
  // bytes: a space, ASCII lowercase letters and digits, and bytes >= 0x80.
  char head[kGateBytes];
  std::memcpy(head, normalized_key.data(), kGateBytes - 1);
  for (int byte = 0; byte < 256; ++byte) {
    const bool possible = byte == ' ' || (byte >= 'a' && byte <= 'z') ||
                          (byte >= '0' && byte <= '9') || byte >= 0x80;
    if (!possible) continue;
    head[kGateBytes - 1] = static_cast<char>(byte);
    keys_.push_back(Key(head, kGateBytes));
  }
}

NameGate NameGate::Builder::Build() && {
  NameGate gate;
  gate.lengths_ = lengths_;
  gate.open_ = open_;
  if (keys_.empty()) return gate;
  std::sort(keys_.begin(), keys_.end());
  keys_.erase(std::unique(keys_.begin(), keys_.end()), keys_.end());
  // About 16 bits per distinct key, two of them set per key in one 64-bit word: a
  // name that begins no key finds both set with probability ~1.5%. At least two words.
  uint32_t log2_bits = 7;
  while (log2_bits < 24 && (size_t{1} << log2_bits) < 16 * keys_.size()) ++log2_bits;
  gate.shift_ = 64 - (log2_bits - 6);
  gate.bits_.assign((size_t{1} << log2_bits) / 64, 0);
  for (uint64_t key : keys_) {
    size_t word = 0;
    const uint64_t mask = gate.Mask(key, &word);
    gate.bits_[word] |= mask;
  }
  return gate;
}

}  // namespace policy_internal
}  // namespace interdict
