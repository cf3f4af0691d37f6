// Many threads evaluate while the served policy is replaced: every decision must come
// whole from one compiled policy, and failed reloads must keep the old one serving.
#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "policy/interdict.h"

namespace interdict {
namespace {

std::shared_ptr<const CompiledPolicy> CompileRule(const std::string& rule_id, const std::string& verdict) {
  v1::PolicyBundle bundle;
  const std::string text = absl::StrCat(R"pb(
    entities { id: "k" name: "Kaspersky Lab" }
    policies { id: "p" citation: "C" binding: BINDING
      rules { id: ")pb", rule_id, R"pb(" select { entity: "k" } actions: [UPDATE]
              steps { at { date: "2024-01-01" zone: "UTC" } verdict: )pb", verdict, R"pb( } } }
  )pb");
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &bundle));
  auto compiled = PolicyCompiler().Compile(bundle);
  EXPECT_TRUE(compiled.ok()) << compiled.status();
  return *compiled;
}

TEST(ConcurrencyTest, EvaluationsStayConsistentWhilePolicyIsReplaced) {
  PolicyHandle handle(CompileRule("deny-a", "DENY"));
  std::atomic<bool> writer_done{false};
  std::atomic<int> inconsistent{0};
  std::atomic<int> saw_deny{0};
  std::atomic<int> saw_warn{0};

  auto reader = [&] {
    ArtifactView artifact;
    artifact.name = "Kaspersky Anti-Virus";
    artifact.vendor = "Kaspersky Lab";
    ContextView context;
    context.instant = absl::FromUnixSeconds(1735689600);  // 2025-01-01
    context.action = v1::UPDATE;
    Decision decision;
    v1::Decision proto;
    for (int i = 0; !writer_done.load() || i < 2000; ++i) {
      std::shared_ptr<const CompiledPolicy> policy = handle.Get();
      policy->Evaluate(artifact, context, &decision);
      const bool ok = policy->ToProto(decision, &proto).ok() && proto.matches_size() == 1 &&
                      ((proto.verdict() == v1::DENY && proto.matches(0).rule_id() == "deny-a") ||
                       (proto.verdict() == v1::WARN && proto.matches(0).rule_id() == "warn-b"));
      if (!ok) ++inconsistent;
      ++(proto.verdict() == v1::DENY ? saw_deny : saw_warn);
    }
  };
  std::vector<std::thread> readers;
  for (int t = 0; t < 4; ++t) readers.emplace_back(reader);

  // Replace at least 200 times, and until readers have seen both policies (bounded).
  const absl::Time give_up = absl::Now() + absl::Seconds(20);
  for (int round = 0;
       round < 200 || ((saw_deny.load() == 0 || saw_warn.load() == 0) && absl::Now() < give_up);
       ++round) {
    // Freshly compiled policies each round, so old ones are destroyed while readers run.
    handle.Replace(CompileRule(round % 2 == 0 ? "warn-b" : "deny-a", round % 2 == 0 ? "WARN" : "DENY"));
    absl::Status failed = handle.ReplaceWith(absl::InvalidArgumentError("policy bundle has 1 error"));
    EXPECT_EQ(failed.code(), absl::StatusCode::kInvalidArgument);
    ASSERT_NE(handle.Get(), nullptr);
  }
  writer_done = true;
  for (std::thread& t : readers) t.join();

  EXPECT_EQ(inconsistent.load(), 0);
  EXPECT_GT(saw_deny.load(), 0);
  EXPECT_GT(saw_warn.load(), 0);
}

TEST(ConcurrencyTest, SharedPolicyGivesEveryThreadTheSameDecisions) {
  std::shared_ptr<const CompiledPolicy> policy = CompileRule("deny-a", "DENY");
  const std::vector<std::string> vendors = {"Kaspersky Lab", "KASPERSKY LAB", "Mozilla", "kaspersky-lab", "Kasperski Lab"};
  auto run = [&](std::vector<int>* verdicts) {
    ContextView context;
    context.instant = absl::FromUnixSeconds(1735689600);
    context.action = v1::UPDATE;
    Decision decision;
    for (int i = 0; i < 20000; ++i) {
      ArtifactView artifact;
      artifact.name = "Product";
      artifact.vendor = vendors[i % vendors.size()];
      policy->Evaluate(artifact, context, &decision);
      verdicts->push_back(decision.verdict());
    }
  };
  std::vector<int> expected;
  run(&expected);
  std::vector<std::vector<int>> results(4);
  std::vector<std::thread> threads;
  for (auto& r : results) threads.emplace_back(run, &r);
  for (std::thread& t : threads) t.join();
  for (const auto& r : results) EXPECT_EQ(r, expected);
}

}  // namespace
}  // namespace interdict
