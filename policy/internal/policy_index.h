// File: policy/internal/policy_index.h
// -----------------------------------------------------------------------------
//
// The data of a compiled policy bundle: resolved policies, rules, timelines and
// exemptions, the entity table, and one index per selector family that leads from
// an artifact to its candidate rules without scanning:
//   - names       entity buckets and product names (name_index.h)
//   - packages    purl type, namespace and name (package_index.h)
//   - identifiers hashes, signers, Apple and MSI ids, paths, CPEs (identifier_index.h)
// Rules with `include_components` are also evaluated on every component
// (component_walk.h). Built once by the bundle compiler (bundle_compiler.h), then
// only read by evaluation (evaluation.h) and presentation (presentation.h).
//
// Thread safety: immutable after construction; safe to read from many threads.

#ifndef INTERDICT_POLICY_INTERNAL_POLICY_INDEX_H_
#define INTERDICT_POLICY_INTERNAL_POLICY_INDEX_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "absl/types/optional.h"
#include "interdict/v1/decision.pb.h"
#include "interdict/v1/policy.pb.h"
#include "policy/internal/entity_table.h"
#include "policy/internal/hot_lines.h"
#include "policy/internal/huge_pages.h"
#include "policy/internal/identifier_index.h"
#include "policy/internal/name_index.h"
#include "policy/internal/package_index.h"
#include "policy/internal/package_selector.h"
#include "policy/internal/scope.h"
#include "policy/internal/selector.h"
#include "policy/internal/string_arena.h"
#include "policy/internal/tag_dictionary.h"

