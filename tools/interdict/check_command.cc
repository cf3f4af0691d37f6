// `interdict check` (check_command.h).
#include "tools/interdict/check_command.h"

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "google/protobuf/util/json_util.h"
#include "policy/interdict.h"
#include "policy/inventory/inventory.h"
#include "tools/interdict/arguments.h"
#include "tools/interdict/policy_source.h"

namespace interdict {
namespace cli {
namespace {

// Deepest SBOM component evaluated as an artifact of its own.
constexpr int kMaxSbomDepth = 64;

const std::vector<FlagSpec>& CheckFlags() {
  static const auto* flags = new std::vector<FlagSpec>{
      {"policy", true},     {"no-catalog", false}, {"at", true},       {"action", true},
      {"jurisdiction", true}, {"org-kind", true},  {"asset-kind", true}, {"use", true},
      {"asset", true},      {"org-unit", true},    {"purpose", true},  {"context", true},
      {"output", true},     {"fail-on", true},     {"format", true},   {"help", false}};
  return *flags;
}

constexpr char kUsage[] =
    "usage: interdict check [--policy FILE]... [--no-catalog] [--at RFC3339] [--action A]...\n"
    "         [--jurisdiction J]... [--org-kind K]... [--asset-kind K]... [--use U]...\n"
    "         [--asset ID] [--org-unit PATH] [--purpose P] [--context FILE]\n"
    "         [--output table|jsonl|summary] [--fail-on deny|warn|never]\n"
    "         [--format auto|jsonl|osquery|cyclonedx|spdx] INVENTORY...\n";

// The evaluation context the flags (and --context) describe, but for the asset.
struct ContextBase {
  v1::EvaluationContext proto;  // Jurisdictions, kinds, uses, purpose, asset, org unit.
  std::vector<v1::Action> actions;
  absl::Time at;
  std::string description;
};

absl::StatusOr<ContextBase> BuildContext(const Arguments& args) {
  ContextBase out;
  if (args.Has("context")) {
    std::ifstream in(args.Value("context"));
    if (!in) return absl::InvalidArgumentError(absl::StrCat("--context: ", args.Value("context"), ": cannot open"));
    std::stringstream text;
    text << in.rdbuf();
    const auto status = google::protobuf::util::JsonStringToMessage(text.str(), &out.proto);
    if (!status.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("--context: ", args.Value("context"),
                                                     ": not an EvaluationContext: ", std::string(status.message())));
    }
  }
  for (const std::string& j : args.Values("jurisdiction")) out.proto.add_jurisdictions(j);
  for (const std::string& k : args.Values("org-kind")) out.proto.add_organization_kinds(k);
  for (const std::string& k : args.Values("asset-kind")) out.proto.add_asset_kinds(k);
  for (const std::string& u : args.Values("use")) out.proto.add_uses(u);
  if (args.Has("asset")) out.proto.set_asset_id(args.Value("asset"));
  if (args.Has("org-unit")) out.proto.set_org_unit(args.Value("org-unit"));
  if (out.proto.jurisdictions().empty()) out.proto.add_jurisdictions("US");
  if (args.Has("purpose")) {
    v1::Purpose purpose;
    if (!v1::Purpose_Parse(args.Value("purpose"), &purpose) || purpose == v1::PURPOSE_UNSPECIFIED) {
      return absl::InvalidArgumentError(absl::StrCat("--purpose: unknown purpose \"", args.Value("purpose"),
                                                     "\" (LAW_ENFORCEMENT, NATIONAL_SECURITY, SECURITY_RESEARCH, "
                                                     "REGULATORY, BUSINESS_CONTINUITY)"));
    }
    out.proto.set_purpose(purpose);
  }
  std::vector<std::string> actions = args.Values("action");
  if (args.Has("action") && actions.empty()) return absl::InvalidArgumentError("--action: empty");
  if (actions.empty()) actions = {"RUN", "UPDATE"};
  for (const std::string& name : actions) {
    v1::Action action;
    if (!v1::Action_Parse(name, &action) || action == v1::ACTION_UNSPECIFIED) {
      return absl::InvalidArgumentError(absl::StrCat("--action: unknown action \"", name,
                                                     "\" (RUN, INSTALL, UPDATE, PROCURE, INTEGRATE)"));
    }
    out.actions.push_back(action);
  }
  out.at = absl::Now();
  if (args.Has("at")) {
    std::string error;
    if (!absl::ParseTime(absl::RFC3339_full, args.Value("at"), &out.at, &error)) {
      return absl::InvalidArgumentError(absl::StrCat("--at: \"", args.Value("at"),
                                                     "\" is not RFC 3339 (e.g. 2024-10-01T00:00:00Z)"));
    }
  }
  std::vector<std::string> parts = {absl::StrCat("jurisdictions ", absl::StrJoin(out.proto.jurisdictions(), ", "))};
  if (!out.proto.organization_kinds().empty()) {
    parts.push_back(absl::StrCat("organisation kinds ", absl::StrJoin(out.proto.organization_kinds(), ", ")));
  }
  if (!out.proto.asset_kinds().empty()) parts.push_back(absl::StrCat("asset kinds ", absl::StrJoin(out.proto.asset_kinds(), ", ")));
  if (!out.proto.uses().empty()) parts.push_back(absl::StrCat("uses ", absl::StrJoin(out.proto.uses(), ", ")));
  if (out.proto.purpose() != v1::PURPOSE_UNSPECIFIED) parts.push_back(absl::StrCat("purpose ", v1::Purpose_Name(out.proto.purpose())));
  out.description = absl::StrJoin(parts, "; ");
  return out;
}

std::string FormatInstant(absl::Time t) { return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone()); }

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
    bool clean = true;
    for (const std::string& path : inventories) clean = Read(path, options) && clean;
    if (output_ != "jsonl") Summary();
    return clean;
  }

  v1::Verdict worst() const { return worst_; }

 private:
  bool Read(const std::string& path, const InventoryOptions& options) {
    absl::StatusOr<std::unique_ptr<InventoryReader>> reader = InventoryReader::Open(path, options);
    if (!reader.ok()) {
      err_ << reader.status().message() << "\n";
      ++unreadable_;
      return false;
    }
    InventoryRecord record;
    const absl::Time started = absl::Now();
    uint64_t count = 0;
    const bool sbom = (*reader)->format() == InventoryFormat::kCycloneDx ||
                      (*reader)->format() == InventoryFormat::kSpdx;
    while ((*reader)->Next(&record)) {
      Evaluate(record, record.artifact.name());
      // Every package an SBOM lists is software on the system it describes: each is
      // evaluated as an artifact too (with its own components), named by its path.
      if (sbom) EvaluateComponents(record, record.artifact, record.artifact.name(), 0);
      for (const InventoryProblem& problem : (*reader)->TakeProblems()) err_ << problem.ToString() << "\n";
      if (progress_ && ++count % 10000 == 0) Progress(**reader, count, started);
    }
    for (const InventoryProblem& problem : (*reader)->TakeProblems()) err_ << problem.ToString() << "\n";
    if (progress_ && count >= 10000) err_ << "\n";
    skipped_ += (*reader)->skipped();
    if (!(*reader)->status().ok()) {
      err_ << (*reader)->status().message() << "\n";
      ++unreadable_;
    }
    return (*reader)->skipped() == 0 && (*reader)->status().ok();
  }

  void Progress(const InventoryReader& reader, uint64_t count, absl::Time started) {
    const double seconds = std::max(1e-3, absl::ToDoubleSeconds(absl::Now() - started));
    std::string line = absl::StrFormat("\r%d records, %.0f records/s", count, count / seconds);
    if (reader.total_bytes() > 0) {
      absl::StrAppendFormat(&line, ", %.1f%%", 100.0 * reader.bytes_read() / reader.total_bytes());
    }
    err_ << line << std::flush;
  }

  // Evaluates each component of `artifact` (at `path`) as an artifact of `record`'s
  // host, depth first.
  void EvaluateComponents(const InventoryRecord& record, const v1::Artifact& artifact, const std::string& path,
                          int depth) {
    if (depth >= kMaxSbomDepth) return;  // The readers bound depth already; this guards the stack.
    for (const v1::Artifact& component : artifact.components()) {
      InventoryRecord part;
      part.source = record.source;
      part.line = record.line;
      part.index = record.index;
      part.host = record.host;
      part.asset_id = record.asset_id;
      part.org_unit = record.org_unit;
      part.artifact = component;
      const std::string component_path = absl::StrCat(path, " > ", component.name());
      Evaluate(part, component_path);
      EvaluateComponents(record, component, component_path, depth + 1);
    }
  }

  void Evaluate(const InventoryRecord& record, const std::string& display_name) {
    const ArtifactViewTree tree(record.artifact);
    v1::EvaluationContext proto = context_.proto;
    if (proto.asset_id().empty()) proto.set_asset_id(!record.asset_id.empty() ? record.asset_id : record.host);
    if (proto.org_unit().empty()) proto.set_org_unit(record.org_unit);
    const std::string host = proto.asset_id().empty() ? record.source : proto.asset_id();
    const std::vector<absl::string_view> jurisdictions(proto.jurisdictions().begin(), proto.jurisdictions().end());
    const std::vector<absl::string_view> kinds(proto.organization_kinds().begin(), proto.organization_kinds().end());
    const std::vector<absl::string_view> asset_kinds(proto.asset_kinds().begin(), proto.asset_kinds().end());
    const std::vector<absl::string_view> uses(proto.uses().begin(), proto.uses().end());
    ContextView context;
    context.instant = context_.at;
    context.jurisdictions = jurisdictions;
    context.organization_kinds = kinds;
    context.asset_kinds = asset_kinds;
    context.uses = uses;
    context.asset_id = proto.asset_id();
    context.org_unit = proto.org_unit();
    context.purpose = proto.purpose();
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
    if (skipped_ > 0) out_ << "; " << skipped_ << " inventory records skipped (see stderr)";
    if (unreadable_ > 0) out_ << "; " << unreadable_ << " inputs not read to their end (see stderr)";
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
  uint64_t skipped_ = 0;
  uint64_t unreadable_ = 0;
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
  InventoryOptions options;
  if (args->Has("format")) {
    absl::StatusOr<InventoryFormat> format = ParseInventoryFormat(args->Value("format"));
    if (!format.ok()) {
      err << "interdict check: --format: " << format.status().message() << "\n";
      return kExitInputError;
    }
    options.format = *format;
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
  const bool clean = check.Run(args->positional(), options);
  if (!clean) return kExitInputError;
  if ((fail_on == "deny" && check.worst() == v1::DENY) ||
      (fail_on == "warn" && check.worst() >= v1::WARN)) {
    return kExitThreshold;
  }
  return kExitOk;
}

}  // namespace cli
}  // namespace interdict
