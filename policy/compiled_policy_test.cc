// Tests of the evaluation semantics stated in compiled_policy.h, sentence by sentence.
#include "policy/compiled_policy.h"

#include <algorithm>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "policy/compiler.h"

namespace interdict {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

absl::Time Utc(int y, int m, int d, int h = 0, int min = 0) {
  return absl::FromCivil(absl::CivilSecond(y, m, d, h, min, 0), absl::UTCTimeZone());
}

v1::PolicyBundle Parse(const std::string& text) {
  v1::PolicyBundle bundle;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &bundle)) << text;
  return bundle;
}

std::shared_ptr<const CompiledPolicy> Compile(const v1::PolicyBundle& bundle) {
  auto compiled = PolicyCompiler().Compile(bundle);
  EXPECT_TRUE(compiled.ok()) << compiled.status();
  return compiled.ok() ? *compiled : nullptr;
}

std::shared_ptr<const CompiledPolicy> Compile(const std::string& text) {
  return Compile(Parse(text));
}

constexpr char kEntities[] = R"pb(
  entities { id: "kaspersky" name: "Kaspersky Lab" aliases: "AO Kaspersky Lab" aliases: "Kaspersky" }
  entities { id: "bytedance" name: "ByteDance Ltd." aliases: "TikTok Pte. Ltd." }
)pb";

// A binding US policy with one rule per test, built from `rule` text.
std::string UsPolicy(const std::string& rules, const std::string& extra = "") {
  return absl::StrCat(kEntities, R"pb(
    policies {
      id: "us.test"
      citation: "1 FR 1"
      source_url: "https://example.gov/1"
      binding: BINDING
      scope { jurisdictions: "US" }
      issued { date: "2024-06-20" zone: "America/New_York" }
      exemption_purposes: [SECURITY_RESEARCH, LAW_ENFORCEMENT]
      allow_blanket_exemptions: true
  )pb", rules, "}", extra);
}

constexpr char kDenyKasperskyUpdates[] = R"pb(
  rules {
    id: "updates"
    select { entity: "kaspersky" }
    actions: [UPDATE]
    steps { at { date: "2024-09-29" time: "00:00" zone: "America/New_York" } verdict: DENY }
  }
)pb";

class EvaluateTest : public ::testing::Test {
 protected:
  EvaluateTest() {
    artifact_.name = "Kaspersky Internet Security";
    artifact_.vendor = "AO Kaspersky Lab";
    artifact_.version = "21.3.10.391";
    context_.instant = Utc(2024, 10, 1);
    context_.action = v1::UPDATE;
    context_.jurisdictions = us_;
  }

  const Decision& Run(const CompiledPolicy& policy) {
    policy.Evaluate(artifact_, context_, &decision_);
    return decision_;
  }

  v1::Decision RunProto(const CompiledPolicy& policy) {
    Run(policy);
    v1::Decision out;
    EXPECT_TRUE(policy.ToProto(decision_, &out).ok());
    return out;
  }

  const absl::string_view us_[1] = {"US"};
  ArtifactView artifact_;
  ContextView context_;
  Decision decision_;
};

// 1. Evaluation is pure: the instant comes from the context, never from a clock.
TEST_F(EvaluateTest, InstantComesFromContextNotClock) {
  auto policy = Compile(UsPolicy(kDenyKasperskyUpdates));
  context_.instant = Utc(2020, 1, 1);
  EXPECT_EQ(Run(*policy).verdict(), v1::ALLOW);
  context_.instant = Utc(2030, 1, 1);
  EXPECT_EQ(Run(*policy).verdict(), v1::DENY);
}

// 2. Selector: the vendor names the entity through any alias, after normalisation.
TEST_F(EvaluateTest, VendorMatchesEntityThroughNormalisedAliases) {
  auto policy = Compile(UsPolicy(kDenyKasperskyUpdates));
  for (absl::string_view vendor : {"AO Kaspersky Lab", "KASPERSKY LAB", "  kaspersky-lab ", "Kaspersky"}) {
    artifact_.vendor = vendor;
    EXPECT_EQ(Run(*policy).verdict(), v1::DENY) << vendor;
  }
}

