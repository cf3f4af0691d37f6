// Placement of compiled rules into the entity and global buckets of the index.
#include "policy/internal/rule_placement.h"

#include <memory>
#include <string>
#include <utility>

#include "policy/internal/regex_prefix.h"

namespace interdict {
namespace policy_internal {

RulePlacer::RulePlacer(PolicyIndex* index, int64_t regex_max_mem)
    : index_(index), regex_max_mem_(regex_max_mem) {
  index_->buckets.resize(index_->entity_ids.size() + 1);
  prefix_builders_.resize(index_->buckets.size());
  regex_prefix_builders_.resize(index_->buckets.size());
}

void RulePlacer::Place(uint32_t rule, uint32_t entity, const ProductPattern* product) {
  const uint32_t bucket_index =
      entity == kNoEntity ? static_cast<uint32_t>(index_->entity_ids.size()) : entity;
  Bucket& bucket = index_->buckets[bucket_index];
  if (product == nullptr) {
    bucket.any_product.push_back(rule);
    if (entity == kNoEntity) global_gate_.Add("");
    return;
  }
  // What every name the product matches begins with, normalised ("" for a regex without
  // a literal prefix).
  const std::string leading = product->basis() == v1::PRODUCT_REGEX
                                  ? NormalizedLiteralPrefix(product->value())
                                  : product->value();
  if (entity == kNoEntity) global_gate_.Add(leading);
  switch (product->basis()) {
    case v1::PRODUCT_EXACT:
      index_->exact[ExactKeyString(bucket_index, product->value())].push_back(rule);
      bucket.has_exact = true;
      break;
    case v1::PRODUCT_PREFIX:
      prefix_builders_[bucket_index].Add(product->value(), rule);
      break;
    default: {
      const uint32_t position = static_cast<uint32_t>(bucket.regexes.size());
      RegexRule regex;
      regex.regex = product->regex();
      regex.rule = rule;
      bucket.regexes.push_back(std::move(regex));
      if (leading.empty()) {
        bucket.unprefixed_regexes.push_back(position);
      } else {
        regex_prefix_builders_[bucket_index].Add(leading, position);
      }
      break;
    }
  }
}

void RulePlacer::Finish() && {
  NameGate::Builder alias_gate;
  for (const auto& [alias, entity] : index_->entity_by_alias) alias_gate.Add(alias);
  index_->alias_gate = std::move(alias_gate).Build();
  index_->global_gate = std::move(global_gate_).Build();
  for (size_t i = 0; i < index_->buckets.size(); ++i) {
    Bucket& bucket = index_->buckets[i];
    bucket.prefixes = std::move(prefix_builders_[i]).Build();
    bucket.regex_prefixes = std::move(regex_prefix_builders_[i]).Build();
    if (bucket.unprefixed_regexes.size() <= kRegexPrefilterThreshold) continue;
    auto set = std::make_unique<RE2::Set>(ProductRegexOptions(regex_max_mem_), RE2::ANCHOR_BOTH);
    bool added_all = true;
    for (uint32_t position : bucket.unprefixed_regexes) {
      added_all = added_all && set->Add(bucket.regexes[position].regex->pattern(), nullptr) >= 0;
    }
    // A set over budget is only a lost shortcut: the per-regex loop stays correct.
    if (added_all && set->Compile()) bucket.regex_prefilter = std::move(set);
  }
}

}  // namespace policy_internal
}  // namespace interdict
