// A C++ host built with CMake against an installed Interdict: reads a JSONL inventory
// from standard input and evaluates each artifact, updating in the US on 2025-01-01,
// against the bundled catalog; prints one line per artifact.
#include <iostream>
#include <memory>

#include "absl/time/time.h"
#include "policy/interdict.h"
#include "policy/inventory/inventory.h"

int main() {
  const interdict::Catalog& catalog = interdict::BundledCatalog();
  auto reader = interdict::InventoryReader::FromStream(&std::cin, "-");
  if (!reader.ok()) {
    std::cerr << reader.status() << "\n";
    return 1;
  }
  const absl::string_view us[] = {"US"};
  interdict::ContextView context;
  context.instant = absl::FromCivil(absl::CivilDay(2025, 1, 1), absl::UTCTimeZone());
  context.action = interdict::v1::UPDATE;
  context.jurisdictions = us;

  interdict::Decision decision;
  interdict::InventoryRecord record;
  while ((*reader)->Next(&record)) {
    catalog.policy->Evaluate(interdict::ArtifactViewTree(record.artifact).root(), context, &decision);
    std::cout << record.artifact.name() << ": " << interdict::v1::Verdict_Name(decision.verdict()) << "\n";
  }
  for (const interdict::InventoryProblem& problem : (*reader)->problems()) std::cerr << problem.ToString() << "\n";
  if (!(*reader)->status().ok()) {
    std::cerr << (*reader)->status() << "\n";
    return 1;
  }
  return 0;
}
