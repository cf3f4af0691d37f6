// Tests of the entity table's lookups: spelled names, normalised names, namespaces.
#include "policy/internal/entity_table.h"

#include <string>

#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace interdict {
namespace policy_internal {
namespace {

EntityTable Build(const std::string& text, size_t* errors) {
  v1::PolicyBundle bundle;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &bundle));
  CompileOptions options;
  IssueCollector issues(nullptr, options);
  EntityTable::Builder builder(bundle, &issues);
  *errors = issues.error_count();
  return std::move(builder).Build();
}

constexpr char kEntities[] = R"pb(
  entities { id: "kaspersky" name: "AO Kaspersky Lab" aliases: ["Kaspersky Lab, Inc.", "Kaspersky"] }
  entities { id: "bytedance" name: "ByteDance Ltd." package_namespaces: "pkg:npm/%40bytedance" }
)pb";

// A vendor spelled like a name or alias (in any ASCII case) is found through the
// spelling map, or through the key map when it is spelled like its key ("KASPERSKY");
// anything else through normalisation; all give the same entity.
TEST(EntityTableTest, SpelledAndNormalisedNamesFindTheSameEntity) {
  size_t errors = 0;
  const EntityTable table = Build(kEntities, &errors);
  ASSERT_EQ(errors, 0u);
  for (const char* vendor : {"AO Kaspersky Lab", "ao kaspersky lab", "KASPERSKY LAB, INC.", "Kaspersky",
                             "KASPERSKY", "kaspersky lab", "Kaspersky Lab ZAO", "  kaspersky-lab ", "KASPERSKY LAB, JSC"}) {
    EXPECT_EQ(table.FindByName(vendor), 0u) << vendor;
  }
  EXPECT_EQ(table.FindByName("BYTEDANCE LTD."), 1u);
  EXPECT_EQ(table.FindByName("Bytedance"), 1u);
  for (const char* vendor : {"Kasperski Consulting", "Kaspersky Labs", "", "Lab"}) {
    EXPECT_EQ(table.FindByName(vendor), Decision::kNone) << vendor;
  }
}

TEST(EntityTableTest, PackageNamespacesFindTheirEntity) {
  size_t errors = 0;
  const EntityTable table = Build(kEntities, &errors);
  ASSERT_EQ(errors, 0u);
  EXPECT_TRUE(table.has_package_namespaces());
  EXPECT_EQ(table.size(), 2u);
  EXPECT_EQ(table.id(1), "bytedance");
}

TEST(EntityTableTest, NamesThatNormaliseAlikeInTwoEntitiesAreAnError) {
  size_t errors = 0;
  Build(R"pb(entities { id: "a" name: "Acme Ltd" } entities { id: "b" name: "ACME, Inc." })pb", &errors);
  EXPECT_EQ(errors, 1u);
}

}  // namespace
}  // namespace policy_internal
}  // namespace interdict
