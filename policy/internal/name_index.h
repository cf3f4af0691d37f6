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
//   - none            -> Bucket::any_product (every product of the entity)
//   - prefix          -> Bucket::names, a byte trie over normalised prefixes
//   - exact name      -> Bucket::names too, as the prefix normalised name + kNameEnd,
//                        which only a name that ends there begins with: the trie is
//                        walked with the artifact's normalised name + kNameEnd
//   - regex           -> Bucket::regexes, reached through a trie of their literal
//                        prefixes, or (no literal prefix) run on every name of the
//                        bucket; when a bucket has many, those whose atoms RE2 can
//                        derive are found through them (regex_atom_filter.h), the
//                        rest behind an RE2::Set prefilter
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
//   NameIndex::Builder builder(entity_count, options.regex_max_mem);
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
  // name meets.
  template <typename Consider>
  void Visit(EvaluatedArtifact& artifact, Consider&& consider) const {
    if (artifact.entity() != Decision::kNone) VisitBucket(artifact.entity(), artifact, consider);
    if (global_gate_.MayMatch(artifact.view().name)) {
      VisitBucket(global_bucket(), artifact, consider);
    }
  }

  // Every rule filed under `entity` (or a group), whatever its product constraint,
  // in no particular order and possibly repeated: a scan for reports, not lookups.
  std::vector<uint32_t> RulesOf(uint32_t entity) const;

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

  struct Bucket {
    std::vector<uint32_t> any_product;
    // Normalised prefixes, and exact names with kNameEnd after them.
    PrefixTrie names;
    std::vector<RegexRule> regexes;
    // Literal prefix (regex_prefix.h) -> index into `regexes`: a regex runs only on
    // names that begin with its prefix.
    PrefixTrie regex_prefixes;
    // Indexes into `regexes` of the regexes without a literal prefix that run on every
    // name of the bucket.
    std::vector<uint32_t> unprefixed_regexes;
    // Set only for the few buckets with many unprefixed regexes (most buckets have
    // none, and an index holds one bucket per entity).
    std::unique_ptr<const ManyUnprefixed> many_unprefixed;
  };

  uint32_t global_bucket() const { return global_bucket_; }

  template <typename Consider>
  void VisitBucket(uint32_t bucket_index, EvaluatedArtifact& artifact, Consider& consider) const;
  template <typename Consider>
  void VisitRegexes(const Bucket& bucket, EvaluatedArtifact& artifact, Consider& consider) const;

  // One per entity, then the global bucket.
  std::vector<Bucket> buckets_;
  uint32_t global_bucket_ = 0;
  // Lets through only names that could match a rule of the global bucket.
  NameGate global_gate_;
};

class NameIndex::Builder {
 public:
  Builder(size_t entity_count, int64_t regex_max_mem);

  // Places `rule` in the bucket of every entity of `entities` (empty: the global
  // bucket) under `product` (null: every product of the entity).
  void Place(uint32_t rule, absl::Span<const uint32_t> entities, const ProductPattern* product);

  // Builds the tries, gates and regex prefilters.
  NameIndex Build() &&;

 private:
  void PlaceInBucket(uint32_t rule, uint32_t bucket_index, const ProductPattern* product);

  NameIndex index_;
  int64_t regex_max_mem_;
  std::vector<PrefixTrie::Builder> name_builders_;
  std::vector<PrefixTrie::Builder> regex_prefix_builders_;
  NameGate::Builder global_gate_;
};

template <typename Consider>
void NameIndex::VisitBucket(uint32_t bucket_index, EvaluatedArtifact& artifact,
                            Consider& consider) const {
  const Bucket& bucket = buckets_[bucket_index];
  for (uint32_t rule : bucket.any_product) consider(rule);
  if (!bucket.names.empty()) {
    const absl::optional<absl::string_view> name = artifact.NormalizedNameWithEnd();
    if (name.has_value()) bucket.names.ForEachPrefixOf(*name, consider);
  }
  if (!bucket.regexes.empty()) VisitRegexes(bucket, artifact, consider);
}

template <typename Consider>
void NameIndex::VisitRegexes(const Bucket& bucket, EvaluatedArtifact& artifact,
                             Consider& consider) const {
  const absl::string_view raw_name = artifact.view().name;
  auto run = [&](uint32_t position) {
    const RegexRule& regex = bucket.regexes[position];
    if (regex.regex->FullMatch(raw_name)) consider(regex.rule);
  };
  // Too long to normalise: product names are not compared (the artifact says so).
  const absl::optional<absl::string_view> name = artifact.NormalizedName();
  if (!name.has_value()) return;
  bucket.regex_prefixes.ForEachPrefixOf(*name, run);
  const ManyUnprefixed* many = bucket.many_unprefixed.get();
  if (many != nullptr) many->atom_filter.ForEachCandidate(raw_name, run);
  if (bucket.unprefixed_regexes.empty()) return;
  if (many != nullptr && many->prefilter != nullptr) {
    // The prefilter only skips work: if it fails (DFA out of memory), run each regex.
    RE2::Set::ErrorInfo error;
    if (!many->prefilter->Match(re2::StringPiece(raw_name.data(), raw_name.size()), nullptr, &error) &&
        error.kind == RE2::Set::kNoError) {
      return;
    }
  }
  for (uint32_t position : bucket.unprefixed_regexes) run(position);
}

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_NAME_INDEX_H_
