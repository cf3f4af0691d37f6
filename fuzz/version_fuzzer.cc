// Fuzz target: version strings in every scheme of version_scheme.h (GENERIC, DEBIAN,
// RPM, SEMVER, WINDOWS). The input is up to three versions, one per line.
//
// Invariants, per scheme, over the versions the scheme accepts: a version the scheme
// warns about is valid; every version equals itself; the order is antisymmetric
// (compare(a, b) == -compare(b, a) in sign) and transitive; RangesOverlap is symmetric;
// outside RPM (whose bounds follow rpm's dependency matching instead) SatisfiesBound is
// the order; GENERIC's precomputed keys order as the text does and know the versions
// GENERIC refuses.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "fuzz/fuzz_check.h"
#include "interdict/v1/policy.pb.h"
#include "policy/internal/generic_version.h"
#include "policy/internal/version_scheme.h"

namespace interdict {
namespace fuzzing {
namespace {

using policy_internal::CompareVersions;
using policy_internal::VersionComparator;

constexpr VersionComparator kComparators[] = {
    VersionComparator::kEqual,       VersionComparator::kNotEqual, VersionComparator::kLess,
    VersionComparator::kLessOrEqual, VersionComparator::kGreater,  VersionComparator::kGreaterOrEqual,
};

int Sign(int order) { return (order > 0) - (order < 0); }

// Whether "a <comparator> b" holds when a compares to b as `order`.
bool Holds(VersionComparator comparator, int order) {
  switch (comparator) {
    case VersionComparator::kEqual:
      return order == 0;
    case VersionComparator::kNotEqual:
      return order != 0;
    case VersionComparator::kLess:
      return order < 0;
    case VersionComparator::kLessOrEqual:
      return order <= 0;
    case VersionComparator::kGreater:
      return order > 0;
    case VersionComparator::kGreaterOrEqual:
      return order >= 0;
  }
  return false;
}

void CheckPair(v1::VersionScheme scheme, absl::string_view a, absl::string_view b) {
  const std::string what = absl::StrCat(v1::VersionScheme_Name(scheme), " \"", a, "\" vs \"", b, "\"");
  const int order = Sign(CompareVersions(scheme, a, b));
  FUZZ_CHECK(order == -Sign(CompareVersions(scheme, b, a)), what);
  for (VersionComparator ca : kComparators) {
    for (VersionComparator cb : kComparators) {
      FUZZ_CHECK(policy_internal::RangesOverlap(scheme, a, ca, b, cb) ==
                     policy_internal::RangesOverlap(scheme, b, cb, a, ca),
                 absl::StrCat(what, ", comparators ", static_cast<int>(ca), " and ", static_cast<int>(cb)));
    }
    if (scheme != v1::RPM) {
      FUZZ_CHECK(policy_internal::SatisfiesBound(scheme, a, ca, b) == Holds(ca, order),
                 absl::StrCat(what, ", comparator ", static_cast<int>(ca)));
    }
  }
}

void CheckScheme(v1::VersionScheme scheme, const std::vector<absl::string_view>& versions) {
  std::vector<absl::string_view> valid;
  for (absl::string_view version : versions) {
    const char* problem = policy_internal::VersionProblem(scheme, version);
    const char* warning = policy_internal::VersionWarning(scheme, version);
    const std::string what = absl::StrCat(v1::VersionScheme_Name(scheme), " \"", version, "\"");
    FUZZ_CHECK(warning == nullptr || problem == nullptr, what);
    if (problem != nullptr) continue;
    FUZZ_CHECK(CompareVersions(scheme, version, version) == 0, what);
    valid.push_back(version);
  }
  for (absl::string_view a : valid) {
    for (absl::string_view b : valid) CheckPair(scheme, a, b);
  }
  if (valid.size() == 3) {
    // Transitivity, for every order of the three.
    for (absl::string_view a : valid) {
      for (absl::string_view b : valid) {
        for (absl::string_view c : valid) {
          if (CompareVersions(scheme, a, b) <= 0 && CompareVersions(scheme, b, c) <= 0) {
            FUZZ_CHECK(CompareVersions(scheme, a, c) <= 0,
                       absl::StrCat(v1::VersionScheme_Name(scheme), " \"", a, "\" <= \"", b, "\" <= \"", c, "\""));
          }
        }
      }
    }
  }
}

void CheckGenericKeys(const std::vector<absl::string_view>& versions) {
  std::vector<policy_internal::GenericVersionKey> keys(versions.size());
  std::vector<bool> keyed(versions.size());
  for (size_t i = 0; i < versions.size(); ++i) {
    keyed[i] = keys[i].Assign(versions[i]);
    if (keyed[i]) {
      FUZZ_CHECK(keys[i].no_runs() == (policy_internal::VersionProblem(v1::GENERIC, versions[i]) != nullptr),
                 versions[i]);
    }
  }
  for (size_t i = 0; i < versions.size(); ++i) {
    for (size_t j = 0; j < versions.size(); ++j) {
      if (!keyed[i] || !keyed[j]) continue;
      FUZZ_CHECK(Sign(CompareGenericVersionKeys(keys[i], keys[j])) ==
                     Sign(policy_internal::CompareGenericVersions(versions[i], versions[j])),
                 absl::StrCat("\"", versions[i], "\" vs \"", versions[j], "\""));
    }
  }
}

void CheckVersions(absl::string_view text) {
  const std::vector<absl::string_view> versions = absl::StrSplit(text, absl::MaxSplits('\n', 2));
  for (v1::VersionScheme scheme : {v1::GENERIC, v1::DEBIAN, v1::RPM, v1::SEMVER, v1::WINDOWS}) {
    CheckScheme(scheme, versions);
  }
  CheckGenericKeys(versions);
}

}  // namespace
}  // namespace fuzzing
}  // namespace interdict

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  interdict::fuzzing::CheckVersions(absl::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
