// Checks a JSONL inventory (interdict.v1.InventoryItem per line) against policy files
// and prints a compliance report: the verdict for each artifact under each action, why,
// and when it next changes.
//
//   bazel run //examples:check_inventory -- --at=2024-10-01T00:00:00Z
//     --policy="$PWD/examples/policies/kaspersky.textproto"
//     --inventory="$PWD/examples/inventories/fleet.jsonl"
//
// Exit status: 0 report printed; 1 bad input (policy, inventory record or flag; every
// bad record is reported with its line and the others are still checked);
// 3 with --fail_on=deny|warn when an artifact reaches that verdict.
#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "google/protobuf/util/json_util.h"
#include "interdict/v1/artifact.pb.h"
#include "policy/interdict.h"

ABSL_FLAG(std::string, policy, "", "Comma-separated policy files (textproto, .binpb, .json).");
ABSL_FLAG(std::string, inventory, "", "JSONL inventory: one interdict.v1.InventoryItem per line.");
ABSL_FLAG(std::string, at, "", "Instant to evaluate at, RFC 3339 (default: now).");
ABSL_FLAG(std::string, actions, "RUN,UPDATE", "Comma-separated actions to evaluate.");
ABSL_FLAG(std::string, jurisdictions, "US", "Comma-separated jurisdictions of the asker.");
ABSL_FLAG(std::string, organization_kinds, "", "Comma-separated organisation kinds.");
ABSL_FLAG(std::string, asset_kinds, "", "Comma-separated kinds of every asset (e.g. government-device).");
ABSL_FLAG(std::string, uses, "",
          "Comma-separated uses of every asset (e.g. public-safety); empty: not stated, and "
          "use-limited rules are CONDITIONAL.");
ABSL_FLAG(std::string, purpose, "", "Purpose of the assets (e.g. SECURITY_RESEARCH), if known.");
ABSL_FLAG(std::string, fail_on, "never", "Exit 3 when any artifact is at least: deny, warn, never.");

