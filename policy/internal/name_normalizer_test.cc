// Tests of allocation-free name normalisation.
#include "policy/internal/name_normalizer.h"

#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace interdict {
namespace policy_internal {
namespace {

std::string Normalize(absl::string_view name) {
  NameBuffer buffer;
  absl::optional<absl::string_view> out = NormalizeName(name, &buffer);
  return out.has_value() ? std::string(*out) : "<too long>";
}

TEST(NameNormalizerTest, FoldsAsciiCaseAndCollapsesPunctuationRuns) {
  EXPECT_EQ(Normalize("  AO Kaspersky-Lab, "), "ao kaspersky lab");
  EXPECT_EQ(Normalize("KASPERSKY LAB, JSC"), "kaspersky lab jsc");
  EXPECT_EQ(Normalize("Kaspersky\tLab...ZAO"), "kaspersky lab zao");
  EXPECT_EQ(Normalize("7-Zip 23.01 (x64)"), "7 zip 23 01 x64");
}

TEST(NameNormalizerTest, FoldsCaseBeyondAscii) {
  EXPECT_EQ(Normalize("Лаборатория Касперского"), "лаборатория касперского");
  EXPECT_EQ(Normalize("АО «ЛАБОРАТОРИЯ КАСПЕРСКОГО»"), "ао лаборатория касперского");
  EXPECT_EQ(Normalize("Kaspersky Lab GmbH \xc3\x9c"), "kaspersky lab gmbh \xc3\xbc");  // Ü -> ü
  EXPECT_EQ(Normalize("ŁÓDŹ"), "łódź");          // Latin Extended-A pairs
  EXPECT_EQ(Normalize("ΣΟΦΟΣ σοφος"), "σοφοσ σοφοσ");  // final sigma folds to sigma
  EXPECT_EQ(Normalize("ÐЀЁ"), "ðѐё");
  EXPECT_EQ(Normalize("\xef\xbc\xab\xef\xbc\xa1"), "\xef\xbd\x8b\xef\xbd\x81");  // fullwidth KA
  EXPECT_EQ(Normalize("Straße"), "straße");  // Only simple folding: ß stays.
  EXPECT_EQ(Normalize("日本語"), "日本語");     // Scripts without case are kept.
}

TEST(NameNormalizerTest, NonAsciiSpacesAndPunctuationSeparate) {
  EXPECT_EQ(Normalize("Kaspersky\xc2\xa0Lab \xe2\x80\x93 \xe2\x80\x9c" "AO\xe2\x80\x9d"), "kaspersky lab ao");
  EXPECT_EQ(Normalize("Kaspersky Lab\xc2\xae"), "kaspersky lab");
  EXPECT_EQ(Normalize("1\xc3\x97" "2"), "1 2");
  EXPECT_EQ(Normalize("\xc2\xba\xc2\xaa"), "\xc2\xba\xc2\xaa");  // º and ª are letters.
}

TEST(NameNormalizerTest, BrokenUtf8IsKeptNotFolded) {
  EXPECT_EQ(Normalize("A\xc3"), "a\xc3");
  EXPECT_EQ(Normalize("\xd0Z"), "\xd0z");
  EXPECT_EQ(Normalize("\xef\xbc"), "\xef\xbc");
}

TEST(NameNormalizerTest, EmptyAndPunctuationOnlyNamesNormaliseToEmpty) {
  EXPECT_EQ(Normalize(""), "");
  EXPECT_EQ(Normalize(" -- , ."), "");
}

TEST(NameNormalizerTest, LookAlikesStayDistinct) {
  EXPECT_NE(Normalize("Kasperski Lab"), Normalize("Kaspersky Lab"));
}

TEST(NameNormalizerTest, NamesLongerThanTheBufferAreRejected) {
  EXPECT_EQ(Normalize(std::string(kMaxNormalizedNameBytes, 'a')).size(), kMaxNormalizedNameBytes);
  EXPECT_EQ(Normalize(std::string(kMaxNormalizedNameBytes + 1, 'a')), "<too long>");
  // Punctuation that collapses away does not count against the limit.
  EXPECT_EQ(Normalize(std::string(kMaxNormalizedNameBytes, 'a') + "!!!"),
            std::string(kMaxNormalizedNameBytes, 'a'));
}

TEST(NameNormalizerTest, StringFormMatchesBufferForm) {
  EXPECT_EQ(NormalizeNameToString("  AO Kaspersky-Lab, "), "ao kaspersky lab");
  EXPECT_GT(NormalizeNameToString(std::string(kMaxNormalizedNameBytes + 10, 'a')).size(),
            kMaxNormalizedNameBytes);
}

TEST(NameNormalizerTest, PrefixFormIsTheStartOfTheFullForm) {
  for (absl::string_view name :
       {"Microsoft Corporation", "  AO Kaspersky-Lab", "\xe2\x84\xaa" "aspersky", "Ka\xc5\xbfpersky",
        "A.B.C.D.E", "360", "", "--", "\xd0\x9a\xd0\xb0\xd1\x81\xd0\xbf", "TikTok", "ÜBER Ltd",
        "\xef\xbc\xab\xef\xbc\xa1", "\xc2\xa0Kaspersky", "Ka\xe2\x80\x93sp"}) {
    const std::string full = Normalize(name);
    for (size_t max_bytes = 0; max_bytes <= 6; ++max_bytes) {
      char out[8];
      const size_t written = NormalizePrefix(name, out, max_bytes);
      EXPECT_EQ(std::string(out, written), full.substr(0, max_bytes)) << name << " " << max_bytes;
    }
  }
}

// NormalizeName takes shortcuts for all-ASCII names (eight bytes at a time through
// words and single spaces, else byte by byte); NormalizeNameToString always takes the
// general path: both agree on every name, ASCII or not.
TEST(NameNormalizerTest, AsciiShortcutAgreesWithTheGeneralPath) {
  const std::vector<std::string> ascii = {
      "Kaspersky", " ", "  ", "-", ".", ",", "Lab", "AO", "360", "a", "\t", "Z", "_", "(", "\x7f",
      "Endpoint Security", " Suite ", "!", "@", "[", "`", "{", "/", ":", "Internet Security 2024"};
  std::vector<std::string> all = ascii;
  for (const char* piece : {"\xc3\x9c", "\xe2\x84\xaa", "\xc2\xa0"}) all.push_back(piece);
  std::mt19937 random(11);
  const std::vector<std::string>* piece_sets[] = {&ascii, &all};
  for (const std::vector<std::string>* pieces : piece_sets) {
    for (int i = 0; i < 50000; ++i) {
      std::string name;
      const int count = static_cast<int>(random() % 24);
      for (int p = 0; p < count; ++p) name += (*pieces)[random() % pieces->size()];
      ASSERT_EQ(Normalize(name), NormalizeNameToString(name)) << name;
    }
  }
}

// NormalizeHead reads four ASCII letters, digits and single inner spaces as one word
// and hands everything else to NormalizePrefix: both agree on every name, including
// the bytes next to the letter and digit ranges (@ [ ` { / :) that the word test must
// reject, spaces anywhere in the head (first, doubled, last before a letter, a
// separator, a non-ASCII byte or the end), and a '!' (0x21) beside a space (0x20).
TEST(NameNormalizerTest, HeadShortcutAgreesWithThePrefixForm) {
  const char alphabet[] = {'a', 'Z', 'A', 'z', '0', '9', '@', '[', '`', '{', '/', ':', ' ',
                           '-', '_', '\x7f', '\xc3', '\x9c', 'k', '!', '\xa0', '\0'};
  const size_t n = sizeof(alphabet);
  for (size_t i = 0; i < n * n * n * n; ++i) {
    for (char fifth : {'x', ' ', '-', '\xc3', '5'}) {
      const std::string name = {alphabet[i % n], alphabet[i / n % n], alphabet[i / n / n % n],
                                alphabet[i / n / n / n % n], fifth, ' '};
      for (size_t size : {size_t{3}, size_t{4}, size_t{5}, size_t{6}}) {
        const absl::string_view view(name.data(), size);
        char head[4];
        char prefix[4];
        const size_t produced = NormalizeHead(view, head);
        ASSERT_EQ(std::string(head, produced), std::string(prefix, NormalizePrefix(view, prefix, 4)))
            << view;
      }
    }
  }
}

// The shortcut's cases, spelled out: a space between words is kept, a last one only
// before a letter or digit.
TEST(NameNormalizerTest, HeadKeepsSingleSpacesBetweenWords) {
  const auto head = [](absl::string_view name) {
    char out[4];
    return std::string(out, NormalizeHead(name, out));
  };
  EXPECT_EQ(head("HP Inc."), "hp i");
  EXPECT_EQ(head("IBM Corp"), "ibm ");
  EXPECT_EQ(head("SAP SE"), "sap ");
  EXPECT_EQ(head("A B C"), "a b ");
  EXPECT_EQ(head("IBM"), "ibm");
  EXPECT_EQ(head("IBM "), "ibm");
  EXPECT_EQ(head("IBM -Corp"), "ibm ");
  EXPECT_EQ(head("IBM  Corp"), "ibm ");
  EXPECT_EQ(head(" HP Inc"), "hp i");
}

}  // namespace
}  // namespace policy_internal
}  // namespace interdict
