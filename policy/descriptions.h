// File: policy/descriptions.h
// -----------------------------------------------------------------------------
//
// The strings of one compiled rule or exemption, and of a decision's entity, as
// CompiledPolicy::DescribeRule, DescribeExemption and DescribeVendorEntity return
// them for the indexes a Decision holds. Every
// string_view points into the CompiledPolicy, valid while it lives.
//
// Example:
//
//   for (const interdict::Decision::Match& match : decision.matches()) {
//     interdict::RuleDescription rule = policy->DescribeRule(match.rule);
//     std::cout << rule.policy_id << "/" << rule.rule_id << " (" << rule.citation << ")\n";
//   }
//
// Thread safety: plain values.

#ifndef INTERDICT_POLICY_DESCRIPTIONS_H_
#define INTERDICT_POLICY_DESCRIPTIONS_H_

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "interdict/v1/decision.pb.h"
#include "interdict/v1/policy.pb.h"

namespace interdict {

struct RuleDescription {
  absl::string_view policy_id;
  absl::string_view policy_title;
  absl::string_view rule_id;
  absl::string_view citation;       // The policy's citation.
  absl::string_view rule_citation;  // The rule's pinpoint citation, may be empty.
  absl::string_view source_url;
  bool advisory = false;
  v1::MatchBasis basis = v1::MATCH_BASIS_UNSPECIFIED;
  absl::string_view matched_value;
  // The uses its scope (the policy's and its own) limits it to (Scope.uses); empty
  // when it is not use-limited.
  absl::Span<const std::string> uses;
};

// The rule's citation as decisions give it: its policy's, then its pinpoint one when it
// has one ("89 FR 52434 (...), sec. 791.2").
inline std::string FullCitation(const RuleDescription& rule) {
  if (rule.rule_citation.empty()) return std::string(rule.citation);
  return absl::StrCat(rule.citation, ", ", rule.rule_citation);
}

struct ExemptionDescription {
  absl::string_view id;
  absl::string_view policy_id;  // The first policy it names.
  absl::string_view approved_by;
  absl::string_view reference;
  v1::Purpose purpose = v1::PURPOSE_UNSPECIFIED;
  absl::Time valid_from;
  absl::Time valid_until;  // InfiniteFuture when open-ended.
};

// The entity a decision's artifact belongs to (Decision::vendor_entity).
struct EntityDescription {
  // The entity's id; for a group of related entities sharing the vendor's name, their
  // ids joined by ", ". Empty when the artifact belongs to no entity.
  absl::string_view id;
  // How it was found: "vendor", "signer", "cpe vendor", or the entity's identifier
  // that matched, e.g. "team_id 2Y8XE5CQ94" (interdict.v1.Decision.vendor_entity_evidence).
  absl::string_view evidence;
};

}  // namespace interdict

#endif  // INTERDICT_POLICY_DESCRIPTIONS_H_
