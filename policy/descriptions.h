// File: policy/descriptions.h
// -----------------------------------------------------------------------------
//
// The strings of one compiled rule or exemption, as CompiledPolicy::DescribeRule
// and DescribeExemption return them for the indexes a Decision holds. Every
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

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
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
};

struct ExemptionDescription {
  absl::string_view id;
  absl::string_view policy_id;  // The first policy it names.
  absl::string_view approved_by;
  absl::string_view reference;
  v1::Purpose purpose = v1::PURPOSE_UNSPECIFIED;
  absl::Time valid_from;
  absl::Time valid_until;  // InfiniteFuture when open-ended.
};

}  // namespace interdict

#endif  // INTERDICT_POLICY_DESCRIPTIONS_H_
