// Generic dotted version ordering (see generic_version.h for the rules).
#include "policy/internal/generic_version.h"

#include <cstddef>

namespace interdict {
namespace policy_internal {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

enum class RunKind { kEnd, kNumber, kLetters };

struct Run {
  RunKind kind = RunKind::kEnd;
  absl::string_view text;
};

// Reads the next run starting at *pos, skipping separators.
Run NextRun(absl::string_view s, size_t* pos) {
  while (*pos < s.size() && !IsDigit(s[*pos]) && !IsLetter(s[*pos])) ++*pos;
  if (*pos == s.size()) return {};
  const size_t start = *pos;
  const bool digits = IsDigit(s[start]);
  while (*pos < s.size() && (digits ? IsDigit(s[*pos]) : IsLetter(s[*pos]))) ++*pos;
  return {digits ? RunKind::kNumber : RunKind::kLetters, s.substr(start, *pos - start)};
}

int CompareNumbers(absl::string_view a, absl::string_view b) {
  while (!a.empty() && a.front() == '0') a.remove_prefix(1);
  while (!b.empty() && b.front() == '0') b.remove_prefix(1);
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

int CompareLetters(absl::string_view a, absl::string_view b) {
  const size_t n = a.size() < b.size() ? a.size() : b.size();
  for (size_t i = 0; i < n; ++i) {
    const char x = Lower(a[i]);
    const char y = Lower(b[i]);
    if (x != y) return x < y ? -1 : 1;
  }
  if (a.size() == b.size()) return 0;
  return a.size() < b.size() ? -1 : 1;
}

// Rank of a run kind against a missing run: letters < end, and end == zero.
int CompareToEnd(const Run& run) {
  if (run.kind == RunKind::kLetters) return -1;
  return CompareNumbers(run.text, "") == 0 ? 0 : 1;
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
      c = CompareNumbers(ra.text, rb.text);
    } else {
      c = CompareLetters(ra.text, rb.text);
    }
    if (c != 0) return c;
  }
}

}  // namespace policy_internal
}  // namespace interdict
