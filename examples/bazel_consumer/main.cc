// A C++ host in another Bazel workspace: compiles the catalog bundled in Interdict,
// evaluates a Kaspersky product updating in the US on 2025-01-01, prints the verdict.
#include <iostream>
#include <utility>

#include "absl/time/time.h"
#include "policy/interdict.h"

int main() {
  const interdict::Catalog& catalog = interdict::BundledCatalog();
  interdict::PolicyLoader loader;
  loader.AddBundle("bundled catalog", *catalog.bundle);
  auto policy = interdict::PolicyCompiler().Compile(std::move(loader).Finish());
  if (!policy.ok()) {
    std::cerr << policy.status() << "\n";
    return 1;
  }

  interdict::ArtifactView artifact;
  artifact.name = "Kaspersky Internet Security";
  artifact.vendor = "AO Kaspersky Lab";
  const absl::string_view us[] = {"US"};
  interdict::ContextView context;
  context.instant = absl::FromCivil(absl::CivilDay(2025, 1, 1), absl::UTCTimeZone());
  context.action = interdict::v1::UPDATE;
  context.jurisdictions = us;

  interdict::Decision decision;
  (*policy)->Evaluate(artifact, context, &decision);
  std::cout << "catalog " << catalog.version << ": " << interdict::v1::Verdict_Name(decision.verdict())
            << "\n"
            << (*policy)->Explain(decision) << "\n";
  return 0;
}
