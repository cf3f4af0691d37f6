// Tests of the entity table's lookups: spelled names, normalised names, namespaces.
#include "policy/internal/entity_table.h"

#include <string>
#include <vector>

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

constexpr char kIdentified[] = R"pb(
  entities {
    id: "kaspersky"
    name: "AO Kaspersky Lab"
    identifiers { team_id: "2Y8XE5CQ94" }
    identifiers { install_path_glob: "C:\\Program Files*\\Kaspersky Lab\\**" }
    cpe_vendors: "kaspersky"
    packages: "pkg:deb/*/kesl"
  }
  entities {
    id: "bytedance"
    name: "ByteDance Ltd."
    identifiers { bundle_id_prefix: "com.bytedance." }
    package_namespaces: "pkg:npm/%40bytedance"
    packages: "pkg:npm/%40bytedance/sdk"
  }
)pb";

// What ResolveByOtherFields finds for `view`: "entity id / evidence", or "none".
std::string Resolve(const EntityTable& table, const ArtifactView& view) {
  std::vector<Decision::ArtifactProblem> problems;
  EvaluatedArtifact artifact(view, &problems);
  const EntityTable::Resolution found = table.ResolveByOtherFields(artifact);
  if (found.entity == Decision::kNone) return "none";
  return table.id(found.entity) + " / " + table.evidence(found.evidence);
}

TEST(EntityTableTest, IdentifiersFindTheirEntityWithoutAVendor) {
  size_t errors = 0;
  const EntityTable table = Build(kIdentified, &errors);
  ASSERT_EQ(errors, 0u);
  ArtifactView view;
  view.team_id = "2y8xe5cq94";
  EXPECT_EQ(Resolve(table, view), "kaspersky / team_id 2Y8XE5CQ94");
  view = ArtifactView();
  view.install_path = "C:\\Program Files (x86)\\Kaspersky Lab\\KES\\avp.exe";
  EXPECT_EQ(Resolve(table, view), "kaspersky / install_path_glob c:/program files*/kaspersky lab/**");
  view = ArtifactView();
  view.cpe = "cpe:2.3:a:kaspersky:endpoint_security:11.0:*:*:*:*:*:*:*";
  EXPECT_EQ(Resolve(table, view), "kaspersky / cpe_vendor kaspersky");
  view.cpe = "cpe:2.3:a:kaspersky_lab:anti-virus:*:*:*:*:*:*:*:*";
  EXPECT_EQ(Resolve(table, view), "kaspersky / cpe vendor");  // As a name: "kaspersky lab".
  view = ArtifactView();
  view.purl = "pkg:deb/ubuntu/kesl@12.0.0.6672?arch=amd64";
  EXPECT_EQ(Resolve(table, view), "kaspersky / package pkg:deb/*/kesl");
  view.purl = "pkg:deb/debian/KESL@12.0";  // deb names are lowercased.
  EXPECT_EQ(Resolve(table, view), "kaspersky / package pkg:deb/*/kesl");
  view.purl = "pkg:rpm/redhat/kesl@12.0";  // Another type.
  EXPECT_EQ(Resolve(table, view), "none");
  view.purl = "pkg:npm/%40bytedance/sdk@1.0.0";
  EXPECT_EQ(Resolve(table, view), "bytedance / package pkg:npm/%40bytedance/sdk");
  view.purl = "pkg:npm/%40bytedance/other@1.0.0";
  EXPECT_EQ(Resolve(table, view), "bytedance / package_namespace pkg:npm/%40bytedance");
  view = ArtifactView();
  view.signer_subject = "CN=AO Kaspersky Lab, O=AO Kaspersky Lab, C=RU";
  EXPECT_EQ(Resolve(table, view), "kaspersky / signer");
  view = ArtifactView();
  view.bundle_id = "com.bytedance.tiktok";
  view.cpe = "cpe:2.3:a:kaspersky:anti-virus:*:*:*:*:*:*:*:*";
  EXPECT_EQ(Resolve(table, view), "bytedance / bundle_id_prefix com.bytedance.");  // Identifiers first.
  view = ArtifactView();
  view.team_id = "EQHXZ8M8AV";
  view.purl = "pkg:deb/debian/curl@7.88.1";
  EXPECT_EQ(Resolve(table, view), "none");
}

// Several entities' identifiers on one artifact: the first entity of the bundle.
TEST(EntityTableTest, TheFirstEntityOfTheBundleWinsAmongIdentifiers) {
  size_t errors = 0;
  const EntityTable table = Build(kIdentified, &errors);
  ASSERT_EQ(errors, 0u);
  ArtifactView view;
  view.bundle_id = "com.bytedance.kaspersky";
  view.team_id = "2Y8XE5CQ94";
  EXPECT_EQ(Resolve(table, view), "kaspersky / team_id 2Y8XE5CQ94");
}

TEST(EntityTableTest, MalformedIdentifiersReadByEntitiesAreReportedOnce) {
  size_t errors = 0;
  const EntityTable table = Build(kIdentified, &errors);
  ASSERT_EQ(errors, 0u);
  ArtifactView view;
  view.team_id = "not a team id";
  std::vector<Decision::ArtifactProblem> problems;
  EvaluatedArtifact artifact(view, &problems);
  EXPECT_EQ(table.ResolveByOtherFields(artifact).entity, Decision::kNone);
  EXPECT_EQ(table.ResolveByOtherFields(artifact).entity, Decision::kNone);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].field, v1::ARTIFACT_TEAM_ID);
}

