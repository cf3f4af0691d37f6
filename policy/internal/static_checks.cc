// Bundle-wide static checks (static_checks.h).
#include "policy/internal/static_checks.h"

#include <algorithm>
#include <functional>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/inlined_vector.h"
#include "absl/hash/hash.h"
#include "absl/strings/str_cat.h"
#include "absl/types/optional.h"
#include "policy/internal/civil_time.h"
#include "policy/internal/huge_pages.h"
#include "policy/internal/package_selector.h"

namespace interdict {
namespace policy_internal {
namespace {

using Code = CompileIssue::Code;

// A rule's timeline as (start, severity) pairs: starts in Unix seconds (absolute) or
// seconds after first sight (relative); severity ALLOW 1 < WARN 2 < DENY 3, and 0
// before the first step.
struct Timeline {
  bool relative = false;
  absl::InlinedVector<std::pair<int64_t, int>, RuleInfo::kInlineSteps> steps;

  int SeverityAt(int64_t instant) const {
    int severity = 0;
    for (const auto& [start, verdict] : steps) {
      if (start <= instant) severity = verdict;
    }
    return severity;
  }
};

// nullopt for a first-seen timeline with floors (not compared).
absl::optional<Timeline> TimelineOf(const PolicyIndex& index, const RuleInfo& rule) {
  Timeline timeline;
  timeline.relative = rule.relative_to_first_seen;
  for (uint32_t s = 0; s < rule.step_count; ++s) {
    const StepInfo& step = index.steps[rule.first_step + s];
    if (timeline.relative && step.at != absl::InfinitePast()) return absl::nullopt;
    const int64_t start = timeline.relative ? absl::ToInt64Seconds(step.after_first_seen)
                                            : absl::ToUnixSeconds(step.at);
    timeline.steps.emplace_back(start, static_cast<int>(step.verdict));
  }
  return timeline;
}

// Whether `a` is at least as severe as `b` at every instant.
bool AtLeastAsSevere(const Timeline& a, const Timeline& b) {
  if (a.relative != b.relative) return false;
  for (const Timeline* timeline : {&a, &b}) {
    for (const auto& [start, verdict] : timeline->steps) {
      if (a.SeverityAt(start) < b.SeverityAt(start)) return false;
    }
  }
  return true;
}

// Variants of a selector that select at least what it does: without product,
// version or exclusions, or with include_components (bit per change).
constexpr int kVariants = 16;
constexpr int kWithoutVersion = 1;
constexpr int kWithoutProduct = 2;
constexpr int kWithoutExclusions = 4;
constexpr int kWithComponents = 8;

void MakeVariant(const v1::Selector& select, int bits, v1::Selector* out) {
  *out = select;
  if ((bits & kWithoutVersion) != 0) out->clear_version();
  if ((bits & kWithoutProduct) != 0) out->clear_product();
  if ((bits & kWithoutExclusions) != 0) out->clear_exclude_products();
  if ((bits & kWithComponents) != 0) out->set_include_components(true);
}

}  // namespace

SelectorHash::SelectorHash(const v1::Selector& select) {
  std::string identifiers;
  for (const v1::IdentifierMatch& match : select.identifiers()) {
    absl::StrAppend(&identifiers, match.SerializeAsString(), "\n");
  }
  uint64_t entities = select.entities_size();
  for (const std::string& entity : select.entities()) entities = absl::HashOf(entities, entity);
  rest = absl::HashOf(select.entity(), entities, select.include_subsidiaries(), select.include_affiliates(),
                      select.include_successors(), select.include_predecessors(),
                      select.has_package(), select.package().purl(), select.package().vers(),
                      identifiers);
  if (select.has_product()) {
    product = absl::HashOf(1, static_cast<int>(select.product().kind_case()), select.product().exact(),
                           select.product().prefix(), select.product().regex());
    applicable |= kWithoutProduct;
  }
  if (select.has_version()) {
    const v1::VersionRange& range = select.version();
    version = absl::HashOf(2, static_cast<int>(range.scheme()), range.min(), range.min_exclusive(),
                           range.max(), range.max_inclusive());
    applicable |= kWithoutVersion;
  }
  if (!select.exclude_products().empty()) {
    exclusions = 3;
    for (const v1::ProductMatch& match : select.exclude_products()) {
      exclusions = absl::HashOf(exclusions, match.SerializeAsString());
    }
    applicable |= kWithoutExclusions;
  }
  components = select.include_components();
  if (!components) applicable |= kWithComponents;
}

int SelectorHash::Shape(int bits) const {
  return (product != 0 && (bits & kWithoutProduct) == 0 ? 1 : 0) |
         (version != 0 && (bits & kWithoutVersion) == 0 ? 2 : 0) |
         (exclusions != 0 && (bits & kWithoutExclusions) == 0 ? 4 : 0) |
         (components || (bits & kWithComponents) != 0 ? 8 : 0);
}

uint64_t SelectorHash::Group(uint32_t policy) const { return absl::HashOf(policy, rest); }

uint64_t SelectorHash::Variant(uint32_t policy, int bits) const {
  return absl::HashOf(policy, rest, (bits & kWithoutProduct) != 0 ? 0 : product,
                      (bits & kWithoutVersion) != 0 ? 0 : version,
                      (bits & kWithoutExclusions) != 0 ? 0 : exclusions,
                      components || (bits & kWithComponents) != 0);
}

namespace {

// A hash of a selector to a rule, one entry per rule of the bundle.
using RuleHashMap = absl::flat_hash_map<uint64_t, uint32_t, absl::Hash<uint64_t>, std::equal_to<uint64_t>,
                                        HugePageAllocator<std::pair<const uint64_t, uint32_t>>>;

class ShadowCheck {
 public:
  ShadowCheck(const StaticCheckInput& input, IssueCollector* issues)
      : input_(input), issues_(*issues) {}

