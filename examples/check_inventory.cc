// A host that checks an inventory: the library's inventory reader, policy compiler and
// evaluation in one short program (`interdict check` is the full tool).
//
//   bazel run //examples:check_inventory -- --at=2024-10-01T00:00:00Z
//     --policy="$PWD/examples/policies/kaspersky.textproto"
//     --inventory="$PWD/examples/inventories/fleet.jsonl"
//
// Reads any inventory (osquery, CycloneDX, SPDX, JSONL of InventoryItem), evaluates each
// record against the --policy files (comma-separated) or, without them, the bundled
// catalog, and prints one line per artifact and action that is not ALLOW. Other flags:
// --at (RFC 3339, default now), --actions (default RUN,UPDATE), --jurisdictions
// (default US), --organization_kinds, --asset_kinds, --uses, --fail_on=deny|warn|never.
// Exit status: 0 done; 1 policy error (a file that cannot be read, does not compile or
// holds no policy); 2 input error (a flag, an inventory that cannot be read, a bad
// record, an input that ended early: each is reported, the rest still checked);
// 3 an artifact reached --fail_on.
#include <algorithm>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "policy/interdict.h"
#include "policy/inventory/inventory.h"

namespace {

using interdict::v1::Verdict;

// A comma-separated flag's values, and views of them for ContextView.
struct List {
  explicit List(const std::string& text) : values(absl::StrSplit(text, ',', absl::SkipWhitespace())) {
    views.assign(values.begin(), values.end());
  }
  std::vector<std::string> values;
  std::vector<absl::string_view> views;
};

// Reads --name=value flags over their defaults; returns what is wrong, or "".
std::string ParseFlags(int argc, char** argv, std::map<std::string, std::string>* flags,
                       std::vector<interdict::v1::Action>* actions, absl::Time* at) {
  std::set<std::string> given;
  for (int i = 1; i < argc; ++i) {
    std::vector<std::string> flag = absl::StrSplit(absl::StripPrefix(argv[i], "--"), absl::MaxSplits('=', 1));
    if (!absl::StartsWith(argv[i], "--") || flag.size() != 2 || flags->count(flag[0]) == 0) {
      return absl::StrCat("unknown argument \"", argv[i], "\" (flags are --name=value)");
    }
    if (!given.insert(flag[0]).second) return absl::StrCat("--", flag[0], ": given twice");
    (*flags)[flag[0]] = flag[1];
  }
  for (const std::string& name : List((*flags)["actions"]).values) {
    interdict::v1::Action action;
    if (!interdict::v1::Action_Parse(name, &action) || action == interdict::v1::ACTION_UNSPECIFIED) {
      return absl::StrCat("--actions: unknown action \"", name, "\" (RUN, INSTALL, UPDATE, PROCURE, INTEGRATE)");
    }
    actions->push_back(action);
  }
  const std::string& fail_on = (*flags)["fail_on"];
  std::string error;
  if (actions->empty()) return "--actions: empty";
  if (List((*flags)["jurisdictions"]).values.empty()) return "--jurisdictions: empty";
  if ((*flags)["inventory"].empty()) return "--inventory: required";
  if (fail_on != "deny" && fail_on != "warn" && fail_on != "never") return "--fail_on: not deny, warn or never";
  if (!(*flags)["at"].empty() && !absl::ParseTime(absl::RFC3339_full, (*flags)["at"], at, &error)) {
    return absl::StrCat("--at: \"", (*flags)["at"], "\" is not RFC 3339");
  }
  return "";
}

// The policy files compiled, or the bundled catalog when none is given; nullptr (after
// printing why) when a file cannot be read, does not compile or no policy is left.
std::shared_ptr<const interdict::CompiledPolicy> LoadPolicy(const List& files) {
  if (files.values.empty()) return interdict::BundledCatalog().policy;
  std::vector<interdict::CompileIssue> issues;  // Errors and warnings, with file:line:col.
  auto policy = interdict::PolicyCompiler().CompileFiles(files.values, &issues);
  for (const interdict::CompileIssue& issue : issues) std::cerr << issue.ToString() << "\n";
  if (!policy.ok() && issues.empty()) std::cerr << policy.status().message() << "\n";  // A load error.
  // Entities or exemptions alone compile, and would allow everything.
  if (policy.ok() && (*policy)->policy_count() == 0) std::cerr << "the policy files hold no policies\n";
  return policy.ok() && (*policy)->policy_count() > 0 ? *policy : nullptr;
}

// One line: the asset, the artifact, the action and why; and how the vendor was
// recognised when its vendor string did not say.
void Report(const interdict::InventoryRecord& record, interdict::v1::Action action,
            const interdict::CompiledPolicy& policy, const interdict::Decision& decision) {
  const std::string& version = record.artifact.version();
  std::cout << (record.asset_id.empty() ? record.source : record.asset_id) << "  " << record.artifact.name()
            << (version.empty() ? "" : " ") << version << "  " << interdict::v1::Action_Name(action) << ": "
            << policy.Explain(decision);
  const interdict::EntityDescription entity = policy.DescribeVendorEntity(decision);
  if (!entity.id.empty() && entity.evidence != "vendor") std::cout << " [" << entity.id << " by " << entity.evidence << "]";
  std::cout << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  std::map<std::string, std::string> flags = {
      {"policy", ""}, {"inventory", ""},   {"at", ""},            {"actions", "RUN,UPDATE"}, {"jurisdictions", "US"},
      {"uses", ""},   {"asset_kinds", ""}, {"fail_on", "never"}, {"organization_kinds", ""}};
  std::vector<interdict::v1::Action> actions;
  absl::Time at = absl::Now();
  if (const std::string problem = ParseFlags(argc, argv, &flags, &actions, &at); !problem.empty()) {
    std::cerr << problem << "\nusage: check_inventory --inventory=FILE [--policy=FILE,...] [--at=RFC3339] "
                 "[--actions=RUN,...] [--jurisdictions=US,...] ... [--fail_on=deny|warn|never]\n";
    return 2;
  }
  const std::shared_ptr<const interdict::CompiledPolicy> policy = LoadPolicy(List(flags["policy"]));
  if (policy == nullptr) return 1;
  auto reader = interdict::InventoryReader::Open(flags["inventory"]);  // Never a directory, FIFO or device.
  if (!reader.ok()) {
    std::cerr << reader.status().message() << "\n";
    return 2;
  }
  std::cout << "Interdict check as of " << absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", at, absl::UTCTimeZone()) << ": "
            << policy->policy_count() << " policies, " << policy->rule_count() << " rules\n";

  const List jurisdictions(flags["jurisdictions"]), kinds(flags["organization_kinds"]),
      asset_kinds(flags["asset_kinds"]), uses(flags["uses"]);
  interdict::ContextView context;
  context.instant = at;
  context.jurisdictions = jurisdictions.views;
  context.organization_kinds = kinds.views;
  context.asset_kinds = asset_kinds.views;
  context.uses = uses.views;
  std::map<Verdict, int> worst_counts;
  interdict::Decision decision;  // Reused: steady-state evaluation allocates nothing.
  interdict::InventoryRecord record;
  while ((*reader)->Next(&record)) {
    const interdict::ArtifactViewTree tree(record.artifact);  // The artifact and its components.
    context.asset_id = record.asset_id;
    context.org_unit = record.org_unit;
    Verdict worst = interdict::v1::ALLOW;
    for (interdict::v1::Action action : actions) {
      context.action = action;
      policy->Evaluate(tree.root(), context, &decision);
      worst = std::max(worst, decision.verdict());
      if (decision.verdict() != interdict::v1::ALLOW) Report(record, action, *policy, decision);
    }
    ++worst_counts[worst];
    // Bad records are reported as they come, so that they never pile up in memory.
    for (const interdict::InventoryProblem& problem : (*reader)->TakeProblems()) std::cerr << problem.ToString() << "\n";
  }
  for (const interdict::InventoryProblem& problem : (*reader)->TakeProblems()) std::cerr << problem.ToString() << "\n";
  if (!(*reader)->status().ok()) std::cerr << (*reader)->status().message() << "\n";  // The input ended early.
  const bool input_error = (*reader)->skipped() > 0 || !(*reader)->status().ok();
  std::cout << "Summary (worst verdict over " << actions.size() << " actions): " << worst_counts[interdict::v1::DENY]
            << " DENY, " << worst_counts[interdict::v1::WARN] << " WARN, " << worst_counts[interdict::v1::ALLOW]
            << " ALLOW" << (input_error ? "; input errors (see standard error)" : "") << "\n";
  if (input_error) return 2;
  const int denied = worst_counts[interdict::v1::DENY], warned = worst_counts[interdict::v1::WARN];
  return (flags["fail_on"] == "deny" && denied > 0) || (flags["fail_on"] == "warn" && denied + warned > 0) ? 3 : 0;
}
