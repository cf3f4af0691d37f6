// Tests sentences 6 (verdict, no match vs pending), 7 (next change) and 8 (order) of the contract in compiled_policy.h, and the Decision API around them.
#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "policy/compiled_policy.h"
#include "policy/testing/evaluation_test_support.h"

namespace interdict {
namespace test_support {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

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
            "2024-09-29T04:00:00Z (2024-09-29 00:00 America/New_York). Next change at "
            "2024-09-29T04:00:00Z.");
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
            "DENY by us.test/updates (1 FR 1, sec. IV) since 2024-09-29T04:00:00Z (2024-09-29 00:00 America/New_York).");
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

// The same with more matches than evaluation orders on the stack (16), and with fewer.
TEST_F(EvaluateTest, ManyMatchesAreOrderedLikeFew) {
  for (int rules : {5, 16, 17, 40}) {
    SCOPED_TRACE(rules);
    std::string text;
    std::vector<std::string> expected;
    for (int r = 0; r < rules; ++r) {
      // Rule ids in the bundle's order descend; ranks follow the ids (as strings).
      const std::string id = absl::StrCat("r", 900 - r);
      absl::StrAppend(&text, "rules { id: \"", id, "\" select { ",
                      r % 2 ? "entity: \"kaspersky\"" : "product { prefix: \"kaspersky\" }",
                      " } actions: [UPDATE] steps { at { date: \"2024-01-01\" zone: \"UTC\" } verdict: WARN } }\n");
      expected.insert(expected.begin(), id);
    }
    std::mt19937 random(static_cast<unsigned>(rules));
    v1::PolicyBundle bundle = Parse(absl::StrCat(kEntities, "policies { id: \"p\" citation: \"C\" binding: BINDING ",
                                                 text, "}"));
    std::shuffle(bundle.mutable_policies(0)->mutable_rules()->pointer_begin(),
                 bundle.mutable_policies(0)->mutable_rules()->pointer_end(), random);
    const std::shared_ptr<const CompiledPolicy> policy = Compile(bundle);
    ASSERT_NE(policy, nullptr);
    const v1::Decision decision = RunProto(*policy);
    std::vector<std::string> order;
    for (const v1::RuleMatch& m : decision.matches()) order.push_back(m.rule_id());
    EXPECT_EQ(order, expected);
  }
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
  context.set_action(static_cast<v1::Action>(35));  // Proto3 enums are open.
  EXPECT_EQ(policy->Evaluate(artifact, context).status().message(), "action: 35 is not an Action");
  context.set_action(v1::UPDATE);
  context.set_purpose(static_cast<v1::Purpose>(-2));
  EXPECT_EQ(policy->Evaluate(artifact, context).status().message(), "purpose: -2 is not a Purpose");
  context.clear_purpose();
  context.add_jurisdictions("US");
  absl::StatusOr<v1::Decision> d = policy->Evaluate(artifact, context);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->verdict(), v1::DENY);
}