  void Run() {
    const size_t rules = input_.index.rules.size();
    // Each rule's exemptions (in exemption order), contiguous: counted, then placed.
    first_exemption_.assign(rules + 1, 0);
    for (const RuleList& exempted : input_.exemption_rules) {
      for (uint32_t rule : exempted) ++first_exemption_[rule + 1];
    }
    for (size_t rule = 0; rule < rules; ++rule) first_exemption_[rule + 1] += first_exemption_[rule];
    exemptions_.resize(first_exemption_[rules]);
    LargeVector<uint32_t> placed(first_exemption_.begin(), first_exemption_.end() - 1);
    for (uint32_t e = 0; e < input_.exemption_rules.size(); ++e) {
      for (uint32_t rule : input_.exemption_rules[e]) exemptions_[placed[rule]++] = e;
    }
    next_.assign(rules, kEnd);
    has_twin_.assign(rules, false);
    first_.reserve(rules);
    group_of_rule_.reserve(rules);
    RuleHashMap group_index;  // SelectorHash::Group -> into shapes_of_group_.
    group_index.reserve(rules);
    for (uint32_t rule = 0; rule < rules; ++rule) {
      const SelectorHash& hash = input_.selector_hashes[rule];
      auto [group, new_group] =
          group_index.try_emplace(hash.Group(Rule(rule).policy), static_cast<uint32_t>(shapes_of_group_.size()));
      if (new_group) shapes_of_group_.push_back(0);
      shapes_of_group_[group->second] |= uint16_t{1} << hash.Shape(0);
      group_of_rule_.push_back(group->second);
      const uint64_t key = hash.Variant(Rule(rule).policy, 0);
      auto [it, inserted] = first_.try_emplace(key, rule);
      if (!inserted) {
        next_[rule] = it->second;
        has_twin_[rule] = has_twin_[it->second] = true;
        it->second = rule;
      }
    }
    for (uint32_t rule = 0; rule < rules; ++rule) CheckRule(rule);
  }

 private:
  static constexpr uint32_t kEnd = 0xffffffffu;

