// A cheap first test on the leading bytes of normalised names.
#include "policy/internal/name_gate.h"

#include <utility>

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
  keys_.insert(Key(normalized_key.data(), length));
  lengths_ |= 1u << length;
}

NameGate NameGate::Builder::Build() && {
  NameGate gate;
  gate.keys_ = std::move(keys_);
  gate.lengths_ = lengths_;
  gate.open_ = open_;
  return gate;
}

bool NameGate::MayMatch(absl::string_view raw_name) const {
  if (open_) return true;
  if (keys_.empty()) return false;
  char head[kGateBytes];
  const size_t produced = NormalizePrefix(raw_name, head, kGateBytes);
  for (size_t length = 1; length <= produced; ++length) {
    if ((lengths_ & (1u << length)) != 0 && keys_.contains(Key(head, length))) return true;
  }
  return false;
}

}  // namespace policy_internal
}  // namespace interdict
