// Lookups in the identifier kind tables (see identifier_kinds.h).
#include "policy/internal/identifier_kinds.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace interdict {
namespace policy_internal {

const IdentifierField* FindIdentifierField(v1::ArtifactField field) {
  if (field == v1::ARTIFACT_FIELD_UNSPECIFIED) return nullptr;
  for (const IdentifierField& row : kIdentifierFields) {
    if (row.field == field) return &row;
  }
  return nullptr;
}

const IdentifierSelectorKind* FindIdentifierSelectorKind(
    v1::IdentifierMatch::KindCase selector_case) {
  for (const IdentifierSelectorKind& row : kIdentifierSelectorKinds) {
    if (row.selector_case == selector_case) return &row;
  }
  return nullptr;
}

const std::string& IdentifierSelectorNames() {
  static const std::string* const kNames = [] {
    std::vector<absl::string_view> names;
    for (const IdentifierSelectorKind& row : kIdentifierSelectorKinds) names.push_back(row.name);
    const absl::string_view last = names.back();
    names.pop_back();
    return new std::string(absl::StrCat(absl::StrJoin(names, ", "), " or ", last));
  }();
  return *kNames;
}

}  // namespace policy_internal
}  // namespace interdict
