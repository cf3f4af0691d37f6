// Tests of the JSON text helpers of the inventory decoders: repeated keys found with
// the path of their object (written so that no key reads as a path), looked up by the
// part of the document they are in, and bounded.
#include "policy/inventory/internal/json_text.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace interdict {
namespace inventory_internal {
namespace {

using ::testing::HasSubstr;

TEST(ParseJsonTest, ARepeatedKeyIsFoundWithThePathOfItsObject) {
  const struct {
    std::string text;
    std::string first;
  } cases[] = {
      {R"({"name": "a", "name": "b"})", "duplicate key \"name\""},
      {R"({"a": {"b": {"k": 1, "k": 2}}})", "a.b: duplicate key \"k\""},
      {R"([{"k": 1}, {"k": 1, "k": 2}])", "[1]: duplicate key \"k\""},
      {R"({"components": [{"name": "x", "hashes": [{"alg": "a"}, {"alg": "a", "alg": "b"}]}]})",
       "components[0].hashes[1]: duplicate key \"alg\""},
      // Keys that could read as paths are written as ["key"].
      {R"({"x": {"a.b": {"k": 1, "k": 2}}})", "x[\"a.b\"]: duplicate key \"k\""},
      {R"({"": {"k": 1, "k": 2}})", "[\"\"]: duplicate key \"k\""},
  };
  for (const auto& c : cases) {
    absl::StatusOr<ParsedJson> parsed = ParseJson(c.text);
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    const DuplicateKey* key = parsed->duplicates.Within("");
    ASSERT_NE(key, nullptr) << c.text;
    EXPECT_EQ(key->ToString(), c.first);
  }
}

TEST(ParseJsonTest, ATextWithoutRepeatedKeysHasNone) {
  // The same key in sibling objects, and an object's key in its parent, repeat nothing.
  absl::StatusOr<ParsedJson> parsed = ParseJson(R"([{"k": 1}, {"k": 2, "o": {"k": 3}}])");
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(parsed->duplicates.empty());
}

TEST(DuplicateKeysTest, WithinFindsWhatIsInAPartAndLeavesOutWhatIsExcluded) {
  absl::StatusOr<ParsedJson> parsed = ParseJson(
      R"({"components": [{"name": "a", "components": [{"name": "b", "name": "c"}]},)"
      R"( {"name": "d"}, {"name": "e"}, {"name": "f"}, {"name": "g"}, {"name": "h"}, {"name": "i"},)"
      R"( {"name": "j"}, {"name": "k"}, {"name": "l"}, {"name": "m", "name": "n"}]})");
  ASSERT_TRUE(parsed.ok());
  const DuplicateKeys& keys = parsed->duplicates;
  EXPECT_EQ(keys.Within("components[0]")->ToString(), "components[0].components[0]: duplicate key \"name\"");
  EXPECT_EQ(keys.Within("components[0]", "components[0].components"), nullptr);
  // components[1] is not components[10].
  EXPECT_EQ(keys.Within("components[1]"), nullptr);
  EXPECT_EQ(keys.Within("components[10]")->ToString(), "components[10]: duplicate key \"name\"");
  EXPECT_EQ(keys.Outside({"components"}), nullptr);
  EXPECT_EQ(keys.Outside({"metadata"})->ToString(), "components[0].components[0]: duplicate key \"name\"");
}

TEST(ParseJsonTest, TooManyRepeatedKeysAreRefused) {
  std::string text = "{";
  for (size_t i = 0; i <= kMaxDuplicateKeys; ++i) absl::StrAppend(&text, "\"o", i, "\": {\"k\": 1, \"k\": 2}, ");
  text.append("\"end\": 0}");
  absl::StatusOr<ParsedJson> parsed = ParseJson(text);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().message(),
            absl::StrCat("more than ", kMaxDuplicateKeys, " duplicate keys, the first: o0: duplicate key \"k\""));
}

TEST(ParseJsonTest, SyntaxErrorsSayWhere) {
  absl::StatusOr<ParsedJson> parsed = ParseJson("{\"a\": 1,\n \"b\": }");
  ASSERT_FALSE(parsed.ok());
  EXPECT_THAT(parsed.status().message(), HasSubstr("line 2, column 7: "));
}

TEST(FindDuplicateKeyTest, FindsTheFirstRepeatedKeyOfText) {
  EXPECT_EQ(FindDuplicateKey(R"({"artifact": {"name": "a", "name": "b"}})")->ToString(),
            "artifact: duplicate key \"name\"");
  EXPECT_FALSE(FindDuplicateKey(R"({"artifact": {"name": "a"}})").has_value());
  EXPECT_FALSE(FindDuplicateKey("not json").has_value());
}

}  // namespace
}  // namespace inventory_internal
}  // namespace interdict
