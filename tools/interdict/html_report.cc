// The HTML report of `interdict check` (html_report.h).
#include "tools/interdict/html_report.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "tools/interdict/evaluation_context.h"

namespace interdict {
namespace cli {
namespace {

constexpr char kStyle[] = R"css(
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #1d232a;
       margin: 0 auto; max-width: 1100px; padding: 24px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid #d0d7de; }
h3 { font-size: 15px; margin: 18px 0 6px; }
.meta { color: #57606a; margin: 0; }
.cards { display: flex; gap: 12px; flex-wrap: wrap; margin: 12px 0; }
.card { border-radius: 6px; padding: 10px 16px; min-width: 110px; color: #fff; }
.card .n { display: block; font-size: 26px; font-weight: 600; }
.card.hosts { background: #57606a; }
.DENY { background: #b42318; color: #fff; } .WARN { background: #b54708; color: #fff; }
.ALLOW { background: #1a7f37; color: #fff; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 10px; }
th, td { border: 1px solid #d0d7de; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
td.verdict { font-weight: 600; text-align: center; white-space: nowrap; }
.badge { border-radius: 4px; padding: 1px 6px; font-size: 12px; font-weight: 600; }
.why { margin: 0; padding-left: 16px; } .evidence { color: #57606a; }
.note { color: #57606a; } .problem { color: #b42318; font-weight: 600; }
svg text { font: 12px system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; fill: #1d232a; }
footer { color: #57606a; margin-top: 32px; font-size: 12px; }
)css";

constexpr const char* kVerdictColour[] = {"#57606a", "#1a7f37", "#b54708", "#b42318"};  // By v1::Verdict.
constexpr char kExemptionColour[] = "#0550ae";

const char* ColourOf(v1::Verdict verdict) {
  return verdict >= v1::VERDICT_UNSPECIFIED && verdict <= v1::DENY ? kVerdictColour[verdict] : kVerdictColour[0];
}

std::string Badge(v1::Verdict verdict) {
  const std::string name = v1::Verdict_Name(verdict);
  return absl::StrCat("<span class=\"badge ", name, "\">", name, "</span>");
}

uint64_t CountOf(const std::map<v1::Verdict, uint64_t>& counts, v1::Verdict verdict) {
  auto it = counts.find(verdict);
  return it == counts.end() ? 0 : it->second;
}

std::string Day(absl::Time t) { return absl::FormatTime("%Y-%m-%d", t, absl::UTCTimeZone()); }

void WriteSummarySection(const CheckReport& report, std::ostream& out) {
  uint64_t hosts_with_findings = 0;
  for (const auto& [host, reported] : report.hosts) hosts_with_findings += reported.worst != v1::ALLOW;
  out << "<section id=\"summary\">\n<h2>Summary</h2>\n<div class=\"cards\">\n";
  for (v1::Verdict verdict : {v1::DENY, v1::WARN, v1::ALLOW}) {
    out << "<div class=\"card " << v1::Verdict_Name(verdict) << "\"><span class=\"n\">"
        << CountOf(report.by_worst_verdict, verdict) << "</span>artifacts " << v1::Verdict_Name(verdict) << "</div>\n";
  }
  out << "<div class=\"card hosts\"><span class=\"n\">" << hosts_with_findings << " / " << report.hosts.size()
      << "</span>hosts with findings</div>\n</div>\n";
  out << "<p>" << report.artifacts << " artifacts on " << report.hosts.size() << " hosts; each counted by its worst "
      << "verdict over the actions " << EscapeHtml(absl::StrJoin(report.actions, ", ", [](std::string* o, v1::Action a) {
           o->append(v1::Action_Name(a));
         }))
      << ".</p>\n";
  if (report.skipped > 0 || report.unreadable > 0) {
    out << "<p class=\"problem\">Incomplete input: " << report.skipped << " inventory records skipped, "
        << report.unreadable << " inputs with errors (the command's standard error names each).</p>\n";
  }
  if (report.ignored > 0) {
    out << "<p class=\"note\">" << report.ignored << " rows of osquery queries over other tables than software "
        << "inventory were ignored (standard error names each query).</p>\n";
  }
  out << "<table id=\"by-policy\">\n<caption>Rules in force by policy (artifact-actions)</caption>\n"
      << "<thead><tr><th>Policy</th><th>DENY</th><th>WARN</th><th>ALLOW</th></tr></thead>\n<tbody>\n";
  for (const auto& [policy, verdicts] : report.by_policy) {
    out << "<tr><td>" << EscapeHtml(policy) << "</td>";
    for (v1::Verdict verdict : {v1::DENY, v1::WARN, v1::ALLOW}) out << "<td class=\"n\">" << CountOf(verdicts, verdict) << "</td>";
    out << "</tr>\n";
  }
  if (report.by_policy.empty()) out << "<tr><td colspan=\"4\">No rule is in force for these artifacts.</td></tr>\n";
  out << "</tbody>\n</table>\n</section>\n";
}

// Axis ticks between `from` and `to`: years, months or days, about ten of them.
std::vector<absl::Time> Ticks(absl::Time from, absl::Time to) {
  const absl::TimeZone utc = absl::UTCTimeZone();
  const double days = absl::ToDoubleHours(to - from) / 24;
  std::vector<absl::Time> ticks;
  if (days > 3 * 365) {
    const int64_t step = std::max<int64_t>(1, static_cast<int64_t>(days / 365 / 10) + 1);
    for (absl::CivilYear y = absl::ToCivilYear(from, utc) + 1; absl::FromCivil(y, utc) < to; y += step) {
      ticks.push_back(absl::FromCivil(y, utc));
    }
  } else if (days > 60) {
    const int64_t step = std::max<int64_t>(1, static_cast<int64_t>(days / 30 / 10) + 1);
    for (absl::CivilMonth m = absl::ToCivilMonth(from, utc) + 1; absl::FromCivil(m, utc) < to; m += step) {
      ticks.push_back(absl::FromCivil(m, utc));
    }
  } else {
    const int64_t step = std::max<int64_t>(1, static_cast<int64_t>(days / 10) + 1);
    for (absl::CivilDay d = absl::ToCivilDay(from, utc) + 1; absl::FromCivil(d, utc) < to; d += step) {
      ticks.push_back(absl::FromCivil(d, utc));
    }
  }
  return ticks;
}

void WriteTimelineSection(const CheckReport& report, std::ostream& out) {
  std::vector<std::pair<const UpcomingChange*, uint64_t>> drawn;
  for (const auto& [change, count] : report.upcoming) {
    if (drawn.size() == kTimelineChanges) break;
    drawn.push_back({&change, count});
  }
  constexpr double kWidth = 1000, kLeft = 20, kRight = 980, kAxis = 40, kFirstRow = 66, kRowHeight = 22;
  const absl::Time from = report.at;
  const absl::Time last = drawn.empty() ? from : drawn.back().first->at;
  const absl::Time to = from + std::max(absl::Hours(24), (last - from) * 1.06);
  const auto x_of = [&](absl::Time t) { return kLeft + (kRight - kLeft) * absl::FDivDuration(t - from, to - from); };
  const double height = kFirstRow + std::max<size_t>(drawn.size(), 1) * kRowHeight;

  out << "<section id=\"timeline\">\n<h2>Upcoming deadlines and exemption changes</h2>\n";
  out << absl::StrFormat(
      "<svg viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" role=\"img\" aria-labelledby=\"timeline-title\">\n",
      kWidth, height, kWidth, height);
  out << "<title id=\"timeline-title\">Timeline from " << FormatInstant(from) << ": " << report.upcoming.size()
      << " upcoming changes</title>\n";
  out << absl::StrFormat("<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#8c959f\"/>\n", kLeft, kAxis,
                         kRight, kAxis);
  for (absl::Time tick : Ticks(from, to)) {
    const double x = x_of(tick);
    out << absl::StrFormat(
        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#d0d7de\"/><text x=\"%.1f\" y=\"%.1f\" "
        "text-anchor=\"middle\">%s</text>\n",
        x, kAxis - 4, x, height, x, kAxis - 8, Day(tick));
  }
  out << absl::StrFormat(
      "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#1d232a\" stroke-width=\"2\"/><text x=\"%.1f\" "
      "y=\"%.1f\">as of %s</text>\n",
      kLeft, kAxis - 20, kLeft, height, kLeft + 4, kAxis - 24, Day(from));
  if (drawn.empty()) {
    out << absl::StrFormat("<text x=\"%.1f\" y=\"%.1f\">Nothing changes for these artifacts after %s.</text>\n",
                           kLeft + 12, kFirstRow, EscapeHtml(FormatInstant(from)));
  }
  for (size_t i = 0; i < drawn.size(); ++i) {
    const UpcomingChange& change = *drawn[i].first;
    const double x = x_of(change.at);
    const double y = kFirstRow + i * kRowHeight;
    out << absl::StrFormat("<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#eaeef2\"/>\n", kLeft, y,
                           x, y);
    if (change.deadline()) {
      out << absl::StrFormat("<circle cx=\"%.1f\" cy=\"%.1f\" r=\"6\" fill=\"%s\"/>\n", x, y, ColourOf(change.verdict));
    } else {
      out << absl::StrFormat("<polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f\" fill=\"%s\"/>\n", x, y - 7,
                             x + 7, y, x, y + 7, x - 7, y, kExemptionColour);
    }
    const bool left = x > kLeft + 0.55 * (kRight - kLeft);
    out << absl::StrFormat("<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>\n", left ? x - 12 : x + 12,
                           y + 4, left ? "end" : "start",
                           EscapeHtml(absl::StrCat(Day(change.at), "  ", change.what, " (", drawn[i].second, ")")));
  }
  out << "</svg>\n";
  out << "<p class=\"note\">Circles: a rule's next step begins (its colour is the verdict from then); diamonds: an "
         "exemption begins or ends. Numbers are artifact-actions.</p>\n";
  out << "<table id=\"changes\">\n<thead><tr><th>When (UTC)</th><th>Change</th><th>Artifact-actions</th></tr></thead>\n"
         "<tbody>\n";
  for (const auto& [change, count] : report.upcoming) {
    out << "<tr><td>" << FormatInstant(change.at) << "</td><td>" << EscapeHtml(change.what) << "</td><td class=\"n\">"
        << count << "</td></tr>\n";
  }
  if (report.upcoming.empty()) out << "<tr><td colspan=\"3\">None.</td></tr>\n";
  out << "</tbody>\n</table>\n</section>\n";
}

void WriteHostSections(const CheckReport& report, std::ostream& out) {
  out << "<section id=\"hosts\">\n<h2>Hosts</h2>\n<table id=\"host-overview\">\n"
      << "<thead><tr><th>Host</th><th>Worst verdict</th><th>Findings</th><th>Allowed</th></tr></thead>\n<tbody>\n";
  for (const auto& [host, reported] : report.hosts) {
    out << "<tr><td>" << EscapeHtml(host) << "</td><td class=\"verdict\">" << Badge(reported.worst)
        << "</td><td class=\"n\">" << reported.flagged.size() << "</td><td class=\"n\">" << reported.allowed
        << "</td></tr>\n";
  }
  out << "</tbody>\n</table>\n";
  for (const auto& [host, reported] : report.hosts) {
    if (reported.flagged.empty()) continue;
    out << "<section class=\"host\">\n<h3>" << EscapeHtml(host) << " " << Badge(reported.worst) << "</h3>\n"
        << "<table>\n<thead><tr><th>Artifact</th><th>Version</th>";
    for (v1::Action action : report.actions) out << "<th>" << v1::Action_Name(action) << "</th>";
    out << "<th>Why</th></tr></thead>\n<tbody>\n";
    for (const ReportedArtifact& artifact : reported.flagged) {
      out << "<tr><td>" << EscapeHtml(artifact.name) << "</td><td>" << EscapeHtml(artifact.version) << "</td>";
      for (v1::Verdict verdict : artifact.verdicts) {
        out << "<td class=\"verdict " << v1::Verdict_Name(verdict) << "\">" << v1::Verdict_Name(verdict) << "</td>";
      }
      out << "<td>";
      if (!artifact.evidence.empty()) out << "<div class=\"evidence\">" << EscapeHtml(artifact.evidence) << "</div>";
      out << "<ul class=\"why\">";
      for (const std::string& reason : artifact.reasons) out << "<li>" << EscapeHtml(reason) << "</li>";
      out << "</ul></td></tr>\n";
    }
    out << "</tbody>\n</table>\n";
    if (reported.allowed > 0) {
      out << "<p class=\"note\">" << reported.allowed << (reported.allowed == 1 ? " other artifact" : " other artifacts")
          << " of this host " << (reported.allowed == 1 ? "is" : "are") << " allowed under every action.</p>\n";
    }
    out << "</section>\n";
  }
  out << "</section>\n";
}

}  // namespace

std::string EscapeHtml(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

void WriteHtmlReport(const CheckReport& report, std::ostream& out) {
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
      << "<title>Interdict report as of " << FormatInstant(report.at) << "</title>\n<style>" << kStyle
      << "</style>\n</head>\n<body>\n<header>\n<h1>Interdict compliance report</h1>\n"
      << "<p class=\"meta\">As of " << FormatInstant(report.at) << " with " << EscapeHtml(report.policy_description)
      << ": " << report.policy_count << " policies, " << report.rule_count << " rules.</p>\n"
      << "<p class=\"meta\">Context: " << EscapeHtml(report.context_description) << ".</p>\n</header>\n";
  WriteSummarySection(report, out);
  WriteTimelineSection(report, out);
  WriteHostSections(report, out);
  out << "<footer>Written by interdict check. Verdicts are per action; an artifact counts by its worst. Times are "
         "UTC.</footer>\n</body>\n</html>\n";
}

}  // namespace cli
}  // namespace interdict
