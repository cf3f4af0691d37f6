// File: tools/interdict/html_report.h
// -----------------------------------------------------------------------------
//
// `interdict check --output html`: the report as one self-contained HTML document
// that a compliance officer can forward — no network, no scripts, no external
// resources: inline CSS and an inline SVG. It holds the summary (counts by worst
// verdict, rules in force by policy, hosts), a table per host of the artifacts that
// are not allowed with the reasons, and an SVG timeline of the upcoming deadlines and
// exemption changes (the first kTimelineChanges of them; the rest are listed in the
// table under it). The markup is well-formed XML (every element closed, attributes
// quoted, text escaped), so that it can be checked structurally.
//
// Example:
//
//   WriteHtmlReport(report, std::cout);   // report: check_report.h, keep_flagged set
//
// Thread safety: a pure function of its arguments.

#ifndef INTERDICT_TOOLS_INTERDICT_HTML_REPORT_H_
#define INTERDICT_TOOLS_INTERDICT_HTML_REPORT_H_

#include <cstddef>
#include <ostream>
#include <string>

#include "absl/strings/string_view.h"
#include "tools/interdict/check_report.h"

namespace interdict {
namespace cli {

// Changes drawn on the timeline; the table under it lists every change.
inline constexpr size_t kTimelineChanges = 24;

void WriteHtmlReport(const CheckReport& report, std::ostream& out);

// `text` with &, <, >, " and ' escaped, for element content and attribute values.
std::string EscapeHtml(absl::string_view text);

}  // namespace cli
}  // namespace interdict

#endif  // INTERDICT_TOOLS_INTERDICT_HTML_REPORT_H_
