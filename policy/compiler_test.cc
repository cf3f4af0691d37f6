// Tests of PolicyCompiler: every problem reported at once, precise messages, limits,
// warnings kept apart from errors.
#include "policy/compiler.h"

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace interdict {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

v1::PolicyBundle Parse(const std::string& text) {
  v1::PolicyBundle bundle;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &bundle)) << text;
  return bundle;
}

std::vector<std::string> Issues(const std::string& text, CompileOptions options = {}) {
  std::vector<CompileIssue> issues;
  (void)PolicyCompiler(options).Compile(Parse(text), &issues);
  std::vector<std::string> out;
  for (const CompileIssue& issue : issues) out.push_back(issue.ToString());
  return out;
}

constexpr char kValidPolicy[] = R"pb(
  entities { id: "kaspersky" name: "Kaspersky Lab" }
  policies {
    id: "p" citation: "C" binding: BINDING
    rules { id: "r" select { entity: "kaspersky" } actions: [RUN]
            steps { at { date: "2024-01-01" zone: "UTC" } verdict: DENY } }
  }
)pb";

TEST(PolicyCompilerTest, ValidBundleCompilesWithoutIssues) {
  std::vector<CompileIssue> issues;
  auto compiled = PolicyCompiler().Compile(Parse(kValidPolicy), &issues);
  ASSERT_TRUE(compiled.ok()) << compiled.status();
  EXPECT_THAT(issues, IsEmpty());
  EXPECT_EQ((*compiled)->policy_count(), 1u);
  EXPECT_EQ((*compiled)->rule_count(), 1u);
  EXPECT_EQ((*compiled)->entity_count(), 1u);
}

TEST(PolicyCompilerTest, ReportsEveryErrorInOnePassAndFailsWithAllOfThem) {
  const std::string text = R"pb(
    policies {
      id: "p" binding: BINDING
      rules { id: "a" select { product { regex: "Kaspersky (Free" } } actions: [RUN]
              steps { at { date: "2024-01-01" zone: "Mars/Base" } verdict: DENY } }
      rules { id: "a" select { entity: "nobody" } actions: [RUN, RUN]
              steps { at { date: "2024-02-30" zone: "UTC" } verdict: DENY } }
    }
  )pb";
  auto compiled = PolicyCompiler().Compile(Parse(text));
  EXPECT_EQ(compiled.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(compiled.status().message(),
            "policy bundle has 7 errors:\n"
            "policies[0].citation: required\n"
            "policies[0].rules[0].select.product.regex: invalid RE2: missing ): \"Kaspersky (Free\"\n"
            "policies[0].rules[0].steps[0].at.zone: unknown time zone \"Mars/Base\"\n"
            "policies[0].rules[1].id: duplicate rule id \"a\" in policy \"p\" (first defined at "
            "policies[0].rules[0].id)\n"
            "policies[0].rules[1].select.entity: unknown entity \"nobody\"\n"
            "policies[0].rules[1].actions[1]: duplicate action RUN\n"
            "policies[0].rules[1].steps[0].at.date: invalid date \"2024-02-30\": expected "
            "YYYY-MM-DD, a real calendar day");
}

TEST(PolicyCompilerTest, StepsMustBeInTimeOrderAndOfOneKind) {
  EXPECT_THAT(Issues(R"pb(
    entities { id: "k" name: "K" }
    policies { id: "p" citation: "C" binding: BINDING
      rules { id: "r" select { entity: "k" } actions: [RUN]
        steps { at { date: "2024-02-01" zone: "UTC" } verdict: WARN }
        steps { at { date: "2024-01-01" zone: "UTC" } verdict: DENY } }
      rules { id: "s" select { entity: "k" } actions: [RUN]
        steps { after_first_seen { days: 1 } verdict: WARN }
        steps { at { date: "2024-01-01" zone: "UTC" } verdict: DENY } }
      rules { id: "t" select { entity: "k" } actions: [RUN]
        steps { after_issue { days: 1 } verdict: WARN } } }
  )pb"),
              ElementsAre("policies[0].rules[0].steps[1]: starts at 2024-01-01T00:00:00Z, not after "
                          "the previous step (2024-02-01T00:00:00Z): steps must be in time order",
                          "policies[0].rules[1].steps[1]: mixes offsets from first sight with "
                          "absolute instants (steps[0] is after_first_seen)",
                          "policies[0].rules[2].steps[0].after_issue: the policy has no valid "
                          "issued instant to count from"));
}

