// Benchmarks of Interdict's hot path against two hand-written baselines, on the same
// seeded workloads (policy/testing/workload.h). Policies are compiled outside the timed
// loops. See README.md in this directory for the commands and the figures.
#include <malloc.h>

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "benchmarks/baselines.h"
#include "benchmarks/fixture.h"
#include "policy/interdict.h"

namespace interdict {
namespace benchmarks {
namespace {

std::mutex fixtures_mutex;

using test_support::SelectorKind;
using test_support::WorkloadShape;

// Which workload a benchmark runs on, beside its rule count.
struct Spec {
  WorkloadShape shape = WorkloadShape::kStandard;
  SelectorKind selectors = SelectorKind::kNames;
  v1::IdentifierMatch::KindCase identifier_kind = v1::IdentifierMatch::kSha256;
  size_t components = 0;
  // Artifacts in each inventory (WorkloadOptions::inventory_size).
  size_t inventory_size = 10000;

  // What tells two fixtures of one rule count apart.
  auto Fields() const { return std::make_tuple(shape, selectors, identifier_kind, components, inventory_size); }
};

test_support::WorkloadOptions OptionsOf(size_t rules, const Spec& spec) {
  test_support::WorkloadOptions options;
  options.rule_count = rules;
  options.shape = spec.shape;
  options.selectors = spec.selectors;
  options.identifier_kind = spec.identifier_kind;
  options.components = spec.components;
  options.inventory_size = spec.inventory_size;
  return options;
}

const Fixture& GetFixture(size_t rules, const Spec& spec = Spec()) {
  using Key = std::pair<size_t, decltype(spec.Fields())>;
  static auto* fixtures = new std::map<Key, std::unique_ptr<Fixture>>();
  std::lock_guard<std::mutex> lock(fixtures_mutex);
  std::unique_ptr<Fixture>& fixture =
      (*fixtures)[{rules, spec.Fields()}];
  if (fixture == nullptr) fixture = MakeFixture(OptionsOf(rules, spec));
  return *fixture;
}

template <typename Baseline>
const Baseline& GetBaseline(size_t rules, WorkloadShape shape) {
  static auto* baselines = new std::map<std::pair<size_t, WorkloadShape>, std::unique_ptr<Baseline>>();
  Spec spec;
  spec.shape = shape;
  const Fixture& fixture = GetFixture(rules, spec);
  std::lock_guard<std::mutex> lock(fixtures_mutex);
  std::unique_ptr<Baseline>& baseline = (*baselines)[{rules, shape}];
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
void BM_Evaluate(benchmark::State& state, Mix mix, Spec spec) {
  const Fixture& fixture = GetFixture(static_cast<size_t>(state.range(0)), spec);
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

Spec Shape(WorkloadShape shape) {
  Spec spec;
  spec.shape = shape;
  return spec;
}

Spec Selectors(SelectorKind selectors) {
  Spec spec;
  spec.selectors = selectors;
  return spec;
}

// Artifacts with four components each, the would-be artifact two levels down, and
// include_components on every rule: the cost of walking component trees.
Spec Components() {
  Spec spec;
  spec.components = 4;
  return spec;
}

// The mixed inventory of an identifier workload: one benchmark per identifier kind.
void BM_EvaluateIdentifiers(benchmark::State& state, v1::IdentifierMatch::KindCase kind) {
  Spec spec = Selectors(SelectorKind::kIdentifiers);
  spec.identifier_kind = kind;
  BM_Evaluate(state, Mix::kMixed, spec);
}

// The mixed inventory of the entity-identifier workload: entities list one identifier
// of `kind`, and artifacts of an entity carry it with no vendor string.
void BM_EvaluateEntityIdentifiers(benchmark::State& state, v1::IdentifierMatch::KindCase kind) {
  Spec spec = Selectors(SelectorKind::kEntityIdentifiers);
  spec.identifier_kind = kind;
  BM_Evaluate(state, Mix::kMixed, spec);
}

// A whole inventory (10,000 artifacts, ~5% hits) per iteration.
void BM_EvaluateBatch(benchmark::State& state, WorkloadShape shape) {
  const Fixture& fixture = GetFixture(static_cast<size_t>(state.range(0)), Shape(shape));
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
void CompileBundle(benchmark::State& state, const v1::PolicyBundle& bundle) {
  const size_t rules = static_cast<size_t>(state.range(0));
  // Destroying the compiled policy is timed apart (destroy_ms): it is what a reload
  // costs later, not part of compiling.
  std::chrono::steady_clock::duration destroy_time{};
  for (auto _ : state) {
    auto compiled = PolicyCompiler().Compile(bundle);
    benchmark::DoNotOptimize(compiled);
    state.PauseTiming();
    const auto start = std::chrono::steady_clock::now();
    compiled = absl::UnknownError("destroyed");
    destroy_time += std::chrono::steady_clock::now() - start;
    state.ResumeTiming();
  }
  state.counters["destroy_ms"] =
      std::chrono::duration<double, std::milli>(destroy_time).count() / static_cast<double>(state.iterations());
  const size_t before = HeapInUse();
  auto held = PolicyCompiler().Compile(bundle);
  const size_t after = HeapInUse();
  state.counters["bytes_per_rule"] = static_cast<double>(after - before) / static_cast<double>(rules);
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(rules));
}

void BM_Compile(benchmark::State& state, WorkloadShape shape) {
  CompileBundle(state, GetFixture(static_cast<size_t>(state.range(0)), Shape(shape)).workload.bundle);
}

// Workloads that only compile (no inventories): `adjust` sets what differs from the
// standard options.
template <typename Adjust>
void BM_CompileGenerated(benchmark::State& state, Adjust adjust) {
  test_support::WorkloadOptions options;
  options.rule_count = static_cast<size_t>(state.range(0));
  options.inventory_size = 1;
  adjust(&options);
  CompileBundle(state, test_support::GenerateWorkload(options).bundle);
}

// No two product regexes share a compiled part (WorkloadOptions::distinct_regex_tails):
// the worst case for ProductRegexCache's memory.
void BM_CompileDistinctRegexTails(benchmark::State& state) {
  BM_CompileGenerated(state, [](test_support::WorkloadOptions* o) { o->distinct_regex_tails = true; });
}

// Every rule in one policy, 60% with a waiver: compile time must not grow with the
// rules per policy.
void BM_CompileOnePolicy(benchmark::State& state) {
  BM_CompileGenerated(state, [&state](test_support::WorkloadOptions* o) {
    o->shape = WorkloadShape::kWaivers;
    o->rules_per_policy = static_cast<size_t>(state.range(0));
  });
}

// N product regexes with no literal head ("[Pp]roduct<i>x (Pro|Home)"), none naming an
// entity, so every name meets all of them in one bucket: the hostile shape that ran
// every regex on every name (issue 15) until the atom filter (regex_atom_filter.h).
// One artifact in 20 matches a rule.
struct UnprefixedRegexes {
  explicit UnprefixedRegexes(size_t rules) {
    v1::PolicyBundle bundle;
    v1::Policy* policy = bundle.add_policies();
    policy->set_id("hostile");
    policy->set_citation("none");
    policy->set_binding(v1::BINDING);
    for (size_t i = 0; i < rules; ++i) {
      v1::Rule* rule = policy->add_rules();
      rule->set_id(absl::StrCat("r", i));
      rule->mutable_select()->mutable_product()->set_regex(absl::StrCat("[Pp]roduct", i, "x (Pro|Home)"));
      rule->add_actions(v1::RUN);
      v1::Step* step = rule->add_steps();
      step->mutable_at()->set_date("2024-01-01");
      step->mutable_at()->set_zone("UTC");
      step->set_verdict(v1::DENY);
    }
    CompileOptions options;
    options.max_rules = rules;
    auto compiled = PolicyCompiler(options).Compile(bundle);
    if (!compiled.ok()) std::abort();
    this->policy = *std::move(compiled);
    for (size_t i = 0; i < 10000; ++i) {
      names.push_back(i % 20 == 0 ? absl::StrCat("PRODUCT", (i * 7919) % rules, "X Pro")
                                  : absl::StrCat(i % 2 == 0 ? "Productivity Suite " : "Notepad++ ", i));
    }
    for (const std::string& name : names) {
      ArtifactView view;
      view.name = name;
      views.push_back(view);
    }
    context.instant = absl::FromUnixSeconds(1735689600);  // 2025-01-01
    context.action = v1::RUN;
  }
  std::shared_ptr<const CompiledPolicy> policy;
  std::vector<std::string> names;
  std::vector<ArtifactView> views;
  ContextView context;
};

void BM_EvaluateUnprefixedRegexes(benchmark::State& state) {
  static auto* workloads = new std::map<size_t, std::unique_ptr<UnprefixedRegexes>>();
  const size_t rules = static_cast<size_t>(state.range(0));
  std::unique_ptr<UnprefixedRegexes>& workload = (*workloads)[rules];
  if (workload == nullptr) workload = std::make_unique<UnprefixedRegexes>(rules);
  Decision decision;
  size_t i = 0;
  uint64_t denied = 0;
  for (auto _ : state) {
    workload->policy->Evaluate(workload->views[i++ % workload->views.size()], workload->context, &decision);
    denied += decision.verdict() == v1::DENY;
  }
  state.counters["hits"] = benchmark::Counter(static_cast<double>(denied) / static_cast<double>(state.iterations()));
  state.SetItemsProcessed(state.iterations());
}

// What a baseline benchmark reads: the baseline and the fixture of the benchmark's rule
// count and shape, one of its inventories, and its context.
template <typename Baseline>
struct BaselineRun {
  BaselineRun(const benchmark::State& state, Mix mix, WorkloadShape shape)
      : baseline(GetBaseline<Baseline>(static_cast<size_t>(state.range(0)), shape)),
        fixture(GetFixture(static_cast<size_t>(state.range(0)), Shape(shape))),
        views(fixture.Views(mix)),
        context(fixture.workload.context()) {}
  const Baseline& baseline;
  const Fixture& fixture;
  const std::vector<ArtifactView>& views;
  const ContextView context;
};

template <typename Baseline>
void BM_Baseline(benchmark::State& state, Mix mix, WorkloadShape shape) {
  const BaselineRun<Baseline> run(state, mix, shape);
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(run.baseline.Evaluate(run.views[i++ % run.views.size()], run.context));
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_HashRe2Baseline(benchmark::State& state, Mix mix, WorkloadShape shape) {
  BM_Baseline<HashRe2Baseline>(state, mix, shape);
}
void BM_LinearRegexBaseline(benchmark::State& state, Mix mix) {
  BM_Baseline<LinearRegexBaseline>(state, mix, WorkloadShape::kStandard);
}

// Interdict and the competent baseline in alternating blocks of the same inventory,
// timed with the steady clock, so that whatever else a shared machine is doing slows
// both alike (the separate rows above are measured minutes apart). The order within a
// pair of blocks alternates too. Counters: each one's ns per artifact and the speed-up,
// the baseline's time over Interdict's.
void BM_Versus(benchmark::State& state, Mix mix, WorkloadShape shape) {
  const BaselineRun<HashRe2Baseline> run(state, mix, shape);
  const HashRe2Baseline& baseline = run.baseline;
  const Fixture& fixture = run.fixture;
  const std::vector<ArtifactView>& views = run.views;
  const ContextView& context = run.context;
  constexpr size_t kBlock = 512;
  Decision decision;
  size_t first = 0;
  bool interdict_first = true;
  std::chrono::steady_clock::duration interdict_time{};
  std::chrono::steady_clock::duration baseline_time{};
  const auto run_interdict = [&] {
    const auto start = std::chrono::steady_clock::now();
    for (size_t k = 0; k < kBlock; ++k) {
      fixture.policy->Evaluate(views[(first + k) % views.size()], context, &decision);
      benchmark::DoNotOptimize(decision.verdict());
    }
    interdict_time += std::chrono::steady_clock::now() - start;
  };
  const auto run_baseline = [&] {
    const auto start = std::chrono::steady_clock::now();
    for (size_t k = 0; k < kBlock; ++k) {
      benchmark::DoNotOptimize(baseline.Evaluate(views[(first + k) % views.size()], context));
    }
    baseline_time += std::chrono::steady_clock::now() - start;
  };
  for (auto _ : state) {
    if (interdict_first) {
      run_interdict();
      run_baseline();
    } else {
      run_baseline();
      run_interdict();
    }
    interdict_first = !interdict_first;
    first += kBlock;
  }
  const double artifacts = static_cast<double>(state.iterations()) * kBlock;
  const double interdict_ns = std::chrono::duration<double, std::nano>(interdict_time).count();
  const double baseline_ns = std::chrono::duration<double, std::nano>(baseline_time).count();
  state.counters["interdict_ns"] = interdict_ns / artifacts;
  state.counters["baseline_ns"] = baseline_ns / artifacts;
  state.counters["speedup"] = baseline_ns / interdict_ns;
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(2 * kBlock));
}

// The flatness target compares the mixed inventory at 100,000 rules with the same at
// 100. Separate rows of the two are measured minutes apart, and this machine's
// stretches moved them more than the rule count does (README: 1.01x to 1.80x on one
// binary). Here the two policies take turns in one stretch: each turn is one untimed
// pass over the policy's inventory, so that it starts as warm as in a row of its own,
// then one timed pass; the order within a pair of turns alternates. The two rule
// counts are the first two arguments (rules:100/large:100000 is the target's pair), the
// inventory's size the third (inventory:10000, as in every other row, is the target's).
// A hit picks one of the applicable rules at random, so at 100,000 rules nearly every
// hit is on an entity no other artifact of the inventory touches: the evaluation finds
// it again only one whole inventory later, evicted from the caches by everything read
// in between. A smaller inventory is one whose software recurs sooner, as it does
// across a fleet's hosts (benchmarks/README.md, "What the flatness figure measures").
// Counters: ns per artifact at each size and their ratio (`flatness`, the large over the
// small).
void BM_Flatness(benchmark::State& state, WorkloadShape shape) {
  Spec spec = Shape(shape);
  spec.inventory_size = static_cast<size_t>(state.range(2));
  const Fixture& small = GetFixture(static_cast<size_t>(state.range(0)), spec);
  const Fixture& large = GetFixture(static_cast<size_t>(state.range(1)), spec);
  Decision decision;
  std::chrono::steady_clock::duration small_time{};
  std::chrono::steady_clock::duration large_time{};
  const auto pass = [&decision](const Fixture& fixture) {
    const ContextView context = fixture.workload.context();
    for (const ArtifactView& artifact : fixture.mixed) {
      fixture.policy->Evaluate(artifact, context, &decision);
      benchmark::DoNotOptimize(decision.verdict());
    }
  };
  const auto turn = [&pass](const Fixture& fixture, std::chrono::steady_clock::duration* time) {
    pass(fixture);
    const auto start = std::chrono::steady_clock::now();
    pass(fixture);
    *time += std::chrono::steady_clock::now() - start;
  };
  bool small_first = true;
  for (auto _ : state) {
    if (small_first) {
      turn(small, &small_time);
      turn(large, &large_time);
    } else {
      turn(large, &large_time);
      turn(small, &small_time);
    }
    small_first = !small_first;
  }
  const double small_ns = std::chrono::duration<double, std::nano>(small_time).count() /
                          static_cast<double>(state.iterations() * small.mixed.size());
  const double large_ns = std::chrono::duration<double, std::nano>(large_time).count() /
                          static_cast<double>(state.iterations() * large.mixed.size());
  state.counters["ns_small"] = small_ns;
  state.counters["ns_large"] = large_ns;
  state.counters["flatness"] = large_ns / small_ns;
}

// The target's pair on the standard inventory and on one whose hits recur five times
// as often, and a small pair for the harness's smoke test.
void FlatnessPairs(benchmark::internal::Benchmark* b) {
  b->Args({100, 100000, 10000})->Args({100, 100000, 2000})->Args({10, 100, 1000});
  b->ArgNames({"rules", "large", "inventory"});
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

constexpr WorkloadShape kStandard = WorkloadShape::kStandard;
constexpr WorkloadShape kWaivers = WorkloadShape::kWaivers;

// The standard workload (names) and the waivers workload, each beside the competent
// baseline on the same inventories.
BENCHMARK_CAPTURE(BM_Evaluate, mixed, Mix::kMixed, Shape(kStandard))->Apply(Threads);
BENCHMARK_CAPTURE(BM_Evaluate, hit, Mix::kHit, Shape(kStandard))->Apply(Threads);
BENCHMARK_CAPTURE(BM_Evaluate, miss, Mix::kMiss, Shape(kStandard))->Apply(Threads);
BENCHMARK_CAPTURE(BM_HashRe2Baseline, mixed, Mix::kMixed, kStandard)->Apply(RuleCounts);
BENCHMARK_CAPTURE(BM_HashRe2Baseline, hit, Mix::kHit, kStandard)->Apply(RuleCounts);
BENCHMARK_CAPTURE(BM_HashRe2Baseline, miss, Mix::kMiss, kStandard)->Apply(RuleCounts);
BENCHMARK_CAPTURE(BM_Evaluate, waivers_mixed, Mix::kMixed, Shape(kWaivers))->Apply(RuleCounts);
BENCHMARK_CAPTURE(BM_Evaluate, waivers_hit, Mix::kHit, Shape(kWaivers))->Apply(RuleCounts);
BENCHMARK_CAPTURE(BM_Evaluate, waivers_miss, Mix::kMiss, Shape(kWaivers))->Apply(RuleCounts);
BENCHMARK_CAPTURE(BM_HashRe2Baseline, waivers_mixed, Mix::kMixed, kWaivers)->Apply(RuleCounts);
BENCHMARK_CAPTURE(BM_HashRe2Baseline, waivers_hit, Mix::kHit, kWaivers)->Apply(RuleCounts);
BENCHMARK_CAPTURE(BM_HashRe2Baseline, waivers_miss, Mix::kMiss, kWaivers)->Apply(RuleCounts);
BENCHMARK_CAPTURE(BM_Versus, mixed, Mix::kMixed, kStandard)->Apply(RuleCounts);
BENCHMARK_CAPTURE(BM_Versus, hit, Mix::kHit, kStandard)->Apply(RuleCounts);
BENCHMARK_CAPTURE(BM_Versus, miss, Mix::kMiss, kStandard)->Apply(RuleCounts);
BENCHMARK_CAPTURE(BM_Versus, waivers_mixed, Mix::kMixed, kWaivers)->Apply(RuleCounts);
BENCHMARK_CAPTURE(BM_Versus, waivers_hit, Mix::kHit, kWaivers)->Apply(RuleCounts);
BENCHMARK_CAPTURE(BM_Versus, waivers_miss, Mix::kMiss, kWaivers)->Apply(RuleCounts);
BENCHMARK_CAPTURE(BM_Flatness, standard, kStandard)->Apply(FlatnessPairs);
BENCHMARK_CAPTURE(BM_Flatness, waivers, kWaivers)->Apply(FlatnessPairs);
BENCHMARK_CAPTURE(BM_EvaluateBatch, standard, kStandard)->Apply(RuleCounts);
BENCHMARK_CAPTURE(BM_EvaluateBatch, waivers, kWaivers)->Apply(RuleCounts);
BENCHMARK_CAPTURE(BM_Compile, standard, kStandard)->Apply(RuleCounts)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Compile, waivers, kWaivers)->Apply(RuleCounts)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CompileDistinctRegexTails)->Apply(RuleCounts)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CompileOnePolicy)->Arg(100000)->ArgName("rules")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_LinearRegexBaseline, mixed, Mix::kMixed)->Apply(RuleCounts);
BENCHMARK(BM_EvaluateUnprefixedRegexes)->Apply(RuleCounts);
// Package (purl + vers) rules, single thread.
BENCHMARK_CAPTURE(BM_Evaluate, packages_mixed, Mix::kMixed, Selectors(SelectorKind::kPackages))
    ->Apply(RuleCounts);
BENCHMARK_CAPTURE(BM_Evaluate, packages_hit, Mix::kHit, Selectors(SelectorKind::kPackages))
    ->Apply(RuleCounts);
BENCHMARK_CAPTURE(BM_Evaluate, packages_miss, Mix::kMiss, Selectors(SelectorKind::kPackages))
    ->Apply(RuleCounts);
// Identifier rules: one row per identifier kind (BM_EvaluateIdentifiers/<kind>/rules:N).
const bool kIdentifierBenchmarksRegistered = [] {
  for (const auto& [kind, name] : IdentifierKinds()) {
    benchmark::RegisterBenchmark(("BM_EvaluateIdentifiers/" + name).c_str(), BM_EvaluateIdentifiers, kind)
        ->Apply(RuleCounts);
  }
  // Entities found by their identifiers (BM_EvaluateEntityIdentifiers/<kind>/rules:N),
  // for the kinds inventories carry most.
  for (const auto& [kind, name] : IdentifierKinds()) {
    if (kind != v1::IdentifierMatch::kTeamId && kind != v1::IdentifierMatch::kSignerSubject &&
        kind != v1::IdentifierMatch::kInstallPathGlob && kind != v1::IdentifierMatch::kCpe) {
      continue;
    }
    benchmark::RegisterBenchmark(("BM_EvaluateEntityIdentifiers/" + name).c_str(),
                                 BM_EvaluateEntityIdentifiers, kind)
        ->Apply(RuleCounts);
  }
  return true;
}();
// Component trees: four components each, include_components on every rule.
BENCHMARK_CAPTURE(BM_Evaluate, components_mixed, Mix::kMixed, Components())->Apply(RuleCounts);
BENCHMARK_CAPTURE(BM_Evaluate, components_hit, Mix::kHit, Components())->Apply(RuleCounts);
BENCHMARK_CAPTURE(BM_Evaluate, components_miss, Mix::kMiss, Components())->Apply(RuleCounts);

}  // namespace
}  // namespace benchmarks
}  // namespace interdict

BENCHMARK_MAIN();
