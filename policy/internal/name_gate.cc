// A cheap first test on the leading bytes of normalised names.
#include "policy/internal/name_gate.h"

#include <algorithm>
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

}  // namespace policy_internal
}  // namespace interdict
