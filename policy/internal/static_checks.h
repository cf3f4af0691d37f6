// File: policy/internal/static_checks.h
// -----------------------------------------------------------------------------
//
// Warnings about a bundle that compiled, which need every rule and exemption at
// once (the per-rule ones, such as a DENY step in an ADVISORY policy, are given
// where the rule is compiled):
//   - a rule shadowed by another rule of its policy: the other selects everything it
//     does (the same selector, or the same with fewer of product, version and
//     exclusions, or with include_components), governs its actions, binds at least its
//     scope, is named by the same exemptions, and is at least as severe at every
//     instant, so the shadowed rule never changes a verdict;
//   - an exemption that outlives every rule it names (each ends in ALLOW before the
//     exemption does), or whose artifact subset can select nothing its rules match
//     (entities, or packages, disjoint from every rule's).
// Each rule is compared with at most kMaxShadowCandidates others, found by hashing
// the variants of its selector, so the checks stay near-linear in the rule count.
//
// Example:
//
//   StaticCheckInput input{bundle, index, rule_selectors, exemption_rules, first_rules};
//   WarnShadowedRules(input, &issues);
//   WarnExemptionsThatCannotApply(input, &issues);
//
// Thread safety: thread-compatible; run once per compilation.

#ifndef INTERDICT_POLICY_INTERNAL_STATIC_CHECKS_H_
#define INTERDICT_POLICY_INTERNAL_STATIC_CHECKS_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/types/span.h"
#include "interdict/v1/policy.pb.h"
#include "policy/internal/issue_collector.h"
#include "policy/internal/policy_index.h"
#include "policy/internal/selector.h"

namespace interdict {
namespace policy_internal {

inline constexpr size_t kMaxShadowCandidates = 64;

// The rules an exemption names (indexes into PolicyIndex::rules). Most name one or a
// few: those stay inline.
using RuleList = absl::InlinedVector<uint32_t, 4>;

// A compiled bundle without errors, before its indexes are built: rules in bundle
// order, policy by policy; exemptions in bundle order.
struct StaticCheckInput {
  const v1::PolicyBundle& bundle;
  const PolicyIndex& index;
  // Per rule, its compiled selector.
  absl::Span<const CompiledSelector> rule_selectors;
  // Per exemption, the rules it names.
  absl::Span<const RuleList> exemption_rules;
  // Per policy, its first rule.
  absl::Span<const uint32_t> first_rule_of_policy;
};

void WarnShadowedRules(const StaticCheckInput& input, IssueCollector* issues);

void WarnExemptionsThatCannotApply(const StaticCheckInput& input, IssueCollector* issues);

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_STATIC_CHECKS_H_
