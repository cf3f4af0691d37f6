// File: policy/internal/presentation.h
// -----------------------------------------------------------------------------
//
// How a Decision is shown: the interdict.v1.Decision proto with its explanation,
// the one-or-two-sentence explanation for people, and the descriptions of rules
// and exemptions. Everything here reads a PolicyIndex and a finished Decision;
// nothing is on the evaluate path.
//
// Example:
//
//   v1::Decision proto;
//   WriteDecisionProto(index, decision, &proto);
//   std::string text = ExplainDecision(index, decision);
//   // "DENY by us.bis.kaspersky.2024/updates-and-resale (89 FR 52434) since
//   //  2024-09-29T04:00:00Z."
//
// Thread safety: pure functions of their arguments.

#ifndef INTERDICT_POLICY_INTERNAL_PRESENTATION_H_
#define INTERDICT_POLICY_INTERNAL_PRESENTATION_H_

#include <cstdint>
#include <string>

#include "interdict/v1/decision.pb.h"
#include "policy/decision.h"
#include "policy/descriptions.h"
#include "policy/internal/policy_index.h"

namespace interdict {
namespace policy_internal {

// Out of range: an empty description.
RuleDescription DescribeRule(const PolicyIndex& index, uint32_t rule);
ExemptionDescription DescribeExemption(const PolicyIndex& index, uint32_t exemption);

// `decision` (produced with `index`) as a proto, explanation included; `*out` is
// cleared first.
void WriteDecisionProto(const PolicyIndex& index, const Decision& decision, v1::Decision* out);

// See CompiledPolicy::Explain.
std::string ExplainDecision(const PolicyIndex& index, const Decision& decision);

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_PRESENTATION_H_
