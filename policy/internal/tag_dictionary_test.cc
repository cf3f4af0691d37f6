// Tests of scope-tag bits: masks agree with the string comparison they replace.
#include "policy/internal/tag_dictionary.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace interdict {
namespace policy_internal {
namespace {

TEST(TagDictionaryTest, SharedTagsShareBits) {
  TagDictionary tags;
  const absl::optional<uint64_t> us_gb = tags.Add({"US", "GB"});
  const absl::optional<uint64_t> au = tags.Add({"AU"});
  const absl::optional<uint64_t> gb = tags.Add({"GB"});
  ASSERT_TRUE(us_gb.has_value() && au.has_value() && gb.has_value());
  const std::vector<absl::string_view> context = {"GB", "FR"};  // FR: in no policy.
  const uint64_t mask = tags.MaskOf(context);
  EXPECT_NE(*us_gb & mask, 0u);
  EXPECT_EQ(*au & mask, 0u);
  EXPECT_NE(*gb & mask, 0u);
  EXPECT_EQ(tags.MaskOf({}), 0u);
  EXPECT_EQ(*tags.Add({}), 0u);
}

TEST(TagDictionaryTest, TagsBeyondSixtyFourHaveNoBit) {
  TagDictionary tags;
  std::vector<std::string> many;
  for (size_t i = 0; i < TagDictionary::kMaxTags; ++i) many.push_back("kind-" + std::to_string(i));
  const absl::optional<uint64_t> all = tags.Add(many);
  ASSERT_TRUE(all.has_value());
  EXPECT_EQ(*all, ~uint64_t{0});
  EXPECT_FALSE(tags.Add({"kind-0", "one-too-many"}).has_value());
  EXPECT_TRUE(tags.Add({"kind-63"}).has_value());  // Known tags still have their bits.
  const std::vector<absl::string_view> context = {"one-too-many", "kind-63"};
  EXPECT_EQ(tags.MaskOf(context), uint64_t{1} << 63);
}

}  // namespace
}  // namespace policy_internal
}  // namespace interdict
