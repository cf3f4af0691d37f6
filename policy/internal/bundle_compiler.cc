// The bundle compiler: orchestration, policies and their scope, rules and their
// timelines, exemptions, and the order of the index (bundle_compiler.h).
#include "policy/internal/bundle_compiler.h"

#include <algorithm>
#include <limits>
#include <memory>
#include <string>
#include <system_error>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "policy/internal/bundle_values.h"
#include "policy/internal/civil_time.h"
#include "policy/internal/static_checks.h"
#include "policy/internal/component_walk.h"
#include "policy/internal/entity_table.h"
#include "policy/internal/huge_pages.h"
#include "policy/internal/identifier_index.h"
#include "policy/internal/issue_collector.h"
#include "policy/internal/name_index.h"
#include "policy/internal/package_index.h"
#include "policy/internal/selector.h"
#include "re2/re2.h"

namespace interdict {
namespace policy_internal {
namespace {

using Code = CompileIssue::Code;
// A CivilInstant read: its civil time, its zone, and the instant they name.
struct ResolvedCivilInstant {
  absl::CivilSecond civil;
  absl::TimeZone zone;
  absl::Time time;
};
using IssuedInstant = absl::optional<ResolvedCivilInstant>;
// The path of a field, spelled out only when an issue is reported there: a
// million-rule bundle would otherwise build (and free) tens of millions of path strings.
using PathFn = absl::FunctionRef<std::string()>;

class BundleCompiler {
 public:
  BundleCompiler(const v1::PolicyBundle& bundle, const SourceMap* source_map,
                 const CompileOptions& options)
      : bundle_(bundle),
        options_(options),
        issues_(source_map, options),
        index_(std::make_unique<PolicyIndex>()),
        regexes_(options.regex_max_mem) {}

  BundleCompilation Run() && {
    if (options_.max_component_depth > kMaxComponentDepth) {
      issues_.Error(Code::kLimitExceeded, "",
                    absl::StrCat("CompileOptions::max_component_depth is ",
                                 options_.max_component_depth, "; at most ", kMaxComponentDepth,
                                 " is supported"));
    }
    index_->max_component_depth = static_cast<uint32_t>(options_.max_component_depth);
    index_->max_components = options_.max_components;
    CountRulesAndSteps();
    const bool large = counts_.rules >= kRulesForSecondThreads;
    std::vector<Range> reserved = ReserveTables();
    // A large bundle's reserved tables are faulted in on a second thread while its
    // values are checked and its entity table built: a million rules' tables are half a
    // gigabyte, and a fresh page can cost more than what is written into it.
    JoinedThread populate;
    if (large) populate.thread = StartPopulating(std::move(reserved));
    // Malformed or oversized text would reach every part of the compilation: refuse it
    // first, with every instance reported.
    CheckBundleValues(bundle_, options_, &issues_);
    if (issues_.error_count() > 0) return Finish();
    EntityTable::Builder entities(bundle_, &issues_);
    SelectorCompiler selectors(entities, &regexes_, &issues_);
    selectors_ = &selectors;
    CompilePolicies();
    // The rules' order and the family indexes read the compiled rules and selectors
    // and the number of entity buckets, and report nothing. For a large bundle they are
    // built on a second thread while the exemptions are compiled, which write no rule,
    // selector or policy.
    JoinedThread rule_indexes;
    if (issues_.error_count() == 0) {
      rule_indexes.thread =
          StartOrRun(large, [this, buckets = entities.bucket_count()] { BuildRuleIndexes(buckets); });
    }
    CompileExemptions();
    // The checks that only warn read the compiled rules, steps and exemptions. For a
    // large bundle they run on a second thread while the entity table is built (and the
    // rule indexes finish), which write none of what they read (a rule's rank is a
    // field of its own). Neither reports issues, so the warnings keep their place after
    // every other issue.
    IssueCollector check_issues = issues_.EmptySibling();
    JoinedThread checks;
    if (issues_.error_count() == 0) {
      const auto run_checks = [this, &check_issues] {
        const StaticCheckInput input{bundle_, *index_, rule_selectors_, exemption_rules_,
                                     first_rule_of_policy_, selector_hashes_};
        WarnShadowedRules(input, &check_issues);
        WarnExemptionsThatCannotApply(input, &check_issues);
      };
      checks.thread = StartOrRun(large, run_checks);
    }
    index_->entities = std::move(entities).Build();
    rule_indexes.Join();
    checks.Join();
    issues_.Append(std::move(check_issues));
    if (issues_.error_count() == 0) {
      // Exemptions move into id order, and the hot lines name their final addresses.
      OrderExemptions();
      BuildHotLines();
    }
    return Finish();
  }

 private:
  // The index when nothing was in error, and the issues.
  BundleCompilation Finish() {
    BundleCompilation result;
    if (issues_.error_count() == 0) result.index = std::move(index_);
    result.issues = std::move(issues_).Take();
    return result;
  }

  // What a policy allows of its exemptions beyond purposes and the longest window.
  struct ExemptionControls {
    absl::optional<absl::Time> end_by;
    absl::flat_hash_map<int, int> max_days_by_purpose;
    std::vector<std::string> approver_roles;
  };

  // Bundles with this many rules use second threads (populating, rule indexes, the
  // checks that only warn): each saves tenths of a second at a million rules, a thread
  // costs tens of microseconds, and a bundle of a few rules compiles in less.
  static constexpr size_t kRulesForSecondThreads = 10000;

  // A thread joined before it is destroyed: should building the entity table or the
  // indexes throw (std::bad_alloc) while the checks run, the exception leaves Run
  // instead of a joinable std::thread's destructor ending the process.
  struct JoinedThread {
    std::thread thread;
    ~JoinedThread() { Join(); }
    void Join() {
      if (thread.joinable()) thread.join();
    }
  };

  // A range of bytes to fault in.
  struct Range {
    const void* data;
    size_t bytes;
  };
  template <typename Vector>
  static Range RangeOf(const Vector& reserved) {
    return {reserved.data(), reserved.capacity() * sizeof(typename Vector::value_type)};
  }

  // Counts the bundle's rules and steps.
  void CountRulesAndSteps() {
    for (const v1::Policy& policy : bundle_.policies()) {
      counts_.rules += policy.rules_size();
      for (const v1::Rule& rule : policy.rules()) counts_.steps += rule.steps_size();
    }
  }

  // Reserves the tables whose sizes the bundle gives, those within the options' limits
  // (a limit is reported where it is checked: CompilePolicies, CompileExemptions), and
  // returns their ranges.
  std::vector<Range> ReserveTables() {
    std::vector<Range> ranges;
    if (counts_.rules <= options_.max_rules) {
      index_->rules.reserve(counts_.rules);
      index_->steps.reserve(counts_.steps);
      index_->step_time_text.reserve(counts_.steps);
      rule_selectors_.reserve(counts_.rules);
      selector_hashes_.reserve(counts_.rules);
      ranges = {RangeOf(index_->rules), RangeOf(index_->steps), RangeOf(index_->step_time_text),
                RangeOf(rule_selectors_), RangeOf(selector_hashes_)};
    }
    if (static_cast<size_t>(bundle_.exemptions_size()) <= options_.max_exemptions) {
      index_->exemptions.reserve(bundle_.exemptions_size());
      exemption_rules_.reserve(bundle_.exemptions_size());
      ranges.push_back(RangeOf(index_->exemptions));
      ranges.push_back(RangeOf(exemption_rules_));
    }
    return ranges;
  }

