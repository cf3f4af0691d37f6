// File: policy/internal/name_index.h
// -----------------------------------------------------------------------------
//
// The entity and product-name family of selectors: rules found by the entity an
// artifact belongs to and by its product name (exact, prefix or RE2 regex).
//
// Layout. A rule is filed in the bucket of every entity its selector reaches (its
// entity and, as the selector asks, subsidiaries, affiliates, successors), or in
// the global bucket when it names no entity. An artifact belongs to at most one
// entity, so it still meets each rule at most once. Within a bucket a rule is found
// by its product constraint:
//   - none            -> the bucket's any-product rules (every product of the entity)
//   - prefix          -> Bucket::names, a byte trie over normalised prefixes
//   - exact name      -> Bucket::names too, as the prefix normalised name + kNameEnd,
//                        which only a name that ends there begins with: the trie is
//                        walked with the artifact's normalised name + kNameEnd
//   - regex           -> the bucket's Regexes, reached through a trie of their literal
//                        prefixes, or (no literal prefix) run on every name of the
//                        bucket; when a bucket has many, those whose atoms RE2 can
//                        derive are found through them (regex_atom_filter.h), the
//                        rest behind an RE2::Set prefilter
// A bucket is 32 bytes: its any-product rules are a run of one array shared by all
// buckets, and its regexes (most buckets have none) are kept apart.
// A name too long to normalise (kMaxNormalizedNameBytes) is compared with no product
// constraint; the artifact reports it (ARTIFACT_NAME).
// An artifact visits at most two buckets: its entity's and, behind a gate on the
// first bytes of its name, the global one.
//
// CompileProductMatch validates a ProductMatch of the policy text; the Builder
// places rules; Visit calls `consider(rule)` for every rule whose entity and product
// the artifact matches (exclusions and versions are checked by the caller).
//
// Example:
//
//   NameIndex::Builder builder(entity_count, rule_count, options.regex_max_mem);
//   builder.Place(rule, {kaspersky}, &product_pattern);   // or nullptr: any product
//   NameIndex index = std::move(builder).Build();
//   index.Visit(artifact, [&](uint32_t rule) { Consider(rule); });
//
// Thread safety: the Builder is thread-hostile; a NameIndex is immutable and safe
// to read from many threads.

#ifndef INTERDICT_POLICY_INTERNAL_NAME_INDEX_H_
#define INTERDICT_POLICY_INTERNAL_NAME_INDEX_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "absl/types/span.h"
#include "interdict/v1/policy.pb.h"
#include "policy/decision.h"
#include "policy/internal/evaluated_artifact.h"
#include "policy/internal/hot_lines.h"
#include "policy/internal/huge_pages.h"
#include "policy/internal/issue_collector.h"
#include "policy/internal/name_gate.h"
#include "policy/internal/name_normalizer.h"
#include "policy/internal/prefix_trie.h"
#include "policy/internal/product_pattern.h"
#include "policy/internal/product_regex.h"
#include "policy/internal/regex_atom_filter.h"
#include "re2/re2.h"
#include "re2/set.h"

namespace interdict {
namespace policy_internal {

// Validates `match` (a ProductMatch of the policy, whose path `path()` gives when an
// error is reported) into a pattern; reports an error and returns nullopt when it is
// invalid.
absl::optional<ProductPattern> CompileProductMatch(absl::FunctionRef<std::string()> path,
                                                   const v1::ProductMatch& match,
                                                   ProductRegexCache* regexes,
                                                   IssueCollector* issues);

// Buckets with more unprefixed regexes than this get an RE2::Set prefilter.
inline constexpr size_t kRegexPrefilterThreshold = 8;

class NameIndex {
 public:
  class Builder;

  NameIndex() = default;

