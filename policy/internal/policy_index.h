// File: policy/internal/policy_index.h
// -----------------------------------------------------------------------------
//
// The data of a compiled policy bundle: resolved policies, rules, timelines and
// exemptions, and the indexes that lead from an artifact to its candidate rules
// without scanning. Built once by the compiler (compiler.cc), then only read by
// CompiledPolicy::Evaluate.
//
// Index layout. Every rule sits in exactly one bucket: its entity's bucket, or
// the global bucket when it names no entity. Within a bucket a rule is found by
// its product constraint:
//   - none            -> Bucket::any_product (every product of the entity)
//   - exact name      -> PolicyIndex::exact, keyed by (bucket, normalised name)
//   - prefix          -> Bucket::prefixes, a byte trie over normalised prefixes
//   - regex           -> Bucket::regexes, reached through a trie of their literal
//                        prefixes, or (no literal prefix) run on every name of the
//                        bucket behind an RE2::Set prefilter when there are many
// Package rules (a purl selector) sit outside the buckets, in PolicyIndex::packages,
// keyed by the normalised purl type, namespace and name.
// An artifact visits at most two buckets: its vendor's entity (one hash probe on
// the normalised vendor) and the global one. Name gates (name_gate.h) on the
// vendor and on the product turn most artifacts away after a few bytes.
//
// Thread safety: immutable after construction; safe to read from many threads.

#ifndef INTERDICT_POLICY_INTERNAL_POLICY_INDEX_H_
#define INTERDICT_POLICY_INTERNAL_POLICY_INDEX_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"
#include "interdict/v1/decision.pb.h"
#include "interdict/v1/policy.pb.h"
#include "policy/internal/cpe.h"
#include "policy/internal/identifier.h"
#include "policy/internal/identifier_selector.h"
#include "policy/internal/name_gate.h"
#include "policy/internal/package_selector.h"
#include "policy/internal/package_url.h"
#include "policy/internal/prefix_trie.h"
#include "policy/internal/product_pattern.h"
#include "policy/internal/tag_dictionary.h"
#include "policy/internal/version_range.h"
#include "re2/re2.h"
#include "re2/set.h"

namespace interdict {
namespace policy_internal {

inline constexpr uint32_t kNoEntity = 0xffffffffu;

// The deepest CompileOptions::max_component_depth accepted (evaluation keeps the path
// to a component in a fixed array).
inline constexpr size_t kMaxComponentDepth = 64;

// Fields that evaluation reads come first, so that they share a cache line.
struct PolicyInfo {
  bool advisory = false;
  // Whether the masks below stand for the tag lists (tag_dictionary.h).
  bool scope_masked = false;
  uint64_t jurisdiction_mask = 0;
  uint64_t organization_kind_mask = 0;
  // Scope tags; empty lists bind everyone.
  std::vector<std::string> jurisdictions;
  std::vector<std::string> organization_kinds;
  std::string id;
  std::string title;
  std::string authority;
  std::string citation;
  std::string source_url;
};

// 40 bytes: a rule's steps share a cache line or two (labels, which only reports
// read, are stored once each in PolicyIndex::step_labels).
struct StepInfo {
  // Absolute start (for absolute timelines).
  absl::Time at = absl::InfinitePast();
  // Offset from first sight (for first-seen timelines).
  absl::Duration after_first_seen;
  v1::Verdict verdict = v1::VERDICT_UNSPECIFIED;
  uint32_t label = 0;  // Into PolicyIndex::step_labels; 0 is no label.
};
static_assert(sizeof(StepInfo) <= 40, "evaluation reads a rule's steps together");

struct SelectorMatcher;

// Fields that evaluation reads come first: everything Consider tests for every
// candidate is in the first 64 bytes, the version range and exclusions follow.
struct RuleInfo {
  uint32_t policy = 0;
  uint32_t action_mask = 0;  // Bit (1 << Action).
  uint32_t first_step = 0;  // Into PolicyIndex::steps.
  uint32_t step_count = 0;
  uint32_t first_exemption = 0;  // Into PolicyIndex::rule_exemptions.
  uint32_t exemption_count = 0;
  bool relative_to_first_seen = false;
  bool include_components = false;
  // Set for identifier rules (found through the identifier indexes) that also name an
  // entity or a product: those parts, checked once the identifier has matched.
  std::shared_ptr<const SelectorMatcher> residual;
  // Set for package rules (found through PolicyIndex::packages).
  std::shared_ptr<const PackageSelector> package;
  VersionRange version;
  std::vector<ProductPattern> exclusions;
  uint32_t rank = 0;  // Position in (policy id, rule id) order.
  v1::MatchBasis basis = v1::MATCH_BASIS_UNSPECIFIED;
  std::string id;
  std::string citation;  // The rule's own pinpoint citation, possibly empty.
  std::string matched_value;  // Entity id, normalised name/prefix, regex, or package.
};


// Whether `membership` is kInside. For kUnreadable, also fills `*unreadable` with
// `field`, `scheme` and `problem`.
inline bool AdmitVersion(VersionMembership membership, v1::ArtifactField field,
                         v1::VersionScheme scheme, const char* problem, UnreadableField* unreadable) {
  if (membership == VersionMembership::kUnreadable) *unreadable = {field, scheme, problem};
  return membership == VersionMembership::kInside;
}

// Matches an artifact against an exemption's artifact subset.
struct SelectorMatcher {
  // The selector's entity and the related entities it reaches, sorted; empty: any.
  std::vector<uint32_t> entities;
  absl::optional<ProductPattern> product;
  std::vector<ProductPattern> exclusions;
  VersionRange version;

