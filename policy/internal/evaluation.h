// File: policy/internal/evaluation.h
// -----------------------------------------------------------------------------
//
// The evaluate path behind CompiledPolicy::Evaluate. For one artifact it first
// asks the gates on the first normalised bytes of its vendor and name: when neither
// lets it through and no package, identifier or component rule could reach it (most
// inventory artifacts), the cleared decision is the answer. Otherwise it
// resolves the entity the artifact belongs to (its vendor string, else its
// signer's names, its CPE's vendor, its purl's namespace), visits the index of
// each selector family (names, packages, identifiers) for candidate rules, and
// considers each candidate once: action, scope, the per-candidate parts of its
// selector (exclusions, version or vers range, an identifier rule's entity and
// product), its timeline at the instant and the exemptions naming it. Rules with
// include_components are then evaluated on every component (component_walk.h).
// Finally matches, exemption outcomes and problems are put in their documented
// order and the verdict is combined.
//
// Example:
//
//   EvaluateArtifact(index, artifact_view, context_view, &decision);
//
// Thread safety: reads `index` only; safe to call concurrently with one Decision
// per thread. Allocates nothing once `decision` has grown to the largest result.

#ifndef INTERDICT_POLICY_INTERNAL_EVALUATION_H_
#define INTERDICT_POLICY_INTERNAL_EVALUATION_H_

#include <cstdint>

#include "policy/artifact_view.h"
#include "policy/context_view.h"
#include "policy/decision.h"
#include "policy/internal/policy_index.h"

namespace interdict {
namespace policy_internal {

// Evaluates `artifact` in `context` against `index` into `decision` (cleared first),
// marking it with the index's generation.
void EvaluateArtifact(const PolicyIndex& index, const ArtifactView& artifact,
                      const ContextView& context, Decision* decision);

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_EVALUATION_H_