  // `work` started on a new thread, or a thread that is not joinable when none can be
  // had (a process or cgroup limit).
  template <typename Work>
  static std::thread TryStart(Work&& work) {
    try {
      return std::thread(std::forward<Work>(work));
    } catch (const std::system_error&) {
      return std::thread();
    }
  }

  // A thread faulting in `ranges`; without one, the pages fault in when first
  // written, as they would have.
  static std::thread StartPopulating(std::vector<Range> ranges) {
    return TryStart([ranges = std::move(ranges)] {
      for (const Range& range : ranges) PopulateForWriting(range.data, range.bytes);
    });
  }

  // `work` started on a new thread when `in_background` (and a thread can be started),
  // or run here at once (the returned thread is then not joinable).
  template <typename Work>
  static std::thread StartOrRun(bool in_background, const Work& work) {
    std::thread started = in_background ? TryStart(work) : std::thread();
    if (!started.joinable()) work();
    return started;
  }

  // ---- Policies and their scope ---------------------------------------------

  void CompilePolicies() {
    if (!issues_.CheckLimit("policies", bundle_.policies_size(), options_.max_policies,
                            "policies", "max_policies")) {
      return;
    }
    if (!issues_.CheckLimit("policies", counts_.rules, options_.max_rules, "rules", "max_rules")) {
      return;
    }
    for (int i = 0; i < bundle_.policies_size(); ++i) CompilePolicy(i);
  }

  void CompilePolicy(int i) {
    const v1::Policy& policy = bundle_.policies(i);
    const std::string path = absl::StrCat("policies[", i, "]");
    const uint32_t policy_index = static_cast<uint32_t>(index_->policies.size());
    issues_.RegisterId(policy.id(), policy_index, "policy", "", &policy_index_,
                       [](uint32_t p) { return absl::StrCat("policies[", p, "].id"); });
    PolicyInfo info;
    info.id = policy.id();
    info.title = policy.title();
    info.authority = policy.authority();
    info.citation = policy.citation();
    info.source_url = policy.source_url();
    info.advisory = policy.binding() == v1::ADVISORY;
    if (policy.citation().empty()) issues_.Error(Code::kRequired, path + ".citation", "required");
    if (policy.binding() == v1::BINDING_UNSPECIFIED) {
      issues_.Error(Code::kRequired, path + ".binding", "required: BINDING or ADVISORY");
    }
    // The policy's scope as conditions (scope.h). Its jurisdictions and organisation
    // kinds, when their tags have bits, are copied into its rules' records as masks,
    // where evaluation tests them first; every other condition stays in the list.
    std::vector<ScopeCondition> conditions;
    CompileScope(path + ".scope", policy.scope(), &index_->scope_tags, &issues_, &conditions);
    RuleInfo scope;
    scope.advisory = info.advisory;
    std::vector<ScopeCondition> rest;
    for (ScopeCondition& condition : conditions) {
      uint64_t* inline_mask = nullptr;
      if (condition.masked && !condition.exclude) {
        if (condition.dimension == ScopeDimension::kJurisdiction) inline_mask = &scope.jurisdiction_mask;
        if (condition.dimension == ScopeDimension::kOrganizationKind) {
          inline_mask = &scope.organization_kind_mask;
        }
      }
      if (inline_mask != nullptr) {
        *inline_mask = condition.mask;
      } else {
        rest.push_back(std::move(condition));
      }
    }
    scope.scope_conditions = AddScopeConditions(std::move(rest));
    if (!policy.scope().uses().empty()) {
      index_->use_lists.emplace_back(policy.scope().uses().begin(), policy.scope().uses().end());
      scope.uses = static_cast<uint32_t>(index_->use_lists.size());
    }
    IssuedInstant issued;
    if (policy.has_issued()) issued = ParseCivilInstant([&] { return path + ".issued"; }, policy.issued());
    for (int p = 0; p < policy.exemption_purposes_size(); ++p) {
      if (policy.exemption_purposes(p) == v1::PURPOSE_UNSPECIFIED) {
        issues_.Error(Code::kInvalidValue, absl::StrCat(path, ".exemption_purposes[", p, "]"),
                      "PURPOSE_UNSPECIFIED is not a purpose");
      }
    }
    if (policy.max_exemption_days() < 0) {
      issues_.Error(Code::kInvalidValue, path + ".max_exemption_days",
                    absl::StrCat("must not be negative (0 means no limit), got ",
                                 policy.max_exemption_days()));
    }
    if (policy.rules_size() == 0) {
      issues_.Error(Code::kRequired, path + ".rules", "a policy needs at least one rule");
    }
    CompileExemptionControls(path, policy);
    index_->policies.push_back(std::move(info));

    const uint32_t first_rule = static_cast<uint32_t>(index_->rules.size());
    first_rule_of_policy_.push_back(first_rule);
    IdMap& rule_ids = rule_ids_of_policy_.emplace_back();
    rule_ids.reserve(policy.rules_size());
    const auto rule_path_of = [&path, first_rule](uint32_t rule) {
      return absl::StrCat(path, ".rules[", rule - first_rule, "].id");
    };
    const std::string in_policy = absl::StrCat(" in policy ", Quote(policy.id()));
    for (int r = 0; r < policy.rules_size(); ++r) {
      issues_.RegisterId(policy.rules(r).id(), static_cast<uint32_t>(index_->rules.size()), "rule",
                         in_policy, &rule_ids, rule_path_of);
      CompileRule(policy_index, scope, issued, [&path, r] { return absl::StrCat(path, ".rules[", r, "]"); },
                  policy.rules(r));
    }
  }

  // What a policy says of its exemptions beyond purposes and their longest window: a
  // latest end, caps per purpose, the roles that may approve. Kept per policy (bundle
  // order) for CompileExemption.
  void CompileExemptionControls(const std::string& path, const v1::Policy& policy) {
    ExemptionControls& controls = exemption_controls_.emplace_back();
    if (policy.has_exemptions_end_by()) {
      const IssuedInstant end =
          ParseCivilInstant([&] { return path + ".exemptions_end_by"; }, policy.exemptions_end_by());
      if (end.has_value()) controls.end_by = end->time;
    }
    for (int l = 0; l < policy.exemption_limits_size(); ++l) {
      const v1::ExemptionLimit& limit = policy.exemption_limits(l);
      const std::string limit_path = absl::StrCat(path, ".exemption_limits[", l, "]");
      if (limit.purpose() == v1::PURPOSE_UNSPECIFIED || !v1::Purpose_IsValid(limit.purpose())) {
        issues_.Error(Code::kRequired, limit_path + ".purpose", "required");
        continue;
      }
      if (std::find(policy.exemption_purposes().begin(), policy.exemption_purposes().end(),
                    limit.purpose()) == policy.exemption_purposes().end()) {
        issues_.Error(Code::kNotPermitted, limit_path + ".purpose",
                      absl::StrCat("a cap for ", v1::Purpose_Name(limit.purpose()),
                                   ", which exemption_purposes does not permit"));
        continue;
      }
      if (limit.max_days() <= 0) {
        issues_.Error(Code::kInvalidValue, limit_path + ".max_days",
                      absl::StrCat("must be above 0, got ", limit.max_days()));
        continue;
      }
      if (!controls.max_days_by_purpose.emplace(limit.purpose(), limit.max_days()).second) {
        issues_.Error(Code::kDuplicate, limit_path + ".purpose",
                      absl::StrCat(v1::Purpose_Name(limit.purpose()), " is capped twice"));
      }
    }
    for (int r = 0; r < policy.exemption_approver_roles_size(); ++r) {
      const std::string& role = policy.exemption_approver_roles(r);
      if (CheckRole(absl::StrCat(path, ".exemption_approver_roles[", r, "]"), role)) {
        controls.approver_roles.push_back(role);
      }
    }
  }

