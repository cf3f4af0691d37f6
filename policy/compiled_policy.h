// File: policy/compiled_policy.h
// -----------------------------------------------------------------------------
//
// CompiledPolicy is the immutable matcher the compiler produces from a policy
// bundle. Hosts hand it an artifact and a context and get a Decision back.
//
// Semantics (the contract, written here once; the compiled_policy_*_test.cc files
// test it sentence by sentence, each file naming the sentences it covers):
// 1. Evaluation is pure: it reads no clock; the context carries the instant, the
//    action and who is asking.
// 2. A rule is considered only if its selector matches the artifact (entity by the
//    normalised vendor string, product exact / prefix / regex, exclusions, version
//    range; or the normalised purl and its vers range), it governs the context's
//    action, and its policy's scope and its own match the context (each non-empty
//    include list shares a tag with the context's list, no exclude list does). A
//    use-limited rule (Scope.uses) on a context that states no uses is considered
//    (see 3). Rules that are not considered do not appear in the decision.
// 3. A considered rule's timeline gives its state at the instant: before its first
//    step it is PENDING (allowed until that step, reported with the step's instant
//    and verdict); from a step on, the step's verdict is in force until the next step.
//    A use-limited rule in force, not exempted, on a context that states no uses is
//    CONDITIONAL: it reports the step's verdict (verdict_if_used) and counts at most
//    as WARN.
// 4. Binding policies yield their step verdicts; advisory policies at most WARN.
// 5. An exemption cancels an in-force rule only if it names that rule (or its whole
//    policy), the instant is within [valid.from, valid.until), the asset id is listed
//    or the org unit is at or below a listed one (or the exemption is blanket), the
//    artifact is in its artifact subset (if any), and the context states no other
//    purpose. Exemptions that name an in-force rule but fail a test are reported as
//    rejected with every failing reason, the first (artifact, asset, purpose,
//    window) as the reason.
// 6. The decision's verdict is the most severe effective verdict of its matches,
//    ALLOW < WARN < DENY; ALLOW when nothing is in force. No match at all
//    (matched() == false) is distinguishable from a PENDING match.
// 7. next_change is the earliest later instant at which a matched rule's next step
//    begins or a reported exemption starts or ends; InfiniteFuture when none.
// 8. Matches are ordered by (policy id, rule id), exemption outcomes by
//    (exemption id, policy id, rule id): the same inputs give the same decision,
//    whatever the order of the policy files or the number of threads.
// 9. An artifact field a rule needs but cannot read (a version that is not valid in
//    the rule's version scheme, a purl that does not parse) makes the rule not match and is reported in
//    Decision::artifact_problems(), never silently dropped; likewise for an
//    exemption's artifact subset (the exemption is rejected as ARTIFACT_NOT_COVERED).
//
// Performance: Evaluate does a bounded number of hash probes and trie steps per
// artifact, independent of the number of rules, plus the per-candidate checks; it
// allocates nothing once the reused Decision has grown to the largest result and
// takes no lock of its own (RE2 synchronises its lazily built DFA cache internally).
//
// Example:
//
//   std::shared_ptr<const interdict::CompiledPolicy> policy = ...;  // compiler.h
//   interdict::Decision decision;   // reuse per thread
//   policy->Evaluate(artifact_view, context_view, &decision);
//   interdict::v1::Decision proto;
//   if (policy->ToProto(decision, &proto).ok()) { ... proto.explanation() ... }
//
// Thread safety: immutable; every method is const and safe to call concurrently
// from any number of threads. Share it as std::shared_ptr<const CompiledPolicy>;
// to replace it while serving, see policy_handle.h.

#ifndef INTERDICT_POLICY_COMPILED_POLICY_H_
#define INTERDICT_POLICY_COMPILED_POLICY_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "interdict/v1/artifact.pb.h"
#include "interdict/v1/decision.pb.h"
#include "policy/artifact_view.h"
#include "policy/candidate_trace.h"
#include "policy/context_view.h"
#include "policy/decision.h"
#include "policy/descriptions.h"

namespace interdict {

namespace policy_internal {
struct PolicyIndex;
}  // namespace policy_internal

class CompiledPolicy {
 public:
  // The strings of one compiled rule or exemption (descriptions.h).
  using RuleDescription = ::interdict::RuleDescription;
  using ExemptionDescription = ::interdict::ExemptionDescription;
  using EntityDescription = ::interdict::EntityDescription;

  ~CompiledPolicy();
  CompiledPolicy(const CompiledPolicy&) = delete;
  CompiledPolicy& operator=(const CompiledPolicy&) = delete;

  // Evaluates one artifact into `decision`, which is cleared first and keeps its
  // capacity (no allocation in steady state).
  void Evaluate(const ArtifactView& artifact, const ContextView& context,
                Decision* decision) const;

  // Evaluates every artifact in one context. `decisions` is resized to
  // artifacts.size(); reuse it across batches to avoid allocation.
  void EvaluateBatch(absl::Span<const ArtifactView> artifacts, const ContextView& context,
                     std::vector<Decision>* decisions) const;

  // Convenience form on protos (allocates). Errors: the context lacks an instant or an
  // action (kInvalidArgument).
  absl::StatusOr<v1::Decision> Evaluate(const v1::Artifact& artifact,
                                        const v1::EvaluationContext& context) const;

  // Converts a decision this policy produced into the proto form, with explanation.
  // kFailedPrecondition if `decision` was produced by another CompiledPolicy.
  absl::Status ToProto(const Decision& decision, v1::Decision* out) const;

  // One or two sentences for people, e.g.
  // "DENY by us.bis.kaspersky.2024/updates-and-resale (89 FR 52434) since
  // 2024-09-29T04:00:00Z." It names pending and exempted rules and the exemptions that
  // did not apply for a reason of time or purpose (those for other assets or artifacts
  // are in the decision but left out here). Empty if `decision` came from another
  // CompiledPolicy.
  std::string Explain(const Decision& decision) const;

  // Index must come from a Decision of this policy (checked: out of range gives an
  // empty description).
  RuleDescription DescribeRule(uint32_t rule) const;
  ExemptionDescription DescribeExemption(uint32_t exemption) const;
  // The label of step `step` of rule `rule` ("identify", "remove"), for a Decision::Match's
  // (rule, step_index); empty when the step has none or the indexes are out of range
  // (a PENDING match's step_index is kNone).
  absl::string_view StepLabel(uint32_t rule, uint32_t step) const;
  // The entity `decision`'s artifact belongs to and how it was found; empty when none
  // or when `decision` came from another CompiledPolicy.
  EntityDescription DescribeVendorEntity(const Decision& decision) const;

  // Every candidate rule for `artifact` in `context` and the first test it failed, or
  // kMatched (candidate_trace.h): what Evaluate considered and why it did or did not
  // match. Allocates; for explaining one artifact, not for the hot path.
  std::vector<CandidateTrace> TraceCandidates(const ArtifactView& artifact, const ContextView& context) const;

  size_t policy_count() const;
  size_t rule_count() const;
  size_t exemption_count() const;
  size_t entity_count() const;

 private:
  friend class PolicyCompiler;

  // Gives `index` its generation (which Decisions it fills carry).
  explicit CompiledPolicy(std::unique_ptr<policy_internal::PolicyIndex> index);

  // Whether this policy filled `decision`.
  bool Produced(const Decision& decision) const;

  std::unique_ptr<const policy_internal::PolicyIndex> index_;
};

}  // namespace interdict

#endif  // INTERDICT_POLICY_COMPILED_POLICY_H_
