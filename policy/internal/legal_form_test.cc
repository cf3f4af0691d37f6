#include "policy/internal/legal_form.h"

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
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

// Whether `head` begins with one of LeadingLegalFormHeads(4).
bool HasLeadingFormHead(absl::string_view head) {
  for (const std::string& form_head : LeadingLegalFormHeads(4)) {
    if (absl::StartsWith(head, form_head)) return true;
  }
  return false;
}

TEST(LegalFormTest, LeadingFormHeadsCoverEveryNameThatBeginsWithAForm) {
  for (absl::string_view name : {"ao x", "zao x", "pjsc x", "ojsc x", "cjsc x", "jsc x", "pt x", "ооо x",
                                 "зао x", "оао x", "пао x", "ао x", "oao x", "pao x", "ooo x"}) {
    EXPECT_NE(StripLeadingLegalForms(name), name) << name;
    EXPECT_TRUE(HasLeadingFormHead(name.substr(0, 4))) << name;
  }
  // Every four-byte head over letters of the forms and a space: whenever its first word
  // is a leading form (a space to follow when it fills the head), it has a form's head.
  const char alphabet[] = {'a', 'o', 'j', 's', 'c', 'p', 't', 'z', ' ', 'x'};
  const size_t n = sizeof(alphabet);
  int covered = 0;
  for (size_t i = 0; i < n * n * n * n; ++i) {
    const std::string head = {alphabet[i % n], alphabet[i / n % n], alphabet[i / n / n % n],
                              alphabet[i / n / n / n % n]};
    const size_t space = head.find(' ', 1);
    if (space == std::string::npos) continue;
    if (StripLeadingLegalForms(head.substr(0, space) + " x") == "x") {
      EXPECT_TRUE(HasLeadingFormHead(head)) << head;
    }
    covered += HasLeadingFormHead(head) ? 1 : 0;
  }
  EXPECT_LT(covered, static_cast<int>(n * n * n * n / 20));  // Only heads of forms.
  EXPECT_TRUE(HasLeadingFormHead("cjsc"));  // "cjsc x" fills the head before its space.
  EXPECT_FALSE(HasLeadingFormHead("micr"));
  EXPECT_FALSE(HasLeadingFormHead("aox "));
  EXPECT_FALSE(HasLeadingFormHead("ao"));  // A two-byte name has no space after a form.
  EXPECT_FALSE(HasLeadingFormHead("жук "));
}

}  // namespace
}  // namespace policy_internal
}  // namespace interdict
