// Benchmark fixtures: seeded workload, compiled policy, warmed-up views.
#include "benchmarks/fixture.h"

#include <cstdio>
#include <cstdlib>

namespace interdict {
namespace benchmarks {

std::unique_ptr<Fixture> MakeFixture(const test_support::WorkloadOptions& options) {
  auto fixture = std::make_unique<Fixture>();
  fixture->workload = test_support::GenerateWorkload(options);
  auto compiled = PolicyCompiler().Compile(fixture->workload.bundle);
  if (!compiled.ok()) {
    std::fprintf(stderr, "generated workload does not compile: %s\n",
                 compiled.status().ToString().c_str());
    std::abort();
  }
  fixture->policy = *compiled;
  auto views = [&fixture](const std::vector<v1::Artifact>& artifacts) {
    std::vector<ArtifactView> roots;
    roots.reserve(artifacts.size());
    for (const v1::Artifact& artifact : artifacts) {
      fixture->trees.push_back(std::make_unique<ArtifactViewTree>(artifact));
      roots.push_back(fixture->trees.back()->root());
    }
    return roots;
  };
  fixture->mixed = views(fixture->workload.mixed);
  fixture->hit = views(fixture->workload.all_hit);
  fixture->miss = views(fixture->workload.all_miss);
  // Steady state: RE2 builds each regex's DFA on first use; warm every path once.
  Decision decision;
  for (Mix mix : {Mix::kMixed, Mix::kHit, Mix::kMiss}) {
    for (const ArtifactView& artifact : fixture->Views(mix)) {
      fixture->policy->Evaluate(artifact, fixture->workload.context(), &decision);
    }
  }
  return fixture;
}

std::vector<std::pair<v1::IdentifierMatch::KindCase, std::string>> IdentifierKinds() {
  std::vector<std::pair<v1::IdentifierMatch::KindCase, std::string>> kinds;
  const google::protobuf::OneofDescriptor* oneof = v1::IdentifierMatch::descriptor()->FindOneofByName("kind");
  for (int i = 0; i < oneof->field_count(); ++i) {
    kinds.emplace_back(static_cast<v1::IdentifierMatch::KindCase>(oneof->field(i)->number()),
                       oneof->field(i)->name());
  }
  return kinds;
}

}  // namespace benchmarks
}  // namespace interdict
