#include "policy/internal/vers_range.h"

#include <string>

#include "gtest/gtest.h"

namespace interdict {
namespace policy_internal {
namespace {

VersRange Parse(const std::string& text) {
  absl::StatusOr<VersRange> range = VersRange::Parse(text);
  EXPECT_TRUE(range.ok()) << range.status();
  return range.ok() ? *range : *VersRange::Parse("vers:generic/*");
}

bool Inside(const VersRange& range, absl::string_view version) {
  const char* problem = nullptr;
  return range.Classify(version, &problem) == VersionMembership::kInside;
}

std::string ErrorOf(const std::string& text) {
  return std::string(VersRange::Parse(text).status().message());
}

TEST(VersRange, HalfOpenIntervalInDebianOrder) {
  const VersRange r = Parse("vers:deb/>=1.0|<2.0");
  EXPECT_EQ(r.scheme(), v1::DEBIAN);
  EXPECT_FALSE(Inside(r, "0.9"));
  EXPECT_TRUE(Inside(r, "1.0"));
  EXPECT_TRUE(Inside(r, "1.9-3"));
  EXPECT_TRUE(Inside(r, "2.0~rc1"));  // Before 2.0 in dpkg order.
  EXPECT_FALSE(Inside(r, "2.0"));
  EXPECT_FALSE(Inside(r, "1:1.0"));  // Epoch 1 is above every epoch-0 version.
}

TEST(VersRange, SeveralIntervalsAsInTheSpecificationsTomeeExample) {
  // The vers-spec README's example, with the tomee scheme read as SemVer.
  const VersRange r = Parse(
      "vers:semver/>=1.0.0-beta1|<=1.7.5|>=7.0.0-M1|<=7.0.7|>=7.1.0|<=7.1.2|>=8.0.0-M1|<=8.0.1");
  EXPECT_TRUE(Inside(r, "1.0.0-beta1"));
  EXPECT_TRUE(Inside(r, "1.7.5"));
  EXPECT_FALSE(Inside(r, "1.7.6"));
  EXPECT_FALSE(Inside(r, "7.0.8"));
  EXPECT_TRUE(Inside(r, "7.1.1"));
  EXPECT_TRUE(Inside(r, "8.0.0"));
  EXPECT_FALSE(Inside(r, "8.0.2"));
}

TEST(VersRange, EqualityAndExclusion) {
  const VersRange list = Parse("vers:npm/1.2.3|2.0.0");
  EXPECT_TRUE(Inside(list, "1.2.3"));
  EXPECT_TRUE(Inside(list, "2.0.0"));
  EXPECT_FALSE(Inside(list, "1.2.4"));
  // The spec's gem example, read as SemVer: a hole inside an interval.
  const VersRange hole = Parse("vers:semver/>=2.2.0|!= 2.2.1|<2.3.0");
  EXPECT_TRUE(Inside(hole, "2.2.0"));
  EXPECT_FALSE(Inside(hole, "2.2.1"));
  EXPECT_TRUE(Inside(hole, "2.2.2"));
  EXPECT_FALSE(Inside(hole, "2.3.0"));
  const VersRange all_but = Parse("vers:rpm/!=1.0-1");
  EXPECT_FALSE(Inside(all_but, "1.0-1"));
  EXPECT_TRUE(Inside(all_but, "1.1-1"));
}

TEST(VersRange, OpenEndedBoundsAndStar) {
  EXPECT_TRUE(Inside(Parse("vers:rpm/<2.0"), "1.0^git1"));
  EXPECT_FALSE(Inside(Parse("vers:rpm/<2.0"), "2.0"));
  EXPECT_TRUE(Inside(Parse("vers:rpm/<=2.0"), "2.0"));
  EXPECT_TRUE(Inside(Parse("vers:generic/>1.0"), "1.0.1"));
  EXPECT_FALSE(Inside(Parse("vers:generic/>1.0"), "1.0.0"));  // Equal in generic order.
  EXPECT_TRUE(Inside(Parse("vers:deb/*"), ""));
  EXPECT_FALSE(Inside(Parse("vers:deb/>=1.0"), ""));
}

TEST(VersRange, CanonicalFormIsSortedWithoutSpaces) {
  EXPECT_EQ(Parse("vers:npm/ <2.0.0 | >=1.0.0 ").ToString(), "vers:npm/>=1.0.0|<2.0.0");
  EXPECT_EQ(Parse("vers:NPM/1.0.0").ToString(), "vers:npm/1.0.0");
  EXPECT_EQ(Parse("vers:generic/1.0%2B2").ToString(), "vers:generic/1.0+2");
}

TEST(VersRange, UnreadableVersionIsReported) {
  const VersRange r = Parse("vers:semver/>=1.0.0");
  const char* problem = nullptr;
  EXPECT_EQ(r.Classify("v1.2.3", &problem), VersionMembership::kUnreadable);
  EXPECT_STREQ(problem, "major is not a number");
}

TEST(VersRange, ErrorsNameTheProblem) {
  EXPECT_EQ(ErrorOf("deb/>=1.0"), "invalid vers \"deb/>=1.0\": does not start with \"vers:\"");
  EXPECT_EQ(ErrorOf("vers:deb"), "invalid vers \"vers:deb\": has no '/' after the versioning scheme");
  EXPECT_EQ(ErrorOf("vers:pypi/1.0"),
            "invalid vers \"vers:pypi/1.0\": versioning scheme \"pypi\" is not supported (supported: "
            "deb, rpm, semver, npm, cargo, generic)");
  EXPECT_EQ(ErrorOf("vers:deb/"), "invalid vers \"vers:deb/\": has no constraints");
  EXPECT_EQ(ErrorOf("vers:deb/>=1.0|"), "invalid vers \"vers:deb/>=1.0|\": has an empty constraint");
  EXPECT_EQ(ErrorOf("vers:deb/*|1.0"), "invalid vers \"vers:deb/*|1.0\": '*' must be the only constraint");
  EXPECT_EQ(ErrorOf("vers:deb/>="), "invalid vers \"vers:deb/>=\": constraint \">=\" has no version");
  EXPECT_EQ(ErrorOf("vers:deb/>=a:1"),
            "invalid vers \"vers:deb/>=a:1\": \"a:1\" is not a valid deb version: epoch is not a number");
  EXPECT_EQ(ErrorOf("vers:deb/1.0|<1.0-0"),
            "invalid vers \"vers:deb/1.0|<1.0-0\": version \"1.0-0\" appears more than once");
  EXPECT_EQ(ErrorOf("vers:semver/>=1.0.0|>=2.0.0"),
            "invalid vers \"vers:semver/>=1.0.0|>=2.0.0\": lower bounds (>, >=) and upper bounds (<, <=) "
            "must alternate, but \"2.0.0\" and \"1.0.0\" are both lower bounds");
  EXPECT_EQ(ErrorOf("vers:generic/1.0%2"),
            "invalid vers \"vers:generic/1.0%2\": constraint \"1.0%2\" has a '%' not followed by two hex digits");
}

}  // namespace
}  // namespace policy_internal
}  // namespace interdict
