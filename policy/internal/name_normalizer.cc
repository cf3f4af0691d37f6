// Allocation-free name normalisation for vendor and product matching.
#include "policy/internal/name_normalizer.h"

#include "absl/base/optimization.h"

namespace interdict {
namespace policy_internal {
namespace {

// What each byte becomes: 0 for a separator, otherwise the byte to write (ASCII letters
// lower-cased; digits and bytes >= 0x80 as they are).
struct ByteMap {
  unsigned char to[256];
  constexpr ByteMap() : to() {
    for (int c = 0; c < 256; ++c) {
      const bool lower = c >= 'a' && c <= 'z';
      const bool digit = c >= '0' && c <= '9';
      if (c >= 'A' && c <= 'Z') {
        to[c] = static_cast<unsigned char>(c - 'A' + 'a');
      } else if (lower || digit || c >= 0x80) {
        to[c] = static_cast<unsigned char>(c);
      }
    }
  }
};
constexpr ByteMap kByteMap;

// Writes the normalised form of `name` through `emit`, which returns false to stop.
template <typename Emit>
void Normalize(absl::string_view name, Emit emit) {
  bool pending_space = false;
  bool wrote_any = false;
  const size_t size = name.size();
  for (size_t i = 0; i < size; ++i) {
    unsigned char c = kByteMap.to[static_cast<unsigned char>(name[i])];
    if (c == 0) {
      pending_space = wrote_any;
      continue;
    }
    // The two non-ASCII letters whose case folding is ASCII: KELVIN SIGN (U+212A) folds
    // to 'k' and LATIN SMALL LETTER LONG S (U+017F) to 's'.
    if (ABSL_PREDICT_FALSE(c == 0xe2 || c == 0xc5)) {
      if (c == 0xe2 && name.substr(i, 3) == "\xe2\x84\xaa") {
        c = 'k';
        i += 2;
      } else if (c == 0xc5 && name.substr(i, 2) == "\xc5\xbf") {
        c = 's';
        i += 1;
      }
    }
    if (pending_space) {
      if (!emit(' ')) return;
      pending_space = false;
    }
    if (!emit(static_cast<char>(c))) return;
    wrote_any = true;
  }
}

}  // namespace

absl::optional<absl::string_view> NormalizeName(absl::string_view name, NameBuffer* buffer) {
  size_t length = 0;
  if (name.size() <= kMaxNormalizedNameBytes) {
    // Normalising never lengthens a name, so the buffer cannot overflow.
    Normalize(name, [&](char c) {
      buffer->bytes[length++] = c;
      return true;
    });
    return absl::string_view(buffer->bytes, length);
  }
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
  // Fast path, the common case: the first max_bytes bytes are letters, digits or
  // ordinary UTF-8 bytes, each becoming one byte.
  if (name.size() >= max_bytes) {
    size_t i = 0;
    for (; i < max_bytes; ++i) {
      const unsigned char c = kByteMap.to[static_cast<unsigned char>(name[i])];
      if (c == 0 || c == 0xe2 || c == 0xc5) break;
      out[i] = static_cast<char>(c);
    }
    if (i == max_bytes) return max_bytes;
  }
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
