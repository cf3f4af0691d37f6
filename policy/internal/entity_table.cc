// Entities: validation, relations and the lookups of evaluation (entity_table.h).
#include "policy/internal/entity_table.h"

#include <algorithm>

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "policy/internal/package_selector.h"

namespace interdict {
namespace policy_internal {

using Code = CompileIssue::Code;

uint32_t EntityTable::LookUp(absl::string_view name) const {
  // The maps' functors fold ASCII case. A name spelled like its key needs no
  // normalising: it normalises to that key.
  auto spelled = by_spelling_.find(name);
  if (spelled != by_spelling_.end()) return spelled->second;
  auto keyed = by_alias_.find(name);
  if (keyed != by_alias_.end()) return keyed->second;
  NameBuffer buffer;
  absl::optional<absl::string_view> normalized = NormalizeName(name, &buffer);
  if (!normalized.has_value()) return Decision::kNone;
  auto it = by_alias_.find(StripLegalForms(*normalized));
  return it == by_alias_.end() ? Decision::kNone : it->second;
}

uint32_t EntityTable::FindByPackageNamespace(const PackageUrlView& purl) const {
  char key_buffer[kMaxPackageKeyBytes];
  const absl::string_view key = PackageNamespaceKey(purl, key_buffer);
  if (key.empty()) return Decision::kNone;
  auto it = by_package_namespace_.find(key);
  return it == by_package_namespace_.end() ? Decision::kNone : it->second;
}

EntityTable::Builder::Builder(const v1::PolicyBundle& bundle, IssueCollector* issues)
    : bundle_(bundle) {
  const CompileOptions& options = issues->options();
  if (!issues->CheckLimit("entities", bundle_.entities_size(), options.max_entities, "entities",
                          "max_entities")) {
    return;
  }
  size_t names = 0;
  for (const v1::Entity& entity : bundle_.entities()) names += 1 + entity.aliases_size();
  table_.ids_.reserve(bundle_.entities_size());
  table_.by_alias_.reserve(names);
  index_of_id_.reserve(bundle_.entities_size());
  for (int i = 0; i < bundle_.entities_size(); ++i) CompileEntity(i, issues);
  CompileRelations(issues);
}

void EntityTable::Builder::CompileEntity(int i, IssueCollector* issues) {
  const CompileOptions& options = issues->options();
  const v1::Entity& entity = bundle_.entities(i);
  const std::string path = absl::StrCat("entities[", i, "]");
  const uint32_t index = static_cast<uint32_t>(table_.ids_.size());
  issues->RegisterId(path + ".id", entity.id(), index, "entity", "", &index_of_id_,
                     [](uint32_t e) { return absl::StrCat("entities[", e, "].id"); });
  table_.ids_.push_back(entity.id());
  if (entity.name().empty()) issues->Error(Code::kRequired, path + ".name", "required");
  issues->CheckLimit(path + ".aliases", entity.aliases_size(), options.max_aliases_per_entity,
                     "aliases", "max_aliases_per_entity");
  // Name -1 is the entity's name, then its aliases; paths are built only for errors.
  // Keys and spellings are built in reused buffers and copied only when inserted
  // (bundles hold millions of names).
  NameBuffer buffer;
  std::string spelling;
  for (int n = entity.name().empty() ? 0 : -1; n < entity.aliases_size(); ++n) {
    const std::string& name = n < 0 ? entity.name() : entity.aliases(n);
    if (name.size() > options.max_string_length) {
      issues->CheckLength(NamePath(index, n), name);
      continue;
    }
    absl::optional<absl::string_view> normalized = NormalizeName(name, &buffer);
    std::string long_form;
    if (!normalized.has_value()) normalized = long_form = NormalizeNameToString(name);
    const absl::string_view key = StripLegalForms(*normalized);
    if (key.empty()) {
      issues->Error(Code::kInvalidValue, NamePath(index, n),
                    absl::StrCat(Quote(name), " has no letters or digits"));
      continue;
    }
    auto [it, inserted] = table_.by_alias_.try_emplace(key, index);
    if (it->second == index && !AsciiCaseFoldEq()(name, key)) {
      spelling.assign(name);
      absl::AsciiStrToLower(&spelling);
      table_.by_spelling_.try_emplace(spelling, index);
    }
    if (!inserted && it->second != index) {
      issues->Error(Code::kDuplicate, NamePath(index, n),
                    absl::StrCat(Quote(name), " (normalised ", Quote(it->first),
                                 ") already names entity ", Quote(table_.ids_[it->second]), " at ",
                                 issues->Where(FirstNamePath(it->second, it->first))));
    }
  }
  issues->CheckLimit(path + ".package_namespaces", entity.package_namespaces_size(),
                     options.max_aliases_per_entity, "package namespaces",
                     "max_aliases_per_entity");
  for (int n = 0; n < entity.package_namespaces_size(); ++n) {
    const std::string namespace_path = absl::StrCat(path, ".package_namespaces[", n, "]");
    const std::string& text = entity.package_namespaces(n);
    if (!issues->CheckLength(namespace_path, text)) continue;
    absl::StatusOr<std::string> key = ParsePackageNamespace(text);
    if (!key.ok()) {
      issues->Error(Code::kInvalidValue, namespace_path, std::string(key.status().message()));
      continue;
    }
    auto [it, inserted] = table_.by_package_namespace_.emplace(*key, index);
    if (!inserted && it->second != index) {
      issues->Error(Code::kDuplicate, namespace_path,
                    absl::StrCat(Quote(text), " already names entity ",
                                 Quote(table_.ids_[it->second]), " at ",
                                 issues->Where(FirstNamespacePath(it->second, it->first))));
    }
  }
}

std::string EntityTable::Builder::NamePath(uint32_t entity, int name) {
  if (name < 0) return absl::StrCat("entities[", entity, "].name");
  return absl::StrCat("entities[", entity, "].aliases[", name, "]");
}

std::string EntityTable::Builder::FirstNamePath(uint32_t entity, absl::string_view key) const {
  const v1::Entity& proto = bundle_.entities(static_cast<int>(entity));
  for (int n = -1; n < proto.aliases_size(); ++n) {
    const std::string& name = n < 0 ? proto.name() : proto.aliases(n);
    if (StripLegalForms(NormalizeNameToString(name)) == key) return NamePath(entity, n);
  }
  return absl::StrCat("entities[", entity, "]");
}

std::string EntityTable::Builder::FirstNamespacePath(uint32_t entity, absl::string_view key) const {
  const v1::Entity& proto = bundle_.entities(static_cast<int>(entity));
  for (int n = 0; n < proto.package_namespaces_size(); ++n) {
    absl::StatusOr<std::string> parsed = ParsePackageNamespace(proto.package_namespaces(n));
    if (parsed.ok() && *parsed == key) {
      return absl::StrCat("entities[", entity, "].package_namespaces[", n, "]");
    }
  }
  return absl::StrCat("entities[", entity, "]");
}

void EntityTable::Builder::CompileRelations(IssueCollector* issues) {
  graph_ = EntityGraph(table_.ids_.size());
  for (int i = 0; i < bundle_.entities_size(); ++i) {
    const v1::Entity& entity = bundle_.entities(i);
    for (int r = 0; r < entity.relations_size(); ++r) {
      const v1::Relation& relation = entity.relations(r);
      const std::string path = absl::StrCat("entities[", i, "].relations[", r, "]");
      if (relation.kind() == v1::RELATION_KIND_UNSPECIFIED ||
          !v1::RelationKind_IsValid(relation.kind())) {
        issues->Error(Code::kRequired, path + ".kind",
                      "required: SUBSIDIARY_OF, PARENT_OF, CONTROLLED_BY, CONTROLS, "
                      "MAJORITY_OWNED_BY, SUCCESSOR_OF or AFFILIATE_OF");
        continue;
      }
      if (relation.entity().empty()) {
        issues->Error(Code::kRequired, path + ".entity", "required");
        continue;
      }
      auto other = index_of_id_.find(relation.entity());
      if (other == index_of_id_.end()) {
        issues->Error(Code::kUnknownReference, path + ".entity",
                      absl::StrCat("unknown entity ", Quote(relation.entity())));
        continue;
      }
      const uint32_t self = static_cast<uint32_t>(i);
      if (other->second == self) {
        issues->Error(Code::kInvalidRelation, path + ".entity",
                      absl::StrCat("an entity cannot relate to itself (", Quote(entity.id()), ")"));
        continue;
      }
      switch (relation.kind()) {
        case v1::SUBSIDIARY_OF:
        case v1::CONTROLLED_BY:
        case v1::MAJORITY_OWNED_BY:
          graph_.AddControl(other->second, self, path);
          break;
        case v1::PARENT_OF:
        case v1::CONTROLS:
          graph_.AddControl(self, other->second, path);
          break;
        case v1::SUCCESSOR_OF:
          graph_.AddSuccession(other->second, self, path);
          break;
        case v1::AFFILIATE_OF:
          graph_.AddAffiliation(self, other->second, path);
          break;
        case v1::RELATION_KIND_UNSPECIFIED:
        default:  // Refused above; the generated enum has sentinel values too.
          break;
      }
    }
  }
  for (const EntityGraph::Cycle& cycle : graph_.FindCycles(table_.ids_)) {
    issues->Error(Code::kInvalidRelation, cycle.path, cycle.message);
  }
}

bool EntityTable::Builder::CompileReference(const std::string& path, const v1::Selector& select,
                                            IssueCollector* issues,
                                            std::vector<uint32_t>* entities) const {
  entities->clear();
  EntityGraph::Reach reach;
  reach.subsidiaries = select.include_subsidiaries();
  reach.affiliates = select.include_affiliates();
  reach.successors = select.include_successors();
  reach.predecessors = select.include_predecessors();
  const bool reaches = reach.subsidiaries || reach.affiliates || reach.successors || reach.predecessors;
  if (select.entity().empty() && select.entities().empty()) {
    if (!reaches) return true;
    issues->Error(Code::kConflict, path,
                  "include_subsidiaries, include_affiliates, include_successors and "
                  "include_predecessors need an entity");
    return false;
  }
  // `entity`, then `entities[i]` (i >= 0), each resolved and closed over the relations.
  std::vector<uint32_t> named;
  bool ok = true;
  for (int i = select.entity().empty() ? 0 : -1; i < select.entities_size(); ++i) {
    const std::string& id = i < 0 ? select.entity() : select.entities(i);
    const std::string where = i < 0 ? path + ".entity" : absl::StrCat(path, ".entities[", i, "]");
    auto it = index_of_id_.find(id);
    if (it == index_of_id_.end()) {
      issues->Error(Code::kUnknownReference, where, absl::StrCat("unknown entity ", Quote(id)));
      ok = false;
      continue;
    }
    if (std::find(named.begin(), named.end(), it->second) != named.end()) {
      issues->Error(Code::kDuplicate, where, absl::StrCat("entity ", Quote(id), " is named twice"));
      ok = false;
      continue;
    }
    named.push_back(it->second);
    const std::vector<uint32_t> closure = graph_.Closure(it->second, reach);
    entities->insert(entities->end(), closure.begin(), closure.end());
  }
  if (!ok) {
    entities->clear();
    return false;
  }
  std::sort(entities->begin(), entities->end());
  entities->erase(std::unique(entities->begin(), entities->end()), entities->end());
  return true;
}

EntityTable EntityTable::Builder::Build() && {
  NameGate::Builder alias_gate;
  for (const auto& [alias, entity] : table_.by_alias_) alias_gate.Add(alias);
  table_.alias_gate_ = std::move(alias_gate).Build();
  return std::move(table_);
}

}  // namespace policy_internal
}  // namespace interdict