  // Whether `role` is lowercase words joined by hyphens; reported at `path` if not.
  bool CheckRole(const std::string& path, const std::string& role) {
    if (IsHyphenatedWords(role)) return true;
    issues_.Error(Code::kInvalidValue, path,
                  absl::StrCat("invalid role ", Quote(role), ": expected lowercase words joined by hyphens"));
    return false;
  }

  // 1 + the index of `conditions` in PolicyIndex::scope_conditions; 0 when empty.
  uint32_t AddScopeConditions(std::vector<ScopeCondition> conditions) {
    if (conditions.empty()) return 0;
    index_->scope_conditions.push_back(std::move(conditions));
    return static_cast<uint32_t>(index_->scope_conditions.size());
  }

  // ---- Rules ----------------------------------------------------------------

  // `scope` holds the policy's advisory flag and scope masks (RuleInfo's fields).
  void CompileRule(uint32_t policy_index, const RuleInfo& scope, const IssuedInstant& issued,
                   PathFn path, const v1::Rule& rule) {
    RuleInfo info;
    info.policy = policy_index;
    info.advisory = scope.advisory;
    info.jurisdiction_mask = scope.jurisdiction_mask;
    info.organization_kind_mask = scope.organization_kind_mask;
    info.scope_conditions = scope.scope_conditions;
    info.uses = scope.uses;
    if (!rule.scope().uses().empty()) {
      std::vector<std::string> uses;
      if (scope.uses != 0) uses = index_->use_lists[scope.uses - 1];
      uses.insert(uses.end(), rule.scope().uses().begin(), rule.scope().uses().end());
      index_->use_lists.push_back(std::move(uses));
      info.uses = static_cast<uint32_t>(index_->use_lists.size());
    }
    if (rule.has_scope()) {
      // The policy's conditions and the rule's own: both scopes must bind the context.
      std::vector<ScopeCondition> conditions;
      if (scope.scope_conditions != 0) conditions = index_->scope_conditions[scope.scope_conditions - 1];
      const size_t policy_conditions = conditions.size();
      CompileScope(path() + ".scope", rule.scope(), &index_->scope_tags, &issues_, &conditions);
      if (conditions.size() > policy_conditions) {
        info.scope_conditions = AddScopeConditions(std::move(conditions));
      }
    }
    info.id = index_->text.Store(rule.id());
    info.citation = index_->text.Store(rule.citation());
    CompiledSelector selector;
    if (!rule.has_select()) {
      issues_.Error(Code::kRequired, path() + ".select", "required");
    } else {
      const v1::Selector& select = rule.select();
      selectors_->Compile([&path] { return path() + ".select"; }, select, &selector);
      if (select.entity().empty() && select.entities_size() == 0 && !select.has_product() &&
          !select.has_package() && select.identifiers_size() == 0) {
        issues_.Error(Code::kConflict, path() + ".select",
                      "must name an entity, a product, a package or an identifier: a rule "
                      "matching every artifact is not allowed");
      }
      DescribeBasis(path, select, selector, &info);
      info.include_components = selector.include_components;
      if (info.include_components) index_->has_component_rules = true;
      if (selector.refinements != nullptr) {
        info.refinements = selector.refinements.get();
        index_->rule_parts.push_back(selector.refinements);
      }
      if (selector.package != nullptr) {
        info.package = selector.package.get();
        info.residual_or_package = true;
        index_->rule_parts.push_back(selector.package);
      }
    }
    CompileActions(path, rule, &info);
    CompileSteps(path, rule, issued, &info);
    selector_hashes_.emplace_back(rule.select());
    index_->rules.push_back(std::move(info));
    rule_selectors_.push_back(std::move(selector));
  }

  // How the rule is found (its MatchBasis and matched value), and, for identifier
  // rules that also name an entity or a product, the residual checked per candidate.
  void DescribeBasis(PathFn path, const v1::Selector& select,
                     const CompiledSelector& selector, RuleInfo* info) {
    if (select.identifiers_size() > 0) {
      info->basis = v1::IDENTIFIER;
      if (selector.identifiers != nullptr) {
        info->matched_value = index_->text.Store(selector.identifiers->description);
      }
      if (!selector.entities.empty() || selector.product.has_value()) {
        auto residual = std::make_shared<CompiledSelector>();
        residual->entities = selector.entities;
        residual->product = selector.product;
        info->residual = residual.get();
        info->residual_or_package = true;
        index_->rule_parts.push_back(std::move(residual));
      }
    } else if (select.has_package()) {
      info->basis = v1::PACKAGE_URL;
      if (selector.package != nullptr) {
        info->matched_value = index_->text.Store(selector.package->description());
      }
    } else if (selector.product.has_value()) {
      info->basis = selector.product->basis();
      info->matched_value = index_->text.Store(selector.product->value());
      if (selector.refinements != nullptr) {
        WarnIfSelfExcluded(path, *selector.product, selector.refinements->exclusions);
      }
    } else {
      info->basis = v1::ENTITY;
      std::string entities = select.entity();
      for (const std::string& entity : select.entities()) {
        absl::StrAppend(&entities, entities.empty() ? "" : ", ", entity);
      }
      info->matched_value = index_->text.Store(entities);
    }
  }

  void WarnIfSelfExcluded(PathFn path, const ProductPattern& product,
                          const std::vector<ProductPattern>& exclusions) {
    if (product.basis() != v1::PRODUCT_EXACT) return;
    for (size_t e = 0; e < exclusions.size(); ++e) {
      if (exclusions[e].Matches(product.value(), absl::string_view(product.value()))) {
        issues_.Warning(Code::kNeverApplies, path(),
                        absl::StrCat("rule can never fire: its product ", Quote(product.value()),
                                     " is excluded by select.exclude_products[", e, "]"));
        return;
      }
    }
  }

  void CompileActions(PathFn path, const v1::Rule& rule, RuleInfo* info) {
    if (rule.actions_size() == 0) {
      issues_.Error(Code::kRequired, path() + ".actions", "at least one action is required");
      return;
    }
    for (int a = 0; a < rule.actions_size(); ++a) {
      const v1::Action action = rule.actions(a);
      const auto action_path = [&path, a] { return absl::StrCat(path(), ".actions[", a, "]"); };
      if (action == v1::ACTION_UNSPECIFIED) {
        issues_.Error(Code::kInvalidValue, action_path(), "ACTION_UNSPECIFIED is not an action");
      } else if (info->action_mask & ActionBit(action)) {
        issues_.Error(Code::kDuplicate, action_path(),
                      absl::StrCat("duplicate action ", v1::Action_Name(action)));
      }
      info->action_mask |= ActionBit(action);
    }
  }

