// Tests sentences 5 (exemptions) and 7 (next change at an exemption's start or end) of the contract in compiled_policy.h.
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "policy/compiled_policy.h"
#include "policy/testing/evaluation_test_support.h"

namespace interdict {
namespace test_support {
namespace {

using ::testing::HasSubstr;

// 5. Exemptions.
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

// A policy that ends every waiver by a date, caps research waivers and names the roles
// that may grant them: a waiver within all three compiles and applies.
TEST_F(EvaluateTest, AnExemptionWithinThePolicysControlsApplies) {
  const std::string controls = R"pb(
    exemptions_end_by { date: "2025-01-01" zone: "UTC" }
    exemption_limits { purpose: SECURITY_RESEARCH max_days: 150 }
    exemption_approver_roles: ["agency-head", "chief-information-officer"]
  )pb";
  const std::string exemption = R"pb(
    exemptions { id: "EX-1" exempts { policy: "us.test" } assets: ["lab-1"]
                 purpose: SECURITY_RESEARCH approver_role: "chief-information-officer"
                 valid { from { date: "2024-09-01" zone: "UTC" } until { date: "2025-01-01" zone: "UTC" } } }
  )pb";
  auto policy = Compile(UsPolicy(controls + kDenyKasperskyUpdates, exemption));
  ASSERT_NE(policy, nullptr);
  context_.asset_id = "lab-1";
  EXPECT_EQ(RunProto(*policy).matches(0).state(), v1::EXEMPTED);
  // One day past the end, or past the cap: refused.
  std::string late = exemption;
  late.replace(late.find("2025-01-01"), 10, "2025-01-02");
  EXPECT_THAT(CompileError(UsPolicy(controls + kDenyKasperskyUpdates, late)),
              HasSubstr("when policy \"us.test\" ends every exemption"));
  std::string long_window = exemption;
  long_window.replace(long_window.find("2024-09-01"), 10, "2024-08-01");
  EXPECT_THAT(CompileError(UsPolicy(controls + kDenyKasperskyUpdates, long_window)),
              HasSubstr("allows SECURITY_RESEARCH exemptions"));
}

// NDAA FY2019 sec. 889 parts A and B as two policies: one waiver names rules of both,
// and must suit both.
TEST_F(EvaluateTest, OneExemptionCanNameRulesOfSeveralPolicies) {
  const std::string policies = absl::StrCat(kEntities, R"pb(
    policies { id: "part-a" citation: "A" binding: BINDING exemption_purposes: [NATIONAL_SECURITY]
      rules { id: "procure" select { entity: "kaspersky" } actions: [PROCURE]
              steps { at { date: "2019-08-13" zone: "UTC" } verdict: DENY } } }
    policies { id: "part-b" citation: "B" binding: BINDING exemption_purposes: [NATIONAL_SECURITY]
      max_exemption_days: 400
      rules { id: "contract" select { entity: "kaspersky" } actions: [PROCURE]
              steps { at { date: "2020-08-13" zone: "UTC" } verdict: DENY } } }
  )pb");
  const std::string both = R"pb(
    exemptions { id: "W-1" exempts { policy: "part-a" rules: ["procure"] }
                 exempts { policy: "part-b" } assets: ["lab-1"] purpose: NATIONAL_SECURITY
                 valid { from { date: "2021-01-01" zone: "UTC" } until { date: "2022-01-01" zone: "UTC" } } }
  )pb";
  auto policy = Compile(policies + both);
  ASSERT_NE(policy, nullptr);
  context_.action = v1::PROCURE;
  context_.asset_id = "lab-1";
  context_.instant = Utc(2021, 6, 1);
  v1::Decision d = RunProto(*policy);
  ASSERT_EQ(d.matches_size(), 2);
  EXPECT_EQ(d.matches(0).state(), v1::EXEMPTED);
  EXPECT_EQ(d.matches(1).state(), v1::EXEMPTED);
  ASSERT_EQ(d.exemptions_size(), 2);
  EXPECT_EQ(d.exemptions(0).policy_id(), "part-a");  // Each outcome names its rule's policy.
  EXPECT_EQ(d.exemptions(1).policy_id(), "part-b");
  // Longer than part B allows, or naming a policy twice: refused.
  std::string too_long = both;
  too_long.replace(too_long.find("2022-01-01"), 10, "2022-06-01");
  EXPECT_THAT(CompileError(policies + too_long), HasSubstr("exceeds the 400 days policy \"part-b\" allows"));
  std::string twice = both;
  twice.replace(twice.find("policy: \"part-b\""), 16, "policy: \"part-a\"");
  EXPECT_THAT(CompileError(policies + twice),
              HasSubstr("exemptions[0].exempts[1].policy: policy \"part-a\" is named twice"));
}