TEST_F(EvaluateTest, LegalFormsAndCaseBeyondAsciiDoNotHideAVendor) {
  auto policy = Compile(absl::StrCat(R"pb(
    entities { id: "kaspersky-ru" name: "АО «Лаборатория Касперского»" }
  )pb", UsPolicy(kDenyKasperskyUpdates)));
  for (absl::string_view vendor :
       {"Kaspersky Lab ZAO", "KASPERSKY LAB, JSC", "Kaspersky Lab, Inc.", "ZAO Kaspersky Lab",
        "Kaspersky Lab\xc2\xa0Ltd", "OOO Kaspersky Lab GmbH", "AO KASPERSKY LAB PJSC"}) {
    artifact_.vendor = vendor;
    EXPECT_EQ(Run(*policy).verdict(), v1::DENY) << vendor;
  }
  auto russian = Compile(absl::StrCat(R"pb(
    entities { id: "kaspersky-ru" name: "АО «Лаборатория Касперского»" }
    policies { id: "ru" citation: "C" binding: BINDING
      rules { id: "r" select { entity: "kaspersky-ru" } actions: [UPDATE]
              steps { at { date: "2024-01-01" zone: "UTC" } verdict: DENY } } }
  )pb"));
  for (absl::string_view vendor : {"ЛАБОРАТОРИЯ КАСПЕРСКОГО", "ЗАО Лаборатория Касперского", "ао лаборатория касперского"}) {
    artifact_.vendor = vendor;
    EXPECT_EQ(Run(*russian).verdict(), v1::DENY) << vendor;
  }
}

// A corporate family: the holding controls the Russian company, which controls the US
// one; the UK one is the holding's too; "Renamed" carries on the US company's business.
constexpr char kFamily[] = R"pb(
  entities { id: "holding" name: "Example Holding" }
  entities { id: "ru" name: "Example Lab" aliases: "AO Example Lab"
             relations { kind: SUBSIDIARY_OF entity: "holding" source: "annual report" } }
  entities { id: "us" name: "Example Lab Inc US" relations { kind: CONTROLLED_BY entity: "ru" } }
  entities { id: "uk" name: "Example Labs UK" relations { kind: MAJORITY_OWNED_BY entity: "holding" } }
  entities { id: "renamed" name: "Renamed Security" relations { kind: SUCCESSOR_OF entity: "us" } }
  entities { id: "other" name: "Other Vendor" }
)pb";

std::string FamilyRule(const std::string& flags) {
  return absl::StrCat(kFamily, R"pb(
    policies { id: "p" citation: "C" binding: BINDING
      rules { id: "r" select { entity: "ru" )pb", flags, R"pb( } actions: [RUN]
              steps { at { date: "2024-01-01" zone: "UTC" } verdict: DENY } } }
  )pb");
}

TEST_F(EvaluateTest, RelatedEntitiesMatchOnlyWhenTheSelectorAsks) {
  context_.action = v1::RUN;
  auto matches = [this](const std::string& flags) {
    auto policy = Compile(FamilyRule(flags));
    std::string out;
    for (absl::string_view vendor : {"Example Holding", "AO Example Lab", "Example Lab Inc US",
                                     "Example Labs UK Ltd", "Renamed Security", "Other Vendor"}) {
      artifact_.vendor = vendor;
      if (Run(*policy).matched()) absl::StrAppend(&out, out.empty() ? "" : ",", vendor);
    }
    return out;
  };
  EXPECT_EQ(matches(""), "AO Example Lab");
  EXPECT_EQ(matches("include_subsidiaries: true"), "AO Example Lab,Example Lab Inc US");
  EXPECT_EQ(matches("include_affiliates: true"),
            "Example Holding,AO Example Lab,Example Lab Inc US,Example Labs UK Ltd");
  EXPECT_EQ(matches("include_successors: true"), "AO Example Lab");
  EXPECT_EQ(matches("include_subsidiaries: true include_successors: true"),
            "AO Example Lab,Example Lab Inc US,Renamed Security");
}

TEST_F(EvaluateTest, DecisionNamesTheVendorEntityMatchedThroughARelation) {
  context_.action = v1::RUN;
  auto policy = Compile(FamilyRule("include_subsidiaries: true"));
  artifact_.vendor = "Example Lab Inc US";
  v1::Decision d = RunProto(*policy);
  EXPECT_EQ(d.vendor_entity(), "us");
  ASSERT_EQ(d.matches_size(), 1);
  EXPECT_EQ(d.matches(0).matched_value(), "ru");
  artifact_.vendor = "Nobody";
  EXPECT_EQ(RunProto(*policy).vendor_entity(), "");
}

TEST_F(EvaluateTest, ExemptionSubsetReachesRelatedEntities) {
  context_.action = v1::RUN;
  context_.asset_id = "lab-1";
  auto policy = Compile(absl::StrCat(FamilyRule("include_affiliates: true"), R"pb(
    policies { id: "q" citation: "C" binding: BINDING exemption_purposes: [SECURITY_RESEARCH]
      rules { id: "r" select { entity: "holding" include_subsidiaries: true } actions: [RUN]
              steps { at { date: "2024-01-01" zone: "UTC" } verdict: DENY } } }
    exemptions { id: "EX-1" exempts { policy: "q" } assets: ["lab-1"] purpose: SECURITY_RESEARCH
                 artifacts { entity: "ru" include_subsidiaries: true }
                 valid { from: "2024-01-01" until: "2030-01-01" zone: "UTC" } }
  )pb"));
  artifact_.vendor = "Example Lab Inc US";  // A subsidiary of ru: q/r is exempted, p/r is not.
  v1::Decision d = RunProto(*policy);
  ASSERT_EQ(d.matches_size(), 2);
  EXPECT_EQ(d.matches(0).state(), v1::IN_FORCE);
  EXPECT_EQ(d.matches(1).state(), v1::EXEMPTED);
  artifact_.vendor = "Example Labs UK";  // Not below ru: q/r stays in force.
  d = RunProto(*policy);
  ASSERT_EQ(d.exemptions_size(), 1);
  EXPECT_EQ(d.exemptions(0).reason(), v1::ARTIFACT_NOT_COVERED);
}

TEST_F(EvaluateTest, SignerOrCpeVendorNamesTheEntityWhenTheVendorDoesNot) {
  auto policy = Compile(UsPolicy(kDenyKasperskyUpdates));
  artifact_.vendor = "";
  artifact_.signer_subject = "CN=AO Kaspersky Lab, O=AO Kaspersky Lab, L=Moscow, C=RU";
  v1::Decision d = RunProto(*policy);
  EXPECT_EQ(d.verdict(), v1::DENY);
  EXPECT_EQ(d.vendor_entity(), "kaspersky");
  artifact_.signer_subject = "";
  artifact_.cpe = "cpe:2.3:a:kaspersky_lab:anti-virus:21.3:*:*:*:*:*:*:*";
  EXPECT_EQ(RunProto(*policy).verdict(), v1::DENY);
  artifact_.cpe = "cpe:2.3:a:kasperski:anti-virus:21.3:*:*:*:*:*:*:*";
  EXPECT_FALSE(Run(*policy).matched());
  // The vendor string, when it names an entity, wins: one entity per artifact.
  artifact_.vendor = "TikTok Pte. Ltd.";
  artifact_.signer_subject = "CN=AO Kaspersky Lab";
  EXPECT_FALSE(Run(*policy).matched());
  EXPECT_EQ(RunProto(*policy).vendor_entity(), "bytedance");
}

TEST_F(EvaluateTest, PurlNamespaceNamesTheEntityWhenNothingElseDoes) {
  const std::string rules = R"pb(
    rules { id: "all" select { entity: "bytedance" } actions: [UPDATE]
            steps { at { date: "2023-01-01" zone: "UTC" } verdict: DENY } }
  )pb";
  auto policy = Compile(absl::StrCat(
      R"pb(entities { id: "kaspersky" name: "Kaspersky Lab" }
           entities { id: "bytedance" name: "ByteDance Ltd."
                      package_namespaces: ["pkg:npm/%40bytedance", "pkg:github/bytedance"] })pb",
      absl::StrCat(R"pb(policies { id: "p" citation: "C" binding: BINDING )pb", rules, "}")));
  artifact_.vendor = "";
  for (absl::string_view purl : {"pkg:npm/%40bytedance/mona@2.1.0", "pkg:github/ByteDance/sonic",
                                 "pkg:NPM/%40bytedance/x"}) {
    artifact_.purl = purl;
    v1::Decision d = RunProto(*policy);
    EXPECT_EQ(d.verdict(), v1::DENY) << purl;
    EXPECT_EQ(d.vendor_entity(), "bytedance") << purl;
  }
  // Other namespaces, a namespace-less purl, a look-alike scope, and a purl that does
  // not parse (reported) name no entity.
  for (absl::string_view purl : {"pkg:npm/bytedance-fans/x", "pkg:npm/bytedance", "pkg:github/bytedanc/x",
                                 "pkg:npm/%40bytedance/%zz"}) {
    artifact_.purl = purl;
    v1::Decision d = RunProto(*policy);
    EXPECT_EQ(d.matches_size(), 0) << purl;
    EXPECT_EQ(d.vendor_entity(), "") << purl;
  }
  EXPECT_EQ(RunProto(*policy).artifact_problems_size(), 1);
  // A vendor string naming an entity wins.
  artifact_.purl = "pkg:npm/%40bytedance/mona@2.1.0";
  artifact_.vendor = "Kaspersky Lab";
  EXPECT_EQ(RunProto(*policy).vendor_entity(), "kaspersky");
  EXPECT_FALSE(Run(*policy).matched());
}

TEST_F(EvaluateTest, LookAlikeVendorNeverMatches) {
  auto policy = Compile(UsPolicy(kDenyKasperskyUpdates));
  for (absl::string_view vendor : {"Kasperski Consulting GmbH", "Kaspersky Lab Fans Club", "Pango Group", "",
                                    "Kaspersky Labs Ltd", "Lab", "AO", "Kaspersky Lab Holding"}) {
    artifact_.vendor = vendor;
    EXPECT_FALSE(Run(*policy).matched()) << vendor;
  }
}

