// Tests sentence 2 of the contract in compiled_policy.h for products: exact, prefix, regex, exclusions.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "policy/compiled_policy.h"
#include "policy/testing/evaluation_test_support.h"

namespace interdict {
namespace test_support {
namespace {

using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

struct ProductRow {
  absl::string_view name;
  absl::string_view product;
  absl::string_view rule;  // Empty: no match.
};

constexpr ProductRow kProductRows[] = {
    {"ExactIgnoresCase", "tiktok", "exact"},
    {"ExactIgnoresTrailingSpace", "TikTok ", "exact"},
    {"ExactRejectsLongerName", "TikTok Lite", ""},
    {"PrefixMatchesLongerName", "Kaspersky Endpoint Security for Windows", "prefix"},
    {"PrefixIgnoresCase", "KASPERSKY ENDPOINT", "prefix"},
    {"PrefixIsOnBytesNotWords", "Kaspersky Endpointless", "prefix"},  // Prefixes are on bytes of the normalised name.
    {"RegexMatchesAnAlternative", "Kaspersky Free", "regex"},
    {"RegexIgnoresCase", "kaspersky total security 21", "regex"},
    {"RegexMustMatchTheWholeName", "Kaspersky Free Trial", ""},  // Regexes must match the whole name.
    {"RegexFoldsKelvinSign", "\xe2\x84\xaa" "aspersky Free", "regex"},  // KELVIN SIGN folds to k, as in RE2.
    {"OtherNameMatchesNothing", "Google Chrome", ""},
};

using ProductTest = EvaluateTableTest<ProductRow>;

TEST_P(ProductTest, ProductExactPrefixAndRegexMatchCaseInsensitively) {
  auto policy = Compile(UsPolicy(R"pb(
    rules { id: "exact" select { product { exact: "TikTok" } } actions: [RUN]
            steps { at { date: "2023-01-01" zone: "UTC" } verdict: DENY } }
    rules { id: "prefix" select { product { prefix: "Kaspersky Endpoint" } } actions: [RUN]
            steps { at { date: "2023-01-01" zone: "UTC" } verdict: DENY } }
    rules { id: "regex" select { product { regex: "Kaspersky (Free|Total Security)( \\d+)?" } } actions: [RUN]
            steps { at { date: "2023-01-01" zone: "UTC" } verdict: DENY } }
  )pb"));
  context_.action = v1::RUN;
  const ProductRow& c = GetParam();
  artifact_.name = c.product;
  artifact_.vendor = "";
  const Decision& d = Run(*policy);
  if (c.rule.empty()) {
    EXPECT_FALSE(d.matched());
  } else {
    ASSERT_EQ(d.matches().size(), 1u);
    EXPECT_EQ(policy->DescribeRule(d.matches()[0].rule).rule_id, c.rule);
  }
}

INSTANTIATE_TEST_SUITE_P(Names, ProductTest, ::testing::ValuesIn(kProductRows), RowName());

TEST_F(EvaluateTest, ExclusionsRemoveProductsOfTheEntity) {
  auto policy = Compile(UsPolicy(R"pb(
    rules {
      id: "all-but-ti"
      select { entity: "kaspersky" exclude_products { prefix: "Kaspersky Threat Intelligence" } }
      actions: [UPDATE]
      steps { at { date: "2024-01-01" zone: "UTC" } verdict: DENY }
    }
  )pb"));
  EXPECT_EQ(Run(*policy).verdict(), v1::DENY);
  artifact_.name = "Kaspersky Threat Intelligence Portal";
  EXPECT_FALSE(Run(*policy).matched());
}

// An entity's exact names and prefixes are looked up together (an exact name is a
// prefix that includes the name's end): with a few (a list) and with many (a trie).
TEST_F(EvaluateTest, ExactNamesMatchOnlyWholeNamesBesidePrefixesOfTheSameText) {
  for (int fillers : {0, 20}) {
    std::string rules;
    const auto add = [&rules](absl::string_view id, absl::string_view product) {
      absl::StrAppend(&rules, "rules { id: \"", id, "\" select { entity: \"kaspersky\" product { ", product,
                      " } } actions: [RUN] steps { at { date: \"2023-01-01\" zone: \"UTC\" } verdict: DENY } }\n");
    };
    add("exact-short", "exact: \"Kaspersky\"");
    add("prefix-short", "prefix: \"Kaspersky\"");
    add("exact-free", "exact: \"Kaspersky Free\"");
    add("prefix-free-2", "prefix: \"Kaspersky Free 2\"");
    for (int i = 0; i < fillers; ++i) {
      add(absl::StrCat("filler-", i), absl::StrCat(i % 2 == 0 ? "exact" : "prefix", ": \"Kaspersky Free ", i, "x\""));
    }
    auto policy = Compile(UsPolicy(rules));
    context_.action = v1::RUN;
    const auto matched = [&](absl::string_view name) {
      artifact_.name = name;
      std::vector<std::string> ids;
      for (const Decision::Match& match : Run(*policy).matches()) {
        ids.emplace_back(policy->DescribeRule(match.rule).rule_id);
      }
      return ids;
    };
    SCOPED_TRACE(absl::StrCat(fillers, " more names"));
    EXPECT_THAT(matched("KASPERSKY"), UnorderedElementsAre("exact-short", "prefix-short"));
    EXPECT_THAT(matched("Kaspersky Free"), UnorderedElementsAre("prefix-short", "exact-free"));
    EXPECT_THAT(matched("Kaspersky  free "), UnorderedElementsAre("prefix-short", "exact-free"));
    EXPECT_THAT(matched("Kaspersky Fre"), UnorderedElementsAre("prefix-short"));
    EXPECT_THAT(matched("Kaspersky Free 2"), UnorderedElementsAre("prefix-short", "prefix-free-2"));
    EXPECT_THAT(matched("Kaspersky Free 20x"), UnorderedElementsAre("prefix-short", "prefix-free-2"));
    EXPECT_THAT(matched("Kaspersk"), IsEmpty());
    if (fillers > 0) {
      EXPECT_THAT(matched("Kaspersky Free 4x"), UnorderedElementsAre("prefix-short", "filler-4"));
      EXPECT_THAT(matched("Kaspersky Free 4x y"), UnorderedElementsAre("prefix-short"));
      EXPECT_THAT(matched("Kaspersky Free 5x y"), UnorderedElementsAre("prefix-short", "filler-5"));
    }
  }
}

TEST_F(EvaluateTest, ManyRegexesInOneBucketUseThePrefilterAndStillMatch) {
  std::string rules;
  for (int i = 0; i < 20; ++i) {
    absl::StrAppend(&rules, "rules { id: \"r", i, "\" select { entity: \"kaspersky\" product { regex: \"Product ", i,
                    "( .*)?\" } } actions: [UPDATE] steps { at { date: \"2024-01-01\" zone: \"UTC\" } verdict: DENY } }\n");
  }
  auto policy = Compile(UsPolicy(rules));
  artifact_.name = "product 13 edition";
  ASSERT_EQ(Run(*policy).matches().size(), 1u);
  EXPECT_EQ(policy->DescribeRule(decision_.matches()[0].rule).rule_id, "r13");
  artifact_.name = "Product 99";
  EXPECT_FALSE(Run(*policy).matched());
}

}  // namespace
}  // namespace test_support
}  // namespace interdict
