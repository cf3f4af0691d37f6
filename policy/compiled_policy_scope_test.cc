// Tests sentences 2 and 3 of the contract in compiled_policy.h for the action a rule governs, its policy's scope and its own, and use-limited coverage.
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "gtest/gtest.h"
#include "policy/compiled_policy.h"
#include "policy/testing/evaluation_test_support.h"

namespace interdict {
namespace test_support {
namespace {

struct ActionRow {
  absl::string_view name;
  v1::Action action;
};

constexpr ActionRow kOtherActionRows[] = {
    {"Run", v1::RUN},
    {"Unspecified", v1::ACTION_UNSPECIFIED},
};

using ActionTest = EvaluateTableTest<ActionRow>;

TEST_P(ActionTest, RuleNotGoverningTheActionIsNotConsidered) {
  auto policy = Compile(UsPolicy(kDenyKasperskyUpdates));
  context_.action = GetParam().action;
  EXPECT_FALSE(Run(*policy).matched());
}

INSTANTIATE_TEST_SUITE_P(OtherActions, ActionTest, ::testing::ValuesIn(kOtherActionRows), RowName());

constexpr absl::string_view kAu[] = {"AU"};
constexpr absl::string_view kUsTx[] = {"US", "US-TX"};
constexpr absl::string_view kAgency[] = {"state-agency"};
constexpr absl::string_view kFirm[] = {"private-company"};

struct ScopeRow {
  absl::string_view name;
  absl::Span<const absl::string_view> jurisdictions;
  absl::Span<const absl::string_view> organization_kinds;
  bool considered;  // Then the verdict is DENY.
};

constexpr ScopeRow kScopeRows[] = {
    {"OtherJurisdiction", kAu, kAgency, false},
    {"OtherOrganizationKind", kUsTx, kFirm, false},
    {"BothListsShareATag", kUsTx, kAgency, true},
};

using ScopeTest = EvaluateTableTest<ScopeRow>;

TEST_P(ScopeTest, PolicyOutsideTheContextScopeIsNotConsidered) {
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
  context_.jurisdictions = GetParam().jurisdictions;
  context_.organization_kinds = GetParam().organization_kinds;
  if (GetParam().considered) {
    EXPECT_EQ(Run(*policy).verdict(), v1::DENY);
  } else {
    EXPECT_FALSE(Run(*policy).matched());
  }
}

INSTANTIATE_TEST_SUITE_P(Scopes, ScopeTest, ::testing::ValuesIn(kScopeRows), RowName());

struct KindRow {
  absl::string_view name;
  absl::string_view kind;       // The context's one organisation kind.
  absl::string_view policy_id;  // The policy whose rule matches; empty: none does.
};

constexpr KindRow kKindRows[] = {
    {"FirstKind", "kind-0", "p0"},
    {"SixtyFourthKind", "kind-63", "p63"},
    {"SixtyFifthKind", "kind-64", "p64"},
    {"LastKind", "kind-69", "p69"},
    {"UnknownKind", "kind-70", ""},
};

using ManyKindsTest = EvaluateTableTest<KindRow>;

TEST_P(ManyKindsTest, ScopeHoldsBeyondSixtyFourDistinctTags) {
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
  const absl::string_view kinds[] = {GetParam().kind};
  context_.organization_kinds = kinds;
  const Decision& decision = Run(*policy);
  if (GetParam().policy_id.empty()) {
    EXPECT_FALSE(decision.matched());
  } else {
    ASSERT_EQ(decision.matches().size(), 1u);
    EXPECT_EQ(policy->DescribeRule(decision.matches()[0].rule).policy_id, GetParam().policy_id);
  }
}

INSTANTIATE_TEST_SUITE_P(Kinds, ManyKindsTest, ::testing::ValuesIn(kKindRows), RowName());

// OMB M-23-13 binds agencies and contractors on different clocks, and NDAA FY2019 sec.
// 889 excludes national security systems and contractor-incidental equipment: one
// policy, a scope per rule, exclusions at both levels.
constexpr char kPerRuleScopes[] = R"pb(
  policies {
    id: "omb" citation: "M-23-13" binding: BINDING
    scope { jurisdictions: ["US"] organization_kinds: ["federal-executive-agency", "federal-contractor"]
            exclude_asset_kinds: ["national-security-system"] }
    rules { id: "agencies" select { entity: "bytedance" } actions: [RUN]
            scope { organization_kinds: ["federal-executive-agency"] }
            steps { at { date: "2023-03-29" zone: "UTC" } verdict: DENY } }
    rules { id: "contractors" select { entity: "bytedance" } actions: [RUN]
            scope { organization_kinds: ["federal-contractor"] exclude_asset_kinds: ["contractor-incidental"] }
            steps { at { date: "2023-06-27" zone: "UTC" } verdict: DENY } }
    rules { id: "devices" select { entity: "bytedance" } actions: [RUN]
            scope { asset_kinds: ["government-device"] exclude_organization_kinds: ["federal-contractor"] }
            steps { at { date: "2023-01-01" zone: "UTC" } verdict: WARN } }
  }
)pb";

constexpr absl::string_view kNoTags[] = {""};
constexpr absl::string_view kAgencyKind[] = {"federal-executive-agency"};
constexpr absl::string_view kContractorKind[] = {"federal-contractor"};
constexpr absl::string_view kBothKinds[] = {"federal-contractor", "federal-executive-agency"};
constexpr absl::string_view kCompanyKind[] = {"private-company"};
constexpr absl::string_view kGovernmentDevice[] = {"government-device"};
constexpr absl::string_view kIncidental[] = {"contractor-incidental"};
constexpr absl::string_view kNationalSecurity[] = {"government-device", "national-security-system"};

struct RuleScopeRow {
  absl::string_view name;
  absl::Span<const absl::string_view> organization_kinds;
  absl::Span<const absl::string_view> asset_kinds;
  absl::string_view rules;  // The rules that match, comma-separated.
};

constexpr RuleScopeRow kRuleScopeRows[] = {
    {"Agency", kAgencyKind, {}, "agencies"},
    {"Contractor", kContractorKind, {}, "contractors"},
    {"ContractorIncidentalEquipment", kContractorKind, kIncidental, ""},
    {"AgencyGovernmentDevice", kAgencyKind, kGovernmentDevice, "agencies,devices"},
    {"ContractorGovernmentDeviceIsExcludedByKind", kContractorKind, kGovernmentDevice, "contractors"},
    {"NationalSecuritySystemIsOutOfThePolicy", kAgencyKind, kNationalSecurity, ""},
    {"BothKinds", kBothKinds, {}, "agencies,contractors"},
    {"BothKindsOnAGovernmentDevice", kBothKinds, kGovernmentDevice, "agencies,contractors"},
    {"OtherKind", kCompanyKind, kGovernmentDevice, ""},
    {"EmptyAssetKind", kAgencyKind, kNoTags, "agencies"},
};

using RuleScopeTest = EvaluateTableTest<RuleScopeRow>;

TEST_P(RuleScopeTest, ARuleBindsWhereItsScopeAndItsPolicysBothDo) {
  auto policy = Compile(absl::StrCat(kEntities, kPerRuleScopes));
  artifact_.vendor = "TikTok Pte. Ltd.";
  context_.action = v1::RUN;
  context_.instant = Utc(2024, 1, 1);
  const absl::string_view us[] = {"US"};
  context_.jurisdictions = us;
  context_.organization_kinds = GetParam().organization_kinds;
  context_.asset_kinds = GetParam().asset_kinds;
  std::string rules;
  for (const Decision::Match& match : Run(*policy).matches()) {
    absl::StrAppend(&rules, rules.empty() ? "" : ",", policy->DescribeRule(match.rule).rule_id);
  }
  EXPECT_EQ(rules, GetParam().rules);
}

INSTANTIATE_TEST_SUITE_P(RuleScopes, RuleScopeTest, ::testing::ValuesIn(kRuleScopeRows), RowName());

TEST_F(EvaluateTest, AssetKindsHoldBeyondSixtyFourDistinctTagsAndThroughTheProto) {
  // Policies p0..p69 each bind one asset kind; past the 64th, strings are compared.
  std::string policies;
  for (int i = 0; i < 70; ++i) {
    absl::StrAppend(&policies, "policies { id: \"p", i, "\" citation: \"EO\" binding: BINDING ",
                    "scope { asset_kinds: [\"kind-", i, "\"] } ",
                    "rules { id: \"r\" select { entity: \"bytedance\" } actions: [RUN] ",
                    "steps { at { date: \"2025-01-31\" zone: \"UTC\" } verdict: DENY } } }\n");
  }
  auto policy = Compile(absl::StrCat(kEntities, policies));
  v1::Artifact artifact;
  artifact.set_vendor("TikTok Pte. Ltd.");
  v1::EvaluationContext context;
  context.mutable_instant()->set_seconds(absl::ToUnixSeconds(Utc(2025, 2, 1)));
  context.set_action(v1::RUN);
  for (const char* kind : {"kind-3", "kind-66", "kind-70"}) {
    context.clear_asset_kinds();
    context.add_asset_kinds(kind);
    absl::StatusOr<v1::Decision> decision = policy->Evaluate(artifact, context);
    ASSERT_TRUE(decision.ok()) << decision.status();
    std::string ids;
    for (const v1::RuleMatch& match : decision->matches()) absl::StrAppend(&ids, match.policy_id());
    EXPECT_EQ(ids, std::string(kind) == "kind-3" ? "p3" : std::string(kind) == "kind-66" ? "p66" : "")
        << kind;
  }
}

// FCC Covered List / NDAA FY2019 sec. 889: Hikvision equipment is covered only "to
// the extent used for the purpose of public safety, security of government facilities,
// physical security surveillance of critical infrastructure, and other national
// security purposes". The policy carries the uses; one rule denies procurement, one
// warns from a later date.
constexpr char kUseLimited[] = R"pb(
  entities { id: "hikvision" name: "Hangzhou Hikvision Digital Technology Co., Ltd." aliases: "Hikvision" }
  policies {
    id: "fcc" citation: "47 CFR 1.50002" binding: BINDING
    scope { jurisdictions: ["US"]
            uses: ["public-safety", "government-facility-security",
                   "physical-security-surveillance", "national-security"] }
    rules { id: "procure" select { entity: "hikvision" } actions: [PROCURE]
            steps { at { date: "2022-11-25" zone: "UTC" } verdict: DENY } }
    rules { id: "later" select { entity: "hikvision" } actions: [PROCURE]
            steps { at { date: "2030-01-01" zone: "UTC" } verdict: WARN } }
  }
)pb";

constexpr absl::string_view kSurveillance[] = {"physical-security-surveillance"};
constexpr absl::string_view kOfficeUse[] = {"office-printing"};
constexpr absl::string_view kTwoUses[] = {"office-printing", "public-safety"};

struct UseRow {
  absl::string_view name;
  absl::Span<const absl::string_view> uses;
  v1::RuleState procure_state;  // RULE_STATE_UNSPECIFIED: the rule does not match.
  v1::Verdict verdict;
};

constexpr UseRow kUseRows[] = {
    // A stated use among the rule's: the rule applies as written.
    {"CoveredUse", kSurveillance, v1::IN_FORCE, v1::DENY},
    {"OneOfSeveralUses", kTwoUses, v1::IN_FORCE, v1::DENY},
    // Uses stated, none of the rule's: out of scope, not in the decision.
    {"OtherUse", kOfficeUse, v1::RULE_STATE_UNSPECIFIED, v1::ALLOW},
    // No uses stated: never skipped; CONDITIONAL, counted as WARN.
    {"UsesNotStated", {}, v1::CONDITIONAL, v1::WARN},
};

using UseTest = EvaluateTableTest<UseRow>;

TEST_P(UseTest, UseLimitedRulesApplyByTheAssetsUses) {
  auto policy = Compile(kUseLimited);
  artifact_.vendor = "Hikvision";
  artifact_.name = "DS-2CD2143G2-I";
  context_.action = v1::PROCURE;
  context_.instant = Utc(2024, 1, 1);
  context_.uses = GetParam().uses;
  v1::Decision d = RunProto(*policy);
  EXPECT_EQ(d.verdict(), GetParam().verdict);
  if (GetParam().procure_state == v1::RULE_STATE_UNSPECIFIED) {
    EXPECT_EQ(d.matches_size(), 0);
    return;
  }
  ASSERT_EQ(d.matches_size(), 2);
  const v1::RuleMatch& later = d.matches(0);
  const v1::RuleMatch& procure = d.matches(1);
  EXPECT_EQ(procure.rule_id(), "procure");
  EXPECT_EQ(procure.state(), GetParam().procure_state);
  EXPECT_EQ(later.state(), v1::PENDING);
  if (GetParam().procure_state == v1::CONDITIONAL) {
    // The verdict it would have, and the uses under which it would.
    EXPECT_EQ(procure.verdict(), v1::WARN);
    EXPECT_EQ(procure.verdict_if_used(), v1::DENY);
    EXPECT_EQ(procure.applies_if_used_for_size(), 4);
    EXPECT_EQ(procure.applies_if_used_for(0), "public-safety");
    EXPECT_EQ(later.applies_if_used_for_size(), 4);  // Pending, and use-limited too.
    EXPECT_NE(d.explanation().find("Conditional: DENY by fcc/procure (47 CFR 1.50002) since "
                                   "2022-11-25T00:00:00Z if the asset is used for public-safety or "
                                   "government-facility-security"),
              std::string::npos)
        << d.explanation();
  } else {
    EXPECT_EQ(procure.verdict_if_used(), v1::VERDICT_UNSPECIFIED);
    EXPECT_EQ(procure.applies_if_used_for_size(), 0);
  }
}

INSTANTIATE_TEST_SUITE_P(Uses, UseTest, ::testing::ValuesIn(kUseRows), RowName());

TEST_F(EvaluateTest, ARulesOwnUsesAddToItsPolicysAndAnExemptionStillApplies) {
  auto policy = Compile(absl::StrCat(kEntities, R"pb(
    policies { id: "p" citation: "C" binding: BINDING exemption_purposes: [LAW_ENFORCEMENT]
               scope { uses: ["public-safety"] }
      rules { id: "r" select { entity: "bytedance" } actions: [RUN]
              scope { uses: ["national-security"] }
              steps { at { date: "2024-01-01" zone: "UTC" } verdict: DENY } } }
    exemptions { id: "EX" exempts { policy: "p" } assets: ["lab-1"] purpose: LAW_ENFORCEMENT
                 valid { from { date: "2024-01-01" zone: "UTC" } } }
  )pb"));
  artifact_.vendor = "ByteDance Ltd.";
  context_.action = v1::RUN;
  // Both lists are conditions: one use from each.
  const absl::string_view one[] = {"public-safety"};
  context_.uses = one;
  EXPECT_FALSE(Run(*policy).matched());
  const absl::string_view both[] = {"public-safety", "national-security"};
  context_.uses = both;
  EXPECT_EQ(Run(*policy).verdict(), v1::DENY);
  context_.uses = {};
  v1::Decision d = RunProto(*policy);
  ASSERT_EQ(d.matches_size(), 1);
  EXPECT_EQ(d.matches(0).state(), v1::CONDITIONAL);
  EXPECT_EQ(d.matches(0).applies_if_used_for_size(), 2);
  // An exemption that covers the asset cancels the rule whatever its uses.
  context_.asset_id = "lab-1";
  EXPECT_EQ(RunProto(*policy).matches(0).state(), v1::EXEMPTED);
}

TEST_F(EvaluateTest, AnInvalidUseIsACompileError) {
  EXPECT_NE(CompileError(absl::StrCat(kEntities, R"pb(
    policies { id: "p" citation: "C" binding: BINDING scope { uses: ["Public Safety"] }
      rules { id: "r" select { entity: "bytedance" } actions: [RUN]
              steps { at { date: "2024-01-01" zone: "UTC" } verdict: DENY } } }
  )pb")).find("policies[0].scope.uses[0]: invalid tag \"Public Safety\""), std::string::npos);
}

}  // namespace
}  // namespace test_support
}  // namespace interdict
