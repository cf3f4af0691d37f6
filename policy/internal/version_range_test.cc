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
  EXPECT_FALSE(Make("", "2.0").Contains("?!"));  // No digits or letters: not a version.
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
  EXPECT_EQ(VersionRange::Create(proto).status().message(), "max \"...\" is not a version");
  proto.set_max("");
  proto.set_min("-");
  EXPECT_EQ(VersionRange::Create(proto).status().message(), "min \"-\" is not a version");
}

}  // namespace
}  // namespace policy_internal
}  // namespace interdict
