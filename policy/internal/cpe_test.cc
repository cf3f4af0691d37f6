#include "policy/internal/cpe.h"

#include <string>

#include "gtest/gtest.h"

namespace interdict {
namespace policy_internal {
namespace {

struct Parsed {
  CpeBuffer buffer;
  CpeView view;
  const char* problem = nullptr;
};

std::unique_ptr<Parsed> Parse(absl::string_view text) {
  auto parsed = std::make_unique<Parsed>();
  parsed->problem = ParseCpe(text, &parsed->buffer, &parsed->view);
  return parsed;
}

bool Matches(absl::string_view source, absl::string_view target) {
  auto s = Parse(source);
  auto t = Parse(target);
  EXPECT_EQ(s->problem, nullptr) << source << ": " << s->problem;
  EXPECT_EQ(t->problem, nullptr) << target << ": " << t->problem;
  return CpeMatches(s->view, t->view);
}

TEST(CpeTest, ParsesQuotedValuesAndSpecialValues) {
  auto p = Parse("cpe:2.3:a:Kaspersky:anti-virus\\+:21\\.3\\.10\\.391:-:*:*:*:*:*:*");
  ASSERT_EQ(p->problem, nullptr);
  EXPECT_EQ(p->view.attributes[kCpeVendor].body, "kaspersky");
  EXPECT_EQ(p->view.attributes[kCpeProduct].body, "anti-virus+");
  EXPECT_EQ(p->view.attributes[kCpeVersion].body, "21.3.10.391");
  EXPECT_EQ(p->view.attributes[4].kind, CpeAttribute::Kind::kNa);
  EXPECT_EQ(p->view.attributes[5].kind, CpeAttribute::Kind::kAny);
  auto colon = Parse("cpe:2.3:a:vendor:prod\\:uct:1:*:*:*:*:*:*:*");
  ASSERT_EQ(colon->problem, nullptr);
  EXPECT_EQ(colon->view.attributes[kCpeProduct].body, "prod:uct");
}

TEST(CpeTest, NamesTheFirstProblem) {
  EXPECT_STREQ(Parse("cpe:/a:kaspersky:anti-virus")->problem,
               "does not start with cpe:2.3: (a CPE 2.3 formatted string)");
  EXPECT_STREQ(Parse("cpe:2.3:a:kaspersky:anti-virus")->problem, "expected 11 attributes after cpe:2.3:");
  EXPECT_STREQ(Parse("cpe:2.3:a:kaspersky:anti-virus:1:*:*:*:*:*:*:*:*")->problem,
               "expected 11 attributes after cpe:2.3:");
  EXPECT_STREQ(Parse("cpe:2.3:x:kaspersky:anti-virus:1:*:*:*:*:*:*:*")->problem, "part must be a, o, h or *");
  EXPECT_STREQ(Parse("cpe:2.3:a:kaspersky:anti+virus:21.3:*:*:*:*:*:*:*")->problem,
               "has unquoted punctuation other than - and . (quote it with a backslash, e.g. \\+)");
  EXPECT_EQ(Parse("cpe:2.3:a:kaspersky:anti-virus:21.3:*:*:*:*:*:*:*")->problem, nullptr);  // NVD's form
  EXPECT_STREQ(Parse("cpe:2.3:a:kas*sky:x:1:*:*:*:*:*:*:*")->problem,
               "has an unquoted * or ? inside a value (wildcards go only at the ends)");
  EXPECT_STREQ(Parse("cpe:2.3:a::x:1:*:*:*:*:*:*:*")->problem,
               "has an empty attribute (use * for ANY or - for NA)");
  EXPECT_STREQ(Parse("cpe:2.3:a:v:x:1\\:*:*:*:*:*:*:*")->problem, "expected 11 attributes after cpe:2.3:");
  EXPECT_STREQ(Parse("cpe:2.3:a:v\\a:x:1:*:*:*:*:*:*:*")->problem,
               "quotes a letter, digit or '_' (only punctuation is quoted)");
}

TEST(CpeTest, RawAttributesKeepTheirQuoting) {
  const absl::string_view cpe = "CPE:2.3:a:kaspersky:anti-virus:21\\.3\\:beta:*:*:*:*:*:*:*";
  EXPECT_EQ(RawCpeAttribute(cpe, kCpeVersion), "21\\.3\\:beta");
  EXPECT_EQ(RawCpeAttribute(cpe, kCpeVendor), "kaspersky");
  EXPECT_EQ(RawCpeAttribute("cpe:2.3:a:kaspersky:anti-virus", kCpeVersion), "");
  EXPECT_EQ(RawCpeAttribute("cpe:/a:kaspersky:anti-virus:21.3", kCpeVersion), "");
}

// NISTIR 7696's attribute comparison table, as whole-name matches.
TEST(CpeTest, AnyNaAndValuesFollowNistir7696) {
  const char* target = "cpe:2.3:a:microsoft:internet_explorer:8\\.0\\.6001:beta:*:*:*:*:*:*";
  EXPECT_TRUE(Matches("cpe:2.3:a:microsoft:internet_explorer:*:*:*:*:*:*:*:*", target));
  EXPECT_TRUE(Matches("cpe:2.3:*:microsoft:*:*:*:*:*:*:*:*:*", target));
  // The standard's example: version 8\.* is a superset, but update sp? is disjoint from beta.
  EXPECT_FALSE(Matches("cpe:2.3:a:microsoft:internet_explorer:8\\.*:sp?:*:*:*:*:*:*", target));
  EXPECT_TRUE(Matches("cpe:2.3:a:microsoft:internet_explorer:8\\.*:????:*:*:*:*:*:*", target));
  EXPECT_TRUE(Matches("cpe:2.3:a:microsoft:internet_explorer:*6001:*:*:*:*:*:*:*", target));
  EXPECT_TRUE(Matches("cpe:2.3:a:microsoft:internet_explorer:*0\\.6*:*:*:*:*:*:*:*", target));
  EXPECT_FALSE(Matches("cpe:2.3:a:microsoft:internet_explorer:8\\.0:*:*:*:*:*:*:*", target));
  EXPECT_FALSE(Matches("cpe:2.3:a:microsoft:internet_explorer:*:-:*:*:*:*:*:*", target));  // NA vs value
  EXPECT_FALSE(Matches("cpe:2.3:o:microsoft:internet_explorer:*:*:*:*:*:*:*:*", target));
  // A target of ANY is not covered by a source value (SUBSET); NA only by NA or ANY.
  EXPECT_FALSE(Matches("cpe:2.3:a:microsoft:internet_explorer:8\\.0:*:*:*:*:*:*:*",
                       "cpe:2.3:a:microsoft:internet_explorer:*:*:*:*:*:*:*:*"));
  EXPECT_TRUE(Matches("cpe:2.3:a:microsoft:internet_explorer:*:-:*:*:*:*:*:*",
                      "cpe:2.3:a:microsoft:internet_explorer:8:-:*:*:*:*:*:*"));
  // A target with wildcards of its own is undefined: not matched by a value.
  EXPECT_FALSE(Matches("cpe:2.3:a:microsoft:internet_explorer:8:*:*:*:*:*:*:*",
                       "cpe:2.3:a:microsoft:internet_explorer:8*:*:*:*:*:*:*:*"));
}

TEST(CpeTest, ComparisonIgnoresCase) {
  EXPECT_TRUE(Matches("cpe:2.3:a:Kaspersky:Anti-Virus:*:*:*:*:*:*:*:*",
                      "cpe:2.3:a:kaspersky:anti-virus:21:*:*:*:*:*:*:*"));
}

}  // namespace
}  // namespace policy_internal
}  // namespace interdict
