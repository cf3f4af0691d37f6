// Generic dotted version ordering (see generic_version.h for the rules).
#include "policy/internal/generic_version.h"

#include <cstddef>

#include "absl/strings/ascii.h"
#include "policy/internal/version_text.h"

namespace interdict {
namespace policy_internal {
namespace {

enum class RunKind { kEnd, kNumber, kLetters };

struct Run {
  RunKind kind = RunKind::kEnd;
  absl::string_view text;
};

// Reads the next run starting at *pos, skipping separators.
Run NextRun(absl::string_view s, size_t* pos) {
  while (*pos < s.size() && !IsAsciiDigit(s[*pos]) && !IsAsciiLetter(s[*pos])) ++*pos;
  if (*pos == s.size()) return {};
  const size_t start = *pos;
  const bool digits = IsAsciiDigit(s[start]);
  while (*pos < s.size() && (digits ? IsAsciiDigit(s[*pos]) : IsAsciiLetter(s[*pos]))) ++*pos;
  return {digits ? RunKind::kNumber : RunKind::kLetters, s.substr(start, *pos - start)};
}

int CompareLetters(absl::string_view a, absl::string_view b) {
  const size_t n = a.size() < b.size() ? a.size() : b.size();
  for (size_t i = 0; i < n; ++i) {
    const char x = absl::ascii_tolower(a[i]);
    const char y = absl::ascii_tolower(b[i]);
    if (x != y) return x < y ? -1 : 1;
  }
  if (a.size() == b.size()) return 0;
  return a.size() < b.size() ? -1 : 1;
}

// Rank of a run kind against a missing run: letters < end, and end == zero.
int CompareToEnd(const Run& run) {
  if (run.kind == RunKind::kLetters) return -1;
  return CompareDigitStrings(run.text, "") == 0 ? 0 : 1;
}

}  // namespace

int CompareGenericVersions(absl::string_view a, absl::string_view b) {
  size_t pa = 0;
  size_t pb = 0;
  while (true) {
    const Run ra = NextRun(a, &pa);
    const Run rb = NextRun(b, &pb);
    if (ra.kind == RunKind::kEnd && rb.kind == RunKind::kEnd) return 0;
    int c;
    if (rb.kind == RunKind::kEnd) {
      c = CompareToEnd(ra);
    } else if (ra.kind == RunKind::kEnd) {
      c = -CompareToEnd(rb);
    } else if (ra.kind != rb.kind) {
      c = ra.kind == RunKind::kLetters ? -1 : 1;
    } else if (ra.kind == RunKind::kNumber) {
      c = CompareDigitStrings(ra.text, rb.text);
    } else {
      c = CompareLetters(ra.text, rb.text);
    }
    if (c != 0) return c;
  }
}

bool GenericVersionKey::Assign(absl::string_view version) {
  // One pass over the bytes: the runs of NextRun, each read straight into its code.
  size_ = 0;
  no_runs_ = true;
  uint32_t runs = 0;
  const char* p = version.data();
  const char* const end = p + version.size();
  while (true) {
    while (p < end && !IsAsciiDigit(*p) && !IsAsciiLetter(*p)) ++p;
    if (p == end) break;
    no_runs_ = false;
    if (runs == kMaxRuns) return false;
    uint64_t code = 0;
    if (IsAsciiDigit(*p)) {
      while (p < end && *p == '0') ++p;
      const char* const first = p;
      for (; p < end && IsAsciiDigit(*p); ++p) {
        if (p - first == 18) return false;
        code = code * 10 + static_cast<uint64_t>(*p - '0');
      }
      code |= kZeroCode;  // A number's code is kZeroCode plus its value.
    } else {
      int shift = 48;
      for (; p < end && IsAsciiLetter(*p); ++p, shift -= 8) {
        if (shift < 0) return false;
        code |= static_cast<uint64_t>(static_cast<unsigned char>(absl::ascii_tolower(*p))) << shift;
      }
    }
    codes_[runs++] = code;
    if (code != kZeroCode) size_ = runs;
  }
  for (uint32_t i = size_; i < kMaxRuns; ++i) codes_[i] = kZeroCode;
  return true;
}

}  // namespace policy_internal
}  // namespace interdict
