// Tests of the hot lines a compiled index keeps per entity (bundle_compiler.cc,
// BuildHotLines): the lines a hit on the entity reads after its bucket.
#include <cstdint>
#include <string>
#include <vector>

#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "policy/internal/bundle_compiler.h"
#include "policy/internal/hot_lines.h"
#include "policy/internal/policy_index.h"

namespace interdict {
namespace policy_internal {
namespace {

constexpr char kBundle[] = R"pb(
  entities { id: "kaspersky" name: "AO Kaspersky Lab" }
  entities { id: "bytedance" name: "ByteDance Ltd." }
  policies {
    id: "us.test" citation: "test" binding: BINDING exemption_purposes: [SECURITY_RESEARCH]
    rules { id: "deny-kaspersky" select { entity: "kaspersky" version { max: "21" } }
            actions: [RUN] steps { at { date: "2024-09-29" zone: "UTC" } verdict: DENY } }
    rules { id: "deny-bytedance" select { entity: "bytedance" } actions: [RUN]
            steps { at { date: "2024-09-29" zone: "UTC" } verdict: DENY } }
  }
  exemptions { id: "EX-1" exempts { policy: "us.test" rules: ["deny-kaspersky"] } assets: ["lab-1"]
               purpose: SECURITY_RESEARCH
               valid { from { date: "2024-09-01" zone: "UTC" } until { date: "2025-01-01" zone: "UTC" } } }
)pb";

std::unique_ptr<PolicyIndex> Compile() {
  v1::PolicyBundle bundle;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(kBundle, &bundle));
  BundleCompilation compiled = CompileBundle(bundle, nullptr, CompileOptions());
  for (const CompileIssue& issue : compiled.issues) ADD_FAILURE() << issue.message;
  return std::move(compiled.index);
}

const void* LineOf(const void* address) {
  return reinterpret_cast<const void*>(reinterpret_cast<uintptr_t>(address) & ~uintptr_t{63});
}

std::vector<const void*> Listed(const HotLines& hot) {
  std::vector<const void*> lines;
  for (const void* line : hot.lines) {
    if (line != nullptr) lines.push_back(line);
  }
  return lines;
}

bool Lists(const HotLines& hot, const void* address) {
  for (const void* line : Listed(hot)) {
    if (line == LineOf(address)) return true;
  }
  return false;
}

uint32_t RuleNamed(const PolicyIndex& index, const std::string& id) {
  for (uint32_t i = 0; i < index.rules.size(); ++i) {
    if (index.rules[i].id == id) return i;
  }
  ADD_FAILURE() << "no rule " << id;
  return 0;
}

// A hit on Kaspersky reads its rule's record, the rule's version range and its
// exemption with the exemption's asset list: all are listed for Kaspersky, and the
// other entity's list holds its own rule and none of those.
TEST(HotLinesIndexTest, AnEntitysListHoldsItsRulesRecordsRangesAndExemptions) {
  const std::unique_ptr<PolicyIndex> index = Compile();
  ASSERT_NE(index, nullptr);
  const uint32_t kaspersky = index->entities.FindByName("AO Kaspersky Lab");
  const uint32_t bytedance = index->entities.FindByName("ByteDance Ltd.");
  ASSERT_NE(kaspersky, Decision::kNone);
  ASSERT_NE(bytedance, Decision::kNone);
  ASSERT_EQ(index->hot_lines.size(), index->entities.bucket_count());
  const HotLines& hot = index->hot_lines[kaspersky];

  const RuleInfo& rule = index->rules[RuleNamed(*index, "deny-kaspersky")];
  EXPECT_TRUE(Lists(hot, &rule));
  EXPECT_TRUE(Lists(hot, reinterpret_cast<const char*>(&rule) + rule.EvaluatedBytes() - 1));
  ASSERT_NE(rule.refinements, nullptr);
  EXPECT_TRUE(Lists(hot, rule.refinements));
  ASSERT_EQ(rule.exemption_count, 1u);
  const ExemptionInfo& exemption = index->exemptions[index->ExemptionsOf(rule)[0]];
  EXPECT_TRUE(Lists(hot, &exemption));
  ASSERT_FALSE(exemption.assets().empty());
  EXPECT_TRUE(Lists(hot, exemption.assets().data()));

  const HotLines& other = index->hot_lines[bytedance];
  EXPECT_TRUE(Lists(other, &index->rules[RuleNamed(*index, "deny-bytedance")]));
  EXPECT_FALSE(Lists(other, &exemption));
  EXPECT_FALSE(Lists(other, rule.refinements));
  // Each line once.
  for (const HotLines* list : {&hot, &other}) {
    const std::vector<const void*> lines = Listed(*list);
    for (size_t i = 0; i < lines.size(); ++i) {
      for (size_t j = i + 1; j < lines.size(); ++j) EXPECT_NE(lines[i], lines[j]);
    }
  }
}

// A hit on an entity compares the product name with its exact names and prefixes,
// whose labels follow the list's entries: every line of that list is listed, not only
// its first (three names of 70 bytes span at least four lines), besides the three
// rules' records.
TEST(HotLinesIndexTest, AnEntitysListHoldsEveryLineOfItsProductNames) {
  v1::PolicyBundle bundle;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(
      R"pb(entities { id: "example" name: "Example Corp" }
           policies { id: "us.test" citation: "test" binding: BINDING })pb",
      &bundle));
  for (char suffix : {'a', 'b', 'c'}) {
    v1::Rule* rule = bundle.mutable_policies(0)->add_rules();
    ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(
        R"pb(select { entity: "example" } actions: [RUN]
             steps { at { date: "2024-09-29" zone: "UTC" } verdict: DENY })pb",
        rule));
    rule->set_id(std::string("deny-") + suffix);
    rule->mutable_select()->mutable_product()->set_exact(std::string(69, suffix));
  }
  BundleCompilation compiled = CompileBundle(bundle, nullptr, CompileOptions());
  for (const CompileIssue& issue : compiled.issues) ADD_FAILURE() << issue.message;
  ASSERT_NE(compiled.index, nullptr);
  const PolicyIndex& index = *compiled.index;
  const uint32_t example = index.entities.FindByName("Example Corp");
  ASSERT_NE(example, Decision::kNone);
  const HotLines& hot = index.hot_lines[example];
  for (const char* id : {"deny-a", "deny-b", "deny-c"}) {
    EXPECT_TRUE(Lists(hot, &index.rules[RuleNamed(index, id)]));
  }
  EXPECT_GE(Listed(hot).size(), 3u + 4u);
}

}  // namespace
}  // namespace policy_internal
}  // namespace interdict
