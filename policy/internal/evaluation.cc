// The evaluate path (evaluation.h).
#include "policy/internal/evaluation.h"

#include <algorithm>
#include <vector>

#include "absl/base/attributes.h"
#include "absl/types/span.h"
#include "policy/internal/component_walk.h"
#include "policy/internal/decision_writer.h"
#include "policy/internal/evaluated_artifact.h"
#include "policy/internal/identifier.h"
#include "policy/internal/prefetch.h"
#include "policy/internal/rule_checks.h"

namespace interdict {
namespace policy_internal {
namespace {

bool OrgUnitCovers(absl::string_view covering, absl::string_view unit) {
  if (unit.size() < covering.size() || unit.substr(0, covering.size()) != covering) return false;
  return unit.size() == covering.size() || unit[covering.size()] == '/';
}

bool AssetCovered(const ExemptionInfo& exemption, const ContextView& context) {
  if (exemption.blanket) return true;
  if (!context.asset_id.empty() &&
      std::binary_search(exemption.assets().begin(), exemption.assets().end(), context.asset_id,
                         [](absl::string_view a, absl::string_view b) { return a < b; })) {
    return true;
  }
  if (context.org_unit.empty()) return false;
  for (const std::string& unit : exemption.org_units()) {
    if (OrgUnitCovers(unit, context.org_unit)) return true;
  }
  return false;
}

v1::Verdict Cap(v1::Verdict verdict, bool advisory) {
  return advisory && verdict == v1::DENY ? v1::WARN : verdict;
}

// The state of one evaluation of an artifact or a component.
class Evaluation {
 public:
  // `gates` are AskNameGates(index, artifact). With `components_only`, the artifact is
  // a component: only include_components rules are considered, and not those that
  // already matched.
  Evaluation(const PolicyIndex& index, const ArtifactView& artifact, const NameGates& gates,
             const ContextView& context, DecisionWriter& decision, bool components_only)
      : components_only_(components_only),
        gates_(gates),
        index_(index),
        artifact_(artifact, &decision.artifact_problems()),
        context_(context),
        decision_(decision) {}

  // The entity the artifact belongs to and how it was found (valid after Run).
  const EntityResolution& entity() const { return artifact_.entity_resolution(); }

  // Inlined into EvaluateCandidates: one frame less is a measurable part of the cost
  // of the artifacts the gates let through.
  ABSL_ATTRIBUTE_ALWAYS_INLINE void Run() {
    // Also asks for the entity's hot lines: the bucket's lines arrive one after another
    // as each names the next.
    ResolveArtifactEntity(index_, gates_, artifact_);
    index_.names.Visit(artifact_, gates_.name_may_match_without_entity,
                       [this](uint32_t rule) { Consider(rule); });
    if (!index_.packages.empty() && !artifact_.view().purl.empty()) {
      index_.packages.Visit(artifact_, [this](uint32_t rule) { Consider(rule); });
    }
    // A rule can be reached through several of its identifiers; it is considered once.
    if (!index_.identifiers.empty()) {
      index_.identifiers.Visit(artifact_, [this](uint32_t rule) { ConsiderOnce(rule); });
    }
  }

 private:
  // Consider for rules reachable through several identifiers: not twice.
  void ConsiderOnce(uint32_t rule) {
    for (uint32_t i = 0; i < considered_count_; ++i) {
      if (considered_[i] == rule) return;
    }
    if (considered_count_ < kConsideredCapacity) {
      considered_[considered_count_++] = rule;
    } else {
      for (const Decision::Match& match : decision_.matches()) {
        if (match.rule == rule) return;
      }
    }
    Consider(rule);
  }