TEST(PolicyCompilerTest, MissingRequiredFieldsAreNamed) {
  EXPECT_THAT(Issues(R"pb(
    entities { id: "k" }
    policies { id: "p" citation: "C"
      rules { id: "r" select { } steps { at { date: "2024-01-01" zone: "UTC" } } } }
    policies { id: "q" citation: "C" binding: ADVISORY }
  )pb"),
              ElementsAre("entities[0].name: required",
                          "policies[0].binding: required: BINDING or ADVISORY",
                          "policies[0].rules[0].select: must name an entity, a product, a package or an "
                          "identifier: a rule matching every artifact is not allowed",
                          "policies[0].rules[0].actions: at least one action is required",
                          "policies[0].rules[0].steps[0].verdict: required: ALLOW, WARN or DENY",
                          "policies[1].rules: a policy needs at least one rule"));
}

TEST(PolicyCompilerTest, AliasNamingTwoEntitiesIsAnError) {
  EXPECT_THAT(Issues(R"pb(
    entities { id: "a" name: "Kaspersky Lab" }
    entities { id: "b" name: "Other" aliases: "KASPERSKY  LAB." }
  )pb"),
              ElementsAre("entities[1].aliases[0]: \"KASPERSKY  LAB.\" (normalised \"kaspersky "
                          "lab\") already names entity \"a\" at entities[0].name, and the two "
                          "are not related: only related entities may share a name"));
}

TEST(PolicyCompilerTest, PackageNamespacesMustParseAndNameOneEntity) {
  EXPECT_THAT(Issues(R"pb(
    entities { id: "a" name: "ByteDance" package_namespaces: ["pkg:npm/%40bytedance", "pkg:github/ByteDance"] }
    entities { id: "b" name: "Other"
               package_namespaces: ["pkg:github/bytedance/", "pkg:npm", "npm/x", "pkg:npm/x@1", "pkg:npm/%4"] }
  )pb"),
              ElementsAre("entities[1].package_namespaces[0]: \"pkg:github/bytedance/\" already names entity "
                          "\"a\" at entities[0].package_namespaces[1]",
                          "entities[1].package_namespaces[1]: invalid package namespace \"pkg:npm\": has no "
                          "namespace (write \"pkg:type/namespace\")",
                          "entities[1].package_namespaces[2]: invalid package namespace \"npm/x\": does not "
                          "start with \"pkg:\"",
                          "entities[1].package_namespaces[3]: invalid package namespace \"pkg:npm/x@1\": has a "
                          "version, qualifiers or subpath (write \"pkg:type/namespace\")",
                          "entities[1].package_namespaces[4]: invalid package namespace \"pkg:npm/%4\": has a "
                          "'%' not followed by two hex digits"));
}

constexpr char kExemptablePolicy[] = R"pb(
  entities { id: "k" name: "K" }
  policies { id: "p" citation: "C" binding: BINDING
    exemption_purposes: [LAW_ENFORCEMENT]
    max_exemption_days: 90
    rules { id: "r" select { entity: "k" } actions: [RUN]
            steps { at { date: "2024-01-01" zone: "UTC" } verdict: DENY } } }
)pb";

