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
  for (size_t i = 0; i < name.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(name[i]);
    // The two non-ASCII letters whose case folding is ASCII: KELVIN SIGN (U+212A) folds
    // to 'k' and LATIN SMALL LETTER LONG S (U+017F) to 's'.
    if (c == 0xe2 && name.substr(i, 3) == "\xe2\x84\xaa") {
      c = 'k';
      i += 2;
    } else if (c == 0xc5 && name.substr(i, 2) == "\xc5\xbf") {
      c = 's';
      i += 1;
    }
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

size_t NormalizePrefix(absl::string_view name, char* out, size_t max_bytes) {
  size_t length = 0;
  if (max_bytes == 0) return 0;
  Normalize(name, [&](char c) {
    out[length++] = c;
    return length < max_bytes;
  });
  return length;
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