  // ---- Timelines ------------------------------------------------------------

  // A CivilInstant's text as the bundle holds it (date, time, zone).
  using CivilInstantText = std::tuple<absl::string_view, absl::string_view, absl::string_view>;
  static CivilInstantText TextOf(const v1::CivilInstant& instant) {
    return CivilInstantText(instant.date(), instant.time(), instant.zone());
  }

  // Parses a CivilInstant, reporting errors under `path`. A resolved one is taken as
  // its instant, as a civil time in UTC (no time-zone database needed). Timelines and
  // windows repeat their instants: each distinct (date, time, zone) that reads is read
  // once (a zone's rules make the instant cost more than the parse).
  IssuedInstant ParseCivilInstant(PathFn path, const v1::CivilInstant& instant) {
    if (instant.has_resolved_unix_seconds()) {
      const absl::Time resolved = absl::FromUnixSeconds(instant.resolved_unix_seconds());
      return ResolvedCivilInstant{absl::ToCivilSecond(resolved, absl::UTCTimeZone()), absl::UTCTimeZone(),
                                  resolved};
    }
    const CivilInstantText key = TextOf(instant);
    auto known = known_instants_.find(key);
    if (known != known_instants_.end()) return known->second.resolved;
    absl::StatusOr<absl::CivilSecond> civil = ParseCivilDateTime(instant.date(), instant.time());
    if (!civil.ok()) {
      const bool date_problem =
          instant.date().empty() || !ParseCivilDateTime(instant.date(), "").ok();
      issues_.Error(Code::kInvalidTime, path() + (date_problem ? ".date" : ".time"),
                    std::string(civil.status().message()));
    }
    absl::StatusOr<absl::TimeZone> zone = zones_.Load(instant.zone());
    if (!zone.ok()) {
      issues_.Error(Code::kInvalidTime, path() + ".zone", std::string(zone.status().message()));
    }
    if (!civil.ok() || !zone.ok()) return absl::nullopt;
    const ResolvedCivilInstant resolved{*civil, *zone, CivilToTime(*civil, *zone)};
    known_instants_.emplace(key, KnownInstant{resolved});
    return resolved;
  }

  bool CheckOffset(PathFn path, const v1::Offset& offset) {
    if (offset.days() < 0 || offset.hours() < 0 || offset.minutes() < 0) {
      issues_.Error(Code::kInvalidValue, path(), "offsets must not be negative");
      return false;
    }
    return true;
  }

  // How the text wrote `instant`, a civil instant that ParseCivilInstant has read, for
  // explanations ("2024-09-29 00:00 America/New_York"), as an index into
  // PolicyIndex::step_time_texts; 0 (none) for UTC, which the instant says already.
  // Spelled out once per distinct (date, time, zone).
  uint32_t WrittenCivilTime(const v1::CivilInstant& instant) {
    if (instant.zone() == "UTC") return 0;
    const auto spelled = [&instant] {
      return absl::StrCat(instant.date(), " ", instant.time().empty() ? "00:00" : instant.time(), " ",
                          instant.zone());
    };
    auto known = known_instants_.find(TextOf(instant));
    // Instants given in Unix seconds are not kept by their text.
    if (known == known_instants_.end()) return StepTimeText(spelled());
    if (known->second.written == 0) known->second.written = StepTimeText(spelled());
    return known->second.written;
  }

  // `written` as an index into PolicyIndex::step_time_texts, added if new.
  uint32_t StepTimeText(const std::string& written) {
    auto [it, inserted] = step_time_index_.emplace(written, static_cast<uint32_t>(index_->step_time_texts.size()));
    if (inserted) index_->step_time_texts.push_back(written);
    return it->second;
  }

  // The start of `step` into `*out`, and into `*written` how the text gives it when it
  // is a civil time outside UTC (an index into PolicyIndex::step_time_texts, 0 if not);
  // false (errors reported) when it has none.
  bool ResolveStepStart(PathFn step_path, const v1::Step& step,
                        const IssuedInstant& issued, StepInfo* out, uint32_t* written) {
    switch (step.from_case()) {
      case v1::Step::kAt: {
        IssuedInstant at = ParseCivilInstant([&] { return step_path() + ".at"; }, step.at());
        if (!at.has_value()) return false;
        out->at = at->time;
        *written = WrittenCivilTime(step.at());
        return true;
      }
      case v1::Step::kAfterIssue: {
        if (!CheckOffset([&] { return step_path() + ".after_issue"; }, step.after_issue())) return false;
        if (!issued.has_value()) {
          issues_.Error(Code::kRequired, step_path() + ".after_issue",
                        "the policy has no valid issued instant to count from");
          return false;
        }
        const v1::Offset& offset = step.after_issue();
        const absl::CivilSecond& base = issued->civil;
        const absl::CivilSecond civil(base.year(), base.month(), base.day() + offset.days(),
                                      base.hour() + offset.hours(),
                                      base.minute() + offset.minutes(), base.second());
        out->at = CivilToTime(civil, issued->zone);
        if (issued->zone != absl::UTCTimeZone()) {
          *written = StepTimeText(absl::StrCat(
              absl::FormatTime("%Y-%m-%d %H:%M", out->at, issued->zone), " ", issued->zone.name()));
        }
        return true;
      }
      case v1::Step::kAfterFirstSeen: {
        if (!CheckOffset([&] { return step_path() + ".after_first_seen"; }, step.after_first_seen())) {
          return false;
        }
        const v1::Offset& offset = step.after_first_seen();
        out->after_first_seen = absl::Hours(24) * offset.days() + absl::Hours(offset.hours()) +
                                absl::Minutes(offset.minutes());
        return true;
      }
      case v1::Step::FROM_NOT_SET:
        issues_.Error(Code::kRequired, step_path(),
                      "one of at, after_issue or after_first_seen is required");
        return false;
    }
    return false;
  }