TEST(PolicyCompilerTest, ExemptionsAreCheckedAgainstTheirPolicy) {
  EXPECT_THAT(
      Issues(absl::StrCat(kExemptablePolicy, R"pb(
        exemptions { id: "e1" exempts { policy: "p" rules: ["nope"] } assets: ["x"]
                     purpose: SECURITY_RESEARCH valid { from { date: "2024-01-01" zone: "UTC" } until { date: "2024-02-01" zone: "UTC" } } }
        exemptions { id: "e2" exempts { policy: "p" } purpose: LAW_ENFORCEMENT
                     valid { from { date: "2024-01-01" zone: "UTC" } until { date: "2024-12-01" zone: "UTC" } } }
        exemptions { id: "e3" exempts { policy: "p" } assets: ["x"] purpose: LAW_ENFORCEMENT
                     valid { from { date: "2024-03-01" zone: "UTC" } until { date: "2024-02-01" zone: "UTC" } } }
        exemptions { id: "e4" exempts { policy: "p" } assets: ["x"] purpose: LAW_ENFORCEMENT
                     valid { from { date: "2024-03-01" zone: "UTC" } } }
        exemptions { id: "e4" exempts { policy: "ghost" } org_units: ["a//b"] purpose: LAW_ENFORCEMENT
                     valid { from { date: "2024-03-01" zone: "UTC" } until { date: "2024-03-02" zone: "UTC" } } }
      )pb")),
      ElementsAre(
          "exemptions[0].exempts[0].rules[0]: unknown rule \"nope\" in policy \"p\"",
          "exemptions[0].purpose: SECURITY_RESEARCH is not permitted by policy \"p\" (it permits "
          "LAW_ENFORCEMENT)",
          "exemptions[1]: blanket exemption (no assets or org_units) is not allowed by policy "
          "\"p\" (allow_blanket_exemptions is false)",
          "exemptions[1].valid: window of 335 days exceeds the 90 days policy \"p\" allows exemptions",
          "exemptions[2].valid: window is empty or inverted: until 2024-02-01T00:00:00Z is not "
          "after from 2024-03-01T00:00:00Z",
          "exemptions[3].valid.until: required: policy \"p\" caps exemptions at 90 days",
          "exemptions[4].id: duplicate exemption id \"e4\" (first defined at exemptions[3].id)",
          "exemptions[4].exempts[0].policy: unknown policy \"ghost\"",
          "exemptions[4].org_units[0]: invalid org unit \"a//b\": expected non-empty names "
          "joined by '/'"));
}

TEST(PolicyCompilerTest, WarningsAreKeptApartAndDoNotFail) {
  CompileOptions options;
  options.now = absl::FromCivil(absl::CivilDay(2025, 1, 1), absl::UTCTimeZone());
  const std::string text = absl::StrCat(kExemptablePolicy, R"pb(
    policies { id: "q" citation: "C" binding: BINDING
      rules { id: "never" select { entity: "k" } actions: [RUN]
              steps { at { date: "2024-01-01" zone: "UTC" } verdict: ALLOW } }
      rules { id: "self" select { product { exact: "Foo" } exclude_products { prefix: "foo" } }
              actions: [RUN] steps { at { date: "2024-01-01" zone: "UTC" } verdict: DENY } } }
    exemptions { id: "old" exempts { policy: "p" } assets: ["x"] purpose: LAW_ENFORCEMENT
                 valid { from { date: "2024-01-01" zone: "UTC" } until { date: "2024-02-01" zone: "UTC" } } }
  )pb");
  std::vector<CompileIssue> issues;
  auto compiled = PolicyCompiler(options).Compile(Parse(text), &issues);
  ASSERT_TRUE(compiled.ok()) << compiled.status();
  std::vector<std::string> messages;
  for (const CompileIssue& issue : issues) {
    EXPECT_EQ(issue.severity, CompileIssue::Severity::kWarning);
    messages.push_back(issue.ToString());
  }
  EXPECT_THAT(messages,
              ElementsAre("warning: policies[1].rules[0]: rule can never fire: every step's "
                          "verdict is ALLOW",
                          "warning: policies[1].rules[1]: rule can never fire: its product "
                          "\"foo\" is excluded by select.exclude_products[0]",
                          "warning: exemptions[0].valid: exemption expired at 2024-02-01T00:00:00Z"));
}

TEST(PolicyCompilerTest, ExemptionEndingBeforeItsRuleStartsIsWarned) {
  std::vector<std::string> issues = Issues(absl::StrCat(kExemptablePolicy, R"pb(
    exemptions { id: "early" exempts { policy: "p" } assets: ["x"] purpose: LAW_ENFORCEMENT
                 valid { from { date: "2023-10-01" zone: "UTC" } until { date: "2023-12-01" zone: "UTC" } } }
  )pb"));
  EXPECT_THAT(issues, ElementsAre("warning: exemptions[0].valid: exemption can never apply: it "
                                  "ends at 2023-12-01T00:00:00Z, before any rule it names is in "
                                  "force"));
}

TEST(PolicyCompilerTest, LimitsAreEnforcedWithTheirOptionName) {
  CompileOptions options;
  options.max_rules = 0;
  options.max_string_length = 8;
  EXPECT_THAT(Issues(kValidPolicy, options),
              ElementsAre("entities[0].id: is 9 bytes, longer than the limit of 8 "
                          "(CompileOptions::max_string_length)",
                          "entities[0].name: is 13 bytes, longer than the limit of 8 "
                          "(CompileOptions::max_string_length)",
                          "policies: 1 rules exceed the limit of 0 (CompileOptions::max_rules)"));
}

TEST(PolicyCompilerTest, FreeTextAndListsAreBoundedWhateverTheField) {
  CompileOptions options;
  options.max_text_length = 16;
  options.max_list_length = 2;
  EXPECT_THAT(Issues(R"pb(
                entities { id: "kaspersky" name: "Kaspersky Lab" }
                policies {
                  id: "p" citation: "A citation of 60 megabytes, say" binding: BINDING
                  rules { id: "r" select { entity: "kaspersky"
                                           exclude_products: [{ exact: "a" }, { exact: "b" }, { exact: "c" }] }
                          actions: [RUN] steps { at { date: "2024-01-01" zone: "UTC" } verdict: DENY } }
                })pb",
                     options),
              ElementsAre("policies[0].citation: is 31 bytes, longer than the limit of 16 "
                          "(CompileOptions::max_text_length)",
                          "policies[0].rules[0].select.exclude_products: 3 entries exceed the limit of 2 "
                          "(CompileOptions::max_list_length)"));
}

// A chain of subsidiaries each selected with its subsidiaries reaches a number of
// entities that grows with the square of the chain: bounded, with a clear error, and
// fast to refuse (the issue's 20,000-entity chain took 21 s and 3.8 GB).
TEST(PolicyCompilerTest, RelatedEntitiesReachedAreBounded) {
  const auto chain = [](int length) {
    v1::PolicyBundle bundle;
    v1::Policy* policy = bundle.add_policies();
    policy->set_id("p");
    policy->set_citation("C");
    policy->set_binding(v1::BINDING);
    for (int i = 0; i < length; ++i) {
      v1::Entity* entity = bundle.add_entities();
      entity->set_id(absl::StrCat("e", i));
      entity->set_name(absl::StrCat("Entity ", i));
      if (i > 0) {
        v1::Relation* relation = entity->add_relations();
        relation->set_kind(v1::SUBSIDIARY_OF);
        relation->set_entity(absl::StrCat("e", i - 1));
      }
      v1::Rule* rule = policy->add_rules();
      rule->set_id(absl::StrCat("r", i));
      rule->mutable_select()->set_entity(absl::StrCat("e", i));
      rule->mutable_select()->set_include_subsidiaries(true);
      rule->add_actions(v1::RUN);
      v1::Step* step = rule->add_steps();
      step->mutable_at()->set_date("2024-01-01");
      step->mutable_at()->set_zone("UTC");
      step->set_verdict(v1::DENY);
    }
    return bundle;
  };
  CompileOptions options;
  options.max_related_entities = 1000;
  std::vector<CompileIssue> issues;
  EXPECT_TRUE(PolicyCompiler(options).Compile(chain(40), &issues).ok());  // 780 reached.
  EXPECT_FALSE(PolicyCompiler(options).Compile(chain(50), &issues).ok());  // 1,225.
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_THAT(issues[0].ToString(), HasSubstr("policies[0].rules[28].select.entity: the selectors up to here "
                                              "reach 1015 related entities"));
  EXPECT_THAT(issues[0].ToString(), HasSubstr("more than the limit of 1000 (CompileOptions::max_related_entities)"));
  const absl::Time start = absl::Now();
  EXPECT_FALSE(PolicyCompiler().Compile(chain(20000), &issues).ok());  // The default limit, 1,000,000.
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
}

TEST(PolicyCompilerTest, PolicyTextMustBeUtf8) {
  v1::PolicyBundle bundle = Parse(kValidPolicy);
  bundle.mutable_policies(0)->set_citation("89 FR \xff");  // A bundle built in code.
  std::vector<CompileIssue> issues;
  EXPECT_FALSE(PolicyCompiler().Compile(bundle, &issues).ok());
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].ToString(), "policies[0].citation: not valid UTF-8: byte 0xFF at offset 6");
}