  // Calls `consider(rule)` for each rule of the bucket of `artifact.entity()` (when
  // it has one) and of the global bucket whose product constraint the artifact's
  // name meets. `may_match_without_entity` is MayMatchWithoutEntity(name), asked by
  // the caller: false skips the global bucket.
  template <typename Consider>
  void Visit(EvaluatedArtifact& artifact, bool may_match_without_entity, Consider&& consider) const {
    if (artifact.entity() != Decision::kNone) VisitBucket(artifact.entity(), artifact, consider);
    if (may_match_without_entity) VisitBucket(global_bucket(), artifact, consider);
  }

  // False only if no rule that names no entity (a product-only rule) can match a name
  // that is `raw_name` normalised: a gate on its first normalised bytes.
  bool MayMatchWithoutEntity(absl::string_view raw_name) const {
    return global_gate_.MayMatch(raw_name);
  }

  // Appends to `rules` every rule filed under `entity` (or a group), whatever its
  // product constraint, in no particular order and possibly repeated: a scan for
  // reports and the index's build, not lookups.
  void AppendRulesOf(uint32_t entity, std::vector<uint32_t>* rules) const;

  // Adds to `lines` what a visit of the bucket of `entity` reads beyond the bucket:
  // its any-product list, its name list with the labels (or its trie's header), its
  // regexes with their prefix list (the rules' records are the caller's).
  void AddHotLines(uint32_t entity, HotLines::Builder* lines) const;

 private:
  struct RegexRule {
    std::shared_ptr<const ProductRegex> regex;
    uint32_t rule = 0;
  };

  // What a bucket with many regexes without a literal prefix adds: the regexes whose
  // atoms (regex_atom_filter.h) tell which names they could match, taken out of
  // unprefixed_regexes, and, when those that remain are still many, one anchored set
  // over them that runs first.
  struct ManyUnprefixed {
    RegexAtomFilter atom_filter;
    std::unique_ptr<RE2::Set> prefilter;
  };

  // A bucket's product regexes. Most buckets have none, so they are kept apart.
  struct Regexes {
    std::vector<RegexRule> rules;
    // Literal prefix (regex_prefix.h) -> index into `rules`: a regex runs only on names
    // that begin with its prefix.
    PrefixTrie prefixes;
    // Indexes into `rules` of the regexes without a literal prefix that run on every
    // name of the bucket.
    std::vector<uint32_t> unprefixed;
    // Set only when the bucket has many unprefixed regexes.
    std::unique_ptr<const ManyUnprefixed> many_unprefixed;
  };

  // 32 bytes on a 32-byte boundary: a bucket never straddles two cache lines (an index
  // holds one bucket per entity, and a hit's bucket is seldom in cache).
  struct alignas(32) Bucket {
    // The rules of every product of the entity (AnyProduct): any_product_[first_any_product,
    // +count), or, when there is one (most entities name one rule), the rule itself, so
    // that a hit reads it from the bucket instead of following it to another line.
    uint32_t first_any_product = 0;
    uint32_t any_product_count = 0;
    // Normalised prefixes, and exact names with kNameEnd after them.
    PrefixTrie names;
    // 1 + an index into regexes_; 0: the bucket has no regex.
    uint32_t regexes = 0;
  };
  static_assert(sizeof(Bucket) == 32, "a bucket is half a cache line");

  uint32_t global_bucket() const { return global_bucket_; }

  // The bucket's any-product rules (any_product_count of them).
  const uint32_t* AnyProduct(const Bucket& bucket) const {
    return bucket.any_product_count == 1 ? &bucket.first_any_product
                                         : any_product_.data() + bucket.first_any_product;
  }

  template <typename Consider>
  void VisitBucket(uint32_t bucket_index, EvaluatedArtifact& artifact, Consider& consider) const;
  template <typename Consider>
  void VisitRegexes(const Regexes& regexes, EvaluatedArtifact& artifact, Consider& consider) const;

