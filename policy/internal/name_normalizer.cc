// Allocation-free name normalisation for vendor and product matching.
#include "policy/internal/name_normalizer.h"

namespace interdict {
namespace policy_internal {
namespace {

// Writes the normalised form of `name` through `emit`, which returns false to stop.
template <typename Emit>
void Normalize(absl::string_view name, Emit emit) {
  bool pending_space = false;
  bool wrote_any = false;
  for (unsigned char c : name) {
    const bool is_upper = c >= 'A' && c <= 'Z';
    const bool is_kept = is_upper || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
    if (!is_kept) {
      pending_space = wrote_any;
      continue;
    }
    if (pending_space) {
      if (!emit(' ')) return;
      pending_space = false;
    }
    if (!emit(static_cast<char>(is_upper ? c - 'A' + 'a' : c))) return;
    wrote_any = true;
  }
}

}  // namespace

absl::optional<absl::string_view> NormalizeName(absl::string_view name, NameBuffer* buffer) {
  size_t length = 0;
  bool overflow = false;
  Normalize(name, [&](char c) {
    if (length == kMaxNormalizedNameBytes) {
      overflow = true;
      return false;
    }
    buffer->bytes[length++] = c;
    return true;
  });
  if (overflow) return absl::nullopt;
  return absl::string_view(buffer->bytes, length);
}

std::string NormalizeNameToString(absl::string_view name) {
  std::string out;
  Normalize(name, [&](char c) {
    out.push_back(c);
    return out.size() <= kMaxNormalizedNameBytes;
  });
  return out;
}

}  // namespace policy_internal
}  // namespace interdict
