// The catalog's table for the README (catalog_table.h).
#include "policy/catalog/catalog_table.h"

#include <algorithm>
#include <map>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"

namespace interdict {
namespace {

// Table cells hold no '|' or newline.
std::string Cell(absl::string_view text) {
  return absl::StrReplaceAll(text, {{"|", "\\|"}, {"\n", " "}});
}

std::string Civil(const v1::CivilInstant& instant) {
  std::string out = instant.date();
  if (!instant.time().empty()) absl::StrAppend(&out, " ", instant.time());
  return absl::StrCat(out, " ", instant.zone());
}

std::string OffsetText(const v1::Offset& offset) {
  std::vector<std::string> parts;
  if (offset.days() != 0) parts.push_back(absl::StrCat(offset.days(), " days"));
  if (offset.hours() != 0) parts.push_back(absl::StrCat(offset.hours(), " h"));
  if (offset.minutes() != 0) parts.push_back(absl::StrCat(offset.minutes(), " min"));
  return parts.empty() ? "0 days" : absl::StrJoin(parts, " ");
}

std::string Binds(const v1::Policy& policy) {
  const v1::Scope& scope = policy.scope();
  std::vector<std::string> parts;
  parts.push_back(scope.jurisdictions().empty() ? "everywhere" : absl::StrJoin(scope.jurisdictions(), ", "));
  if (!scope.organization_kinds().empty()) parts.push_back(absl::StrJoin(scope.organization_kinds(), ", "));
  // Kinds named only by rules (per-rule scope).
  std::vector<std::string> rule_kinds;
  for (const v1::Rule& rule : policy.rules()) {
    for (const std::string& kind : rule.scope().organization_kinds()) {
      if (std::find(rule_kinds.begin(), rule_kinds.end(), kind) == rule_kinds.end()) rule_kinds.push_back(kind);
    }
  }
  if (scope.organization_kinds().empty() && !rule_kinds.empty()) parts.push_back(absl::StrJoin(rule_kinds, ", "));
  if (!scope.exclude_organization_kinds().empty()) {
    parts.push_back(absl::StrCat("not ", absl::StrJoin(scope.exclude_organization_kinds(), ", ")));
  }
  if (!scope.exclude_asset_kinds().empty()) {
    parts.push_back(absl::StrCat("not ", absl::StrJoin(scope.exclude_asset_kinds(), ", ")));
  }
  std::string out = absl::StrJoin(parts, "; ");
  if (policy.binding() == v1::ADVISORY) out += " (advisory)";
  return out;
}

// Each distinct step start with the verdicts and actions that begin then, in order of
// first appearance: "2024-09-29 00:00 America/New_York: DENY UPDATE, INTEGRATE".
std::string KeyDates(const v1::Policy& policy) {
  std::vector<std::string> order;
  std::map<std::string, std::vector<std::string>> what;
  for (const v1::Rule& rule : policy.rules()) {
    std::vector<std::string> actions;
    for (int a : rule.actions()) actions.push_back(v1::Action_Name(static_cast<v1::Action>(a)));
    for (const v1::Step& step : rule.steps()) {
      std::string when;
      switch (step.from_case()) {
        case v1::Step::kAt: when = Civil(step.at()); break;
        case v1::Step::kAfterIssue: when = absl::StrCat("issue + ", OffsetText(step.after_issue())); break;
        case v1::Step::kAfterFirstSeen:
          when = absl::StrCat("first seen + ", OffsetText(step.after_first_seen()));
          break;
        case v1::Step::FROM_NOT_SET: continue;
      }
      if (what.find(when) == what.end()) order.push_back(when);
      const std::string entry = absl::StrCat(v1::Verdict_Name(step.verdict()), " ", absl::StrJoin(actions, ", "));
      std::vector<std::string>& entries = what[when];
      if (std::find(entries.begin(), entries.end(), entry) == entries.end()) entries.push_back(entry);
    }
  }
  std::vector<std::string> lines;
  for (const std::string& when : order) lines.push_back(absl::StrCat(when, ": ", absl::StrJoin(what[when], "; ")));
  std::string out = absl::StrJoin(lines, "<br>");
  if (policy.has_issued()) out = absl::StrCat("issued ", Civil(policy.issued()), "<br>", out);
  return out;
}

}  // namespace

std::string CatalogTable(const v1::PolicyBundle& bundle) {
  std::vector<const v1::Policy*> policies;
  for (const v1::Policy& policy : bundle.policies()) policies.push_back(&policy);
  std::sort(policies.begin(), policies.end(),
            [](const v1::Policy* a, const v1::Policy* b) { return a->id() < b->id(); });
  std::string out =
      "| regulation | authority | citation | binds | key dates |\n"
      "|---|---|---|---|---|\n";
  for (const v1::Policy* policy : policies) {
    absl::StrAppend(&out, "| `", policy->id(), "`<br>", Cell(policy->title()), " | ", Cell(policy->authority()),
                    " | ", Cell(policy->citation()), " | ", Cell(Binds(*policy)), " | ", Cell(KeyDates(*policy)),
                    " |\n");
  }
  return out;
}

}  // namespace interdict
