// File: policy/decision.h
// -----------------------------------------------------------------------------
//
// Decision is the reusable, allocation-free result of CompiledPolicy::Evaluate:
// the verdict, every matched rule (by index into the compiled policy), the
// exemptions that applied or were rejected, and `next_change`.
//
// Reuse one Decision per thread: Evaluate clears it and keeps its capacity, so
// once it has grown to the largest decision seen, evaluations allocate nothing.
// Strings (ids, citations, explanation) live in the CompiledPolicy; get them with
// CompiledPolicy::DescribeRule, ToProto or Explain.
//
// Indexes into the compiled policy (rules, exemptions, entities, steps) are uint32_t;
// Decision::kNone stands for "none" in every one of them.
//
// Semantics (the contract is stated in compiled_policy.h):
// - verdict() is the most severe effective verdict over matches(): ALLOW < WARN < DENY;
//   ALLOW when nothing is in force.
// - matched() is false when no rule matched at all; a match that is PENDING means
//   "matched, but allowed until next_step_at".
// - next_change() is the earliest instant after the evaluation instant at which any
//   part of the decision would change; absl::InfiniteFuture() when it never does.
// - artifact_problems() lists artifact fields that rules needed but could not read (a
//   version not valid in a rule's scheme); those rules did not match. Each problem's
//   `value` views the evaluated artifact's string: call ToProto or Explain while the
//   artifact is still alive.
//
// Example:
//
//   interdict::Decision decision;
//   policy->Evaluate(artifact, context, &decision);
//   if (decision.verdict() == interdict::v1::DENY) {
//     std::cout << policy->Explain(decision) << "\n";
//   }
//
// Thread safety: thread-compatible. Use one Decision per thread; reading a
// finished Decision from many threads is safe.

#ifndef INTERDICT_POLICY_DECISION_H_
#define INTERDICT_POLICY_DECISION_H_

#include <cstdint>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "interdict/v1/decision.pb.h"
#include "interdict/v1/policy.pb.h"

namespace interdict {

namespace policy_internal {
class DecisionWriter;
}  // namespace policy_internal

class Decision {
 public:
  // "None" in every index field: no exemption, no step in force, no rule, no entity.
  static constexpr uint32_t kNone = 0xffffffffu;

  // One matched rule.
  struct Match {
    // Index of the rule in the compiled policy (CompiledPolicy::DescribeRule).
    uint32_t rule = 0;
    v1::RuleState state = v1::RULE_STATE_UNSPECIFIED;
    // Effective verdict: ALLOW when PENDING or EXEMPTED; capped at WARN if advisory
    // and when CONDITIONAL.
    v1::Verdict verdict = v1::ALLOW;
    // Step in force, kNone when PENDING.
    uint32_t step_index = kNone;
    // Start of the step in force; absl::InfinitePast() when PENDING.
    absl::Time in_force_since = absl::InfinitePast();
    // Start of the next step; absl::InfiniteFuture() after the last step.
    absl::Time next_step_at = absl::InfiniteFuture();
    v1::Verdict next_step_verdict = v1::VERDICT_UNSPECIFIED;
    // Index of the exemption that cancels the rule, kNone when none.
    uint32_t exemption = kNone;
    // When the rule matched a component: its path's names, [first, first + size) of
    // component_path_names() (the artifact's name first). Size 0: the artifact itself.
    uint32_t component_path_first = 0;
    uint32_t component_path_size = 0;
    // The rule covers only some uses of the asset (Scope.uses) and the context states
    // none: CONDITIONAL when a step is in force (then verdict_if_used is the step's
    // verdict), or PENDING. DescribeRule(rule).uses lists the uses.
    bool uses_unstated = false;
    v1::Verdict verdict_if_used = v1::VERDICT_UNSPECIFIED;
  };

  // One exemption that named a matched, in-force rule.
  struct ExemptionOutcome {
    // Index of the exemption in the compiled policy (CompiledPolicy::DescribeExemption).
    uint32_t exemption = 0;
    uint32_t rule = 0;
    bool applied = false;
    // When not applied: the first failing test in the order artifact, asset, purpose,
    // window, and every one that failed as bits (1 << RejectionReason).
    v1::RejectionReason reason = v1::REJECTION_REASON_UNSPECIFIED;
    uint32_t reasons = 0;
    bool rejected_for(v1::RejectionReason r) const { return (reasons >> r) & 1; }
  };

  // An artifact field a rule needed but could not read (the rule did not match).
  struct ArtifactProblem {
    // The rule whose selector needed the field; kNone for a problem of the artifact
    // itself (a purl that does not parse).
    uint32_t rule = kNone;
    // The exemption whose artifact subset could not read it; kNone for the rule's own
    // selector.
    uint32_t exemption = kNone;
    v1::ArtifactField field = v1::ARTIFACT_FIELD_UNSPECIFIED;
    // The scheme the version was read in (ARTIFACT_VERSION, ARTIFACT_PURL_VERSION).
    v1::VersionScheme scheme = v1::GENERIC;
    // The field's value: a view of the evaluated artifact's own string, valid while it is.
    absl::string_view value;
    // Static text, e.g. "major is not a number".
    const char* problem = nullptr;
  };

  Decision();

  v1::Verdict verdict() const { return verdict_; }
  bool matched() const { return !matches_.empty(); }
  // Ordered by (policy id, rule id).
  absl::Span<const Match> matches() const { return matches_; }
  // Ordered by (exemption id, policy id, rule id).
  absl::Span<const ExemptionOutcome> exemptions() const { return exemptions_; }
  absl::Time next_change() const { return next_change_; }
  // Names along component paths (Match::component_path_first/size): views of the
  // evaluated artifact's strings, valid while they are.
  absl::Span<const absl::string_view> component_path_names() const { return component_path_names_; }
  // Index of the entity the artifact belongs to (named by its vendor or found by its
  // identifiers, signer, CPE or purl), or kNone; a group of related entities sharing
  // the vendor's name has an index of its own. CompiledPolicy::DescribeVendorEntity
  // gives its id and the evidence (vendor_entity_evidence()) that found it.
  uint32_t vendor_entity() const { return vendor_entity_; }
  uint32_t vendor_entity_evidence() const { return vendor_entity_evidence_; }
  // Ordered by (policy id, rule id), then the rule's own selector before exemptions.
  absl::Span<const ArtifactProblem> artifact_problems() const { return artifact_problems_; }

 private:
  // Evaluation fills a Decision through policy_internal::DecisionWriter.
  friend class policy_internal::DecisionWriter;

  v1::Verdict verdict_ = v1::ALLOW;
  std::vector<Match> matches_;
  std::vector<ExemptionOutcome> exemptions_;
  std::vector<ArtifactProblem> artifact_problems_;
  std::vector<absl::string_view> component_path_names_;
  // Whether a writer has handed out the lists above since it last cleared them; while
  // false they are empty, and the next writer need not clear them.
  bool lists_handed_out_ = false;
  absl::Time next_change_ = absl::InfiniteFuture();
  uint32_t vendor_entity_ = kNone;
  uint32_t vendor_entity_evidence_ = kNone;
  // Which compiled policy filled this decision (0: none yet).
  uint64_t generation_ = 0;
};

}  // namespace interdict

#endif  // INTERDICT_POLICY_DECISION_H_
