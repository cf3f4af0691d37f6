// Tests sentences 2 (identifier and CPE selectors) and 9 (unreadable identifiers and CPEs) of the contract in compiled_policy.h.
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "policy/compiled_policy.h"
#include "policy/testing/evaluation_test_support.h"

namespace interdict {
namespace test_support {
namespace {

using ::testing::HasSubstr;

std::string IdentifierRule(const std::string& select) {
  return UsPolicy(absl::StrCat(R"pb(
    rules { id: "ids" select { )pb", select, R"pb( } actions: [UPDATE]
            steps { at { date: "2024-01-01" zone: "UTC" } verdict: DENY } }
  )pb"));
}

// An identifier selector, and how to give an artifact that identifier in another
// (but equivalent) form.
struct IdentifierRow {
  absl::string_view name;
  std::string selector;
  void (*set)(ArtifactView*);
};

const std::string kUpperSha256(64, 'C');
const std::string kUpperSha1(40, 'D');

const IdentifierRow kIdentifierRows[] = {
    {"Sha256", absl::StrCat("identifiers { sha256: \"", std::string(64, 'c'), "\" }"),
     [](ArtifactView* a) { a->sha256 = kUpperSha256; }},
    {"Sha1", absl::StrCat("identifiers { sha1: \"", std::string(40, 'd'), "\" }"),
     [](ArtifactView* a) { a->sha1 = kUpperSha1; }},
    {"SignerSubject", "identifiers { signer_subject: \"Kaspersky Lab\" }",
     [](ArtifactView* a) { a->signer_subject = "CN=AO Kaspersky Lab, O=AO Kaspersky Lab, L=Moscow, C=RU"; }},
    {"CertificateThumbprint",
     "identifiers { certificate_thumbprint: \"ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef:01\" }",
     [](ArtifactView* a) { a->certificate_thumbprint = "ABCDEF0123456789ABCDEF0123456789ABCDEF01"; }},
    {"TeamId", "identifiers { team_id: \"2Y8XE5CQ94\" }", [](ArtifactView* a) { a->team_id = "2y8xe5cq94"; }},
    {"SigningId", "identifiers { signing_id: \"2Y8XE5CQ94:com.kaspersky.kav\" }",
     [](ArtifactView* a) { a->signing_id = "2y8xe5cq94:com.kaspersky.kav"; }},
    {"BundleIdPrefix", "identifiers { bundle_id_prefix: \"com.kaspersky.\" }",
     [](ArtifactView* a) { a->bundle_id = "com.Kaspersky.KAV"; }},
    {"MsiProductCode", "identifiers { msi_product_code: \"{2A2A0D8B-7C4E-4A1D-9F4A-0D1E2F3A4B5C}\" }",
     [](ArtifactView* a) { a->msi_product_code = "2a2a0d8b-7c4e-4a1d-9f4a-0d1e2f3a4b5c"; }},
    {"MsiUpgradeCode", "identifiers { msi_upgrade_code: \"2a2a0d8b-7c4e-4a1d-9f4a-0d1e2f3a4b5c\" }",
     [](ArtifactView* a) { a->msi_upgrade_code = "{2A2A0D8B-7C4E-4A1D-9F4A-0D1E2F3A4B5C}"; }},
    {"InstallPathPrefix", "identifiers { install_path_prefix: \"C:\\\\Program Files\\\\Kaspersky Lab\\\\\" }",
     [](ArtifactView* a) { a->install_path = "c:/program files/kaspersky lab/kes/avp.exe"; }},
    {"Cpe",
     "identifiers { cpe { criteria: \"cpe:2.3:a:kaspersky:anti-virus:*:*:*:*:*:*:*:*\" "
     "version_start_including: \"21.0\" version_end_excluding: \"22.0\" } }",
     [](ArtifactView* a) { a->cpe = "cpe:2.3:a:Kaspersky:Anti-Virus:21.3.10.391:*:*:*:*:*:*:*"; }},
    {"InstallPathGlob", "identifiers { install_path_glob: \"C:\\\\Program Files*\\\\Kaspersky Lab\\\\**\" }",
     [](ArtifactView* a) { a->install_path = "C:\\Program Files (x86)\\Kaspersky Lab\\KES\\avp.exe"; }},
};

using IdentifierKindTest = EvaluateTableTest<IdentifierRow>;

TEST_P(IdentifierKindTest, EveryIdentifierKindSelectsInItsNormalForm) {
  const IdentifierRow& c = GetParam();
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

INSTANTIATE_TEST_SUITE_P(Kinds, IdentifierKindTest, ::testing::ValuesIn(kIdentifierRows), RowName());

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

// An unkeyed CPE rule (any Kaspersky product) with an NVD-style version bound.
std::string CpeRule() {
  return IdentifierRule(
      "identifiers { cpe { criteria: \"cpe:2.3:a:kaspersky:*:*:*:*:*:*:*:*:*\" "
      "version_end_including: \"21.3\" scheme: WINDOWS } }");
}

constexpr MatchRow kCpeRows[] = {
    {"AtTheInclusiveBound", "cpe:2.3:a:kaspersky:anti-virus:21.3:*:*:*:*:*:*:*", true},
    {"OtherProductOfTheVendor", "cpe:2.3:a:kaspersky:endpoint_security:11.0.0.1:*:*:*:*:*:*:*", true},  // unkeyed rule
    {"AboveTheBound", "cpe:2.3:a:kaspersky:anti-virus:21.3.0.1:*:*:*:*:*:*:*", false},
    {"AnyVersion", "cpe:2.3:a:kaspersky:anti-virus:*:*:*:*:*:*:*:*", false},  // ANY cannot be placed
    {"OtherVendor", "cpe:2.3:a:kasperski:anti-virus:1.0:*:*:*:*:*:*:*", false},
};

using CpeRuleTest = EvaluateTableTest<MatchRow>;

TEST_P(CpeRuleTest, CpeRulesApplyNvdVersionBounds) {
  auto policy = Compile(CpeRule());
  artifact_.cpe = GetParam().value;
  v1::Decision d = RunProto(*policy);
  EXPECT_EQ(d.matches_size() == 1, GetParam().matched);
  EXPECT_EQ(d.artifact_problems_size(), 0);
}

INSTANTIATE_TEST_SUITE_P(Cpes, CpeRuleTest, ::testing::ValuesIn(kCpeRows), RowName());

TEST_F(EvaluateTest, CpeRulesReportUnreadableCpes) {
  auto policy = Compile(CpeRule());
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
  auto policy = Compile(UsPolicy(kDenyKasperskyUpdates, LabSubsetExemption("EX-HASH", R"pb(policy: "us.test")pb", R"pb(
    identifiers { sha256: "1111111111111111111111111111111111111111111111111111111111111111" }
    identifiers { install_path_glob: "C:\\Lab\\**" }
  )pb")));
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

constexpr SelectorErrorRow kIdentifierErrorRows[] = {
    {"Sha256OfWrongLength", "identifiers { sha256: \"abc\" }",
     "select.identifiers[0].sha256: \"abc\": expected 64 hex digits"},
    {"SigningIdWithoutTeam", "identifiers { team_id: \"x\" } identifiers { signing_id: \"com.x\" }",
     "select.identifiers[1].signing_id: \"com.x\": expected TEAMID:bundle.id"},
    {"GlobWithoutWildcard", "identifiers { install_path_glob: \"C:\\\\Program Files\" }",
     "select.identifiers[0].install_path_glob: \"C:\\Program Files\": has no wildcard"},
    {"EmptyIdentifier", "identifiers { }", "select.identifiers[0]: required: one of sha256"},
    {"CpeWithTooFewAttributes", "identifiers { cpe { criteria: \"cpe:2.3:a:kaspersky\" } }",
     "select.identifiers[0].cpe.criteria: \"cpe:2.3:a:kaspersky\": expected 11 attributes"},
    {"CpeBoundsWithFixedVersion",
     "identifiers { cpe { criteria: \"cpe:2.3:a:k:p:1:*:*:*:*:*:*:*\" version_end_excluding: \"2\" } }",
     "select.identifiers[0].cpe: version bounds need the criteria's version to be * (ANY)"},
    {"CpeTwoStartBounds",
     "identifiers { cpe { criteria: \"cpe:2.3:a:k:p:*:*:*:*:*:*:*:*\" version_start_including: \"2\" "
     "version_start_excluding: \"1\" } }",
     "select.identifiers[0].cpe: version_start_including and version_start_excluding are exclusive"},
    {"IdentifiersWithPackage",
     "identifiers { sha1: \"0000000000000000000000000000000000000000\" } package { purl: \"pkg:deb/debian/x\" }",
     "select.identifiers: cannot be combined with package"},
};

using IdentifierErrorTest = EvaluateTableTest<SelectorErrorRow>;

TEST_P(IdentifierErrorTest, IdentifierErrorsNameTheirField) {
  EXPECT_THAT(CompileError(IdentifierRule(std::string(GetParam().select))),
              HasSubstr(std::string(GetParam().error)));
}

INSTANTIATE_TEST_SUITE_P(Selectors, IdentifierErrorTest, ::testing::ValuesIn(kIdentifierErrorRows), RowName());

}  // namespace
}  // namespace test_support
}  // namespace interdict
