// The entity and product-name index: validation of product matches and placement
// of rules into buckets (name_index.h).
#include "policy/internal/name_index.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "policy/internal/regex_prefix.h"

namespace interdict {
namespace policy_internal {

absl::optional<ProductPattern> CompileProductMatch(absl::FunctionRef<std::string()> path,
                                                   const v1::ProductMatch& match,
                                                   ProductRegexCache* regexes,
                                                   IssueCollector* issues) {
  absl::string_view field = "";
  CompileIssue::Code code = CompileIssue::Code::kInvalidValue;
  switch (match.kind_case()) {
    case v1::ProductMatch::kExact:
      field = ".exact";
      break;
    case v1::ProductMatch::kPrefix:
      field = ".prefix";
      break;
    case v1::ProductMatch::kRegex:
      field = ".regex";
      code = CompileIssue::Code::kInvalidPattern;
      break;
    case v1::ProductMatch::KIND_NOT_SET:
      code = CompileIssue::Code::kRequired;
      break;
  }
  absl::StatusOr<ProductPattern> pattern =
      ProductPattern::Create(match, issues->options().max_string_length, regexes);
  if (!pattern.ok()) {
    // A pattern over the length limit or the regex memory budget is a limit.
    if (absl::IsResourceExhausted(pattern.status())) code = CompileIssue::Code::kLimitExceeded;
    issues->Error(code, absl::StrCat(path(), field), std::string(pattern.status().message()));
    return absl::nullopt;
  }
  return *std::move(pattern);
}

std::vector<uint32_t> NameIndex::RulesOf(uint32_t entity) const {
  const Bucket& bucket = buckets_[entity];
  std::vector<uint32_t> rules = bucket.any_product;
  const std::vector<uint32_t> named = bucket.names.values();
  rules.insert(rules.end(), named.begin(), named.end());
  for (const RegexRule& regex : bucket.regexes) rules.push_back(regex.rule);
  return rules;
}

NameIndex::Builder::Builder(size_t entity_count, int64_t regex_max_mem)
    : regex_max_mem_(regex_max_mem) {
  index_.buckets_.resize(entity_count + 1);
  index_.global_bucket_ = static_cast<uint32_t>(entity_count);
  name_builders_.resize(index_.buckets_.size());
  regex_prefix_builders_.resize(index_.buckets_.size());
}

void NameIndex::Builder::Place(uint32_t rule, absl::Span<const uint32_t> entities,
                               const ProductPattern* product) {
  if (entities.empty()) {
    PlaceInBucket(rule, index_.global_bucket(), product);
    return;
  }
  for (uint32_t entity : entities) PlaceInBucket(rule, entity, product);
}

void NameIndex::Builder::PlaceInBucket(uint32_t rule, uint32_t bucket_index,
                                       const ProductPattern* product) {
  const bool global = bucket_index == index_.global_bucket();
  Bucket& bucket = index_.buckets_[bucket_index];
  if (product == nullptr) {
    bucket.any_product.push_back(rule);
    if (global) global_gate_.Add("");
    return;
  }
  switch (product->basis()) {
    case v1::PRODUCT_EXACT:
      if (global) global_gate_.Add(product->value());
      name_builders_[bucket_index].Add(absl::StrCat(product->value(), absl::string_view(&kNameEnd, 1)), rule);
      break;
    case v1::PRODUCT_PREFIX:
      if (global) global_gate_.Add(product->value());
      name_builders_[bucket_index].Add(product->value(), rule);
      break;
    case v1::PRODUCT_REGEX: {
      // What every name the regex matches begins with, normalised ("" when it has no
      // literal prefix).
      const std::string leading = NormalizedLiteralPrefix(product->value());
      if (global) global_gate_.Add(leading);
      const uint32_t position = static_cast<uint32_t>(bucket.regexes.size());
      bucket.regexes.push_back({product->regex(), rule});
      if (leading.empty()) {
        bucket.unprefixed_regexes.push_back(position);
      } else {
        regex_prefix_builders_[bucket_index].Add(leading, position);
      }
      break;
    }
    default:  // A ProductPattern has one of the three bases above.
      break;
  }
}

NameIndex NameIndex::Builder::Build() && {
  index_.global_gate_ = std::move(global_gate_).Build();
  for (size_t i = 0; i < index_.buckets_.size(); ++i) {
    Bucket& bucket = index_.buckets_[i];
    bucket.names = std::move(name_builders_[i]).Build();
    bucket.regex_prefixes = std::move(regex_prefix_builders_[i]).Build();
    if (bucket.unprefixed_regexes.size() <= kRegexPrefilterThreshold) continue;
    // Many: each found through its atoms when it has some, the rest run every time.
    auto many = std::make_unique<ManyUnprefixed>();
    RegexAtomFilter::Builder atoms(regex_max_mem_);
    std::vector<uint32_t> unfiltered;
    for (uint32_t position : bucket.unprefixed_regexes) {
      if (!atoms.Add(bucket.regexes[position].regex->pattern(), position)) unfiltered.push_back(position);
    }
    many->atom_filter = std::move(atoms).Build();
    bucket.unprefixed_regexes = std::move(unfiltered);
    if (bucket.unprefixed_regexes.size() > kRegexPrefilterThreshold) {
      auto set = std::make_unique<RE2::Set>(ProductRegexOptions(regex_max_mem_), RE2::ANCHOR_BOTH);
      bool added_all = true;
      for (uint32_t position : bucket.unprefixed_regexes) {
        added_all = added_all && set->Add(bucket.regexes[position].regex->pattern(), nullptr) >= 0;
      }
      // A set over budget is only a lost shortcut: the per-regex loop stays correct.
      if (added_all && set->Compile()) many->prefilter = std::move(set);
    }
    bucket.many_unprefixed = std::move(many);
  }
  return std::move(index_);
}

}  // namespace policy_internal
}  // namespace interdict
