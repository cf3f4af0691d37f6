// Tests sentences 2 (the normalised purl and its vers range) and 9 (unreadable purls) of the contract in compiled_policy.h.
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "policy/compiled_policy.h"
#include "policy/testing/evaluation_test_support.h"

namespace interdict {
namespace test_support {
namespace {

using ::testing::HasSubstr;

constexpr char kCurlRule[] = R"pb(
  rules {
    id: "curl"
    select { package { purl: "pkg:deb/debian/curl" vers: "vers:deb/>=7.0|<8.0" } }
    actions: [UPDATE]
    steps { at { date: "2024-01-01" zone: "UTC" } verdict: DENY }
  }
)pb";

constexpr MatchRow kPurlRows[] = {
    {"WithQualifiers", "pkg:deb/debian/curl@7.88.1-10+deb12u5?arch=amd64", true},
    {"InOtherCase", "pkg:DEB/Debian/CURL@7.88.1-10", true},  // deb names are case-insensitive
    {"PreReleaseBelowMin", "pkg:deb/debian/curl@7.0~rc1", false},  // below 7.0 in dpkg order
    {"AtMax", "pkg:deb/debian/curl@8.0", false},
    {"NoVersion", "pkg:deb/debian/curl", false},  // no version: outside a bounded range
    {"OtherNamespace", "pkg:deb/ubuntu/curl@7.88.1", false},  // another namespace
    {"OtherType", "pkg:rpm/fedora/curl@7.88.1", false},  // another type
    {"EpochColonPercentEncoded", "pkg:deb/debian/curl@0%3A7.88.1-10", true},  // deb: epoch in the version
    {"NoPurl", "", false},
};

using PackageRuleTest = EvaluateTableTest<MatchRow>;

TEST_P(PackageRuleTest, PackageRuleMatchesTheNormalisedPurlWithinItsVersRange) {
  auto policy = Compile(UsPolicy(kCurlRule));
  artifact_.name = "curl";
  artifact_.vendor = "";
  artifact_.version = "";
  const MatchRow& c = GetParam();
  artifact_.purl = c.value;
  v1::Decision d = RunProto(*policy);
  EXPECT_EQ(d.matches_size() == 1, c.matched);
  EXPECT_EQ(d.artifact_problems_size(), 0);
  if (c.matched) {
    EXPECT_EQ(d.matches(0).basis(), v1::PACKAGE_URL);
    EXPECT_EQ(d.matches(0).matched_value(), "pkg:deb/debian/curl vers:deb/>=7.0|<8.0");
  }
}

INSTANTIATE_TEST_SUITE_P(Purls, PackageRuleTest, ::testing::ValuesIn(kPurlRows), RowName());

// With no entity and no product rule, both name gates turn every artifact away before
// its evaluation (evaluation.cc): the purl still reaches the package rule.
TEST_F(EvaluateTest, PackageRuleMatchesWhenTheBundleHasNoEntityOrProductRule) {
  v1::PolicyBundle bundle = Parse(UsPolicy(kCurlRule));
  bundle.clear_entities();
  auto policy = Compile(bundle);
  artifact_.name = "curl";
  artifact_.vendor = "";
  artifact_.purl = "pkg:deb/debian/curl@7.88.1-10";
  v1::Decision d = RunProto(*policy);
  ASSERT_EQ(d.matches_size(), 1);
  EXPECT_EQ(d.matches(0).rule_id(), "curl");
  EXPECT_EQ(d.verdict(), v1::DENY);
}

// purl-spec's rpm type keeps the epoch in the `epoch` qualifier
// (pkg:rpm/fedora/centerim@4.22.10-1.el6?arch=i686&epoch=1): it is part of the version
// a vers range compares, "1:4.22.10-1.el6".
constexpr char kOpensslRule[] = R"pb(
  rules {
    id: "openssl"
    select { package { purl: "pkg:rpm/fedora/openssl" vers: "vers:rpm/>=1:3.0|<1:3.2" } }
    actions: [UPDATE]
    steps { at { date: "2024-01-01" zone: "UTC" } verdict: DENY }
  }
)pb";

constexpr MatchRow kRpmEpochRows[] = {
    {"EpochQualifier", "pkg:rpm/fedora/openssl@3.1.4-1.fc39?arch=x86_64&epoch=1", true},
    {"NoEpochIsEpochZero", "pkg:rpm/fedora/openssl@3.1.4-1.fc39?arch=x86_64", false},
    {"ZeroEpoch", "pkg:rpm/fedora/openssl@3.1.4-1.fc39?epoch=0", false},
    {"HigherEpoch", "pkg:rpm/fedora/openssl@1.0.2k-16?epoch=2", false},  // 2:1.0.2k-16 > 1:3.2
    {"UpperCaseKey", "pkg:rpm/fedora/openssl@3.1.4-1.fc39?EPOCH=1", true},  // keys are case-insensitive
    {"PercentEncodedValue", "pkg:rpm/fedora/openssl@3.1.4-1.fc39?epoch=%31", true},
    {"EmptyValueIsNoQualifier", "pkg:rpm/fedora/openssl@3.1.4-1.fc39?epoch=", false},
    {"EpochInTheVersion", "pkg:rpm/fedora/openssl@1:3.1.4-1.fc39", true},  // rpm's own EVR form
};

using RpmEpochTest = EvaluateTableTest<MatchRow>;

TEST_P(RpmEpochTest, RpmEpochQualifierIsPartOfTheVersionCompared) {
  auto policy = Compile(UsPolicy(kOpensslRule));
  artifact_.name = "openssl";
  artifact_.vendor = "";
  artifact_.version = "";
  artifact_.purl = GetParam().value;
  v1::Decision d = RunProto(*policy);
  EXPECT_EQ(d.matches_size() == 1, GetParam().matched);
  EXPECT_EQ(d.artifact_problems_size(), 0);
}

INSTANTIATE_TEST_SUITE_P(Purls, RpmEpochTest, ::testing::ValuesIn(kRpmEpochRows), RowName());

TEST_F(EvaluateTest, RpmEpochQualifierThatIsNotANumberIsReported) {
  auto policy = Compile(UsPolicy(kOpensslRule));
  artifact_.purl = "pkg:rpm/fedora/openssl@3.1.4-1.fc39?epoch=one";
  v1::Decision d = RunProto(*policy);
  EXPECT_EQ(d.matches_size(), 0);
  ASSERT_EQ(d.artifact_problems_size(), 1);
  EXPECT_EQ(d.artifact_problems(0).rule_id(), "openssl");
  EXPECT_EQ(d.artifact_problems(0).field(), v1::ARTIFACT_PURL_VERSION);
  EXPECT_EQ(d.artifact_problems(0).value(), "3.1.4-1.fc39");
  EXPECT_EQ(d.artifact_problems(0).problem(),
            "not a valid rpm version: the epoch qualifier is not a non-negative integer");
  artifact_.purl = "pkg:rpm/fedora/openssl@3.1.4-1.fc39?epoch=-1";
  d = RunProto(*policy);
  ASSERT_EQ(d.artifact_problems_size(), 1);
  EXPECT_EQ(d.artifact_problems(0).problem(),
            "not a valid rpm version: the epoch qualifier is not a non-negative integer");
  // Two epochs, in the version and in the qualifier, do not say which one is meant.
  artifact_.purl = "pkg:rpm/fedora/openssl@1:3.1.4-1.fc39?epoch=1";
  d = RunProto(*policy);
  ASSERT_EQ(d.artifact_problems_size(), 1);
  EXPECT_EQ(d.artifact_problems(0).problem(),
            "not a valid rpm version: has an epoch both in the version and in the epoch qualifier");
  // Without a version there is nothing to compare: outside, not reported.
  artifact_.purl = "pkg:rpm/fedora/openssl?epoch=one";
  EXPECT_EQ(RunProto(*policy).artifact_problems_size(), 0);
}

TEST_F(EvaluateTest, UnparseablePurlAndUnreadablePurlVersionAreReported) {
  auto policy = Compile(UsPolicy(kCurlRule));
  artifact_.purl = "pkg:deb/curl@";
  v1::Decision d = RunProto(*policy);
  EXPECT_EQ(d.matches_size(), 0);
  ASSERT_EQ(d.artifact_problems_size(), 1);
  EXPECT_EQ(d.artifact_problems(0).rule_id(), "");
  EXPECT_EQ(d.artifact_problems(0).field(), v1::ARTIFACT_PURL);
  EXPECT_EQ(d.artifact_problems(0).value(), "pkg:deb/curl@");
  EXPECT_EQ(d.artifact_problems(0).problem(), "not a valid purl: has an empty version after '@'");
  EXPECT_THAT(d.explanation(), HasSubstr("Could not read: artifact: purl \"pkg:deb/curl@\" is not a "
                                         "valid purl: has an empty version after '@'."));
  artifact_.purl = "pkg:deb/debian/curl@v7.88:1";  // dpkg: "epoch in version is empty"
  d = RunProto(*policy);
  ASSERT_EQ(d.artifact_problems_size(), 1);
  EXPECT_EQ(d.artifact_problems(0).rule_id(), "curl");
  EXPECT_EQ(d.artifact_problems(0).field(), v1::ARTIFACT_PURL_VERSION);
  EXPECT_EQ(d.artifact_problems(0).value(), "v7.88:1");
  EXPECT_EQ(d.artifact_problems(0).problem(), "not a valid deb version: epoch is not a number");
}

TEST_F(EvaluateTest, ExemptionSubsetCanSelectAPackage) {
  auto policy = Compile(UsPolicy(
      kCurlRule, LabSubsetExemption("EX-P", R"pb(policy: "us.test")pb",
                                    R"pb(package { purl: "pkg:deb/debian/curl" vers: "vers:deb/<7.50" })pb")));
  context_.asset_id = "lab-1";
  artifact_.purl = "pkg:deb/debian/curl@7.40";
  EXPECT_EQ(RunProto(*policy).verdict(), v1::ALLOW);
  artifact_.purl = "pkg:deb/debian/curl@7.88";
  v1::Decision d = RunProto(*policy);
  EXPECT_EQ(d.verdict(), v1::DENY);
  EXPECT_EQ(d.exemptions(0).reason(), v1::ARTIFACT_NOT_COVERED);
}

constexpr SelectorErrorRow kPackageErrorRows[] = {
    {"PurlWithoutScheme", R"pb(package { purl: "deb/debian/curl" })pb",
     "select.package.purl: invalid purl \"deb/debian/curl\": does not start with \"pkg:\""},
    {"PurlWithVersion", R"pb(package { purl: "pkg:deb/debian/curl@7.0" })pb",
     "select.package.purl: \"pkg:deb/debian/curl@7.0\" must name a package only"},
    {"InvalidVers", R"pb(package { purl: "pkg:deb/debian/curl" vers: "vers:deb/>=7.0|>=8.0" })pb",
     "select.package.vers: invalid vers"},
    {"NoPurl", R"pb(package { })pb", "select.package.purl: required"},
    {"PackageWithEntity", R"pb(entity: "kaspersky" package { purl: "pkg:deb/debian/kesl" })pb",
     "select.package: cannot be combined with entity, entities, product, exclude_products or version"},
};

using PackageSelectorErrorTest = EvaluateTableTest<SelectorErrorRow>;

TEST_P(PackageSelectorErrorTest, PackageSelectorErrorsNameTheirField) {
  EXPECT_THAT(CompileError(UsPolicy(absl::StrCat(R"pb(
      rules { id: "r" select { )pb", GetParam().select, R"pb( } actions: [UPDATE]
              steps { at { date: "2024-01-01" zone: "UTC" } verdict: DENY } })pb"))),
              HasSubstr(std::string(GetParam().error)));
}

INSTANTIATE_TEST_SUITE_P(Selectors, PackageSelectorErrorTest, ::testing::ValuesIn(kPackageErrorRows), RowName());

}  // namespace
}  // namespace test_support
}  // namespace interdict
