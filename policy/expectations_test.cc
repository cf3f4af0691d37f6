// Tests of policy tests: expectations that hold, each kind of difference reported with
// the expectation's position, and invalid expectations.
#include "policy/expectations.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "policy/compiler.h"
#include "policy/loader.h"

namespace interdict {
namespace {

using ::testing::HasSubstr;

constexpr char kPolicy[] = R"pb(
entities { id: "k" name: "AO Kaspersky Lab" aliases: "Kaspersky" identifiers { team_id: "2Y8XE5CQ94" } }
policies {
  id: "p" citation: "C" binding: BINDING scope { jurisdictions: ["US"] }
  exemption_purposes: [SECURITY_RESEARCH]
  rules { id: "updates" select { entity: "k" } actions: [UPDATE]
          steps { at { date: "2024-09-29" time: "00:00" zone: "America/New_York" } verdict: DENY } }
}
exemptions { id: "EX-1" exempts { policy: "p" } assets: ["lab-1"] purpose: SECURITY_RESEARCH
             valid { from { date: "2024-01-01" zone: "UTC" } until { date: "2025-01-01" zone: "UTC" } } }
)pb";

// Compiles kPolicy with `expectations` appended (as the file "tests.textproto") and
// checks them.
ExpectationReport Check(const std::string& expectations) {
  PolicyLoader loader;
  EXPECT_TRUE(loader.AddText("tests.textproto", absl::StrCat(kPolicy, expectations)).ok());
  const LoadedBundle loaded = std::move(loader).Finish();
  auto policy = PolicyCompiler().Compile(loaded);
  EXPECT_TRUE(policy.ok()) << policy.status();
  return CheckExpectations(**policy, loaded.bundle, &loaded.source_map);
}

TEST(ExpectationsTest, ExpectationsThatHoldPass) {
  const ExpectationReport report = Check(R"pb(
    expectations {
      name: "denied from midnight in New York, by vendor or Team ID"
      artifacts { name: "Kaspersky Anti-Virus" vendor: "Kaspersky" }
      artifacts { name: "Kaspersky Security Cloud" team_id: "2Y8XE5CQ94" }
      at { date: "2024-09-29" time: "00:00" zone: "America/New_York" }
      action: UPDATE
      context { jurisdictions: ["US"] }
      verdict: DENY
      rules: ["p/updates"]
      state: IN_FORCE
      no_next_change: true
    }
    expectations {
      name: "pending one minute before"
      artifacts { name: "Kaspersky Anti-Virus" vendor: "Kaspersky" }
      at { date: "2024-09-28" time: "23:59" zone: "America/New_York" }
      action: UPDATE
      context { jurisdictions: ["US"] }
      verdict: ALLOW
      state: PENDING
      next_change { date: "2024-09-29" time: "04:00" zone: "UTC" }
    }
    expectations {
      name: "exempted in the lab"
      artifacts { name: "Kaspersky Anti-Virus" vendor: "Kaspersky" }
      at { date: "2024-10-01" zone: "UTC" }
      action: UPDATE
      context { jurisdictions: ["US"] asset_id: "lab-1" }
      verdict: ALLOW
      state: EXEMPTED
      applied_exemptions: ["EX-1"]
    }
    expectations {
      name: "a look-alike and another action match nothing"
      artifacts { name: "Toolkit" vendor: "Kasperski Consulting GmbH" }
      at { date: "2024-10-01" zone: "UTC" }
      action: UPDATE
      context { jurisdictions: ["US"] }
      verdict: ALLOW
      no_match: true
    }
  )pb");
  EXPECT_TRUE(report.passed()) << report.ToString();
  EXPECT_EQ(report.expectations, 4u);
  EXPECT_EQ(report.evaluations, 5u);
  EXPECT_EQ(report.ToString(), "4 expectations (5 evaluations): 0 failed\n");
}

TEST(ExpectationsTest, EachDifferenceIsReportedAtTheExpectation) {
  const ExpectationReport report = Check(R"pb(
    expectations {
      name: "wrong on every count"
      artifacts { name: "Kaspersky Anti-Virus" vendor: "Kaspersky" }
      artifacts { name: "Chrome" vendor: "Google LLC" }
      at { date: "2024-10-01" zone: "UTC" }
      action: UPDATE
      context { jurisdictions: ["US"] }
      verdict: WARN
      rules: ["p/other"]
      state: PENDING
      next_change { date: "2025-01-01" zone: "UTC" }
      applied_exemptions: ["EX-1"]
    }
  )pb");
  ASSERT_EQ(report.failures.size(), 2u) << report.ToString();
  const ExpectationFailure& first = report.failures[0];
  EXPECT_EQ(first.where, "tests.textproto:12:5");
  EXPECT_EQ(first.name, "wrong on every count");
  EXPECT_EQ(first.message,
            "artifacts[0] (\"Kaspersky Anti-Virus\", vendor \"Kaspersky\"): verdict: expected WARN, got "
            "DENY; state of p/updates: expected PENDING, got IN_FORCE; rules: expected [p/other], got "
            "[p/updates]; next_change: expected 2025-01-01T00:00:00Z, got never; "
            "applied_exemptions: expected [EX-1], got [] (DENY by p/updates (C) since "
            "2024-09-29T04:00:00Z (2024-09-29 00:00 America/New_York).)");
  EXPECT_THAT(report.failures[1].message, HasSubstr("artifacts[1] (\"Chrome\", vendor \"Google LLC\")"));
  EXPECT_THAT(report.ToString(), HasSubstr("1 expectations (2 evaluations): 2 failed"));
}

TEST(ExpectationsTest, InvalidExpectationsAreFailures) {
  const ExpectationReport report = Check(R"pb(
    expectations { name: "no artifacts" at { date: "2024-10-01" zone: "UTC" } action: RUN verdict: ALLOW }
    expectations { name: "no instant" artifacts { name: "x" } action: RUN verdict: ALLOW }
    expectations { name: "bad zone" artifacts { name: "x" } at { date: "2024-10-01" zone: "Mars/Base" }
                   action: RUN verdict: ALLOW }
    expectations { name: "instant in context" artifacts { name: "x" } at { date: "2024-10-01" zone: "UTC" }
                   action: RUN verdict: ALLOW context { action: RUN } }
    expectations { name: "both" artifacts { name: "x" } at { date: "2024-10-01" zone: "UTC" }
                   action: RUN verdict: ALLOW no_match: true rules: ["p/updates"] }
    expectations { artifacts { name: "x" } at { date: "2024-10-01" zone: "UTC" } action: RUN verdict: ALLOW }
  )pb");
  ASSERT_EQ(report.failures.size(), 6u) << report.ToString();
  EXPECT_EQ(report.failures[0].message, "invalid expectation: artifacts: at least one is required");
  EXPECT_EQ(report.failures[1].message, "invalid expectation: at: required");
  EXPECT_EQ(report.failures[2].message, "invalid expectation: at: unknown time zone \"Mars/Base\"");
  EXPECT_EQ(report.failures[3].message,
            "invalid expectation: context: leave instant and action unset (they are `at` and `action`)");
  EXPECT_EQ(report.failures[4].message, "invalid expectation: no_match: excludes rules");
  EXPECT_EQ(report.failures[5].message, "invalid expectation: name: required");
  EXPECT_EQ(report.evaluations, 0u);
}

}  // namespace
}  // namespace interdict
