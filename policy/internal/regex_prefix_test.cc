// Tests of literal-prefix extraction: it must never exclude a name the regex matches.
#include "policy/internal/regex_prefix.h"

#include <string>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "policy/internal/name_normalizer.h"
#include "policy/internal/product_pattern.h"
#include "re2/re2.h"

namespace interdict {
namespace policy_internal {
namespace {

TEST(RegexPrefixTest, TakesLiteralsUpToTheFirstMetacharacter) {
  EXPECT_EQ(NormalizedLiteralPrefix("Kaspersky (Free|Anti-Virus).*"), "kaspersky");
  EXPECT_EQ(NormalizedLiteralPrefix("^Kaspersky Endpoint Security [0-9]+"), "kaspersky endpoint security");
  EXPECT_EQ(NormalizedLiteralPrefix("Dr\\.Web\\ Security"), "dr web security");
  EXPECT_EQ(NormalizedLiteralPrefix("TikTok"), "tiktok");
}

TEST(RegexPrefixTest, QuantifiersMakeTheLastCharacterOptional) {
  EXPECT_EQ(NormalizedLiteralPrefix("Kasperskyy?"), "kaspersky");
  EXPECT_EQ(NormalizedLiteralPrefix("Ka*spersky"), "k");
  EXPECT_EQ(NormalizedLiteralPrefix("Kas{0,2}"), "ka");
  EXPECT_EQ(NormalizedLiteralPrefix("Kas+persky"), "kas");
}

TEST(RegexPrefixTest, NoPrefixForAlternationsClassesFlagsAndNonAscii) {
  EXPECT_EQ(NormalizedLiteralPrefix("Kaspersky|TikTok"), "");
  EXPECT_EQ(NormalizedLiteralPrefix("(?i)kaspersky"), "");
  EXPECT_EQ(NormalizedLiteralPrefix("[Kk]aspersky"), "");
  EXPECT_EQ(NormalizedLiteralPrefix("\\w+ Security"), "");
  EXPECT_EQ(NormalizedLiteralPrefix(".*Kaspersky"), "");
  EXPECT_EQ(NormalizedLiteralPrefix("Лаборатория Касперского"), "");
  EXPECT_EQ(NormalizedLiteralPrefix("Anti\\Qx"), "anti");
}

TEST(RegexPrefixTest, EveryNameTheRegexMatchesBeginsWithThePrefix) {
  struct Case {
    const char* pattern;
    const char* name;
  } cases[] = {
      {"Kaspersky (Free|Anti-Virus).*", "KASPERSKY FREE"},
      {"Kaspersky (Free|Anti-Virus).*", "\xe2\x84\xaa" "aspersky Anti-Virus 2021"},  // KELVIN SIGN
      {"Kaspersky (Free|Anti-Virus).*", "Ka\xc5\xbfpersky Free"},                    // LONG S
      {"Dr\\.Web\\ Security.*", "dr.web security space"},
      {"-Foo-Bar", "-foo-bar"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    RE2 re(c.pattern, ProductRegexOptions(1 << 20));
    ASSERT_TRUE(RE2::FullMatch(c.name, re));
    EXPECT_TRUE(absl::StartsWith(NormalizeNameToString(c.name), NormalizedLiteralPrefix(c.pattern)));
  }
}

}  // namespace
}  // namespace policy_internal
}  // namespace interdict
