// UTF-8 well-formedness (utf8.h).
#include "policy/internal/utf8.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "policy/internal/name_hash.h"

namespace interdict {
namespace policy_internal {
namespace {

// The length of the well-formed character at `text[i]`, or 0 when there is none
// (RFC 3629, section 4: the second byte's range depends on the first).
size_t CharacterLength(absl::string_view text, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char b0 = byte(i);
  if (b0 < 0x80) return 1;
  size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;  // The second byte's range.
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    length = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    length = 3;
    if (b0 == 0xE0) low = 0xA0;   // No overlong forms.
    if (b0 == 0xED) high = 0x9F;  // No surrogates.
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    length = 4;
    if (b0 == 0xF0) low = 0x90;   // No overlong forms.
    if (b0 == 0xF4) high = 0x8F;  // Nothing past U+10FFFF.
  } else {
    return 0;
  }
  if (text.size() - i < length) return 0;
  if (byte(i + 1) < low || byte(i + 1) > high) return 0;
  for (size_t k = 2; k < length; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  return length;
}

}  // namespace

size_t FirstInvalidUtf8(absl::string_view text) {
  // Most policy text is ASCII: a short string is then a word or two, with no loop per byte.
  if (IsAscii(text)) return absl::string_view::npos;
  for (size_t i = 0; i < text.size();) {
    // ASCII, which most policy text is, eight bytes at a time.
    uint64_t word;
    if (text.size() - i >= sizeof(word)) {
      std::memcpy(&word, text.data() + i, sizeof(word));
      if ((word & 0x8080808080808080u) == 0) {
        i += sizeof(word);
        continue;
      }
    }
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    const size_t length = CharacterLength(text, i);
    if (length == 0) return i;
    i += length;
  }
  return absl::string_view::npos;
}

std::string ReportableText(absl::string_view text, size_t max_bytes) {
  constexpr absl::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
  std::string out;
  out.reserve(std::min(text.size(), max_bytes));
  size_t i = 0;
  while (i < text.size()) {
    const size_t length = CharacterLength(text, i);
    const size_t written = length == 0 ? kReplacement.size() : length;
    if (out.size() + written > max_bytes) break;
    if (length == 0) {
      out.append(kReplacement.data(), kReplacement.size());
      ++i;
    } else {
      out.append(text.data() + i, length);
      i += length;
    }
  }
  if (i < text.size()) absl::StrAppend(&out, "... (", text.size(), " bytes)");
  return out;
}

}  // namespace policy_internal
}  // namespace interdict
