#include "policy/internal/legal_form.h"

#include <string>

#include "gtest/gtest.h"
#include "policy/internal/name_normalizer.h"

namespace interdict {
namespace policy_internal {
namespace {

std::string Key(absl::string_view raw) {
  return std::string(StripLegalForms(NormalizeNameToString(raw)));
}

TEST(LegalFormTest, KasperskySpellingsAreOneName) {
  EXPECT_EQ(Key("AO Kaspersky Lab"), "kaspersky lab");
  EXPECT_EQ(Key("Kaspersky Lab ZAO"), "kaspersky lab");
  EXPECT_EQ(Key("KASPERSKY LAB, JSC"), "kaspersky lab");
  EXPECT_EQ(Key("Kaspersky Lab, Inc."), "kaspersky lab");
  EXPECT_EQ(Key("АО «Лаборатория Касперского»"), "лаборатория касперского");
}

TEST(LegalFormTest, StacksOfFormsGoFromBothEnds) {
  EXPECT_EQ(Key("Hangzhou DeepSeek Artificial Intelligence Co., Ltd."),
            "hangzhou deepseek artificial intelligence");
  EXPECT_EQ(Key("TikTok Pte. Ltd."), "tiktok");
  EXPECT_EQ(Key("Example GmbH & Co. KG"), "example");
  EXPECT_EQ(Key("Ejemplo S.A. de C.V."), "ejemplo s a de c v");  // "de c v" is not a listed form
  EXPECT_EQ(Key("Exemple S.A.S."), "exemple");
  EXPECT_EQ(Key("OOO Doctor Web"), "doctor web");
  EXPECT_EQ(Key("PT Example Indonesia Tbk"), "example indonesia tbk");
}

TEST(LegalFormTest, OnlyWholeWordsAndNeverEverything) {
  EXPECT_EQ(Key("Kasperski Consulting GmbH"), "kasperski consulting");  // A look-alike stays distinct.
  EXPECT_NE(Key("Kasperski Consulting GmbH"), Key("Kaspersky Lab"));
  EXPECT_EQ(Key("Incorporated Things Inc"), "incorporated things");  // A leading "incorporated" stays.
  EXPECT_EQ(Key("Saltd"), "saltd");
  EXPECT_EQ(Key("Ltd"), "ltd");
  EXPECT_EQ(Key("AO ZAO"), "zao");
  EXPECT_EQ(Key("HP Inc."), "hp");
  EXPECT_EQ(Key(""), "");
}

TEST(LegalFormTest, LeadingFormsFitTheWindow) {
  for (absl::string_view name : {"ao x", "zao x", "pjsc x", "ojsc x", "pt x", "ооо x", "зао x"}) {
    const absl::string_view stripped = StripLeadingLegalForms(name);
    EXPECT_EQ(stripped, "x") << name;
    EXPECT_LE(name.size() - stripped.size(), kLeadingFormWindow) << name;
  }
}

TEST(LegalFormTest, CheapHeadTestNeverMissesALeadingForm) {
  for (absl::string_view name : {"ao x", "zao x", "pjsc x", "ojsc x", "cjsc x", "jsc x", "pt x", "ооо x",
                                 "зао x", "ао x", "oao x", "pao x", "ooo x"}) {
    EXPECT_TRUE(MayBeginWithLegalForm(name.substr(0, 4))) << name;
  }
  // Every four-byte head over letters of the forms, spaces and a Cyrillic lead byte:
  // whenever its first word is a leading form (or it is one, a space to follow), the
  // test says "maybe".
  const char alphabet[] = {'a', 'o', 'j', 's', 'c', 'p', 't', 'z', ' ', 'x', '\xd0'};
  const size_t n = sizeof(alphabet);
  int maybes = 0;
  for (size_t i = 0; i < n * n * n * n; ++i) {
    const std::string head = {alphabet[i % n], alphabet[i / n % n], alphabet[i / n / n % n],
                              alphabet[i / n / n / n % n]};
    const size_t space = head.find(' ', 1);
    const absl::string_view word = absl::string_view(head).substr(0, space);
    if (IsLeadingLegalForm(word)) {
      EXPECT_TRUE(MayBeginWithLegalForm(head)) << head;
    }
    maybes += MayBeginWithLegalForm(head) ? 1 : 0;
  }
  EXPECT_LT(maybes, static_cast<int>(n * n * n * n / 4));  // Mostly "no".
  EXPECT_FALSE(MayBeginWithLegalForm("micr"));
  EXPECT_FALSE(MayBeginWithLegalForm("kasp"));
  EXPECT_FALSE(MayBeginWithLegalForm(""));
}

}  // namespace
}  // namespace policy_internal
}  // namespace interdict
