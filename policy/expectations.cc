// Policy tests (expectations.h).
#include "policy/expectations.h"

#include <algorithm>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"
#include "google/protobuf/timestamp.pb.h"
#include "policy/internal/civil_time.h"

namespace interdict {
namespace {

using policy_internal::FormatInstant;

// The instant `instant` names (`field` is its name, for messages).
absl::StatusOr<absl::Time> Resolve(const v1::CivilInstant& instant, absl::string_view field,
                                   policy_internal::TimeZoneCache* zones) {
  absl::StatusOr<absl::CivilSecond> civil =
      policy_internal::ParseCivilDateTime(instant.date(), instant.time());
  if (!civil.ok()) return absl::InvalidArgumentError(absl::StrCat(field, ": ", civil.status().message()));
  absl::StatusOr<absl::TimeZone> zone = zones->Load(instant.zone());
  if (!zone.ok()) return absl::InvalidArgumentError(absl::StrCat(field, ": ", zone.status().message()));
  return absl::FromCivil(*civil, *zone);
}

// A next change for messages: the instant, or "never".
std::string FormatChange(absl::Time instant) {
  return instant == absl::InfiniteFuture() ? "never" : FormatInstant(instant);
}

absl::Time FromTimestamp(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixSeconds(timestamp.seconds()) + absl::Nanoseconds(timestamp.nanos());
}

// What is wrong with `expectation` itself, or "".
std::string Invalid(const v1::Expectation& expectation) {
  if (expectation.name().empty()) return "name: required";
  if (expectation.artifacts().empty()) return "artifacts: at least one is required";
  if (!expectation.has_at()) return "at: required";
  if (expectation.action() == v1::ACTION_UNSPECIFIED) return "action: required";
  if (expectation.verdict() == v1::VERDICT_UNSPECIFIED) return "verdict: required";
  if (expectation.context().has_instant() || expectation.context().action() != v1::ACTION_UNSPECIFIED) {
    return "context: leave instant and action unset (they are `at` and `action`)";
  }
  if (expectation.no_match() && !expectation.rules().empty()) return "no_match: excludes rules";
  if (expectation.no_next_change() && expectation.has_next_change()) {
    return "no_next_change: excludes next_change";
  }
  return "";
}

// "name" (vendor "vendor"), how a failure names the artifact.
std::string Describe(const v1::Artifact& artifact, int index) {
  std::string out = absl::StrCat("artifacts[", index, "] (\"", artifact.name(), "\"");
  if (!artifact.vendor().empty()) absl::StrAppend(&out, ", vendor \"", artifact.vendor(), "\"");
  return out + ")";
}

// The differences between `decision` and what `expectation` wants of it.
std::vector<std::string> Differences(const v1::Expectation& expectation, const v1::Decision& decision,
                                     const absl::optional<absl::Time>& next_change) {
  std::vector<std::string> out;
  if (decision.verdict() != expectation.verdict()) {
    out.push_back(absl::StrCat("verdict: expected ", v1::Verdict_Name(expectation.verdict()), ", got ",
                               v1::Verdict_Name(decision.verdict())));
  }
  std::vector<std::string> rules;
  for (const v1::RuleMatch& match : decision.matches()) {
    rules.push_back(absl::StrCat(match.policy_id(), "/", match.rule_id()));
    if (expectation.state() != v1::RULE_STATE_UNSPECIFIED && match.state() != expectation.state()) {
      out.push_back(absl::StrCat("state of ", rules.back(), ": expected ",
                                 v1::RuleState_Name(expectation.state()), ", got ",
                                 v1::RuleState_Name(match.state())));
    }
  }
  if (expectation.no_match() && !rules.empty()) {
    out.push_back(absl::StrCat("expected no match, got [", absl::StrJoin(rules, ", "), "]"));
  }
  if (!expectation.rules().empty() &&
      !std::equal(rules.begin(), rules.end(), expectation.rules().begin(), expectation.rules().end())) {
    out.push_back(absl::StrCat("rules: expected [", absl::StrJoin(expectation.rules(), ", "), "], got [",
                               absl::StrJoin(rules, ", "), "]"));
  }
  const absl::Time actual_change =
      decision.has_next_change() ? FromTimestamp(decision.next_change()) : absl::InfiniteFuture();
  const absl::optional<absl::Time> wanted_change =
      expectation.no_next_change() ? absl::optional<absl::Time>(absl::InfiniteFuture()) : next_change;
  if (wanted_change.has_value() && *wanted_change != actual_change) {
    out.push_back(absl::StrCat("next_change: expected ", FormatChange(*wanted_change), ", got ",
                               FormatChange(actual_change)));
  }
  if (!expectation.applied_exemptions().empty()) {
    std::vector<std::string> applied;
    for (const v1::ExemptionOutcome& outcome : decision.exemptions()) {
      if (outcome.applied() &&
          (applied.empty() || applied.back() != outcome.exemption_id())) {
        applied.push_back(outcome.exemption_id());
      }
    }
    if (!std::equal(applied.begin(), applied.end(), expectation.applied_exemptions().begin(),
                    expectation.applied_exemptions().end())) {
      out.push_back(absl::StrCat("applied_exemptions: expected [",
                                 absl::StrJoin(expectation.applied_exemptions(), ", "), "], got [",
                                 absl::StrJoin(applied, ", "), "]"));
    }
  }
  return out;
}

}  // namespace

std::string ExpectationFailure::ToString() const { return absl::StrCat(where, ": ", name, ": ", message); }

std::string ExpectationReport::ToString() const {
  std::string out;
  for (const ExpectationFailure& failure : failures) absl::StrAppend(&out, failure.ToString(), "\n");
  absl::StrAppend(&out, expectations, " expectations (", evaluations, " evaluations): ", failures.size(),
                  " failed\n");
  return out;
}

ExpectationReport CheckExpectations(const CompiledPolicy& policy, const v1::PolicyBundle& bundle,
                                    const SourceMap* source_map) {
  ExpectationReport report;
  policy_internal::TimeZoneCache zones;
  for (int i = 0; i < bundle.expectations_size(); ++i) {
    const v1::Expectation& expectation = bundle.expectations(i);
    const std::string path = absl::StrCat("expectations[", i, "]");
    ExpectationFailure failure;
    failure.name = expectation.name();
    failure.where = path;
    if (source_map != nullptr) {
      const SourceLocation location = source_map->Locate(path);
      if (location.line > 0) {
        failure.where = absl::StrCat(location.file, ":", location.line, ":", location.column);
      } else if (!location.file.empty()) {
        failure.where = absl::StrCat(location.file, ": ", source_map->LocalPath(path));
      }
    }
    auto fail = [&](std::string message) {
      ExpectationFailure copy = failure;
      copy.message = std::move(message);
      report.failures.push_back(std::move(copy));
    };
    ++report.expectations;
    const std::string invalid = Invalid(expectation);
    if (!invalid.empty()) {
      fail("invalid expectation: " + invalid);
      continue;
    }
    absl::StatusOr<absl::Time> at = Resolve(expectation.at(), "at", &zones);
    absl::optional<absl::Time> next_change;
    if (expectation.has_next_change()) {
      absl::StatusOr<absl::Time> resolved = Resolve(expectation.next_change(), "next_change", &zones);
      if (!resolved.ok()) {
        fail(absl::StrCat("invalid expectation: ", resolved.status().message()));
        continue;
      }
      next_change = *resolved;
    }
    if (!at.ok()) {
      fail(absl::StrCat("invalid expectation: ", at.status().message()));
      continue;
    }
    v1::EvaluationContext context = expectation.context();
    context.set_action(expectation.action());
    context.mutable_instant()->set_seconds(absl::ToUnixSeconds(*at));
    for (int a = 0; a < expectation.artifacts_size(); ++a) {
      ++report.evaluations;
      absl::StatusOr<v1::Decision> decision = policy.Evaluate(expectation.artifacts(a), context);
      if (!decision.ok()) {
        fail(absl::StrCat(Describe(expectation.artifacts(a), a), ": ", decision.status().message()));
        continue;
      }
      const std::vector<std::string> differences = Differences(expectation, *decision, next_change);
      if (!differences.empty()) {
        fail(absl::StrCat(Describe(expectation.artifacts(a), a), ": ", absl::StrJoin(differences, "; "),
                          " (", decision->explanation(), ")"));
      }
    }
  }
  return report;
}

}  // namespace interdict
