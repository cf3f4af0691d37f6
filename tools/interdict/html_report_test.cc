// Tests the HTML report structurally: well-formed markup, nothing fetched from
// elsewhere, every count and row of the report, and text escaped.
#include "tools/interdict/html_report.h"

#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"

namespace interdict {
namespace cli {
namespace {

// An element of the parsed document: its name, attributes, children and text.
struct Element {
  std::string name;
  std::map<std::string, std::string> attributes;
  std::vector<std::unique_ptr<Element>> children;
  std::string text;  // Its own text and its descendants', entities left as written.
};

// Parses `html` as XML (the report promises well-formed markup): every element closed
// in order, attributes quoted, '&' only as an entity. Fails the test otherwise.
std::unique_ptr<Element> Parse(absl::string_view html) {
  auto root = std::make_unique<Element>();
  std::vector<Element*> open = {root.get()};
  size_t i = 0;
  const auto add_text = [&](absl::string_view text) {
    for (Element* e : open) e->text.append(text.data(), text.size());
  };
  while (i < html.size()) {
    if (html[i] != '<') {
      const size_t next = std::min(html.find('<', i), html.size());
      const absl::string_view text = html.substr(i, next - i);
      for (size_t a = text.find('&'); a != absl::string_view::npos; a = text.find('&', a + 1)) {
        const absl::string_view rest = text.substr(a);
        EXPECT_TRUE(absl::StartsWith(rest, "&amp;") || absl::StartsWith(rest, "&lt;") ||
                    absl::StartsWith(rest, "&gt;") || absl::StartsWith(rest, "&quot;") || absl::StartsWith(rest, "&#39;"))
            << "bare & in: " << text.substr(a, 20);
      }
      add_text(text);
      i = next;
      continue;
    }
    const size_t end = html.find('>', i);
    EXPECT_NE(end, absl::string_view::npos) << "unclosed tag at " << i;
    if (end == absl::string_view::npos) return root;
    absl::string_view tag = html.substr(i + 1, end - i - 1);
    i = end + 1;
    if (absl::StartsWith(tag, "!DOCTYPE")) continue;
    if (absl::StartsWith(tag, "/")) {
      const std::string name(tag.substr(1));
      EXPECT_GT(open.size(), 1u) << "</" << name << "> closes nothing";
      if (open.size() <= 1) return root;
      EXPECT_EQ(open.back()->name, name) << "</" << name << "> closes <" << open.back()->name << ">";
      open.pop_back();
      continue;
    }
    const bool self_closing = absl::EndsWith(tag, "/");
    if (self_closing) tag.remove_suffix(1);
    auto element = std::make_unique<Element>();
    const size_t space = std::min(tag.find(' '), tag.size());
    element->name = std::string(tag.substr(0, space));
    absl::string_view attributes = tag.substr(space);
    while (true) {
      while (!attributes.empty() && attributes.front() == ' ') attributes.remove_prefix(1);
      if (attributes.empty()) break;
      const size_t equals = attributes.find("=\"");
      EXPECT_NE(equals, absl::string_view::npos) << "unquoted attribute in <" << tag << ">";
      if (equals == absl::string_view::npos) break;
      const size_t close = attributes.find('"', equals + 2);
      EXPECT_NE(close, absl::string_view::npos) << "unterminated attribute in <" << tag << ">";
      if (close == absl::string_view::npos) break;
      element->attributes[std::string(attributes.substr(0, equals))] =
          std::string(attributes.substr(equals + 2, close - equals - 2));
      attributes.remove_prefix(close + 1);
    }
    Element* raw = element.get();
    open.back()->children.push_back(std::move(element));
    if (!self_closing) open.push_back(raw);
  }
  EXPECT_EQ(open.size(), 1u) << "<" << open.back()->name << "> is never closed";
  return root;
}

// Every element under `e` named `name` (with `cls` in its class when given).
void FindAll(const Element& e, absl::string_view name, absl::string_view cls, std::vector<const Element*>* out) {
  for (const auto& child : e.children) {
    auto it = child->attributes.find("class");
    const bool class_ok = cls.empty() || (it != child->attributes.end() && absl::StrContains(it->second, cls));
    if (child->name == name && class_ok) out->push_back(child.get());
    FindAll(*child, name, cls, out);
  }
}
std::vector<const Element*> FindAll(const Element& e, absl::string_view name, absl::string_view cls = "") {
  std::vector<const Element*> out;
  FindAll(e, name, cls, &out);
  return out;
}
const Element* FindId(const Element& e, absl::string_view id) {
  for (const auto& child : e.children) {
    auto it = child->attributes.find("id");
    if (it != child->attributes.end() && it->second == id) return child.get();
    if (const Element* found = FindId(*child, id)) return found;
  }
  return nullptr;
}

v1::Decision Deny(absl::string_view policy, absl::string_view rule) {
  v1::Decision decision;
  decision.set_verdict(v1::DENY);
  v1::RuleMatch* match = decision.add_matches();
  match->set_policy_id(std::string(policy));
  match->set_rule_id(std::string(rule));
  match->set_state(v1::IN_FORCE);
  match->set_verdict(v1::DENY);
  return decision;
}

class HtmlReportTest : public ::testing::Test {
 protected:
  HtmlReportTest() {
    report_.at = absl::FromUnixSeconds(1748736000);  // 2025-06-01
    report_.policy_description = "bundled catalog & <friends>";
    report_.policy_count = 20;
    report_.rule_count = 57;
    report_.context_description = "jurisdictions US";
    report_.actions = {v1::RUN, v1::UPDATE};
    report_.keep_flagged = true;
  }