// Proto3 enums are open: JSON, binary and numbers in the text format carry any integer.
// Each one outside its enum is an error at its field, and nothing of it is compiled
// (an action is a bit of a mask, a verdict the most severe of a decision's matches).
TEST(PolicyCompilerTest, EnumValuesOutsideTheirEnumAreRejected) {
  EXPECT_THAT(Issues(R"pb(
                entities { id: "kaspersky" name: "Kaspersky Lab"
                           relations { kind: 12 entity: "kaspersky" } }
                policies {
                  id: "p" citation: "C" binding: 7
                  rules { id: "r" select { entity: "kaspersky" } actions: [RUN, 35, -1]
                          steps { at { date: "2024-01-01" zone: "UTC" } verdict: 9 } }
                }
                expectations { name: "e" artifacts { name: "x" } at { date: "2025-01-01" zone: "UTC" }
                               action: 99 verdict: ALLOW })pb"),
              ElementsAre("policies[0].binding: 7 is not a value of Binding (BINDING, ADVISORY)",
                          "policies[0].rules[0].actions[1]: 35 is not a value of Action "
                          "(RUN, INSTALL, UPDATE, PROCURE, INTEGRATE)",
                          "policies[0].rules[0].actions[2]: -1 is not a value of Action "
                          "(RUN, INSTALL, UPDATE, PROCURE, INTEGRATE)",
                          "policies[0].rules[0].steps[0].verdict: 9 is not a value of Verdict (ALLOW, WARN, DENY)",
                          "entities[0].relations[0].kind: 12 is not a value of RelationKind (SUBSIDIARY_OF, "
                          "PARENT_OF, CONTROLLED_BY, CONTROLS, MAJORITY_OWNED_BY, SUCCESSOR_OF, AFFILIATE_OF)",
                          "expectations[0].action: 99 is not a value of Action "
                          "(RUN, INSTALL, UPDATE, PROCURE, INTEGRATE)"));
}

