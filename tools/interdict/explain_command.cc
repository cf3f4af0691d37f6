// `interdict explain` (explain_command.h).
#include "tools/interdict/explain_command.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/util/json_util.h"
#include "policy/interdict.h"
#include "tools/interdict/arguments.h"
#include "tools/interdict/check_command.h"
#include "tools/interdict/evaluation_context.h"
#include "tools/interdict/policy_source.h"

namespace interdict {
namespace cli {
namespace {

constexpr char kUsage[] =
    "usage: interdict explain [--policy FILE]... [--no-catalog] [context flags as for check]\n"
    "         (--artifact JSON | --name NAME [--vendor V] [--version V] [--purl P] [--team-id T]\n"
    "          [--bundle-id B] [--install-path P] [--signer S] [--cpe C] [--sha256 H])\n";

// Artifact fields the flags set.
struct FieldFlag {
  const char* flag;
  void (v1::Artifact::*set)(const std::string&);
};
const FieldFlag kFieldFlags[] = {
    {"name", &v1::Artifact::set_name},           {"vendor", &v1::Artifact::set_vendor},
    {"version", &v1::Artifact::set_version},     {"purl", &v1::Artifact::set_purl},
    {"team-id", &v1::Artifact::set_team_id},     {"bundle-id", &v1::Artifact::set_bundle_id},
    {"install-path", &v1::Artifact::set_install_path}, {"signer", &v1::Artifact::set_signer_subject},
    {"cpe", &v1::Artifact::set_cpe},             {"sha256", &v1::Artifact::set_sha256},
};

std::string Timestamp(const google::protobuf::Timestamp& t) { return FormatInstant(absl::FromUnixSeconds(t.seconds())); }

// What would change the decision for this action: deadlines ahead, exemption purposes
// the rules' policies permit, uses to state.
std::vector<std::string> WhatWouldChange(const v1::Decision& decision, const v1::PolicyBundle& bundle) {
  std::map<std::string, const v1::Policy*> policies;
  for (const v1::Policy& policy : bundle.policies()) policies[policy.id()] = &policy;
  std::vector<std::string> out;
  for (const v1::RuleMatch& match : decision.matches()) {
    const std::string rule = absl::StrCat(match.policy_id(), "/", match.rule_id());
    if (match.state() == v1::PENDING) {
      out.push_back(absl::StrCat("allowed until ", Timestamp(match.next_step_at()), ", then ",
                                 v1::Verdict_Name(match.next_step_verdict()), " by ", rule));
    } else if (match.has_next_step_at()) {
      out.push_back(absl::StrCat(rule, " becomes ", v1::Verdict_Name(match.next_step_verdict()), " at ",
                                 Timestamp(match.next_step_at())));
    }
    if (match.state() == v1::CONDITIONAL) {
      out.push_back(absl::StrCat(rule, " applies only if the asset is used for ",
                                 absl::StrJoin(match.applies_if_used_for(), " or "),
                                 ": stating the asset's uses (--use) decides it"));
    }
    if (match.state() == v1::IN_FORCE && match.verdict() != v1::ALLOW) {
      auto it = policies.find(match.policy_id());
      if (it == policies.end()) continue;
      if (it->second->exemption_purposes().empty()) {
        out.push_back(absl::StrCat("no exemption can lift ", rule, ": its policy permits none"));
        continue;
      }
      std::vector<std::string> purposes;
      for (int p : it->second->exemption_purposes()) purposes.push_back(v1::Purpose_Name(static_cast<v1::Purpose>(p)));
      out.push_back(absl::StrCat("an exemption from ", rule, " for ", absl::StrJoin(purposes, " or "),
                                 it->second->allow_blanket_exemptions() ? "" : " (for named assets or org units)",
                                 " would lift it"));
    }
  }
  return out;
}

// The candidates that did not match, each with the first test it failed.
void ExplainCandidates(const CompiledPolicy& policy, const std::vector<CandidateTrace>& traces, std::ostream& out) {
  size_t matched = 0;
  for (const CandidateTrace& trace : traces) matched += trace.outcome == CandidateOutcome::kMatched;
  out << "  candidates: " << traces.size() << " considered, " << matched << " matched";
  if (matched == traces.size()) {
    out << "\n";
    return;
  }
  out << "; not matched:\n";
  for (const CandidateTrace& trace : traces) {
    if (trace.outcome == CandidateOutcome::kMatched) continue;
    const RuleDescription rule = policy.DescribeRule(trace.rule);
    out << "    " << rule.policy_id << "/" << rule.rule_id;
    if (!trace.component_path.empty()) out << " in component " << absl::StrJoin(trace.component_path, " > ");
    out << ": " << CandidateOutcomeName(trace.outcome) << ": " << trace.detail << "\n";
  }
}

void Explain(const v1::Decision& decision, const v1::PolicyBundle& bundle, std::ostream& out) {
  out << "  verdict: " << v1::Verdict_Name(decision.verdict()) << "\n";
  if (decision.matches().empty()) out << "  no rule matched\n";
  for (const v1::RuleMatch& match : decision.matches()) {
    out << "  rule " << match.policy_id() << "/" << match.rule_id() << " (" << match.citation() << "): "
        << v1::RuleState_Name(match.state()) << " " << v1::Verdict_Name(match.verdict());
    if (match.step_index() >= 0) {
      out << ", step " << match.step_index() << (match.step_label().empty() ? "" : absl::StrCat(" \"", match.step_label(), "\""))
          << " since " << Timestamp(match.in_force_since());
    }
    if (match.has_next_step_at()) {
      out << ", next step " << v1::Verdict_Name(match.next_step_verdict()) << " at " << Timestamp(match.next_step_at());
    }
    out << "\n    matched on " << MatchBasis_Name(match.basis()) << " \"" << match.matched_value() << "\"";
    if (!match.component_path().empty()) out << " in component " << absl::StrJoin(match.component_path(), " > ");
    if (!match.exemption_id().empty()) out << "; exempted by " << match.exemption_id();
    out << "\n";
  }
  for (const v1::ExemptionOutcome& exemption : decision.exemptions()) {
    out << "  exemption " << exemption.exemption_id() << " for " << exemption.policy_id() << "/" << exemption.rule_id()
        << ": ";
    if (exemption.applied()) {
      out << "applied";
    } else {
      std::vector<std::string> reasons;
      for (int r : exemption.reasons()) reasons.push_back(v1::RejectionReason_Name(static_cast<v1::RejectionReason>(r)));
      out << "rejected (" << absl::StrJoin(reasons, ", ") << ")";
    }
    out << "\n";
  }
  for (const v1::ArtifactProblem& problem : decision.artifact_problems()) {
    out << "  problem: " << v1::ArtifactField_Name(problem.field()) << " \"" << problem.value() << "\": " << problem.problem()
        << "\n";
  }
  out << "  next change: " << (decision.has_next_change() ? Timestamp(decision.next_change()) : std::string("never")) << "\n";
  const std::vector<std::string> changes = WhatWouldChange(decision, bundle);
  for (const std::string& change : changes) out << "  what would change it: " << change << "\n";
  out << "  explanation: " << decision.explanation() << "\n";
}

}  // namespace

int RunExplain(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) {
  std::vector<FlagSpec> flags = ContextFlags();
  flags.insert(flags.end(), {{"policy", true, kRepeatable}, {"no-catalog", false}, {"artifact", true}, {"help", false}});
  for (const FieldFlag& field : kFieldFlags) flags.push_back({field.flag, true});
  absl::StatusOr<Arguments> args = ParseArguments(argv, flags);
  if (!args.ok()) {
    err << "interdict explain: " << args.status().message() << "\n" << kUsage;
    return kExitInputError;
  }
  if (args->Has("help")) {
    out << kUsage;
    return kExitOk;
  }
  v1::Artifact artifact;
  if (args->Has("artifact")) {
    const auto status = google::protobuf::util::JsonStringToMessage(args->Value("artifact"), &artifact);
    if (!status.ok()) {
      err << "interdict explain: --artifact: not an Artifact: " << std::string(status.message()) << "\n";
      return kExitInputError;
    }
  }
  for (const FieldFlag& field : kFieldFlags) {
    if (args->Has(field.flag)) (artifact.*field.set)(args->Value(field.flag));
  }
  if (artifact.name().empty()) {
    err << "interdict explain: the artifact needs a name (--name, or \"name\" in --artifact)\n" << kUsage;
    return kExitInputError;
  }
  absl::StatusOr<ContextBase> context = BuildContext(*args);
  if (!context.ok()) {
    err << "interdict explain: " << context.status().message() << "\n";
    return kExitInputError;
  }
  absl::StatusOr<LoadedPolicy> policy = LoadPolicy(!args->Has("no-catalog"), args->Values("policy"), err);
  if (!policy.ok()) {
    err << "interdict explain: " << policy.status().message() << "\n";
    return kExitPolicyError;
  }
  out << "Explain as of " << FormatInstant(context->at) << " with " << policy->description << "\nContext: "
      << context->description << "\n";
  v1::EvaluationContext proto = context->proto;
  proto.mutable_instant()->set_seconds(absl::ToUnixSeconds(context->at));
  const ArtifactViewTree tree(artifact);
  bool first = true;
  for (v1::Action action : context->actions) {
    proto.set_action(action);
    absl::StatusOr<v1::Decision> decision = policy->policy->Evaluate(artifact, proto);
    if (!decision.ok()) {
      err << "interdict explain: " << decision.status().message() << "\n";
      return kExitInputError;
    }
    if (first) {
      out << "Artifact: \"" << artifact.name() << "\"";
      if (!artifact.vendor().empty()) out << " by \"" << artifact.vendor() << "\"";
      if (!artifact.version().empty()) out << ", version " << artifact.version();
      out << "\n";
      if (!decision->vendor_entity().empty()) {
        out << "Vendor entity: " << decision->vendor_entity() << " (by " << decision->vendor_entity_evidence() << ")\n";
      } else {
        out << "Vendor entity: none\n";
      }
      first = false;
    }
    out << "\n" << v1::Action_Name(action) << ":\n";
    Explain(*decision, policy->loaded.bundle, out);
    const absl::StatusOr<ProtoContext> view = ProtoContext::Create(proto);  // Evaluate accepted it.
    ExplainCandidates(*policy->policy, policy->policy->TraceCandidates(tree.root(), view->view()), out);
  }
  return kExitOk;
}

}  // namespace cli
}  // namespace interdict