  void Consider(uint32_t rule_index) {
    const RuleInfo& rule = index_.rules[rule_index];
    if ((rule.action_mask & ActionBit(context_.action)) == 0) return;
    if (components_only_) {
      if (!rule.include_components) return;
      for (const Decision::Match& match : decision_.matches()) {
        if (match.rule == rule_index) return;
      }
    }
    const ScopeFit fit = RuleScopeFit(index_, rule, context_scope_);
    if (fit == ScopeFit::kOutside) return;
    if (rule.exemption_count != 0) PrefetchExemptions(rule);
    if (CheckSelectorParts(rule_index, rule, artifact_) != SelectorCheck::kHolds) return;
    // Filled in place: nothing below adds to matches().
    Decision::Match& match = decision_.matches().emplace_back();
    match.rule = rule_index;
    ApplyTimeline(rule, &match);
    if (match.state == v1::IN_FORCE && match.verdict != v1::ALLOW) ApplyExemptions(rule, &match);
    if (fit == ScopeFit::kUsesUnstated) {
      // Use-limited, and the context does not say what the asset is used for: the rule
      // applies only if it serves one of the uses, so the step's verdict is reported and
      // the match counts at most as WARN (review).
      match.uses_unstated = true;
      if (match.state == v1::IN_FORCE) {
        match.state = v1::CONDITIONAL;
        match.verdict_if_used = match.verdict;
        match.verdict = std::min(match.verdict, v1::WARN);
      }
    }
  }

  // The rule's state at the instant: the last step that has begun, if any, and the next.
  void ApplyTimeline(const RuleInfo& rule, Decision::Match* match) {
    if (rule.inline_step_count != 0) {
      ApplySteps(
          rule, rule.inline_step_count, match,
          [&rule](uint32_t i) {
            return absl::FromUnixSeconds(RuleInfo::kInlineEpochUnixSeconds + rule.inline_step_at[i]);
          },
          [&rule](uint32_t i) { return static_cast<v1::Verdict>(rule.inline_step_verdict[i]); });
      return;
    }
    const StepInfo* steps = index_.steps.data() + rule.first_step;
    const absl::Time base = artifact_.view().first_seen.value_or(context_.instant);
    ApplySteps(
        rule, rule.step_count, match,
        [&](uint32_t i) {
          // Relative steps start at first sight plus their offset, not before their floor.
          return rule.relative_to_first_seen ? std::max(base + steps[i].after_first_seen, steps[i].at)
                                             : steps[i].at;
        },
        [steps](uint32_t i) { return steps[i].verdict; });
  }

  // ApplyTimeline over `count` steps whose starts and verdicts `start_of(i)` and
  // `verdict_of(i)` give.
  template <typename StartOf, typename VerdictOf>
  void ApplySteps(const RuleInfo& rule, uint32_t count, Decision::Match* match, StartOf start_of,
                  VerdictOf verdict_of) {
    uint32_t current = Decision::kNone;
    for (uint32_t i = 0; i < count && start_of(i) <= context_.instant; ++i) current = i;
    const uint32_t next = current == Decision::kNone ? 0 : current + 1;
    if (next < count) {
      match->next_step_at = start_of(next);
      match->next_step_verdict = Cap(verdict_of(next), rule.advisory);
      decision_.LowerNextChange(match->next_step_at);
    }
    if (current == Decision::kNone) {
      match->state = v1::PENDING;
      match->verdict = v1::ALLOW;
    } else {
      match->state = v1::IN_FORCE;
      match->step_index = current;
      match->in_force_since = start_of(current);
      match->verdict = Cap(verdict_of(current), rule.advisory);
    }
  }

  // Starts loading what ApplyExemptions reads first while the selector's parts and the
  // timeline are checked: on a hit, the exemptions are the end of the longest chain of
  // dependent loads (rule, exemption, its assets).
  void PrefetchExemptions(const RuleInfo& rule) {
    if (rule.exemption_count > 1) {
      PrefetchForRead(index_.rule_exemptions.data() + rule.first_exemption);
      return;
    }
    // What evaluation reads of an exemption is the first line of its record.
    static_assert(ExemptionInfo::kEvaluatedBytes <= 64 && alignof(ExemptionInfo) == 64, "one line");
    PrefetchForRead(&index_.exemptions[rule.first_exemption]);
  }

