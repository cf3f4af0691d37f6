// The candidate trace (candidate_trace.h).
#include "policy/internal/candidate_trace.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/types/span.h"
#include "policy/internal/component_walk.h"
#include "policy/internal/evaluated_artifact.h"
#include "policy/internal/rule_checks.h"

namespace interdict {
namespace policy_internal {
namespace {

const char* DimensionName(ScopeDimension dimension) {
  switch (dimension) {
    case ScopeDimension::kJurisdiction:
      return "jurisdictions";
    case ScopeDimension::kOrganizationKind:
      return "organisation kinds";
    case ScopeDimension::kAssetKind:
      return "asset kinds";
    case ScopeDimension::kUse:
      return "uses";
  }
  return "";
}

std::string Quoted(absl::string_view text) { return absl::StrCat("\"", text, "\""); }

class Tracer {
 public:
  Tracer(const PolicyIndex& index, const ContextView& context, std::vector<CandidateTrace>* out)
      : index_(index), context_(context), scope_(index.scope_tags, context), out_(*out) {}

  // Traces `artifact`; with `components_only`, only rules with include_components.
  void Trace(const ArtifactView& artifact, absl::Span<const absl::string_view> path, bool components_only) {
    std::vector<Decision::ArtifactProblem> problems;
    EvaluatedArtifact evaluated(artifact, &problems);
    const NameGates gates = AskNameGates(index_, artifact);
    ResolveArtifactEntity(index_, gates, evaluated);
    std::vector<uint32_t> candidates;
    const auto add = [&candidates](uint32_t rule) { candidates.push_back(rule); };
    index_.names.Visit(evaluated, gates.name_may_match_without_entity, add);
    if (!index_.packages.empty() && !artifact.purl.empty()) index_.packages.Visit(evaluated, add);
    if (!index_.identifiers.empty()) index_.identifiers.Visit(evaluated, add);
    std::vector<uint32_t> filed;
    if (evaluated.entity() != Decision::kNone) index_.names.AppendRulesOf(evaluated.entity(), &filed);
    const auto by_rank = [this](uint32_t a, uint32_t b) { return index_.rules[a].rank < index_.rules[b].rank; };
    for (std::vector<uint32_t>* rules : {&candidates, &filed}) {
      std::sort(rules->begin(), rules->end(), by_rank);
      rules->erase(std::unique(rules->begin(), rules->end()), rules->end());
    }
    std::vector<uint32_t> all;
    std::merge(candidates.begin(), candidates.end(), filed.begin(), filed.end(), std::back_inserter(all), by_rank);
    all.erase(std::unique(all.begin(), all.end()), all.end());
    for (uint32_t rule : all) {
      if (components_only && !index_.rules[rule].include_components) continue;
      CandidateTrace trace;
      trace.rule = rule;
      for (absl::string_view name : path) trace.component_path.emplace_back(name);
      if (std::binary_search(candidates.begin(), candidates.end(), rule, by_rank)) {
        Check(rule, evaluated, &trace);
      } else {
        trace.outcome = CandidateOutcome::kProductNotMatched;
        trace.detail = ProductDetail(index_.rules[rule]);
      }
      out_.push_back(std::move(trace));
    }
  }

 private:
  void Check(uint32_t rule_index, EvaluatedArtifact& artifact, CandidateTrace* trace) {
    const RuleInfo& rule = index_.rules[rule_index];
    if ((rule.action_mask & ActionBit(context_.action)) == 0) {
      trace->outcome = CandidateOutcome::kActionNotGoverned;
      std::vector<std::string> actions;
      for (int action = 0; action < 32; ++action) {
        if ((rule.action_mask >> action) & 1) actions.push_back(v1::Action_Name(static_cast<v1::Action>(action)));
      }
      const std::string asked = v1::Action_IsValid(context_.action)
                                    ? v1::Action_Name(context_.action)
                                    : absl::StrCat(static_cast<int>(context_.action), " (no Action)");
      trace->detail = absl::StrCat("governs ", absl::StrJoin(actions, ", "), ", not ", asked);
      return;
    }
    if (RuleScopeFit(index_, rule, scope_) == ScopeFit::kOutside) {
      trace->outcome = CandidateOutcome::kOutOfScope;
      trace->detail = ScopeDetail(rule);
      return;
    }
    switch (CheckSelectorParts(rule_index, rule, artifact)) {
      case SelectorCheck::kHolds:
        trace->outcome = CandidateOutcome::kMatched;
        return;
      case SelectorCheck::kResidual:
        trace->outcome = CandidateOutcome::kIdentifierRuleNotMet;
        trace->detail = ResidualDetail(*rule.residual, artifact);
        return;
      case SelectorCheck::kExcluded:
        trace->outcome = CandidateOutcome::kExcluded;
        trace->detail = ExclusionDetail(rule, artifact);
        return;
      case SelectorCheck::kVersion:
        VersionDetail(rule, artifact.view().version, trace);
        return;
      case SelectorCheck::kPackageVersion:
        PackageVersionDetail(rule, artifact, trace);
        return;
    }
  }

