// Tests of product regexes: split matching must agree with RE2 on the whole pattern.
#include "policy/internal/product_regex.h"

#include <memory>
#include <random>
#include <string>

#include "gtest/gtest.h"
#include "re2/re2.h"

namespace interdict {
namespace policy_internal {
namespace {

constexpr int64_t kMaxMem = 1 << 20;

std::shared_ptr<const ProductRegex> Get(ProductRegexCache* cache, const std::string& pattern) {
  absl::StatusOr<std::shared_ptr<const ProductRegex>> regex = cache->Get(pattern);
  EXPECT_TRUE(regex.ok()) << regex.status();
  return regex.ok() ? *regex : nullptr;
}

TEST(ProductRegexTest, SplitsTheLiteralHeadOff) {
  ProductRegexCache cache(kMaxMem);
  auto re = Get(&cache, "Kaspersky Internet Security (Pro|Home) [0-9]+");
  EXPECT_EQ(re->head(), "Kaspersky Internet Security ");
  EXPECT_EQ(re->rest()->pattern(), "(Pro|Home) [0-9]+");
  EXPECT_EQ(re->pattern(), "Kaspersky Internet Security (Pro|Home) [0-9]+");
  EXPECT_TRUE(re->FullMatch("kaspersky internet SECURITY home 21"));
  EXPECT_FALSE(re->FullMatch("Kaspersky Internet Security Home"));
  EXPECT_FALSE(re->FullMatch("Kaspersky Internet"));
  EXPECT_FALSE(re->FullMatch("Kaspersky  Internet Security Home 21"));
}

TEST(ProductRegexTest, SharesOneCompiledRestAndOneRegexPerPattern) {
  ProductRegexCache cache(kMaxMem);
  auto a = Get(&cache, "Kaspersky Free (Pro|Home) [0-9]+");
  auto b = Get(&cache, "TikTok (Pro|Home) [0-9]+");
  auto c = Get(&cache, "Kaspersky Free (Pro|Home) [0-9]+");
  EXPECT_EQ(a->rest(), b->rest());
  EXPECT_EQ(a, c);
  EXPECT_TRUE(b->FullMatch("tiktok pro 1"));
  EXPECT_FALSE(b->FullMatch("Kaspersky Free Pro 1"));
}

TEST(ProductRegexTest, NotSplitWhenTheRestLooksBehindOrThereIsNoHead) {
  ProductRegexCache cache(kMaxMem);
  for (const char* pattern : {"Kaspersky\\b.*", "Kaspersky \\B.*", "Kaspersky (^x)?.*", "Kaspersky\\A.*",
                              "(?i)Kaspersky.*", "Kaspersky|TikTok", ".*Kaspersky"}) {
    auto re = Get(&cache, pattern);
    EXPECT_EQ(re->head(), "") << pattern;
    EXPECT_EQ(re->rest()->pattern(), pattern);
  }
  // A negated class is not an anchor.
  EXPECT_EQ(Get(&cache, "Kaspersky [^0-9]+")->head(), "Kaspersky ");
  // \b sees the head: "Kaspersky\b" matches only at a word's end.
  auto word = Get(&cache, "Kaspersky\\b.*");
  EXPECT_TRUE(word->FullMatch("Kaspersky Free"));
  EXPECT_FALSE(word->FullMatch("KasperskyFree"));
}

TEST(ProductRegexTest, AgreesWithRe2OnTheWholePattern) {
  const char* patterns[] = {
      "Kaspersky (Free|Anti-Virus).*", "Dr\\.Web\\ Security [0-9]+", "Kas+persky", "Kasperskyy?",
      "^Kaspersky Endpoint Security [0-9]+", "SKS [0-9]{2,4}", "Kaspersky$", "ks.*",
      ".*Internet Security.*", ".*ks.*", ".*ab+.*", ".*Dr\\.Web.*", ".*x.*y.*",
  };
  const char* names[] = {
      "Kaspersky Free", "KASPERSKY ANTI-VIRUS 2021", "\xE2\x84\xAA" "aspersky Free",  // KELVIN SIGN
      "Ka\xC5\xBFpersky Free", "Dr.Web Security 12", "dr.web security x", "Kasssspersky", "Kaspersky",
      "Kasperskyy", "Kaspersky Endpoint Security 12", "sks 2021", "\xC5\xBF\xE2\x84\xAA" "S 99",
      "Kaspersky\n", "KS", "\xE2\x84\xAA\xC5\xBF", "", "K", "Kaspersky Free\xff", "\xE2\x84",
      "Setup of Kaspersky Internet Security x64", "a\nInternet Security", "INTERNET SECURITY\n",
      "\xED\xA0\x80 internet security \xF0\x9F\x98\x80", "\xC0\xAF internet security", "abbb",
  };
  ProductRegexCache cache(kMaxMem);
  for (const char* pattern : patterns) {
    auto split = Get(&cache, pattern);
    RE2 whole(pattern, ProductRegexOptions(kMaxMem));
    ASSERT_TRUE(whole.ok()) << pattern;
    for (const char* name : names) {
      EXPECT_EQ(split->FullMatch(name), RE2::FullMatch(name, whole)) << pattern << " on " << name;
    }
  }
}

TEST(ProductRegexTest, AgreesWithRe2OnRandomNames) {
  // Names assembled from pieces near the patterns' heads and rests, in random case,
  // with the non-ASCII letters that fold to ASCII and stray bytes.
  const char* patterns[] = {"Kaspersky (Free|Pro) [0-9]+", "Dr\\.Web .*", "SKS[0-9]*", "Ks\\-s?k$",
                            ".*sky Free.*", ".*Ks.*"};
  const char* pieces[] = {"Kaspersky", "kasper", "sky", " ", "Free", "pro", "12", "Dr.Web", "dr", ".", "web",
                          "S", "K", "s", "k", "-", "\xE2\x84\xAA", "\xC5\xBF", "\xE2\x84", "\xFF", "0",
                          "Kaspersky Free ", "kaspersky pro 7", "Dr.Web ", "SKS", "Ks-sk", "\n",
                          "\xED\xA0\x80", "\xF0\x9F\x98\x80", "\xC0\xAF", "\xF4\x90\x80\x80",
                          "\xE0\x80\x80", "@", "[", "`", "{", "Kaspersk\xC0", "Kaspersk@"};
  ProductRegexCache cache(kMaxMem);
  std::mt19937 random(7);
  for (const char* pattern : patterns) {
    auto split = Get(&cache, pattern);
    RE2 whole(pattern, ProductRegexOptions(kMaxMem));
    int matched = 0;
    for (int i = 0; i < 20000; ++i) {
      std::string name;
      const int count = 1 + static_cast<int>(random() % 5);
      for (int p = 0; p < count; ++p) {
        std::string piece = pieces[random() % (sizeof(pieces) / sizeof(pieces[0]))];
        for (char& c : piece) {
          if (random() % 2 == 0 && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        }
        name += piece;
      }
      const bool match = RE2::FullMatch(name, whole);
      ASSERT_EQ(split->FullMatch(name), match) << pattern << " on " << name;
      matched += match;
    }
    EXPECT_GT(matched, 20) << pattern;
  }
}

TEST(ProductRegexTest, ContainsPatternsCompileNoRe2) {
  ProductRegexCache cache(kMaxMem);
  auto re = Get(&cache, ".*Internet Security.*");
  EXPECT_TRUE(re->contains());
  EXPECT_EQ(re->rest(), nullptr);
  EXPECT_EQ(re->head(), "Internet Security");
  EXPECT_TRUE(re->FullMatch("Setup of KASPERSKY internet security 2024"));
  EXPECT_FALSE(re->FullMatch("Internet\nSecurity"));
  // Not a plain literal between the two `.*`: compiled by RE2.
  for (const char* pattern : {".*ab+.*", ".*a.*b.*", ".*(?i)ab.*", ".*ab.*?"}) {
    EXPECT_FALSE(Get(&cache, pattern)->contains()) << pattern;
  }
}

TEST(ProductRegexTest, ErrorsQuoteTheWholePattern) {
  ProductRegexCache cache(kMaxMem);
  EXPECT_EQ(cache.Get("Kaspersky (Free|Total").status().message(),
            "invalid RE2: missing ): \"Kaspersky (Free|Total\"");
  EXPECT_EQ(cache.Get("Kaspersky [z-a]").status().message(), "invalid RE2: invalid character class range: \"z-a\"");
}

}  // namespace
}  // namespace policy_internal
}  // namespace interdict
