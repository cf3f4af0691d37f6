// Tests sentences 2 (selectors that include components) and 9 (components too deep to read) of the contract in compiled_policy.h.
#include <pthread.h>

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "google/protobuf/arena.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "policy/compiled_policy.h"
#include "policy/compiler.h"
#include "policy/testing/evaluation_test_support.h"

namespace interdict {
namespace test_support {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

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

// Runs `body` on a thread with a 256 KiB stack, as hosts' worker threads may have.
void OnSmallStack(const std::function<void()>& body) {
  pthread_attr_t attributes;
  ASSERT_EQ(pthread_attr_init(&attributes), 0);
  ASSERT_EQ(pthread_attr_setstacksize(&attributes, 256 << 10), 0);
  pthread_t thread;
  auto run = [](void* arg) -> void* {
    (*static_cast<const std::function<void()>*>(arg))();
    return nullptr;
  };
  ASSERT_EQ(pthread_create(&thread, &attributes, run, const_cast<std::function<void()>*>(&body)), 0);
  ASSERT_EQ(pthread_join(thread, nullptr), 0);
  pthread_attr_destroy(&attributes);
}

TEST_F(EvaluateTest, ComponentsPastTheMostExaminedAreReportedNotExamined) {
  CompileOptions options;
  options.max_components = 1;
  auto policy = PolicyCompiler(options).Compile(Parse(UsPolicy(kComponentRules)));
  ASSERT_TRUE(policy.ok()) << policy.status();
  const v1::Artifact appliance = Appliance();  // The SDK is its second component.
  const ArtifactViewTree tree(appliance);
  (*policy)->Evaluate(tree.root(), context_, &decision_);
  EXPECT_FALSE(decision_.matched());
  ASSERT_EQ(decision_.artifact_problems().size(), 1u);
  EXPECT_EQ(decision_.artifact_problems()[0].field, v1::ARTIFACT_COMPONENTS);
  EXPECT_THAT(std::string(decision_.artifact_problems()[0].problem), HasSubstr("CompileOptions::max_components"));
}

TEST_F(EvaluateTest, NestingDeeperThanAnyPolicyLooksTakesNoStackPerLevel) {
  auto policy = Compile(UsPolicy(kComponentRules));
  // 25,000 levels, Kaspersky at the bottom, built on an arena (so that the proto's own
  // destruction does not recurse either).
  google::protobuf::Arena arena;
  v1::Artifact* artifact = google::protobuf::Arena::CreateMessage<v1::Artifact>(&arena);
  artifact->set_name("Matryoshka");
  v1::Artifact* level = artifact;
  for (int i = 0; i < 25000; ++i) {
    level = level->add_components();
    level->set_name(absl::StrCat("level ", i + 1));
  }
  level->set_vendor("Kaspersky");
  v1::EvaluationContext context;
  context.mutable_instant()->set_seconds(absl::ToUnixSeconds(Utc(2024, 10, 1)));
  context.set_action(v1::UPDATE);
  context.add_jurisdictions("US");
  OnSmallStack([&] {
    const ArtifactViewTree tree(*artifact);
    Decision decision;
    policy->Evaluate(tree.root(), context_, &decision);
    EXPECT_FALSE(decision.matched());
    ASSERT_EQ(decision.artifact_problems().size(), 1u);
    EXPECT_EQ(decision.artifact_problems()[0].field, v1::ARTIFACT_COMPONENTS);
    absl::StatusOr<v1::Decision> proto = policy->Evaluate(*artifact, context);
    ASSERT_TRUE(proto.ok()) << proto.status();
    EXPECT_THAT(proto->explanation(), HasSubstr("components nested deeper"));
  });
}

}  // namespace
}  // namespace test_support
}  // namespace interdict
