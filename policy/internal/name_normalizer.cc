// Allocation-free name normalisation for vendor and product matching.
#include "policy/internal/name_normalizer.h"

#include <cstdint>
#include <cstring>

#include "absl/base/config.h"
#include "absl/base/optimization.h"

namespace interdict {
namespace policy_internal {
namespace {

constexpr const NormalizedByteTable& kByteMap = kNormalizedByte;

// Simple (one-to-one) lowercase of the code points whose UTF-8 form is two bytes
// (U+0080..U+07FF: Latin-1, Latin Extended-A, Greek, Cyrillic, Armenian), following
// Unicode's simple case folding; anything else is returned unchanged. Every result
// is again two bytes long in UTF-8.
char32_t FoldTwoByte(char32_t cp) {
  if (cp == 0xb5) return 0x3bc;                                        // MICRO SIGN -> mu
  if (cp >= 0xc0 && cp <= 0xde && cp != 0xd7) return cp + 0x20;         // Latin-1 capitals
  if (cp == 0x178) return 0xff;                                        // Y WITH DIAERESIS
  if ((cp >= 0x100 && cp <= 0x12f) || (cp >= 0x132 && cp <= 0x137) || (cp >= 0x14a && cp <= 0x177)) {
    return cp | 1;                                                     // even capital, odd small
  }
  if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17e)) {
    return (cp & 1) != 0 ? cp + 1 : cp;                                // odd capital, even small
  }
  if (cp == 0x3c2) return 0x3c3;                                       // final sigma
  if (cp >= 0x391 && cp <= 0x3ab && cp != 0x3a2) return cp + 0x20;     // Greek capitals
  if (cp >= 0x400 && cp <= 0x40f) return cp + 0x50;                    // Cyrillic Ѐ..Џ
  if (cp >= 0x410 && cp <= 0x42f) return cp + 0x20;                    // Cyrillic А..Я
  if ((cp >= 0x460 && cp <= 0x481) || (cp >= 0x48a && cp <= 0x4bf) || (cp >= 0x4d0 && cp <= 0x52f)) {
    return cp | 1;
  }
  if (cp == 0x4c0) return 0x4cf;
  if (cp >= 0x4c1 && cp <= 0x4ce) return (cp & 1) != 0 ? cp + 1 : cp;
  if (cp >= 0x531 && cp <= 0x556) return cp + 0x30;                    // Armenian capitals
  return cp;
}

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
    // to 'k' and LATIN SMALL LETTER LONG S (U+017F) to 's'. Other two-byte letters fold
    // to their lowercase (FoldTwoByte), fullwidth Latin capitals to fullwidth small.
    char second = 0;
    char third = 0;
    if (ABSL_PREDICT_FALSE(c >= 0x80)) {
      const unsigned char c1 = i + 1 < size ? static_cast<unsigned char>(name[i + 1]) : 0;
      const unsigned char c2 = i + 2 < size ? static_cast<unsigned char>(name[i + 2]) : 0;
      // Non-ASCII punctuation and spaces separate like ASCII ones: U+0080..U+00BF
      // (no-break space, guillemets, ©, ®; not the letters ª, µ, º), × and ÷, and the
      // General Punctuation block U+2000..U+207F (dashes, curly quotes, thin spaces).
      const bool latin1_symbol = c == 0xc2 && (c1 & 0xc0) == 0x80 && c1 != 0xaa && c1 != 0xb5 && c1 != 0xba;
      const bool times_or_divide = c == 0xc3 && (c1 == 0x97 || c1 == 0xb7);
      const bool general_punctuation = c == 0xe2 && (c1 == 0x80 || c1 == 0x81) && (c2 & 0xc0) == 0x80;
      if (latin1_symbol || times_or_divide || general_punctuation) {
        i += general_punctuation ? 2 : 1;
        pending_space = wrote_any;
        continue;
      }
      if (c == 0xe2 && c1 == 0x84 && c2 == 0xaa) {
        c = 'k';
        i += 2;
      } else if (c == 0xc5 && c1 == 0xbf) {
        c = 's';
        i += 1;
      } else if (c >= 0xc2 && c <= 0xdf && (c1 & 0xc0) == 0x80) {
        const char32_t folded = FoldTwoByte(((c & 0x1fu) << 6) | (c1 & 0x3fu));
        c = static_cast<unsigned char>(0xc0 | (folded >> 6));
        second = static_cast<char>(0x80 | (folded & 0x3f));
        i += 1;
      } else if (c == 0xef && c1 == 0xbc && c2 >= 0xa1 && c2 <= 0xba) {
        // FULLWIDTH LATIN CAPITAL LETTER A..Z (U+FF21..U+FF3A) -> U+FF41..U+FF5A.
        second = static_cast<char>(0xbd);
        third = static_cast<char>(c2 - 0x20);
        i += 2;
      }
    }
    if (pending_space) {
      if (!emit(' ')) return;
      pending_space = false;
    }
    if (!emit(static_cast<char>(c))) return;
    if (second != 0 && !emit(second)) return;
    if (third != 0 && !emit(third)) return;
    wrote_any = true;
  }
}

