// `interdict check` (check_command.h).
#include "tools/interdict/check_command.h"

#include <unistd.h>

#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "google/protobuf/util/json_util.h"
#include "policy/interdict.h"
#include "policy/inventory/inventory.h"
#include "tools/interdict/arguments.h"
#include "tools/interdict/evaluation_context.h"
#include "tools/interdict/inventory_walk.h"
#include "tools/interdict/policy_source.h"

namespace interdict {
namespace cli {
namespace {

std::vector<FlagSpec> CheckFlags() {
  std::vector<FlagSpec> flags = ContextFlags();
  flags.insert(flags.end(), {{"policy", true},
                             {"no-catalog", false},
                             {"output", true},
                             {"fail-on", true},
                             {"format", true},
                             {"help", false}});
  return flags;
}

constexpr char kUsage[] =
    "usage: interdict check [--policy FILE]... [--no-catalog] [--at RFC3339] [--action A]...\n"
    "         [--jurisdiction J]... [--org-kind K]... [--asset-kind K]... [--use U]...\n"
    "         [--asset ID] [--org-unit PATH] [--purpose P] [--context FILE]\n"
    "         [--output table|jsonl|summary] [--fail-on deny|warn|never]\n"
    "         [--format auto|jsonl|osquery|cyclonedx|spdx] INVENTORY...\n";

// Counts for the summary.
struct Tally {
  std::map<v1::Verdict, uint64_t> worst;                  // Artifacts by worst verdict.
  std::map<std::string, std::map<v1::Verdict, uint64_t>> by_policy;  // Matches in force.
  std::map<std::string, v1::Verdict> by_host;            // Worst verdict per host.
  std::map<absl::Time, std::map<std::string, uint64_t>> deadlines;  // next change -> rule -> artifacts.
  uint64_t artifacts = 0;
};

class Check {
 public:
  Check(const Arguments& args, const LoadedPolicy& policy, const ContextBase& context, std::ostream& out,
        std::ostream& err)
      : args_(args), policy_(policy), context_(context), out_(out), err_(err) {
    output_ = args.Value("output", "table");
    colour_ = output_ == "table" && isatty(STDOUT_FILENO);
    progress_ = isatty(STDERR_FILENO);
  }

  // Reads and evaluates every inventory; returns whether every input was read cleanly.
  bool Run(const std::vector<std::string>& inventories, const InventoryOptions& options) {
    if (output_ == "table") {
      out_ << "Interdict check as of " << FormatInstant(context_.at) << " with " << policy_.description << ": "
           << policy_.policy->policy_count() << " policies, " << policy_.policy->rule_count() << " rules\n"
           << "Context: " << context_.description << "; actions "
           << absl::StrJoin(context_.actions, ", ", [](std::string* o, v1::Action a) { o->append(v1::Action_Name(a)); })
           << "\n";
    }
    walk_ = WalkInventories(inventories, options, progress_, err_,
                            [this](const InventoryRecord& record, const std::string& name) { Evaluate(record, name); });
    if (output_ != "jsonl") Summary();
    return walk_.clean();
  }

  v1::Verdict worst() const { return worst_; }