namespace {

struct Item {
  int line = 0;
  interdict::v1::InventoryItem record;
};

std::vector<std::string> SplitList(const std::string& text) {
  return absl::StrSplit(text, ',', absl::SkipWhitespace());
}

// Reads the inventory; reports each bad line on stderr and keeps the good ones.
bool ReadInventory(const std::string& path, std::vector<Item>* items, int* bad) {
  std::ifstream in(path);
  if (!in) {
    std::cerr << path << ": cannot open inventory\n";
    return false;
  }
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    Item item;
    item.line = number;
    auto status = google::protobuf::util::JsonStringToMessage(line, &item.record);
    std::string problem;
    if (!status.ok()) {
      problem = std::string(status.message());
    } else if (item.record.artifact().name().empty()) {
      problem = "artifact.name: required";
    }
    if (!problem.empty()) {
      std::cerr << path << ":" << number << ": " << problem << "\n";
      ++*bad;
      continue;
    }
    items->push_back(std::move(item));
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("Checks a JSONL inventory against Interdict policy files.");
  absl::ParseCommandLine(argc, argv);

  // Flags.
  std::vector<interdict::v1::Action> actions;
  for (const std::string& name : SplitList(absl::GetFlag(FLAGS_actions))) {
    interdict::v1::Action action;
    if (!interdict::v1::Action_Parse(name, &action) || action == interdict::v1::ACTION_UNSPECIFIED) {
      std::cerr << "--actions: unknown action \"" << name << "\" (RUN, INSTALL, UPDATE, PROCURE, INTEGRATE)\n";
      return 1;
    }
    actions.push_back(action);
  }
  absl::Time at = absl::Now();
  if (!absl::GetFlag(FLAGS_at).empty()) {
    std::string error;
    if (!absl::ParseTime(absl::RFC3339_full, absl::GetFlag(FLAGS_at), &at, &error)) {
      std::cerr << "--at: \"" << absl::GetFlag(FLAGS_at) << "\" is not RFC 3339: " << error << "\n";
      return 1;
    }
  }
  interdict::v1::Purpose purpose = interdict::v1::PURPOSE_UNSPECIFIED;
  if (!absl::GetFlag(FLAGS_purpose).empty() &&
      !interdict::v1::Purpose_Parse(absl::GetFlag(FLAGS_purpose), &purpose)) {
    std::cerr << "--purpose: unknown purpose \"" << absl::GetFlag(FLAGS_purpose) << "\"\n";
    return 1;
  }
  const std::string fail_on = absl::GetFlag(FLAGS_fail_on);
  if (fail_on != "never" && fail_on != "warn" && fail_on != "deny") {
    std::cerr << "--fail_on: expected never, warn or deny, got \"" << fail_on << "\"\n";
    return 1;
  }
  if (absl::GetFlag(FLAGS_policy).empty() || absl::GetFlag(FLAGS_inventory).empty()) {
    std::cerr << "--policy and --inventory are required\n";
    return 1;
  }

  // Policy.
  std::vector<interdict::CompileIssue> issues;
  auto policy = interdict::PolicyCompiler().CompileFiles(SplitList(absl::GetFlag(FLAGS_policy)), &issues);
  for (const interdict::CompileIssue& issue : issues) std::cerr << issue.ToString() << "\n";
  if (!policy.ok()) {
    if (issues.empty()) std::cerr << policy.status().message() << "\n";
    return 1;
  }

  // Inventory.
  std::vector<Item> items;
  int bad = 0;
  if (!ReadInventory(absl::GetFlag(FLAGS_inventory), &items, &bad)) return 1;

  // Evaluate and report.
  const std::vector<std::string> jurisdictions = SplitList(absl::GetFlag(FLAGS_jurisdictions));
  const std::vector<std::string> kinds = SplitList(absl::GetFlag(FLAGS_organization_kinds));
  const std::vector<absl::string_view> jurisdiction_views(jurisdictions.begin(), jurisdictions.end());
  const std::vector<absl::string_view> kind_views(kinds.begin(), kinds.end());
  const std::vector<std::string> asset_kinds = SplitList(absl::GetFlag(FLAGS_asset_kinds));
  const std::vector<absl::string_view> asset_kind_views(asset_kinds.begin(), asset_kinds.end());
  const std::vector<std::string> uses = SplitList(absl::GetFlag(FLAGS_uses));
  const std::vector<absl::string_view> use_views(uses.begin(), uses.end());
  std::set<std::string> assets;
  for (const Item& item : items) assets.insert(item.record.asset_id());
  std::cout << "Interdict report as of " << absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", at, absl::UTCTimeZone())
            << ": " << items.size() << " artifacts on " << assets.size() << " assets, "
            << (*policy)->policy_count() << " policies, " << (*policy)->rule_count() << " rules, "
            << (*policy)->exemption_count() << " exemptions\n\n";
  std::string header = absl::StrFormat("%-15s %-42s %-13s", "ASSET", "PRODUCT", "VERSION");
  for (interdict::v1::Action action : actions) {
    absl::StrAppendFormat(&header, " %-8s", interdict::v1::Action_Name(action));
  }
  std::cout << header << "\n";

  std::map<interdict::v1::Verdict, int> worst_counts;
  interdict::Decision decision;
  for (const Item& item : items) {
    interdict::ContextView context;
    context.instant = at;
    context.jurisdictions = jurisdiction_views;
    context.organization_kinds = kind_views;
    context.asset_kinds = asset_kind_views;
    context.uses = use_views;
    context.asset_id = item.record.asset_id();
    context.org_unit = item.record.org_unit();
    context.purpose = purpose;
    const interdict::ArtifactViewTree tree(item.record.artifact());  // With its components.
    const interdict::ArtifactView& artifact = tree.root();
    std::string line = absl::StrFormat("%-15s %-42s %-13s", item.record.asset_id(),
                                       artifact.name.substr(0, 42), artifact.version.substr(0, 13));
    interdict::v1::Verdict worst = interdict::v1::ALLOW;
    std::vector<std::string> reasons;
    for (interdict::v1::Action action : actions) {
      context.action = action;
      (*policy)->Evaluate(artifact, context, &decision);
      absl::StrAppendFormat(&line, " %-8s", interdict::v1::Verdict_Name(decision.verdict()));
      worst = std::max(worst, decision.verdict());
      if (decision.matched()) {
        reasons.push_back(absl::StrCat(interdict::v1::Action_Name(action), ": ",
                                       (*policy)->Explain(decision)));
      }
    }
    ++worst_counts[worst];
    std::cout << line << "\n";
    // Say how the vendor was recognised when its vendor string did not name it.
    const interdict::EntityDescription entity = (*policy)->DescribeVendorEntity(decision);
    if (!reasons.empty() && !entity.id.empty() && entity.evidence != "vendor") {
      std::cout << "    vendor: " << entity.id << " (by " << entity.evidence << ")\n";
    }
    for (const std::string& reason : reasons) std::cout << "    " << reason << "\n";
  }
  std::cout << "\nSummary (worst verdict over " << actions.size() << " actions): "
            << worst_counts[interdict::v1::DENY] << " DENY, " << worst_counts[interdict::v1::WARN]
            << " WARN, " << worst_counts[interdict::v1::ALLOW] << " ALLOW";
  if (bad > 0) std::cout << "; " << bad << " bad inventory records (see above)";
  std::cout << "\n";

  if (bad > 0) return 1;
  if ((fail_on == "deny" && worst_counts[interdict::v1::DENY] > 0) ||
      (fail_on == "warn" && worst_counts[interdict::v1::DENY] + worst_counts[interdict::v1::WARN] > 0)) {
    return 3;
  }
  return 0;
}
