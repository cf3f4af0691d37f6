// Every parser of untrusted artifact text, fed seeded random and mutated inputs:
// each must return (an answer or a problem) without crashing, reading out of bounds
// or looping. Run under `bazel test --config=asan` to check memory safety too.
#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "policy/internal/cpe.h"
#include "policy/internal/identifier.h"
#include "policy/internal/legal_form.h"
#include "policy/internal/name_normalizer.h"
#include "policy/internal/package_url.h"
#include "policy/internal/vers_range.h"
#include "policy/internal/version_scheme.h"

namespace interdict {
namespace policy_internal {
namespace {

// Seeds that look like the real thing, to be mutated.
const std::vector<std::string>& Seeds() {
  static const auto* seeds = new std::vector<std::string>{
      "pkg:deb/debian/curl@7.88.1-10+deb12u5?arch=amd64#sub/path",
      "pkg:npm/%40angular/core@17.0.0",
      "cpe:2.3:a:kaspersky:anti-virus:21\\.3:*:*:*:*:*:*:*",
      "cpe:2.3:*:micro?oft:*internet*:8\\.*:sp?:-:*:*:*:*:*",
      "1:2.30-1ubuntu1~rc1",
      "1.0.0-alpha.1+build.5",
      "2.0^git1~pre-3.el9",
      "CN=AO Kaspersky Lab, O=\"Kaspersky, Inc.\", C=RU",
      "{2A2A0D8B-7C4E-4A1D-9F4A-0D1E2F3A4B5C}",
      "C:\\Program Files (x86)\\Kaspersky Lab\\",
      "АО «Лаборатория Касперского» ZAO",
      "vers:deb/>=1.0|!=1.5|<2.0",
  };
  return *seeds;
}

std::string Mutate(std::mt19937_64* random, const std::string& seed) {
  std::string s = seed;
  const int edits = 1 + static_cast<int>((*random)() % 6);
  static constexpr char kInteresting[] = ":/@?#%&=\\*-~^.|!<>,\"{} \xd0\xe2\xc2\x80\xff";
  for (int e = 0; e < edits; ++e) {
    const size_t at = s.empty() ? 0 : (*random)() % (s.size() + 1);
    switch ((*random)() % 4) {
      case 0:  // insert
        s.insert(s.begin() + at, kInteresting[(*random)() % (sizeof(kInteresting) - 1)]);
        break;
      case 1:  // delete
        if (at < s.size()) s.erase(at, 1 + (*random)() % 3);
        break;
      case 2:  // replace with a random byte
        if (at < s.size()) s[at] = static_cast<char>((*random)() % 256);
        break;
      default:  // truncate
        s.resize(at);
        break;
    }
  }
  return s;
}

TEST(ParserRobustnessTest, MutatedInputsNeverCrash) {
  std::mt19937_64 random(7);
  size_t accepted = 0;
  for (int i = 0; i < 200000; ++i) {
    const std::string input = Mutate(&random, Seeds()[random() % Seeds().size()]);
    PackageUrlBuffer purl_buffer;
    PackageUrlView purl;
    accepted += ParsePackageUrl(input, &purl_buffer, &purl) == nullptr;
    CpeBuffer cpe_buffer;
    CpeView cpe;
    if (ParseCpe(input, &cpe_buffer, &cpe) == nullptr) {
      ++accepted;
      // A name matches itself exactly when it has no wildcards (a target with
      // wildcards is undefined in NISTIR 7696, so not matched).
      bool wildcards = false;
      for (const CpeAttribute& attribute : cpe.attributes) wildcards = wildcards || attribute.has_wildcards();
      EXPECT_EQ(CpeMatches(cpe, cpe), !wildcards) << input;
    }
    for (v1::VersionScheme scheme : {v1::GENERIC, v1::DEBIAN, v1::RPM, v1::SEMVER, v1::WINDOWS}) {
      if (VersionProblem(scheme, input) == nullptr) {
        ++accepted;
        EXPECT_EQ(CompareVersions(scheme, input, input), 0) << input;
      }
    }
    accepted += VersRange::Parse(input).ok();
    char out[kMaxIdentifierBytes];
    size_t length = 0;
    for (IdentifierKind kind : {IdentifierKind::kSha256, IdentifierKind::kSigningId, IdentifierKind::kMsiProductCode,
                                IdentifierKind::kBundleId, IdentifierKind::kInstallPath}) {
      accepted += NormalizeIdentifier(kind, input, out, &length) == nullptr;
    }
    ForEachSignerName(input, [&](absl::string_view name) { accepted += name.size() <= input.size(); });
    NameBuffer name_buffer;
    absl::optional<absl::string_view> normalized = NormalizeName(input, &name_buffer);
    if (normalized.has_value()) {
      const absl::string_view key = StripLegalForms(*normalized);
      EXPECT_LE(key.size(), normalized->size());
    }
  }
  // The mutations keep many inputs valid, so the accepting paths ran too.
  EXPECT_GT(accepted, 100000u);
}

TEST(ParserRobustnessTest, VersionOrderIsAntisymmetricOnValidInputs) {
  std::mt19937_64 random(11);
  for (v1::VersionScheme scheme : {v1::GENERIC, v1::DEBIAN, v1::RPM, v1::SEMVER, v1::WINDOWS}) {
    int compared = 0;
    for (int i = 0; i < 20000; ++i) {
      const std::string a = Mutate(&random, Seeds()[4 + random() % 3]);
      const std::string b = Mutate(&random, Seeds()[4 + random() % 3]);
      if (VersionProblem(scheme, a) != nullptr || VersionProblem(scheme, b) != nullptr) continue;
      ++compared;
      const int ab = CompareVersions(scheme, a, b);
      const int ba = CompareVersions(scheme, b, a);
      EXPECT_EQ(ab < 0, ba > 0) << a << " vs " << b;
      EXPECT_EQ(ab == 0, ba == 0) << a << " vs " << b;
    }
    EXPECT_GT(compared, 0) << scheme;
  }
}

}  // namespace
}  // namespace policy_internal
}  // namespace interdict