 private:
  void Evaluate(const InventoryRecord& record, const std::string& display_name) {
    const ArtifactViewTree tree(record.artifact);
    RecordContext record_context(context_, record);
    ContextView& context = record_context.view();
    const std::string& host = record_context.asset();
    v1::Verdict worst = v1::ALLOW;
    std::vector<std::string> reasons;
    std::string verdicts;
    std::string evidence;
    for (v1::Action action : context_.actions) {
      context.action = action;
      policy_.policy->Evaluate(tree.root(), context, &decision_);
      worst = std::max(worst, decision_.verdict());
      absl::StrAppendFormat(&verdicts, " %-8s", Colour(decision_.verdict()));
      v1::Decision proto_decision;
      (void)policy_.policy->ToProto(decision_, &proto_decision);
      Count(proto_decision);
      if (output_ == "jsonl") {
        WriteJsonl(record, host, action, proto_decision);
      } else if (decision_.matched()) {
        reasons.push_back(absl::StrCat(v1::Action_Name(action), ": ", proto_decision.explanation()));
        const EntityDescription entity = policy_.policy->DescribeVendorEntity(decision_);
        if (!entity.id.empty() && entity.evidence != "vendor") {
          evidence = absl::StrCat("vendor: ", entity.id, " (by ", entity.evidence, ")");
        }
      }
    }
    ++tally_.artifacts;
    ++tally_.worst[worst];
    v1::Verdict& host_worst = tally_.by_host.emplace(host, v1::ALLOW).first->second;
    host_worst = std::max(host_worst, worst);
    worst_ = std::max(worst_, worst);
    if (output_ != "table") return;
    if (host != last_host_) {
      out_ << "\n" << host << "\n";
      last_host_ = host;
    }
    out_ << absl::StrFormat("  %-44s %-16s", Shorten(display_name, 44), record.artifact.version().substr(0, 16))
         << verdicts << "\n";
    if (!evidence.empty()) out_ << "      " << evidence << "\n";
    for (const std::string& reason : reasons) out_ << "      " << reason << "\n";
  }

  // `text` in at most `width` bytes: long component paths keep their end.
  static std::string Shorten(const std::string& text, size_t width) {
    if (text.size() <= width) return text;
    return absl::StrCat("...", text.substr(text.size() - (width - 3)));
  }

  std::string Colour(v1::Verdict verdict) const {
    const std::string name = v1::Verdict_Name(verdict);
    if (!colour_) return name;
    const char* code = verdict == v1::DENY ? "31" : verdict == v1::WARN ? "33" : "32";
    return absl::StrCat("\x1b[", code, "m", name, "\x1b[0m");
  }

  void Count(const v1::Decision& decision) {
    for (const v1::RuleMatch& match : decision.matches()) {
      if (match.state() == v1::IN_FORCE || match.state() == v1::CONDITIONAL) {
        ++tally_.by_policy[match.policy_id()][match.verdict()];
      }
      if (match.has_next_step_at()) {
        const absl::Time at = absl::FromUnixSeconds(match.next_step_at().seconds());
        if (at > context_.at) ++tally_.deadlines[at][absl::StrCat(match.policy_id(), "/", match.rule_id(), " -> ",
                                                                v1::Verdict_Name(match.next_step_verdict()))];
      }
    }
  }

  void WriteJsonl(const InventoryRecord& record, const std::string& host, v1::Action action,
                  const v1::Decision& decision) {
    google::protobuf::util::JsonPrintOptions options;
    options.preserve_proto_field_names = false;
    std::string artifact;
    std::string decision_json;
    (void)google::protobuf::util::MessageToJsonString(record.artifact, &artifact, options);
    (void)google::protobuf::util::MessageToJsonString(decision, &decision_json, options);
    out_ << "{\"source\":" << nlohmann_quote(record.source) << ",\"line\":" << record.line
         << ",\"record\":" << record.index << ",\"asset\":" << nlohmann_quote(host) << ",\"action\":\""
         << v1::Action_Name(action) << "\",\"artifact\":" << artifact << ",\"decision\":" << decision_json << "}\n";
  }

  static std::string nlohmann_quote(const std::string& text) {
    std::string out = "\"";
    for (unsigned char c : text) {
      if (c == '"' || c == '\\') {
        out += '\\';
        out += static_cast<char>(c);
      } else if (c < 0x20) {
        absl::StrAppendFormat(&out, "\\u%04x", c);
      } else {
        out += static_cast<char>(c);
      }
    }
    return out + "\"";
  }

