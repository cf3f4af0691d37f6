// Dispatch over the version schemes (see version_scheme.h).
#include "policy/internal/version_scheme.h"

#include "policy/internal/debian_version.h"
#include "policy/internal/generic_version.h"
#include "policy/internal/rpm_version.h"
#include "policy/internal/semantic_version.h"
#include "policy/internal/version_text.h"
#include "policy/internal/windows_version.h"

namespace interdict {
namespace policy_internal {

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

}  // namespace policy_internal
}  // namespace interdict