  // The first scope condition that fails, as RuleScopeFit tests them.
  std::string ScopeDetail(const RuleInfo& rule) {
    if (rule.jurisdiction_mask != 0 &&
        (rule.jurisdiction_mask & scope_.Mask(ScopeDimension::kJurisdiction)) == 0) {
      return Condition(ScopeDimension::kJurisdiction, false,
                       index_.scope_tags.of(ScopeDimension::kJurisdiction).TagsOf(rule.jurisdiction_mask));
    }
    if (rule.organization_kind_mask != 0 &&
        (rule.organization_kind_mask & scope_.Mask(ScopeDimension::kOrganizationKind)) == 0) {
      return Condition(ScopeDimension::kOrganizationKind, false,
                       index_.scope_tags.of(ScopeDimension::kOrganizationKind).TagsOf(rule.organization_kind_mask));
    }
    for (const ScopeCondition& condition : index_.scope_conditions[rule.scope_conditions - 1]) {
      if (condition.dimension == ScopeDimension::kUse && context_.uses.empty()) continue;
      if (scope_.Holds(condition)) continue;
      return Condition(condition.dimension, condition.exclude,
                       condition.masked ? index_.scope_tags.of(condition.dimension).TagsOf(condition.mask)
                                        : condition.tags);
    }
    return "";
  }

  // "binds jurisdictions EU, NL; the context has US" or "excludes asset kinds ...".
  std::string Condition(ScopeDimension dimension, bool exclude, const std::vector<std::string>& tags) const {
    const absl::Span<const absl::string_view> context_tags = scope_.Tags(dimension);
    // A host's tag may be a default string_view, whose null data the default join
    // would hand to memcpy.
    const auto append = [](std::string* out, absl::string_view tag) { out->append(tag.data(), tag.size()); };
    return absl::StrCat(exclude ? "excludes " : "binds ", DimensionName(dimension), " ", absl::StrJoin(tags, ", "),
                        "; the context has ",
                        context_tags.empty() ? std::string("none") : absl::StrJoin(context_tags, ", ", append));
  }

  static std::string ProductDetail(const RuleInfo& rule) {
    const char* kind = rule.basis == v1::PRODUCT_EXACT    ? "name"
                       : rule.basis == v1::PRODUCT_PREFIX ? "prefix"
                                                          : "regex";
    return absl::StrCat("its product ", kind, " ", Quoted(rule.matched_value), " does not meet the name");
  }

  std::string ResidualDetail(const CompiledSelector& selector, const EvaluatedArtifact& artifact) const {
    if (!selector.entities.empty() &&
        !std::binary_search(selector.entities.begin(), selector.entities.end(), artifact.entity())) {
      return absl::StrCat("an identifier matched, but the artifact does not belong to ",
                          index_.entities.id(selector.entities.front()));
    }
    return absl::StrCat("an identifier matched, but the name does not meet its product ",
                        Quoted(selector.product.has_value() ? selector.product->value() : ""));
  }

  // For a rule with refinements (only those exclude a product or a version).
  static std::string ExclusionDetail(const RuleInfo& rule, EvaluatedArtifact& artifact) {
    const absl::optional<absl::string_view> name = artifact.NormalizedName();
    for (const ProductPattern& exclusion : rule.refinements->exclusions) {
      if (exclusion.Matches(artifact.view().name, name)) {
        return absl::StrCat("exclude_products ", Quoted(exclusion.value()), " matches the name");
      }
    }
    return "";
  }

  // For a rule with refinements, as ExclusionDetail.
  static void VersionDetail(const RuleInfo& rule, absl::string_view version, CandidateTrace* trace) {
    const VersionRange& range = rule.refinements->version;
    const char* problem = nullptr;
    if (range.Classify(version, &problem) == VersionMembership::kUnreadable) {
      trace->outcome = CandidateOutcome::kVersionUnreadable;
      trace->detail = absl::StrCat("version ", Quoted(version), " is not a valid ",
                                   v1::VersionScheme_Name(range.scheme()), " version: ", problem);
      return;
    }
    trace->outcome = CandidateOutcome::kVersionNotInRange;
    trace->detail = version.empty() ? absl::StrCat("no version; the rule covers ", range.Describe())
                                    : absl::StrCat("version ", Quoted(version), " is not in ", range.Describe());
  }

  static void PackageVersionDetail(const RuleInfo& rule, EvaluatedArtifact& artifact, CandidateTrace* trace) {
    const PackageUrlView& purl = *artifact.Purl();
    // The version as compared: with an rpm purl's epoch qualifier ("1:3.1.4-1").
    const absl::string_view version = purl.full_version;
    const char* problem = nullptr;
    if (rule.package->ClassifyVersion(purl, &problem) == VersionMembership::kUnreadable) {
      trace->outcome = CandidateOutcome::kPackageVersionUnreadable;
      trace->detail = absl::StrCat("purl version ", Quoted(version), " is not a valid ",
                                   v1::VersionScheme_Name(rule.package->scheme()), " version: ", problem);
      return;
    }
    trace->outcome = CandidateOutcome::kPackageVersionNotInRange;
    trace->detail = absl::StrCat(version.empty() ? std::string("the purl has no version")
                                                 : absl::StrCat("purl version ", Quoted(version)),
                                 "; the rule covers ", rule.package->description());
  }

  const PolicyIndex& index_;
  const ContextView& context_;
  ContextScope scope_;
  std::vector<CandidateTrace>& out_;
};

}  // namespace

std::vector<CandidateTrace> TraceCandidates(const PolicyIndex& index, const ArtifactView& artifact,
                                            const ContextView& context) {
  std::vector<CandidateTrace> out;
  Tracer tracer(index, context, &out);
  tracer.Trace(artifact, absl::Span<const absl::string_view>(), /*components_only=*/false);
  if (index.has_component_rules && !artifact.components.empty()) {
    WalkComponents(artifact, index.max_component_depth, index.max_components,
                   [&](const ArtifactView& component, absl::Span<const absl::string_view> path) {
                     tracer.Trace(component, path, /*components_only=*/true);
                   });
  }
  return out;
}

}  // namespace policy_internal
}  // namespace interdict
