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

void NameIndex::AppendRulesOf(uint32_t entity, std::vector<uint32_t>* rules) const {
  const Bucket& bucket = buckets_[entity];
  const uint32_t* any_product = AnyProduct(bucket);
  rules->insert(rules->end(), any_product, any_product + bucket.any_product_count);
  bucket.names.AppendValues(rules);
  if (bucket.regexes != 0) {
    for (const RegexRule& regex : regexes_[bucket.regexes - 1].rules) rules->push_back(regex.rule);
  }
}

void NameIndex::AddHotLines(uint32_t entity, HotLines::Builder* lines) const {
  const Bucket& bucket = buckets_[entity];
  if (bucket.any_product_count > 1) lines->Add(AnyProduct(bucket));
  lines->AddRange(bucket.names.first_line(), bucket.names.first_bytes());
  if (bucket.regexes == 0) return;
  const Regexes& regexes = regexes_[bucket.regexes - 1];
  lines->AddRange(&regexes, sizeof(regexes));
  lines->AddRange(regexes.prefixes.first_line(), regexes.prefixes.first_bytes());
  lines->Add(regexes.unprefixed.data());
  lines->Add(regexes.rules.data());
  for (const RegexRule& regex : regexes.rules) {
    lines->AddRange(regex.regex.get(), sizeof(ProductRegex));
    lines->Add(regex.regex->head().data());
  }
}

NameIndex::Builder::Builder(size_t entity_count, size_t rule_count, int64_t regex_max_mem)
    : regex_max_mem_(regex_max_mem) {
  index_.buckets_.resize(entity_count + 1);
  // Most rules are placed once, in one of these; memory not written is never faulted in.
  any_product_.reserve(rule_count);
  names_.reserve(rule_count);
  regexes_.reserve(rule_count);
  index_.global_bucket_ = static_cast<uint32_t>(entity_count);
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
  if (product == nullptr) {
    any_product_.emplace_back(bucket_index, rule);
    if (global) global_gate_.Add("");
    return;
  }
  switch (product->basis()) {
    case v1::PRODUCT_EXACT:
      if (global) global_gate_.Add(product->value());
      names_.push_back({bucket_index, rule, absl::StrCat(product->value(), absl::string_view(&kNameEnd, 1))});
      break;
    case v1::PRODUCT_PREFIX:
      if (global) global_gate_.Add(product->value());
      names_.push_back({bucket_index, rule, product->value()});
      break;
    case v1::PRODUCT_REGEX: {
      // What every name the regex matches begins with, normalised ("" when it has no
      // literal prefix).
      std::string leading = NormalizedLiteralPrefix(product->value());
      if (global) global_gate_.Add(leading);
      regexes_.push_back({bucket_index, rule, product->regex(), std::move(leading)});
      break;
    }
    default:  // A ProductPattern has one of the three bases above.
      break;
  }
}

namespace {

// The positions of `items` grouped by bucket, each group in the order of `items`
// (a counting sort: bundles place a million rules), and where each bucket's group
// begins (`*first_of_bucket`, one past the last bucket at the end).
template <typename Items, typename BucketOf>
LargeVector<uint32_t> GroupByBucket(const Items& items, size_t bucket_count, BucketOf bucket_of,
                                    LargeVector<uint32_t>* first_of_bucket) {
  first_of_bucket->assign(bucket_count + 1, 0);
  for (const auto& item : items) ++(*first_of_bucket)[bucket_of(item) + 1];
  for (size_t b = 0; b < bucket_count; ++b) (*first_of_bucket)[b + 1] += (*first_of_bucket)[b];
  LargeVector<uint32_t> next(first_of_bucket->begin(), first_of_bucket->end() - 1);
  LargeVector<uint32_t> grouped(items.size());
  for (uint32_t i = 0; i < items.size(); ++i) grouped[next[bucket_of(items[i])]++] = i;
  return grouped;
}

}  // namespace

