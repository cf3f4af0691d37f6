// Windows four-part version validation and ordering (see windows_version.h).
#include "policy/internal/windows_version.h"

#include <cstddef>

#include "policy/internal/version_text.h"

namespace interdict {
namespace policy_internal {

const char* WindowsVersionProblem(absl::string_view version) {
  if (version.empty()) return "is empty";
  if (version.back() == '.') return "has an empty part";
  absl::string_view rest = version;
  for (int parts = 0; !rest.empty(); ++parts) {
    if (parts == 4) return "has more than four parts";
    const absl::string_view part = SplitOffNext(&rest, '.');
    if (part.empty()) return "has an empty part";
    if (!AllDigits(part)) return "has a part that is not a decimal number";
    if (!DigitsAtMost(part, "65535")) return "has a part above 65535";
  }
  return nullptr;
}

int CompareWindowsVersions(absl::string_view a, absl::string_view b) {
  for (int i = 0; i < 4; ++i) {
    const int c = CompareDigitStrings(SplitOffNext(&a, '.'), SplitOffNext(&b, '.'));
    if (c != 0) return c;
  }
  return 0;
}

}  // namespace policy_internal
}  // namespace interdict
