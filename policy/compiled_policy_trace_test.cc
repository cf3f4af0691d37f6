// Tests CompiledPolicy::TraceCandidates (candidate_trace.h): every candidate rule of
// an artifact with the first test it failed and why, and agreement with Evaluate.
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "policy/candidate_trace.h"
#include "policy/catalog/bundled_catalog.h"
#include "policy/compiled_policy.h"
#include "policy/testing/evaluation_test_support.h"

namespace interdict {
namespace test_support {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// Kaspersky's rules of one policy, each failing a different test for a Kaspersky
// Security Cloud 21.3 run in the US, and a Texas policy outside that context.
constexpr char kRules[] = R"pb(
  rules { id: "run" select { entity: "kaspersky" } actions: [RUN]
          steps { at { date: "2024-09-29" zone: "UTC" } verdict: DENY } }
  rules { id: "updates" select { entity: "kaspersky" } actions: [UPDATE, INSTALL]
          steps { at { date: "2024-09-29" zone: "UTC" } verdict: DENY } }
  rules { id: "endpoint" select { entity: "kaspersky" product { prefix: "Kaspersky Endpoint" } } actions: [RUN]
          steps { at { date: "2024-09-29" zone: "UTC" } verdict: DENY } }
  rules { id: "old" select { entity: "kaspersky" version { scheme: SEMVER min: "1.0.0" max: "12.0.0" } }
          actions: [RUN] steps { at { date: "2024-09-29" zone: "UTC" } verdict: DENY } }
  rules { id: "not-cloud" select { entity: "kaspersky" exclude_products { exact: "Kaspersky Security Cloud" } }
          actions: [RUN] steps { at { date: "2024-09-29" zone: "UTC" } verdict: DENY } }
  rules { id: "laptops" select { entity: "kaspersky" } actions: [RUN]
          scope { exclude_asset_kinds: ["laptop"] }
          steps { at { date: "2024-09-29" zone: "UTC" } verdict: DENY } }
  rules { id: "signed" select { entity: "bytedance" identifiers { team_id: "2Y8XE5CQ94" } } actions: [RUN]
          steps { at { date: "2024-09-29" zone: "UTC" } verdict: DENY } }
)pb";

constexpr char kTexas[] = R"pb(
  policies {
    id: "us.tx" citation: "TX" binding: BINDING scope { jurisdictions: ["US-TX"] }
    rules { id: "all" select { entity: "kaspersky" } actions: [RUN]
            steps { at { date: "2025-01-01" zone: "UTC" } verdict: DENY } }
  }
)pb";

class TraceTest : public EvaluateTest {
 protected:
  TraceTest() {
    artifact_.name = "Kaspersky Security Cloud";
    artifact_.vendor = "AO Kaspersky Lab";
    artifact_.version = "21.3.0";
    artifact_.team_id = "2Y8XE5CQ94";
    context_.action = v1::RUN;
    context_.instant = Utc(2025, 6, 1);
    context_.asset_kinds = laptop_;
  }

  // "policy/rule: outcome: detail" per trace.
  std::vector<std::string> Trace(const CompiledPolicy& policy) {
    std::vector<std::string> out;
    for (const CandidateTrace& trace : policy.TraceCandidates(artifact_, context_)) {
      const RuleDescription rule = policy.DescribeRule(trace.rule);
      std::string line = absl::StrCat(rule.policy_id, "/", rule.rule_id, ": ", CandidateOutcomeName(trace.outcome));
      if (!trace.detail.empty()) absl::StrAppend(&line, ": ", trace.detail);
      if (!trace.component_path.empty()) absl::StrAppend(&line, " [in ", trace.component_path.back(), "]");
      out.push_back(line);
    }
    return out;
  }

  const absl::string_view laptop_[1] = {"laptop"};
};

TEST_F(TraceTest, EveryRuleOfTheVendorWithTheTestItFailed) {
  auto policy = Compile(UsPolicy(kRules, kTexas));
  ASSERT_NE(policy, nullptr);
  EXPECT_THAT(
      Trace(*policy),
      ElementsAre("us.test/endpoint: product not matched: its product prefix \"kaspersky endpoint\" does not meet "
                  "the name",
                  "us.test/laptops: out of scope: excludes asset kinds laptop; the context has laptop",
                  "us.test/not-cloud: excluded: exclude_products \"kaspersky security cloud\" matches the name",
                  "us.test/old: version not in range: version \"21.3.0\" is not in >= 1.0.0, < 12.0.0 (SEMVER)",
                  "us.test/run: matched",
                  "us.test/signed: identifier rule not met: an identifier matched, but the artifact does not belong "
                  "to bytedance",
                  "us.test/updates: action not governed: governs INSTALL, UPDATE, not RUN",
                  "us.tx/all: out of scope: binds jurisdictions US-TX; the context has US"));
}

TEST_F(TraceTest, UnreadableVersionIsItsOwnOutcome) {
  auto policy = Compile(UsPolicy(kRules));
  artifact_.version = "21.3 beta";
  std::vector<std::string> lines = Trace(*policy);
  EXPECT_THAT(lines, ::testing::Contains(::testing::StartsWith(
                         "us.test/old: version unreadable: version \"21.3 beta\" is not a valid SEMVER version: ")));
}

