// File: policy/internal/rule_placement.h
// -----------------------------------------------------------------------------
//
// Places validated rules into the PolicyIndex buckets (see policy_index.h):
// by entity, then by the kind of product constraint. Each rule lands in exactly
// one place, so an artifact reaches each candidate rule at most once.
//
// Example:
//
//   RulePlacer placer(&index, regex_max_mem);
//   placer.Place(rule_index, entity_or_kNoEntity, &product_pattern_or_null);
//   std::move(placer).Finish();
//
// Thread safety: thread-hostile; used once per compilation.

#ifndef INTERDICT_POLICY_INTERNAL_RULE_PLACEMENT_H_
#define INTERDICT_POLICY_INTERNAL_RULE_PLACEMENT_H_

#include <cstdint>
#include <vector>

#include "policy/internal/name_gate.h"
#include "policy/internal/policy_index.h"
#include "policy/internal/prefix_trie.h"
#include "policy/internal/product_pattern.h"

namespace interdict {
namespace policy_internal {

class RulePlacer {
 public:
  // `index` must have its entities resolved; buckets are created here.
  RulePlacer(PolicyIndex* index, int64_t regex_max_mem);

  // Places `rule` (an index into index->rules) in the bucket of `entity` (kNoEntity:
  // global) under `product` (null: every product of the entity).
  void Place(uint32_t rule, uint32_t entity, const ProductPattern* product);

  // Builds the tries and regex prefilters.
  void Finish() &&;

 private:
  PolicyIndex* index_;
  int64_t regex_max_mem_;
  std::vector<PrefixTrie::Builder> prefix_builders_;
  std::vector<PrefixTrie::Builder> regex_prefix_builders_;
  NameGate::Builder global_gate_;
};

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_RULE_PLACEMENT_H_
