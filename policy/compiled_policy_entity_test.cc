// Tests sentence 2 of the contract in compiled_policy.h for entities, with 5 and 9 where they meet it.
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "gtest/gtest.h"
#include "policy/compiled_policy.h"
#include "policy/testing/evaluation_test_support.h"

namespace interdict {
namespace test_support {
namespace {

// 2. Selector: the vendor names the entity through any alias, after normalisation.
constexpr MatchRow kAliasRows[] = {
    {"LegalNameAlias", "AO Kaspersky Lab", true},
    {"UpperCaseName", "KASPERSKY LAB", true},
    {"PaddedHyphenatedName", "  kaspersky-lab ", true},
    {"ShortAlias", "Kaspersky", true},
};

// Names like the entity's that are none of its normalised names.
constexpr MatchRow kLookAlikeRows[] = {
    {"SimilarSpelling", "Kasperski Consulting GmbH", false},
    {"NameWithMoreWords", "Kaspersky Lab Fans Club", false},
    {"UnrelatedVendor", "Pango Group", false},
    {"EmptyVendor", "", false},
    {"PluralName", "Kaspersky Labs Ltd", false},
    {"OneWordOfTheName", "Lab", false},
    {"LegalFormAlone", "AO", false},
    {"HoldingOfTheSameName", "Kaspersky Lab Holding", false},
};

using VendorTest = EvaluateTableTest<MatchRow>;

// The alias rows are denied; a look-alike vendor never matches.
TEST_P(VendorTest, VendorMatchesEntityOnlyThroughNormalisedAliases) {
  auto policy = Compile(UsPolicy(kDenyKasperskyUpdates));
  artifact_.vendor = GetParam().value;
  if (GetParam().matched) {
    EXPECT_EQ(Run(*policy).verdict(), v1::DENY);
  } else {
    EXPECT_FALSE(Run(*policy).matched());
  }
}

INSTANTIATE_TEST_SUITE_P(Aliases, VendorTest, ::testing::ValuesIn(kAliasRows), RowName());
INSTANTIATE_TEST_SUITE_P(LookAlikes, VendorTest, ::testing::ValuesIn(kLookAlikeRows), RowName());

// The Russian name of Kaspersky Lab, as an entity of its own.
constexpr char kKasperskyRu[] = R"pb(
  entities { id: "kaspersky-ru" name: "АО «Лаборатория Касперского»" }
)pb";

// A vendor string that names Kaspersky Lab.
struct VendorRow {
  absl::string_view name;
  absl::string_view vendor;
};

constexpr VendorRow kLegalFormRows[] = {
    {"TrailingZao", "Kaspersky Lab ZAO"},
    {"TrailingJscAfterComma", "KASPERSKY LAB, JSC"},
    {"TrailingIncAfterComma", "Kaspersky Lab, Inc."},
    {"LeadingZao", "ZAO Kaspersky Lab"},
    {"NoBreakSpaceBeforeLtd", "Kaspersky Lab\xc2\xa0Ltd"},
    {"LeadingOooTrailingGmbh", "OOO Kaspersky Lab GmbH"},
    {"LeadingAoTrailingPjsc", "AO KASPERSKY LAB PJSC"},
};

using LegalFormTest = EvaluateTableTest<VendorRow>;

TEST_P(LegalFormTest, LegalFormsDoNotHideAVendor) {
  auto policy = Compile(absl::StrCat(kKasperskyRu, UsPolicy(kDenyKasperskyUpdates)));
  artifact_.vendor = GetParam().vendor;
  EXPECT_EQ(Run(*policy).verdict(), v1::DENY);
}

INSTANTIATE_TEST_SUITE_P(LegalForms, LegalFormTest, ::testing::ValuesIn(kLegalFormRows), RowName());

constexpr VendorRow kCyrillicRows[] = {
    {"UpperCase", "ЛАБОРАТОРИЯ КАСПЕРСКОГО"},
    {"OtherLegalForm", "ЗАО Лаборатория Касперского"},
    {"LowerCaseWithLegalForm", "ао лаборатория касперского"},
};

using CyrillicVendorTest = EvaluateTableTest<VendorRow>;

TEST_P(CyrillicVendorTest, CaseAndLegalFormsBeyondAsciiDoNotHideAVendor) {
  auto russian = Compile(absl::StrCat(kKasperskyRu, R"pb(
    policies { id: "ru" citation: "C" binding: BINDING
      rules { id: "r" select { entity: "kaspersky-ru" } actions: [UPDATE]
              steps { at { date: "2024-01-01" zone: "UTC" } verdict: DENY } } }
  )pb"));
  artifact_.vendor = GetParam().vendor;
  EXPECT_EQ(Run(*russian).verdict(), v1::DENY);
}

INSTANTIATE_TEST_SUITE_P(CyrillicNames, CyrillicVendorTest, ::testing::ValuesIn(kCyrillicRows), RowName());

// A corporate family: the holding controls the Russian company, which controls the US
// one; the UK one is the holding's too; "Renamed" carries on the US company's business
// and the Russian company carries on "Old Example"'s; "Example Partner" is an affiliate
// of the UK company, with no direction of control known.
constexpr char kFamily[] = R"pb(
  entities { id: "holding" name: "Example Holding" }
  entities { id: "ru" name: "Example Lab" aliases: "AO Example Lab"
             relations { kind: SUBSIDIARY_OF entity: "holding" source: "annual report" }
             relations { kind: SUCCESSOR_OF entity: "old" } }
  entities { id: "us" name: "Example Lab Inc US" relations { kind: CONTROLLED_BY entity: "ru" } }
  entities { id: "uk" name: "Example Labs UK" relations { kind: MAJORITY_OWNED_BY entity: "holding" } }
  entities { id: "renamed" name: "Renamed Security" relations { kind: SUCCESSOR_OF entity: "us" } }
  entities { id: "partner" name: "Example Partner" relations { kind: AFFILIATE_OF entity: "uk" } }
  entities { id: "old" name: "Old Example" }
  entities { id: "other" name: "Other Vendor" }
)pb";

// A policy with one rule whose selector is `select` (the inside of select { }).
std::string FamilyPolicy(const std::string& select) {
  return absl::StrCat(kFamily, R"pb(
    policies { id: "p" citation: "C" binding: BINDING
      rules { id: "r" select { )pb", select, R"pb( } actions: [RUN]
              steps { at { date: "2024-01-01" zone: "UTC" } verdict: DENY } } }
  )pb");
}

std::string FamilyRule(const std::string& flags) {
  return FamilyPolicy(absl::StrCat("entity: \"ru\" ", flags));
}

// Which members of kFamily a rule on "ru" with `flags` matches.
struct RelationRow {
  absl::string_view name;
  absl::string_view flags;
  absl::string_view matched;  // The vendors matched, in the order below, comma-separated.
};

constexpr RelationRow kRelationRows[] = {
    {"NoFlags", "", "AO Example Lab"},
    {"Subsidiaries", "include_subsidiaries: true", "AO Example Lab,Example Lab Inc US"},
    {"Affiliates", "include_affiliates: true",
     "Example Holding,AO Example Lab,Example Lab Inc US,Example Labs UK Ltd,Example Partner"},
    {"Successors", "include_successors: true", "AO Example Lab"},
    {"SubsidiariesAndSuccessors", "include_subsidiaries: true include_successors: true",
     "AO Example Lab,Example Lab Inc US,Renamed Security"},
    {"Predecessors", "include_predecessors: true", "AO Example Lab,Old Example"},
    // FAR 52.204-23: "any of its predecessors, successors, parents, subsidiaries or
    // affiliates".
    {"AllFour",
     "include_subsidiaries: true include_affiliates: true include_successors: true "
     "include_predecessors: true",
     "Example Holding,AO Example Lab,Example Lab Inc US,Example Labs UK Ltd,Renamed Security,"
     "Example Partner,Old Example"},
    // Several entities: any of them, each closed over the relations asked for.
    {"SeveralEntities", "entities: [\"uk\", \"renamed\"]",
     "AO Example Lab,Example Labs UK Ltd,Renamed Security"},
    {"SeveralEntitiesWithSubsidiaries", "entities: [\"holding\"] include_subsidiaries: true",
     "Example Holding,AO Example Lab,Example Lab Inc US,Example Labs UK Ltd"},
};

using RelationTest = EvaluateTableTest<RelationRow>;

TEST_P(RelationTest, RelatedEntitiesMatchOnlyWhenTheSelectorAsks) {
  context_.action = v1::RUN;
  auto policy = Compile(FamilyRule(std::string(GetParam().flags)));
  std::string out;
  for (absl::string_view vendor :
       {"Example Holding", "AO Example Lab", "Example Lab Inc US", "Example Labs UK Ltd",
        "Renamed Security", "Example Partner", "Old Example", "Other Vendor"}) {
    artifact_.vendor = vendor;
    if (Run(*policy).matched()) absl::StrAppend(&out, out.empty() ? "" : ",", vendor);
  }
  EXPECT_EQ(out, GetParam().matched);
}

INSTANTIATE_TEST_SUITE_P(Relations, RelationTest, ::testing::ValuesIn(kRelationRows), RowName());

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

TEST_F(EvaluateTest, ASelectorOfSeveralEntitiesReportsThemAndTheOneThatMatched) {
  context_.action = v1::RUN;
  auto policy = Compile(FamilyPolicy(R"pb(entities: ["holding", "renamed"])pb"));
  artifact_.vendor = "Renamed Security";
  v1::Decision d = RunProto(*policy);
  EXPECT_EQ(d.vendor_entity(), "renamed");
  ASSERT_EQ(d.matches_size(), 1);
  EXPECT_EQ(d.matches(0).basis(), v1::ENTITY);
  EXPECT_EQ(d.matches(0).matched_value(), "holding, renamed");
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
                 valid { from { date: "2024-01-01" zone: "UTC" } until { date: "2030-01-01" zone: "UTC" } } }
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

// ByteDance with two package namespaces, and a rule denying its updates.
std::shared_ptr<const CompiledPolicy> PurlNamespacePolicy() {
  const std::string rules = R"pb(
    rules { id: "all" select { entity: "bytedance" } actions: [UPDATE]
            steps { at { date: "2023-01-01" zone: "UTC" } verdict: DENY } }
  )pb";
  return Compile(absl::StrCat(
      R"pb(entities { id: "kaspersky" name: "Kaspersky Lab" }
           entities { id: "bytedance" name: "ByteDance Ltd."
                      package_namespaces: ["pkg:npm/%40bytedance", "pkg:github/bytedance"] })pb",
      absl::StrCat(R"pb(policies { id: "p" citation: "C" binding: BINDING )pb", rules, "}")));
}