// The high bit of the first and of the last byte in memory of a 64-bit word.
#if defined(ABSL_IS_LITTLE_ENDIAN)
constexpr uint64_t kFirstByte = 0x80u;
constexpr uint64_t kLastByte = uint64_t{0x80} << 56;
#else
constexpr uint64_t kFirstByte = uint64_t{0x80} << 56;
constexpr uint64_t kLastByte = 0x80u;
#endif

// NormalizeName of an all-ASCII name that fits the buffer, the common case. A space
// is written at the first separator of a run (none at the start of the name) and
// dropped again at the end. Eight bytes at a time while they are ASCII letters, digits
// and single spaces that do not follow a separator (most words of most names): they
// are their own normal form once lower-cased. Otherwise one table lookup per byte.
// False (the buffer left in an unspecified state) at the first non-ASCII byte, for the
// general path to start over.
bool NormalizeAscii(absl::string_view name, NameBuffer* buffer, size_t* length) {
  constexpr uint64_t kOnes = 0x0101010101010101u;
  constexpr uint64_t kHigh = 0x8080808080808080u;
  constexpr uint64_t kLow = 0x7f7f7f7f7f7f7f7fu;
  // The high bit of each byte: whether that byte of x (ASCII) lies in [lo, hi]; is zero.
  const auto in_range = [](uint64_t x, uint64_t lo, uint64_t hi) {
    return (x + (0x80 - lo) * kOnes) & ~(x + (0x7f - hi) * kOnes) & kHigh;
  };
  const auto is_zero = [](uint64_t x) { return ~(((x & kLow) + kLow) | x | kLow); };
  const char* in = name.data();
  const char* const end = in + name.size();
  char* out = buffer->bytes;
  bool after_separator = true;  // Nothing written yet: leading separators are dropped.
  while (true) {
    if (end - in >= 8) {
      uint64_t raw;
      std::memcpy(&raw, in, sizeof(raw));
      if ((raw & kHigh) != 0) return false;
      const uint64_t folded = raw | 0x2020202020202020u;  // Lower-cases letters only.
      const uint64_t spaces = is_zero(raw ^ 0x2020202020202020u);
      const bool simple =
          (in_range(folded, 'a', 'z') | in_range(raw, '0', '9') | spaces) == kHigh &&
          (spaces & (spaces << 8)) == 0 && !(after_separator && (spaces & kFirstByte) != 0);
      if (simple) {
        std::memcpy(out, &folded, sizeof(folded));
        out += 8;
        in += 8;
        after_separator = (spaces & kLastByte) != 0;
        continue;
      }
    } else if (in == end) {
      break;
    }
    // One byte, or the eight that were not simple.
    const char* const stop = end - in >= 8 ? in + 8 : end;
    for (; in < stop; ++in) {
      const unsigned char raw = static_cast<unsigned char>(*in);
      if (ABSL_PREDICT_FALSE(raw >= 0x80)) return false;
      const unsigned char c = kByteMap.to[raw];
      if (c == 0) {
        if (!after_separator) *out++ = ' ';
        after_separator = true;
      } else {
        *out++ = static_cast<char>(c);
        after_separator = false;
      }
    }
  }
  if (out > buffer->bytes && out[-1] == ' ') --out;  // A trailing separator run.
  *length = static_cast<size_t>(out - buffer->bytes);
  return true;
}

}  // namespace

absl::optional<absl::string_view> NormalizeName(absl::string_view name, NameBuffer* buffer) {
  size_t length = 0;
  if (name.size() <= kMaxNormalizedNameBytes && NormalizeAscii(name, buffer, &length)) {
    return absl::string_view(buffer->bytes, length);
  }
  length = 0;
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
  if (max_bytes == 0) return 0;
  // Fastest path, the common case: the first max_bytes bytes are ASCII letters or
  // digits, each becoming one byte.
  if (name.size() >= max_bytes) {
    size_t i = 0;
    for (; i < max_bytes; ++i) {
      const unsigned char c = kByteMap.to[static_cast<unsigned char>(name[i])];
      if (c == 0 || c >= 0x80) break;
      out[i] = static_cast<char>(c);
    }
    if (i == max_bytes) return max_bytes;
  }
  // Then ASCII with separators, each byte one output byte or part of a separator
  // run. The first non-ASCII byte hands over to the general loop.
  size_t length = 0;
  bool pending_space = false;
  for (size_t i = 0; i < name.size(); ++i) {
    const unsigned char raw = static_cast<unsigned char>(name[i]);
    if (ABSL_PREDICT_FALSE(raw >= 0x80)) {
      length = 0;
      Normalize(name, [&](char c) {
        out[length++] = c;
        return length < max_bytes;
      });
      return length;
    }
    const unsigned char c = kByteMap.to[raw];
    if (c == 0) {
      pending_space = length > 0;
      continue;
    }
    if (pending_space) {
      out[length++] = ' ';
      pending_space = false;
      if (length == max_bytes) return length;
    }
    out[length++] = static_cast<char>(c);
    if (length == max_bytes) return length;
  }
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
