// File: policy/internal/rule_checks.h
// -----------------------------------------------------------------------------
//
// The tests a candidate rule passes before it matches, shared by the evaluate path
// (evaluation.h), which stops at the first that fails, and the candidate trace
// (candidate_trace.h), which says which one it was:
//   - AskNameGates: whether the artifact's vendor may name an entity and its name
//     may match a product-only rule, asked once per artifact;
//   - ResolveArtifactEntity: the one entity (or group) the artifact belongs to;
//   - RuleScopeFit: whether the rule's policy and its own scope bind the context;
//   - CheckSelectorParts: the parts of its selector the indexes do not test
//     (an identifier rule's entity and product, exclusions, version and vers ranges).
// A rule's actions are bits of RuleInfo::action_mask (ActionBit).
//
// Example:
//
//   const NameGates gates = AskNameGates(index, artifact.view());
//   ResolveArtifactEntity(index, gates, artifact);
//   index.names.Visit(artifact, gates.name_may_match_without_entity, consider);
//   ContextScope scope(index.scope_tags, context);
//   if (RuleScopeFit(index, rule, scope) != ScopeFit::kOutside &&
//       CheckSelectorParts(rule_index, rule, artifact) == SelectorCheck::kHolds) { ... }
//
// Thread safety: reads the index only; the artifact and scope belong to one
// evaluation.

#ifndef INTERDICT_POLICY_INTERNAL_RULE_CHECKS_H_
#define INTERDICT_POLICY_INTERNAL_RULE_CHECKS_H_

#include <cstdint>

#include "absl/base/attributes.h"
#include "absl/types/optional.h"
#include "policy/decision.h"
#include "policy/internal/evaluated_artifact.h"
#include "policy/internal/policy_index.h"
#include "policy/internal/prefetch.h"
#include "policy/internal/scope.h"

namespace interdict {
namespace policy_internal {

// What the gates on first normalised bytes say of an artifact; a false is certain.
struct NameGates {
  bool vendor_may_name_entity = true;        // EntityTable::MayNameAnEntity(vendor)
  bool name_may_match_without_entity = true;  // NameIndex::MayMatchWithoutEntity(name)
};

ABSL_ATTRIBUTE_ALWAYS_INLINE inline NameGates AskNameGates(const PolicyIndex& index,
                                                           const ArtifactView& view) {
  return {index.entities.MayNameAnEntity(view.vendor),
          index.names.MayMatchWithoutEntity(view.name)};
}

// The artifact's entity: named by its vendor string (when `gates` let it) or, failing
// that, by its identifiers, signer, CPE or purl (EntityTable::ResolveByOtherFields).
// One entity (or group) at most, so an artifact visits at most one entity bucket.
// Starts loading the entity's hot lines (hot_lines.h) as soon as it is known: for a
// vendor string, when the table names a candidate, before its key is compared.
ABSL_ATTRIBUTE_ALWAYS_INLINE inline void ResolveArtifactEntity(const PolicyIndex& index,
                                                               const NameGates& gates,
                                                               EvaluatedArtifact& artifact) {
  const ArtifactView& view = artifact.view();
  uint32_t entity = Decision::kNone;
  if (gates.vendor_may_name_entity) {
    const size_t hash = index.entities.StartLookUp(view.vendor);
    // While the slot arrives: the normalised name, which the entity's bucket reads
    // first. Not for a name that might be too long to normalise (a UTF-8 character
    // folds to at most three bytes): that one reports a problem, only if a rule needs it.
    if (view.name.size() <= kMaxNormalizedNameBytes / 3) artifact.NormalizedName();
    entity = index.entities.LookUp(view.vendor, hash,
                                   [&index](uint32_t candidate) { index.hot_lines[candidate].PrefetchList(); });
  }
  if (entity != Decision::kNone) {
    artifact.set_entity({entity, EntityTable::kByVendor});
  } else if (index.entities.MayResolveOtherwise(view)) {
    artifact.set_entity(index.entities.ResolveByOtherFields(artifact));
  }
  if (artifact.entity() != Decision::kNone) index.hot_lines[artifact.entity()].Prefetch();
}

// Whether the rule binds the context: the masks copied into its record (a zero mask
// is no condition), then the rest of its policy's scope and its own, if any.
ABSL_ATTRIBUTE_ALWAYS_INLINE inline ScopeFit RuleScopeFit(const PolicyIndex& index, const RuleInfo& rule,
                                                          ContextScope& scope) {
  if (rule.jurisdiction_mask != 0 &&
      (rule.jurisdiction_mask & scope.Mask(ScopeDimension::kJurisdiction)) == 0) {
    return ScopeFit::kOutside;
  }
  if (rule.organization_kind_mask != 0 &&
      (rule.organization_kind_mask & scope.Mask(ScopeDimension::kOrganizationKind)) == 0) {
    return ScopeFit::kOutside;
  }
  if (rule.scope_conditions == 0) return ScopeFit::kInside;
  return scope.Fit(index.scope_conditions[rule.scope_conditions - 1]);
}

// The first per-candidate selector part a rule's candidate fails, in the order they
// are tested.
enum class SelectorCheck : uint8_t {
  kHolds,
  kResidual,        // An identifier rule's entity or product.
  kExcluded,        // One of its exclude_products matches the name.
  kVersion,         // The version is outside the range, absent or unreadable.
  kPackageVersion,  // The purl's version is outside the vers range or unreadable.
};

// Tests the candidate's per-candidate selector parts: an identifier rule's entity and
// product, exclusions, the version range, a package rule's vers range. A version that
// does not parse is reported as the artifact's problem with the rule.
ABSL_ATTRIBUTE_ALWAYS_INLINE inline SelectorCheck CheckSelectorParts(uint32_t rule_index,
                                                                     const RuleInfo& rule,
                                                                     EvaluatedArtifact& artifact) {
  // The residual and the package are on the record's second line, read only for rules
  // that have one.
  if (rule.residual_or_package && rule.residual != nullptr) {
    UnreadableField unused;
    if (!rule.residual->Matches(artifact, &unused)) return SelectorCheck::kResidual;
  }
  UnreadableField unreadable;
  if (rule.refinements != nullptr) {
    if (rule.refinements->Excludes(artifact)) return SelectorCheck::kExcluded;
    if (!rule.refinements->AdmitsVersion(artifact, &unreadable)) {
      if (unreadable.problem != nullptr) {
        artifact.Report(rule_index, Decision::kNone, unreadable, artifact.view().version);
      }
      return SelectorCheck::kVersion;
    }
  }
  if (rule.residual_or_package && rule.package != nullptr) {
    // Package rules are reached only through the package index, with a parsed purl.
    const char* problem = nullptr;
    const VersionMembership in_vers = rule.package->ClassifyVersion(*artifact.Purl(), &problem);
    if (!AdmitVersion(in_vers, v1::ARTIFACT_PURL_VERSION, rule.package->scheme(), problem, &unreadable)) {
      if (unreadable.problem != nullptr) {
        artifact.Report(rule_index, Decision::kNone, unreadable, artifact.TextOf(v1::ARTIFACT_PURL_VERSION));
      }
      return SelectorCheck::kPackageVersion;
    }
  }
  return SelectorCheck::kHolds;
}

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_RULE_CHECKS_H_