  const RuleInfo& Rule(uint32_t rule) const { return input_.index.rules[rule]; }
  uint32_t Position(uint32_t rule) const {
    return rule - input_.first_rule_of_policy[Rule(rule).policy];
  }
  const v1::Rule& Source(uint32_t rule) const {
    return input_.bundle.policies(static_cast<int>(Rule(rule).policy))
        .rules(static_cast<int>(Position(rule)));
  }
  std::string Path(uint32_t rule) const {
    return absl::StrCat("policies[", Rule(rule).policy, "].rules[", Position(rule), "]");
  }

  void CheckRule(uint32_t rule) {
    const v1::Selector& select = Source(rule).select();
    const SelectorHash& hash = input_.selector_hashes[rule];
    // Only variants of a shape some rule of the group has can name candidates: most
    // rules look up one or two variants instead of up to sixteen.
    const uint16_t shapes = shapes_of_group_[group_of_rule_[rule]];
    size_t candidates = 0;
    for (int bits = 0; bits < kVariants; ++bits) {
      if ((bits & ~hash.applicable) != 0 || ((shapes >> hash.Shape(bits)) & 1) == 0) continue;
      if (bits == 0 && !has_twin_[rule]) continue;  // No other rule has its selector.
      auto it = first_.find(hash.Variant(Rule(rule).policy, bits));
      if (it == first_.end()) continue;
      // Built only for a candidate that would shadow the rule: most shadow nothing.
      std::string variant_bytes;
      for (uint32_t other = it->second; other != kEnd && candidates < kMaxShadowCandidates;
           other = next_[other]) {
        if (other == rule || Rule(other).policy != Rule(rule).policy) continue;
        ++candidates;
        if (!Shadows(other, rule)) continue;
        // Two rules that shadow each other: the later one is reported.
        if (bits == 0 && other > rule && Shadows(rule, other)) continue;
        if (variant_bytes.empty()) {
          v1::Selector variant;
          MakeVariant(select, bits, &variant);
          variant_bytes = variant.SerializeAsString();
        }
        if (Source(other).select().SerializeAsString() != variant_bytes) continue;  // A collision.
        Report(rule, other);
        return;
      }
    }
  }

  // Whether `wide`, whose selector selects at least what `narrow`'s does, also governs
  // its actions, binds its scope, has its exemptions and is at least as severe.
  bool Shadows(uint32_t wide, uint32_t narrow) const {
    const RuleInfo& a = Rule(wide);
    const RuleInfo& b = Rule(narrow);
    if ((a.action_mask & b.action_mask) != b.action_mask) return false;
    const v1::Rule& a_source = Source(wide);
    if (a_source.has_scope() &&
        a_source.scope().SerializeAsString() != Source(narrow).scope().SerializeAsString()) {
      return false;
    }
    if (!std::equal(exemptions_.begin() + first_exemption_[wide], exemptions_.begin() + first_exemption_[wide + 1],
                    exemptions_.begin() + first_exemption_[narrow],
                    exemptions_.begin() + first_exemption_[narrow + 1])) {
      return false;
    }
    const absl::optional<Timeline> a_timeline = TimelineOf(input_.index, a);
    const absl::optional<Timeline> b_timeline = TimelineOf(input_.index, b);
    return a_timeline.has_value() && b_timeline.has_value() &&
           AtLeastAsSevere(*a_timeline, *b_timeline);
  }

  void Report(uint32_t narrow, uint32_t wide) {
    const std::string& narrow_id = Source(narrow).id();
    const std::string& wide_id = Source(wide).id();
    issues_.Warning(
        Code::kShadowed, Path(narrow),
        absl::StrCat("rule ", Quote(narrow_id), " is shadowed by rule ", Quote(wide_id), " at ",
                     issues_.Where(Path(wide)), ", which selects everything it does for its "
                     "actions and scope and is at least as severe at every instant: it never "
                     "changes a verdict"));
  }

