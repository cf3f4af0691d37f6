// Tests of the issue collector: codes, positions, and the shared checks.
#include "policy/internal/issue_collector.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace interdict {
namespace policy_internal {
namespace {

using Code = CompileIssue::Code;
using ::testing::ElementsAre;
using ::testing::Field;

TEST(IssueCollectorTest, ErrorsAndWarningsKeepTheirCodeAndOrder) {
  CompileOptions options;
  IssueCollector issues(nullptr, options);
  issues.Error(Code::kUnknownReference, "exemptions[0].exempts[0].policy", "unknown policy \"p\"");
  issues.Warning(Code::kNeverApplies, "policies[0].rules[0]", "rule can never fire");
  EXPECT_EQ(issues.error_count(), 1u);
  std::vector<CompileIssue> all = std::move(issues).Take();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].code, Code::kUnknownReference);
  EXPECT_EQ(all[0].severity, CompileIssue::Severity::kError);
  EXPECT_EQ(all[0].ToString(), "exemptions[0].exempts[0].policy: unknown policy \"p\"");
  EXPECT_EQ(all[1].code, Code::kNeverApplies);
  EXPECT_EQ(all[1].ToString(), "warning: policies[0].rules[0]: rule can never fire");
}

TEST(IssueCollectorTest, AppendedIssuesFollowInTheirOrderAndCountTheirErrors) {
  CompileOptions options;
  IssueCollector issues(nullptr, options);
  issues.Warning(Code::kNeverApplies, "policies[0].rules[0]", "first");
  IssueCollector other(nullptr, options);
  other.Warning(Code::kShadowed, "policies[0].rules[2]", "second");
  other.Error(Code::kInvalidValue, "policies[0].rules[3]", "third");
  issues.Append(std::move(other));
  EXPECT_EQ(issues.error_count(), 1u);
  EXPECT_THAT(std::move(issues).Take(),
              ElementsAre(Field(&CompileIssue::message, "first"), Field(&CompileIssue::message, "second"),
                          Field(&CompileIssue::message, "third")));
}

TEST(IssueCollectorTest, AnEmptySiblingLocatesAndLimitsAsItsCollectorDoes) {
  SourceMap source_map;
  source_map.AddElement("policies", "us.textproto", 0);
  source_map.AddPosition("policies[0].rules[1]", 12, 3);
  CompileOptions options;
  options.max_string_length = 4;
  IssueCollector issues(&source_map, options);
  issues.Warning(Code::kNeverApplies, "policies[0]", "kept apart");
  IssueCollector sibling = issues.EmptySibling();
  EXPECT_EQ(sibling.error_count(), 0u);
  EXPECT_EQ(sibling.Where("policies[0].rules[1]"), "us.textproto:12:3");
  EXPECT_FALSE(sibling.CheckLength("policies[0].rules[1]", "toolong"));
  std::vector<CompileIssue> reported = std::move(sibling).Take();
  ASSERT_EQ(reported.size(), 1u);
  EXPECT_EQ(reported[0].file, "us.textproto");
  EXPECT_EQ(reported[0].line, 12);
  EXPECT_EQ(std::move(issues).Take().size(), 1u);
}

TEST(IssueCollectorTest, ChecksReportWithTheirCodes) {
  CompileOptions options;
  options.max_string_length = 4;
  IssueCollector issues(nullptr, options);
  EXPECT_FALSE(issues.CheckId([] { return "a.id"; }, ""));
  EXPECT_FALSE(issues.CheckId([] { return "b.id"; }, "a b"));
  EXPECT_FALSE(issues.CheckLength("c.name", "toolong"));
  EXPECT_FALSE(issues.CheckLimit("d", 3, 2, "rules", "max_rules"));
  EXPECT_TRUE(issues.CheckId([] { return "e.id"; }, "ok"));
  IdMap first;
  auto path_of = [](uint32_t i) { return absl::StrCat("f[", i, "].id"); };
  EXPECT_TRUE(issues.RegisterId("x", 0, "policy", "", &first, path_of));
  EXPECT_FALSE(issues.RegisterId("x", 1, "policy", "", &first, path_of));
  EXPECT_TRUE(issues.CheckId([] { return "g.id"; }, "a/-."));
  EXPECT_TRUE(issues.CheckId([] { return "g.id"; }, "_:9Z"));
  EXPECT_FALSE(issues.CheckId([] { return "h.id"; }, "\xC3\xA9"));
  EXPECT_EQ(first.at("x"), 0u);
  std::vector<CompileIssue> all = std::move(issues).Take();
  EXPECT_THAT(all, ElementsAre(Field(&CompileIssue::code, Code::kRequired),
                               Field(&CompileIssue::code, Code::kInvalidValue),
                               Field(&CompileIssue::code, Code::kLimitExceeded),
                               Field(&CompileIssue::code, Code::kLimitExceeded),
                               Field(&CompileIssue::code, Code::kDuplicate),
                               Field(&CompileIssue::code, Code::kInvalidValue)));
  EXPECT_EQ(all[3].message, "3 rules exceed the limit of 2 (CompileOptions::max_rules)");
  EXPECT_EQ(all[4].field_path, "f[1].id");
  EXPECT_EQ(all[4].message, "duplicate policy id \"x\" (first defined at f[0].id)");
}

TEST(IssueCollectorTest, CodeNamesAreSnakeCase) {
  EXPECT_EQ(CompileIssue::CodeName(Code::kUnknownReference), "unknown_reference");
  EXPECT_EQ(CompileIssue::CodeName(Code::kLimitExceeded), "limit_exceeded");
  EXPECT_EQ(CompileIssue::CodeName(Code::kNeverApplies), "never_applies");
  EXPECT_EQ(CompileIssue::CodeName(Code::kInconsistent), "inconsistent");
}

}  // namespace
}  // namespace policy_internal
}  // namespace interdict
