#include "fuzz/evaluation_invariants.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <set>
#include <string>
#include <tuple>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "fuzz/fuzz_check.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "policy/candidate_trace.h"
#include "policy/compiler.h"
#include "policy/decision.h"
#include "policy/descriptions.h"
#include "policy/expectations.h"
#include "policy/loader.h"

namespace interdict {
namespace fuzzing {

// every_selector.textproto's text, defined by the genrule every_selector_text.
extern const char kEverySelectorText[];

namespace {

using ::google::protobuf::util::MessageDifferencer;

[[noreturn]] void FixtureBroken(absl::string_view why) {
  std::fprintf(stderr, "fuzz/every_selector.textproto: %s\n", std::string(why).c_str());
  std::abort();
}

std::shared_ptr<const CompiledPolicy> CompileFixture() {
  PolicyLoader loader;
  if (absl::Status s = loader.AddText("fuzz/every_selector.textproto", kEverySelectorText); !s.ok()) {
    FixtureBroken(s.message());
  }
  const LoadedBundle loaded = std::move(loader).Finish();
  absl::StatusOr<std::shared_ptr<const CompiledPolicy>> policy = PolicyCompiler().Compile(loaded);
  if (!policy.ok()) FixtureBroken(policy.status().message());
  const ExpectationReport report = CheckExpectations(**policy, loaded.bundle, &loaded.source_map);
  if (!report.passed()) FixtureBroken(report.ToString());
  return *std::move(policy);
}

bool IsVerdict(v1::Verdict verdict) {
  return verdict == v1::ALLOW || verdict == v1::WARN || verdict == v1::DENY;
}

// A later instant, or none ever: what next_change and next steps must be.
bool After(absl::Time t, absl::Time instant) { return t > instant || t == absl::InfiniteFuture(); }

void CheckMatch(const Decision& decision, const Decision::Match& match, const ContextView& context) {
  const std::string rule = absl::StrCat("rule ", match.rule, " ", v1::RuleState_Name(match.state));
  FUZZ_CHECK(IsVerdict(match.verdict), rule);
  FUZZ_CHECK(After(match.next_step_at, context.instant), rule);
  FUZZ_CHECK(decision.next_change() <= match.next_step_at, rule);
  FUZZ_CHECK(size_t{match.component_path_first} + match.component_path_size <=
                 decision.component_path_names().size(),
             rule);
  FUZZ_CHECK((match.state == v1::EXEMPTED) == (match.exemption != Decision::kNone), rule);
  switch (match.state) {
    case v1::PENDING:
      FUZZ_CHECK(match.verdict == v1::ALLOW && match.step_index == Decision::kNone, rule);
      FUZZ_CHECK(match.in_force_since == absl::InfinitePast(), rule);
      break;
    case v1::CONDITIONAL:
      FUZZ_CHECK(match.uses_unstated && match.verdict <= v1::WARN && IsVerdict(match.verdict_if_used), rule);
      [[fallthrough]];
    case v1::IN_FORCE:
    case v1::EXEMPTED:
      FUZZ_CHECK(match.step_index != Decision::kNone && match.in_force_since <= context.instant, rule);
      FUZZ_CHECK(match.state != v1::EXEMPTED || match.verdict == v1::ALLOW, rule);
      break;
    default:
      FUZZ_CHECK(false, rule);
  }
}

// The structure of one decision (the header's list, up to ToProto).
void CheckStructure(const CompiledPolicy& policy, const Decision& decision, const ContextView& context) {
  FUZZ_CHECK(IsVerdict(decision.verdict()), absl::StrCat("verdict ", decision.verdict()));
  FUZZ_CHECK(After(decision.next_change(), context.instant), absl::FormatTime(decision.next_change(), absl::UTCTimeZone()));
  v1::Verdict most_severe = v1::ALLOW;
  std::set<uint32_t> matched;
  std::pair<absl::string_view, absl::string_view> previous_rule;
  for (size_t i = 0; i < decision.matches().size(); ++i) {
    const Decision::Match& match = decision.matches()[i];
    CheckMatch(decision, match, context);
    most_severe = std::max(most_severe, match.verdict);
    matched.insert(match.rule);
    const RuleDescription rule = policy.DescribeRule(match.rule);
    const std::pair<absl::string_view, absl::string_view> id(rule.policy_id, rule.rule_id);
    FUZZ_CHECK(i == 0 || previous_rule < id,
               absl::StrCat("matches out of order (or twice) at ", rule.policy_id, "/", rule.rule_id));
    previous_rule = id;
  }
  FUZZ_CHECK(decision.verdict() == most_severe, absl::StrCat("verdict ", decision.verdict()));
  std::tuple<absl::string_view, absl::string_view, absl::string_view> previous_outcome;
  for (size_t i = 0; i < decision.exemptions().size(); ++i) {
    const Decision::ExemptionOutcome& outcome = decision.exemptions()[i];
    const ExemptionDescription exemption = policy.DescribeExemption(outcome.exemption);
    const RuleDescription rule = policy.DescribeRule(outcome.rule);
    const std::string what = absl::StrCat("exemption ", exemption.id, " for ", rule.policy_id, "/", rule.rule_id);
    FUZZ_CHECK(matched.count(outcome.rule) == 1, what);
    FUZZ_CHECK(outcome.applied == (outcome.reasons == 0), what);
    FUZZ_CHECK(outcome.applied ? outcome.reason == v1::REJECTION_REASON_UNSPECIFIED
                               : outcome.rejected_for(outcome.reason),
               what);
    const std::tuple<absl::string_view, absl::string_view, absl::string_view> id(exemption.id, rule.policy_id,
                                                                                  rule.rule_id);
    FUZZ_CHECK(i == 0 || previous_outcome < id, absl::StrCat("exemption outcomes out of order (or twice) at ", what));
    previous_outcome = id;
  }
  for (const Decision::ArtifactProblem& problem : decision.artifact_problems()) {
    FUZZ_CHECK(problem.problem != nullptr, v1::ArtifactField_Name(problem.field));
  }
  const bool has_entity = decision.vendor_entity() != Decision::kNone;
  FUZZ_CHECK(has_entity != policy.DescribeVendorEntity(decision).id.empty(), "vendor entity without an id");
}

// ToProto, and what hosts then do with the proto: serialise it, print it as JSON.
v1::Decision CheckedProto(const CompiledPolicy& policy, const Decision& decision) {
  v1::Decision proto;
  const absl::Status converted = policy.ToProto(decision, &proto);
  FUZZ_CHECK(converted.ok(), converted.ToString());
  FUZZ_CHECK(proto.verdict() == decision.verdict(), proto.ShortDebugString());
  FUZZ_CHECK(static_cast<size_t>(proto.matches_size()) == decision.matches().size(), proto.ShortDebugString());
  FUZZ_CHECK(!proto.explanation().empty(), proto.ShortDebugString());
  FUZZ_CHECK(policy.Explain(decision) == proto.explanation(), proto.explanation());
  std::string bytes;
  FUZZ_CHECK(proto.SerializeToString(&bytes), proto.ShortDebugString());
  v1::Decision parsed;
  FUZZ_CHECK(parsed.ParseFromString(bytes) && MessageDifferencer::Equals(parsed, proto), proto.ShortDebugString());
  std::string json;
  const auto printed = google::protobuf::util::MessageToJsonString(proto, &json);  // protobuf's own Status.
  FUZZ_CHECK(printed.ok(), absl::StrCat(printed.ToString(), " printing ", proto.ShortDebugString()));
  return proto;
}

}  // namespace

const CompiledPolicy& EverySelectorPolicy() {
  static const std::shared_ptr<const CompiledPolicy>* const policy =
      new std::shared_ptr<const CompiledPolicy>(CompileFixture());
  return **policy;
}

v1::Decision EvaluateAndCheck(const CompiledPolicy& policy, const ArtifactView& artifact,
                              const ContextView& context) {
  Decision decision;
  policy.Evaluate(artifact, context, &decision);
  CheckStructure(policy, decision, context);
  v1::Decision proto = CheckedProto(policy, decision);

  // A Decision keeps its capacity from one evaluation to the next: one that last held
  // the decision for another action must be cleared of it.
  ContextView other = context;
  other.action = context.action == v1::RUN ? v1::UPDATE : v1::RUN;
  Decision reused;
  policy.Evaluate(artifact, other, &reused);
  policy.Evaluate(artifact, context, &reused);
  v1::Decision reused_proto;
  FUZZ_CHECK(policy.ToProto(reused, &reused_proto).ok() && MessageDifferencer::Equals(reused_proto, proto),
             absl::StrCat(reused_proto.ShortDebugString(), " != ", proto.ShortDebugString()));

  std::set<uint32_t> decided;
  for (const Decision::Match& match : decision.matches()) decided.insert(match.rule);
  std::set<uint32_t> traced;
  for (const CandidateTrace& trace : policy.TraceCandidates(artifact, context)) {
    if (trace.outcome == CandidateOutcome::kMatched) traced.insert(trace.rule);
  }
  FUZZ_CHECK(traced == decided, absl::StrCat("the trace matched ", traced.size(), " rules, the decision ",
                                             decided.size(), ": ", proto.ShortDebugString()));
  return proto;
}

}  // namespace fuzzing
}  // namespace interdict