  void CompileSteps(PathFn path, const v1::Rule& rule, const IssuedInstant& issued,
                    RuleInfo* info) {
    info->first_step = static_cast<uint32_t>(index_->steps.size());
    if (rule.steps_size() == 0) {
      issues_.Error(Code::kRequired, path() + ".steps", "at least one step is required");
      return;
    }
    if (!issues_.CheckLimit([&path] { return path() + ".steps"; }, rule.steps_size(), options_.max_steps_per_rule,
                            "steps", "max_steps_per_rule")) {
      return;
    }
    const bool first_relative = rule.steps(0).has_after_first_seen();
    info->relative_to_first_seen = first_relative;
    bool all_allow = true;
    bool ordered = true;
    absl::Time floor = absl::InfinitePast();  // The latest not_before so far.
    for (int s = 0; s < rule.steps_size(); ++s) {
      const v1::Step& step = rule.steps(s);
      const auto step_path = [&path, s] { return absl::StrCat(path(), ".steps[", s, "]"); };
      StepInfo info_step;
      info_step.verdict = step.verdict();
      if (!step.label().empty()) {
        auto [label, inserted] = step_label_index_.emplace(
            step.label(), static_cast<uint32_t>(index_->step_labels.size()));
        if (inserted) index_->step_labels.push_back(step.label());
        info_step.label = label->second;
      }
      if (step.verdict() == v1::VERDICT_UNSPECIFIED) {
        issues_.Error(Code::kRequired, step_path() + ".verdict", "required: ALLOW, WARN or DENY");
      }
      all_allow = all_allow && step.verdict() == v1::ALLOW;
      uint32_t written = 0;
      bool resolved = ResolveStepStart(step_path, step, issued, &info_step, &written);
      if (step.has_not_before()) {
        if (!step.has_after_first_seen()) {
          issues_.Error(Code::kConflict, step_path() + ".not_before",
                        "only a step after_first_seen can have a floor (the others start at an "
                        "instant already)");
          resolved = false;
        } else {
          const IssuedInstant not_before =
              ParseCivilInstant([&] { return step_path() + ".not_before"; }, step.not_before());
          if (not_before.has_value()) {
            floor = std::max(floor, not_before->time);
          } else {
            resolved = false;
          }
        }
      }
      if (step.has_after_first_seen()) info_step.at = floor;
      if (step.from_case() != v1::Step::FROM_NOT_SET &&
          step.has_after_first_seen() != first_relative) {
        issues_.Error(Code::kConflict, step_path(),
                      absl::StrCat("mixes offsets from first sight with absolute instants "
                                   "(steps[0] is ",
                                   first_relative ? "after_first_seen" : "absolute", ")"));
        resolved = false;
      }
      ordered = ordered && resolved;
      if (ordered && s > 0) {
        const StepInfo& previous = index_->steps.back();
        const bool later = first_relative ? info_step.after_first_seen > previous.after_first_seen
                                          : info_step.at > previous.at;
        if (!later) {
          issues_.Error(
              Code::kInvalidTime, step_path(),
              first_relative
                  ? absl::StrCat("starts ", absl::FormatDuration(info_step.after_first_seen),
                                 " after first sight, not after the previous step (",
                                 absl::FormatDuration(previous.after_first_seen), ")")
                  : absl::StrCat("starts at ", FormatInstant(info_step.at),
                                 ", not after the previous step (", FormatInstant(previous.at),
                                 "): steps must be in time order"));
          ordered = false;
        }
      }
      index_->steps.push_back(std::move(info_step));
      index_->step_time_text.push_back(written);
    }
    info->step_count = static_cast<uint32_t>(rule.steps_size());
    if (ordered && !first_relative && info->step_count <= RuleInfo::kInlineSteps) {
      CopyTimelineInline(info);
    }
    if (all_allow) {
      issues_.Warning(Code::kNeverApplies, path(), "rule can never fire: every step's verdict is ALLOW");
    }
    WarnIfContradictory(path, rule, info->advisory);
  }

  // Copies the rule's absolute timeline into its record (RuleInfo::inline_step_*)
  // when every start is within int32 seconds of the inline epoch.
  void CopyTimelineInline(RuleInfo* info) {
    int32_t at[RuleInfo::kInlineSteps];
    for (uint32_t s = 0; s < info->step_count; ++s) {
      const int64_t seconds = absl::ToUnixSeconds(index_->steps[info->first_step + s].at) -
                              RuleInfo::kInlineEpochUnixSeconds;
      if (seconds < std::numeric_limits<int32_t>::min() || seconds > std::numeric_limits<int32_t>::max()) {
        return;
      }
      at[s] = static_cast<int32_t>(seconds);
    }
    for (uint32_t s = 0; s < info->step_count; ++s) {
      info->inline_step_at[s] = at[s];
      info->inline_step_verdict[s] = static_cast<uint8_t>(index_->steps[info->first_step + s].verdict);
    }
    info->inline_step_count = static_cast<uint8_t>(info->step_count);
  }

  // Steps the text cannot mean: DENY in an ADVISORY policy (capped at WARN), and a step
  // less severe than the one before it with no label to say why ("waiver period").
  void WarnIfContradictory(PathFn path, const v1::Rule& rule, bool advisory) {
    for (int s = 0; s < rule.steps_size(); ++s) {
      const v1::Step& step = rule.steps(s);
      const auto step_path = [&path, s] { return absl::StrCat(path(), ".steps[", s, "]"); };
      if (advisory && step.verdict() == v1::DENY) {
        issues_.Warning(Code::kInconsistent, step_path() + ".verdict",
                        "DENY in an ADVISORY policy is capped at WARN");
      }
      if (s > 0 && step.label().empty() && step.verdict() != v1::VERDICT_UNSPECIFIED &&
          step.verdict() < rule.steps(s - 1).verdict()) {
        issues_.Warning(Code::kInconsistent, step_path() + ".verdict",
                        absl::StrCat(v1::Verdict_Name(step.verdict()), " after ",
                                     v1::Verdict_Name(rule.steps(s - 1).verdict()),
                                     ": a step less severe than the one before it needs a label "
                                     "saying why"));
      }
    }
  }

  // ---- Exemptions -----------------------------------------------------------

  void CompileExemptions() {
    if (!issues_.CheckLimit("exemptions", bundle_.exemptions_size(), options_.max_exemptions,
                            "exemptions", "max_exemptions")) {
      return;
    }
    IdMap first;
    first.reserve(bundle_.exemptions_size());
    for (int i = 0; i < bundle_.exemptions_size(); ++i) {
      const v1::Exemption& exemption = bundle_.exemptions(i);
      issues_.RegisterId(exemption.id(), static_cast<uint32_t>(i), "exemption", "",
                         &first, [](uint32_t e) { return absl::StrCat("exemptions[", e, "].id"); });
      CompileExemption([i] { return absl::StrCat("exemptions[", i, "]"); }, exemption);
    }
  }

