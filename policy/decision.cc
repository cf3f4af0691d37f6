// The reusable evaluation result.
#include "policy/decision.h"

namespace interdict {

namespace {
// Initial capacities: enough for realistic decisions, so that steady-state reuse
// never allocates; larger decisions grow the vectors once.
constexpr size_t kInitialMatches = 16;
constexpr size_t kInitialExemptions = 8;
constexpr size_t kInitialArtifactProblems = 4;
constexpr size_t kInitialComponentPathNames = 32;
}  // namespace

Decision::Decision() {
  matches_.reserve(kInitialMatches);
  exemptions_.reserve(kInitialExemptions);
  artifact_problems_.reserve(kInitialArtifactProblems);
  component_path_names_.reserve(kInitialComponentPathNames);
}

}  // namespace interdict
