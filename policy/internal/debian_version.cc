// Debian version validation and ordering (see debian_version.h).
#include "policy/internal/debian_version.h"

#include <cstddef>

#include "policy/internal/version_text.h"

namespace interdict {
namespace policy_internal {
namespace {

// The sort weight of the byte at `i` in a non-digit run: `~` < end (and digits) <
// letters < everything else.
int Weight(absl::string_view s, size_t i) {
  if (i >= s.size()) return 0;
  const char c = s[i];
  if (IsAsciiDigit(c)) return 0;
  if (IsAsciiLetter(c)) return static_cast<unsigned char>(c);
  if (c == '~') return -1;
  return static_cast<unsigned char>(c) + 256;
}

// dpkg's comparison of an upstream version or a revision.
int CompareRuns(absl::string_view a, absl::string_view b) {
  size_t i = 0;
  size_t j = 0;
  while (i < a.size() || j < b.size()) {
    while ((i < a.size() && !IsAsciiDigit(a[i])) || (j < b.size() && !IsAsciiDigit(b[j]))) {
      const int wa = Weight(a, i);
      const int wb = Weight(b, j);
      if (wa != wb) return wa < wb ? -1 : 1;
      ++i;
      ++j;
    }
    const size_t start_a = i;
    const size_t start_b = j;
    while (i < a.size() && IsAsciiDigit(a[i])) ++i;
    while (j < b.size() && IsAsciiDigit(b[j])) ++j;
    const int c = CompareDigitStrings(a.substr(start_a, i - start_a), b.substr(start_b, j - start_b));
    if (c != 0) return c;
  }
  return 0;
}

bool AllowedIn(absl::string_view allowed, char c) {
  return IsAsciiAlnum(c) || allowed.find(c) != absl::string_view::npos;
}

}  // namespace

const char* DebianVersionProblem(absl::string_view version) {
  if (version.empty()) return "is empty";
  const EpochedVersion parts = SplitEpochedVersion(version);
  if (parts.has_epoch) {
    if (parts.epoch.empty()) return "epoch is empty";
    if (!AllDigits(parts.epoch)) return "epoch is not a number";
    if (!DigitsAtMost(parts.epoch, "2147483647")) return "epoch is above 2147483647";
    if (parts.body.empty() && !parts.has_revision) return "nothing after the epoch's colon";
  }
  if (parts.has_revision && parts.revision.empty()) return "revision is empty";
  if (parts.body.empty()) return "upstream version is empty";
  if (!IsAsciiDigit(parts.body.front())) return "upstream version does not start with a digit";
  for (char c : parts.body) {
    if (!AllowedIn(".+~-:", c)) return "upstream version has a character other than letters, digits and .+~-:";
  }
  for (char c : parts.revision) {
    if (!AllowedIn(".+~", c)) return "revision has a character other than letters, digits and .+~";
  }
  return nullptr;
}

int CompareDebianVersions(absl::string_view a, absl::string_view b) {
  const EpochedVersion pa = SplitEpochedVersion(a);
  const EpochedVersion pb = SplitEpochedVersion(b);
  int c = CompareDigitStrings(pa.epoch, pb.epoch);
  if (c != 0) return c;
  c = CompareRuns(pa.body, pb.body);
  if (c != 0) return c;
  return CompareRuns(pa.revision, pb.revision);
}

}  // namespace policy_internal
}  // namespace interdict