  void Summary() {
    out_ << "\nSummary: " << tally_.artifacts << " artifacts on " << tally_.by_host.size()
         << " hosts; worst verdict over " << context_.actions.size() << " actions: " << tally_.worst[v1::DENY]
         << " DENY, " << tally_.worst[v1::WARN] << " WARN, " << tally_.worst[v1::ALLOW] << " ALLOW";
    if (walk_.skipped > 0) out_ << "; " << walk_.skipped << " inventory records skipped (see stderr)";
    if (walk_.unreadable > 0) out_ << "; " << walk_.unreadable << " inputs not read to their end (see stderr)";
    out_ << "\n";
    if (!tally_.by_policy.empty()) {
      out_ << "By policy (rules in force, per artifact and action):\n";
      for (const auto& [policy, verdicts] : tally_.by_policy) {
        out_ << "  " << policy << ":";
        for (const auto& [verdict, count] : verdicts) out_ << " " << count << " " << v1::Verdict_Name(verdict);
        out_ << "\n";
      }
    }
    std::vector<std::string> hosts;
    for (const auto& [host, verdict] : tally_.by_host) {
      if (verdict != v1::ALLOW) hosts.push_back(absl::StrCat(host, " ", v1::Verdict_Name(verdict)));
    }
    if (!hosts.empty()) out_ << "Hosts not allowed: " << absl::StrJoin(hosts, ", ") << "\n";
    if (!tally_.deadlines.empty()) {
      out_ << "Next deadlines:\n";
      int shown = 0;
      for (const auto& [at, rules] : tally_.deadlines) {
        for (const auto& [rule, count] : rules) {
          out_ << "  " << FormatInstant(at) << "  " << rule << " (" << count << " artifact-actions)\n";
        }
        if (++shown == 5) break;
      }
    }
  }

  const Arguments& args_;
  const LoadedPolicy& policy_;
  const ContextBase& context_;
  std::ostream& out_;
  std::ostream& err_;
  std::string output_;
  bool colour_ = false;
  bool progress_ = false;
  Decision decision_;
  Tally tally_;
  std::string last_host_;
  WalkResult walk_;
  v1::Verdict worst_ = v1::ALLOW;
};

}  // namespace

int RunCheck(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) {
  absl::StatusOr<Arguments> args = ParseArguments(argv, CheckFlags());
  if (!args.ok()) {
    err << "interdict check: " << args.status().message() << "\n" << kUsage;
    return kExitInputError;
  }
  if (args->Has("help")) {
    out << kUsage;
    return kExitOk;
  }
  if (args->positional().empty()) {
    err << "interdict check: no inventory given\n" << kUsage;
    return kExitInputError;
  }
  const std::string output = args->Value("output", "table");
  if (output != "table" && output != "jsonl" && output != "summary") {
    err << "interdict check: --output: \"" << output << "\" is not table, jsonl or summary\n";
    return kExitInputError;
  }
  const std::string fail_on = args->Value("fail-on", "never");
  if (fail_on != "deny" && fail_on != "warn" && fail_on != "never") {
    err << "interdict check: --fail-on: \"" << fail_on << "\" is not deny, warn or never\n";
    return kExitInputError;
  }
  const absl::StatusOr<InventoryOptions> options = InventoryOptionsFromFormat(args->Has("format"), args->Value("format"));
  if (!options.ok()) {
    err << "interdict check: " << options.status().message() << "\n";
    return kExitInputError;
  }
  absl::StatusOr<ContextBase> context = BuildContext(*args);
  if (!context.ok()) {
    err << "interdict check: " << context.status().message() << "\n";
    return kExitInputError;
  }
  absl::StatusOr<LoadedPolicy> policy = LoadPolicy(!args->Has("no-catalog"), args->Values("policy"), err);
  if (!policy.ok()) {
    err << "interdict check: " << policy.status().message() << "\n";
    return kExitPolicyError;
  }
  Check check(*args, *policy, *context, out, err);
  const bool clean = check.Run(args->positional(), *options);
  if (!clean) return kExitInputError;
  if ((fail_on == "deny" && check.worst() == v1::DENY) ||
      (fail_on == "warn" && check.worst() >= v1::WARN)) {
    return kExitThreshold;
  }
  return kExitOk;
}

}  // namespace cli
}  // namespace interdict