namespace interdict {
namespace policy_internal {

// Evaluation reads a policy's scope and advisory flag from its rules' records
// (RuleInfo::*_mask and scope_conditions, scope.h).
struct PolicyInfo {
  bool advisory = false;
  std::string id;
  std::string title;
  std::string authority;
  std::string citation;
  std::string source_url;
};

// 40 bytes: a rule's steps share a cache line or two (labels, which only reports
// read, are stored once each in PolicyIndex::step_labels).
struct StepInfo {
  // Absolute start (for absolute timelines); for timelines relative to first sight,
  // the earliest start (Step.not_before, carried forward), InfinitePast when none.
  absl::Time at = absl::InfinitePast();
  // Offset from first sight (for first-seen timelines).
  absl::Duration after_first_seen;
  v1::Verdict verdict = v1::VERDICT_UNSPECIFIED;
  uint32_t label = 0;  // Into PolicyIndex::step_labels; 0 is no label.
};
static_assert(sizeof(StepInfo) <= 40, "evaluation reads a rule's steps together");

// The bit of `action` in RuleInfo::action_mask: 1 << action, and none for a value
// outside the enum (a host may cast any integer to v1::Action), which no rule governs.
inline uint32_t ActionBit(v1::Action action) {
  const uint32_t number = static_cast<uint32_t>(action);
  return number < 32 ? 1u << number : 0;
}

// The first cache line holds everything Consider reads of a candidate and, for a rule
// whose timeline is absolute and of at most kInlineSteps steps (most), of a match: the
// actions, the scope (its policy's masks and advisory flag copied, so that a
// candidate's policy record is read only when its scope has tags without bits), the
// exemptions it prefetches, the selector parts the indexes do not test, the
// timeline, and the rank that orders a decision's matches (in the second line, it
// cost a hit with several matches a cold line per match). The second line holds what
// package rules and other timelines add. Records start on a cache line, so a hit
// reads one line of most rules it considers (unaligned 176-byte records read two or
// three; benchmarks/README.md).
struct alignas(64) RuleInfo {
  uint32_t action_mask = 0;  // ActionBit of each action the rule governs.
  // The rest of the rule's scope, tested after the masks: 1 + an index into
  // PolicyIndex::scope_conditions (the policy's other conditions, those whose tags
  // have no bits among them, and the rule's own scope); 0 when there is none.
  uint32_t scope_conditions = 0;
  // The rule's exemptions (PolicyIndex::ExemptionsOf): rule_exemptions[first_exemption,
  // +count), or, when it has one, the exemption's index itself (one load less on a hit).
  uint32_t first_exemption = 0;
  uint32_t exemption_count = 0;
  bool include_components = false;
  // The policy's advisory flag, and the jurisdictions and organisation kinds it binds
  // as bit masks of their tags (tag_dictionary.h) when all have bits; zero: no such
  // condition here.
  bool advisory = false;
  bool relative_to_first_seen = false;
  bool residual_or_package = false;  // `residual` or `package` is set (second line).
  // A copy of an absolute timeline of at most kInlineSteps steps whose starts are
  // within int32 seconds of kInlineEpochUnixSeconds (civil instants have no
  // fraction): inline_step_count steps, so that a match reads its timeline from this
  // line instead of PolicyIndex::steps; 0 when the timeline is not copied.
  static constexpr uint32_t kInlineSteps = 3;
  static constexpr int64_t kInlineEpochUnixSeconds = 946684800;  // 2000-01-01T00:00:00Z
  uint8_t inline_step_count = 0;
  uint8_t inline_step_verdict[kInlineSteps] = {};  // v1::Verdict values.
  uint64_t jurisdiction_mask = 0;
  uint64_t organization_kind_mask = 0;
  // The version range and exclusions when the rule has either (null: any version, no
  // exclusions): its selector's, shared. Owned by PolicyIndex::rule_parts.
  const RuleRefinements* refinements = nullptr;
  int32_t inline_step_at[kInlineSteps] = {};  // Seconds after kInlineEpochUnixSeconds.
  uint32_t rank = 0;  // Position in (policy id, rule id) order.
  // The second cache line. Set for identifier rules (found through the identifier
  // index) that also name an entity or a product: those parts, checked once the
  // identifier has matched. Owned by PolicyIndex::rule_parts.
  const CompiledSelector* residual = nullptr;
  // Set for package rules (found through the package index); owned likewise.
  const PackageSelector* package = nullptr;
  uint32_t first_step = 0;  // Into PolicyIndex::steps.
  uint32_t step_count = 0;
  uint32_t policy = 0;
  v1::MatchBasis basis = v1::MATCH_BASIS_UNSPECIFIED;
  // The uses its policy's scope and its own limit it to (Scope.uses), for reports: 1 +
  // an index into PolicyIndex::use_lists; 0 when it is not use-limited.
  uint32_t uses = 0;
  // Views of PolicyIndex::text: a million-rule bundle would otherwise allocate a
  // string for most of these.
  absl::string_view id;
  absl::string_view citation;  // The rule's own pinpoint citation, possibly empty.
  absl::string_view matched_value;  // Entity id, normalised name/prefix, regex, or package.

  // The bytes evaluation reads of this rule: the first line, or both when the rule is
  // an identifier or package rule with a residual or a package, or its timeline is not
  // inline.
  size_t EvaluatedBytes() const {
    return inline_step_count != 0 && !residual_or_package ? offsetof(RuleInfo, residual)
                                                          : offsetof(RuleInfo, policy);
  }
};
static_assert(offsetof(RuleInfo, residual) == 64, "a candidate and most matches read one cache line");
static_assert(offsetof(RuleInfo, rank) + sizeof(RuleInfo::rank) <= 64, "ordering matches reads no second line");
static_assert(offsetof(RuleInfo, policy) <= 128, "evaluation reads at most two lines of a rule");

// What evaluation reads of an exemption is its first cache line, on a line boundary
// like RuleInfo; its assets and org units are one array, with their counts beside the
// window (two vectors there made it 96 bytes, two or three lines). 128 bytes in all.
struct alignas(64) ExemptionInfo {
  // Evaluation reads the first kEvaluatedBytes (and prefetches them when it considers
  // a rule with exemptions); the texts after them are for reports.
  static constexpr size_t kEvaluatedBytes = 64;
  // The artifact subset; null when the exemption covers whatever its rules match.
  std::unique_ptr<const CompiledSelector> artifacts;
  // What Cover set: assets() (sorted), then org_units() ('/'-paths).
  std::unique_ptr<std::string[]> covered;
  uint32_t asset_count = 0;
  uint32_t org_unit_count = 0;
  v1::Purpose purpose = v1::PURPOSE_UNSPECIFIED;
  bool blanket = false;
  absl::Time valid_from = absl::InfinitePast();
  absl::Time valid_until = absl::InfiniteFuture();  // Exclusive.
  // The texts are views of PolicyIndex::text.
  absl::string_view id;
  uint32_t policy = 0;  // The first policy it names (descriptions).
  absl::string_view approved_by;
  absl::string_view reference;

