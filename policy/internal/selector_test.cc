// Tests of how a bundle's selectors are compiled into its rules' records (selector.h):
// equal version ranges compiled once and shared, each rule still told of its range's
// warnings and errors.
#include <cstdint>
#include <memory>
#include <string>

#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "policy/internal/bundle_compiler.h"
#include "policy/internal/policy_index.h"

namespace interdict {
namespace policy_internal {
namespace {

BundleCompilation Compile(const std::string& text) {
  v1::PolicyBundle bundle;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &bundle));
  return CompileBundle(bundle, nullptr, CompileOptions());
}

const RuleInfo& RuleNamed(const PolicyIndex& index, const std::string& id) {
  for (const RuleInfo& rule : index.rules) {
    if (rule.id == id) return rule;
  }
  ADD_FAILURE() << "no rule " << id;
  return index.rules.front();
}

// Rules that differ only in their version ranges (and one in its exclusions).
constexpr char kRanges[] = R"pb(
  entities { id: "bytedance" name: "ByteDance Ltd." }
  entities { id: "kaspersky" name: "AO Kaspersky Lab" }
  policies {
    id: "us.test" citation: "test" binding: BINDING
    rules { id: "kaspersky-old" select { entity: "kaspersky" version { min: "1.0" max: "21" } }
            actions: [RUN] steps { at { date: "2024-09-29" zone: "UTC" } verdict: DENY } }
    rules { id: "bytedance-old" select { entity: "bytedance" version { min: "1.0" max: "21" } }
            actions: [RUN] steps { at { date: "2024-09-29" zone: "UTC" } verdict: DENY } }
    rules { id: "bytedance-older" select { entity: "bytedance" version { min: "1.0" max: "20" } }
            actions: [RUN] steps { at { date: "2024-09-29" zone: "UTC" } verdict: DENY } }
    rules { id: "kaspersky-old-inclusive"
            select { entity: "kaspersky" version { min: "1.0" max: "21" max_inclusive: true } }
            actions: [RUN] steps { at { date: "2024-09-29" zone: "UTC" } verdict: DENY } }
    rules { id: "kaspersky-old-debian"
            select { entity: "kaspersky" version { scheme: DEBIAN min: "1.0" max: "21" } }
            actions: [RUN] steps { at { date: "2024-09-29" zone: "UTC" } verdict: DENY } }
    rules { id: "kaspersky-old-but-free"
            select { entity: "kaspersky" version { min: "1.0" max: "21" }
                     exclude_products { exact: "Kaspersky Free" } }
            actions: [INSTALL] steps { at { date: "2024-09-29" zone: "UTC" } verdict: DENY } }
    rules { id: "kaspersky-any" select { entity: "kaspersky" version {} }
            actions: [RUN] steps { at { date: "2024-09-29" zone: "UTC" } verdict: DENY } }
  }
)pb";

TEST(SelectorCompilerTest, EqualVersionRangesAreCompiledOnceAndShared) {
  const BundleCompilation compiled = Compile(kRanges);
  for (const CompileIssue& issue : compiled.issues) ADD_FAILURE() << issue.message;
  ASSERT_NE(compiled.index, nullptr);
  const PolicyIndex& index = *compiled.index;
  const RuleRefinements* shared = RuleNamed(index, "kaspersky-old").refinements;
  ASSERT_NE(shared, nullptr);
  EXPECT_EQ(RuleNamed(index, "bytedance-old").refinements, shared);
  // A range that differs in a bound, a bound's kind or the scheme is its own.
  for (const char* id : {"bytedance-older", "kaspersky-old-inclusive", "kaspersky-old-debian"}) {
    ASSERT_NE(RuleNamed(index, id).refinements, nullptr) << id;
    EXPECT_NE(RuleNamed(index, id).refinements, shared) << id;
  }
  // Exclusions make a rule's refinements its own; an unbounded range has none.
  EXPECT_NE(RuleNamed(index, "kaspersky-old-but-free").refinements, shared);
  EXPECT_EQ(RuleNamed(index, "kaspersky-any").refinements, nullptr);
}

TEST(SelectorCompilerTest, EachRuleWithASharedRangeHearsItsWarningsAndErrors) {
  const BundleCompilation compiled = Compile(R"pb(
    entities { id: "kaspersky" name: "AO Kaspersky Lab" }
    policies {
      id: "us.test" citation: "test" binding: BINDING
      rules { id: "a" select { entity: "kaspersky" version { scheme: DEBIAN max: "v2.0" } }
              actions: [RUN] steps { at { date: "2024-09-29" zone: "UTC" } verdict: DENY } }
      rules { id: "b" select { entity: "kaspersky" version { scheme: DEBIAN max: "v2.0" } }
              actions: [RUN] steps { at { date: "2024-09-29" zone: "UTC" } verdict: DENY } }
      rules { id: "c" select { entity: "kaspersky" version { scheme: SEMVER max: "1.x" } }
              actions: [RUN] steps { at { date: "2024-09-29" zone: "UTC" } verdict: DENY } }
      rules { id: "d" select { entity: "kaspersky" version { scheme: SEMVER max: "1.x" } }
              actions: [RUN] steps { at { date: "2024-09-29" zone: "UTC" } verdict: DENY } }
    }
  )pb");
  ASSERT_EQ(compiled.issues.size(), 4u);
  const std::string paths[] = {"policies[0].rules[0].select.version", "policies[0].rules[1].select.version",
                               "policies[0].rules[2].select.version", "policies[0].rules[3].select.version"};
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(compiled.issues[i].field_path, paths[i]);
    EXPECT_EQ(compiled.issues[i].code, CompileIssue::Code::kInvalidValue);
    EXPECT_EQ(compiled.issues[i].message, compiled.issues[i < 2 ? 0 : 2].message);
  }
  EXPECT_EQ(compiled.issues[0].severity, CompileIssue::Severity::kWarning);
  EXPECT_EQ(compiled.issues[1].severity, CompileIssue::Severity::kWarning);
  EXPECT_EQ(compiled.issues[2].severity, CompileIssue::Severity::kError);
  EXPECT_EQ(compiled.issues[3].severity, CompileIssue::Severity::kError);
}

}  // namespace
}  // namespace policy_internal
}  // namespace interdict