  void ApplyExemptions(const RuleInfo& rule, Decision::Match* match) {
    const uint32_t* exemptions = index_.ExemptionsOf(rule);
    for (uint32_t i = 0; i < rule.exemption_count; ++i) {
      const uint32_t exemption_index = exemptions[i];
      const ExemptionInfo& exemption = index_.exemptions[exemption_index];
      Decision::ExemptionOutcome outcome;
      outcome.exemption = exemption_index;
      outcome.rule = match->rule;
      // Every test, so that a rejection gives all its reasons (artifact, asset,
      // purpose, window: the first is the outcome's reason).
      UnreadableField unreadable;
      if (exemption.artifacts != nullptr && !exemption.artifacts->Matches(artifact_, &unreadable)) {
        Reject(v1::ARTIFACT_NOT_COVERED, &outcome);
        if (unreadable.problem != nullptr) {
          artifact_.Report(match->rule, exemption_index, unreadable,
                           artifact_.TextOf(unreadable.field));
        }
      }
      if (!AssetCovered(exemption, context_)) Reject(v1::ASSET_NOT_COVERED, &outcome);
      if (context_.purpose != v1::PURPOSE_UNSPECIFIED && context_.purpose != exemption.purpose) {
        Reject(v1::PURPOSE_MISMATCH, &outcome);
      }
      const bool otherwise_applies = outcome.reasons == 0;
      if (context_.instant < exemption.valid_from) {
        Reject(v1::NOT_YET_VALID, &outcome);
        // Its start changes the decision only when nothing else stands in its way.
        if (otherwise_applies) decision_.LowerNextChange(exemption.valid_from);
      } else if (context_.instant >= exemption.valid_until) {
        Reject(v1::EXPIRED, &outcome);
      }
      if (outcome.reasons == 0) {
        outcome.applied = true;
        decision_.LowerNextChange(exemption.valid_until);
        if (match->exemption == Decision::kNone) {
          match->exemption = exemption_index;
          match->state = v1::EXEMPTED;
          match->verdict = v1::ALLOW;
        }
      }
      decision_.exemptions().push_back(outcome);
    }
  }

  static void Reject(v1::RejectionReason reason, Decision::ExemptionOutcome* outcome) {
    if (outcome->reasons == 0) outcome->reason = reason;
    outcome->reasons |= 1u << reason;
  }

