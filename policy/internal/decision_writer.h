// File: policy/internal/decision_writer.h
// -----------------------------------------------------------------------------
//
// DecisionWriter is evaluation's one way into a Decision's private parts: it
// clears the decision for an evaluation and hands out the lists evaluation
// appends to. Nothing outside evaluation writes a Decision.
//
// Example:
//
//   DecisionWriter writer(decision, generation);   // clears, keeps capacity
//   writer.matches().push_back(match);
//   writer.LowerNextChange(match.next_step_at);
//
// Thread safety: as the Decision it writes (one thread at a time).

#ifndef INTERDICT_POLICY_INTERNAL_DECISION_WRITER_H_
#define INTERDICT_POLICY_INTERNAL_DECISION_WRITER_H_

#include <algorithm>
#include <cstdint>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "interdict/v1/policy.pb.h"
#include "policy/decision.h"

namespace interdict {
namespace policy_internal {

class DecisionWriter {
 public:
  // Clears `decision`, keeping its capacity, for an evaluation by the compiled
  // policy of `generation`.
  DecisionWriter(Decision* decision, uint64_t generation) : decision_(*decision) {
    decision_.verdict_ = v1::ALLOW;
    // The lists are written only through the accessors below, which mark them handed
    // out: the common evaluation, which matches nothing, leaves them empty and unmarked.
    if (decision_.lists_handed_out_) {
      decision_.matches_.clear();
      decision_.exemptions_.clear();
      decision_.artifact_problems_.clear();
      decision_.component_path_names_.clear();
      decision_.lists_handed_out_ = false;
    }
    decision_.next_change_ = absl::InfiniteFuture();
    decision_.vendor_entity_ = Decision::kNone;
    decision_.vendor_entity_evidence_ = Decision::kNone;
    decision_.generation_ = generation;
  }

  // Which compiled policy filled `decision` (0: none yet).
  static uint64_t GenerationOf(const Decision& decision) { return decision.generation_; }

  std::vector<Decision::Match>& matches() { return HandOut(decision_.matches_); }
  std::vector<Decision::ExemptionOutcome>& exemptions() { return HandOut(decision_.exemptions_); }
  std::vector<Decision::ArtifactProblem>& artifact_problems() {
    return HandOut(decision_.artifact_problems_);
  }
  std::vector<absl::string_view>& component_path_names() {
    return HandOut(decision_.component_path_names_);
  }

  void LowerNextChange(absl::Time instant) {
    decision_.next_change_ = std::min(decision_.next_change_, instant);
  }
  void set_vendor_entity(uint32_t entity, uint32_t evidence) {
    decision_.vendor_entity_ = entity;
    decision_.vendor_entity_evidence_ = evidence;
  }
  void set_verdict(v1::Verdict verdict) { decision_.verdict_ = verdict; }

 private:
  // `list`, marked handed out: the next writer clears the lists.
  template <typename List>
  List& HandOut(List& list) {
    decision_.lists_handed_out_ = true;
    return list;
  }

  Decision& decision_;
};

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_DECISION_WRITER_H_
