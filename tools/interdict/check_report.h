// File: tools/interdict/check_report.h
// -----------------------------------------------------------------------------
//
// What `interdict check` found, gathered as it evaluates, for the outputs written at
// the end: the summary (WriteSummary, here) and the HTML report (html_report.h). Counts
// cover every artifact; only artifacts that are not allowed are kept one by one (per
// host), so memory grows with the findings, not with the inventory.
//
// Example:
//
//   CheckReport report;
//   report.at = context.at;
//   ...
//   report.Add(host, artifact, decisions);   // per artifact, with its decision per action
//   report.AddUpcoming(changes);             // per artifact-action with changes ahead
//   WriteSummary(report, std::cout);
//
// Thread safety: a plain value, filled by one thread.

#ifndef INTERDICT_TOOLS_INTERDICT_CHECK_REPORT_H_
#define INTERDICT_TOOLS_INTERDICT_CHECK_REPORT_H_

#include <cstdint>
#include <map>
#include <ostream>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "absl/time/time.h"
#include "interdict/v1/common.pb.h"
#include "interdict/v1/decision.pb.h"

namespace interdict {
namespace cli {

// One artifact that some action does not allow.
struct ReportedArtifact {
  std::string name;     // Its display name (a component's path in its SBOM).
  std::string version;
  std::vector<v1::Verdict> verdicts;  // Per action, in CheckReport::actions order.
  v1::Verdict worst = v1::ALLOW;
  std::string evidence;               // How its vendor was recognised, when not by name.
  std::vector<std::string> reasons;   // "RUN: DENY by ..." per action that matched.
};

struct ReportedHost {
  v1::Verdict worst = v1::ALLOW;
  std::vector<ReportedArtifact> flagged;  // In the order read.
  uint64_t allowed = 0;                   // Artifacts every action allows.
};

// Something that happens after the report's instant.
struct UpcomingChange {
  absl::Time at;
  std::string what;  // "us.omb.m-23-13/contractors -> DENY", "exemption EX-1 from us.x/r ends"
  // A deadline's verdict from `at` on; VERDICT_UNSPECIFIED for an exemption's change.
  v1::Verdict verdict = v1::VERDICT_UNSPECIFIED;
  bool deadline() const { return verdict != v1::VERDICT_UNSPECIFIED; }
  bool operator<(const UpcomingChange& other) const {
    return std::tie(at, what, verdict) < std::tie(other.at, other.what, other.verdict);
  }
};

struct CheckReport {
  absl::Time at;
  std::string policy_description;  // "bundled catalog 2026.12.1 (...) + 1 file"
  size_t policy_count = 0;
  size_t rule_count = 0;
  std::string context_description;
  std::vector<v1::Action> actions;

  // Whether Add keeps the artifacts that are not allowed (ReportedHost::flagged).
  bool keep_flagged = false;

  uint64_t artifacts = 0;
  std::map<v1::Verdict, uint64_t> by_worst_verdict;
  // Rules in force (or conditional) per policy, by verdict, per artifact and action.
  std::map<std::string, std::map<v1::Verdict, uint64_t>> by_policy;
  std::map<std::string, ReportedHost> hosts;
  // Steps that begin after `at` (deadlines) and exemptions that begin or end after
  // it, each with the artifact-actions it concerns.
  std::map<UpcomingChange, uint64_t> upcoming;

  // What the inputs lacked (reported on standard error as they came).
  uint64_t skipped = 0;     // Bad records.
  uint64_t unreadable = 0;  // Inputs not opened, not read to their end, or without inventory.
  uint64_t ignored = 0;     // Rows of osquery queries over other tables (not an error).

  // Counts one artifact of `host` with its decision per action (in `actions` order);
  // keeps it, with keep_flagged, when some action does not allow it.
  void Add(const std::string& host, ReportedArtifact artifact, const std::vector<v1::Decision>& decisions);
  // Counts the changes ahead of one artifact-action (CollectUpcoming over the decisions
  // of change_follower.h).
  void AddUpcoming(const std::set<UpcomingChange>& changes);
};

// Adds to `changes` the deadlines and exemption changes after `after` that `decision`
// announces: each rule's next step, the end of an exemption that applies, the start of
// one that waits only for its window.
void CollectUpcoming(const v1::Decision& decision, absl::Time after, std::set<UpcomingChange>* changes);

// The summary: counts by worst verdict, by policy, hosts not allowed, the next
// deadlines and exemption changes.
void WriteSummary(const CheckReport& report, std::ostream& out);

}  // namespace cli
}  // namespace interdict

#endif  // INTERDICT_TOOLS_INTERDICT_CHECK_REPORT_H_
