// Tests sentence 2 of the contract in compiled_policy.h for the action a rule governs and its policy's scope.
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

}  // namespace
}  // namespace test_support
}  // namespace interdict