TEST(PolicyCompilerTest, InvalidIdsAndScopeTagsAreRejected) {
  EXPECT_THAT(Issues(R"pb(
    entities { id: "k" name: "K" }
    policies { id: "bad id" citation: "C" binding: BINDING
      scope { jurisdictions: "usa" organization_kinds: "State Agency" }
      rules { id: "r" select { entity: "k" } actions: [RUN]
              steps { at { date: "2024-01-01" zone: "UTC" } verdict: DENY } } }
  )pb"),
              ElementsAre("policies[0].id: invalid id \"bad id\": use letters, digits and . _ : / -",
                          "policies[0].scope.jurisdictions[0]: invalid tag \"usa\": expected an "
                          "ISO 3166 code such as \"US\" or \"US-TX\"",
                          "policies[0].scope.organization_kinds[0]: invalid tag \"State Agency\": "
                          "expected lowercase words joined by hyphens"));
}

}  // namespace
}  // namespace interdict

namespace interdict {
namespace {

std::string WriteTemp(const std::string& name, const std::string& contents) {
  const std::string path = std::string(getenv("TEST_TMPDIR")) + "/" + name;
  std::ofstream(path) << contents;
  return path;
}

TEST(PolicyCompilerTest, CompileFilesLoadsThenCompilesWithPositions) {
  const std::string good = WriteTemp("good.textproto", kValidPolicy);
  auto compiled = PolicyCompiler().CompileFiles({good});
  ASSERT_TRUE(compiled.ok()) << compiled.status();
  EXPECT_EQ((*compiled)->rule_count(), 1u);

  const std::string bad = WriteTemp("bad.textproto", "policies {\n  id: \"p\"\n}\n");
  std::vector<CompileIssue> issues;
  compiled = PolicyCompiler().CompileFiles({good, bad}, &issues);
  EXPECT_EQ(compiled.status().code(), absl::StatusCode::kInvalidArgument);
  // Paths and positions are the file's own, also across files.
  ASSERT_EQ(issues.size(), 4u);
  EXPECT_EQ(issues[0].ToString(), bad + ":2:3: policies[0].id: duplicate policy id \"p\" (first "
                                        "defined at " + good + ":4:5)");
  EXPECT_EQ(issues[1].ToString(), bad + ":1:1: policies[0].citation: required");

  compiled = PolicyCompiler().CompileFiles({good, "missing.textproto"});
  EXPECT_EQ(compiled.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(compiled.status().message(), "missing.textproto: cannot open: No such file or directory");
}

TEST(PolicyCompilerTest, CompileFilesReportsEveryFileThatCannotBeLoaded) {
  const std::string good = WriteTemp("fine.textproto", kValidPolicy);
  const std::string misspelt = WriteTemp("misspelt.textproto", "policies {\n  idd: \"p\"\n}\n");
  auto compiled = PolicyCompiler().CompileFiles({misspelt, good, "missing.textproto"});
  EXPECT_EQ(compiled.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(compiled.status().message(),
            "2 policy files could not be loaded:\n" + misspelt +
                ":2:6: policies[0]: Message type \"interdict.v1.Policy\" has no field named \"idd\". "
                "Did you mean \"id\"?\nmissing.textproto: cannot open: No such file or directory");
}

// Each issue carries a code that tools can branch on without reading the message.
// A row is one policy with one rule (its citation, selector, actions, zone and
// verdict given) plus `extra` bundle text.
struct CodeRow {
  const char* name;
  const char* citation;
  const char* select;
  const char* actions;
  const char* zone;
  const char* verdict;
  const char* extra;
  const char* field_path;
  CompileIssue::Code code;
};

using Code = CompileIssue::Code;
constexpr char kProduct[] = R"pb(product { exact: "x" })pb";

constexpr CodeRow kCodeRows[] = {
    {"MissingCitationIsRequired", "", kProduct, "RUN", "UTC", "DENY", "", "policies[0].citation",
     Code::kRequired},
    {"UnknownEntityIsAnUnknownReference", "C", R"pb(entity: "nobody")pb", "RUN", "UTC", "DENY", "",
     "policies[0].rules[0].select.entity", Code::kUnknownReference},
    {"BrokenRegexIsAnInvalidPattern", "C", R"pb(product { regex: "(x" })pb", "RUN", "UTC", "DENY",
     "", "policies[0].rules[0].select.product.regex", Code::kInvalidPattern},
    {"UnknownZoneIsAnInvalidTime", "C", kProduct, "RUN", "Mars/Base", "DENY", "",
     "policies[0].rules[0].steps[0].at.zone", Code::kInvalidTime},
    {"DuplicateActionIsADuplicate", "C", kProduct, "RUN, RUN", "UTC", "DENY", "",
     "policies[0].rules[0].actions[1]", Code::kDuplicate},
    {"MalformedHashIsAnInvalidValue", "C", R"pb(identifiers { sha256: "abc" })pb", "RUN", "UTC",
     "DENY", "", "policies[0].rules[0].select.identifiers[0].sha256", Code::kInvalidValue},
    {"PackageWithEntityIsAConflict", "C",
     R"pb(entity: "e" package { purl: "pkg:deb/debian/curl" })pb", "RUN", "UTC", "DENY",
     R"pb(entities { id: "e" name: "E" })pb", "policies[0].rules[0].select.package",
     Code::kConflict},
    {"SelfRelationIsAnInvalidRelation", "C", kProduct, "RUN", "UTC", "DENY",
     R"pb(entities { id: "e" name: "E" relations { kind: CONTROLS entity: "e" } })pb",
     "entities[0].relations[0].entity", Code::kInvalidRelation},
    {"ForbiddenPurposeIsNotPermitted", "C", kProduct, "RUN", "UTC", "DENY",
     R"pb(exemptions { id: "x" exempts { policy: "p" } assets: "a" purpose: LAW_ENFORCEMENT
                       valid { from { date: "2024-01-01" zone: "UTC" } } })pb",
     "exemptions[0].purpose", Code::kNotPermitted},
    {"TooManyAliasesIsALimit", "C", kProduct, "RUN", "UTC", "DENY",
     R"pb(entities { id: "e" name: "E" aliases: ["A", "B", "C"] })pb", "entities[0].aliases",
     Code::kLimitExceeded},
    {"AllowOnlyRuleNeverApplies", "C", kProduct, "RUN", "UTC", "ALLOW", "", "policies[0].rules[0]",
     Code::kNeverApplies},
    {"DenyAfterAllowWithoutLabelIsInconsistent", "C", kProduct, "RUN", "UTC",
     "DENY } steps { at { date: \"2025-01-01\" zone: \"UTC\" } verdict: ALLOW", "",
     "policies[0].rules[0].steps[1].verdict", Code::kInconsistent},
};

class IssueCodeTest : public ::testing::TestWithParam<CodeRow> {};

TEST_P(IssueCodeTest, IssueCarriesTheCodeOfItsKind) {
  CompileOptions options;
  options.max_aliases_per_entity = 2;
  std::vector<CompileIssue> issues;
  const CodeRow& row = GetParam();
  const std::string citation = *row.citation == '\0' ? "" : absl::StrCat("citation: \"", row.citation, "\"");
  const std::string bundle = absl::StrCat(
      row.extra, " policies { id: \"p\" ", citation, " binding: BINDING rules { id: \"r\" select { ",
      row.select, " } actions: [", row.actions, "] steps { at { date: \"2024-01-01\" zone: \"",
      row.zone, "\" } verdict: ", row.verdict, " } } }");
  (void)PolicyCompiler(options).Compile(Parse(bundle), &issues);
  bool found = false;
  for (const CompileIssue& issue : issues) {
    if (issue.field_path != GetParam().field_path) continue;
    found = true;
    EXPECT_EQ(std::string(CompileIssue::CodeName(issue.code)),
              std::string(CompileIssue::CodeName(GetParam().code)))
        << issue.ToString();
  }
  EXPECT_TRUE(found) << "no issue at " << GetParam().field_path;
}

INSTANTIATE_TEST_SUITE_P(Codes, IssueCodeTest, ::testing::ValuesIn(kCodeRows),
                         [](const ::testing::TestParamInfo<CodeRow>& info) {
                           return std::string(info.param.name);
                         });

}  // namespace
// A second rule of one policy beside a whole-vendor DENY from 2024 for RUN and UPDATE:
// which of them the compiler calls shadowed.
struct ShadowRow {
  const char* name;
  const char* rule;        // The second rule, inside rules { id: "b" ... }.
  const char* extra;       // More bundle text (exemptions).
  const char* shadowed;    // The rule reported shadowed, or "".
};

constexpr ShadowRow kShadowRows[] = {
    {"NarrowerProductSameActionLaterStart",
     R"pb(select { entity: "k" product { prefix: "k endpoint" } } actions: [UPDATE]
          steps { at { date: "2024-06-01" zone: "UTC" } verdict: DENY })pb", "", "b"},
    {"NarrowerVersionAndExclusions",
     R"pb(select { entity: "k" version { max: "12" } exclude_products { exact: "k ti" } }
          actions: [RUN] steps { at { date: "2024-01-01" zone: "UTC" } verdict: WARN })pb", "", "b"},
    {"IdenticalRulesOnlyTheLaterIsReported",
     R"pb(select { entity: "k" } actions: [RUN, UPDATE]
          steps { at { date: "2024-01-01" zone: "UTC" } verdict: DENY })pb", "", "b"},
    {"AnEarlierStartIsNotShadowed",
     R"pb(select { entity: "k" product { prefix: "k endpoint" } } actions: [UPDATE]
          steps { at { date: "2023-06-01" zone: "UTC" } verdict: WARN })pb", "", ""},
    {"AnotherActionIsNotShadowed",
     R"pb(select { entity: "k" product { prefix: "k endpoint" } } actions: [INSTALL]
          steps { at { date: "2024-06-01" zone: "UTC" } verdict: DENY })pb", "", ""},
    {"AnotherVendorIsNotShadowed",
     R"pb(select { entity: "o" } actions: [RUN]
          steps { at { date: "2024-06-01" zone: "UTC" } verdict: DENY })pb", "", ""},
    {"ARuleWithComponentsIsWider",
     R"pb(select { entity: "k" include_components: true } actions: [RUN]
          steps { at { date: "2024-06-01" zone: "UTC" } verdict: DENY })pb", "", ""},
    {"AnExemptionOfTheWideRuleOnlyKeepsTheNarrowOne",
     R"pb(select { entity: "k" product { prefix: "k endpoint" } } actions: [UPDATE]
          steps { at { date: "2024-06-01" zone: "UTC" } verdict: DENY })pb",
     R"pb(exemptions { id: "x" exempts { policy: "p" rules: ["a"] } assets: ["lab"]
                       purpose: SECURITY_RESEARCH valid { from { date: "2024-01-01" zone: "UTC" } } })pb",
     ""},
    {"AnExemptionOfBothRulesKeepsTheShadow",
     R"pb(select { entity: "k" product { prefix: "k endpoint" } } actions: [UPDATE]
          steps { at { date: "2024-06-01" zone: "UTC" } verdict: DENY })pb",
     R"pb(exemptions { id: "x" exempts { policy: "p" } assets: ["lab"]
                       purpose: SECURITY_RESEARCH valid { from { date: "2024-01-01" zone: "UTC" } } })pb",
     "b"},
    {"ANarrowerScopeIsShadowed",
     R"pb(select { entity: "k" } actions: [RUN] scope { organization_kinds: ["federal-contractor"] }
          steps { at { date: "2024-06-01" zone: "UTC" } verdict: DENY })pb", "", "b"},
    {"FirstSeenTimelinesAreNotComparedWithAbsoluteOnes",
     R"pb(select { entity: "k" } actions: [RUN]
          steps { after_first_seen { days: 30 } verdict: DENY })pb", "", ""},
};