// Purls in ByteDance's namespaces name it (so its rule matches); other namespaces, a
// namespace-less purl, a look-alike scope, and a purl that does not parse (reported)
// name no entity.
constexpr MatchRow kPurlRows[] = {
    {"NpmScope", "pkg:npm/%40bytedance/mona@2.1.0", true},
    {"GithubOwnerInOtherCase", "pkg:github/ByteDance/sonic", true},
    {"TypeInOtherCase", "pkg:NPM/%40bytedance/x", true},
    {"OtherNamespace", "pkg:npm/bytedance-fans/x", false},
    {"NoNamespace", "pkg:npm/bytedance", false},
    {"LookAlikeOwner", "pkg:github/bytedanc/x", false},
    {"Unparseable", "pkg:npm/%40bytedance/%zz", false},
};

using PurlNamespaceTest = EvaluateTableTest<MatchRow>;

TEST_P(PurlNamespaceTest, PurlNamespaceNamesTheEntityWhenNothingElseDoes) {
  auto policy = PurlNamespacePolicy();
  artifact_.vendor = "";
  artifact_.purl = GetParam().value;
  v1::Decision d = RunProto(*policy);
  if (GetParam().matched) {
    EXPECT_EQ(d.verdict(), v1::DENY);
    EXPECT_EQ(d.vendor_entity(), "bytedance");
  } else {
    EXPECT_EQ(d.matches_size(), 0);
    EXPECT_EQ(d.vendor_entity(), "");
  }
}

