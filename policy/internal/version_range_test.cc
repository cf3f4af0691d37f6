// Tests of version intervals.
#include "policy/internal/version_range.h"

#include "gtest/gtest.h"

namespace interdict {
namespace policy_internal {
namespace {

VersionRange Make(const char* min, const char* max, bool min_exclusive = false,
                  bool max_inclusive = false) {
  v1::VersionRange proto;
  proto.set_min(min);
  proto.set_max(max);
  proto.set_min_exclusive(min_exclusive);
  proto.set_max_inclusive(max_inclusive);
  absl::StatusOr<VersionRange> range = VersionRange::Create(proto);
  EXPECT_TRUE(range.ok()) << range.status();
  return *range;
}

TEST(VersionRangeTest, DefaultIsMinInclusiveMaxExclusive) {
  VersionRange r = Make("9.5", "18.4");
  EXPECT_FALSE(r.Contains("9.4"));
  EXPECT_TRUE(r.Contains("9.5"));
  EXPECT_TRUE(r.Contains("18.3.99"));
  EXPECT_FALSE(r.Contains("18.4"));
}

TEST(VersionRangeTest, BoundFlagsFlipInclusion) {
  VersionRange r = Make("9.5", "18.4", /*min_exclusive=*/true, /*max_inclusive=*/true);
  EXPECT_FALSE(r.Contains("9.5"));
  EXPECT_TRUE(r.Contains("18.4.0"));
  EXPECT_TRUE(Make("2.0", "2.0", false, true).Contains("2"));  // A single point.
}

TEST(VersionRangeTest, EmptyVersionIsOnlyInTheUnboundedRange) {
  EXPECT_TRUE(VersionRange().Contains(""));
  EXPECT_TRUE(VersionRange().unbounded());
  EXPECT_FALSE(Make("1.0", "").Contains(""));
  EXPECT_FALSE(Make("", "2.0").Contains("?!"));  // No digits or letters: unreadable.
  EXPECT_TRUE(Make("", "2.0").Contains("1.9"));
}

TEST(VersionRangeTest, EmptyOrInvertedRangesAreErrors) {
  v1::VersionRange proto;
  proto.set_min("18.4");
  proto.set_max("9.5");
  EXPECT_EQ(VersionRange::Create(proto).status().message(),
            "empty version range: min \"18.4\" is not below max \"9.5\"");
  proto.set_max("18.4");
  EXPECT_EQ(VersionRange::Create(proto).status().code(), absl::StatusCode::kInvalidArgument);
  proto.set_max("...");
  EXPECT_EQ(VersionRange::Create(proto).status().message(), "max \"...\" is not a valid generic version: has no digits or letters");
  proto.set_max("");
  proto.set_min("-");
  EXPECT_EQ(VersionRange::Create(proto).status().message(), "min \"-\" is not a valid generic version: has no digits or letters");
}

VersionRange MakeIn(v1::VersionScheme scheme, const char* min, const char* max) {
  v1::VersionRange proto;
  proto.set_scheme(scheme);
  proto.set_min(min);
  proto.set_max(max);
  absl::StatusOr<VersionRange> range = VersionRange::Create(proto);
  EXPECT_TRUE(range.ok()) << range.status();
  return *range;
}

TEST(VersionRangeTest, OrdersByTheRangesScheme) {
  // Generic ordering would put 1.0~rc1 above 1.0 (a "~" is a separator there).
  EXPECT_TRUE(MakeIn(v1::DEBIAN, "0.9", "1.0").Contains("1.0~rc1"));
  EXPECT_FALSE(MakeIn(v1::DEBIAN, "0.9", "1.0").Contains("1:0.5"));  // Epoch 1 is above.
  EXPECT_TRUE(MakeIn(v1::RPM, "2.0", "3.0").Contains("2.0^git1-4.el9"));
  EXPECT_TRUE(MakeIn(v1::SEMVER, "1.0.0-alpha", "1.0.0").Contains("1.0.0-beta.11"));
  EXPECT_FALSE(MakeIn(v1::SEMVER, "1.0.0-alpha", "1.0.0").Contains("1.0.0+build.7"));
  EXPECT_TRUE(MakeIn(v1::WINDOWS, "21.3", "21.4").Contains("21.3.10.391"));
}

absl::StatusOr<VersionRange> CreateRpm(const char* min, const char* max, bool max_inclusive = false) {
  v1::VersionRange proto;
  proto.set_scheme(v1::RPM);
  proto.set_min(min);
  proto.set_max(max);
  proto.set_max_inclusive(max_inclusive);
  return VersionRange::Create(proto);
}

TEST(VersionRangeTest, RpmBoundWithoutAReleaseCoversEveryRelease) {
  // As rpm matches "Requires: p < 2.0" and "p <= 2.0" (tests/rpmdepmatch.at).
  EXPECT_FALSE(CreateRpm("", "2.0")->Contains("2.0-1"));
  EXPECT_TRUE(CreateRpm("", "2.0")->Contains("1.9-30"));
  EXPECT_TRUE(CreateRpm("", "2.0", /*max_inclusive=*/true)->Contains("2.0-99.el9"));
  EXPECT_TRUE(CreateRpm("2.0", "")->Contains("2.0-1"));
}

TEST(VersionRangeTest, RpmVersionWithoutAReleaseMeetsEveryBoundOnItsVersion) {
  // rpm: a package "= 1.2" matches "< 1.2-1" and "> 1.2-1" alike.
  EXPECT_TRUE(CreateRpm("", "2.0-5")->Contains("2.0"));
  EXPECT_TRUE(CreateRpm("2.0-5", "")->Contains("2.0"));
  EXPECT_FALSE(CreateRpm("", "2.0-5")->Contains("2.0.1"));
}

TEST(VersionRangeTest, RpmRangeIsEmptyOnlyWhenRpmFindsNoOverlap) {
  // [2.0, 2.0-5): the releases of 2.0 below 5, as rpm orders two versions.
  absl::StatusOr<VersionRange> releases = CreateRpm("2.0", "2.0-5");
  ASSERT_TRUE(releases.ok()) << releases.status();
  EXPECT_TRUE(releases->Contains("2.0-4"));
  EXPECT_FALSE(releases->Contains("2.0-5"));
  EXPECT_FALSE(releases->Contains("2.0-7"));
  // ">= 2.0-5" and "<= 2.0" overlap in rpm (2.0-5 and later releases of 2.0)...
  absl::StatusOr<VersionRange> later = CreateRpm("2.0-5", "2.0", /*max_inclusive=*/true);
  ASSERT_TRUE(later.ok()) << later.status();
  EXPECT_TRUE(later->Contains("2.0-6"));
  EXPECT_FALSE(later->Contains("2.0-4"));
  // ...while ">= 2.0-5" and "< 2.0" do not.
  EXPECT_EQ(CreateRpm("2.0-5", "2.0").status().message(),
            "empty version range: min \"2.0-5\" is not below max \"2.0\"");
}

TEST(VersionRangeTest, AnInvalidArtifactVersionIsUnreadableWithItsProblem) {
  const VersionRange r = MakeIn(v1::SEMVER, "1.0.0", "2.0.0");
  const char* problem = nullptr;
  EXPECT_EQ(r.Classify("v1.5.0", &problem), VersionRange::Membership::kUnreadable);
  EXPECT_STREQ(problem, "major is not a number");
  EXPECT_FALSE(r.Contains("v1.5.0"));
  EXPECT_EQ(r.Classify("", &problem), VersionRange::Membership::kOutside);
  EXPECT_EQ(r.Classify("2.0.0", &problem), VersionRange::Membership::kOutside);
  EXPECT_EQ(r.Classify("1.5.0", &problem), VersionRange::Membership::kInside);
}

TEST(VersionRangeTest, AGenericKeyClassifiesAsTheText) {
  const VersionRange r = Make("1.0rc1", "18.4", /*min_exclusive=*/false, /*max_inclusive=*/true);
  ASSERT_TRUE(r.uses_generic_key());
  for (const char* version : {"1.0rc1", "1.0RC1", "1.0rc0", "1.0", "18.4", "18.4.0.0", "18.4.0.1",
                              "0.9", "?!", "", "v2"}) {
    SCOPED_TRACE(version);
    GenericVersionKey key;
    ASSERT_TRUE(key.Assign(version));
    const char* text_problem = nullptr;
    const char* key_problem = nullptr;
    EXPECT_EQ(r.Classify(version, &key, &key_problem), r.Classify(version, &text_problem));
    EXPECT_EQ(key_problem, text_problem);
  }
  // Bounds that fit no key, and other schemes, compare the text.
  EXPECT_FALSE(Make("1.0", "1.2.3.4.5.6.7").uses_generic_key());
  EXPECT_FALSE(MakeIn(v1::SEMVER, "1.0.0", "2.0.0").uses_generic_key());
  EXPECT_FALSE(VersionRange().uses_generic_key());
  GenericVersionKey key;
  ASSERT_TRUE(key.Assign("1.1"));
  const char* problem = nullptr;
  EXPECT_EQ(Make("1.0", "1.2.3.4.5.6.7").Classify("1.1", &key, &problem),
            VersionRange::Membership::kInside);
}

TEST(VersionRangeTest, BoundsMustBeValidInTheScheme) {
  v1::VersionRange proto;
  proto.set_scheme(v1::DEBIAN);
  proto.set_min("a:1.0");
  EXPECT_EQ(VersionRange::Create(proto).status().message(),
            "min \"a:1.0\" is not a valid deb version: epoch is not a number");
  proto.set_scheme(v1::WINDOWS);
  proto.set_min("1.0");
  proto.set_max("1.0.70000");
  EXPECT_EQ(VersionRange::Create(proto).status().message(),
            "max \"1.0.70000\" is not a valid windows version: has a part above 65535");
  proto.set_scheme(static_cast<v1::VersionScheme>(99));
  EXPECT_EQ(VersionRange::Create(proto).status().message(), "unknown version scheme 99");
}

}  // namespace
}  // namespace policy_internal
}  // namespace interdict
