// RPM version validation and ordering (see rpm_version.h).
#include "policy/internal/rpm_version.h"

#include <cstddef>

#include "policy/internal/version_text.h"

namespace interdict {
namespace policy_internal {
namespace {

bool Separator(char c) { return !IsAsciiAlnum(c) && c != '~' && c != '^'; }

const char* SegmentProblem(absl::string_view segment, const char* empty, const char* invalid) {
  if (segment.empty()) return empty;
  for (char c : segment) {
    if (!IsAsciiAlnum(c) && c != '.' && c != '_' && c != '+' && c != '~' && c != '^') return invalid;
  }
  return nullptr;
}

}  // namespace

const char* RpmVersionProblem(absl::string_view version) {
  if (version.empty()) return "is empty";
  const EpochedVersion evr = SplitEpochedVersion(version);
  if (evr.has_epoch) {
    if (evr.epoch.empty()) return "epoch is empty";
    if (!AllDigits(evr.epoch)) return "epoch is not a number";
  }
  const char* problem = SegmentProblem(evr.body, "version is empty",
                                       "version has a character other than letters, digits and ._+~^");
  if (problem != nullptr) return problem;
  if (evr.has_revision) {
    return SegmentProblem(evr.revision, "release is empty",
                          "release has a character other than letters, digits and ._+~^");
  }
  return nullptr;
}

int RpmVerCmp(absl::string_view a, absl::string_view b) {
  if (a == b) return 0;
  size_t i = 0;
  size_t j = 0;
  while (i < a.size() || j < b.size()) {
    while (i < a.size() && Separator(a[i])) ++i;
    while (j < b.size() && Separator(b[j])) ++j;
    const bool end_a = i == a.size();
    const bool end_b = j == b.size();
    const bool tilde_a = !end_a && a[i] == '~';
    const bool tilde_b = !end_b && b[j] == '~';
    if (tilde_a || tilde_b) {
      if (!tilde_a) return 1;
      if (!tilde_b) return -1;
      ++i;
      ++j;
      continue;
    }
    const bool caret_a = !end_a && a[i] == '^';
    const bool caret_b = !end_b && b[j] == '^';
    if (caret_a || caret_b) {
      if (end_a) return -1;
      if (end_b) return 1;
      if (!caret_a) return 1;
      if (!caret_b) return -1;
      ++i;
      ++j;
      continue;
    }
    if (end_a || end_b) break;
    const size_t start_a = i;
    const size_t start_b = j;
    const bool numeric = IsAsciiDigit(a[i]);
    if (numeric) {
      while (i < a.size() && IsAsciiDigit(a[i])) ++i;
      while (j < b.size() && IsAsciiDigit(b[j])) ++j;
    } else {
      while (i < a.size() && IsAsciiLetter(a[i])) ++i;
      while (j < b.size() && IsAsciiLetter(b[j])) ++j;
    }
    // A run of the other kind on b's side: digits beat letters.
    if (j == start_b) return numeric ? 1 : -1;
    const absl::string_view run_a = a.substr(start_a, i - start_a);
    const absl::string_view run_b = b.substr(start_b, j - start_b);
    const int c = numeric ? CompareDigitStrings(run_a, run_b) : run_a.compare(run_b);
    if (c != 0) return c < 0 ? -1 : 1;
  }
  const bool end_a = i >= a.size();
  const bool end_b = j >= b.size();
  if (end_a && end_b) return 0;
  return end_a ? -1 : 1;
}

int CompareRpmVersions(absl::string_view a, absl::string_view b) {
  const EpochedVersion ea = SplitEpochedVersion(a);
  const EpochedVersion eb = SplitEpochedVersion(b);
  // rpmverCmp: a missing epoch is "0"; epochs are digits, so rpmvercmp compares them
  // as numbers.
  int c = CompareDigitStrings(ea.epoch, eb.epoch);
  if (c != 0) return c;
  c = RpmVerCmp(ea.body, eb.body);
  if (c != 0) return c;
  // compare_values: a missing release sorts before a present one.
  if (ea.has_revision != eb.has_revision) return ea.has_revision ? 1 : -1;
  return RpmVerCmp(ea.revision, eb.revision);
}

bool RpmRangesOverlap(absl::string_view a, RpmSense sense_a, absl::string_view b, RpmSense sense_b) {
  const EpochedVersion ea = SplitEpochedVersion(a);
  const EpochedVersion eb = SplitEpochedVersion(b);
  // rpmverOverlap compares epochs only when both are written, and otherwise ranks a
  // written non-zero epoch above a missing one: an absent epoch is 0 either way.
  int sense = CompareDigitStrings(ea.epoch, eb.epoch);
  if (sense == 0) sense = RpmVerCmp(ea.body, eb.body);
  if (sense == 0) {
    if (ea.has_revision && eb.has_revision) {
      sense = RpmVerCmp(ea.revision, eb.revision);
    } else if ((ea.has_revision && (sense_b & kRpmSenseEqual) != 0) ||
               (eb.has_revision && (sense_a & kRpmSenseEqual) != 0)) {
      // "always matches if the side with no release has SENSE_EQUAL"
      return true;
    }
  }
  return RpmSensesOverlap(sense_a, sense_b, sense);
}

bool RpmSensesOverlap(RpmSense sense_a, RpmSense sense_b, int order) {
  if (order < 0) return (sense_a & kRpmSenseGreater) != 0 || (sense_b & kRpmSenseLess) != 0;
  if (order > 0) return (sense_a & kRpmSenseLess) != 0 || (sense_b & kRpmSenseGreater) != 0;
  // Both include equality, or both extend the same way.
  return (sense_a & sense_b & (kRpmSenseEqual | kRpmSenseLess | kRpmSenseGreater)) != 0;
}

}  // namespace policy_internal
}  // namespace interdict
