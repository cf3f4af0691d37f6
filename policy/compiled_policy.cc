// CompiledPolicy: the public face of a compiled bundle. Evaluation is in
// internal/evaluation.h, presentation in internal/presentation.h.
#include "policy/compiled_policy.h"

#include <atomic>
#include <utility>

#include "policy/internal/candidate_trace.h"
#include "policy/internal/decision_writer.h"
#include "policy/internal/evaluation.h"
#include "policy/internal/policy_index.h"
#include "policy/internal/prefetch.h"
#include "policy/internal/presentation.h"

namespace interdict {
namespace {

std::atomic<uint64_t> next_generation{1};

using policy_internal::PrefetchForRead;

}  // namespace

CompiledPolicy::CompiledPolicy(std::unique_ptr<policy_internal::PolicyIndex> index) {
  index->generation = next_generation.fetch_add(1);
  index_ = std::move(index);
}

CompiledPolicy::~CompiledPolicy() = default;

bool CompiledPolicy::Produced(const Decision& decision) const {
  return policy_internal::DecisionWriter::GenerationOf(decision) == index_->generation;
}

void CompiledPolicy::Evaluate(const ArtifactView& artifact, const ContextView& context,
                              Decision* decision) const {
  // The vendor's bytes are the first the evaluation reads, the name's soon after: an
  // inventory's strings are seldom in cache, so both misses start now, together, and
  // overlap the decision's reset (benchmarks/README.md, "Hits and the first read").
  PrefetchForRead(artifact.vendor.data());
  PrefetchForRead(artifact.name.data());
  policy_internal::EvaluateArtifact(*index_, artifact, context, decision);
}

void CompiledPolicy::EvaluateBatch(absl::Span<const ArtifactView> artifacts,
                                   const ContextView& context,
                                   std::vector<Decision>* decisions) const {
  decisions->resize(artifacts.size());
  for (size_t i = 0; i < artifacts.size(); ++i) {
    // An evaluation first reads the name and vendor; fetch those of the artifact two
    // ahead while this one is evaluated (an inventory's strings are rarely in cache).
    if (i + 2 < artifacts.size()) {
      PrefetchForRead(artifacts[i + 2].vendor.data());
      PrefetchForRead(artifacts[i + 2].name.data());
    }
    Evaluate(artifacts[i], context, &(*decisions)[i]);
  }
}

absl::StatusOr<v1::Decision> CompiledPolicy::Evaluate(
    const v1::Artifact& artifact, const v1::EvaluationContext& context) const {
  absl::StatusOr<ProtoContext> owned = ProtoContext::Create(context);
  if (!owned.ok()) return owned.status();
  Decision decision;
  const ArtifactViewTree tree(artifact);
  Evaluate(tree.root(), owned->view(), &decision);
  v1::Decision out;
  absl::Status status = ToProto(decision, &out);
  if (!status.ok()) return status;
  return out;
}

absl::Status CompiledPolicy::ToProto(const Decision& decision, v1::Decision* out) const {
  if (!Produced(decision)) {
    return absl::FailedPreconditionError(
        "the decision was produced by a different CompiledPolicy than the one converting it");
  }
  policy_internal::WriteDecisionProto(*index_, decision, out);
  return absl::OkStatus();
}

std::string CompiledPolicy::Explain(const Decision& decision) const {
  if (!Produced(decision)) return "";
  return policy_internal::ExplainDecision(*index_, decision);
}

std::vector<CandidateTrace> CompiledPolicy::TraceCandidates(const ArtifactView& artifact,
                                                            const ContextView& context) const {
  return policy_internal::TraceCandidates(*index_, artifact, context);
}

CompiledPolicy::RuleDescription CompiledPolicy::DescribeRule(uint32_t rule) const {
  return policy_internal::DescribeRule(*index_, rule);
}

CompiledPolicy::ExemptionDescription CompiledPolicy::DescribeExemption(uint32_t exemption) const {
  return policy_internal::DescribeExemption(*index_, exemption);
}

absl::string_view CompiledPolicy::StepLabel(uint32_t rule, uint32_t step) const {
  if (rule >= index_->rules.size() || step >= index_->rules[rule].step_count) return {};
  return index_->step_labels[index_->steps[index_->rules[rule].first_step + step].label];
}

size_t CompiledPolicy::policy_count() const { return index_->policies.size(); }
size_t CompiledPolicy::rule_count() const { return index_->rules.size(); }
size_t CompiledPolicy::exemption_count() const { return index_->exemptions.size(); }
CompiledPolicy::EntityDescription CompiledPolicy::DescribeVendorEntity(const Decision& decision) const {
  if (!Produced(decision) || decision.vendor_entity() == Decision::kNone) return {};
  return {index_->entities.id(decision.vendor_entity()),
          index_->entities.evidence(decision.vendor_entity_evidence())};
}

size_t CompiledPolicy::entity_count() const { return index_->entities.size(); }

}  // namespace interdict
