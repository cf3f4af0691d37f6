// Dispatch over the version schemes (see version_scheme.h).
#include "policy/internal/version_scheme.h"

#include "absl/strings/str_cat.h"
#include "policy/internal/debian_version.h"
#include "policy/internal/generic_version.h"
#include "policy/internal/rpm_version.h"
#include "policy/internal/semantic_version.h"
#include "policy/internal/version_text.h"
#include "policy/internal/windows_version.h"

namespace interdict {
namespace policy_internal {
namespace {

// rpm's sense flags of a comparator ("!=" is rpm's "<>", LESS|GREATER).
RpmSense SenseOf(VersionComparator comparator) {
  switch (comparator) {
    case VersionComparator::kEqual:
      return kRpmSenseEqual;
    case VersionComparator::kNotEqual:
      return kRpmSenseLess | kRpmSenseGreater;
    case VersionComparator::kLess:
      return kRpmSenseLess;
    case VersionComparator::kLessOrEqual:
      return kRpmSenseLess | kRpmSenseEqual;
    case VersionComparator::kGreater:
      return kRpmSenseGreater;
    case VersionComparator::kGreaterOrEqual:
      return kRpmSenseGreater | kRpmSenseEqual;
  }
  return 0;
}

}  // namespace

absl::string_view VersionSchemeName(v1::VersionScheme scheme) {
  switch (scheme) {
    case v1::DEBIAN:
      return "deb";
    case v1::RPM:
      return "rpm";
    case v1::SEMVER:
      return "semver";
    case v1::WINDOWS:
      return "windows";
    default:
      return "generic";
  }
}

const char* VersionProblem(v1::VersionScheme scheme, absl::string_view version) {
  switch (scheme) {
    case v1::DEBIAN:
      return DebianVersionProblem(version);
    case v1::RPM:
      return RpmVersionProblem(version);
    case v1::SEMVER:
      return SemanticVersionProblem(version);
    case v1::WINDOWS:
      return WindowsVersionProblem(version);
    default:
      for (char c : version) {
        if (IsAsciiAlnum(c)) return nullptr;
      }
      return "has no digits or letters";
  }
}

const char* VersionWarning(v1::VersionScheme scheme, absl::string_view version) {
  return scheme == v1::DEBIAN ? DebianVersionWarning(version) : nullptr;
}

std::string BoundWarning(v1::VersionScheme scheme, absl::string_view name, absl::string_view bound) {
  const char* warning = VersionWarning(scheme, bound);
  if (warning == nullptr) return std::string();
  // Only DEBIAN has warnings (VersionWarning): they are dpkg's.
  return absl::StrCat(name, name.empty() ? "" : " ", "\"", bound, "\": dpkg accepts this ",
                      VersionSchemeName(scheme), " version only with a warning (", warning,
                      "); it is ordered as dpkg orders it");
}

int CompareVersions(v1::VersionScheme scheme, absl::string_view a, absl::string_view b) {
  switch (scheme) {
    case v1::DEBIAN:
      return CompareDebianVersions(a, b);
    case v1::RPM:
      return CompareRpmVersions(a, b);
    case v1::SEMVER:
      return CompareSemanticVersions(a, b);
    case v1::WINDOWS:
      return CompareWindowsVersions(a, b);
    default:
      return CompareGenericVersions(a, b);
  }
}

bool SatisfiesBound(v1::VersionScheme scheme, absl::string_view version, VersionComparator comparator,
                    absl::string_view bound) {
  return RangesOverlap(scheme, version, VersionComparator::kEqual, bound, comparator);
}

bool RangesOverlap(v1::VersionScheme scheme, absl::string_view a, VersionComparator a_comparator,
                   absl::string_view b, VersionComparator b_comparator) {
  const RpmSense sense_a = SenseOf(a_comparator);
  const RpmSense sense_b = SenseOf(b_comparator);
  if (scheme == v1::RPM) return RpmRangesOverlap(a, sense_a, b, sense_b);
  return RpmSensesOverlap(sense_a, sense_b, CompareVersions(scheme, a, b));
}

}  // namespace policy_internal
}  // namespace interdict