NameIndex NameIndex::Builder::Build() && {
  index_.global_gate_ = std::move(global_gate_).Build();
  const size_t bucket_count = index_.buckets_.size();
  LargeVector<uint32_t> first;
  const LargeVector<uint32_t> any_product = GroupByBucket(
      any_product_, bucket_count, [](const std::pair<uint32_t, uint32_t>& p) { return p.first; }, &first);
  index_.any_product_.reserve(any_product.size());  // At most.
  for (size_t b = 0; b < bucket_count; ++b) {
    Bucket& bucket = index_.buckets_[b];
    bucket.any_product_count = first[b + 1] - first[b];
    if (bucket.any_product_count == 1) {
      bucket.first_any_product = any_product_[any_product[first[b]]].second;
      continue;
    }
    bucket.first_any_product = static_cast<uint32_t>(index_.any_product_.size());
    for (uint32_t i = first[b]; i < first[b + 1]; ++i) {
      index_.any_product_.push_back(any_product_[any_product[i]].second);
    }
  }
  const LargeVector<uint32_t> names =
      GroupByBucket(names_, bucket_count, [](const PlacedName& n) { return n.bucket; }, &first);
  for (size_t b = 0; b < bucket_count; ++b) {
    if (first[b] == first[b + 1]) continue;
    PrefixTrie::Builder trie;
    for (uint32_t i = first[b]; i < first[b + 1]; ++i) trie.Add(names_[names[i]].key, names_[names[i]].rule);
    index_.buckets_[b].names = std::move(trie).Build();
  }
  const LargeVector<uint32_t> regexes =
      GroupByBucket(regexes_, bucket_count, [](const PlacedRegex& r) { return r.bucket; }, &first);
  for (size_t b = 0; b < bucket_count; ++b) {
    if (first[b] == first[b + 1]) continue;
    BuildRegexes(static_cast<uint32_t>(b),
                 absl::MakeConstSpan(regexes.data() + first[b], first[b + 1] - first[b]));
  }
  return std::move(index_);
}

void NameIndex::Builder::BuildRegexes(uint32_t bucket_index, absl::Span<const uint32_t> placed) {
  Regexes part;
  PrefixTrie::Builder prefixes;
  for (uint32_t i : placed) {
    PlacedRegex& regex = regexes_[i];
    const uint32_t position = static_cast<uint32_t>(part.rules.size());
    part.rules.push_back({std::move(regex.regex), regex.rule});
    if (regex.leading.empty()) {
      part.unprefixed.push_back(position);
    } else {
      prefixes.Add(regex.leading, position);
    }
  }
  part.prefixes = std::move(prefixes).Build();
  if (part.unprefixed.size() > kRegexPrefilterThreshold) {
    // Many: each found through its atoms when it has some, the rest run every time.
    auto many = std::make_unique<ManyUnprefixed>();
    RegexAtomFilter::Builder atoms(regex_max_mem_);
    std::vector<uint32_t> unfiltered;
    for (uint32_t position : part.unprefixed) {
      if (!atoms.Add(part.rules[position].regex->pattern(), position)) unfiltered.push_back(position);
    }
    many->atom_filter = std::move(atoms).Build();
    part.unprefixed = std::move(unfiltered);
    if (part.unprefixed.size() > kRegexPrefilterThreshold) {
      auto set = std::make_unique<RE2::Set>(ProductRegexOptions(regex_max_mem_), RE2::ANCHOR_BOTH);
      bool added_all = true;
      for (uint32_t position : part.unprefixed) {
        added_all = added_all && set->Add(part.rules[position].regex->pattern(), nullptr) >= 0;
      }
      // A set over budget is only a lost shortcut: the per-regex loop stays correct.
      if (added_all && set->Compile()) many->prefilter = std::move(set);
    }
    part.many_unprefixed = std::move(many);
  }
  index_.regexes_.push_back(std::move(part));
  index_.buckets_[bucket_index].regexes = static_cast<uint32_t>(index_.regexes_.size());
}

}  // namespace policy_internal
}  // namespace interdict
