// The baselines are only a fair comparison if they compute what Interdict computes:
// they must agree with it on every artifact of a workload.
#include "benchmarks/baselines.h"

#include "gtest/gtest.h"
#include "policy/interdict.h"
#include "policy/testing/workload.h"

namespace interdict {
namespace benchmarks {
namespace {

struct ShapeRow {
  const char* name;
  test_support::WorkloadShape shape;
};

class BaselinesTest : public ::testing::TestWithParam<ShapeRow> {};

TEST_P(BaselinesTest, AgreeWithInterdictOnEveryArtifact) {
  int verdicts[4] = {0, 0, 0, 0};
  int exempted = 0;
  // 20,000 rules: a bundle the compiler builds on its second threads. The linear scan
  // (std::regex over every rule) is checked up to 2,000.
  for (size_t rules : {10, 300, 2000, 20000}) {
    SCOPED_TRACE(rules);
    test_support::WorkloadOptions options;
    options.shape = GetParam().shape;
    options.rule_count = rules;
    options.inventory_size = 1000;
    const test_support::Workload workload = test_support::GenerateWorkload(options);
    auto policy = PolicyCompiler().Compile(workload.bundle);
    ASSERT_TRUE(policy.ok()) << policy.status();
    const bool scan = rules <= 2000;
    auto linear = LinearRegexBaseline::Create(scan ? workload.bundle : v1::PolicyBundle());
    ASSERT_TRUE(linear.ok()) << linear.status();
    auto hash = HashRe2Baseline::Create(workload.bundle);
    ASSERT_TRUE(hash.ok()) << hash.status();
    const ContextView context = workload.context();
    Decision decision;
    for (const auto* inventory : {&workload.mixed, &workload.all_hit, &workload.all_miss}) {
      for (const ArtifactView& artifact : test_support::Workload::Views(*inventory)) {
        (*policy)->Evaluate(artifact, context, &decision);
        ++verdicts[decision.verdict()];
        for (const Decision::Match& match : decision.matches()) exempted += match.state == v1::EXEMPTED;
        if (scan) {
          ASSERT_EQ((*linear)->Evaluate(artifact, context), decision.verdict())
              << artifact.vendor << " / " << artifact.name << " / " << artifact.version;
        }
        ASSERT_EQ((*hash)->Evaluate(artifact, context), decision.verdict())
            << artifact.vendor << " / " << artifact.name << " / " << artifact.version;
      }
    }
  }
  // The workloads exercise every verdict, and exemptions that apply.
  EXPECT_GT(verdicts[v1::DENY], 0);
  EXPECT_GT(verdicts[v1::WARN], 0);
  EXPECT_GT(verdicts[v1::ALLOW], 0);
  EXPECT_GT(exempted, 0);
}

INSTANTIATE_TEST_SUITE_P(Shapes, BaselinesTest,
                         ::testing::Values(ShapeRow{"Standard", test_support::WorkloadShape::kStandard},
                                           ShapeRow{"Waivers", test_support::WorkloadShape::kWaivers}),
                         [](const ::testing::TestParamInfo<ShapeRow>& info) {
                           return std::string(info.param.name);
                         });

}  // namespace
}  // namespace benchmarks
}  // namespace interdict