  // One per entity, then the global bucket.
  LargeVector<Bucket> buckets_;
  // The any-product rules of every bucket with more than one, bucket after bucket.
  LargeVector<uint32_t> any_product_;
  LargeVector<Regexes> regexes_;
  uint32_t global_bucket_ = 0;
  // Lets through only names that could match a rule of the global bucket.
  NameGate global_gate_;
};

class NameIndex::Builder {
 public:
  // `rule_count`, the number of rules to be placed, sizes the lists of placements.
  Builder(size_t entity_count, size_t rule_count, int64_t regex_max_mem);

  // Places `rule` in the bucket of every entity of `entities` (empty: the global
  // bucket) under `product` (null: every product of the entity).
  void Place(uint32_t rule, absl::Span<const uint32_t> entities, const ProductPattern* product);

  // Builds the tries, gates and regex prefilters.
  NameIndex Build() &&;

 private:
  // Placements are listed, not kept per bucket (a bundle may have a million entities,
  // most with one rule), and gathered by bucket in Build.
  struct PlacedName {
    uint32_t bucket = 0;
    uint32_t rule = 0;
    std::string key;  // Normalised prefix, or exact name + kNameEnd.
  };
  struct PlacedRegex {
    uint32_t bucket = 0;
    uint32_t rule = 0;
    std::shared_ptr<const ProductRegex> regex;
    std::string leading;  // Normalised literal prefix; empty: none.
  };

  void PlaceInBucket(uint32_t rule, uint32_t bucket_index, const ProductPattern* product);
  // Builds the Regexes of a bucket from its placements (indexes into regexes_).
  void BuildRegexes(uint32_t bucket_index, absl::Span<const uint32_t> placed);

  NameIndex index_;
  int64_t regex_max_mem_;
  LargeVector<std::pair<uint32_t, uint32_t>> any_product_;  // (bucket, rule)
  LargeVector<PlacedName> names_;
  LargeVector<PlacedRegex> regexes_;
  NameGate::Builder global_gate_;
};

template <typename Consider>
void NameIndex::VisitBucket(uint32_t bucket_index, EvaluatedArtifact& artifact,
                            Consider& consider) const {
  const Bucket& bucket = buckets_[bucket_index];
  const uint32_t* any_product = AnyProduct(bucket);
  for (uint32_t i = 0; i < bucket.any_product_count; ++i) consider(any_product[i]);
  if (!bucket.names.empty()) {
    const absl::optional<absl::string_view> name = artifact.NormalizedNameWithEnd();
    if (name.has_value()) bucket.names.ForEachPrefixOf(*name, consider);
  }
  if (bucket.regexes != 0) VisitRegexes(regexes_[bucket.regexes - 1], artifact, consider);
}

template <typename Consider>
void NameIndex::VisitRegexes(const Regexes& regexes, EvaluatedArtifact& artifact,
                             Consider& consider) const {
  const absl::string_view raw_name = artifact.view().name;
  auto run = [&](uint32_t position) {
    const RegexRule& regex = regexes.rules[position];
    if (regex.regex->FullMatch(raw_name)) consider(regex.rule);
  };
  // Too long to normalise: product names are not compared (the artifact says so).
  const absl::optional<absl::string_view> name = artifact.NormalizedName();
  if (!name.has_value()) return;
  regexes.prefixes.ForEachPrefixOf(*name, run);
  const ManyUnprefixed* many = regexes.many_unprefixed.get();
  if (many != nullptr) many->atom_filter.ForEachCandidate(raw_name, run);
  if (regexes.unprefixed.empty()) return;
  if (many != nullptr && many->prefilter != nullptr) {
    // The prefilter only skips work: if it fails (DFA out of memory), run each regex.
    RE2::Set::ErrorInfo error;
    if (!many->prefilter->Match(re2::StringPiece(raw_name.data(), raw_name.size()), nullptr, &error) &&
        error.kind == RE2::Set::kNoError) {
      return;
    }
  }
  for (uint32_t position : regexes.unprefixed) run(position);
}

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_NAME_INDEX_H_