  const bool components_only_;
  const NameGates gates_;
  const PolicyIndex& index_;
  EvaluatedArtifact artifact_;
  const ContextView& context_;
  DecisionWriter& decision_;
  ContextScope context_scope_{index_.scope_tags, context_};
  static constexpr uint32_t kConsideredCapacity = 16;
  uint32_t considered_[kConsideredCapacity];
  uint32_t considered_count_ = 0;
};

// Evaluates the include_components rules on every component of `artifact`.
void EvaluateComponents(const PolicyIndex& index, const ArtifactView& artifact,
                        const ContextView& context, DecisionWriter& decision) {
  const ComponentWalkEnd end = WalkComponents(
      artifact, index.max_component_depth, index.max_components,
      [&](const ArtifactView& component, absl::Span<const absl::string_view> path) {
        std::vector<Decision::Match>& matches = decision.matches();
        const size_t first_new = matches.size();
        Evaluation(index, component, AskNameGates(index, component), context, decision,
                   /*components_only=*/true)
            .Run();
        if (matches.size() == first_new) return;
        std::vector<absl::string_view>& names = decision.component_path_names();
        const uint32_t first_name = static_cast<uint32_t>(names.size());
        names.insert(names.end(), path.begin(), path.end());
        for (size_t m = first_new; m < matches.size(); ++m) {
          matches[m].component_path_first = first_name;
          matches[m].component_path_size = static_cast<uint32_t>(path.size());
        }
      });
  if (end.too_deep || end.too_many) {
    Decision::ArtifactProblem problem;
    problem.field = v1::ARTIFACT_COMPONENTS;
    problem.value = artifact.name;
    problem.problem =
        end.too_many
            ? "components past the first CompileOptions::max_components were not examined"
            : "components nested deeper than CompileOptions::max_component_depth were not examined";
    decision.artifact_problems().push_back(problem);
  }
}

// Orders `matches` by their rules' ranks (in the line of each record that Consider
// read): a few by insertion, each rule's rank read once into a stack array; more by
// std::sort.
void SortByRank(const LargeVector<RuleInfo>& rules, std::vector<Decision::Match>& matches) {
  constexpr size_t kFew = 16;
  const size_t count = matches.size();
  if (count < 2) return;
  if (count > kFew) {
    std::sort(matches.begin(), matches.end(), [&rules](const Decision::Match& a, const Decision::Match& b) {
      return rules[a.rule].rank < rules[b.rule].rank;
    });
    return;
  }
  uint32_t ranks[kFew];
  for (size_t i = 0; i < count; ++i) {
    const uint32_t rank = rules[matches[i].rule].rank;
    size_t j = i;
    if (j > 0 && ranks[j - 1] > rank) {
      const Decision::Match match = matches[i];
      for (; j > 0 && ranks[j - 1] > rank; --j) {
        ranks[j] = ranks[j - 1];
        matches[j] = matches[j - 1];
      }
      matches[j] = match;
    }
    ranks[j] = rank;
  }
}

// Puts the decision's lists in their documented order and combines the verdict.
void Finish(const PolicyIndex& index, DecisionWriter& decision) {
  const LargeVector<RuleInfo>& rules = index.rules;
  std::vector<Decision::Match>& matches = decision.matches();
  // Most artifacts match nothing: nothing to order.
  if (matches.empty() && decision.artifact_problems().empty()) return;
  SortByRank(rules, matches);
  std::sort(decision.exemptions().begin(), decision.exemptions().end(),
            [&rules](const Decision::ExemptionOutcome& a, const Decision::ExemptionOutcome& b) {
              if (a.exemption != b.exemption) return a.exemption < b.exemption;
              return rules[a.rule].rank < rules[b.rule].rank;
            });
  std::sort(decision.artifact_problems().begin(), decision.artifact_problems().end(),
            [&rules](const Decision::ArtifactProblem& a, const Decision::ArtifactProblem& b) {
              // Problems of the artifact itself (no rule) first.
              const bool a_artifact = a.rule == Decision::kNone;
              const bool b_artifact = b.rule == Decision::kNone;
              if (a_artifact || b_artifact) return a_artifact && !b_artifact;
              if (a.rule != b.rule) return rules[a.rule].rank < rules[b.rule].rank;
              // The rule's own selector (no exemption) before its exemptions.
              if (a.exemption == Decision::kNone || b.exemption == Decision::kNone) {
                return a.exemption == Decision::kNone && b.exemption != Decision::kNone;
              }
              return a.exemption < b.exemption;
            });
  v1::Verdict verdict = v1::ALLOW;
  for (const Decision::Match& match : matches) verdict = std::max(verdict, match.verdict);
  decision.set_verdict(verdict);
}

// Whether `gates` (of `artifact`) show that no rule can be a candidate: its vendor
// names no entity and nothing else could resolve one, no product-only rule can match
// its name, and no package, identifier or component rule could reach it. Then nothing
// is read that could be reported as unreadable either.
bool NoRuleCanApply(const PolicyIndex& index, const ArtifactView& artifact, const NameGates& gates) {
  return !gates.vendor_may_name_entity && !gates.name_may_match_without_entity &&
         !index.entities.MayResolveOtherwise(artifact) &&
         (index.packages.empty() || artifact.purl.empty()) && index.identifiers.empty() &&
         !(index.has_component_rules && !artifact.components.empty());
}

// EvaluateArtifact for an artifact past the gates. Out of line: the evaluation's state
// (EvaluatedArtifact's buffers) makes a large frame that most artifacts never need.
ABSL_ATTRIBUTE_NOINLINE void EvaluateCandidates(const PolicyIndex& index,
                                                const ArtifactView& artifact,
                                                const NameGates& gates,
                                                const ContextView& context,
                                                DecisionWriter& writer) {
  // An artifact past the gates is usually a hit, and a hit's version is read once the
  // entity is found and the name normalised: its bytes (seldom in cache) load meanwhile.
  if (!artifact.version.empty()) PrefetchForRead(artifact.version.data());
  Evaluation evaluation(index, artifact, gates, context, writer, /*components_only=*/false);
  evaluation.Run();
  writer.set_vendor_entity(evaluation.entity().entity, evaluation.entity().evidence);
  if (index.has_component_rules && !artifact.components.empty()) {
    EvaluateComponents(index, artifact, context, writer);
  }
  Finish(index, writer);
}

}  // namespace

void EvaluateArtifact(const PolicyIndex& index, const ArtifactView& artifact,
                      const ContextView& context, Decision* decision) {
  DecisionWriter writer(decision, index.generation);
  // Most inventory artifacts (software nobody bans) stop here, with the cleared
  // decision: allowed, no entity.
  const NameGates gates = AskNameGates(index, artifact);
  if (NoRuleCanApply(index, artifact, gates)) return;
  EvaluateCandidates(index, artifact, gates, context, writer);
}

}  // namespace policy_internal
}  // namespace interdict
