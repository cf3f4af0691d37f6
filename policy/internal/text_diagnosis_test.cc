// Tests of text-format error diagnosis: the path of the message an error is in, and
// suggestions for misspelt field and enum names.
#include "policy/internal/text_diagnosis.h"

#include <string>

#include "gtest/gtest.h"
#include "interdict/v1/policy.pb.h"

namespace interdict {
namespace policy_internal {
namespace {

// Where the parser would stop: the first occurrence of `marker` in `text` (0-based).
std::string At(const std::string& text, const std::string& marker, const std::string& message) {
  const size_t offset = text.find(marker);
  int line = 0;
  int column = 0;
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 0;
    } else {
      ++column;
    }
  }
  return DiagnoseTextError(text, line, column, message, *v1::PolicyBundle::descriptor());
}

TEST(TextDiagnosisTest, NamesThePathOfTheMessageAndSuggestsAField) {
  const std::string text = R"pb(
    entities { id: "k" name: "K" }
    policies { id: "a" rules { id: "r1" } }
    policies {
      id: "b"
      scope { jurisdictions: ["US", "GB"] }
      rules { id: "r1" actions: [RUN, UPDATE] }
      rules { id: "r2" selector { entity: "k" } }
    })pb";
  EXPECT_EQ(At(text, "selector", "Message type \"interdict.v1.Rule\" has no field named \"selector\"."),
            "policies[1].rules[1]: Message type \"interdict.v1.Rule\" has no field named "
            "\"selector\". Did you mean \"select\"?");
}

TEST(TextDiagnosisTest, SuggestsAnEnumValueOfTheField) {
  const std::string text = "policies { id: \"p\" binding: BINDNG }";
  EXPECT_EQ(At(text, "BINDNG", "Unknown enumeration value of \"BINDNG\" for field \"binding\"."),
            "policies[0]: Unknown enumeration value of \"BINDNG\" for field \"binding\". Did you "
            "mean \"BINDING\"?");
}

TEST(TextDiagnosisTest, NoSuggestionWhenNothingIsClose) {
  const std::string text = "policies { rules { zzzzzzz: 1 } }";
  EXPECT_EQ(At(text, "zzzzzzz", "Message type \"interdict.v1.Rule\" has no field named \"zzzzzzz\"."),
            "policies[0].rules[0]: Message type \"interdict.v1.Rule\" has no field named \"zzzzzzz\".");
}

TEST(TextDiagnosisTest, TopLevelErrorsHaveNoPath) {
  EXPECT_EQ(At("polices { }", "polices", "Message type \"interdict.v1.PolicyBundle\" has no field named \"polices\"."),
            "Message type \"interdict.v1.PolicyBundle\" has no field named \"polices\". Did you mean "
            "\"policies\"?");
}

TEST(TextDiagnosisTest, ListsOfMessagesCountTheirElements) {
  const std::string text = "exemptions [{ id: \"a\" }, { id: \"b\" valid { frm: \"x\" } }]";
  EXPECT_EQ(At(text, "frm", "Message type \"interdict.v1.Window\" has no field named \"frm\"."),
            "exemptions[1].valid: Message type \"interdict.v1.Window\" has no field named \"frm\". "
            "Did you mean \"from\"?");
}

TEST(TextDiagnosisTest, JsonErrorsGetTheirPathAndASuggestion) {
  const auto& root = *v1::PolicyBundle::descriptor();
  EXPECT_EQ(DiagnoseJsonError("(policies[0].rules[1]) selector: Cannot find field.", root),
            "policies[0].rules[1]: no field named \"selector\". Did you mean \"select\"?");
  EXPECT_EQ(DiagnoseJsonError("polices: Cannot find field.", root),
            "no field named \"polices\". Did you mean \"policies\"?");
  EXPECT_EQ(DiagnoseJsonError("(policies[2].binding): invalid value \"BINDNG\" for type "
                              "type.googleapis.com/interdict.v1.Binding",
                              root),
            "policies[2].binding: invalid value \"BINDNG\". Did you mean \"BINDING\"?");
  EXPECT_EQ(DiagnoseJsonError("Unexpected end of string.", root), "Unexpected end of string.");
}

TEST(TextDiagnosisTest, ClosestNameAllowsAThirdOfTheLength) {
  EXPECT_EQ(ClosestName("include_subsidaries", {"include_subsidiaries", "include_affiliates"}),
            "include_subsidiaries");
  EXPECT_EQ(ClosestName("ab", {"xy"}), "");
  EXPECT_EQ(ClosestName("id", {"ids"}), "ids");
}

}  // namespace
}  // namespace policy_internal
}  // namespace interdict
