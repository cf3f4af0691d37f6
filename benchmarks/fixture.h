// File: benchmarks/fixture.h
// -----------------------------------------------------------------------------
//
// What every hot-path measurement needs, built once per rule count outside any
// timed region: the seeded workload (policy/testing/workload.h), its compiled
// policy, and views of its three inventories, with every path evaluated once so
// that RE2's lazily built DFAs are in their steady state.
//
// Example:
//
//   test_support::WorkloadOptions options;
//   options.rule_count = 10000;
//   std::unique_ptr<Fixture> fixture = MakeFixture(options);
//   fixture->policy->Evaluate(fixture->Views(Mix::kMixed)[0], fixture->workload.context(), &decision);
//
// Thread safety: MakeFixture is reentrant; a Fixture is immutable once made.

#ifndef INTERDICT_BENCHMARKS_FIXTURE_H_
#define INTERDICT_BENCHMARKS_FIXTURE_H_

#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "policy/interdict.h"
#include "policy/testing/workload.h"

namespace interdict {
namespace benchmarks {

// Which inventory of the workload: ~5% hits, all hits, or no hits.
enum class Mix { kMixed, kHit, kMiss };

struct Fixture {
  test_support::Workload workload;
  std::shared_ptr<const CompiledPolicy> policy;
  // Views of every artifact with its components; the vectors below hold their roots.
  std::vector<std::unique_ptr<ArtifactViewTree>> trees;
  // The roots' strings, copied one inventory after another, each artifact's fields
  // together, and the roots repointed at them: an inventory laid out as a host that
  // reads it into a batch holds it, and alike whatever the heap looked like while the
  // workload was generated (MakeFixture).
  std::string inventory_text;
  std::vector<ArtifactView> mixed;
  std::vector<ArtifactView> hit;
  std::vector<ArtifactView> miss;

  const std::vector<ArtifactView>& Views(Mix mix) const {
    return mix == Mix::kMixed ? mixed : mix == Mix::kHit ? hit : miss;
  }
};

// Generates and compiles the workload `options` describes, lays out its inventories'
// strings (Fixture::inventory_text) and warms it up. Aborts if the generated bundle
// does not compile (a bug in the generator, not a user error).
std::unique_ptr<Fixture> MakeFixture(const test_support::WorkloadOptions& options);

// The identifier kinds of IdentifierMatch, with their field names ("sha256", ...).
std::vector<std::pair<v1::IdentifierMatch::KindCase, std::string>> IdentifierKinds();

}  // namespace benchmarks
}  // namespace interdict

#endif  // INTERDICT_BENCHMARKS_FIXTURE_H_
