// Digit-string helpers for the version schemes (see version_text.h).
#include "policy/internal/version_text.h"

#include <cstddef>
#include <cstring>

namespace interdict {
namespace policy_internal {

EpochedVersion SplitEpochedVersion(absl::string_view version) {
  EpochedVersion parts;
  const size_t colon = version.find(':');
  if (colon != absl::string_view::npos) {
    parts.has_epoch = true;
    parts.epoch = version.substr(0, colon);
    version.remove_prefix(colon + 1);
  }
  const size_t hyphen = version.rfind('-');
  if (hyphen != absl::string_view::npos) {
    parts.has_revision = true;
    parts.revision = version.substr(hyphen + 1);
    version = version.substr(0, hyphen);
  }
  parts.body = version;
  return parts;
}

absl::string_view SplitOffNext(absl::string_view* rest, char separator) {
  const void* found = rest->empty() ? nullptr : std::memchr(rest->data(), separator, rest->size());
  if (found == nullptr) {
    const absl::string_view head = *rest;
    rest->remove_prefix(rest->size());
    return head;
  }
  const size_t at = static_cast<size_t>(static_cast<const char*>(found) - rest->data());
  const absl::string_view head = rest->substr(0, at);
  rest->remove_prefix(at + 1);
  return head;
}

bool AllDigits(absl::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!IsAsciiDigit(c)) return false;
  }
  return true;
}

int CompareDigitStrings(absl::string_view a, absl::string_view b) {
  while (!a.empty() && a.front() == '0') a.remove_prefix(1);
  while (!b.empty() && b.front() == '0') b.remove_prefix(1);
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

bool DigitsAtMost(absl::string_view text, absl::string_view max) {
  return CompareDigitStrings(text, max) <= 0;
}

}  // namespace policy_internal
}  // namespace interdict