  void CompileExemption(PathFn path, const v1::Exemption& exemption) {
    ExemptionInfo info;
    info.id = index_->text.Store(exemption.id());
    info.approved_by = index_->text.Store(exemption.approved_by());
    info.reference = index_->text.Store(exemption.reference());
    info.purpose = exemption.purpose();
    bool ok = true;

    // Target policies and their rules.
    std::vector<uint32_t> policies;
    RuleList rules;
    if (exemption.exempts_size() == 0) {
      issues_.Error(Code::kRequired, path() + ".exempts", "required");
      ok = false;
    }
    for (int t = 0; t < exemption.exempts_size(); ++t) {
      const v1::ExemptionTarget& target = exemption.exempts(t);
      const auto target_path = [&path, t] { return absl::StrCat(path(), ".exempts[", t, "]"); };
      if (target.policy().empty()) {
        issues_.Error(Code::kRequired, target_path() + ".policy", "required");
        ok = false;
        continue;
      }
      auto it = policy_index_.find(target.policy());
      if (it == policy_index_.end()) {
        issues_.Error(Code::kUnknownReference, target_path() + ".policy",
                      absl::StrCat("unknown policy ", Quote(target.policy())));
        ok = false;
        continue;
      }
      if (std::find(policies.begin(), policies.end(), it->second) != policies.end()) {
        issues_.Error(Code::kDuplicate, target_path() + ".policy",
                      absl::StrCat("policy ", Quote(target.policy()),
                                   " is named twice: list its rules in one target"));
        ok = false;
        continue;
      }
      policies.push_back(it->second);
      ok = ResolveExemptRules(target_path, target, it->second, &rules) && ok;
    }
    if (!policies.empty()) info.policy = policies[0];
    // What the exemption says, then whether each policy it names permits it.
    if (exemption.purpose() == v1::PURPOSE_UNSPECIFIED) {
      issues_.Error(Code::kRequired, path() + ".purpose", "required");
      ok = false;
    }
    const bool role_ok =
        exemption.approver_role().empty() || CheckRole(path() + ".approver_role", exemption.approver_role());
    ok = role_ok && ok;
    ok = CompileCoverage(path, exemption, &info) && ok;
    absl::optional<int64_t> civil_seconds;
    const bool window_ok = CompileWindow(path, exemption, &info, &civil_seconds);
    ok = window_ok && ok;
    for (uint32_t policy_index : policies) {
      const v1::Policy& policy = bundle_.policies(static_cast<int>(policy_index));
      const ExemptionControls& controls = exemption_controls_[policy_index];
      if (exemption.purpose() != v1::PURPOSE_UNSPECIFIED) {
        ok = CheckPurpose(path, exemption, policy) && ok;
      }
      if (role_ok) ok = CheckApproverRole(path, exemption, policy, controls) && ok;
      if (info.blanket && !policy.allow_blanket_exemptions()) {
        issues_.Error(Code::kNotPermitted, path(),
                      absl::StrCat("blanket exemption (no assets or org_units) is not allowed by "
                                   "policy ",
                                   Quote(policy.id()), " (allow_blanket_exemptions is false)"));
        ok = false;
      }
      if (window_ok) ok = CheckWindow(path, exemption, policy, controls, info, civil_seconds) && ok;
    }
    if (exemption.has_artifacts()) {
      if (exemption.artifacts().include_components()) {
        issues_.Error(Code::kConflict, path() + ".artifacts.include_components",
                      "an exemption's artifact subset applies to what its rules matched; it does "
                      "not look into components");
        ok = false;
      }
      CompiledSelector subset;
      ok = selectors_->Compile([&path] { return path() + ".artifacts"; }, exemption.artifacts(), &subset) && ok;
      info.artifacts = std::make_unique<const CompiledSelector>(std::move(subset));
    }
    if (ok) WarnIfUseless(path, info, rules);
    exemption_rules_.push_back(std::move(rules));
    index_->exemptions.push_back(std::move(info));
  }

  // Whether `policy` permits the exemption's (set) purpose.
  bool CheckPurpose(PathFn path, const v1::Exemption& exemption, const v1::Policy& policy) {
    if (std::find(policy.exemption_purposes().begin(), policy.exemption_purposes().end(),
                  exemption.purpose()) != policy.exemption_purposes().end()) {
      return true;
    }
    std::vector<std::string> permitted;
    for (int p : policy.exemption_purposes()) permitted.push_back(v1::Purpose_Name(p));
    issues_.Error(Code::kNotPermitted, path() + ".purpose",
                  absl::StrCat(v1::Purpose_Name(exemption.purpose()), " is not permitted by policy ",
                               Quote(policy.id()),
                               permitted.empty()
                                   ? " (it permits no exemptions)"
                                   : absl::StrCat(" (it permits ", absl::StrJoin(permitted, ", "),
                                                  ")")));
    return false;
  }

  // Whether `policy`, if it lists approver roles, lists the exemption's.
  bool CheckApproverRole(PathFn path, const v1::Exemption& exemption,
                         const v1::Policy& policy, const ExemptionControls& controls) {
    const std::string& role = exemption.approver_role();
    if (controls.approver_roles.empty()) return true;
    // Spelled out only for an issue, as paths are.
    const auto permitted = [&controls] { return absl::StrJoin(controls.approver_roles, ", "); };
    if (role.empty()) {
      issues_.Error(Code::kRequired, path() + ".approver_role",
                    absl::StrCat("required: policy ", Quote(policy.id()),
                                 " lets only these roles approve exemptions: ", permitted()));
      return false;
    }
    if (std::find(controls.approver_roles.begin(), controls.approver_roles.end(), role) ==
        controls.approver_roles.end()) {
      issues_.Error(Code::kNotPermitted, path() + ".approver_role",
                    absl::StrCat("role ", Quote(role), " may not approve exemptions of policy ",
                                 Quote(policy.id()), " (it permits ", permitted(), ")"));
      return false;
    }
    return true;
  }

  // The assets and org units the exemption covers.
  bool CompileCoverage(PathFn path, const v1::Exemption& exemption,
                       ExemptionInfo* info) {
    bool ok = true;
    std::vector<std::string> assets;
    for (int a = 0; a < exemption.assets_size(); ++a) {
      const auto asset_path = [&path, a] { return absl::StrCat(path(), ".assets[", a, "]"); };
      if (exemption.assets(a).empty()) {
        issues_.Error(Code::kInvalidValue, asset_path(), "empty asset id");
        ok = false;
      } else if (issues_.CheckLength(asset_path, exemption.assets(a))) {
        assets.push_back(exemption.assets(a));
      }
    }
    std::vector<std::string> org_units;
    for (int u = 0; u < exemption.org_units_size(); ++u) {
      const std::string& unit = exemption.org_units(u);
      const auto unit_path = [&path, u] { return absl::StrCat(path(), ".org_units[", u, "]"); };
      const std::vector<absl::string_view> parts = absl::StrSplit(unit, '/');
      if (std::any_of(parts.begin(), parts.end(), [](absl::string_view p) { return p.empty(); })) {
        issues_.Error(Code::kInvalidValue, unit_path(),
                      absl::StrCat("invalid org unit ", Quote(unit),
                                   ": expected non-empty names joined by '/'"));
        ok = false;
      } else if (issues_.CheckLength(unit_path, unit)) {
        org_units.push_back(unit);
      }
    }
    info->Cover(std::move(assets), std::move(org_units));
    info->blanket = exemption.assets_size() == 0 && exemption.org_units_size() == 0;
    return ok;
  }

  // The rules (indexes into index_->rules) that `target` (at `path`) names in the policy
  // at `policy_index`: those listed, each once, or all of them.
  bool ResolveExemptRules(PathFn path, const v1::ExemptionTarget& target,
                          uint32_t policy_index, RuleList* rules) {
    const v1::Policy& policy = bundle_.policies(static_cast<int>(policy_index));
    if (target.rules_size() == 0) {
      const uint32_t first_rule = first_rule_of_policy_[policy_index];
      for (int r = 0; r < policy.rules_size(); ++r) rules->push_back(first_rule + r);
      return true;
    }
    const IdMap& rule_ids = rule_ids_of_policy_[policy_index];
    bool ok = true;
    for (int r = 0; r < target.rules_size(); ++r) {
      const std::string& id = target.rules(r);
      auto found = rule_ids.find(id);
      if (found == rule_ids.end()) {
        issues_.Error(Code::kUnknownReference, absl::StrCat(path(), ".rules[", r, "]"),
                      absl::StrCat("unknown rule ", Quote(id), " in policy ", Quote(policy.id())));
        ok = false;
      } else if (std::find(rules->begin(), rules->end(), found->second) == rules->end()) {
        rules->push_back(found->second);
      }
    }
    return ok;
  }

