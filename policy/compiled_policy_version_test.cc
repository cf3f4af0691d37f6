// Tests sentences 2 (version ranges in their schemes) and 9 (unreadable versions) of the contract in compiled_policy.h.
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "policy/compiled_policy.h"
#include "policy/compiler.h"
#include "policy/testing/evaluation_test_support.h"

namespace interdict {
namespace test_support {
namespace {

using ::testing::HasSubstr;

constexpr MatchRow kRangeRows[] = {
    {"BelowMin", "9.4.9", false},
    {"AtMin", "9.5", true},
    {"Inside", "12.1.0", true},
    {"JustBelowMax", "18.3.99", true},
    {"AtMax", "18.4", false},
    {"AboveMax", "21.3", false},
    {"NoVersion", "", false},
};

using VersionRangeTest = EvaluateTableTest<MatchRow>;

TEST_P(VersionRangeTest, VersionRangeIsHalfOpenByDefault) {
  auto policy = Compile(UsPolicy(R"pb(
    rules {
      id: "old"
      select { entity: "kaspersky" version { min: "9.5" max: "18.4" } }
      actions: [UPDATE]
      steps { at { date: "2024-01-01" zone: "UTC" } verdict: DENY }
    }
  )pb"));
  artifact_.version = GetParam().value;
  EXPECT_EQ(Run(*policy).matched(), GetParam().matched);
}

INSTANTIATE_TEST_SUITE_P(Versions, VersionRangeTest, ::testing::ValuesIn(kRangeRows), RowName());

TEST_F(EvaluateTest, VersionRangeOrdersByItsScheme) {
  auto policy = Compile(UsPolicy(R"pb(
    rules {
      id: "deb"
      select { entity: "kaspersky" version { scheme: DEBIAN min: "1:0" } }
      actions: [UPDATE]
      steps { at { date: "2024-01-01" zone: "UTC" } verdict: DENY }
    }
  )pb"));
  artifact_.version = "1:0.9~rc1-2";  // Epoch 1: inside.
  EXPECT_TRUE(Run(*policy).matched());
  artifact_.version = "11.0-1";  // No epoch: below 1:0.
  EXPECT_FALSE(Run(*policy).matched());
  EXPECT_TRUE(decision_.artifact_problems().empty());
}

TEST_F(EvaluateTest, DebianVersionsDpkgOnlyWarnsAboutAreOrderedNotReported) {
  auto policy = Compile(UsPolicy(R"pb(
    rules {
      id: "deb"
      select { entity: "kaspersky" version { scheme: DEBIAN min: "1.0" max: "2.0" } }
      actions: [UPDATE]
      steps { at { date: "2024-01-01" zone: "UTC" } verdict: DENY }
    }
  )pb"));
  // An installed-package database can hold what dpkg accepts with a warning; dpkg orders
  // it: "1.0_1" and "1.0\xc3\xa9" lie between 1.0 and 2.0, "a1.0" (a letter first)
  // sorts after every version that starts with a digit.
  for (const char* inside : {"1.0_1", "1.0-1_2", "1.0\xc3\xa9"}) {
    artifact_.version = inside;
    EXPECT_TRUE(Run(*policy).matched()) << inside;
    EXPECT_TRUE(decision_.artifact_problems().empty()) << inside;
  }
  artifact_.version = "a1.0";
  EXPECT_FALSE(Run(*policy).matched());
  EXPECT_TRUE(decision_.artifact_problems().empty());
}

TEST_F(EvaluateTest, UnreadableVersionIsReportedNotSilentlyUnmatched) {
  auto policy = Compile(UsPolicy(R"pb(
    rules {
      id: "semver"
      select { entity: "kaspersky" version { scheme: SEMVER min: "1.0.0" max: "2.0.0" } }
      actions: [UPDATE]
      steps { at { date: "2024-01-01" zone: "UTC" } verdict: DENY }
    }
  )pb"));
  artifact_.version = "v1.5.0";
  v1::Decision d = RunProto(*policy);
  EXPECT_EQ(d.verdict(), v1::ALLOW);
  EXPECT_EQ(d.matches_size(), 0);
  ASSERT_EQ(d.artifact_problems_size(), 1);
  EXPECT_EQ(d.artifact_problems(0).policy_id(), "us.test");
  EXPECT_EQ(d.artifact_problems(0).rule_id(), "semver");
  EXPECT_EQ(d.artifact_problems(0).exemption_id(), "");
  EXPECT_EQ(d.artifact_problems(0).field(), v1::ARTIFACT_VERSION);
  EXPECT_EQ(d.artifact_problems(0).value(), "v1.5.0");
  EXPECT_EQ(d.artifact_problems(0).problem(), "not a valid semver version: major is not a number");
  EXPECT_THAT(d.explanation(),
              HasSubstr("Could not read: us.test/semver: version \"v1.5.0\" is not a valid semver "
                        "version: major is not a number."));
  // A readable version outside the range is simply not matched: no problem.
  artifact_.version = "2.1.0";
  EXPECT_TRUE(RunProto(*policy).artifact_problems().empty());
  // No version at all is absence, not malformation.
  artifact_.version = "";
  EXPECT_TRUE(RunProto(*policy).artifact_problems().empty());
}

TEST_F(EvaluateTest, UnreadableVersionInAnExemptionSubsetIsReported) {
  auto policy = Compile(UsPolicy(
      kDenyKasperskyUpdates,
      LabSubsetExemption("EX-W", R"pb(policy: "us.test" rules: ["updates"])pb",
                         R"pb(entity: "kaspersky" version { scheme: WINDOWS max: "22.0" })pb")));
  context_.asset_id = "lab-1";
  artifact_.version = "21.3 beta";
  v1::Decision d = RunProto(*policy);
  EXPECT_EQ(d.verdict(), v1::DENY);
  ASSERT_EQ(d.exemptions_size(), 1);
  EXPECT_EQ(d.exemptions(0).reason(), v1::ARTIFACT_NOT_COVERED);
  ASSERT_EQ(d.artifact_problems_size(), 1);
  EXPECT_EQ(d.artifact_problems(0).rule_id(), "updates");
  EXPECT_EQ(d.artifact_problems(0).exemption_id(), "EX-W");
  EXPECT_EQ(d.artifact_problems(0).problem(),
            "not a valid windows version: has a part that is not a decimal number");
  artifact_.version = "21.3.10.391";
  EXPECT_EQ(RunProto(*policy).verdict(), v1::ALLOW);
}

TEST_F(EvaluateTest, InvalidVersionBoundIsACompileErrorWithItsPath) {
  auto compiled = PolicyCompiler().Compile(Parse(UsPolicy(R"pb(
    rules {
      id: "rpm"
      select { entity: "kaspersky" version { scheme: RPM min: "1.0-" } }
      actions: [UPDATE]
      steps { at { date: "2024-01-01" zone: "UTC" } verdict: DENY }
    }
  )pb")));
  ASSERT_FALSE(compiled.ok());
  EXPECT_THAT(std::string(compiled.status().message()),
              HasSubstr("policies[0].rules[0].select.version: min \"1.0-\" is not a valid rpm version: "
                        "release is empty"));
}

// dpkg reads such versions from its database with a warning (and refuses them in a
// package it installs): a policy may name them, and hears the warning, since "v2.0" is
// more often a mistake than a Debian version.
TEST_F(EvaluateTest, DebianBoundDpkgWarnsAboutCompilesWithAWarning) {
  std::vector<CompileIssue> issues;
  auto compiled = PolicyCompiler().Compile(Parse(UsPolicy(R"pb(
    rules {
      id: "deb"
      select { entity: "kaspersky" version { scheme: DEBIAN max: "v2.0" } }
      actions: [UPDATE]
      steps { at { date: "2024-01-01" zone: "UTC" } verdict: DENY }
    }
    rules {
      id: "vers"
      select { package { purl: "pkg:deb/debian/kesl" vers: "vers:deb/>=1.0_1" } }
      actions: [UPDATE]
      steps { at { date: "2024-01-01" zone: "UTC" } verdict: DENY }
    }
  )pb")), &issues);
  ASSERT_TRUE(compiled.ok()) << compiled.status();
  ASSERT_EQ(issues.size(), 2u);
  EXPECT_EQ(issues[0].severity, CompileIssue::Severity::kWarning);
  EXPECT_EQ(issues[0].code, CompileIssue::Code::kInvalidValue);
  EXPECT_EQ(issues[0].field_path, "policies[0].rules[0].select.version");
  EXPECT_EQ(issues[0].message,
            "max \"v2.0\": dpkg accepts this deb version only with a warning (version number does not "
            "start with digit); it is ordered as dpkg orders it");
  EXPECT_EQ(issues[1].field_path, "policies[0].rules[1].select.package.vers");
  EXPECT_EQ(issues[1].message,
            "\"1.0_1\": dpkg accepts this deb version only with a warning (invalid character in version "
            "number); it is ordered as dpkg orders it");
}

}  // namespace
}  // namespace test_support
}  // namespace interdict
