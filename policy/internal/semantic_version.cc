// Semantic version validation and precedence (see semantic_version.h).
#include "policy/internal/semantic_version.h"

#include <cstddef>

#include "policy/internal/version_text.h"

namespace interdict {
namespace policy_internal {
namespace {

struct SemverParts {
  absl::string_view core;        // MAJOR.MINOR.PATCH
  absl::string_view prerelease;  // Without the '-'.
  absl::string_view build;       // Without the '+'.
  bool has_prerelease = false;
  bool has_build = false;
};

SemverParts Split(absl::string_view version) {
  SemverParts parts;
  const size_t plus = version.find('+');
  if (plus != absl::string_view::npos) {
    parts.has_build = true;
    parts.build = version.substr(plus + 1);
    version = version.substr(0, plus);
  }
  const size_t hyphen = version.find('-');
  if (hyphen != absl::string_view::npos) {
    parts.has_prerelease = true;
    parts.prerelease = version.substr(hyphen + 1);
    version = version.substr(0, hyphen);
  }
  parts.core = version;
  return parts;
}

bool HasLeadingZero(absl::string_view digits) { return digits.size() > 1 && digits.front() == '0'; }

const char* CoreProblem(absl::string_view core) {
  static const char* const kNotNumber[] = {"major is not a number", "minor is not a number",
                                           "patch is not a number"};
  static const char* const kLeadingZero[] = {"major has a leading zero", "minor has a leading zero",
                                             "patch has a leading zero"};
  absl::string_view rest = core;
  for (int i = 0; i < 3; ++i) {
    if (i > 0 && rest.empty()) return "needs MAJOR.MINOR.PATCH";
    const absl::string_view number = SplitOffNext(&rest, '.');
    if (!AllDigits(number)) return kNotNumber[i];
    if (HasLeadingZero(number)) return kLeadingZero[i];
  }
  if (!rest.empty() || core.back() == '.') return "has more than MAJOR.MINOR.PATCH";
  return nullptr;
}

bool IdentifierCharacter(char c) { return IsAsciiAlnum(c) || c == '-'; }

const char* IdentifiersProblem(absl::string_view list, bool prerelease) {
  if (list.empty() || list.back() == '.') {
    return prerelease ? "pre-release has an empty identifier" : "build metadata has an empty identifier";
  }
  absl::string_view rest = list;
  while (!rest.empty()) {
    const absl::string_view id = SplitOffNext(&rest, '.');
    if (id.empty()) {
      return prerelease ? "pre-release has an empty identifier" : "build metadata has an empty identifier";
    }
    for (char c : id) {
      if (!IdentifierCharacter(c)) {
        return prerelease ? "pre-release has a character other than [0-9A-Za-z-]"
                          : "build metadata has a character other than [0-9A-Za-z-]";
      }
    }
    if (prerelease && AllDigits(id) && HasLeadingZero(id)) {
      return "pre-release has a numeric identifier with a leading zero";
    }
  }
  return nullptr;
}

int ComparePrerelease(absl::string_view a, absl::string_view b) {
  while (!a.empty() && !b.empty()) {
    const absl::string_view x = SplitOffNext(&a, '.');
    const absl::string_view y = SplitOffNext(&b, '.');
    const bool x_numeric = AllDigits(x);
    const bool y_numeric = AllDigits(y);
    int c;
    if (x_numeric && y_numeric) {
      c = CompareDigitStrings(x, y);
    } else if (x_numeric != y_numeric) {
      c = x_numeric ? -1 : 1;
    } else {
      c = x.compare(y);
    }
    if (c != 0) return c < 0 ? -1 : 1;
  }
  if (a.empty() && b.empty()) return 0;
  return a.empty() ? -1 : 1;
}

}  // namespace

const char* SemanticVersionProblem(absl::string_view version) {
  if (version.empty()) return "is empty";
  const SemverParts parts = Split(version);
  const char* problem = CoreProblem(parts.core);
  if (problem != nullptr) return problem;
  if (parts.has_prerelease) {
    problem = IdentifiersProblem(parts.prerelease, /*prerelease=*/true);
    if (problem != nullptr) return problem;
  }
  if (parts.has_build) return IdentifiersProblem(parts.build, /*prerelease=*/false);
  return nullptr;
}

int CompareSemanticVersions(absl::string_view a, absl::string_view b) {
  const SemverParts pa = Split(a);
  const SemverParts pb = Split(b);
  absl::string_view core_a = pa.core;
  absl::string_view core_b = pb.core;
  for (int i = 0; i < 3; ++i) {
    const int c = CompareDigitStrings(SplitOffNext(&core_a, '.'), SplitOffNext(&core_b, '.'));
    if (c != 0) return c;
  }
  if (pa.has_prerelease != pb.has_prerelease) return pa.has_prerelease ? -1 : 1;
  return ComparePrerelease(pa.prerelease, pb.prerelease);
}

}  // namespace policy_internal
}  // namespace interdict
