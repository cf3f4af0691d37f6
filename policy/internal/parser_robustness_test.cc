// Every parser of untrusted artifact text, fed seeded random and mutated inputs:
// each must return (an answer or a problem) without crashing, reading out of bounds
// or looping. Run under `bazel test --config=asan` to check memory safety too.
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "policy/internal/cpe.h"
#include "policy/internal/identifier.h"
#include "policy/internal/legal_form.h"
#include "policy/internal/name_normalizer.h"
#include "policy/internal/package_url.h"
#include "policy/internal/product_regex.h"
#include "policy/internal/vers_range.h"
#include "policy/internal/version_scheme.h"
#include "re2/re2.h"

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

TEST(ParserRobustnessTest, MutatedProductRegexesMatchAsRe2DoesOnTheWholePattern) {
  const std::string patterns[] = {"Kaspersky (Free|Anti-Virus).*", "Dr\\.Web Security [0-9]+",
                                  "Kas+persky\\b.*", "TikTok( Lite)?", "SKS[0-9]{2}"};
  const std::string names[] = {"Kaspersky Free 2021", "dr.web security 12", "KASSPERSKY LAB", "TikTok Lite",
                               "\xE2\x84\xAA" "aspersky Anti-Virus", "sks12"};
  std::mt19937_64 random(13);
  ProductRegexCache cache(1 << 20);
  int compiled = 0;
  int matched = 0;
  for (int i = 0; i < 3000; ++i) {
    const std::string pattern = Mutate(&random, patterns[random() % 5]);
    const RE2 whole(pattern, ProductRegexOptions(1 << 20));
    absl::StatusOr<std::shared_ptr<const ProductRegex>> split = cache.Get(pattern);
    ASSERT_EQ(split.ok(), whole.ok()) << pattern;
    if (!whole.ok()) continue;
    ++compiled;
    for (int j = 0; j < 20; ++j) {
      const std::string name = j < 6 ? names[j] : Mutate(&random, names[random() % 6]);
      const bool match = RE2::FullMatch(name, whole);
      EXPECT_EQ((*split)->FullMatch(name), match) << pattern << " on " << name;
      matched += match;
    }
  }
  EXPECT_GT(compiled, 1000);
  EXPECT_GT(matched, 200);
}

TEST(ParserRobustnessTest, CanonicalVersReadsBackToItself) {
  std::mt19937_64 random(17);
  const std::string seeds[] = {"vers:deb/>=1.0|!=1.5|<2.0", "vers:npm/1.0.0|>=2.0.0-rc.1|<3.0.0",
                               "vers:generic/<1.0%25|>=2.0", "vers:rpm/*"};
  int parsed = 0;
  for (int i = 0; i < 50000; ++i) {
    const std::string input = Mutate(&random, seeds[random() % 4]);
    absl::StatusOr<VersRange> range = VersRange::Parse(input);
    if (!range.ok()) continue;
    ++parsed;
    absl::StatusOr<VersRange> again = VersRange::Parse(range->ToString());
    ASSERT_TRUE(again.ok()) << input << " -> " << range->ToString() << ": " << again.status();
    EXPECT_EQ(again->ToString(), range->ToString()) << input;
  }
  EXPECT_GT(parsed, 1000);
}

}  // namespace
}  // namespace policy_internal
}  // namespace interdict
