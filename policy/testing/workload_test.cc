// The generated workloads compile, are deterministic, and hit as advertised.
#include "policy/testing/workload.h"

#include "gtest/gtest.h"
#include "policy/interdict.h"

namespace interdict {
namespace test_support {
namespace {

size_t CountMatched(const CompiledPolicy& policy, const Workload& workload,
                    const std::vector<v1::Artifact>& artifacts) {
  Decision decision;
  size_t matched = 0;
  for (const ArtifactView& artifact : Workload::Views(artifacts)) {
    policy.Evaluate(artifact, workload.context(), &decision);
    matched += decision.matched() ? 1 : 0;
  }
  return matched;
}

TEST(WorkloadTest, SameSeedSameWorkloadOtherSeedOtherWorkload) {
  WorkloadOptions options;
  options.rule_count = 200;
  options.inventory_size = 100;
  const Workload a = GenerateWorkload(options);
  const Workload b = GenerateWorkload(options);
  EXPECT_EQ(a.bundle.SerializeAsString(), b.bundle.SerializeAsString());
  EXPECT_EQ(a.mixed[17].DebugString(), b.mixed[17].DebugString());
  options.seed = 2;
  EXPECT_NE(GenerateWorkload(options).bundle.SerializeAsString(), a.bundle.SerializeAsString());
}

class WorkloadTest : public ::testing::TestWithParam<SelectorKind> {};

TEST_P(WorkloadTest, CompilesAndHitsAsAdvertisedAtEverySize) {
  for (size_t rules : {10, 100, 1000, 10000}) {
    SCOPED_TRACE(rules);
    WorkloadOptions options;
    options.selectors = GetParam();
    options.rule_count = rules;
    options.inventory_size = 2000;
    const Workload workload = GenerateWorkload(options);
    std::vector<CompileIssue> issues;
    auto policy = PolicyCompiler().Compile(workload.bundle, &issues);
    ASSERT_TRUE(policy.ok()) << policy.status();
    EXPECT_EQ((*policy)->rule_count(), rules);
    // The only issues: DENY steps kept in advisory policies on purpose (to exercise the
    // cap), and rules a whole-vendor rule of the same policy shadows (the generator
    // draws several rules per vendor at random), which the compiler points out.
    for (const CompileIssue& issue : issues) {
      if (issue.code == CompileIssue::Code::kShadowed) continue;
      EXPECT_EQ(issue.code, CompileIssue::Code::kInconsistent) << issue.ToString();
      EXPECT_EQ(issue.message, "DENY in an ADVISORY policy is capped at WARN") << issue.ToString();
    }
    EXPECT_EQ(CountMatched(**policy, workload, workload.all_hit), 2000u);
    EXPECT_EQ(CountMatched(**policy, workload, workload.all_miss), 0u);
    const size_t mixed = CountMatched(**policy, workload, workload.mixed);
    EXPECT_GT(mixed, 60u);   // About 5% of 2000 = 100.
    EXPECT_LT(mixed, 140u);
    // Every decision is clean: the generated purls and versions all parse.
    Decision decision;
    for (const ArtifactView& artifact : Workload::Views(workload.mixed)) {
      (*policy)->Evaluate(artifact, workload.context(), &decision);
      ASSERT_TRUE(decision.artifact_problems().empty()) << artifact.purl;
    }
  }
}

TEST(PackageWorkloadTest, RulesSelectPackagesAndArtifactsCarryPurls) {
  WorkloadOptions options;
  options.selectors = SelectorKind::kPackages;
  options.rule_count = 100;
  options.inventory_size = 10;
  const Workload workload = GenerateWorkload(options);
  for (const v1::Policy& policy : workload.bundle.policies()) {
    for (const v1::Rule& rule : policy.rules()) {
      EXPECT_TRUE(rule.select().has_package()) << rule.id();
      EXPECT_TRUE(rule.select().entity().empty()) << rule.id();
    }
  }
  for (const v1::Artifact& artifact : workload.all_hit) EXPECT_FALSE(artifact.purl().empty());
  for (const v1::Artifact& artifact : workload.all_miss) EXPECT_FALSE(artifact.purl().empty());
}

TEST(IdentifierWorkloadTest, EveryIdentifierKindCompilesAndHitsAsAdvertised) {
  using Kind = v1::IdentifierMatch;
  for (Kind::KindCase kind :
       {Kind::kSha256, Kind::kSha1, Kind::kSignerSubject, Kind::kCertificateThumbprint, Kind::kTeamId,
        Kind::kSigningId, Kind::kBundleIdPrefix, Kind::kMsiProductCode, Kind::kMsiUpgradeCode,
        Kind::kInstallPathPrefix, Kind::kInstallPathGlob, Kind::kCpe}) {
    SCOPED_TRACE(kind);
    WorkloadOptions options;
    options.selectors = SelectorKind::kIdentifiers;
    options.identifier_kind = kind;
    options.rule_count = 200;
    options.inventory_size = 500;
    const Workload workload = GenerateWorkload(options);
    std::vector<CompileIssue> issues;
    auto policy = PolicyCompiler().Compile(workload.bundle, &issues);
    ASSERT_TRUE(policy.ok()) << policy.status();
    EXPECT_EQ(CountMatched(**policy, workload, workload.all_hit), 500u);
    EXPECT_EQ(CountMatched(**policy, workload, workload.all_miss), 0u);
    Decision decision;
    for (const ArtifactView& artifact : Workload::Views(workload.all_miss)) {
      (*policy)->Evaluate(artifact, workload.context(), &decision);
      ASSERT_TRUE(decision.artifact_problems().empty());
    }
  }
}

TEST(ComponentWorkloadTest, HitsAreFoundTwoLevelsDown) {
  WorkloadOptions options;
  options.rule_count = 200;
  options.inventory_size = 300;
  options.components = 4;
  const Workload workload = GenerateWorkload(options);
  auto policy = PolicyCompiler().Compile(workload.bundle);
  ASSERT_TRUE(policy.ok()) << policy.status();
  Decision decision;
  size_t hits = 0;
  for (const v1::Artifact& artifact : workload.all_hit) {
    ASSERT_EQ(artifact.components_size(), 4);
    const ArtifactViewTree tree(artifact);
    (*policy)->Evaluate(tree.root(), workload.context(), &decision);
    hits += decision.matched() ? 1 : 0;
    for (const Decision::Match& match : decision.matches()) EXPECT_EQ(match.component_path_size, 3u);
  }
  EXPECT_EQ(hits, 300u);
  for (const v1::Artifact& artifact : workload.all_miss) {
    const ArtifactViewTree tree(artifact);
    (*policy)->Evaluate(tree.root(), workload.context(), &decision);
    EXPECT_FALSE(decision.matched());
  }
}

INSTANTIATE_TEST_SUITE_P(AllSelectorKinds, WorkloadTest,
                         ::testing::Values(SelectorKind::kNames, SelectorKind::kPackages,
                                           SelectorKind::kIdentifiers));

}  // namespace
}  // namespace test_support
}  // namespace interdict