  absl::Span<const std::string> assets() const { return {covered.get(), asset_count}; }
  absl::Span<const std::string> org_units() const {
    return {covered.get() + asset_count, org_unit_count};
  }
  // Sets what the exemption covers: `assets` (sorted here) and `org_units`.
  void Cover(std::vector<std::string> assets, std::vector<std::string> org_units) {
    std::sort(assets.begin(), assets.end());
    asset_count = static_cast<uint32_t>(assets.size());
    org_unit_count = static_cast<uint32_t>(org_units.size());
    covered.reset(asset_count + org_unit_count == 0 ? nullptr
                                                    : new std::string[asset_count + org_unit_count]);
    std::move(assets.begin(), assets.end(), covered.get());
    std::move(org_units.begin(), org_units.end(), covered.get() + asset_count);
  }
};
static_assert(offsetof(ExemptionInfo, valid_until) + sizeof(absl::Time) <= ExemptionInfo::kEvaluatedBytes,
              "what evaluation reads of an exemption is its first cache line");
static_assert(sizeof(ExemptionInfo) == 128, "an exemption is two cache lines");

struct PolicyIndex {
  // Which compiled policy this is (set by CompiledPolicy; Decisions carry it).
  uint64_t generation = 0;
  // The text of the rules' and exemptions' ids, citations, matched values, approvers
  // and references.
  StringArena text;
  std::vector<PolicyInfo> policies;
  // Bits for the scope tags of all policies and rules.
  ScopeTags scope_tags;
  // Scope conditions beyond a policy's jurisdictions and organisation kinds
  // (RuleInfo::scope_conditions).
  std::vector<std::vector<ScopeCondition>> scope_conditions;
  // Lists of uses (RuleInfo::uses).
  std::vector<std::vector<std::string>> use_lists;
  LargeVector<RuleInfo> rules;
  // What RuleInfo::residual, RuleInfo::package and RuleInfo::refinements point to.
  LargeVector<std::shared_ptr<const void>> rule_parts;
  LargeVector<StepInfo> steps;
  // Distinct step labels; [0] is "" (no label).
  std::vector<std::string> step_labels{""};
  // Per step (parallel to `steps`): how the text wrote its start when that is a civil
  // time outside UTC ("2024-09-29 00:00 America/New_York"), as an index into
  // step_time_texts, whose [0] is "" (none). Read only for explanations.
  LargeVector<uint32_t> step_time_text;
  std::vector<std::string> step_time_texts{""};
  LargeVector<ExemptionInfo> exemptions;  // Sorted by id.
  // Per rule with more than one exemption, their indexes in id order (ExemptionsOf).
  LargeVector<uint32_t> rule_exemptions;
  EntityTable entities;
  NameIndex names;
  // Per entity (and group), the lines a hit on it reads after its bucket, which
  // evaluation prefetches once it knows the entity (hot_lines.h).
  LargeVector<HotLines> hot_lines;
  PackageIndex packages;
  IdentifierIndex identifiers;
  // Whether some rule has include_components, how deep such rules look, and at how
  // many components of an artifact.
  bool has_component_rules = false;
  uint32_t max_component_depth = 0;
  size_t max_components = 0;
  // The indexes of `rule`'s exemptions (rule.exemption_count of them), in id order.
  const uint32_t* ExemptionsOf(const RuleInfo& rule) const {
    return rule.exemption_count == 1 ? &rule.first_exemption
                                     : rule_exemptions.data() + rule.first_exemption;
  }
};

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_POLICY_INDEX_H_