INSTANTIATE_TEST_SUITE_P(Purls, PurlNamespaceTest, ::testing::ValuesIn(kPurlRows), RowName());

TEST_F(EvaluateTest, PurlThatDoesNotParseForTheNamespaceIsReported) {
  auto policy = PurlNamespacePolicy();
  artifact_.vendor = "";
  artifact_.purl = "pkg:npm/%40bytedance/%zz";
  EXPECT_EQ(RunProto(*policy).artifact_problems_size(), 1);
}

TEST_F(EvaluateTest, VendorNamingAnEntityWinsOverThePurlNamespace) {
  auto policy = PurlNamespacePolicy();
  // A vendor string naming an entity wins.
  artifact_.purl = "pkg:npm/%40bytedance/mona@2.1.0";
  artifact_.vendor = "Kaspersky Lab";
  EXPECT_EQ(RunProto(*policy).vendor_entity(), "kaspersky");
  EXPECT_FALSE(Run(*policy).matched());
}

// Kaspersky with the identifiers the facts give, and one rule on the entity: no rule
// repeats them (issue: "one encoding needed 17 duplicated rules").
std::shared_ptr<const CompiledPolicy> IdentifiedEntityPolicy() {
  return Compile(R"pb(
    entities {
      id: "kaspersky" name: "AO Kaspersky Lab"
      identifiers { team_id: "2Y8XE5CQ94" }
      identifiers { signer_subject: "Kaspersky Lab" }
      identifiers { certificate_thumbprint: "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01" }
      identifiers { bundle_id_prefix: "com.kaspersky." }
      identifiers { install_path_glob: "C:\\Program Files*\\Kaspersky Lab\\**" }
      cpe_vendors: ["kaspersky", "kaspersky_lab"]
      packages: ["pkg:deb/*/kesl", "pkg:deb/*/kesl-gui", "pkg:deb/*/klnagent64", "pkg:rpm/*/kesl"]
    }
    entities { id: "pango" name: "Pango Group" aliases: "UltraAV" }
    policies { id: "p" citation: "C" binding: BINDING
      rules { id: "r" select { entity: "kaspersky" product { prefix: "kaspersky" } }
              actions: [UPDATE]
              steps { at { date: "2024-01-01" zone: "UTC" } verdict: DENY } } }
  )pb");
}