  // The exemption's window into `info`; `*civil_seconds` is its civil length (unset
  // when open-ended).
  bool CompileWindow(PathFn path, const v1::Exemption& exemption, ExemptionInfo* info,
                     absl::optional<int64_t>* civil_seconds) {
    if (!exemption.has_valid()) {
      issues_.Error(Code::kRequired, path() + ".valid", "required");
      return false;
    }
    const v1::Window& window = exemption.valid();
    if (!window.has_from()) {
      issues_.Error(Code::kRequired, path() + ".valid.from", "required");
      return false;
    }
    const IssuedInstant from = ParseCivilInstant([&] { return path() + ".valid.from"; }, window.from());
    IssuedInstant until;
    if (window.has_until()) {
      until = ParseCivilInstant([&] { return path() + ".valid.until"; }, window.until());
      if (!until.has_value()) return false;
    }
    if (!from.has_value()) return false;
    info->valid_from = from->time;
    if (!until.has_value()) return true;
    info->valid_until = until->time;
    if (info->valid_until <= info->valid_from) {
      issues_.Error(Code::kInvalidTime, path() + ".valid",
                    absl::StrCat("window is empty or inverted: until ", FormatInstant(info->valid_until),
                                 " is not after from ", FormatInstant(info->valid_from)));
      return false;
    }
    // Lengths are civil in one zone: a window across a daylight-saving change is still
    // whole days.
    *civil_seconds = from->zone == until->zone
                         ? until->civil - from->civil
                         : absl::ToInt64Seconds(info->valid_until - info->valid_from);
    return true;
  }

  // Whether the (valid) window fits what `policy` allows: its cap for the purpose, else
  // its longest window, and its latest end.
  bool CheckWindow(PathFn path, const v1::Exemption& exemption, const v1::Policy& policy,
                   const ExemptionControls& controls, const ExemptionInfo& info,
                   const absl::optional<int64_t>& civil_seconds) {
    int max_days = policy.max_exemption_days();
    std::string capped = "exemptions";
    auto limit = controls.max_days_by_purpose.find(exemption.purpose());
    if (limit != controls.max_days_by_purpose.end()) {
      max_days = limit->second;
      capped = absl::StrCat(v1::Purpose_Name(exemption.purpose()), " exemptions");
    }
    if (!civil_seconds.has_value() && max_days > 0) {
      issues_.Error(Code::kNotPermitted, path() + ".valid.until",
                    absl::StrCat("required: policy ", Quote(policy.id()), " caps ", capped, " at ",
                                 max_days, " days"));
      return false;
    }
    if (!civil_seconds.has_value() && controls.end_by.has_value()) {
      issues_.Error(Code::kNotPermitted, path() + ".valid.until",
                    absl::StrCat("required: policy ", Quote(policy.id()), " ends every exemption by ",
                                 FormatInstant(*controls.end_by)));
      return false;
    }
    if (max_days > 0 && *civil_seconds > int64_t{max_days} * 86400) {
      issues_.Error(Code::kNotPermitted, path() + ".valid",
                    absl::StrCat("window of ", (*civil_seconds + 86399) / 86400, " days exceeds the ",
                                 max_days, " days policy ", Quote(policy.id()), " allows ", capped));
      return false;
    }
    if (controls.end_by.has_value() && info.valid_until > *controls.end_by) {
      issues_.Error(Code::kNotPermitted, path() + ".valid.until",
                    absl::StrCat("ends at ", FormatInstant(info.valid_until), ", after ",
                                 FormatInstant(*controls.end_by), " when policy ",
                                 Quote(policy.id()), " ends every exemption"));
      return false;
    }
    return true;
  }

  void WarnIfUseless(PathFn path, const ExemptionInfo& info,
                     const RuleList& rules) {
    if (options_.now.has_value() && info.valid_until <= *options_.now) {
      issues_.Warning(Code::kNeverApplies, path() + ".valid",
                      absl::StrCat("exemption expired at ", FormatInstant(info.valid_until)));
      return;
    }
    for (uint32_t rule : rules) {
      const RuleInfo& r = index_->rules[rule];
      if (r.relative_to_first_seen || r.step_count == 0) return;
      if (index_->steps[r.first_step].at < info.valid_until) return;
    }
    if (!rules.empty()) {
      issues_.Warning(Code::kNeverApplies, path() + ".valid",
                      absl::StrCat("exemption can never apply: it ends at ",
                                   FormatInstant(info.valid_until),
                                   ", before any rule it names is in force"));
    }
  }

  // ---- Index ----------------------------------------------------------------

  // An id and what it identifies, ordered by id. The id's first eight bytes, read
  // big-endian into `head`, decide most comparisons without reading the id (which lives
  // in a large record elsewhere); ids hold no NUL byte, so zero padding orders a short
  // id before its extensions, as string comparison does.
  struct IdOrder {
    IdOrder(absl::string_view id, uint32_t index) : id(id), index(index) {
      for (size_t i = 0; i < sizeof(head); ++i) {
        head = (head << 8) | (i < id.size() ? static_cast<unsigned char>(id[i]) : 0);
      }
    }
    bool operator<(const IdOrder& other) const {
      if (head != other.head) return head < other.head;
      return id < other.id;
    }
    uint64_t head = 0;
    absl::string_view id;
    uint32_t index;
  };

  // Sorts by id. Generated and hand-kept bundles are often in id order already: one
  // pass finds out.
  static void SortById(std::vector<IdOrder>* ids) {
    if (!std::is_sorted(ids->begin(), ids->end())) std::sort(ids->begin(), ids->end());
  }

  // Ranks the rules and has each family's index builder place them, for a name index
  // of `entity_buckets` entities and groups (the exemptions' order and the hot lines
  // come after the checks that only warn). Reads only the rules, their selectors and
  // the policies; writes only ranks and the family indexes.
  void BuildRuleIndexes(size_t entity_buckets) {
    PolicyIndex& index = *index_;
    // Deterministic order of rules: (policy id, rule id). A policy's rules are
    // contiguous: policies are sorted by id, then each one's rules by id, on compact
    // (id, index) pairs rather than through the large rule records.
    std::vector<IdOrder> policies;
    policies.reserve(index.policies.size());
    for (uint32_t p = 0; p < index.policies.size(); ++p) policies.emplace_back(index.policies[p].id, p);
    SortById(&policies);
    std::vector<uint32_t> order;
    order.reserve(index.rules.size());
    std::vector<IdOrder> rules;
    for (const IdOrder& policy_order : policies) {
      const uint32_t policy = policy_order.index;
      const uint32_t first = first_rule_of_policy_[policy];
      const uint32_t end = policy + 1 < first_rule_of_policy_.size()
                               ? first_rule_of_policy_[policy + 1]
                               : static_cast<uint32_t>(index.rules.size());
      rules.clear();
      for (uint32_t rule = first; rule < end; ++rule) rules.emplace_back(index.rules[rule].id, rule);
      SortById(&rules);
      for (const IdOrder& rule : rules) order.push_back(rule.index);
    }
    for (uint32_t rank = 0; rank < order.size(); ++rank) index.rules[order[rank]].rank = rank;

    // Each rule is placed by the family its selector belongs to, in rank order.
    NameIndex::Builder names(entity_buckets, index.rules.size(), options_.regex_max_mem);
    PackageIndex::Builder packages;
    IdentifierIndex::Builder identifiers;
    for (uint32_t rule : order) {
      const CompiledSelector& selector = rule_selectors_[rule];
      if (selector.package != nullptr) {
        packages.Place(rule, *selector.package);
      } else if (selector.identifiers != nullptr) {
        identifiers.Place(rule, selector.identifiers->any_of);
      } else {
        names.Place(rule, selector.entities,
                    selector.product.has_value() ? &*selector.product : nullptr);
      }
    }
    index.names = std::move(names).Build();
    index.packages = std::move(packages).Build();
    index.identifiers = std::move(identifiers).Build();
  }

