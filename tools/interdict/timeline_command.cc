// `interdict timeline` (timeline_command.h).
#include "tools/interdict/timeline_command.h"

#include <unistd.h>

#include <map>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/types/optional.h"
#include "policy/interdict.h"
#include "policy/inventory/inventory.h"
#include "tools/interdict/arguments.h"
#include "tools/interdict/change_follower.h"
#include "tools/interdict/check_command.h"
#include "tools/interdict/evaluation_context.h"
#include "tools/interdict/inventory_walk.h"
#include "tools/interdict/policy_source.h"

namespace interdict {
namespace cli {
namespace {

constexpr char kUsage[] =
    "usage: interdict timeline [--policy FILE]... [--no-catalog] [context flags as for check]\n"
    "         [--format auto|jsonl|osquery|cyclonedx|spdx] INVENTORY...\n";

// "IN_FORCE DENY", "PENDING", "EXEMPTED", "CONDITIONAL WARN", "not matched".
std::string StateOf(const v1::RuleMatch* match) {
  if (match == nullptr) return "not matched";
  if (match->state() == v1::PENDING || match->state() == v1::EXEMPTED) return v1::RuleState_Name(match->state());
  std::string out = absl::StrCat(v1::RuleState_Name(match->state()), " ", v1::Verdict_Name(match->verdict()));
  if (!match->step_label().empty()) absl::StrAppend(&out, " (", match->step_label(), ")");
  return out;
}

// One change of one rule: when, which rule and action, from what to what.
struct Change {
  absl::Time at;
  std::string what;  // "us.omb.m-23-13/contractors UPDATE: IN_FORCE WARN -> IN_FORCE DENY (solicitations)"
  bool operator<(const Change& other) const { return std::tie(at, what) < std::tie(other.at, other.what); }
};

class Timeline {
 public:
  Timeline(const LoadedPolicy& policy, const ContextBase& context) : policy_(policy), context_(context) {}

  void Follow(const InventoryRecord& record, const std::string& name) {
    const ArtifactViewTree tree(record.artifact);
    RecordContext record_context(context_, record);
    for (v1::Action action : context_.actions) {
      record_context.view().action = action;
      absl::optional<v1::Decision> before;
      FollowChanges(*policy_.policy, tree.root(), record_context.view(),
                    [&](absl::Time at, const v1::Decision& decision) {
                      if (before.has_value()) Record(at, action, *before, decision, record_context.asset(), name);
                      before = decision;
                    });
    }
  }

  void Print(std::ostream& out) const {
    out << "Timeline from " << FormatInstant(context_.at) << " with " << policy_.description << "\n"
        << "Context: " << context_.description << "\n";
    if (changes_.empty()) {
      out << "\nNothing changes for these artifacts after " << FormatInstant(context_.at) << ".\n";
      return;
    }
    for (const auto& [change, affected] : changes_) {
      std::set<std::string> hosts;
      for (const auto& [host, artifact] : affected) hosts.insert(host);
      out << "\n" << FormatInstant(change.at) << "  " << change.what << "\n    " << affected.size()
          << (affected.size() == 1 ? " artifact" : " artifacts") << " on " << hosts.size()
          << (hosts.size() == 1 ? " host: " : " hosts: ");
      std::vector<std::string> items;
      for (const auto& [host, artifact] : affected) items.push_back(absl::StrCat(host, " (", artifact, ")"));
      out << absl::StrJoin(items, ", ") << "\n";
    }
  }

 private:
  // The rules whose state or verdict differs between `before` and `after`.
  void Record(absl::Time at, v1::Action action, const v1::Decision& before, const v1::Decision& after,
              const std::string& host, const std::string& name) {
    std::map<std::string, const v1::RuleMatch*> was;
    std::map<std::string, const v1::RuleMatch*> is;
    for (const v1::RuleMatch& match : before.matches()) was[absl::StrCat(match.policy_id(), "/", match.rule_id())] = &match;
    for (const v1::RuleMatch& match : after.matches()) is[absl::StrCat(match.policy_id(), "/", match.rule_id())] = &match;
    std::set<std::string> rules;
    for (const auto& [rule, match] : was) rules.insert(rule);
    for (const auto& [rule, match] : is) rules.insert(rule);
    for (const std::string& rule : rules) {
      const std::string from = StateOf(was.count(rule) ? was[rule] : nullptr);
      const std::string to = StateOf(is.count(rule) ? is[rule] : nullptr);
      if (from == to) continue;
      changes_[{at, absl::StrCat(rule, " ", v1::Action_Name(action), ": ", from, " -> ", to)}].insert({host, name});
    }
  }

  const LoadedPolicy& policy_;
  const ContextBase& context_;
  std::map<Change, std::set<std::pair<std::string, std::string>>> changes_;
};

}  // namespace

int RunTimeline(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) {
  std::vector<FlagSpec> flags = ContextFlags();
  flags.insert(flags.end(), {{"policy", true, kRepeatable}, {"no-catalog", false}, {"format", true}, {"help", false}});
  absl::StatusOr<Arguments> args = ParseArguments(argv, flags);
  if (!args.ok()) {
    err << "interdict timeline: " << args.status().message() << "\n" << kUsage;
    return kExitInputError;
  }
  if (args->Has("help")) {
    out << kUsage;
    return kExitOk;
  }
  if (args->positional().empty()) {
    err << "interdict timeline: no inventory given\n" << kUsage;
    return kExitInputError;
  }
  const absl::StatusOr<InventoryOptions> options = InventoryOptionsFromFormat(args->Has("format"), args->Value("format"));
  if (!options.ok()) {
    err << "interdict timeline: " << options.status().message() << "\n";
    return kExitInputError;
  }
  absl::StatusOr<ContextBase> context = BuildContext(*args);
  if (!context.ok()) {
    err << "interdict timeline: " << context.status().message() << "\n";
    return kExitInputError;
  }
  absl::StatusOr<LoadedPolicy> policy = LoadPolicy(!args->Has("no-catalog"), args->Values("policy"), err);
  if (!policy.ok()) {
    err << "interdict timeline: " << policy.status().message() << "\n";
    return kExitPolicyError;
  }
  Timeline timeline(*policy, *context);
  const WalkResult walk = WalkInventories(args->positional(), *options, isatty(STDERR_FILENO), err,
                                          [&](const InventoryRecord& record, const std::string& name) {
                                            timeline.Follow(record, name);
                                          });
  timeline.Print(out);
  return walk.clean() ? kExitOk : kExitInputError;
}

}  // namespace cli
}  // namespace interdict