  ReportedArtifact Flagged(absl::string_view name, v1::Verdict worst) {
    ReportedArtifact artifact;
    artifact.name = std::string(name);
    artifact.version = "21.3";
    artifact.verdicts = {worst, v1::ALLOW};
    artifact.worst = worst;
    artifact.reasons = {absl::StrCat("RUN: ", v1::Verdict_Name(worst), " by x/y")};
    return artifact;
  }

  ReportedArtifact Allowed() {
    ReportedArtifact artifact;
    artifact.name = "Notepad++";
    artifact.verdicts = {v1::ALLOW, v1::ALLOW};
    return artifact;
  }

  std::string Html() {
    std::ostringstream out;
    WriteHtmlReport(report_, out);
    return out.str();
  }

  CheckReport report_;
};

TEST_F(HtmlReportTest, IsWellFormedAndSelfContained) {
  report_.Add("host-1", Flagged("Kaspersky <Free> & \"more\"", v1::DENY), {Deny("us.x", "r"), v1::Decision()});
  report_.Add("host-1", Allowed(), {v1::Decision(), v1::Decision()});
  const std::string html = Html();
  ASSERT_TRUE(absl::StartsWith(html, "<!DOCTYPE html>\n<html lang=\"en\">"));
  const std::unique_ptr<Element> root = Parse(html);
  ASSERT_EQ(root->children.size(), 1u);
  EXPECT_EQ(root->children[0]->name, "html");
  for (absl::string_view fetching : {"<script", "<link", "<img", "<iframe", "src=", "href=", "url(", "@import"}) {
    EXPECT_FALSE(absl::StrContains(html, fetching)) << fetching;
  }
  EXPECT_TRUE(absl::StrContains(html, "Kaspersky &lt;Free&gt; &amp; &quot;more&quot;"));
  EXPECT_TRUE(absl::StrContains(html, "bundled catalog &amp; &lt;friends&gt;"));
  EXPECT_EQ(FindAll(*root, "style").size(), 1u);
  EXPECT_EQ(FindAll(*root, "svg").size(), 1u);
}

TEST_F(HtmlReportTest, SummaryCountsArtifactsByWorstVerdictAndHosts) {
  report_.Add("host-1", Flagged("a", v1::DENY), {Deny("us.x", "r"), v1::Decision()});
  report_.Add("host-1", Flagged("b", v1::WARN), {v1::Decision(), v1::Decision()});
  report_.Add("host-2", Allowed(), {v1::Decision(), v1::Decision()});
  report_.Add("host-2", Allowed(), {v1::Decision(), v1::Decision()});
  report_.Add("host-3", Allowed(), {v1::Decision(), v1::Decision()});
  const std::unique_ptr<Element> root = Parse(Html());
  std::map<std::string, std::string> cards;
  for (const Element* card : FindAll(*root, "div", "card")) cards[card->attributes.at("class")] = card->text;
  EXPECT_EQ(cards["card DENY"], "1artifacts DENY");
  EXPECT_EQ(cards["card WARN"], "1artifacts WARN");
  EXPECT_EQ(cards["card ALLOW"], "3artifacts ALLOW");
  EXPECT_EQ(cards["card hosts"], "1 / 3hosts with findings");
  const Element* by_policy = FindId(*root, "by-policy");
  ASSERT_NE(by_policy, nullptr);
  const std::vector<const Element*> policy_rows = FindAll(*by_policy, "tr");
  ASSERT_EQ(policy_rows.size(), 2u);  // Header and us.x.
  EXPECT_EQ(policy_rows[1]->text, "us.x100");
}

TEST_F(HtmlReportTest, EachHostWithFindingsHasATableOfThem) {
  report_.Add("host-1", Flagged("a", v1::DENY), {Deny("us.x", "r"), v1::Decision()});
  report_.Add("host-1", Flagged("b", v1::WARN), {v1::Decision(), v1::Decision()});
  report_.Add("host-1", Allowed(), {v1::Decision(), v1::Decision()});
  report_.Add("host-2", Allowed(), {v1::Decision(), v1::Decision()});
  const std::unique_ptr<Element> root = Parse(Html());
  const Element* overview = FindId(*root, "host-overview");
  ASSERT_NE(overview, nullptr);
  EXPECT_EQ(FindAll(*overview, "tr").size(), 3u);  // Header and two hosts.
  const std::vector<const Element*> hosts = FindAll(*root, "section", "host");
  ASSERT_EQ(hosts.size(), 1u);  // host-2 has no findings.
  const std::vector<const Element*> rows = FindAll(*hosts[0], "tr");
  ASSERT_EQ(rows.size(), 3u);  // Header, a, b.
  const std::vector<const Element*> header = FindAll(*rows[0], "th");
  ASSERT_EQ(header.size(), 5u);
  EXPECT_EQ(header[2]->text, "RUN");
  EXPECT_EQ(header[3]->text, "UPDATE");
  const std::vector<const Element*> verdicts = FindAll(*rows[1], "td", "verdict");
  ASSERT_EQ(verdicts.size(), 2u);
  EXPECT_EQ(verdicts[0]->text, "DENY");
  EXPECT_EQ(verdicts[1]->text, "ALLOW");
  EXPECT_EQ(FindAll(*rows[1], "li").at(0)->text, "RUN: DENY by x/y");
  EXPECT_TRUE(absl::StrContains(hosts[0]->text, "1 other artifact of this host is allowed"));
}

TEST_F(HtmlReportTest, TimelineDrawsTheFirstChangesAndListsThemAll) {
  // Thirty deadlines a week apart, and an exemption that ends.
  for (int i = 0; i < 30; ++i) {
    v1::Decision decision = Deny("us.x", absl::StrCat("r", i));
    v1::RuleMatch* match = decision.mutable_matches(0);
    match->mutable_next_step_at()->set_seconds(1748736000 + (i + 1) * 7 * 86400);
    match->set_next_step_verdict(i % 2 == 0 ? v1::DENY : v1::WARN);
    report_.Add("host-1", Flagged("a", v1::DENY), {decision, v1::Decision()});
    std::set<UpcomingChange> changes;
    CollectUpcoming(decision, report_.at, &changes);
    report_.AddUpcoming(changes);
  }
  v1::Decision exempted;
  v1::ExemptionOutcome* exemption = exempted.add_exemptions();
  exemption->set_exemption_id("EX-1");
  exemption->set_policy_id("us.x");
  exemption->set_rule_id("r0");
  exemption->set_applied(true);
  exemption->mutable_valid_until()->set_seconds(1748736000 + 3 * 86400);
  report_.Add("host-2", Allowed(), {exempted, v1::Decision()});
  std::set<UpcomingChange> ending;
  CollectUpcoming(exempted, report_.at, &ending);
  report_.AddUpcoming(ending);
  const std::unique_ptr<Element> root = Parse(Html());
  const std::vector<const Element*> svgs = FindAll(*root, "svg");
  ASSERT_EQ(svgs.size(), 1u);
  EXPECT_EQ(FindAll(*svgs[0], "circle").size() + FindAll(*svgs[0], "polygon").size(), kTimelineChanges);
  EXPECT_EQ(FindAll(*svgs[0], "polygon").size(), 1u);  // The exemption ends first.
  EXPECT_TRUE(absl::StrContains(svgs[0]->text, "2025-06-04  exemption EX-1 from us.x/r0 ends (1)"));
  const Element* changes = FindId(*root, "changes");
  ASSERT_NE(changes, nullptr);
  EXPECT_EQ(FindAll(*changes, "tr").size(), 1u + 31u);
}

TEST_F(HtmlReportTest, EmptyReportSaysNothingChanges) {
  const std::unique_ptr<Element> root = Parse(Html());
  const std::vector<const Element*> svgs = FindAll(*root, "svg");
  ASSERT_EQ(svgs.size(), 1u);
  EXPECT_TRUE(absl::StrContains(svgs[0]->text, "Nothing changes for these artifacts after 2025-06-01T00:00:00Z."));
  EXPECT_TRUE(FindAll(*root, "section", "host").empty());
}

TEST(EscapeHtmlTest, EscapesMarkupCharacters) {
  EXPECT_EQ(EscapeHtml("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;");
}

}  // namespace
}  // namespace cli
}  // namespace interdict
