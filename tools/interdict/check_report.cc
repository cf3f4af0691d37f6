// What `interdict check` found (check_report.h).
#include "tools/interdict/check_report.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tools/interdict/evaluation_context.h"

namespace interdict {
namespace cli {
namespace {

absl::Time TimeOf(const google::protobuf::Timestamp& t) { return absl::FromUnixSeconds(t.seconds()); }

// Whether `exemption` was rejected only because its window has not begun.
bool OnlyNotYetValid(const v1::ExemptionOutcome& exemption) {
  return !exemption.applied() && exemption.reasons_size() == 1 && exemption.reasons(0) == v1::NOT_YET_VALID;
}

// The changes of the first `limit` instants that `wanted` selects, one line each.
template <typename Wanted>
void WriteChanges(const std::map<UpcomingChange, uint64_t>& upcoming, size_t limit, Wanted wanted, std::ostream& out) {
  size_t instants = 0;
  absl::Time last = absl::InfinitePast();
  for (const auto& [change, count] : upcoming) {
    if (!wanted(change)) continue;
    if (change.at != last && ++instants > limit) break;
    last = change.at;
    out << "  " << FormatInstant(change.at) << "  " << change.what << " (" << count << " artifact-actions)\n";
  }
}

}  // namespace

void CollectUpcoming(const v1::Decision& decision, absl::Time after, std::set<UpcomingChange>* changes) {
  for (const v1::RuleMatch& match : decision.matches()) {
    if (match.has_next_step_at() && TimeOf(match.next_step_at()) > after) {
      changes->insert({TimeOf(match.next_step_at()),
                       absl::StrCat(match.policy_id(), "/", match.rule_id(), " -> ",
                                    v1::Verdict_Name(match.next_step_verdict())),
                       match.next_step_verdict()});
    }
  }
  for (const v1::ExemptionOutcome& exemption : decision.exemptions()) {
    const std::string name =
        absl::StrCat("exemption ", exemption.exemption_id(), " from ", exemption.policy_id(), "/", exemption.rule_id());
    if (exemption.applied() && exemption.has_valid_until() && TimeOf(exemption.valid_until()) > after) {
      changes->insert({TimeOf(exemption.valid_until()), absl::StrCat(name, " ends")});
    } else if (OnlyNotYetValid(exemption) && TimeOf(exemption.valid_from()) > after) {
      changes->insert({TimeOf(exemption.valid_from()), absl::StrCat(name, " begins")});
    }
  }
}

void CheckReport::AddUpcoming(const std::set<UpcomingChange>& changes) {
  for (const UpcomingChange& change : changes) ++upcoming[change];
}

void CheckReport::Add(const std::string& host, ReportedArtifact artifact, const std::vector<v1::Decision>& decisions) {
  ++artifacts;
  for (const v1::Decision& decision : decisions) {
    for (const v1::RuleMatch& match : decision.matches()) {
      if (match.state() == v1::IN_FORCE || match.state() == v1::CONDITIONAL) {
        ++by_policy[match.policy_id()][match.verdict()];
      }
    }
  }
  ++by_worst_verdict[artifact.worst];
  ReportedHost& reported = hosts[host];
  reported.worst = std::max(reported.worst, artifact.worst);
  if (artifact.worst == v1::ALLOW) {
    ++reported.allowed;
  } else if (keep_flagged) {
    reported.flagged.push_back(std::move(artifact));
  }
}

void WriteSummary(const CheckReport& report, std::ostream& out) {
  const auto count = [&report](v1::Verdict verdict) {
    auto it = report.by_worst_verdict.find(verdict);
    return it == report.by_worst_verdict.end() ? uint64_t{0} : it->second;
  };
  out << "\nSummary: " << report.artifacts << " artifacts on " << report.hosts.size()
      << " hosts; worst verdict over " << report.actions.size() << " actions: " << count(v1::DENY) << " DENY, "
      << count(v1::WARN) << " WARN, " << count(v1::ALLOW) << " ALLOW";
  if (report.skipped > 0) out << "; " << report.skipped << " inventory records skipped (see stderr)";
  if (report.unreadable > 0) out << "; " << report.unreadable << " inputs with errors (see stderr)";
  if (report.ignored > 0) out << "; " << report.ignored << " rows of other osquery queries ignored (see stderr)";
  out << "\n";
  if (!report.by_policy.empty()) {
    out << "By policy (rules in force, per artifact and action):\n";
    for (const auto& [policy, verdicts] : report.by_policy) {
      out << "  " << policy << ":";
      for (const auto& [verdict, n] : verdicts) out << " " << n << " " << v1::Verdict_Name(verdict);
      out << "\n";
    }
  }
  std::vector<std::string> hosts;
  for (const auto& [host, reported] : report.hosts) {
    if (reported.worst != v1::ALLOW) hosts.push_back(absl::StrCat(host, " ", v1::Verdict_Name(reported.worst)));
  }
  if (!hosts.empty()) out << "Hosts not allowed: " << absl::StrJoin(hosts, ", ") << "\n";
  const auto deadline = [](const UpcomingChange& change) { return change.deadline(); };
  const auto exemption = [](const UpcomingChange& change) { return !change.deadline(); };
  if (std::any_of(report.upcoming.begin(), report.upcoming.end(), [&](const auto& c) { return deadline(c.first); })) {
    out << "Next deadlines:\n";
    WriteChanges(report.upcoming, 5, deadline, out);
  }
  if (std::any_of(report.upcoming.begin(), report.upcoming.end(), [&](const auto& c) { return exemption(c.first); })) {
    out << "Next exemption changes:\n";
    WriteChanges(report.upcoming, 5, exemption, out);
  }
}

}  // namespace cli
}  // namespace interdict