  const StaticCheckInput& input_;
  IssueCollector& issues_;
  // The exemptions of rule r are exemptions_[first_exemption_[r] .. first_exemption_[r + 1]).
  LargeVector<uint32_t> first_exemption_;
  LargeVector<uint32_t> exemptions_;
  // SelectorHash of (policy, selector) -> the last rule with it; next_[rule] chains to
  // the one before.
  RuleHashMap first_;
  // Per group of rules sharing a SelectorHash::Group, the shapes (SelectorHash::Shape
  // bits) of its rules; per rule, its group.
  LargeVector<uint16_t> shapes_of_group_;
  LargeVector<uint32_t> group_of_rule_;
  // Per rule: whether another rule has its (policy, selector) hash.
  std::vector<bool> has_twin_;
  LargeVector<uint32_t> next_;
};

// The instant from which `rule` is ALLOW for good (its last steps are ALLOW), or
// nullopt when it never ends or is relative to first sight.
absl::optional<absl::Time> EndOf(const PolicyIndex& index, const RuleInfo& rule) {
  if (rule.relative_to_first_seen || rule.step_count == 0) return absl::nullopt;
  absl::optional<absl::Time> end;
  for (uint32_t s = rule.step_count; s-- > 0;) {
    const StepInfo& step = index.steps[rule.first_step + s];
    if (step.verdict != v1::ALLOW) break;
    end = step.at;
  }
  return end;
}

// Whether the artifact subset `subset` can select nothing `rule` selects: both name
// entities and share none, or both name packages and differ.
bool Disjoint(const CompiledSelector& subset, const CompiledSelector& rule) {
  if (!subset.entities.empty() && !rule.entities.empty()) {
    bool shared = false;
    for (uint32_t entity : subset.entities) {
      shared = shared || std::binary_search(rule.entities.begin(), rule.entities.end(), entity);
    }
    if (!shared) return true;
  }
  return subset.package != nullptr && rule.package != nullptr &&
         subset.package->key() != rule.package->key();
}

}  // namespace

void WarnShadowedRules(const StaticCheckInput& input, IssueCollector* issues) {
  ShadowCheck(input, issues).Run();
}

void WarnExemptionsThatCannotApply(const StaticCheckInput& input, IssueCollector* issues) {
  const PolicyIndex& index = input.index;
  for (uint32_t e = 0; e < index.exemptions.size(); ++e) {
    const ExemptionInfo& exemption = index.exemptions[e];
    const RuleList& rules = input.exemption_rules[e];
    if (rules.empty()) continue;
    const auto path = [e] { return absl::StrCat("exemptions[", e, "]"); };
    if (exemption.artifacts != nullptr) {
      bool disjoint = true;
      for (uint32_t rule : rules) disjoint = disjoint && Disjoint(*exemption.artifacts, input.rule_selectors[rule]);
      if (disjoint) {
        issues->Warning(Code::kNeverApplies, path() + ".artifacts",
                        "the artifact subset selects nothing the rules it exempts can match "
                        "(other entities or packages): the exemption can never apply");
        continue;
      }
    }
    absl::optional<absl::Time> last_end = absl::InfinitePast();
    for (uint32_t rule : rules) {
      const absl::optional<absl::Time> end = EndOf(index, index.rules[rule]);
      if (!end.has_value()) {
        last_end = absl::nullopt;
        break;
      }
      last_end = std::max(*last_end, *end);
    }
    if (last_end.has_value() && exemption.valid_until > *last_end) {
      issues->Warning(
          Code::kOutlivesRules, path() + ".valid.until",
          absl::StrCat(exemption.valid_until == absl::InfiniteFuture()
                           ? std::string("the exemption is open-ended")
                           : absl::StrCat("the exemption runs until ", FormatInstant(exemption.valid_until)),
                       ", but every rule it names is ALLOW from ", FormatInstant(*last_end),
                       " on: end it then"));
    }
  }
}

}  // namespace policy_internal
}  // namespace interdict
