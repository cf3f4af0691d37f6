// Decisions as protos and sentences (presentation.h).
#include "policy/internal/presentation.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "policy/internal/civil_time.h"
#include "policy/internal/identifier_kinds.h"
#include "policy/internal/utf8.h"
#include "policy/internal/version_scheme.h"

namespace interdict {
namespace policy_internal {
namespace {

// The start of step `step` of `rule`, "2024-09-29T04:00:00Z", followed by how the text
// wrote it when that was a civil time outside UTC: " (2024-09-29 00:00
// America/New_York)".
std::string StepStart(const PolicyIndex& index, uint32_t rule, uint32_t step, absl::Time start) {
  const uint32_t text = index.step_time_text[index.rules[rule].first_step + step];
  if (text == 0) return FormatInstant(start);
  return absl::StrCat(FormatInstant(start), " (", index.step_time_texts[text], ")");
}

void ToTimestamp(absl::Time t, google::protobuf::Timestamp* out) {
  const int64_t seconds = absl::ToUnixSeconds(t);
  out->set_seconds(seconds);
  out->set_nanos(static_cast<int32_t>((t - absl::FromUnixSeconds(seconds)) / absl::Nanoseconds(1)));
}

// Artifact text (problem values, component names) as decisions show it: well-formed
// UTF-8 and at most this long (utf8.h), so that a hostile artifact can neither break a
// Decision's serialisation nor inflate it.
constexpr size_t kMaxEchoedBytes = 256;

std::string Echo(absl::string_view text) { return ReportableText(text, kMaxEchoedBytes); }

constexpr absl::string_view kMalformedName = "not valid UTF-8; its malformed bytes are shown as U+FFFD";

// The distinct names in the matches' component paths that are not valid UTF-8, in the
// order they first appear.
std::vector<absl::string_view> MalformedNames(const Decision& decision) {
  std::vector<absl::string_view> out;
  for (const Decision::Match& match : decision.matches()) {
    for (uint32_t i = 0; i < match.component_path_size; ++i) {
      const absl::string_view name = decision.component_path_names()[match.component_path_first + i];
      if (FirstInvalidUtf8(name) != absl::string_view::npos && std::find(out.begin(), out.end(), name) == out.end()) {
        out.push_back(name);
      }
    }
  }
  return out;
}

// How reports name an artifact field, and what a valid value of it is called.
struct FieldText {
  absl::string_view name;  // "purl version"
  absl::string_view noun;  // "purl"; empty for versions (the scheme names them)
};

FieldText TextOf(v1::ArtifactField field) {
  if (const IdentifierField* identifier = FindIdentifierField(field)) {
    return {identifier->name, identifier->noun};
  }
  switch (field) {
    case v1::ARTIFACT_PURL:
      return {"purl", "purl"};
    case v1::ARTIFACT_PURL_VERSION:
      return {"purl version", ""};
    case v1::ARTIFACT_CPE_VERSION:
      return {"cpe version", ""};
    case v1::ARTIFACT_COMPONENTS:
      return {"components of", ""};
    case v1::ARTIFACT_NAME:
      return {"name", "name"};
    case v1::ARTIFACT_VERSION:
    case v1::ARTIFACT_FIELD_UNSPECIFIED:
    default:  // The identifier fields are in their table.
      return {"version", ""};
  }
}

// "not a valid semver version: major is not a number", "not a valid purl: has no name".
std::string DescribeProblem(const Decision::ArtifactProblem& problem) {
  if (problem.field == v1::ARTIFACT_COMPONENTS) return problem.problem;
  const FieldText text = TextOf(problem.field);
  if (!text.noun.empty()) return absl::StrCat("not a valid ", text.noun, ": ", problem.problem);
  return absl::StrCat("not a valid ", VersionSchemeName(problem.scheme), " version: ",
                      problem.problem);
}

// "<policy>/<rule>", with " (exemption <id>)" when an exemption's subset needed it.
std::string ProblemOwner(const PolicyIndex& index, const Decision::ArtifactProblem& problem) {
  std::string where = "artifact";
  if (problem.rule != Decision::kNone) {
    const RuleInfo& rule = index.rules[problem.rule];
    where = absl::StrCat(index.policies[rule.policy].id, "/", rule.id);
  }
  if (problem.exemption != Decision::kNone) {
    absl::StrAppend(&where, " (exemption ", index.exemptions[problem.exemption].id, ")");
  }
  return where;
}

// " Could not read: <policy>/<rule>: version "v1" is not a valid ... ." or "".
std::string UnreadableFields(const PolicyIndex& index, const Decision& decision) {
  std::vector<std::string> unreadable;
  for (absl::string_view name : MalformedNames(decision)) {
    unreadable.push_back(absl::StrCat("artifact: component name \"", Echo(name), "\" is ", kMalformedName));
  }
  for (const Decision::ArtifactProblem& problem : decision.artifact_problems()) {
    const std::string where = ProblemOwner(index, problem);
    if (problem.field == v1::ARTIFACT_COMPONENTS) {
      unreadable.push_back(
          absl::StrCat(where, ": components of \"", Echo(problem.value), "\": ", problem.problem));
      continue;
    }
    unreadable.push_back(absl::StrCat(where, ": ", TextOf(problem.field).name, " \"",
                                      Echo(problem.value), "\" is ", DescribeProblem(problem)));
  }
  if (unreadable.empty()) return "";
  return absl::StrCat(" Could not read: ", absl::StrJoin(unreadable, "; "), ".");
}

}  // namespace

RuleDescription DescribeRule(const PolicyIndex& index, uint32_t rule) {
  if (rule >= index.rules.size()) return RuleDescription();
  const RuleInfo& info = index.rules[rule];
  const PolicyInfo& policy = index.policies[info.policy];
  return {policy.id,     policy.title,      info.id,    policy.citation,   info.citation,
          policy.source_url, policy.advisory, info.basis, info.matched_value,
          info.uses == 0 ? absl::Span<const std::string>() : index.use_lists[info.uses - 1]};
}

ExemptionDescription DescribeExemption(const PolicyIndex& index, uint32_t exemption) {
  if (exemption >= index.exemptions.size()) return ExemptionDescription();
  const ExemptionInfo& info = index.exemptions[exemption];
  return {info.id,      index.policies[info.policy].id, info.approved_by, info.reference,
          info.purpose, info.valid_from,                 info.valid_until};
}

void WriteDecisionProto(const PolicyIndex& index, const Decision& decision, v1::Decision* out) {
  out->Clear();
  out->set_verdict(decision.verdict());
  for (const Decision::Match& match : decision.matches()) {
    const RuleDescription rule = DescribeRule(index, match.rule);
    v1::RuleMatch* m = out->add_matches();
    m->set_policy_id(std::string(rule.policy_id));
    m->set_rule_id(std::string(rule.rule_id));
    m->set_citation(FullCitation(rule));
    m->set_source_url(std::string(rule.source_url));
    m->set_state(match.state);
    m->set_verdict(match.verdict);
    if (match.step_index == Decision::kNone) {
      m->set_step_index(-1);
    } else {
      m->set_step_index(static_cast<int32_t>(match.step_index));
      const RuleInfo& info = index.rules[match.rule];
      m->set_step_label(index.step_labels[index.steps[info.first_step + match.step_index].label]);
      ToTimestamp(match.in_force_since, m->mutable_in_force_since());
    }
    if (match.next_step_at != absl::InfiniteFuture()) {
      ToTimestamp(match.next_step_at, m->mutable_next_step_at());
      m->set_next_step_verdict(match.next_step_verdict);
    }
    m->set_basis(rule.basis);
    m->set_matched_value(std::string(rule.matched_value));
    for (uint32_t i = 0; i < match.component_path_size; ++i) {
      m->add_component_path(Echo(decision.component_path_names()[match.component_path_first + i]));
    }
    if (match.exemption != Decision::kNone) {
      m->set_exemption_id(std::string(index.exemptions[match.exemption].id));
    }
    if (match.uses_unstated) {
      for (const std::string& use : rule.uses) m->add_applies_if_used_for(use);
    }
    if (match.state == v1::CONDITIONAL) m->set_verdict_if_used(match.verdict_if_used);
  }
  for (const Decision::ExemptionOutcome& outcome : decision.exemptions()) {
    const ExemptionInfo& exemption = index.exemptions[outcome.exemption];
    v1::ExemptionOutcome* e = out->add_exemptions();
    e->set_exemption_id(std::string(exemption.id));
    e->set_policy_id(index.policies[index.rules[outcome.rule].policy].id);  // The rule's.
    e->set_rule_id(std::string(index.rules[outcome.rule].id));
    e->set_applied(outcome.applied);
    e->set_reason(outcome.reason);
    // In the order evaluation tests them.
    for (v1::RejectionReason r : {v1::ARTIFACT_NOT_COVERED, v1::ASSET_NOT_COVERED, v1::PURPOSE_MISMATCH,
                                  v1::NOT_YET_VALID, v1::EXPIRED}) {
      if (outcome.rejected_for(r)) e->add_reasons(r);
    }
    ToTimestamp(exemption.valid_from, e->mutable_valid_from());
    if (exemption.valid_until != absl::InfiniteFuture()) {
      ToTimestamp(exemption.valid_until, e->mutable_valid_until());
    }
  }
  if (decision.next_change() != absl::InfiniteFuture()) {
    ToTimestamp(decision.next_change(), out->mutable_next_change());
  }
  // Problems of the artifact itself come first (decision.h): names first of all.
  for (absl::string_view name : MalformedNames(decision)) {
    v1::ArtifactProblem* p = out->add_artifact_problems();
    p->set_field(v1::ARTIFACT_NAME);
    p->set_value(Echo(name));
    p->set_problem(std::string(kMalformedName));
  }
  for (const Decision::ArtifactProblem& problem : decision.artifact_problems()) {
    v1::ArtifactProblem* p = out->add_artifact_problems();
    if (problem.rule != Decision::kNone) {
      const RuleInfo& rule = index.rules[problem.rule];
      p->set_policy_id(index.policies[rule.policy].id);
      p->set_rule_id(std::string(rule.id));
    }
    if (problem.exemption != Decision::kNone) {
      p->set_exemption_id(std::string(index.exemptions[problem.exemption].id));
    }
    p->set_field(problem.field);
    p->set_value(Echo(problem.value));
    p->set_problem(DescribeProblem(problem));
  }
  if (decision.vendor_entity() != Decision::kNone) {
    out->set_vendor_entity(index.entities.id(decision.vendor_entity()));
    out->set_vendor_entity_evidence(index.entities.evidence(decision.vendor_entity_evidence()));
  }
  out->set_explanation(ExplainDecision(index, decision));
}

std::string ExplainDecision(const PolicyIndex& index, const Decision& decision) {
  if (!decision.matched()) return "ALLOW: no rule matched." + UnreadableFields(index, decision);
  std::vector<std::string> deciding;
  std::vector<std::string> pending;
  std::vector<std::string> exempted;
  std::vector<std::string> conditional;
  for (const Decision::Match& match : decision.matches()) {
    const RuleDescription rule = DescribeRule(index, match.rule);
    const std::string name =
        absl::StrCat(rule.policy_id, "/", rule.rule_id, " (", FullCitation(rule), ")");
    const std::string if_used =
        match.uses_unstated ? absl::StrCat(" if the asset is used for ", absl::StrJoin(rule.uses, " or "))
                            : "";
    switch (match.state) {
      case v1::PENDING:
        pending.push_back(absl::StrCat(v1::Verdict_Name(match.next_step_verdict), " by ", name,
                                       " from ",
                                       StepStart(index, match.rule,
                                                 match.step_index == Decision::kNone ? 0 : match.step_index + 1,
                                                 match.next_step_at),
                                       if_used));
        break;
      case v1::CONDITIONAL:
        conditional.push_back(absl::StrCat(v1::Verdict_Name(match.verdict_if_used), " by ", name,
                                           " since ",
                                           StepStart(index, match.rule, match.step_index, match.in_force_since),
                                           if_used));
        break;
      case v1::EXEMPTED:
        exempted.push_back(
            absl::StrCat(name, " by exemption ", index.exemptions[match.exemption].id));
        break;
      case v1::IN_FORCE:
        if (match.verdict == decision.verdict()) {
          deciding.push_back(absl::StrCat(
              name, " since ", StepStart(index, match.rule, match.step_index, match.in_force_since)));
        }
        break;
      case v1::RULE_STATE_UNSPECIFIED:
      default:  // Evaluation gives every match one of the states above.
        break;
    }
  }
  std::string out = v1::Verdict_Name(decision.verdict());
  if (!deciding.empty()) {
    absl::StrAppend(&out, " by ", absl::StrJoin(deciding, "; "), ".");
  } else if (!conditional.empty()) {
    out += ": the context states no uses of the asset, and use-limited rules apply.";
  } else {
    out += ": no rule in force.";
  }
  if (!conditional.empty()) {
    absl::StrAppend(&out, " Conditional: ", absl::StrJoin(conditional, "; "), ".");
  }
  if (!pending.empty()) absl::StrAppend(&out, " Pending: ", absl::StrJoin(pending, "; "), ".");
  if (!exempted.empty()) absl::StrAppend(&out, " Exempted: ", absl::StrJoin(exempted, "; "), ".");
  std::vector<std::string> rejected;
  for (const Decision::ExemptionOutcome& outcome : decision.exemptions()) {
    // Exemptions for other assets or artifacts are not news to this asset's reader.
    if (outcome.applied || outcome.rejected_for(v1::ASSET_NOT_COVERED) ||
        outcome.rejected_for(v1::ARTIFACT_NOT_COVERED)) {
      continue;
    }
    std::vector<std::string> reasons;
    for (v1::RejectionReason r : {v1::PURPOSE_MISMATCH, v1::NOT_YET_VALID, v1::EXPIRED}) {
      if (outcome.rejected_for(r)) reasons.push_back(v1::RejectionReason_Name(r));
    }
    rejected.push_back(absl::StrCat(index.exemptions[outcome.exemption].id, " for ",
                                    index.rules[outcome.rule].id, " (",
                                    absl::StrJoin(reasons, ", "), ")"));
  }
  if (!rejected.empty()) {
    absl::StrAppend(&out, " Exemptions not applied: ", absl::StrJoin(rejected, "; "), ".");
  }
  if (decision.next_change() != absl::InfiniteFuture()) {
    absl::StrAppend(&out, " Next change at ", FormatInstant(decision.next_change()), ".");
  }
  out += UnreadableFields(index, decision);
  return out;
}

}  // namespace policy_internal
}  // namespace interdict