// A host may cast any integer to v1::Action: 35 is no action, not UPDATE (35 mod 32),
// and no rule governs it.
TEST_F(EvaluateTest, ViewActionOutsideTheEnumIsGovernedByNoRule) {
  auto policy = Compile(UsPolicy(kDenyKasperskyUpdates));
  for (int action : {35, 32, -1, 1 << 30}) {
    context_.action = static_cast<v1::Action>(action);
    Run(*policy);
    EXPECT_EQ(decision_.verdict(), v1::ALLOW) << action;
    EXPECT_TRUE(decision_.matches().empty()) << action;
  }
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

// Every index field of a Decision says "none" the same way: Decision::kNone.
TEST_F(EvaluateTest, NoneIsKNoneInEveryIndexField) {
  auto policy = Compile(UsPolicy(R"pb(
    rules { id: "later" select { entity: "kaspersky" } actions: [UPDATE]
            steps { at { date: "2031-01-01" zone: "UTC" } verdict: DENY } }
    rules { id: "now" select { entity: "kaspersky" } actions: [UPDATE]
            steps { at { date: "2024-01-01" zone: "UTC" } verdict: DENY } }
  )pb"));
  artifact_.purl = "not a purl";
  const Decision& d = Run(*policy);
  ASSERT_EQ(d.matches().size(), 2u);
  EXPECT_EQ(d.matches()[0].step_index, Decision::kNone);  // "later" is PENDING
  EXPECT_EQ(d.matches()[0].exemption, Decision::kNone);
  EXPECT_EQ(d.matches()[1].step_index, 0u);
  EXPECT_EQ(d.matches()[1].exemption, Decision::kNone);
  EXPECT_NE(d.vendor_entity(), Decision::kNone);
  EXPECT_EQ(RunProto(*policy).matches(0).step_index(), -1);
  artifact_.vendor = "Nobody";
  artifact_.purl = "";
  EXPECT_EQ(Run(*policy).vendor_entity(), Decision::kNone);
}

// A problem of the artifact itself names no rule and no exemption.
TEST_F(EvaluateTest, ArtifactProblemOfTheArtifactItselfNamesNoRule) {
  auto policy = Compile(UsPolicy(R"pb(
    rules { id: "curl" select { package { purl: "pkg:deb/debian/curl" } } actions: [UPDATE]
            steps { at { date: "2024-01-01" zone: "UTC" } verdict: DENY } }
  )pb"));
  artifact_.purl = "pkg:";
  const Decision& d = Run(*policy);
  ASSERT_EQ(d.artifact_problems().size(), 1u);
  EXPECT_EQ(d.artifact_problems()[0].rule, Decision::kNone);
  EXPECT_EQ(d.artifact_problems()[0].exemption, Decision::kNone);
  EXPECT_EQ(d.artifact_problems()[0].field, v1::ARTIFACT_PURL);
}

// Artifact text in a decision (problem values, component names) is valid UTF-8 and
// bounded, whatever the artifact held: the proto form serialises and parses back.
TEST_F(EvaluateTest, ArtifactTextIsEchoedWellFormedAndBounded) {
  auto policy = Compile(UsPolicy(R"pb(
    rules { id: "engine" select { entity: "kaspersky" include_components: true
                                  version { scheme: SEMVER max: "30.0.0" } } actions: [UPDATE]
            steps { at { date: "2024-01-01" zone: "UTC" } verdict: DENY } }
  )pb"));
  ArtifactView engine;
  engine.name = "AV \xFF engine";
  engine.vendor = "Kaspersky";
  engine.version = "1.0.0";
  ArtifactView beta;
  beta.name = "beta";
  beta.vendor = "Kaspersky";
  const std::string huge(100 << 20, 'x');  // A 100 MiB version, not SemVer.
  beta.version = huge;
  const ArtifactView components[] = {beta, engine};  // A matched rule is not considered again.
  artifact_.name = "Appliance \xC0\xAF";
  artifact_.vendor = "Acme";
  artifact_.components = components;
  const v1::Decision d = RunProto(*policy);
  ASSERT_EQ(d.matches_size(), 1);
  EXPECT_THAT(d.matches(0).component_path(), ElementsAre("Appliance \uFFFD\uFFFD", "AV \uFFFD engine"));
  ASSERT_EQ(d.artifact_problems_size(), 3);
  EXPECT_EQ(d.artifact_problems(0).field(), v1::ARTIFACT_NAME);
  EXPECT_EQ(d.artifact_problems(0).value(), "Appliance \uFFFD\uFFFD");
  EXPECT_EQ(d.artifact_problems(1).field(), v1::ARTIFACT_NAME);
  EXPECT_EQ(d.artifact_problems(2).field(), v1::ARTIFACT_VERSION);
  EXPECT_EQ(d.artifact_problems(2).value(), std::string(256, 'x') + "... (104857600 bytes)");
  EXPECT_THAT(d.explanation(), HasSubstr("component name \"AV \uFFFD engine\" is not valid UTF-8"));
  EXPECT_LT(d.ByteSizeLong(), 4096u);
  std::string bytes;
  ASSERT_TRUE(d.SerializeToString(&bytes));
  v1::Decision parsed;
  EXPECT_TRUE(parsed.ParseFromString(bytes));
}

}  // namespace
}  // namespace test_support
}  // namespace interdict