class ShadowTest : public ::testing::TestWithParam<ShadowRow> {};

TEST_P(ShadowTest, ARuleIsShadowedOnlyByOneThatCoversItEntirely) {
  const ShadowRow& row = GetParam();
  const std::string bundle = absl::StrCat(
      R"pb(entities { id: "k" name: "K" } entities { id: "o" name: "O" }
           policies { id: "p" citation: "C" binding: BINDING exemption_purposes: [SECURITY_RESEARCH]
             rules { id: "a" select { entity: "k" } actions: [RUN, UPDATE]
                     steps { at { date: "2024-01-01" zone: "UTC" } verdict: DENY } }
             rules { id: "b" )pb",
      row.rule, " } } ", row.extra);
  std::vector<CompileIssue> issues;
  ASSERT_TRUE(PolicyCompiler().Compile(Parse(bundle), &issues).ok());
  std::string shadowed;
  for (const CompileIssue& issue : issues) {
    if (issue.code != Code::kShadowed) continue;
    EXPECT_TRUE(shadowed.empty()) << issue.ToString();
    shadowed = issue.field_path == "policies[0].rules[1]" ? "b" : issue.field_path;
  }
  EXPECT_EQ(shadowed, row.shadowed);
}

INSTANTIATE_TEST_SUITE_P(Shadows, ShadowTest, ::testing::ValuesIn(kShadowRows),
                         [](const ::testing::TestParamInfo<ShadowRow>& info) {
                           return std::string(info.param.name);
                         });

// A bundle of 12,004 rules, large enough for the compiler's second threads: 12,000
// rules each selecting an entity of its own, one that never applies, and twins of
// rules 0, 5000 and 11999; two exemptions of rule 7 that cannot apply.
constexpr int kLargeBundleRules = 12000;
v1::PolicyBundle LargeBundle() {
  std::string text = R"pb(policies { id: "p" citation: "C" binding: BINDING
                            exemption_purposes: [LAW_ENFORCEMENT] max_exemption_days: 90
                            rules { id: "never" select { product { exact: "x" } } actions: [RUN]
                                    steps { at { date: "2024-01-01" zone: "UTC" } verdict: ALLOW } })pb";
  std::string entities;
  const auto rule = [](const std::string& id, int entity) {
    return absl::StrCat(" rules { id: \"", id, "\" select { entity: \"e", entity,
                        "\" } actions: [RUN] steps { at { date: \"2024-01-01\" zone: \"UTC\" } "
                        "verdict: DENY } }");
  };
  for (int i = 0; i < kLargeBundleRules; ++i) {
    absl::StrAppend(&entities, " entities { id: \"e", i, "\" name: \"Vendor ", i, "\" }");
    absl::StrAppend(&text, rule(absl::StrCat("r", i), i));
  }
  for (int i : {0, 5000, 11999}) absl::StrAppend(&text, rule(absl::StrCat("twin", i), i));
  absl::StrAppend(&text, R"pb( }
    exemptions { id: "early" exempts { policy: "p" rules: ["r7"] } assets: ["x"] purpose: LAW_ENFORCEMENT
                 valid { from { date: "2023-10-01" zone: "UTC" } until { date: "2023-12-01" zone: "UTC" } } }
    exemptions { id: "elsewhere" exempts { policy: "p" rules: ["r7"] } assets: ["x"] purpose: LAW_ENFORCEMENT
                 artifacts { entity: "e1" }
                 valid { from { date: "2024-01-01" zone: "UTC" } until { date: "2024-02-01" zone: "UTC" } } })pb");
  return Parse(entities + text);
}

