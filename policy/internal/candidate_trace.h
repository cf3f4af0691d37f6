// File: policy/internal/candidate_trace.h
// -----------------------------------------------------------------------------
//
// The candidate trace behind CompiledPolicy::TraceCandidates (policy/candidate_trace.h):
// the indexes' candidates for an artifact and each of its components, every rule of
// its entity's bucket besides, and for each the first test of rule_checks.h it fails.
//
// Example:
//
//   std::vector<CandidateTrace> traces = TraceCandidates(index, artifact_view, context_view);
//
// Thread safety: reads `index` only; safe to call from many threads.

#ifndef INTERDICT_POLICY_INTERNAL_CANDIDATE_TRACE_H_
#define INTERDICT_POLICY_INTERNAL_CANDIDATE_TRACE_H_

#include <vector>

#include "policy/artifact_view.h"
#include "policy/candidate_trace.h"
#include "policy/context_view.h"
#include "policy/internal/policy_index.h"

namespace interdict {
namespace policy_internal {

// The artifact's candidates first, in rule rank order, then each component's.
std::vector<CandidateTrace> TraceCandidates(const PolicyIndex& index, const ArtifactView& artifact,
                                            const ContextView& context);

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_CANDIDATE_TRACE_H_