struct OrgUnitRow {
  absl::string_view name;
  absl::string_view unit;
  bool covered;
};

constexpr OrgUnitRow kOrgUnitRows[] = {
    {"ListedUnit", "security/research", true},
    {"UnitBelow", "security/research/lab-2", true},
    {"SiblingWithTheSamePrefix", "security/research-annex", false},
    {"UnitAbove", "security", false},
    {"NoUnit", "", false},
};

using OrgUnitTest = EvaluateTableTest<OrgUnitRow>;

TEST_P(OrgUnitTest, OrgUnitCoversItselfAndDescendantsOnly) {
  auto policy = Compile(UsPolicy(kDenyKasperskyUpdates, kLabExemption));
  context_.org_unit = GetParam().unit;
  EXPECT_EQ(Run(*policy).verdict(), GetParam().covered ? v1::ALLOW : v1::DENY);
}

INSTANTIATE_TEST_SUITE_P(OrgUnits, OrgUnitTest, ::testing::ValuesIn(kOrgUnitRows), RowName());

// EX-2 exempts Kaspersky Anti-Virus on lab-1 from all of us.test, for security research.
std::string AntiVirusExemptionPolicy() {
  return UsPolicy(kDenyKasperskyUpdates, LabSubsetExemption("EX-2", R"pb(policy: "us.test")pb",
                                                           R"pb(product { prefix: "Kaspersky Anti-Virus" })pb"));
}

struct RejectionRow {
  absl::string_view name;
  absl::string_view product;
  absl::string_view asset;
  v1::Purpose purpose;
  absl::Time instant;
  v1::RejectionReason reason;
};

const RejectionRow kRejectionRows[] = {
    {"ArtifactNotCovered", "Kaspersky Internet Security", "lab-1", v1::PURPOSE_UNSPECIFIED, Utc(2024, 10, 1),
     v1::ARTIFACT_NOT_COVERED},
    {"AssetNotCovered", "Kaspersky Anti-Virus", "hr-7", v1::PURPOSE_UNSPECIFIED, Utc(2024, 10, 1),
     v1::ASSET_NOT_COVERED},
    {"PurposeMismatch", "Kaspersky Anti-Virus", "lab-1", v1::LAW_ENFORCEMENT, Utc(2024, 10, 1), v1::PURPOSE_MISMATCH},
    {"Expired", "Kaspersky Anti-Virus", "lab-1", v1::SECURITY_RESEARCH, Utc(2025, 1, 1), v1::EXPIRED},
};

using RejectionTest = EvaluateTableTest<RejectionRow>;

TEST_P(RejectionTest, RejectedExemptionsReportTheFirstFailingReason) {
  auto policy = Compile(AntiVirusExemptionPolicy());
  const RejectionRow& c = GetParam();
  artifact_.name = c.product;
  context_.asset_id = c.asset;
  context_.purpose = c.purpose;
  context_.instant = c.instant;
  v1::Decision d = RunProto(*policy);
  EXPECT_EQ(d.verdict(), v1::DENY);
  ASSERT_EQ(d.exemptions_size(), 1);
  EXPECT_FALSE(d.exemptions(0).applied());
  EXPECT_EQ(d.exemptions(0).reason(), c.reason);
  ASSERT_EQ(d.exemptions(0).reasons_size(), 1);
  EXPECT_EQ(d.exemptions(0).reasons(0), c.reason);
}

INSTANTIATE_TEST_SUITE_P(Reasons, RejectionTest, ::testing::ValuesIn(kRejectionRows), RowName());