  std::shared_ptr<const PackageSelector> package;
  // Any one of these must match (none listed: no constraint).
  std::vector<IdentifierSelector> identifiers;

  // `artifact_entity` is the entity the artifact's vendor resolved to, or kNoEntity;
  // `purl` the artifact's parsed purl, or null when it has none (or an unparseable
  // one); `artifact` the artifact itself (for identifiers). When a field the selector
  // needs does not parse, returns false and fills `*unreadable` (otherwise left alone).
  bool Matches(uint32_t artifact_entity, absl::string_view raw_name,
               absl::optional<absl::string_view> normalized_name, absl::string_view version_text,
               const PackageUrlView* purl, const ArtifactView& artifact,
               UnreadableField* unreadable) const;
};

struct ExemptionInfo {
  std::string id;
  uint32_t policy = 0;
  std::string approved_by;
  std::string reference;
  v1::Purpose purpose = v1::PURPOSE_UNSPECIFIED;
  absl::Time valid_from = absl::InfinitePast();
  absl::Time valid_until = absl::InfiniteFuture();  // Exclusive.
  std::vector<std::string> assets;     // Sorted.
  std::vector<std::string> org_units;  // '/'-paths.
  bool blanket = false;
  absl::optional<SelectorMatcher> artifacts;
};


struct CpeRule {
  std::shared_ptr<const CompiledCpe> cpe;
  uint32_t rule = 0;
};

// "vendor\0product" of a CPE whose vendor and product are plain values; empty when
// either is ANY, NA or has wildcards. Writes into `out` (capacity kMaxCpeBytes + 1).
absl::string_view CpeKey(const CpeView& cpe, char* out);

struct RegexRule {
  std::shared_ptr<const ProductRegex> regex;
  uint32_t rule = 0;
};

// An install-path glob, as an RE2 (identifier.h, InstallPathGlobToRegex), and the
// PathSegmentBits of its literal segments, which a path must all have.
struct GlobRule {
  std::shared_ptr<const RE2> regex;
  uint64_t literal_segments = 0;
  uint32_t rule = 0;
};

struct Bucket {
  std::vector<uint32_t> any_product;
  // Whether PolicyIndex::exact holds keys of this bucket.
  bool has_exact = false;
  PrefixTrie prefixes;
  std::vector<RegexRule> regexes;
  // Literal prefix (regex_prefix.h) -> index into `regexes`: a regex runs only on names
  // that begin with its prefix.
  PrefixTrie regex_prefixes;
  // Indexes into `regexes` of the regexes without a literal prefix, which run on every
  // name of the bucket; when many, one anchored set over them runs first.
  std::vector<uint32_t> unprefixed_regexes;
  std::unique_ptr<RE2::Set> regex_prefilter;
};

struct PolicyIndex {
  std::vector<PolicyInfo> policies;
  // Bits for the scope tags of all policies.
  TagDictionary jurisdiction_tags;
  TagDictionary organization_kind_tags;
  std::vector<RuleInfo> rules;
  std::vector<StepInfo> steps;
  // Distinct step labels; [0] is "" (no label).
  std::vector<std::string> step_labels{""};
  std::vector<ExemptionInfo> exemptions;  // Sorted by id.
  std::vector<uint32_t> rule_exemptions;  // Per rule, exemption indexes in id order.
  std::vector<std::string> entity_ids;
  // Normalised entity name or alias -> entity index, behind a gate on leading bytes.
  absl::flat_hash_map<std::string, uint32_t> entity_by_alias;
  NameGate alias_gate;
  // PackageNamespaceKey of an entity's package namespace -> entity index.
  absl::flat_hash_map<std::string, uint32_t> entity_by_package_namespace;
  // ExactKey(bucket, normalised name) -> rules, in rank order.
  absl::flat_hash_map<std::string, std::vector<uint32_t>> exact;
  // One per entity, then the global bucket (index entity_ids.size()).
  std::vector<Bucket> buckets;
  // Lets through only names that could match a rule of the global bucket.
  NameGate global_gate;
  // Whether some rule has include_components, and how deep such rules look.
  bool has_component_rules = false;
  uint32_t max_component_depth = 0;
  // PackageKey (type, namespace, name) -> package rules.
  absl::flat_hash_map<std::string, std::vector<uint32_t>> packages;

