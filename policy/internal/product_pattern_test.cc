// Tests of single product patterns (exclusions and exemption subsets).
#include "policy/internal/product_pattern.h"

#include <string>

#include "gtest/gtest.h"
#include "policy/internal/name_normalizer.h"

namespace interdict {
namespace policy_internal {
namespace {

bool Matches(const ProductPattern& pattern, absl::string_view name) {
  NameBuffer buffer;
  return pattern.Matches(name, NormalizeName(name, &buffer));
}

ProductPattern Make(const char* kind, const std::string& value) {
  v1::ProductMatch match;
  if (std::string(kind) == "exact") match.set_exact(value);
  if (std::string(kind) == "prefix") match.set_prefix(value);
  if (std::string(kind) == "regex") match.set_regex(value);
  ProductRegexCache regexes(1 << 20);
  absl::StatusOr<ProductPattern> pattern = ProductPattern::Create(match, 1024, &regexes);
  EXPECT_TRUE(pattern.ok()) << pattern.status();
  return *std::move(pattern);
}

absl::Status CreateError(const v1::ProductMatch& match, size_t max_length = 1024) {
  ProductRegexCache regexes(1 << 20);
  return ProductPattern::Create(match, max_length, &regexes).status();
}

TEST(ProductPatternTest, ExactMatchesTheWholeNormalisedName) {
  ProductPattern p = Make("exact", "Kaspersky Free");
  EXPECT_EQ(p.basis(), v1::PRODUCT_EXACT);
  EXPECT_EQ(p.value(), "kaspersky free");
  EXPECT_TRUE(Matches(p, "KASPERSKY  FREE"));
  EXPECT_FALSE(Matches(p, "Kaspersky Free Trial"));
}

TEST(ProductPatternTest, PrefixMatchesTheStartOfTheNormalisedName) {
  ProductPattern p = Make("prefix", "Kaspersky Threat Intelligence");
  EXPECT_EQ(p.basis(), v1::PRODUCT_PREFIX);
  EXPECT_TRUE(Matches(p, "kaspersky threat-intelligence portal"));
  EXPECT_FALSE(Matches(p, "Kaspersky Threat"));
}

TEST(ProductPatternTest, RegexMatchesTheWholeRawNameCaseInsensitively) {
  ProductPattern p = Make("regex", "Kaspersky (Free|Anti-Virus)");
  EXPECT_EQ(p.basis(), v1::PRODUCT_REGEX);
  EXPECT_EQ(p.value(), "Kaspersky (Free|Anti-Virus)");
  EXPECT_TRUE(Matches(p, "kaspersky anti-virus"));
  EXPECT_FALSE(Matches(p, "Kaspersky Anti-Virus 2021"));
  EXPECT_FALSE(Matches(p, "Get Kaspersky Free"));
}

TEST(ProductPatternTest, InvalidPatternsAreRejectedWithTheReason) {
  v1::ProductMatch match;
  EXPECT_EQ(CreateError(match).message(), "one of exact, prefix or regex is required");
  match.set_regex("Kaspersky (Free");
  EXPECT_EQ(CreateError(match).message(), "invalid RE2: missing ): \"Kaspersky (Free\"");
  match.set_regex("");
  EXPECT_EQ(CreateError(match).message(), "empty regex");
  match.set_exact("--");
  EXPECT_EQ(CreateError(match).message(), "\"--\" has no letters or digits, so it would match nothing useful");
  match.set_prefix("Kaspersky Lab");
  absl::Status too_long = CreateError(match, 5);
  EXPECT_EQ(too_long.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(too_long.message(), "pattern is 13 bytes, longer than the limit of 5");
}

TEST(ProductPatternTest, RegexStatusQuotesTheOffendingFragment) {
  EXPECT_TRUE(RegexStatus(RE2("a+b", ProductRegexOptions(1 << 20))).ok());
  EXPECT_EQ(RegexStatus(RE2("a**", ProductRegexOptions(1 << 20))).message(),
            "invalid RE2: bad repetition operator: \"**\"");
}

}  // namespace
}  // namespace policy_internal
}  // namespace interdict
