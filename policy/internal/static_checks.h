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
//   selector_hashes.emplace_back(rule.select());   // for each rule, as it compiles
//   StaticCheckInput input{bundle, index, rule_selectors, exemption_rules, first_rules,
//                          selector_hashes};
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

// A rule's selector hashed by parts, so that the hash of each variant the shadowed-rule
// check looks up is computed without copying it: `rest` covers every field but the four
// a variant changes (product, version, exclusions, include_components). Computed as
// each rule compiles, while its selector is in cache: a second walk over the selectors
// of a million rules took a second of the compilation.
struct SelectorHash {
  explicit SelectorHash(const v1::Selector& select);
  // Which of product, version, exclusions and include_components the variant `bits`
  // has, as bits (0-15).
  int Shape(int bits) const;
  // What every variant shares: the policy and the rest of the selector.
  uint64_t Group(uint32_t policy) const;
  uint64_t Variant(uint32_t policy, int bits) const;

  uint64_t rest = 0;
  uint64_t product = 0;     // 0: none.
  uint64_t version = 0;     // 0: none.
  uint64_t exclusions = 0;  // 0: none.
  bool components = false;
  // The bits of the changes that make a different selector.
  int applicable = 0;
};

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
  // Per rule, its selector's hash.
  absl::Span<const SelectorHash> selector_hashes;
};

void WarnShadowedRules(const StaticCheckInput& input, IssueCollector* issues);

void WarnExemptionsThatCannotApply(const StaticCheckInput& input, IssueCollector* issues);

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_STATIC_CHECKS_H_