// A bundle large enough (10,000 rules or more) that the checks that only warn run on a
// second thread: their warnings are the same, and come after every other issue, as in
// a small bundle.
TEST(PolicyCompilerTest, ALargeBundleWarnsOfShadowedRulesAndUselessExemptionsInOrder) {
  std::vector<CompileIssue> issues;
  auto compiled = PolicyCompiler().Compile(LargeBundle(), &issues);
  ASSERT_TRUE(compiled.ok()) << compiled.status();
  std::vector<std::string> where;
  for (const CompileIssue& issue : issues) {
    EXPECT_EQ(issue.severity, CompileIssue::Severity::kWarning) << issue.ToString();
    where.push_back(absl::StrCat(CompileIssue::CodeName(issue.code), " ", issue.field_path));
  }
  const std::string never_applies(CompileIssue::CodeName(Code::kNeverApplies));
  const std::string shadowed(CompileIssue::CodeName(Code::kShadowed));
  // The first two as the rule and the exemption are compiled, the rest from the checks.
  EXPECT_THAT(where, ElementsAre(never_applies + " policies[0].rules[0]",
                                 never_applies + " exemptions[0].valid",
                                 shadowed + " policies[0].rules[12001]",
                                 shadowed + " policies[0].rules[12002]",
                                 shadowed + " policies[0].rules[12003]",
                                 never_applies + " exemptions[1].artifacts"));

  EXPECT_EQ((*compiled)->rule_count(), static_cast<size_t>(kLargeBundleRules + 4));
}