  // Per entity, the lines a hit reads after its bucket (hot_lines.h): the bucket's
  // own structures, then its rules' records, version ranges, exemptions and their
  // asset and org-unit lists, as many as a list holds. Built last: the index no
  // longer moves.
  void BuildHotLines() {
    PolicyIndex& index = *index_;
    index.hot_lines.resize(index.entities.bucket_count());
    std::vector<uint32_t> rules;
    for (uint32_t entity = 0; entity < index.hot_lines.size(); ++entity) {
      HotLines::Builder lines;
      index.names.AddHotLines(entity, &lines);
      rules.clear();
      index.names.AppendRulesOf(entity, &rules);
      for (uint32_t rule_index : rules) {
        if (lines.full()) break;
        const RuleInfo& rule = index.rules[rule_index];
        lines.AddRange(&rule, rule.EvaluatedBytes());
        lines.Add(rule.refinements);
        const uint32_t* exemptions = index.ExemptionsOf(rule);
        for (uint32_t i = 0; i < rule.exemption_count; ++i) {
          const ExemptionInfo& exemption = index.exemptions[exemptions[i]];
          lines.AddRange(&exemption, ExemptionInfo::kEvaluatedBytes);
          // The first line of each list: a long list is searched, not read through.
          lines.Add(exemption.assets().data());
          lines.Add(exemption.org_units().data());
        }
      }
      index.hot_lines[entity] = lines.Build();
    }
  }

  // Exemptions sorted by id; each rule lists the exemptions naming it, in that order.
  void OrderExemptions() {
    PolicyIndex& index = *index_;
    std::vector<IdOrder> ids;
    ids.reserve(index.exemptions.size());
    for (uint32_t e = 0; e < index.exemptions.size(); ++e) ids.emplace_back(index.exemptions[e].id, e);
    SortById(&ids);
    std::vector<uint32_t> by_id;
    by_id.reserve(ids.size());
    for (const IdOrder& exemption : ids) by_id.push_back(exemption.index);
    // Each rule's exemptions, contiguous in rule order (counted, then placed: no list
    // per rule).
    std::vector<uint32_t> count_of_rule(index.rules.size(), 0);
    for (const RuleList& rules : exemption_rules_) {
      for (uint32_t rule : rules) ++count_of_rule[rule];
    }
    // A rule with one exemption holds its index (PolicyIndex::ExemptionsOf).
    uint32_t total = 0;
    for (uint32_t rule = 0; rule < index.rules.size(); ++rule) {
      RuleInfo& info = index.rules[rule];
      info.exemption_count = count_of_rule[rule];
      if (info.exemption_count > 1) {
        info.first_exemption = total;
        total += info.exemption_count;
      }
    }
    index.rule_exemptions.assign(total, 0);
    std::vector<uint32_t>& placed_of_rule = count_of_rule;  // Reused: how many placed so far.
    std::fill(placed_of_rule.begin(), placed_of_rule.end(), 0);
    for (uint32_t position = 0; position < by_id.size(); ++position) {
      for (uint32_t rule : exemption_rules_[by_id[position]]) {
        RuleInfo& info = index.rules[rule];
        if (info.exemption_count == 1) {
          info.first_exemption = position;
        } else {
          index.rule_exemptions[info.first_exemption + placed_of_rule[rule]++] = position;
        }
      }
    }
    PermuteInPlace(std::move(by_id), &index.exemptions);
  }

  // Reorders `items` so that position p holds what was at `source[p]` (a permutation),
  // by following its cycles: no second array (a million-rule bundle has hundreds of
  // thousands of exemptions, each a 200-byte record of fresh memory).
  template <typename Items>
  static void PermuteInPlace(std::vector<uint32_t> source, Items* items) {
    constexpr uint32_t kPlaced = ~uint32_t{0};
    for (uint32_t start = 0; start < source.size(); ++start) {
      if (source[start] == kPlaced || source[start] == start) continue;
      typename Items::value_type first = std::move((*items)[start]);
      uint32_t to = start;
      while (source[to] != start) {
        const uint32_t from = source[to];
        (*items)[to] = std::move((*items)[from]);
        source[to] = kPlaced;
        to = from;
      }
      (*items)[to] = std::move(first);
      source[to] = kPlaced;
    }
  }

  const v1::PolicyBundle& bundle_;
  const CompileOptions& options_;
  IssueCollector issues_;
  std::unique_ptr<PolicyIndex> index_;
  ProductRegexCache regexes_;
  SelectorCompiler* selectors_ = nullptr;
  absl::flat_hash_map<std::string, uint32_t> step_label_index_;  // Into index_->step_labels.
  absl::flat_hash_map<std::string, uint32_t> step_time_index_;   // Into index_->step_time_texts.
  // Each civil instant read without error, by its text as the bundle holds it (alive
  // for the compilation): what it reads as, and its entry in index_->step_time_texts
  // once a step has needed it spelled out (0 before).
  struct KnownInstant {
    ResolvedCivilInstant resolved;
    uint32_t written = 0;
  };
  absl::flat_hash_map<CivilInstantText, KnownInstant> known_instants_;
  TimeZoneCache zones_;
  // The bundle's rules and steps (CountRulesAndSteps).
  struct Counts {
    size_t rules = 0;
    size_t steps = 0;
  };
  Counts counts_;
  // Policy id -> its first definition.
  IdMap policy_index_;
  // Per policy (bundle order): its first rule in index_->rules, and its rule ids.
  std::vector<uint32_t> first_rule_of_policy_;
  std::vector<IdMap> rule_ids_of_policy_;
  // Per rule, its compiled selector (for placement).
  LargeVector<CompiledSelector> rule_selectors_;
  // Per rule, its selector's hash (for WarnShadowedRules).
  LargeVector<SelectorHash> selector_hashes_;
  // Per exemption (bundle order), the rules it names.
  std::vector<RuleList> exemption_rules_;
  // Per policy (bundle order), what it allows of exemptions (CompileExemptionControls).
  std::vector<ExemptionControls> exemption_controls_;
};

}  // namespace

BundleCompilation CompileBundle(const v1::PolicyBundle& bundle, const SourceMap* source_map,
                                const CompileOptions& options) {
  return BundleCompiler(bundle, source_map, options).Run();
}

}  // namespace policy_internal
}  // namespace interdict
