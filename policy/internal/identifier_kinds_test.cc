// Tests that the identifier kind tables cover the proto and agree with each other.
#include "policy/internal/identifier_kinds.h"

#include <set>
#include <string>

#include "google/protobuf/descriptor.h"
#include "gtest/gtest.h"

namespace interdict {
namespace policy_internal {
namespace {

TEST(IdentifierKindsTest, EveryIdentifierMatchFieldHasOneRowNamedLikeIt) {
  const google::protobuf::OneofDescriptor* kinds =
      v1::IdentifierMatch::descriptor()->FindOneofByName("kind");
  ASSERT_NE(kinds, nullptr);
  ASSERT_EQ(static_cast<size_t>(kinds->field_count()),
            sizeof(kIdentifierSelectorKinds) / sizeof(kIdentifierSelectorKinds[0]));
  for (int i = 0; i < kinds->field_count(); ++i) {
    const google::protobuf::FieldDescriptor* field = kinds->field(i);
    const IdentifierSelectorKind* row = FindIdentifierSelectorKind(
        static_cast<v1::IdentifierMatch::KindCase>(field->number()));
    ASSERT_NE(row, nullptr) << field->name();
    EXPECT_EQ(row->name, field->name());
    EXPECT_EQ(row->value == nullptr, row->mode == IdentifierMatchMode::kCpe) << field->name();
  }
}

TEST(IdentifierKindsTest, FieldRowsAreInKindOrderAndNameDistinctArtifactFields) {
  std::set<int> fields;
  for (size_t i = 0; i < sizeof(kIdentifierFields) / sizeof(kIdentifierFields[0]); ++i) {
    const IdentifierField& row = kIdentifierFields[i];
    EXPECT_EQ(static_cast<size_t>(row.kind), i + 1);
    EXPECT_EQ(&FieldOfKind(row.kind), &row);
    if (row.field == v1::ARTIFACT_FIELD_UNSPECIFIED) continue;
    EXPECT_TRUE(fields.insert(row.field).second) << row.name;
    EXPECT_EQ(FindIdentifierField(row.field), &row);
  }
  EXPECT_EQ(FindIdentifierField(v1::ARTIFACT_VERSION), nullptr);
  EXPECT_EQ(FindIdentifierField(v1::ARTIFACT_FIELD_UNSPECIFIED), nullptr);
}

TEST(IdentifierKindsTest, SelectorNamesListEveryKindIncludingCpe) {
  EXPECT_EQ(IdentifierSelectorNames(),
            "sha256, sha1, signer_subject, certificate_thumbprint, team_id, signing_id, "
            "bundle_id_prefix, msi_product_code, msi_upgrade_code, install_path_prefix, "
            "install_path_glob or cpe");
}

// Signer and CPE selectors read their own fields by their own rules; every other
// selector reads a field NormalizeIdentifier knows.
TEST(IdentifierKindsTest, OnlySignerAndCpeLackANormalForm) {
  for (const IdentifierSelectorKind& row : kIdentifierSelectorKinds) {
    const bool own_rules =
        row.mode == IdentifierMatchMode::kSigner || row.mode == IdentifierMatchMode::kCpe;
    const bool own_field =
        row.reads == IdentifierKind::kSignerSubject || row.reads == IdentifierKind::kCpe;
    EXPECT_EQ(own_field, own_rules) << row.name;
    char out[kMaxIdentifierBytes];
    size_t length = 0;
    const char* problem = NormalizeIdentifier(row.reads, "x", out, &length);
    EXPECT_EQ(problem != nullptr && std::string(problem) == "has no identifier normal form",
              own_rules)
        << row.name;
  }
}

}  // namespace
}  // namespace policy_internal
}  // namespace interdict