// Refused before its rules are compiled, while the tables sized for them are being
// faulted in.
TEST(PolicyCompilerTest, ALargeBundleWithAnInvalidValueReportsThatValueAlone) {
  v1::PolicyBundle bundle = LargeBundle();
  bundle.mutable_policies(0)->mutable_rules(6000)->set_citation("89 FR \xff");
  std::vector<CompileIssue> issues;
  EXPECT_FALSE(PolicyCompiler().Compile(bundle, &issues).ok());
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].ToString(), "policies[0].rules[6000].citation: not valid UTF-8: byte 0xFF at offset 6");
}

TEST(PolicyCompilerTest, ALargeBundleOverTheRuleLimitIsRefused) {
  CompileOptions options;
  options.max_rules = 12000;
  std::vector<CompileIssue> issues;
  EXPECT_FALSE(PolicyCompiler(options).Compile(LargeBundle(), &issues).ok());
  // Then the exemptions' references to rules that were never compiled.
  ASSERT_EQ(issues.size(), 3u);
  EXPECT_EQ(issues[0].ToString(), "policies: 12004 rules exceed the limit of 12000 (CompileOptions::max_rules)");
  EXPECT_EQ(issues[1].code, Code::kUnknownReference) << issues[1].ToString();
  EXPECT_EQ(issues[2].code, Code::kUnknownReference) << issues[2].ToString();
}

}  // namespace interdict
