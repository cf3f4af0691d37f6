// Debian version validation and ordering, after dpkg (see debian_version.h).
#include "policy/internal/debian_version.h"

#include <cstddef>
#include <cstdint>

#include "policy/internal/version_text.h"

namespace interdict {
namespace policy_internal {
namespace {

// dpkg's c_isblank: the bytes it trims around a version and refuses inside one.
bool IsBlank(char c) { return c == ' ' || c == '\t'; }

// The C locale's isspace, which strtol skips before a number.
bool IsSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

absl::string_view TrimBlanks(absl::string_view text) {
  while (!text.empty() && IsBlank(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsBlank(text.back())) text.remove_suffix(1);
  return text;
}

// An epoch as strtol reads it: whitespace, an optional sign, then its digits (empty
// when there are none).
absl::string_view EpochDigits(absl::string_view epoch, bool* negative) {
  while (!epoch.empty() && IsSpace(epoch.front())) epoch.remove_prefix(1);
  *negative = !epoch.empty() && epoch.front() == '-';
  if (!epoch.empty() && (epoch.front() == '-' || epoch.front() == '+')) epoch.remove_prefix(1);
  return epoch;
}

// parseversion's checks of the epoch; nullptr when dpkg accepts it.
const char* EpochProblem(absl::string_view epoch) {
  if (epoch.empty()) return "epoch is empty";
  bool negative = false;
  const absl::string_view digits = EpochDigits(epoch, &negative);
  if (!AllDigits(digits)) return "epoch is not a number";
  // strtol gives 0 for "-0", which dpkg accepts.
  if (negative && CompareDigitStrings(digits, "0") != 0) return "epoch is negative";
  if (!DigitsAtMost(digits, "2147483647")) return "epoch is above 2147483647";
  return nullptr;
}

// A version dpkg accepts, as dpkg_version_compare sees it.
struct DpkgVersion {
  int64_t epoch = 0;
  absl::string_view upstream;
  absl::string_view revision;  // Empty when absent, which compares as "0".
};

DpkgVersion ReadValid(absl::string_view version) {
  const EpochedVersion parts = SplitEpochedVersion(TrimBlanks(version));
  DpkgVersion out;
  bool negative = false;
  // At most 2147483647 (EpochProblem), so the digits fit.
  for (char c : EpochDigits(parts.epoch, &negative)) out.epoch = out.epoch * 10 + (c - '0');
  out.upstream = parts.body;
  out.revision = parts.revision;
  return out;
}

// The sort weight of the byte at `i` in a non-digit run, as dpkg's order() gives it on
// amd64: `~` < end (and digits) < letters < bytes 0x80-0xff < other ASCII bytes.
int Weight(absl::string_view s, size_t i) {
  if (i >= s.size()) return 0;
  const char c = s[i];
  if (IsAsciiDigit(c)) return 0;
  if (IsAsciiLetter(c)) return static_cast<unsigned char>(c);
  if (c == '~') return -1;
  return static_cast<signed char>(c) + 256;
}

// dpkg's verrevcmp, on an upstream version or a revision.
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
  version = TrimBlanks(version);
  if (version.empty()) return "is empty";
  for (char c : version) {
    if (IsBlank(c)) return "has an embedded space or tab";
    if (c == '\0') return "has a NUL byte";
  }
  const EpochedVersion parts = SplitEpochedVersion(version);
  if (parts.has_epoch) {
    if (const char* problem = EpochProblem(parts.epoch)) return problem;
    if (parts.body.empty() && !parts.has_revision) return "nothing after the epoch's colon";
  }
  if (parts.has_revision && parts.revision.empty()) return "revision is empty";
  if (parts.body.empty()) return "upstream version is empty";
  return nullptr;
}

const char* DebianVersionWarning(absl::string_view version) {
  if (DebianVersionProblem(version) != nullptr) return nullptr;
  const DpkgVersion v = ReadValid(version);
  if (!IsAsciiDigit(v.upstream.front())) return "version number does not start with digit";
  for (char c : v.upstream) {
    if (!AllowedIn(".-+~:", c)) return "invalid character in version number";
  }
  for (char c : v.revision) {
    if (!AllowedIn(".+~", c)) return "invalid character in revision number";
  }
  return nullptr;
}

int CompareDebianVersions(absl::string_view a, absl::string_view b) {
  const DpkgVersion va = ReadValid(a);
  const DpkgVersion vb = ReadValid(b);
  if (va.epoch != vb.epoch) return va.epoch < vb.epoch ? -1 : 1;
  const int c = CompareRuns(va.upstream, vb.upstream);
  if (c != 0) return c;
  return CompareRuns(va.revision, vb.revision);
}

}  // namespace policy_internal
}  // namespace interdict
