// Tests of the generic dotted version ordering.
#include "policy/internal/generic_version.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace interdict {
namespace policy_internal {
namespace {

struct Ordered {
  const char* lower;
  const char* higher;
};

// Each row: lower < higher.
const std::vector<Ordered>& OrderedPairs() {
  static const auto* pairs = new std::vector<Ordered>{
      {"9", "10"},                      // Numeric, not lexical.
      {"21.3.9", "21.3.10.391"},
      {"1.0rc1", "1.0"},                // Letters before a missing run.
      {"1.0.a", "1.0"},
      {"1.a", "1.0"},                   // Letters before numbers at the same position.
      {"1.0alpha", "1.0beta"},
      {"2.0", "10.0"},
      {"18.3.99", "18.4"},
      {"99999999999999999999", "100000000000000000000"},  // Longer than 64 bits.
      {"", "0.1"},
  };
  return *pairs;
}

TEST(GenericVersionTest, OrdersEachTableRowBothWays) {
  for (const Ordered& row : OrderedPairs()) {
    SCOPED_TRACE(std::string(row.lower) + " < " + row.higher);
    EXPECT_LT(CompareGenericVersions(row.lower, row.higher), 0);
    EXPECT_GT(CompareGenericVersions(row.higher, row.lower), 0);
  }
}

TEST(GenericVersionTest, MissingTrailingNumericRunsCountAsZero) {
  EXPECT_EQ(CompareGenericVersions("1.2", "1.2.0"), 0);
  EXPECT_EQ(CompareGenericVersions("1.2", "1.2.0.0"), 0);
  EXPECT_EQ(CompareGenericVersions("", "0"), 0);
}

TEST(GenericVersionTest, LeadingZerosSeparatorsAndLetterCaseDoNotMatter) {
  EXPECT_EQ(CompareGenericVersions("1.02", "1.2"), 0);
  EXPECT_EQ(CompareGenericVersions("1-2_3", "1.2.3"), 0);
  EXPECT_EQ(CompareGenericVersions("1.0RC1", "1.0rc1"), 0);
  EXPECT_EQ(CompareGenericVersions("v1.0", "V1.0"), 0);
}

}  // namespace
}  // namespace policy_internal
}  // namespace interdict
