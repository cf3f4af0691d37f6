// File: policy/internal/selector.h
// -----------------------------------------------------------------------------
//
// One compiled interdict.v1.Selector, made of the parts each selector family
// validates: entities (entity_table.h), product and exclusions (name_index.h),
// version range, package (package_index.h), identifiers (identifier_selector.h)
// and `include_components` (component_walk.h). SelectorCompiler checks how the
// parts combine and delegates each part to its family.
//
// Rules use the compiled parts to be placed in the family indexes; exemption
// artifact subsets, and the entity and product parts of identifier rules, are
// checked per candidate with CompiledSelector::Matches.
//
// Example:
//
//   SelectorCompiler compiler(entities, &regexes, &issues);
//   CompiledSelector selector;
//   if (compiler.Compile([] { return "exemptions[0].artifacts"; }, proto, &selector)) {
//     UnreadableField unreadable;
//     bool in_subset = selector.Matches(artifact, &unreadable);
//   }
//
// Thread safety: SelectorCompiler is thread-hostile; a CompiledSelector is immutable
// once compiled and Matches is safe from many threads.

#ifndef INTERDICT_POLICY_INTERNAL_SELECTOR_H_
#define INTERDICT_POLICY_INTERNAL_SELECTOR_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/types/optional.h"
#include "interdict/v1/policy.pb.h"
#include "policy/internal/entity_table.h"
#include "policy/internal/evaluated_artifact.h"
#include "policy/internal/identifier_selector.h"
#include "policy/internal/issue_collector.h"
#include "policy/internal/package_selector.h"
#include "policy/internal/product_pattern.h"
#include "policy/internal/product_regex.h"
#include "policy/internal/version_range.h"

namespace interdict {
namespace policy_internal {

// A selector's version range and excluded products. Most selectors have neither, and
// a VersionRange is large (two strings and two 56-byte keys): a selector that has them
// points here, and a rule shares its selector's (RuleInfo::refinements), so that a
// compile of a million rules neither copies nor keeps a range per rule twice.
struct RuleRefinements {
  // First: evaluation reads whether there are exclusions, then the version range's
  // flags and keys (version_range.h), which follow in the next lines.
  std::vector<ProductPattern> exclusions;
  VersionRange version;

  // Whether one of the exclusions matches the artifact's name.
  bool Excludes(EvaluatedArtifact& artifact) const {
    if (exclusions.empty()) return false;
    const absl::optional<absl::string_view> name = artifact.NormalizedName();
    for (const ProductPattern& exclusion : exclusions) {
      if (exclusion.Matches(artifact.view().name, name)) return true;
    }
    return false;
  }

  // Whether the artifact's version is in the range; when it does not parse, false
  // with `*unreadable` filled.
  bool AdmitsVersion(EvaluatedArtifact& artifact, UnreadableField* unreadable) const {
    const char* problem = nullptr;
    const VersionMembership membership = artifact.ClassifyVersion(version, &problem);
    return AdmitVersion(membership, v1::ARTIFACT_VERSION, version.scheme(), problem, unreadable);
  }
};

struct CompiledSelector {
  // The selector's entity and the related entities it reaches, sorted; empty: any.
  EntityList entities;
  absl::optional<ProductPattern> product;
  // Null: any version, no exclusions.
  std::shared_ptr<const RuleRefinements> refinements;
  std::shared_ptr<const PackageSelector> package;
  // The selector's identifiers, when it lists any (null: no constraint). Apart, so that
  // the compile's selector per rule stays small: few rules name identifiers.
  struct Identifiers {
    // Any one of these must match.
    std::vector<IdentifierSelector> any_of;
    // "sha256 ab12..., team_id 2Y8XE5CQ94" for reports.
    std::string description;
  };
  std::unique_ptr<const Identifiers> identifiers;
  bool include_components = false;

  // Whether `artifact` (whose entity is resolved) is selected. When a field the
  // selector needs does not parse, returns false and fills `*unreadable` (otherwise
  // left alone).
  bool Matches(EvaluatedArtifact& artifact, UnreadableField* unreadable) const;
};

class SelectorCompiler {
 public:
  // All three must outlive the compiler.
  SelectorCompiler(const EntityTable::Builder& entities, ProductRegexCache* regexes,
                   IssueCollector* issues);

  // Validates `select`, the selector whose path `path()` gives (built only to report an
  // issue), into `*out`. Returns false, with every error reported, when some part is
  // invalid or the parts do not combine.
  bool Compile(absl::FunctionRef<std::string()> path, const v1::Selector& select, CompiledSelector* out);

 private:
  // A compiled version range and its bound warnings.
  struct SharedRange {
    // Refinements of the range alone (no exclusions), shared by every selector without
    // exclusions that has the range; null when it is unbounded.
    std::shared_ptr<const RuleRefinements> refinements;
    std::vector<std::string> warnings;
  };

  // `version` compiled once per distinct range (a catalog repeats a few ranges over
  // many rules; a million-rule bundle would otherwise hold a copy per rule). Reports
  // the range's warnings at `path().version` on every call, so that each selector hears
  // them; null, with the error reported there, when the range is invalid. The pointer
  // is valid until the next call.
  const SharedRange* CompileVersion(absl::FunctionRef<std::string()> path, const v1::VersionRange& version);

  const EntityTable::Builder& entities_;
  ProductRegexCache* regexes_;
  IssueCollector* issues_;
  // The ranges compiled so far, keyed by their fields (range_key_ is the reused buffer
  // that spells a key).
  absl::flat_hash_map<std::string, SharedRange> compiled_ranges_;
  std::string range_key_;
};

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_SELECTOR_H_