TEST(EntityTableTest, InvalidOrSharedIdentifiersAreErrors) {
  struct Case {
    const char* entities;
    size_t errors;
  };
  for (const Case& c : std::vector<Case>{
           {R"pb(entities { id: "a" name: "A" packages: "pkg:deb/*" })pb", 1},
           {R"pb(entities { id: "a" name: "A" packages: "pkg:deb/*/kesl/extra" })pb", 1},
           {R"pb(entities { id: "a" name: "A" packages: "pkg:deb/debian/kesl@1.0" })pb", 1},
           {R"pb(entities { id: "a" name: "A" packages: "pkg:deb/deb*/kesl" })pb", 1},
           {R"pb(entities { id: "a" name: "A" cpe_vendors: "kasp*" })pb", 1},
           {R"pb(entities { id: "a" name: "A" cpe_vendors: "a:b" })pb", 1},
           {R"pb(entities { id: "a" name: "A" identifiers { cpe { criteria: "cpe:2.3:a:a:*:*:*:*:*:*:*:*:*" version_end_excluding: "2.0" } } })pb", 1},
           {R"pb(entities { id: "a" name: "A" identifiers { team_id: "2Y8XE5CQ94" } }
                 entities { id: "b" name: "B" identifiers { team_id: "2y8xe5cq94" } })pb", 1},
           {R"pb(entities { id: "a" name: "A" cpe_vendors: "acme" }
                 entities { id: "b" name: "B" cpe_vendors: "ACME" })pb", 1},
           {R"pb(entities { id: "a" name: "A" packages: "pkg:deb/*/kesl" }
                 entities { id: "b" name: "B" packages: "pkg:deb/*/KESL" })pb", 1},
           // The same identifier twice in one entity is harmless.
           {R"pb(entities { id: "a" name: "A" packages: "pkg:deb/*/kesl" packages: "pkg:deb/*/kesl" })pb", 0},
       }) {
    size_t errors = 0;
    Build(c.entities, &errors);
    EXPECT_EQ(errors, c.errors) << c.entities;
  }
}

TEST(EntityTableTest, PackageNamespacesFindTheirEntity) {
  size_t errors = 0;
  const EntityTable table = Build(kEntities, &errors);
  ASSERT_EQ(errors, 0u);
  EXPECT_EQ(table.size(), 2u);
  EXPECT_EQ(table.id(1), "bytedance");
  ArtifactView view;
  view.purl = "pkg:npm/%40bytedance/anything@2.0.0";
  EXPECT_EQ(Resolve(table, view), "bytedance / package_namespace pkg:npm/%40bytedance");
}

TEST(EntityTableTest, NamesThatNormaliseAlikeInTwoUnrelatedEntitiesAreAnError) {
  size_t errors = 0;
  Build(R"pb(entities { id: "a" name: "Acme Ltd" } entities { id: "b" name: "ACME, Inc." })pb", &errors);
  EXPECT_EQ(errors, 1u);
}

constexpr char kGroup[] = R"pb(
  entities { id: "kaspersky-ao" name: "AO Kaspersky Lab" aliases: "Kaspersky" }
  entities {
    id: "kaspersky-inc"
    name: "Kaspersky Lab, Inc."
    relations { kind: SUBSIDIARY_OF entity: "kaspersky-ao" }
  }
  entities { id: "other" name: "Other Ltd" }
)pb";

// Related entities sharing a name key: the key (every spelling of it) names their
// group, and a selector naming either member reaches the group.
TEST(EntityTableTest, RelatedEntitiesSharingANameFormAGroup) {
  v1::PolicyBundle bundle;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(kGroup, &bundle));
  CompileOptions options;
  IssueCollector issues(nullptr, options);
  EntityTable::Builder builder(bundle, &issues);
  ASSERT_EQ(issues.error_count(), 0u);
  EntityList reached;
  v1::Selector select;
  select.set_entity("kaspersky-inc");
  ASSERT_TRUE(builder.CompileReference([] { return "select"; }, select, &issues, &reached));
  EXPECT_EQ(reached, (EntityList{1, 3}));
  select.set_entity("other");
  ASSERT_TRUE(builder.CompileReference([] { return "select"; }, select, &issues, &reached));
  EXPECT_EQ(reached, (EntityList{2}));
  const EntityTable table = std::move(builder).Build();
  EXPECT_EQ(table.size(), 3u);
  EXPECT_EQ(table.bucket_count(), 4u);
  for (const char* vendor : {"AO Kaspersky Lab", "Kaspersky Lab, Inc.", "KASPERSKY LAB", "Kaspersky Lab JSC"}) {
    EXPECT_EQ(table.FindByName(vendor), 3u) << vendor;
  }
  EXPECT_EQ(table.id(3), "kaspersky-ao, kaspersky-inc");
  EXPECT_EQ(table.FindByName("Kaspersky"), 0u);  // Only the first entity's alias.
}

}  // namespace
}  // namespace policy_internal
}  // namespace interdict