// Every test runs: an exemption for another purpose that has also expired says both; one
// for another asset that has not begun says both, and its start is no next change.
TEST_F(EvaluateTest, RejectedExemptionsReportEveryFailingReason) {
  auto policy = Compile(AntiVirusExemptionPolicy());
  artifact_.name = "Kaspersky Anti-Virus";
  context_.asset_id = "lab-1";
  context_.purpose = v1::LAW_ENFORCEMENT;
  context_.instant = Utc(2025, 1, 1);
  v1::Decision d = RunProto(*policy);
  ASSERT_EQ(d.exemptions_size(), 1);
  EXPECT_EQ(d.exemptions(0).reason(), v1::PURPOSE_MISMATCH);
  ASSERT_EQ(d.exemptions(0).reasons_size(), 2);
  EXPECT_EQ(d.exemptions(0).reasons(0), v1::PURPOSE_MISMATCH);
  EXPECT_EQ(d.exemptions(0).reasons(1), v1::EXPIRED);
  EXPECT_THAT(d.explanation(), HasSubstr("(PURPOSE_MISMATCH, EXPIRED)"));
  auto later = Compile(UsPolicy(kDenyKasperskyUpdates, R"pb(
    exemptions { id: "EX-9" exempts { policy: "us.test" } assets: ["lab-1"] purpose: SECURITY_RESEARCH
                 valid { from { date: "2024-11-01" zone: "UTC" } until { date: "2025-01-01" zone: "UTC" } } }
  )pb"));
  context_.asset_id = "hr-7";
  context_.purpose = v1::PURPOSE_UNSPECIFIED;
  context_.instant = Utc(2024, 10, 1);
  const Decision& other_asset = Run(*later);
  ASSERT_EQ(other_asset.exemptions().size(), 1u);
  EXPECT_TRUE(other_asset.exemptions()[0].rejected_for(v1::ASSET_NOT_COVERED));
  EXPECT_TRUE(other_asset.exemptions()[0].rejected_for(v1::NOT_YET_VALID));
  EXPECT_EQ(other_asset.exemptions()[0].reason, v1::ASSET_NOT_COVERED);
  EXPECT_EQ(other_asset.next_change(), absl::InfiniteFuture());  // Not this asset's news.
}

TEST_F(EvaluateTest, ExplanationNamesExemptionsRejectedForTimeNotThoseForOtherAssets) {
  auto policy = Compile(AntiVirusExemptionPolicy());
  // The expired case of RejectedExemptionsReportTheFirstFailingReason.
  artifact_.name = "Kaspersky Anti-Virus";
  context_.asset_id = "lab-1";
  context_.purpose = v1::SECURITY_RESEARCH;
  context_.instant = Utc(2025, 1, 1);
  Run(*policy);
  EXPECT_EQ(policy->Explain(decision_),
            "DENY by us.test/updates (1 FR 1) since 2024-09-29T04:00:00Z (2024-09-29 00:00 America/New_York). Exemptions not "
            "applied: EX-2 for updates (EXPIRED).");
  // An exemption for other assets is in the decision but not in the explanation.
  context_.asset_id = "hr-7";
  context_.instant = Utc(2024, 10, 1);
  EXPECT_EQ(Run(*policy).exemptions().size(), 1u);
  EXPECT_EQ(policy->Explain(decision_), "DENY by us.test/updates (1 FR 1) since 2024-09-29T04:00:00Z (2024-09-29 00:00 America/New_York).");
}

TEST_F(EvaluateTest, ExemptionNotYetValidSetsNextChangeToItsStart) {
  auto policy = Compile(UsPolicy(kDenyKasperskyUpdates, R"pb(
    exemptions {
      id: "EX-3" exempts { policy: "us.test" } purpose: LAW_ENFORCEMENT
      valid { from { date: "2024-12-01" zone: "UTC" } }
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

// Exemptions listed out of id order (a permutation with cycles of several lengths and
// a fixed point) are reported in id order, each with its own asset and window.
TEST_F(EvaluateTest, ExemptionsListedInAnyOrderAreReportedInIdOrderWithTheirOwnData) {
  // Bundle position -> id number: 0->3, 1->0, 2->4, 3->1, 4->2 (one 5-cycle), then 5->5,
  // then 6->7, 7->6 (a swap).
  const int ids[] = {3, 0, 4, 1, 2, 5, 7, 6};
  std::string exemptions;
  for (int id : ids) {
    // EX-<n> covers asset lab-<n> and ends on day n+1 of 2025, so each outcome says
    // which record it came from.
    absl::StrAppend(&exemptions, "exemptions { id: \"EX-", id, "\" exempts { policy: \"us.test\" } ",
                    "assets: [\"lab-", id, "\"] purpose: SECURITY_RESEARCH valid { from { date: ",
                    "\"2024-01-01\" zone: \"UTC\" } until { date: \"2025-01-0", id + 1,
                    "\" zone: \"UTC\" } } }\n");
  }
  auto policy = Compile(UsPolicy(kDenyKasperskyUpdates, exemptions));
  ASSERT_NE(policy, nullptr);
  for (int covered = 0; covered < 8; ++covered) {
    const std::string asset = absl::StrCat("lab-", covered);  // The context views it.
    context_.asset_id = asset;
    v1::Decision d = RunProto(*policy);
    ASSERT_EQ(d.exemptions_size(), 8);
    for (int n = 0; n < 8; ++n) {
      EXPECT_EQ(d.exemptions(n).exemption_id(), absl::StrCat("EX-", n));
      EXPECT_EQ(d.exemptions(n).applied(), n == covered) << "EX-" << n << " on lab-" << covered;
    }
    EXPECT_EQ(d.matches(0).exemption_id(), absl::StrCat("EX-", covered));
    EXPECT_EQ(d.next_change().seconds(), absl::ToUnixSeconds(Utc(2025, 1, covered + 1)));
  }
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

}  // namespace
}  // namespace test_support
}  // namespace interdict