// One identifier field set on an artifact with no vendor string.
struct IdentifierRow {
  absl::string_view name;
  absl::string_view ArtifactView::*field;
  absl::string_view value;
  absl::string_view evidence;  // Empty: the artifact belongs to no entity.
};

const IdentifierRow kEntityIdentifierRows[] = {
    {"TeamId", &ArtifactView::team_id, "2Y8XE5CQ94", "team_id 2Y8XE5CQ94"},
    {"SignerSubject", &ArtifactView::signer_subject, "CN=Kaspersky Lab ZAO, O=Kaspersky Lab ZAO",
     "signer kaspersky lab"},
    {"Thumbprint", &ArtifactView::certificate_thumbprint, "abcdef0123456789abcdef0123456789abcdef01",
     "certificate_thumbprint abcdef0123456789abcdef0123456789abcdef01"},
    {"BundleId", &ArtifactView::bundle_id, "com.kaspersky.kav.app", "bundle_id_prefix com.kaspersky."},
    {"InstallPath", &ArtifactView::install_path, "C:\\Program Files (x86)\\Kaspersky Lab\\KES 12\\avp.exe",
     "install_path_glob c:/program files*/kaspersky lab/**"},
    {"CpeVendor", &ArtifactView::cpe, "cpe:2.3:a:kaspersky:kaspersky_endpoint_security:12.0:*:*:*:*:*:*:*",
     "cpe_vendor kaspersky"},
    {"DebPackageOfAnyDistribution", &ArtifactView::purl, "pkg:deb/astra/kesl@12.1.0.1297", "package pkg:deb/*/kesl"},
    {"RpmPackage", &ArtifactView::purl, "pkg:rpm/redos/kesl@12.1", "package pkg:rpm/*/kesl"},
    {"OtherTeamId", &ArtifactView::team_id, "EQHXZ8M8AV", ""},
    {"OtherPath", &ArtifactView::install_path, "C:\\Program Files\\UltraAV\\ultraav.exe", ""},
    {"OtherPackage", &ArtifactView::purl, "pkg:deb/debian/kesl-tools@1.0", ""},
};

using EntityIdentifierTest = EvaluateTableTest<IdentifierRow>;