TEST_F(TraceTest, MissingVersionIsOutsideABoundedRange) {
  auto policy = Compile(UsPolicy(kRules));
  artifact_.version = "";
  EXPECT_THAT(Trace(*policy), ::testing::Contains("us.test/old: version not in range: no version; the rule covers "
                                                  ">= 1.0.0, < 12.0.0 (SEMVER)"));
}

TEST_F(TraceTest, PackageRuleSaysWhichVersionsItCovers) {
  auto policy = Compile(UsPolicy(R"pb(
    rules { id: "kesl" select { package { purl: "pkg:deb/kaspersky/kesl" vers: "vers:deb/<12.0" } } actions: [RUN]
            steps { at { date: "2024-09-29" zone: "UTC" } verdict: DENY } }
  )pb"));
  artifact_ = ArtifactView();
  artifact_.name = "kesl";
  artifact_.purl = "pkg:deb/kaspersky/kesl@12.1.0-1";
  EXPECT_THAT(Trace(*policy),
              ElementsAre("us.test/kesl: package version not in range: purl version \"12.1.0-1\"; the rule covers "
                          "pkg:deb/kaspersky/kesl vers:deb/<12.0"));
}

TEST_F(TraceTest, ArtifactOfNoEntityHasOnlyTheIndexesCandidates) {
  auto policy = Compile(UsPolicy(kRules, kTexas));
  artifact_ = ArtifactView();
  artifact_.name = "Notepad++";
  artifact_.vendor = "Don Ho";
  EXPECT_THAT(Trace(*policy), IsEmpty());
}

TEST_F(TraceTest, ComponentRulesAreTracedOnComponents) {
  auto policy = Compile(UsPolicy(R"pb(
    rules { id: "engine" select { entity: "kaspersky" include_components: true } actions: [UPDATE]
            steps { at { date: "2024-09-29" zone: "UTC" } verdict: DENY } }
  )pb"));
  artifact_ = ArtifactView();
  artifact_.name = "Appliance";
  ArtifactView engine;
  engine.name = "AV engine";
  engine.vendor = "Kaspersky";
  artifact_.components = absl::MakeConstSpan(&engine, 1);
  EXPECT_THAT(Trace(*policy),
              ElementsAre("us.test/engine: action not governed: governs UPDATE, not RUN [in AV engine]"));
}

// The trace's matched rules are the decision's matches, for every artifact of a
// varied set under the bundled catalog, in several contexts.
TEST_F(TraceTest, MatchedCandidatesAreTheDecisionsMatches) {
  const std::shared_ptr<const CompiledPolicy> catalog = BundledCatalog().policy;
  ASSERT_NE(catalog, nullptr);
  struct Named {
    const char* vendor;
    const char* name;
    const char* version;
  };
  const Named artifacts[] = {
      {"AO Kaspersky Lab", "Kaspersky Endpoint Security", "12.1"}, {"", "TikTok", "30.1"},
      {"Hangzhou DeepSeek Artificial Intelligence", "DeepSeek", "1.0"}, {"ByteDance", "CapCut", "5"},
      {"Microsoft Corporation", "Microsoft Edge", "120"}, {"Huawei", "HiSuite", "11"},
      {"Kaspersky", "Kaspersky Free", ""},
  };
  const absl::string_view kinds[][1] = {{"federal-executive-agency"}, {"state-agency"}, {"federal-contractor"}};
  const absl::string_view places[][2] = {{"US", "US-TX"}, {"AU", ""}, {"NL", "EU"}};
  const v1::Action actions[] = {v1::RUN, v1::INSTALL, v1::UPDATE};
  int matched = 0;
  for (const Named& named : artifacts) {
    for (const auto& kind : kinds) {
      for (const auto& place : places) {
        for (v1::Action action : actions) {
          artifact_ = ArtifactView();
          artifact_.vendor = named.vendor;
          artifact_.name = named.name;
          artifact_.version = named.version;
          context_.asset_kinds = {};
          context_.organization_kinds = kind;
          context_.jurisdictions = absl::MakeConstSpan(place, place[1].empty() ? 1 : 2);
          context_.action = action;
          const Decision& decision = Run(*catalog);
          std::set<uint32_t> decided;
          for (const Decision::Match& match : decision.matches()) decided.insert(match.rule);
          std::set<uint32_t> traced;
          for (const CandidateTrace& trace : catalog->TraceCandidates(artifact_, context_)) {
            if (trace.outcome == CandidateOutcome::kMatched) traced.insert(trace.rule);
          }
          EXPECT_EQ(traced, decided) << named.name << " " << kind[0] << " " << place[0] << " "
                                     << v1::Action_Name(action);
          matched += static_cast<int>(decided.size());
        }
      }
    }
  }
  EXPECT_GT(matched, 20);  // The set exercises the catalog, not only misses.
}

}  // namespace
}  // namespace test_support
}  // namespace interdict