TEST_F(EvaluateTest, ProductExactPrefixAndRegexMatchCaseInsensitively) {
  auto policy = Compile(UsPolicy(R"pb(
    rules { id: "exact" select { product { exact: "TikTok" } } actions: [RUN]
            steps { at { date: "2023-01-01" zone: "UTC" } verdict: DENY } }
    rules { id: "prefix" select { product { prefix: "Kaspersky Endpoint" } } actions: [RUN]
            steps { at { date: "2023-01-01" zone: "UTC" } verdict: DENY } }
    rules { id: "regex" select { product { regex: "Kaspersky (Free|Total Security)( \\d+)?" } } actions: [RUN]
            steps { at { date: "2023-01-01" zone: "UTC" } verdict: DENY } }
  )pb"));
  context_.action = v1::RUN;
  struct Case {
    absl::string_view name;
    absl::string_view rule;  // Empty: no match.
  } cases[] = {
      {"tiktok", "exact"},
      {"TikTok ", "exact"},
      {"TikTok Lite", ""},
      {"Kaspersky Endpoint Security for Windows", "prefix"},
      {"KASPERSKY ENDPOINT", "prefix"},
      {"Kaspersky Endpointless", "prefix"},  // Prefixes are on bytes of the normalised name.
      {"Kaspersky Free", "regex"},
      {"kaspersky total security 21", "regex"},
      {"Kaspersky Free Trial", ""},  // Regexes must match the whole name.
      {"\xe2\x84\xaa" "aspersky Free", "regex"},  // KELVIN SIGN folds to k, as in RE2.
      {"Google Chrome", ""},
  };
  for (const Case& c : cases) {
    artifact_.name = c.name;
    artifact_.vendor = "";
    const Decision& d = Run(*policy);
    if (c.rule.empty()) {
      EXPECT_FALSE(d.matched()) << c.name;
    } else {
      ASSERT_EQ(d.matches().size(), 1u) << c.name;
      EXPECT_EQ(policy->DescribeRule(d.matches()[0].rule).rule_id, c.rule) << c.name;
    }
  }
}

TEST_F(EvaluateTest, ExclusionsRemoveProductsOfTheEntity) {
  auto policy = Compile(UsPolicy(R"pb(
    rules {
      id: "all-but-ti"
      select { entity: "kaspersky" exclude_products { prefix: "Kaspersky Threat Intelligence" } }
      actions: [UPDATE]
      steps { at { date: "2024-01-01" zone: "UTC" } verdict: DENY }
    }
  )pb"));
  EXPECT_EQ(Run(*policy).verdict(), v1::DENY);
  artifact_.name = "Kaspersky Threat Intelligence Portal";
  EXPECT_FALSE(Run(*policy).matched());
}

TEST_F(EvaluateTest, VersionRangeIsHalfOpenByDefault) {
  auto policy = Compile(UsPolicy(R"pb(
    rules {
      id: "old"
      select { entity: "kaspersky" version { min: "9.5" max: "18.4" } }
      actions: [UPDATE]
      steps { at { date: "2024-01-01" zone: "UTC" } verdict: DENY }
    }
  )pb"));
  for (auto [version, matched] : std::vector<std::pair<absl::string_view, bool>>{
           {"9.4.9", false}, {"9.5", true}, {"12.1.0", true}, {"18.3.99", true},
           {"18.4", false}, {"21.3", false}, {"", false}}) {
    artifact_.version = version;
    EXPECT_EQ(Run(*policy).matched(), matched) << version;
  }
}

TEST_F(EvaluateTest, VersionRangeOrdersByItsScheme) {
  auto policy = Compile(UsPolicy(R"pb(
    rules {
      id: "deb"
      select { entity: "kaspersky" version { scheme: DEBIAN min: "1:0" } }
      actions: [UPDATE]
      steps { at { date: "2024-01-01" zone: "UTC" } verdict: DENY }
    }
  )pb"));
  artifact_.version = "1:0.9~rc1-2";  // Epoch 1: inside.
  EXPECT_TRUE(Run(*policy).matched());
  artifact_.version = "11.0-1";  // No epoch: below 1:0.
  EXPECT_FALSE(Run(*policy).matched());
  EXPECT_TRUE(decision_.artifact_problems().empty());
}

TEST_F(EvaluateTest, UnreadableVersionIsReportedNotSilentlyUnmatched) {
  auto policy = Compile(UsPolicy(R"pb(
    rules {
      id: "semver"
      select { entity: "kaspersky" version { scheme: SEMVER min: "1.0.0" max: "2.0.0" } }
      actions: [UPDATE]
      steps { at { date: "2024-01-01" zone: "UTC" } verdict: DENY }
    }
  )pb"));
  artifact_.version = "v1.5.0";
  v1::Decision d = RunProto(*policy);
  EXPECT_EQ(d.verdict(), v1::ALLOW);
  EXPECT_EQ(d.matches_size(), 0);
  ASSERT_EQ(d.artifact_problems_size(), 1);
  EXPECT_EQ(d.artifact_problems(0).policy_id(), "us.test");
  EXPECT_EQ(d.artifact_problems(0).rule_id(), "semver");
  EXPECT_EQ(d.artifact_problems(0).exemption_id(), "");
  EXPECT_EQ(d.artifact_problems(0).field(), v1::ARTIFACT_VERSION);
  EXPECT_EQ(d.artifact_problems(0).value(), "v1.5.0");
  EXPECT_EQ(d.artifact_problems(0).problem(), "not a valid semver version: major is not a number");
  EXPECT_THAT(d.explanation(),
              HasSubstr("Could not read: us.test/semver: version \"v1.5.0\" is not a valid semver "
                        "version: major is not a number."));
  // A readable version outside the range is simply not matched: no problem.
  artifact_.version = "2.1.0";
  EXPECT_TRUE(RunProto(*policy).artifact_problems().empty());
  // No version at all is absence, not malformation.
  artifact_.version = "";
  EXPECT_TRUE(RunProto(*policy).artifact_problems().empty());
}

TEST_F(EvaluateTest, UnreadableVersionInAnExemptionSubsetIsReported) {
  auto policy = Compile(UsPolicy(kDenyKasperskyUpdates, R"pb(
    exemptions {
      id: "EX-W"
      exempts { policy: "us.test" rules: ["updates"] }
      artifacts { entity: "kaspersky" version { scheme: WINDOWS max: "22.0" } }
      assets: ["lab-1"]
      purpose: SECURITY_RESEARCH
      valid { from: "2024-09-01" until: "2025-01-01" zone: "UTC" }
    }
  )pb"));
  context_.asset_id = "lab-1";
  artifact_.version = "21.3 beta";
  v1::Decision d = RunProto(*policy);
  EXPECT_EQ(d.verdict(), v1::DENY);
  ASSERT_EQ(d.exemptions_size(), 1);
  EXPECT_EQ(d.exemptions(0).reason(), v1::ARTIFACT_NOT_COVERED);
  ASSERT_EQ(d.artifact_problems_size(), 1);
  EXPECT_EQ(d.artifact_problems(0).rule_id(), "updates");
  EXPECT_EQ(d.artifact_problems(0).exemption_id(), "EX-W");
  EXPECT_EQ(d.artifact_problems(0).problem(),
            "not a valid windows version: has a part that is not a decimal number");
  artifact_.version = "21.3.10.391";
  EXPECT_EQ(RunProto(*policy).verdict(), v1::ALLOW);
}

TEST_F(EvaluateTest, InvalidVersionBoundIsACompileErrorWithItsPath) {
  auto compiled = PolicyCompiler().Compile(Parse(UsPolicy(R"pb(
    rules {
      id: "rpm"
      select { entity: "kaspersky" version { scheme: RPM min: "1.0-" } }
      actions: [UPDATE]
      steps { at { date: "2024-01-01" zone: "UTC" } verdict: DENY }
    }
  )pb")));
  ASSERT_FALSE(compiled.ok());
  EXPECT_THAT(std::string(compiled.status().message()),
              HasSubstr("policies[0].rules[0].select.version: min \"1.0-\" is not a valid rpm version: "
                        "release is empty"));
}

constexpr char kCurlRule[] = R"pb(
  rules {
    id: "curl"
    select { package { purl: "pkg:deb/debian/curl" vers: "vers:deb/>=7.0|<8.0" } }
    actions: [UPDATE]
    steps { at { date: "2024-01-01" zone: "UTC" } verdict: DENY }
  }
)pb";

TEST_F(EvaluateTest, PackageRuleMatchesTheNormalisedPurlWithinItsVersRange) {
  auto policy = Compile(UsPolicy(kCurlRule));
  artifact_.name = "curl";
  artifact_.vendor = "";
  artifact_.version = "";
  for (auto [purl, matched] : std::vector<std::pair<absl::string_view, bool>>{
           {"pkg:deb/debian/curl@7.88.1-10+deb12u5?arch=amd64", true},
           {"pkg:DEB/Debian/CURL@7.88.1-10", true},   // deb names are case-insensitive
           {"pkg:deb/debian/curl@7.0~rc1", false},    // below 7.0 in dpkg order
           {"pkg:deb/debian/curl@8.0", false},
           {"pkg:deb/debian/curl", false},            // no version: outside a bounded range
           {"pkg:deb/ubuntu/curl@7.88.1", false},     // another namespace
           {"pkg:rpm/fedora/curl@7.88.1", false},     // another type
           {"", false}}) {
    artifact_.purl = purl;
    v1::Decision d = RunProto(*policy);
    EXPECT_EQ(d.matches_size() == 1, matched) << purl;
    EXPECT_EQ(d.artifact_problems_size(), 0) << purl;
    if (matched) {
      EXPECT_EQ(d.matches(0).basis(), v1::PACKAGE_URL);
      EXPECT_EQ(d.matches(0).matched_value(), "pkg:deb/debian/curl vers:deb/>=7.0|<8.0");
    }
  }
}

TEST_F(EvaluateTest, UnparseablePurlAndUnreadablePurlVersionAreReported) {
  auto policy = Compile(UsPolicy(kCurlRule));
  artifact_.purl = "pkg:deb/curl@";
  v1::Decision d = RunProto(*policy);
  EXPECT_EQ(d.matches_size(), 0);
  ASSERT_EQ(d.artifact_problems_size(), 1);
  EXPECT_EQ(d.artifact_problems(0).rule_id(), "");
  EXPECT_EQ(d.artifact_problems(0).field(), v1::ARTIFACT_PURL);
  EXPECT_EQ(d.artifact_problems(0).value(), "pkg:deb/curl@");
  EXPECT_EQ(d.artifact_problems(0).problem(), "not a valid purl: has an empty version after '@'");
  EXPECT_THAT(d.explanation(), HasSubstr("Could not read: artifact: purl \"pkg:deb/curl@\" is not a "
                                         "valid purl: has an empty version after '@'."));
  artifact_.purl = "pkg:deb/debian/curl@v7.88";
  d = RunProto(*policy);
  ASSERT_EQ(d.artifact_problems_size(), 1);
  EXPECT_EQ(d.artifact_problems(0).rule_id(), "curl");
  EXPECT_EQ(d.artifact_problems(0).field(), v1::ARTIFACT_PURL_VERSION);
  EXPECT_EQ(d.artifact_problems(0).value(), "v7.88");
  EXPECT_EQ(d.artifact_problems(0).problem(),
            "not a valid deb version: upstream version does not start with a digit");
}

TEST_F(EvaluateTest, ExemptionSubsetCanSelectAPackage) {
  auto policy = Compile(UsPolicy(kCurlRule, R"pb(
    exemptions {
      id: "EX-P"
      exempts { policy: "us.test" }
      artifacts { package { purl: "pkg:deb/debian/curl" vers: "vers:deb/<7.50" } }
      assets: ["lab-1"]
      purpose: SECURITY_RESEARCH
      valid { from: "2024-09-01" until: "2025-01-01" zone: "UTC" }
    }
  )pb"));
  context_.asset_id = "lab-1";
  artifact_.purl = "pkg:deb/debian/curl@7.40";
  EXPECT_EQ(RunProto(*policy).verdict(), v1::ALLOW);
  artifact_.purl = "pkg:deb/debian/curl@7.88";
  v1::Decision d = RunProto(*policy);
  EXPECT_EQ(d.verdict(), v1::DENY);
  EXPECT_EQ(d.exemptions(0).reason(), v1::ARTIFACT_NOT_COVERED);
}

TEST_F(EvaluateTest, PackageSelectorErrorsNameTheirField) {
  auto errors = [](const std::string& select) {
    auto compiled = PolicyCompiler().Compile(Parse(UsPolicy(absl::StrCat(R"pb(
      rules { id: "r" select { )pb", select, R"pb( } actions: [UPDATE]
              steps { at { date: "2024-01-01" zone: "UTC" } verdict: DENY } })pb"))));
    return compiled.ok() ? std::string("compiled") : std::string(compiled.status().message());
  };
  EXPECT_THAT(errors(R"pb(package { purl: "deb/debian/curl" })pb"),
              HasSubstr("select.package.purl: invalid purl \"deb/debian/curl\": does not start with "
                        "\"pkg:\""));
  EXPECT_THAT(errors(R"pb(package { purl: "pkg:deb/debian/curl@7.0" })pb"),
              HasSubstr("select.package.purl: \"pkg:deb/debian/curl@7.0\" must name a package only"));
  EXPECT_THAT(errors(R"pb(package { purl: "pkg:deb/debian/curl" vers: "vers:deb/>=7.0|>=8.0" })pb"),
              HasSubstr("select.package.vers: invalid vers"));
  EXPECT_THAT(errors(R"pb(package { })pb"), HasSubstr("select.package.purl: required"));
  EXPECT_THAT(errors(R"pb(entity: "kaspersky" package { purl: "pkg:deb/debian/kesl" })pb"),
              HasSubstr("select.package: cannot be combined with entity, product, exclude_products or "
                        "version"));
}

std::string IdentifierRule(const std::string& select) {
  return UsPolicy(absl::StrCat(R"pb(
    rules { id: "ids" select { )pb", select, R"pb( } actions: [UPDATE]
            steps { at { date: "2024-01-01" zone: "UTC" } verdict: DENY } }
  )pb"));
}

TEST_F(EvaluateTest, EveryIdentifierKindSelectsInItsNormalForm) {
  const std::string sha256(64, 'c');
  const std::string sha1(40, 'd');
  struct Case {
    std::string selector;
    std::function<void(ArtifactView*)> set;
  };
  const std::string upper256(64, 'C');
  const std::string upper1(40, 'D');
  const std::vector<Case> cases = {
      {absl::StrCat("identifiers { sha256: \"", sha256, "\" }"), [&](ArtifactView* a) { a->sha256 = upper256; }},
      {absl::StrCat("identifiers { sha1: \"", sha1, "\" }"), [&](ArtifactView* a) { a->sha1 = upper1; }},
      {"identifiers { signer_subject: \"Kaspersky Lab\" }",
       [](ArtifactView* a) { a->signer_subject = "CN=AO Kaspersky Lab, O=AO Kaspersky Lab, L=Moscow, C=RU"; }},
      {"identifiers { certificate_thumbprint: \"ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef:01\" }",
       [](ArtifactView* a) { a->certificate_thumbprint = "ABCDEF0123456789ABCDEF0123456789ABCDEF01"; }},
      {"identifiers { team_id: \"2Y8XE5CQ94\" }", [](ArtifactView* a) { a->team_id = "2y8xe5cq94"; }},
      {"identifiers { signing_id: \"2Y8XE5CQ94:com.kaspersky.kav\" }",
       [](ArtifactView* a) { a->signing_id = "2y8xe5cq94:com.kaspersky.kav"; }},
      {"identifiers { bundle_id_prefix: \"com.kaspersky.\" }",
       [](ArtifactView* a) { a->bundle_id = "com.Kaspersky.KAV"; }},
      {"identifiers { msi_product_code: \"{2A2A0D8B-7C4E-4A1D-9F4A-0D1E2F3A4B5C}\" }",
       [](ArtifactView* a) { a->msi_product_code = "2a2a0d8b-7c4e-4a1d-9f4a-0d1e2f3a4b5c"; }},
      {"identifiers { msi_upgrade_code: \"2a2a0d8b-7c4e-4a1d-9f4a-0d1e2f3a4b5c\" }",
       [](ArtifactView* a) { a->msi_upgrade_code = "{2A2A0D8B-7C4E-4A1D-9F4A-0D1E2F3A4B5C}"; }},
      {"identifiers { install_path_prefix: \"C:\\\\Program Files\\\\Kaspersky Lab\\\\\" }",
       [](ArtifactView* a) { a->install_path = "c:/program files/kaspersky lab/kes/avp.exe"; }},
      {"identifiers { cpe { criteria: \"cpe:2.3:a:kaspersky:anti-virus:*:*:*:*:*:*:*:*\" "
       "version_start_including: \"21.0\" version_end_excluding: \"22.0\" } }",
       [](ArtifactView* a) { a->cpe = "cpe:2.3:a:Kaspersky:Anti-Virus:21.3.10.391:*:*:*:*:*:*:*"; }},
      {"identifiers { install_path_glob: \"C:\\\\Program Files*\\\\Kaspersky Lab\\\\**\" }",
       [](ArtifactView* a) { a->install_path = "C:\\Program Files (x86)\\Kaspersky Lab\\KES\\avp.exe"; }},
  };
  for (const Case& c : cases) {
    auto policy = Compile(IdentifierRule(c.selector));
    ASSERT_NE(policy, nullptr) << c.selector;
    ArtifactView artifact;
    artifact.name = "anything";
    EXPECT_FALSE([&] { policy->Evaluate(artifact, context_, &decision_); return decision_.matched(); }())
        << c.selector;
    c.set(&artifact);
    v1::Decision d;
    policy->Evaluate(artifact, context_, &decision_);
    ASSERT_TRUE(policy->ToProto(decision_, &d).ok());
    EXPECT_EQ(d.verdict(), v1::DENY) << c.selector;
    ASSERT_EQ(d.matches_size(), 1) << c.selector;
    EXPECT_EQ(d.matches(0).basis(), v1::IDENTIFIER);
    EXPECT_EQ(d.artifact_problems_size(), 0) << c.selector;
  }
}

TEST_F(EvaluateTest, IdentifierRuleAlsoChecksItsEntityAndMatchesOnce) {
  auto policy = Compile(IdentifierRule(
      "entity: \"kaspersky\" identifiers { team_id: \"2Y8XE5CQ94\" } identifiers { signing_id: "
      "\"2Y8XE5CQ94:com.kaspersky.kav\" }"));
  artifact_.team_id = "2Y8XE5CQ94";
  artifact_.signing_id = "2Y8XE5CQ94:com.kaspersky.kav";
  EXPECT_EQ(Run(*policy).matches().size(), 1u);  // Reached twice, matched once.
  artifact_.vendor = "Someone Else";
  EXPECT_FALSE(Run(*policy).matched());
}

TEST_F(EvaluateTest, MalformedArtifactIdentifierIsReported) {
  auto policy = Compile(IdentifierRule("identifiers { msi_product_code: \"{2A2A0D8B-7C4E-4A1D-9F4A-0D1E2F3A4B5C}\" }"));
  artifact_.msi_product_code = "{not-a-guid}";
  v1::Decision d = RunProto(*policy);
  EXPECT_EQ(d.matches_size(), 0);
  ASSERT_EQ(d.artifact_problems_size(), 1);
  EXPECT_EQ(d.artifact_problems(0).field(), v1::ARTIFACT_MSI_PRODUCT_CODE);
  EXPECT_EQ(d.artifact_problems(0).problem(),
            "not a valid MSI product code: expected a GUID: hex digits grouped 8-4-4-4-12, braces optional");
  EXPECT_THAT(d.explanation(), HasSubstr("artifact: msi_product_code \"{not-a-guid}\" is not a valid MSI product code"));
  // A field no rule needs is not read, so not reported.
  artifact_.sha256 = "xyz";
  EXPECT_EQ(RunProto(*policy).artifact_problems_size(), 1);
}

TEST_F(EvaluateTest, CpeRulesApplyNvdVersionBoundsAndReportUnreadableCpes) {
  auto policy = Compile(IdentifierRule(
      "identifiers { cpe { criteria: \"cpe:2.3:a:kaspersky:*:*:*:*:*:*:*:*:*\" "
      "version_end_including: \"21.3\" scheme: WINDOWS } }"));
  for (auto [cpe, matched] : std::vector<std::pair<absl::string_view, bool>>{
           {"cpe:2.3:a:kaspersky:anti-virus:21.3:*:*:*:*:*:*:*", true},
           {"cpe:2.3:a:kaspersky:endpoint_security:11.0.0.1:*:*:*:*:*:*:*", true},  // unkeyed rule
           {"cpe:2.3:a:kaspersky:anti-virus:21.3.0.1:*:*:*:*:*:*:*", false},
           {"cpe:2.3:a:kaspersky:anti-virus:*:*:*:*:*:*:*:*", false},  // ANY cannot be placed
           {"cpe:2.3:a:kasperski:anti-virus:1.0:*:*:*:*:*:*:*", false}}) {
    artifact_.cpe = cpe;
    v1::Decision d = RunProto(*policy);
    EXPECT_EQ(d.matches_size() == 1, matched) << cpe;
    EXPECT_EQ(d.artifact_problems_size(), 0) << cpe;
  }
  artifact_.cpe = "cpe:/a:kaspersky:anti-virus:21.3";
  v1::Decision d = RunProto(*policy);
  ASSERT_EQ(d.artifact_problems_size(), 1);
  EXPECT_EQ(d.artifact_problems(0).field(), v1::ARTIFACT_CPE);
  EXPECT_EQ(d.artifact_problems(0).problem(),
            "not a valid CPE 2.3 name: does not start with cpe:2.3: (a CPE 2.3 formatted string)");
  artifact_.cpe = "cpe:2.3:a:kaspersky:anti-virus:21.3beta:*:*:*:*:*:*:*";
  d = RunProto(*policy);
  ASSERT_EQ(d.artifact_problems_size(), 1);
  EXPECT_EQ(d.artifact_problems(0).field(), v1::ARTIFACT_CPE_VERSION);
  EXPECT_EQ(d.artifact_problems(0).value(), "21.3beta");
}

TEST_F(EvaluateTest, ExemptionSubsetCanNameIdentifiers) {
  auto policy = Compile(UsPolicy(kDenyKasperskyUpdates, R"pb(
    exemptions {
      id: "EX-HASH"
      exempts { policy: "us.test" }
      artifacts {
        identifiers { sha256: "1111111111111111111111111111111111111111111111111111111111111111" }
        identifiers { install_path_glob: "C:\\Lab\\**" }
      }
      assets: ["lab-1"]
      purpose: SECURITY_RESEARCH
      valid { from: "2024-09-01" until: "2025-01-01" zone: "UTC" }
    }
  )pb"));
  context_.asset_id = "lab-1";
  EXPECT_EQ(RunProto(*policy).verdict(), v1::DENY);  // Neither identifier.
  const std::string hash(64, '1');
  artifact_.sha256 = hash;
  EXPECT_EQ(RunProto(*policy).verdict(), v1::ALLOW);
  artifact_.sha256 = "";
  artifact_.install_path = "c:\\lab\\samples\\kis.exe";
  EXPECT_EQ(RunProto(*policy).verdict(), v1::ALLOW);
  artifact_.install_path = "";
  artifact_.sha256 = "zz";
  v1::Decision d = RunProto(*policy);
  EXPECT_EQ(d.verdict(), v1::DENY);
  ASSERT_EQ(d.artifact_problems_size(), 1);
  EXPECT_EQ(d.artifact_problems(0).exemption_id(), "EX-HASH");
  EXPECT_EQ(d.artifact_problems(0).field(), v1::ARTIFACT_SHA256);
  EXPECT_EQ(d.artifact_problems(0).value(), "zz");
}

TEST_F(EvaluateTest, IdentifierErrorsNameTheirField) {
  auto errors = [](const std::string& select) {
    auto compiled = PolicyCompiler().Compile(Parse(IdentifierRule(select)));
    return compiled.ok() ? std::string("compiled") : std::string(compiled.status().message());
  };
  EXPECT_THAT(errors("identifiers { sha256: \"abc\" }"),
              HasSubstr("select.identifiers[0].sha256: \"abc\": expected 64 hex digits"));
  EXPECT_THAT(errors("identifiers { team_id: \"x\" } identifiers { signing_id: \"com.x\" }"),
              HasSubstr("select.identifiers[1].signing_id: \"com.x\": expected TEAMID:bundle.id"));
  EXPECT_THAT(errors("identifiers { install_path_glob: \"C:\\\\Program Files\" }"),
              HasSubstr("select.identifiers[0].install_path_glob: \"C:\\Program Files\": has no wildcard"));
  EXPECT_THAT(errors("identifiers { }"), HasSubstr("select.identifiers[0]: required: one of sha256"));
  EXPECT_THAT(errors("identifiers { cpe { criteria: \"cpe:2.3:a:kaspersky\" } }"),
              HasSubstr("select.identifiers[0].cpe.criteria: \"cpe:2.3:a:kaspersky\": expected 11 attributes"));
  EXPECT_THAT(errors("identifiers { cpe { criteria: \"cpe:2.3:a:k:p:1:*:*:*:*:*:*:*\" version_end_excluding: \"2\" } }"),
              HasSubstr("select.identifiers[0].cpe: version bounds need the criteria's version to be * (ANY)"));
  EXPECT_THAT(errors("identifiers { cpe { criteria: \"cpe:2.3:a:k:p:*:*:*:*:*:*:*:*\" version_start_including: \"2\" "
                     "version_start_excluding: \"1\" } }"),
              HasSubstr("select.identifiers[0].cpe: version_start_including and version_start_excluding are exclusive"));
  EXPECT_THAT(errors("identifiers { sha1: \"0000000000000000000000000000000000000000\" } package { purl: \"pkg:deb/debian/x\" }"),
              HasSubstr("select.identifiers: cannot be combined with package"));
}

constexpr char kComponentRules[] = R"pb(
  rules {
    id: "in-whole-or-in-part"
    select { entity: "kaspersky" include_components: true }
    actions: [UPDATE]
    steps { at { date: "2024-01-01" zone: "UTC" } verdict: DENY }
  }
  rules {
    id: "the-product-itself"
    select { entity: "kaspersky" }
    actions: [UPDATE]
    steps { at { date: "2024-01-01" zone: "UTC" } verdict: WARN }
  }
)pb";

// An appliance whose updater bundles a Kaspersky SDK two levels down.
v1::Artifact Appliance() {
  v1::Artifact appliance;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(R"pb(
    name: "Acme Gateway" vendor: "Acme Inc" version: "5.0"
    components {
      name: "Acme Updater" vendor: "Acme Inc"
      components { name: "Anti-Virus SDK" vendor: "AO Kaspersky Lab" version: "8.9" }
    }
    components { name: "OpenSSL" vendor: "OpenSSL Project" }
  )pb", &appliance));
  return appliance;
}

TEST_F(EvaluateTest, IncludeComponentsMatchesAnyDepthAndReportsThePath) {
  auto policy = Compile(UsPolicy(kComponentRules));
  v1::EvaluationContext context;
  context.mutable_instant()->set_seconds(absl::ToUnixSeconds(Utc(2024, 10, 1)));
  context.set_action(v1::UPDATE);
  context.add_jurisdictions("US");
  absl::StatusOr<v1::Decision> d = policy->Evaluate(Appliance(), context);
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->verdict(), v1::DENY);
  ASSERT_EQ(d->matches_size(), 1);  // The product-itself rule ignores components.
  EXPECT_EQ(d->matches(0).rule_id(), "in-whole-or-in-part");
  EXPECT_THAT(d->matches(0).component_path(), ElementsAre("Acme Gateway", "Acme Updater", "Anti-Virus SDK"));
}

TEST_F(EvaluateTest, ARuleMatchingTheArtifactItselfIsNotRepeatedForItsComponents) {
  auto policy = Compile(UsPolicy(kComponentRules));
  v1::Artifact suite = Appliance();
  suite.set_vendor("Kaspersky");
  const ArtifactViewTree tree(suite);
  policy->Evaluate(tree.root(), context_, &decision_);
  ASSERT_EQ(decision_.matches().size(), 2u);
  for (const Decision::Match& match : decision_.matches()) EXPECT_EQ(match.component_path_size, 0u);
}

TEST_F(EvaluateTest, ComponentsBeyondTheDepthLimitAreReportedNotExamined) {
  CompileOptions options;
  options.max_component_depth = 1;
  auto policy = PolicyCompiler(options).Compile(Parse(UsPolicy(kComponentRules)));
  ASSERT_TRUE(policy.ok()) << policy.status();
  const v1::Artifact appliance = Appliance();
  const ArtifactViewTree tree(appliance);
  (*policy)->Evaluate(tree.root(), context_, &decision_);
  v1::Decision d;
  ASSERT_TRUE((*policy)->ToProto(decision_, &d).ok());
  EXPECT_EQ(d.matches_size(), 0);
  ASSERT_EQ(d.artifact_problems_size(), 1);
  EXPECT_EQ(d.artifact_problems(0).field(), v1::ARTIFACT_COMPONENTS);
  EXPECT_THAT(d.explanation(), HasSubstr("artifact: components of \"Acme Gateway\": components nested deeper"));
  options.max_component_depth = 1000;
  EXPECT_THAT(std::string(PolicyCompiler(options).Compile(Parse(UsPolicy(kComponentRules))).status().message()),
              HasSubstr("max_component_depth is 1000; at most 64 is supported"));
}

TEST_F(EvaluateTest, RuleNotGoverningTheActionIsNotConsidered) {
  auto policy = Compile(UsPolicy(kDenyKasperskyUpdates));
  context_.action = v1::RUN;
  EXPECT_FALSE(Run(*policy).matched());
  context_.action = v1::ACTION_UNSPECIFIED;
  EXPECT_FALSE(Run(*policy).matched());
}

TEST_F(EvaluateTest, PolicyOutsideTheContextScopeIsNotConsidered) {
  auto policy = Compile(absl::StrCat(kEntities, R"pb(
    policies {
      id: "tx" citation: "EO" binding: BINDING
      scope { jurisdictions: ["US-TX"] organization_kinds: ["state-agency"] }
      rules { id: "r" select { entity: "bytedance" } actions: [RUN]
              steps { at { date: "2025-01-31" zone: "America/Chicago" } verdict: DENY } }
    }
  )pb"));
  artifact_.vendor = "TikTok Pte. Ltd.";
  context_.action = v1::RUN;
  context_.instant = Utc(2025, 2, 1);
  const absl::string_view au[] = {"AU"};
  const absl::string_view us_tx[] = {"US", "US-TX"};
  const absl::string_view agency[] = {"state-agency"};
  const absl::string_view firm[] = {"private-company"};
  context_.jurisdictions = au;
  context_.organization_kinds = agency;
  EXPECT_FALSE(Run(*policy).matched());
  context_.jurisdictions = us_tx;
  context_.organization_kinds = firm;
  EXPECT_FALSE(Run(*policy).matched());
  context_.organization_kinds = agency;
  EXPECT_EQ(Run(*policy).verdict(), v1::DENY);
}

TEST_F(EvaluateTest, ScopeHoldsBeyondSixtyFourDistinctTags) {
  // Policies p0..p69 each bind one organisation kind: past the 64th kind, scope is
  // checked by comparing strings instead of by mask, with the same answers.
  std::string policies;
  for (int i = 0; i < 70; ++i) {
    absl::StrAppend(&policies, "policies { id: \"p", i, "\" citation: \"EO\" binding: BINDING ",
                    "scope { organization_kinds: [\"kind-", i, "\"] } ",
                    "rules { id: \"r\" select { entity: \"bytedance\" } actions: [RUN] ",
                    "steps { at { date: \"2025-01-31\" zone: \"UTC\" } verdict: DENY } } }\n");
  }
  auto policy = Compile(absl::StrCat(kEntities, policies));
  artifact_.vendor = "TikTok Pte. Ltd.";
  context_.action = v1::RUN;
  context_.instant = Utc(2025, 2, 1);
  for (int i : {0, 63, 64, 69}) {
    const std::string kind = absl::StrCat("kind-", i);
    const absl::string_view kinds[] = {kind};
    context_.organization_kinds = kinds;
    const Decision& decision = Run(*policy);
    ASSERT_EQ(decision.matches().size(), 1u) << kind;
    EXPECT_EQ(policy->DescribeRule(decision.matches()[0].rule).policy_id, absl::StrCat("p", i));
  }
  const absl::string_view other[] = {"kind-70"};
  context_.organization_kinds = other;
  EXPECT_FALSE(Run(*policy).matched());
}

// 3. Timelines: PENDING before the first step, then each step's verdict until the next.
TEST_F(EvaluateTest, TimelineStepsGiveVerdictsFromTheirInstants) {
  auto policy = Compile(UsPolicy(R"pb(
    rules {
      id: "phased"
      select { entity: "kaspersky" }
      actions: [UPDATE]
      steps { after_issue { days: 30 } verdict: WARN label: "identify" }
      steps { after_issue { days: 90 } verdict: DENY label: "remove" }
    }
  )pb"));
  // Issued 2024-06-20 00:00 New York (EDT, UTC-4): +30 days = 2024-07-20T04:00Z.
  const absl::Time warn_from = Utc(2024, 7, 20, 4);
  const absl::Time deny_from = Utc(2024, 9, 18, 4);

  context_.instant = warn_from - absl::Seconds(1);
  v1::Decision d = RunProto(*policy);
  EXPECT_EQ(d.verdict(), v1::ALLOW);
  ASSERT_EQ(d.matches_size(), 1);
  EXPECT_EQ(d.matches(0).state(), v1::PENDING);
  EXPECT_EQ(d.matches(0).step_index(), -1);
  EXPECT_EQ(d.matches(0).next_step_at().seconds(), absl::ToUnixSeconds(warn_from));
  EXPECT_EQ(d.matches(0).next_step_verdict(), v1::WARN);

  context_.instant = warn_from;
  d = RunProto(*policy);
  EXPECT_EQ(d.verdict(), v1::WARN);
  EXPECT_EQ(d.matches(0).state(), v1::IN_FORCE);
  EXPECT_EQ(d.matches(0).step_label(), "identify");
  EXPECT_EQ(d.matches(0).in_force_since().seconds(), absl::ToUnixSeconds(warn_from));
  EXPECT_EQ(d.next_change().seconds(), absl::ToUnixSeconds(deny_from));

  context_.instant = deny_from + absl::Hours(24 * 365);
  d = RunProto(*policy);
  EXPECT_EQ(d.verdict(), v1::DENY);
  EXPECT_EQ(d.matches(0).step_index(), 1);
  EXPECT_FALSE(d.matches(0).has_next_step_at());
  EXPECT_FALSE(d.has_next_change());
}

TEST_F(EvaluateTest, FirstSeenOffsetsCountFromTheArtifactOrTheInstant) {
  auto policy = Compile(UsPolicy(R"pb(
    rules {
      id: "grace"
      select { entity: "kaspersky" }
      actions: [UPDATE]
      steps { after_first_seen { days: 7 } verdict: DENY }
    }
  )pb"));
  artifact_.first_seen = Utc(2024, 9, 28);
  context_.instant = Utc(2024, 10, 4, 23, 59);
  EXPECT_EQ(Run(*policy).verdict(), v1::ALLOW);
  EXPECT_EQ(decision_.next_change(), Utc(2024, 10, 5));
  context_.instant = Utc(2024, 10, 5);
  EXPECT_EQ(Run(*policy).verdict(), v1::DENY);
  artifact_.first_seen.reset();  // Unknown: first seen now, so the grace period starts now.
  EXPECT_EQ(Run(*policy).verdict(), v1::ALLOW);
  EXPECT_EQ(decision_.next_change(), Utc(2024, 10, 12));
}

// 4. Advisory policies yield at most WARN.
TEST_F(EvaluateTest, AdvisoryPolicyIsCappedAtWarn) {
  auto policy = Compile(absl::StrCat(kEntities, R"pb(
    policies {
      id: "eu.ep.2018" citation: "A8-0189/2018" binding: ADVISORY
      rules { id: "ban" select { entity: "kaspersky" } actions: [UPDATE]
              steps { at { date: "2018-06-13" zone: "Europe/Brussels" } verdict: DENY } }
    }
  )pb"));
  v1::Decision d = RunProto(*policy);
  EXPECT_EQ(d.verdict(), v1::WARN);
  EXPECT_EQ(d.matches(0).verdict(), v1::WARN);
}

// 5. Exemptions.
constexpr char kLabExemption[] = R"pb(
  exemptions {
    id: "EX-1"
    exempts { policy: "us.test" rules: ["updates"] }
    assets: ["lab-1"]
    org_units: ["security/research"]
    purpose: SECURITY_RESEARCH
    valid { from: "2024-09-01" until: "2025-01-01" zone: "UTC" }
  }
)pb";

TEST_F(EvaluateTest, ExemptionCancelsTheNamedRuleForCoveredAssetsInItsWindow) {
  auto policy = Compile(UsPolicy(kDenyKasperskyUpdates, kLabExemption));
  context_.asset_id = "lab-1";
  v1::Decision d = RunProto(*policy);
  EXPECT_EQ(d.verdict(), v1::ALLOW);
  EXPECT_EQ(d.matches(0).state(), v1::EXEMPTED);
  EXPECT_EQ(d.matches(0).exemption_id(), "EX-1");
  ASSERT_EQ(d.exemptions_size(), 1);
  EXPECT_TRUE(d.exemptions(0).applied());
  EXPECT_EQ(d.next_change().seconds(), absl::ToUnixSeconds(Utc(2025, 1, 1)));
}

TEST_F(EvaluateTest, OrgUnitCoversItselfAndDescendantsOnly) {
  auto policy = Compile(UsPolicy(kDenyKasperskyUpdates, kLabExemption));
  for (auto [unit, covered] : std::vector<std::pair<absl::string_view, bool>>{
           {"security/research", true}, {"security/research/lab-2", true},
           {"security/research-annex", false}, {"security", false}, {"", false}}) {
    context_.org_unit = unit;
    EXPECT_EQ(Run(*policy).verdict(), covered ? v1::ALLOW : v1::DENY) << unit;
  }
}

TEST_F(EvaluateTest, RejectedExemptionsReportTheFirstFailingReason) {
  auto policy = Compile(UsPolicy(kDenyKasperskyUpdates, R"pb(
    exemptions {
      id: "EX-2"
      exempts { policy: "us.test" }
      artifacts { product { prefix: "Kaspersky Anti-Virus" } }
      assets: ["lab-1"]
      purpose: SECURITY_RESEARCH
      valid { from: "2024-09-01" until: "2025-01-01" zone: "UTC" }
    }
  )pb"));
  struct Case {
    std::string label;
    absl::string_view name;
    absl::string_view asset;
    v1::Purpose purpose;
    absl::Time instant;
    v1::RejectionReason reason;
  } cases[] = {
      {"artifact", "Kaspersky Internet Security", "lab-1", v1::PURPOSE_UNSPECIFIED, Utc(2024, 10, 1), v1::ARTIFACT_NOT_COVERED},
      {"asset", "Kaspersky Anti-Virus", "hr-7", v1::PURPOSE_UNSPECIFIED, Utc(2024, 10, 1), v1::ASSET_NOT_COVERED},
      {"purpose", "Kaspersky Anti-Virus", "lab-1", v1::LAW_ENFORCEMENT, Utc(2024, 10, 1), v1::PURPOSE_MISMATCH},
      {"expired", "Kaspersky Anti-Virus", "lab-1", v1::SECURITY_RESEARCH, Utc(2025, 1, 1), v1::EXPIRED},
  };
  for (const Case& c : cases) {
    artifact_.name = c.name;
    context_.asset_id = c.asset;
    context_.purpose = c.purpose;
    context_.instant = c.instant;
    v1::Decision d = RunProto(*policy);
    EXPECT_EQ(d.verdict(), v1::DENY) << c.label;
    ASSERT_EQ(d.exemptions_size(), 1) << c.label;
    EXPECT_FALSE(d.exemptions(0).applied()) << c.label;
    EXPECT_EQ(d.exemptions(0).reason(), c.reason) << c.label;
  }
  EXPECT_EQ(policy->Explain(decision_),
            "DENY by us.test/updates (1 FR 1) since 2024-09-29T04:00:00Z. Exemptions not "
            "applied: EX-2 for updates (EXPIRED).");
  // An exemption for other assets is in the decision but not in the explanation.
  context_.asset_id = "hr-7";
  context_.instant = Utc(2024, 10, 1);
  EXPECT_EQ(Run(*policy).exemptions().size(), 1u);
  EXPECT_EQ(policy->Explain(decision_), "DENY by us.test/updates (1 FR 1) since 2024-09-29T04:00:00Z.");
}

TEST_F(EvaluateTest, ExemptionNotYetValidSetsNextChangeToItsStart) {
  auto policy = Compile(UsPolicy(kDenyKasperskyUpdates, R"pb(
    exemptions {
      id: "EX-3" exempts { policy: "us.test" } purpose: LAW_ENFORCEMENT
      valid { from: "2024-12-01" zone: "UTC" }
    }
  )pb"));
  v1::Decision d = RunProto(*policy);
  EXPECT_EQ(d.verdict(), v1::DENY);
  EXPECT_EQ(d.exemptions(0).reason(), v1::NOT_YET_VALID);
  EXPECT_EQ(d.next_change().seconds(), absl::ToUnixSeconds(Utc(2024, 12, 1)));
  context_.instant = Utc(2024, 12, 1);
  d = RunProto(*policy);
  EXPECT_EQ(d.verdict(), v1::ALLOW);  // Blanket (the policy allows it), open-ended.
  EXPECT_FALSE(d.has_next_change());
}

TEST_F(EvaluateTest, ExemptionDoesNotCancelRulesItDoesNotName) {
  auto policy = Compile(UsPolicy(absl::StrCat(kDenyKasperskyUpdates, R"pb(
    rules { id: "zz-other" select { entity: "kaspersky" } actions: [UPDATE]
            steps { at { date: "2024-01-01" zone: "UTC" } verdict: WARN } }
  )pb"), kLabExemption));
  context_.asset_id = "lab-1";
  v1::Decision d = RunProto(*policy);
  EXPECT_EQ(d.verdict(), v1::WARN);
  ASSERT_EQ(d.matches_size(), 2);
  EXPECT_EQ(d.matches(0).state(), v1::EXEMPTED);
  EXPECT_EQ(d.matches(1).state(), v1::IN_FORCE);
}

// 6. The most severe verdict wins; no match is distinguishable from a pending match.
TEST_F(EvaluateTest, MostSevereVerdictWins) {
  auto policy = Compile(UsPolicy(R"pb(
    rules { id: "a-warn" select { entity: "kaspersky" } actions: [UPDATE]
            steps { at { date: "2024-01-01" zone: "UTC" } verdict: WARN } }
    rules { id: "b-deny" select { product { prefix: "kaspersky" } } actions: [UPDATE]
            steps { at { date: "2024-01-01" zone: "UTC" } verdict: DENY } }
    rules { id: "c-allow" select { entity: "kaspersky" } actions: [UPDATE]
            steps { at { date: "2023-01-01" zone: "UTC" } verdict: DENY }
            steps { at { date: "2024-02-01" zone: "UTC" } verdict: ALLOW } }
  )pb"));
  const Decision& d = Run(*policy);
  EXPECT_EQ(d.verdict(), v1::DENY);
  ASSERT_EQ(d.matches().size(), 3u);
  EXPECT_EQ(d.matches()[0].verdict, v1::WARN);
  EXPECT_EQ(d.matches()[1].verdict, v1::DENY);
  EXPECT_EQ(d.matches()[2].verdict, v1::ALLOW);
}

TEST_F(EvaluateTest, NoMatchIsDistinguishableFromAllowedUntilDeadline) {
  auto policy = Compile(UsPolicy(kDenyKasperskyUpdates));
  context_.instant = Utc(2024, 9, 1);
  const Decision& pending = Run(*policy);
  EXPECT_EQ(pending.verdict(), v1::ALLOW);
  EXPECT_TRUE(pending.matched());
  EXPECT_EQ(pending.next_change(), Utc(2024, 9, 29, 4));
  EXPECT_EQ(policy->Explain(pending),
            "ALLOW: no rule in force. Pending: DENY by us.test/updates (1 FR 1) from "
            "2024-09-29T04:00:00Z. Next change at 2024-09-29T04:00:00Z.");
  artifact_.vendor = "Google LLC";
  const Decision& none = Run(*policy);
  EXPECT_EQ(none.verdict(), v1::ALLOW);
  EXPECT_FALSE(none.matched());
  EXPECT_EQ(none.next_change(), absl::InfiniteFuture());
  EXPECT_EQ(policy->Explain(none), "ALLOW: no rule matched.");
}

TEST_F(EvaluateTest, ExplanationCitesDecidingRuleAndInstant) {
  auto policy = Compile(UsPolicy(R"pb(
    rules { id: "updates" citation: "sec. IV" select { entity: "kaspersky" } actions: [UPDATE]
            steps { at { date: "2024-09-29" time: "00:00" zone: "America/New_York" } verdict: DENY } }
  )pb"));
  v1::Decision d = RunProto(*policy);
  EXPECT_EQ(d.explanation(),
            "DENY by us.test/updates (1 FR 1, sec. IV) since 2024-09-29T04:00:00Z.");
  EXPECT_EQ(d.matches(0).citation(), "1 FR 1, sec. IV");
  EXPECT_EQ(d.matches(0).source_url(), "https://example.gov/1");
  EXPECT_EQ(d.matches(0).basis(), v1::ENTITY);
  EXPECT_EQ(d.matches(0).matched_value(), "kaspersky");
}

// 8. Deterministic order, whatever the order of policies and rules in the bundle.
TEST_F(EvaluateTest, DecisionIsIndependentOfBundleOrder) {
  v1::PolicyBundle bundle = Parse(absl::StrCat(kEntities, R"pb(
    policies { id: "p-b" citation: "B" binding: BINDING
      rules { id: "r2" select { entity: "kaspersky" } actions: [UPDATE] steps { at { date: "2024-01-01" zone: "UTC" } verdict: WARN } }
      rules { id: "r1" select { product { regex: "kaspersky.*" } } actions: [UPDATE] steps { at { date: "2024-01-01" zone: "UTC" } verdict: DENY } } }
    policies { id: "p-a" citation: "A" binding: BINDING
      rules { id: "r9" select { product { exact: "kaspersky internet security" } } actions: [UPDATE] steps { at { date: "2024-01-01" zone: "UTC" } verdict: WARN } }
      rules { id: "r3" select { product { prefix: "kaspersky" } } actions: [UPDATE] steps { at { date: "2024-01-01" zone: "UTC" } verdict: WARN } } }
  )pb"));
  const std::string expected = RunProto(*Compile(bundle)).DebugString();
  std::mt19937 random(7);
  for (int round = 0; round < 5; ++round) {
    std::shuffle(bundle.mutable_policies()->pointer_begin(), bundle.mutable_policies()->pointer_end(), random);
    for (v1::Policy& p : *bundle.mutable_policies()) {
      std::shuffle(p.mutable_rules()->pointer_begin(), p.mutable_rules()->pointer_end(), random);
    }
    EXPECT_EQ(RunProto(*Compile(bundle)).DebugString(), expected);
  }
  std::vector<std::string> order;
  const v1::Decision shuffled = RunProto(*Compile(bundle));
  for (const v1::RuleMatch& m : shuffled.matches()) {
    order.push_back(absl::StrCat(m.policy_id(), "/", m.rule_id()));
  }
  EXPECT_THAT(order, ElementsAre("p-a/r3", "p-a/r9", "p-b/r1", "p-b/r2"));
}

// API contracts around the decision.
TEST_F(EvaluateTest, DecisionFromAnotherPolicyIsRefused) {
  auto first = Compile(UsPolicy(kDenyKasperskyUpdates));
  auto second = Compile(UsPolicy(kDenyKasperskyUpdates));
  Run(*first);
  v1::Decision out;
  absl::Status status = second->ToProto(decision_, &out);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(status.message(), HasSubstr("different CompiledPolicy"));
  EXPECT_EQ(second->Explain(decision_), "");
}

TEST_F(EvaluateTest, ProtoEvaluateRequiresInstantAndAction) {
  auto policy = Compile(UsPolicy(kDenyKasperskyUpdates));
  v1::Artifact artifact;
  artifact.set_vendor("AO Kaspersky Lab");
  v1::EvaluationContext context;
  EXPECT_EQ(policy->Evaluate(artifact, context).status().message(), "instant: required");
  context.mutable_instant()->set_seconds(absl::ToUnixSeconds(Utc(2025, 1, 1)));
  EXPECT_EQ(policy->Evaluate(artifact, context).status().message(), "action: required");
  context.set_action(v1::UPDATE);
  context.add_jurisdictions("US");
  absl::StatusOr<v1::Decision> d = policy->Evaluate(artifact, context);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->verdict(), v1::DENY);
}

TEST_F(EvaluateTest, BatchGivesTheSameDecisionsAsSingleEvaluation) {
  auto policy = Compile(UsPolicy(kDenyKasperskyUpdates));
  std::vector<ArtifactView> artifacts(3, artifact_);
  artifacts[1].vendor = "Google LLC";
  std::vector<Decision> decisions;
  policy->EvaluateBatch(artifacts, context_, &decisions);
  ASSERT_EQ(decisions.size(), 3u);
  EXPECT_EQ(decisions[0].verdict(), v1::DENY);
  EXPECT_FALSE(decisions[1].matched());
  EXPECT_EQ(decisions[2].verdict(), v1::DENY);
}

TEST_F(EvaluateTest, ReusedDecisionIsClearedBetweenEvaluations) {
  auto policy = Compile(UsPolicy(kDenyKasperskyUpdates, kLabExemption));
  context_.asset_id = "hr-1";
  EXPECT_EQ(Run(*policy).exemptions().size(), 1u);
  artifact_.vendor = "Mozilla";
  EXPECT_FALSE(Run(*policy).matched());
  EXPECT_TRUE(decision_.exemptions().empty());
  EXPECT_EQ(decision_.next_change(), absl::InfiniteFuture());
}

TEST_F(EvaluateTest, ManyRegexesInOneBucketUseThePrefilterAndStillMatch) {
  std::string rules;
  for (int i = 0; i < 20; ++i) {
    absl::StrAppend(&rules, "rules { id: \"r", i, "\" select { entity: \"kaspersky\" product { regex: \"Product ", i,
                    "( .*)?\" } } actions: [UPDATE] steps { at { date: \"2024-01-01\" zone: \"UTC\" } verdict: DENY } }\n");
  }
  auto policy = Compile(UsPolicy(rules));
  artifact_.name = "product 13 edition";
  ASSERT_EQ(Run(*policy).matches().size(), 1u);
  EXPECT_EQ(policy->DescribeRule(decision_.matches()[0].rule).rule_id, "r13");
  artifact_.name = "Product 99";
  EXPECT_FALSE(Run(*policy).matched());
}

}  // namespace
}  // namespace interdict
