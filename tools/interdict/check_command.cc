// `interdict check` (check_command.h).
#include "tools/interdict/check_command.h"

#include <unistd.h>

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "google/protobuf/util/json_util.h"
#include "policy/interdict.h"
#include "policy/inventory/inventory.h"
#include "tools/interdict/arguments.h"
#include "tools/interdict/change_follower.h"
#include "tools/interdict/check_report.h"
#include "tools/interdict/html_report.h"
#include "tools/interdict/evaluation_context.h"
#include "tools/interdict/inventory_walk.h"
#include "tools/interdict/policy_source.h"

namespace interdict {
namespace cli {
namespace {

std::vector<FlagSpec> CheckFlags() {
  std::vector<FlagSpec> flags = ContextFlags();
  flags.insert(flags.end(), {{"policy", true, kRepeatable},
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
    "         [--output table|jsonl|summary|html] [--fail-on deny|warn|never]\n"
    "         [--format auto|jsonl|osquery|cyclonedx|spdx] INVENTORY...\n";

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
    report_.at = context_.at;
    report_.policy_description = policy_.description;
    report_.policy_count = policy_.policy->policy_count();
    report_.rule_count = policy_.policy->rule_count();
    report_.context_description = context_.description;
    report_.actions = context_.actions;
    report_.keep_flagged = output_ == "html";
    if (output_ == "table") {
      out_ << "Interdict check as of " << FormatInstant(context_.at) << " with " << policy_.description << ": "
           << report_.policy_count << " policies, " << report_.rule_count << " rules\n"
           << "Context: " << context_.description << "; actions "
           << absl::StrJoin(context_.actions, ", ", [](std::string* o, v1::Action a) { o->append(v1::Action_Name(a)); })
           << "\n";
    }
    const WalkResult walk = WalkInventories(
        inventories, options, progress_, err_,
        [this](const InventoryRecord& record, const std::string& name) { Evaluate(record, name); });
    report_.skipped = walk.skipped;
    report_.unreadable = walk.unreadable;
    report_.ignored = walk.ignored;
    if (output_ == "table" || output_ == "summary") WriteSummary(report_, out_);
    if (output_ == "html") WriteHtmlReport(report_, out_);
    return walk.clean();
  }

  v1::Verdict worst() const { return worst_; }

 private:
  void Evaluate(const InventoryRecord& record, const std::string& display_name) {
    const ArtifactViewTree tree(record.artifact);
    RecordContext record_context(context_, record);
    ContextView& context = record_context.view();
    const std::string& host = record_context.asset();
    ReportedArtifact artifact;
    artifact.name = display_name;
    artifact.version = record.artifact.version();
    decisions_.resize(context_.actions.size());
    for (size_t a = 0; a < context_.actions.size(); ++a) {
      const v1::Action action = context_.actions[a];
      context.action = action;
      policy_.policy->Evaluate(tree.root(), context, &decision_);
      artifact.verdicts.push_back(decision_.verdict());
      artifact.worst = std::max(artifact.worst, decision_.verdict());
      v1::Decision& proto_decision = decisions_[a];
      (void)policy_.policy->ToProto(decision_, &proto_decision);
      if (output_ != "jsonl" && decision_.next_change() != absl::InfiniteFuture()) {
        std::set<UpcomingChange> changes;
        FollowChanges(*policy_.policy, tree.root(), context, [&](absl::Time, const v1::Decision& later) {
          CollectUpcoming(later, context_.at, &changes);
        });
        report_.AddUpcoming(changes);
      }
      if (output_ == "jsonl") {
        WriteJsonl(record, host, action, proto_decision);
      } else if (decision_.matched()) {
        artifact.reasons.push_back(absl::StrCat(v1::Action_Name(action), ": ", proto_decision.explanation()));
        const EntityDescription entity = policy_.policy->DescribeVendorEntity(decision_);
        if (!entity.id.empty() && entity.evidence != "vendor") {
          artifact.evidence = absl::StrCat("vendor: ", entity.id, " (by ", entity.evidence, ")");
        }
      }
    }
    worst_ = std::max(worst_, artifact.worst);
    if (output_ == "table") WriteRow(host, artifact);
    report_.Add(host, std::move(artifact), decisions_);
  }

  void WriteRow(const std::string& host, const ReportedArtifact& artifact) {
    if (host != last_host_) {
      out_ << "\n" << host << "\n";
      last_host_ = host;
    }
    std::string verdicts;
    for (v1::Verdict verdict : artifact.verdicts) absl::StrAppendFormat(&verdicts, " %-8s", Colour(verdict));
    out_ << absl::StrFormat("  %-44s %-16s", Shorten(artifact.name, 44), artifact.version.substr(0, 16)) << verdicts
         << "\n";
    if (!artifact.evidence.empty()) out_ << "      " << artifact.evidence << "\n";
    for (const std::string& reason : artifact.reasons) out_ << "      " << reason << "\n";
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

  const Arguments& args_;
  const LoadedPolicy& policy_;
  const ContextBase& context_;
  std::ostream& out_;
  std::ostream& err_;
  std::string output_;
  bool colour_ = false;
  bool progress_ = false;
  Decision decision_;
  std::vector<v1::Decision> decisions_;  // Per action, reused.
  CheckReport report_;
  std::string last_host_;
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
  if (output != "table" && output != "jsonl" && output != "summary" && output != "html") {
    err << "interdict check: --output: \"" << output << "\" is not table, jsonl, summary or html\n";
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
