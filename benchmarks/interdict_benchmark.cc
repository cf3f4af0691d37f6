// Benchmarks of Interdict's hot path against two hand-written baselines, on the same
// seeded workloads (policy/testing/workload.h). Policies are compiled outside the timed
// loops. See README.md in this directory for the commands and the figures.
#include <malloc.h>

#include <map>
#include <memory>
#include <mutex>
#include <tuple>
#include <vector>

#include "benchmark/benchmark.h"
#include "benchmarks/baselines.h"
#include "benchmarks/fixture.h"
#include "policy/interdict.h"

namespace interdict {
namespace benchmarks {
namespace {

std::mutex fixtures_mutex;

using test_support::SelectorKind;

const Fixture& GetFixture(size_t rules, SelectorKind selectors = SelectorKind::kNames,
                          v1::IdentifierMatch::KindCase kind = v1::IdentifierMatch::kSha256) {
  static auto* fixtures =
      new std::map<std::tuple<size_t, SelectorKind, v1::IdentifierMatch::KindCase>, std::unique_ptr<Fixture>>();
  std::lock_guard<std::mutex> lock(fixtures_mutex);
  std::unique_ptr<Fixture>& fixture = (*fixtures)[{rules, selectors, kind}];
  if (fixture == nullptr) fixture = MakeFixture(rules, selectors, kind);
  return *fixture;
}

template <typename Baseline>
const Baseline& GetBaseline(size_t rules) {
  static auto* baselines = new std::map<size_t, std::unique_ptr<Baseline>>();
  const Fixture& fixture = GetFixture(rules);
  std::lock_guard<std::mutex> lock(fixtures_mutex);
  std::unique_ptr<Baseline>& baseline = (*baselines)[rules];
  if (baseline == nullptr) {
    auto created = Baseline::Create(fixture.workload.bundle);
    if (!created.ok()) std::abort();
    baseline = *std::move(created);
    if (Baseline::kBuildsStateOnFirstUse) {
      for (Mix mix : {Mix::kMixed, Mix::kHit, Mix::kMiss}) {
        for (const ArtifactView& artifact : fixture.Views(mix)) {
          benchmark::DoNotOptimize(baseline->Evaluate(artifact, fixture.workload.context()));
        }
      }
    }
  }
  return *baseline;
}

// One artifact per iteration, cycling through an inventory; threads start apart.
void BM_Evaluate(benchmark::State& state, Mix mix, SelectorKind selectors) {
  const Fixture& fixture = GetFixture(static_cast<size_t>(state.range(0)), selectors);
  const std::vector<ArtifactView>& views = fixture.Views(mix);
  const ContextView context = fixture.workload.context();
  Decision decision;
  size_t i = static_cast<size_t>(state.thread_index()) * 4099;
  for (auto _ : state) {
    fixture.policy->Evaluate(views[i++ % views.size()], context, &decision);
    benchmark::DoNotOptimize(decision.verdict());
  }
  state.SetItemsProcessed(state.iterations());
}

// Artifacts with four components each, the would-be artifact two levels down, and
// include_components on every rule: the cost of walking component trees.
constexpr size_t kComponentsPerArtifact = 4;

const Fixture& GetComponentFixture(size_t rules) {
  static auto* fixtures = new std::map<size_t, std::unique_ptr<Fixture>>();
  std::lock_guard<std::mutex> lock(fixtures_mutex);
  std::unique_ptr<Fixture>& fixture = (*fixtures)[rules];
  if (fixture == nullptr) {
    fixture = MakeFixture(rules, SelectorKind::kNames, v1::IdentifierMatch::kSha256, kComponentsPerArtifact);
  }
  return *fixture;
}

void BM_EvaluateComponents(benchmark::State& state, Mix mix) {
  const Fixture& fixture = GetComponentFixture(static_cast<size_t>(state.range(0)));
  const std::vector<ArtifactView>& views = fixture.Views(mix);
  const ContextView context = fixture.workload.context();
  Decision decision;
  size_t i = 0;
  for (auto _ : state) {
    fixture.policy->Evaluate(views[i++ % views.size()], context, &decision);
    benchmark::DoNotOptimize(decision.verdict());
  }
  state.SetItemsProcessed(state.iterations());
}

// The mixed inventory of an identifier workload: one benchmark per identifier kind.
void BM_EvaluateIdentifiers(benchmark::State& state, v1::IdentifierMatch::KindCase kind) {
  const Fixture& fixture = GetFixture(static_cast<size_t>(state.range(0)), SelectorKind::kIdentifiers, kind);
  const ContextView context = fixture.workload.context();
  Decision decision;
  size_t i = 0;
  for (auto _ : state) {
    fixture.policy->Evaluate(fixture.mixed[i++ % fixture.mixed.size()], context, &decision);
    benchmark::DoNotOptimize(decision.verdict());
  }
  state.SetItemsProcessed(state.iterations());
}

// A whole inventory (10,000 artifacts, ~5% hits) per iteration.
void BM_EvaluateBatch(benchmark::State& state) {
  const Fixture& fixture = GetFixture(static_cast<size_t>(state.range(0)));
  const ContextView context = fixture.workload.context();
  std::vector<Decision> decisions;
  for (auto _ : state) {
    fixture.policy->EvaluateBatch(fixture.mixed, context, &decisions);
    benchmark::DoNotOptimize(decisions.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(fixture.mixed.size()));
}

// Bytes malloc has handed out and not taken back: arena blocks plus mmapped ones.
size_t HeapInUse() {
  const struct mallinfo2 info = mallinfo2();
  return info.uordblks + info.hblkhd;
}

// Compilation of the whole bundle per iteration; memory held by the compiled policy as a
// counter (bytes in use by malloc with the policy alive, minus before).
void BM_Compile(benchmark::State& state) {
  const size_t rules = static_cast<size_t>(state.range(0));
  const Fixture& fixture = GetFixture(rules);
  for (auto _ : state) {
    auto compiled = PolicyCompiler().Compile(fixture.workload.bundle);
    benchmark::DoNotOptimize(compiled);
  }
  const size_t before = HeapInUse();
  auto held = PolicyCompiler().Compile(fixture.workload.bundle);
  const size_t after = HeapInUse();
  state.counters["bytes_per_rule"] = static_cast<double>(after - before) / static_cast<double>(rules);
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(rules));
}

// Memory per rule when no two product regexes share a compiled part
// (WorkloadOptions::distinct_regex_tails): the worst case for ProductRegexCache.
void BM_CompileDistinctRegexTails(benchmark::State& state) {
  const size_t rules = static_cast<size_t>(state.range(0));
  test_support::WorkloadOptions options;
  options.rule_count = rules;
  options.inventory_size = 1;
  options.distinct_regex_tails = true;
  const test_support::Workload workload = test_support::GenerateWorkload(options);
  for (auto _ : state) {
    auto compiled = PolicyCompiler().Compile(workload.bundle);
    benchmark::DoNotOptimize(compiled);
  }
  const size_t before = HeapInUse();
  auto held = PolicyCompiler().Compile(workload.bundle);
  const size_t after = HeapInUse();
  state.counters["bytes_per_rule"] = static_cast<double>(after - before) / static_cast<double>(rules);
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(rules));
}

template <typename Baseline>
void BM_Baseline(benchmark::State& state, Mix mix) {
  const size_t rules = static_cast<size_t>(state.range(0));
  const Baseline& baseline = GetBaseline<Baseline>(rules);
  const Fixture& fixture = GetFixture(rules);
  const std::vector<ArtifactView>& views = fixture.Views(mix);
  const ContextView context = fixture.workload.context();
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(baseline.Evaluate(views[i++ % views.size()], context));
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_HashRe2Baseline(benchmark::State& state, Mix mix) { BM_Baseline<HashRe2Baseline>(state, mix); }
void BM_LinearRegexBaseline(benchmark::State& state, Mix mix) {
  BM_Baseline<LinearRegexBaseline>(state, mix);
}

void RuleCounts(benchmark::internal::Benchmark* b) {
  for (int rules : {10, 100, 1000, 10000, 100000}) b->Arg(rules);
  b->ArgName("rules");
}

void Threads(benchmark::internal::Benchmark* b) {
  RuleCounts(b);
  b->ThreadRange(1, benchmark::CPUInfo::Get().num_cpus);
  b->UseRealTime();
}

BENCHMARK_CAPTURE(BM_Evaluate, mixed, Mix::kMixed, SelectorKind::kNames)->Apply(Threads);
BENCHMARK_CAPTURE(BM_Evaluate, hit, Mix::kHit, SelectorKind::kNames)->Apply(Threads);
BENCHMARK_CAPTURE(BM_Evaluate, miss, Mix::kMiss, SelectorKind::kNames)->Apply(Threads);
// Package (purl + vers) rules: one row per identifier kind, single thread.
BENCHMARK_CAPTURE(BM_Evaluate, packages_mixed, Mix::kMixed, SelectorKind::kPackages)->Apply(RuleCounts);
BENCHMARK_CAPTURE(BM_Evaluate, packages_hit, Mix::kHit, SelectorKind::kPackages)->Apply(RuleCounts);
BENCHMARK_CAPTURE(BM_Evaluate, packages_miss, Mix::kMiss, SelectorKind::kPackages)->Apply(RuleCounts);
// Identifier rules: one row per identifier kind (BM_EvaluateIdentifiers/<kind>/rules:N).
const bool kIdentifierBenchmarksRegistered = [] {
  for (const auto& [kind, name] : IdentifierKinds()) {
    benchmark::RegisterBenchmark(("BM_EvaluateIdentifiers/" + name).c_str(), BM_EvaluateIdentifiers, kind)
        ->Apply(RuleCounts);
  }
  return true;
}();
BENCHMARK_CAPTURE(BM_EvaluateComponents, mixed, Mix::kMixed)->Apply(RuleCounts);
BENCHMARK_CAPTURE(BM_EvaluateComponents, hit, Mix::kHit)->Apply(RuleCounts);
BENCHMARK_CAPTURE(BM_EvaluateComponents, miss, Mix::kMiss)->Apply(RuleCounts);
BENCHMARK(BM_EvaluateBatch)->Apply(RuleCounts);
BENCHMARK(BM_Compile)->Apply(RuleCounts)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CompileDistinctRegexTails)->Apply(RuleCounts)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_HashRe2Baseline, mixed, Mix::kMixed)->Apply(RuleCounts);
BENCHMARK_CAPTURE(BM_HashRe2Baseline, hit, Mix::kHit)->Apply(RuleCounts);
BENCHMARK_CAPTURE(BM_HashRe2Baseline, miss, Mix::kMiss)->Apply(RuleCounts);
BENCHMARK_CAPTURE(BM_LinearRegexBaseline, mixed, Mix::kMixed)->Apply(RuleCounts);

}  // namespace
}  // namespace benchmarks
}  // namespace interdict

BENCHMARK_MAIN();
