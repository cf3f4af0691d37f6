// File: fuzz/evaluation_invariants.h
// -----------------------------------------------------------------------------
//
// What every evaluation must satisfy whatever the policy, the artifact and the context:
// checked by the evaluation fuzz targets (evaluate_view_fuzzer.cc,
// evaluate_json_fuzzer.cc) against one fixed policy that uses every kind of selector
// (every_selector.textproto), and by the policy targets (policy_fuzzer.cc) on the
// policies they compile.
//
// EvaluateAndCheck evaluates and then checks, with FUZZ_CHECK, the contract of
// compiled_policy.h and decision.h that a single decision can show:
// - the verdict is ALLOW, WARN or DENY and is the most severe verdict of the matches;
// - each match's state agrees with its fields (PENDING: ALLOW and no step in force;
//   EXEMPTED: an exemption and ALLOW; CONDITIONAL: uses unstated, at most WARN), its
//   steps are on the right side of the instant, and its component path is in range;
// - matches are in strictly increasing (policy id, rule id) order (so no rule twice),
//   exemption outcomes in strictly increasing (exemption id, policy id, rule id) order,
//   each for a matched rule, applied exactly when no reason rejects it;
// - next_change is after the instant (or never) and no later than any match's next step;
// - ToProto succeeds, agrees with the decision, survives a binary round trip and
//   converts to JSON (its timestamps are valid); Explain is not empty;
// - a Decision reused from another evaluation gives the same decision as a new one;
// - TraceCandidates' matched rules are exactly the decision's matched rules.
//
// Example:
//
//   const interdict::CompiledPolicy& policy = interdict::fuzzing::EverySelectorPolicy();
//   interdict::v1::Decision decision =
//       interdict::fuzzing::EvaluateAndCheck(policy, artifact_view, context_view);
//
// Thread safety: EverySelectorPolicy is safe to call from many threads (it compiles
// once); EvaluateAndCheck is reentrant.

#ifndef INTERDICT_FUZZ_EVALUATION_INVARIANTS_H_
#define INTERDICT_FUZZ_EVALUATION_INVARIANTS_H_

#include "interdict/v1/decision.pb.h"
#include "policy/artifact_view.h"
#include "policy/compiled_policy.h"
#include "policy/context_view.h"

namespace interdict {
namespace fuzzing {

// every_selector.textproto, built into the binary (a fuzzer runs from anywhere),
// compiled on first use. Aborts, saying why, if it does not compile or one of its
// policy tests fails: the fixture no longer means what the fuzzers rely on.
const CompiledPolicy& EverySelectorPolicy();

// Evaluates `artifact` in `context` and checks the invariants above; returns the
// decision as ToProto gives it.
v1::Decision EvaluateAndCheck(const CompiledPolicy& policy, const ArtifactView& artifact,
                              const ContextView& context);

}  // namespace fuzzing
}  // namespace interdict

#endif  // INTERDICT_FUZZ_EVALUATION_INVARIANTS_H_
