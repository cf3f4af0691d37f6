// Tests of the generic dotted version ordering.
#include "policy/internal/generic_version.h"

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
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

int Sign(int c) { return c < 0 ? -1 : c > 0 ? 1 : 0; }

// Random versions over the characters that matter to the order: digits (with leading
// zeros and 19-digit numbers), letters of both cases, separators, and bytes >= 0x80.
std::string RandomVersion(std::mt19937_64& random) {
  static constexpr char kAlphabet[] = "0000111299aAbBzZ..-_+~ \x80\xff";
  std::string version;
  const size_t length = random() % 24;
  for (size_t i = 0; i < length; ++i) {
    if (random() % 40 == 0) {
      version += "1234567890123456789";  // Too long for a code.
    } else {
      version.push_back(kAlphabet[random() % (sizeof(kAlphabet) - 1)]);
    }
  }
  return version;
}

// Whether a key can hold `version`, read run by run (GenericVersionKey::Assign's
// contract, written the plain way): at most six runs, numbers of at most 18 digits
// past their leading zeros, letter runs of at most seven.
bool FitsAKey(absl::string_view version) {
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  const auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  int runs = 0;
  size_t i = 0;
  while (true) {
    while (i < version.size() && !digit(version[i]) && !letter(version[i])) ++i;
    if (i == version.size()) return true;
    if (++runs > 6) return false;
    if (digit(version[i])) {
      while (i < version.size() && version[i] == '0') ++i;
      size_t length = 0;
      for (; i < version.size() && digit(version[i]); ++i) ++length;
      if (length > 18) return false;
    } else {
      size_t length = 0;
      for (; i < version.size() && letter(version[i]); ++i) ++length;
      if (length > 7) return false;
    }
  }
}

// Draws 200,000 pairs of versions with `draw` (every `related`th time the second is
// `relate(first)`), expects a key assigned exactly when FitsAKey says so and keys that
// order as the text does; returns how many pairs had both keys.
template <typename Draw, typename Relate>
int CheckKeysAgainstText(uint64_t seed, int related, Draw draw, Relate relate) {
  std::mt19937_64 random(seed);
  int keyed = 0;
  for (int i = 0; i < 200000; ++i) {
    const std::string a = draw(random);
    const std::string b = i % related == 0 ? relate(a, random) : draw(random);
    GenericVersionKey ka;
    GenericVersionKey kb;
    EXPECT_EQ(ka.Assign(a), FitsAKey(a)) << "\"" << a << "\"";
    EXPECT_EQ(kb.Assign(b), FitsAKey(b)) << "\"" << b << "\"";
    if (!FitsAKey(a) || !FitsAKey(b)) continue;
    ++keyed;
    EXPECT_EQ(Sign(CompareGenericVersionKeys(ka, kb)), Sign(CompareGenericVersions(a, b)))
        << "\"" << a << "\" vs \"" << b << "\"";
    if (::testing::Test::HasFailure()) break;
  }
  return keyed;
}

TEST(GenericVersionKeyTest, OrdersAsTheTextOnRandomVersions) {
  EXPECT_GT(CheckKeysAgainstText(11, 7, RandomVersion,
                                 [](const std::string& a, std::mt19937_64&) { return a + ".0"; }),
            50000);
}

// Versions at the edges of what a key holds: runs of 1-20 digits (leading zeros too)
// and 1-9 letters, up to seven runs, between separators that neighbour digits and
// letters in ASCII ('/', ':', '@', '[', '`', '{'), NUL and bytes >= 0x80.
std::string EdgeVersion(std::mt19937_64& random) {
  static constexpr char kSeparators[] = "./:@[`{-_ \0\x80\xff";
  std::string version;
  const size_t runs = random() % 8;
  for (size_t r = 0; r < runs; ++r) {
    const size_t separators = random() % 3;
    for (size_t s = 0; s < separators; ++s) {
      version.push_back(kSeparators[random() % (sizeof(kSeparators) - 1)]);
    }
    const size_t length = 1 + random() % (random() % 2 == 0 ? 20 : 9);
    const bool digits = random() % 2 == 0;
    for (size_t i = 0; i < length; ++i) {
      version.push_back(digits ? static_cast<char>(random() % 5 == 0 ? '0' : '0' + random() % 10)
                               : static_cast<char>((random() % 2 == 0 ? 'a' : 'A') + random() % 26));
    }
  }
  return version;
}

TEST(GenericVersionKeyTest, FitsAndOrdersVersionsAtTheEdgesOfAKey) {
  EXPECT_GT(CheckKeysAgainstText(29, 5, EdgeVersion,
                                 [](const std::string& a, std::mt19937_64& random) {
                                   return a.substr(0, random() % (a.size() + 1));
                                 }),
            20000);
}

TEST(GenericVersionKeyTest, OrdersEachTableRowThatFitsAKey) {
  for (const Ordered& row : OrderedPairs()) {
    SCOPED_TRACE(std::string(row.lower) + " < " + row.higher);
    GenericVersionKey lower;
    GenericVersionKey higher;
    if (!lower.Assign(row.lower) || !higher.Assign(row.higher)) continue;
    EXPECT_LT(CompareGenericVersionKeys(lower, higher), 0);
    EXPECT_GT(CompareGenericVersionKeys(higher, lower), 0);
  }
}

TEST(GenericVersionKeyTest, RefusesRunsThatDoNotFitACode) {
  GenericVersionKey key;
  EXPECT_TRUE(key.Assign("000000000000000000000000001.999999999999999999"));  // 18 digits.
  EXPECT_FALSE(key.Assign("1.1234567890123456789"));                           // 19 digits.
  EXPECT_TRUE(key.Assign("1.0.abcdefg"));
  EXPECT_FALSE(key.Assign("1.0.abcdefgh"));  // 8 letters.
  EXPECT_TRUE(key.Assign("1.2.3.4.5.6"));
  EXPECT_FALSE(key.Assign("1.2.3.4.5.6.7"));  // More runs than kMaxRuns.
}

TEST(GenericVersionKeyTest, KnowsAVersionWithoutRuns) {
  GenericVersionKey key;
  ASSERT_TRUE(key.Assign("?!"));
  EXPECT_TRUE(key.no_runs());
  ASSERT_TRUE(key.Assign("0"));
  EXPECT_FALSE(key.no_runs());
  GenericVersionKey empty;
  ASSERT_TRUE(empty.Assign(""));
  EXPECT_EQ(CompareGenericVersionKeys(key, empty), 0);  // "0" == "" as text.
}

}  // namespace
}  // namespace policy_internal
}  // namespace interdict
