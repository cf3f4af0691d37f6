// Tests the atom filter: never misses a regex that matches (checked against running
// every regex), reports each candidate once, folds case as RE2 does, and refuses what
// it cannot filter.
#include "policy/internal/regex_atom_filter.h"

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "policy/internal/product_regex.h"

namespace interdict {
namespace policy_internal {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr int64_t kMaxMem = int64_t{1} << 20;

// Regexes without a literal head, as hostile or careless policies write them.
const char* const kPatterns[] = {
    "[Pp]roduct [0-9]+",  "(?:Kaspersky|Касперский)? ?Endpoint Agent.*", ".*rod(uct|uce) [A-Z]+",
    "(foo|bar)baz",       "[Kk]aspersky Free",  ".+ Security Cloud", "(?i)tik ?tok( lite)?", "[Ss]ecure ?[Ss]hell",
    "\\w+ Internet Security \\d{4}",
};

class RegexAtomFilterTest : public ::testing::Test {
 protected:
  RegexAtomFilterTest() : cache_(kMaxMem) {
    RegexAtomFilter::Builder builder(kMaxMem);
    for (uint32_t i = 0; i < std::size(kPatterns); ++i) {
      regexes_.push_back(*cache_.Get(kPatterns[i]));
      if (builder.Add(kPatterns[i], i)) filed_.insert(i);
    }
    filter_ = std::move(builder).Build();
  }

  std::vector<uint32_t> Candidates(absl::string_view name) const {
    std::vector<uint32_t> out;
    filter_.ForEachCandidate(name, [&](uint32_t position) { out.push_back(position); });
    return out;
  }

  ProductRegexCache cache_;
  std::vector<std::shared_ptr<const ProductRegex>> regexes_;
  std::set<uint32_t> filed_;
  RegexAtomFilter filter_;
};

TEST_F(RegexAtomFilterTest, FilesPlainAsciiRegexesThatNeedALiteral) {
  // All but the one with Cyrillic text.
  EXPECT_EQ(filed_.size(), std::size(kPatterns) - 1);
  EXPECT_EQ(filed_.count(1), 0u);
}

TEST_F(RegexAtomFilterTest, NeverMissesAMatchingRegex) {
  const char* const kNames[] = {
      "Product 12",        "PRODUCT 7",         "xproduce ABC",      "Production Tools",  "foobaz",   "barbaz",
      "Kaspersky Free",    "kaspersky free",    "KASPERSKY FREE",    "Norton Security Cloud", "TikTok",
      "tik tok lite",      "TIKTOK LITE",       "SecureShell",       "secure shell",      "Acme Internet Security 2024",
      "Notepad++",         "",                  "p",                 "\xE2\x84\xAA" "aspersky Free",  // KELVIN SIGN
      "\xC5\xBF" "ecure\xC5\xBF" "hell",                                                     // LONG S
      "Lab Internet Security 1999", "x Security Cloud",
  };
  int matched = 0;
  for (const char* name : kNames) {
    const std::vector<uint32_t> candidates = Candidates(name);
    const std::set<uint32_t> unique(candidates.begin(), candidates.end());
    EXPECT_EQ(unique.size(), candidates.size()) << name << ": a regex reported twice";
    for (uint32_t position : filed_) {
      if (regexes_[position]->FullMatch(name)) {
        ++matched;
        EXPECT_EQ(unique.count(position), 1u) << name << " matches " << kPatterns[position] << " but was filtered out";
      }
    }
  }
  EXPECT_GT(matched, 15);  // The names exercise the regexes.
}

TEST_F(RegexAtomFilterTest, NamesWithoutAnAtomHaveNoCandidates) {
  EXPECT_THAT(Candidates("Notepad++"), IsEmpty());
  EXPECT_THAT(Candidates("7-Zip 23.01 (x64)"), IsEmpty());
}

TEST_F(RegexAtomFilterTest, FoldsKelvinSignAndLongSAsRe2Does) {
  ASSERT_TRUE(regexes_[4]->FullMatch("\xE2\x84\xAA" "aspersky Free"));  // RE2 itself folds them.
  EXPECT_THAT(Candidates("\xE2\x84\xAA" "aspersky Free"), ElementsAre(4u));
  ASSERT_TRUE(regexes_[7]->FullMatch("\xC5\xBF" "ecure\xC5\xBF" "hell"));
  EXPECT_THAT(Candidates("\xC5\xBF" "ecure\xC5\xBF" "hell"), ElementsAre(7u));
}

TEST(RegexAtomFilterBuilderTest, RefusesWhatItCannotFilter) {
  RegexAtomFilter::Builder builder(kMaxMem);
  EXPECT_FALSE(builder.Add(".*", 0));              // Needs no literal.
  EXPECT_FALSE(builder.Add("[a-z]{2}", 1));        // Nor here.
  EXPECT_FALSE(builder.Add("ab+", 2));             // Its literals are shorter than kMinAtomBytes.
  EXPECT_FALSE(builder.Add("caf\\x{e9} .*", 3));   // Names a character by code.
  EXPECT_FALSE(builder.Add("Café .*", 4));         // Not ASCII.
  EXPECT_FALSE(builder.Add("\\pL+ Agent", 5));     // A Unicode class.
  EXPECT_TRUE(builder.Add("[Aa]gent [0-9]+", 6));
  EXPECT_TRUE(std::move(builder).Build().MemoryBytes() > 0);
}

// With many regexes, a name's candidates are the few that share its literals: the
// cost does not grow with the number of regexes.
TEST(RegexAtomFilterScaleTest, ManyRegexesFewCandidates) {
  RegexAtomFilter::Builder builder(kMaxMem);
  for (uint32_t i = 0; i < 20000; ++i) ASSERT_TRUE(builder.Add(absl::StrCat("[Pp]roduct", i, "x.*"), i));
  const RegexAtomFilter filter = std::move(builder).Build();
  std::vector<uint32_t> candidates;
  filter.ForEachCandidate("PRODUCT12345X beta", [&](uint32_t position) { candidates.push_back(position); });
  EXPECT_THAT(candidates, ::testing::Contains(12345u));
  EXPECT_LT(candidates.size(), 10u);
}

}  // namespace
}  // namespace policy_internal
}  // namespace interdict
