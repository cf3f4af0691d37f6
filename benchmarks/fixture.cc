// Benchmark fixtures: seeded workload, compiled policy, warmed-up views.
#include "benchmarks/fixture.h"

#include <cstdio>
#include <cstdlib>

namespace interdict {
namespace benchmarks {

std::unique_ptr<Fixture> MakeFixture(size_t rules, test_support::SelectorKind selectors) {
  auto fixture = std::make_unique<Fixture>();
  test_support::WorkloadOptions options;
  options.rule_count = rules;
  options.selectors = selectors;
  fixture->workload = test_support::GenerateWorkload(options);
  auto compiled = PolicyCompiler().Compile(fixture->workload.bundle);
  if (!compiled.ok()) {
    std::fprintf(stderr, "generated workload does not compile: %s\n",
                 compiled.status().ToString().c_str());
    std::abort();
  }
  fixture->policy = *compiled;
  fixture->mixed = test_support::Workload::Views(fixture->workload.mixed);
  fixture->hit = test_support::Workload::Views(fixture->workload.all_hit);
  fixture->miss = test_support::Workload::Views(fixture->workload.all_miss);
  // Steady state: RE2 builds each regex's DFA on first use; warm every path once.
  Decision decision;
  for (Mix mix : {Mix::kMixed, Mix::kHit, Mix::kMiss}) {
    for (const ArtifactView& artifact : fixture->Views(mix)) {
      fixture->policy->Evaluate(artifact, fixture->workload.context(), &decision);
    }
  }
  return fixture;
}

}  // namespace benchmarks
}  // namespace interdict
