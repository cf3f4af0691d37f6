// Tests UTF-8 well-formedness and reportable text.
#include "policy/internal/utf8.h"

#include <string>

#include "gtest/gtest.h"

namespace interdict {
namespace policy_internal {
namespace {

constexpr size_t kNone = absl::string_view::npos;

TEST(FirstInvalidUtf8Test, AcceptsWellFormedText) {
  EXPECT_EQ(FirstInvalidUtf8(""), kNone);
  EXPECT_EQ(FirstInvalidUtf8("Kaspersky"), kNone);
  EXPECT_EQ(FirstInvalidUtf8("Лаборатория Касперского"), kNone);  // Two-byte characters.
  EXPECT_EQ(FirstInvalidUtf8("字节跳动"), kNone);                    // Three-byte characters.
  EXPECT_EQ(FirstInvalidUtf8("\xF0\x9F\x98\x80"), kNone);            // U+1F600, four bytes.
  EXPECT_EQ(FirstInvalidUtf8("\xF4\x8F\xBF\xBF"), kNone);            // U+10FFFF, the last.
}

TEST(FirstInvalidUtf8Test, FindsTheFirstMalformedByte) {
  EXPECT_EQ(FirstInvalidUtf8("ab\xFF"), 2u);              // Never valid.
  EXPECT_EQ(FirstInvalidUtf8("a\x80"), 1u);               // A lone continuation byte.
  EXPECT_EQ(FirstInvalidUtf8("\xC0\xAF"), 0u);            // Overlong '/'.
  EXPECT_EQ(FirstInvalidUtf8("\xE0\x80\xAF"), 0u);        // Overlong, three bytes.
  EXPECT_EQ(FirstInvalidUtf8("\xED\xA0\x80"), 0u);        // A surrogate, U+D800.
  EXPECT_EQ(FirstInvalidUtf8("\xF4\x90\x80\x80"), 0u);    // Past U+10FFFF.
  EXPECT_EQ(FirstInvalidUtf8("x\xE5\xAD"), 1u);           // Truncated at the end.
  EXPECT_EQ(FirstInvalidUtf8("\xE5\xADx"), 0u);           // Continuation missing.
}

TEST(FirstInvalidUtf8Test, FindsItPastRunsOfAscii) {  // ASCII is skipped eight bytes at a time.
  const std::string ascii = "Kaspersky Endpoint Security 11";
  for (size_t at = 0; at <= ascii.size(); ++at) {
    std::string text = ascii;
    text.insert(at, "\xFF");
    EXPECT_EQ(FirstInvalidUtf8(text), at);
    text = ascii;
    text.insert(at, "\xD0\x9B");  // A well-formed two-byte character.
    EXPECT_EQ(FirstInvalidUtf8(text), kNone);
    text.insert(text.size(), "\xE5\xAD");  // Truncated at the end.
    EXPECT_EQ(FirstInvalidUtf8(text), text.size() - 2);
  }
}

TEST(ReportableTextTest, KeepsWellFormedTextWithinTheBound) {
  EXPECT_EQ(ReportableText("Kaspersky Free", 256), "Kaspersky Free");
}

TEST(ReportableTextTest, ReplacesEachMalformedByte) {
  EXPECT_EQ(ReportableText("Kasp\xFF\xFE" "rsky", 256), "Kasp\xEF\xBF\xBD\xEF\xBF\xBDrsky");
  EXPECT_EQ(FirstInvalidUtf8(ReportableText("\xC0\xAF\xED\xA0\x80", 256)), kNone);
}

TEST(ReportableTextTest, CutsLongTextAtACharacterBoundary) {
  EXPECT_EQ(ReportableText(std::string(1000, 'a'), 10), "aaaaaaaaaa... (1000 bytes)");
  // "字" is three bytes: four fit in 12, not in 11.
  EXPECT_EQ(ReportableText("字字字字字", 11), "字字字... (15 bytes)");
  EXPECT_EQ(ReportableText(std::string(100 << 20, '\xFF'), 9).size(), 9u + std::string("... (104857600 bytes)").size());
}

}  // namespace
}  // namespace policy_internal
}  // namespace interdict