// An artifact belongs to the entity when any of its identifiers matches, with an empty
// vendor string, and the entity's rule then matches it; the decision says which.
TEST_P(EntityIdentifierTest, AnIdentifierOfTheEntityMakesTheArtifactItsOwn) {
  auto policy = IdentifiedEntityPolicy();
  artifact_.vendor = "";
  artifact_.name = "Kaspersky Endpoint Security";
  artifact_.*GetParam().field = GetParam().value;
  v1::Decision d = RunProto(*policy);
  if (GetParam().evidence.empty()) {
    EXPECT_EQ(d.matches_size(), 0);
    EXPECT_EQ(d.vendor_entity(), "");
    EXPECT_EQ(d.vendor_entity_evidence(), "");
    return;
  }
  EXPECT_EQ(d.verdict(), v1::DENY);
  EXPECT_EQ(d.vendor_entity(), "kaspersky");
  EXPECT_EQ(d.vendor_entity_evidence(), GetParam().evidence);
  Decision decision;
  policy->Evaluate(artifact_, context_, &decision);
  const CompiledPolicy::EntityDescription entity = policy->DescribeVendorEntity(decision);
  EXPECT_EQ(entity.id, "kaspersky");
  EXPECT_EQ(entity.evidence, GetParam().evidence);
}

INSTANTIATE_TEST_SUITE_P(Identifiers, EntityIdentifierTest, ::testing::ValuesIn(kEntityIdentifierRows),
                         RowName());

TEST_F(EvaluateTest, AnUnknownVendorStringDoesNotHideTheEntityIdentifiers) {
  auto policy = IdentifiedEntityPolicy();
  artifact_.name = "Kaspersky Security Cloud";
  artifact_.vendor = "Unknown Reseller LLC";
  artifact_.team_id = "2Y8XE5CQ94";
  EXPECT_EQ(RunProto(*policy).vendor_entity_evidence(), "team_id 2Y8XE5CQ94");
  // A vendor string naming another entity wins: one entity per artifact.
  artifact_.vendor = "UltraAV";
  v1::Decision d = RunProto(*policy);
  EXPECT_EQ(d.vendor_entity(), "pango");
  EXPECT_EQ(d.vendor_entity_evidence(), "vendor");
  EXPECT_EQ(d.matches_size(), 0);
}

// "AO Kaspersky Lab" and "Kaspersky Lab, Inc." both normalise to "kaspersky lab": as
// related entities they share it, and a vendor string with that key belongs to both.
constexpr char kKasperskyGroup[] = R"pb(
  entities { id: "kaspersky-ao" name: "AO Kaspersky Lab" }
  entities { id: "kaspersky-inc" name: "Kaspersky Lab, Inc."
             aliases: "Kaspersky Lab US"
             relations { kind: SUBSIDIARY_OF entity: "kaspersky-ao" } }
  policies { id: "p" citation: "C" binding: BINDING
    rules { id: "ao" select { entity: "kaspersky-ao" } actions: [UPDATE]
            steps { at { date: "2024-01-01" zone: "UTC" } verdict: DENY } }
    rules { id: "inc" select { entity: "kaspersky-inc" } actions: [UPDATE]
            steps { at { date: "2024-01-01" zone: "UTC" } verdict: WARN } } }
)pb";

TEST_F(EvaluateTest, AVendorStringSharedByRelatedEntitiesBelongsToTheirGroup) {
  auto policy = Compile(kKasperskyGroup);
  for (const char* vendor : {"AO Kaspersky Lab", "Kaspersky Lab, Inc.", "KASPERSKY LAB"}) {
    artifact_.vendor = vendor;
    v1::Decision d = RunProto(*policy);
    EXPECT_EQ(d.vendor_entity(), "kaspersky-ao, kaspersky-inc") << vendor;
    ASSERT_EQ(d.matches_size(), 2) << vendor;
    EXPECT_EQ(d.verdict(), v1::DENY);
  }
  // A name only one of them has still names that one.
  artifact_.vendor = "Kaspersky Lab US";
  v1::Decision d = RunProto(*policy);
  EXPECT_EQ(d.vendor_entity(), "kaspersky-inc");
  ASSERT_EQ(d.matches_size(), 1);
  EXPECT_EQ(d.matches(0).rule_id(), "inc");
}

TEST_F(EvaluateTest, UnrelatedEntitiesSharingANameAreRefused) {
  std::string text = kKasperskyGroup;
  text.replace(text.find("relations"), std::string("relations { kind: SUBSIDIARY_OF entity: \"kaspersky-ao\" }").size(), "");
  const std::string error = CompileError(text);
  EXPECT_NE(error.find("the two are not related"), std::string::npos) << error;
}

}  // namespace
}  // namespace test_support
}  // namespace interdict