  // Identifier rules. Bit (1 << IdentifierKind) of `identifier_kinds` is set when some
  // rule names an identifier of that kind (kInstallPath: a prefix or a glob),
  // kSignerBit when some rule names a signer, kCpeBit a CPE: evaluation reads only
  // those fields.
  static constexpr uint32_t kSignerBit = 1u;
  static constexpr uint32_t kCpeBit = 1u << 31;
  uint32_t identifier_kinds = 0;
  // IdentifierKey(kind, normal form) -> rules, for the exact kinds.
  absl::flat_hash_map<std::string, std::vector<uint32_t>> identifiers;
  // Signer key (normalised like vendors, without legal forms) -> rules.
  absl::flat_hash_map<std::string, std::vector<uint32_t>> signers;
  PrefixTrie bundle_id_prefixes;     // Normalised bundle id prefix -> rule.
  PrefixTrie install_path_prefixes;  // Normalised path prefix -> rule.
  // Install-path globs, reached through their longest literal segment: a path's
  // segments are looked up here (-> indexes into install_path_globs), and only those
  // globs run. Globs without a literal segment run on every path.
  std::vector<GlobRule> install_path_globs;
  absl::flat_hash_map<std::string, std::vector<uint32_t>> install_path_glob_segments;
  std::vector<uint32_t> unkeyed_install_path_globs;
  // CPE rules, reached through CpeKey (vendor, product) when the criteria name both
  // without wildcards, else run on every CPE (-> indexes into cpe_rules).
  std::vector<CpeRule> cpe_rules;
  absl::flat_hash_map<std::string, std::vector<uint32_t>> cpe_by_product;
  std::vector<uint32_t> unkeyed_cpe_rules;
};

// Buckets with more unprefixed regexes than this get an RE2::Set prefilter.
inline constexpr size_t kRegexPrefilterThreshold = 8;

// The key of PolicyIndex::identifiers: the kind's byte, then the normal form. Writes
// into `out` (capacity >= 1 + normal_form.size()).
absl::string_view IdentifierKey(IdentifierKind kind, absl::string_view normal_form, char* out);

// The key of `exact` for a bucket and a normalised name: 4 little-endian bytes of the
// bucket index, then the name. Writes into `out` (capacity >= 4 + name.size()).
absl::string_view ExactKey(uint32_t bucket, absl::string_view normalized_name, char* out);
std::string ExactKeyString(uint32_t bucket, absl::string_view normalized_name);

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_POLICY_INDEX_H_
