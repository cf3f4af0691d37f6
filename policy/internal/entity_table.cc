// Entities: validation, relations and the lookups of evaluation (entity_table.h).
#include "policy/internal/entity_table.h"

#include <algorithm>
#include <map>
#include <utility>

#include "absl/container/inlined_vector.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "policy/internal/cpe.h"
#include "policy/internal/identifier.h"
#include "policy/internal/legal_form.h"
#include "policy/internal/package_selector.h"

namespace interdict {
namespace policy_internal {

using Code = CompileIssue::Code;

uint32_t EntityTable::LookUp(absl::string_view name, size_t hash,
                             absl::FunctionRef<void(uint32_t)> on_candidate) const {
  // A name spelled like a name, an alias or a key (in any ASCII case) is found without
  // normalising it.
  const uint32_t spelled = by_name_.Find(name, hash, on_candidate);
  if (spelled != FoldedNameTable::kAbsent) return spelled;
  NameBuffer buffer;
  absl::optional<absl::string_view> normalized = NormalizeName(name, &buffer);
  if (!normalized.has_value()) return Decision::kNone;
  const absl::string_view key = StripLegalForms(*normalized);
  const uint32_t keyed = by_name_.Find(key, AsciiCaseFoldHash()(key), on_candidate);
  return keyed == FoldedNameTable::kAbsent ? Decision::kNone : keyed;
}

EntityTable::Resolution EntityTable::ResolveByOtherFields(EvaluatedArtifact& artifact) const {
  const ArtifactView& view = artifact.view();
  if (has_identifiers_) {
    uint32_t first = Decision::kNone;
    identifiers_.Visit(artifact, [&first](uint32_t evidence) { first = std::min(first, evidence); });
    if (first != Decision::kNone) return {evidence_[first].entity, first};
  }
  if (!view.signer_subject.empty() && !by_name_.empty()) {
    uint32_t entity = Decision::kNone;
    ForEachSignerName(view.signer_subject, [&](absl::string_view name) {
      if (entity == Decision::kNone) entity = FindByName(name);
    });
    if (entity != Decision::kNone) return {entity, kBySignerName};
  }
  if (!view.cpe.empty() && (!by_name_.empty() || !by_cpe_vendor_.empty())) {
    const Resolution found = ResolveByCpe(artifact);
    if (found.entity != Decision::kNone) return found;
  }
  if (!view.purl.empty() && !(by_package_.empty() && by_package_any_namespace_.empty() &&
                              by_package_namespace_.empty())) {
    return ResolveByPurl(artifact);
  }
  return {};
}

EntityTable::Resolution EntityTable::ResolveByCpe(EvaluatedArtifact& artifact) const {
  const CpeView* cpe = artifact.Cpe();
  if (cpe == nullptr) return {};
  const CpeAttribute& vendor = cpe->attributes[kCpeVendor];
  if (vendor.kind != CpeAttribute::Kind::kValue || vendor.has_wildcards()) return {};
  auto it = by_cpe_vendor_.find(vendor.body);
  if (it != by_cpe_vendor_.end()) return {evidence_[it->second].entity, it->second};
  const uint32_t entity = FindByName(vendor.body);
  if (entity == Decision::kNone) return {};
  return {entity, kByCpeVendorName};
}

EntityTable::Resolution EntityTable::Found(const PackageMap& map, absl::string_view key) const {
  if (key.empty()) return {};
  auto it = map.find(key);
  if (it == map.end()) return {};
  return {evidence_[it->second].entity, it->second};
}

EntityTable::Resolution EntityTable::ResolveByPurl(EvaluatedArtifact& artifact) const {
  const PackageUrlView* purl = artifact.Purl();
  if (purl == nullptr) return {};
  char key[kMaxPackageKeyBytes];
  Resolution found = Found(by_package_, PackageKey(*purl, key));
  if (found.entity == Decision::kNone) {
    found = Found(by_package_any_namespace_, AnyNamespacePackageKey(*purl, key));
  }
  if (found.entity == Decision::kNone) {
    found = Found(by_package_namespace_, PackageNamespaceKey(*purl, key));
  }
  return found;
}

EntityTable::Builder::Builder(const v1::PolicyBundle& bundle, IssueCollector* issues)
    : bundle_(bundle) {
  const CompileOptions& options = issues->options();
  table_.evidence_ = {{Decision::kNone, "vendor"},
                      {Decision::kNone, "signer"},
                      {Decision::kNone, "cpe vendor"}};
  if (!issues->CheckLimit("entities", bundle_.entities_size(), options.max_entities, "entities",
                          "max_entities")) {
    return;
  }
  size_t names = 0;
  size_t name_bytes = 0;
  for (const v1::Entity& entity : bundle_.entities()) {
    names += 1 + entity.aliases_size();
    name_bytes += entity.name().size();
    for (const std::string& alias : entity.aliases()) name_bytes += alias.size();
  }
  table_.ids_.reserve(bundle_.entities_size());
  by_alias_.Reserve(names, name_bytes);
  by_spelling_.Reserve(names, name_bytes);
  index_of_id_.reserve(bundle_.entities_size());
  for (int i = 0; i < bundle_.entities_size(); ++i) CompileEntity(i, issues);
  table_.entity_count_ = table_.ids_.size();
  CompileRelations(issues);
  FormGroups(issues);
}

void EntityTable::Builder::CompileEntity(int i, IssueCollector* issues) {
  const v1::Entity& entity = bundle_.entities(i);
  const std::string path = absl::StrCat("entities[", i, "]");
  const uint32_t index = static_cast<uint32_t>(table_.ids_.size());
  issues->RegisterId(entity.id(), index, "entity", "", &index_of_id_,
                     [](uint32_t e) { return absl::StrCat("entities[", e, "].id"); });
  table_.ids_.push_back(entity.id());
  if (entity.name().empty()) issues->Error(Code::kRequired, path + ".name", "required");
  CompileNames(index, issues);
  CompileIdentifiers(index, issues);
  CompileCpeVendors(index, issues);
  CompilePackages(index, issues);
}

void EntityTable::Builder::CompileNames(uint32_t index, IssueCollector* issues) {
  const CompileOptions& options = issues->options();
  const v1::Entity& entity = bundle_.entities(static_cast<int>(index));
  issues->CheckLimit([index] { return absl::StrCat("entities[", index, "].aliases"); }, entity.aliases_size(),
                     options.max_aliases_per_entity, "aliases", "max_aliases_per_entity");
  // Name -1 is the entity's name, then its aliases; paths are built only for errors.
  // Keys are built in a reused buffer and copied only when inserted (bundles hold
  // millions of names).
  NameBuffer buffer;
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
    // Keys are copied into the table only when inserted.
    bool inserted = false;
    const uint32_t owner = by_alias_.FindOrInsert(key, index, &inserted);
    if (owner == index && !AsciiCaseFoldEq()(name, key)) {
      bool spelling_inserted = false;
      by_spelling_.FindOrInsert(name, index, &spelling_inserted);
    }
    if (inserted || owner == index) continue;
    // Shared with an earlier entity: a group if they turn out to be related.
    auto [shared, first_sharing] = shared_key_index_.try_emplace(key, shared_keys_.size());
    if (first_sharing) shared_keys_.push_back({std::string(key), {owner}});
    std::vector<uint32_t>& sharing = shared_keys_[shared->second].second;
    if (sharing.back() != index) sharing.push_back(index);
  }
}

void EntityTable::Builder::CompileIdentifiers(uint32_t index, IssueCollector* issues) {
  const v1::Entity& entity = bundle_.entities(static_cast<int>(index));
  if (entity.identifiers().empty()) return;
  const std::string path = absl::StrCat("entities[", index, "].identifiers");
  issues->CheckLimit(path, entity.identifiers_size(), issues->options().max_aliases_per_entity,
                     "identifiers", "max_aliases_per_entity");
  for (int n = 0; n < entity.identifiers_size(); ++n) {
    const std::string identifier_path = absl::StrCat(path, "[", n, "]");
    const v1::IdentifierMatch& match = entity.identifiers(n);
    IdentifierSelector selector;
    std::string description;
    if (!CompileIdentifierMatch(identifier_path, match, issues, &selector, &description)) continue;
    if (selector.cpe != nullptr && !selector.cpe->bounds.unbounded()) {
      issues->Error(Code::kInvalidValue, identifier_path + ".cpe",
                    "an entity's CPE identifier names its products, not versions: "
                    "remove the version bounds");
      continue;
    }
    const uint32_t evidence = static_cast<uint32_t>(table_.evidence_.size());
    if (!AddEvidence(index, identifier_path, description, description, &identifier_keys_,
                     description, issues)) {
      continue;
    }
    identifiers_.Place(evidence, {selector});
    table_.has_identifiers_ = true;
  }
}

void EntityTable::Builder::CompileCpeVendors(uint32_t index, IssueCollector* issues) {
  const v1::Entity& entity = bundle_.entities(static_cast<int>(index));
  if (entity.cpe_vendors().empty()) return;
  const std::string path = absl::StrCat("entities[", index, "].cpe_vendors");
  issues->CheckLimit(path, entity.cpe_vendors_size(), issues->options().max_aliases_per_entity,
                     "CPE vendors", "max_aliases_per_entity");
  for (int n = 0; n < entity.cpe_vendors_size(); ++n) {
    const std::string vendor_path = absl::StrCat(path, "[", n, "]");
    const std::string& text = entity.cpe_vendors(n);
    if (!issues->CheckLength(vendor_path, text)) continue;
    // Read as the vendor of a CPE name, so that its escapes and case are those of CPEs.
    CpeBuffer buffer;
    CpeView cpe;
    const char* problem =
        text.find(':') == std::string::npos
            ? ParseCpe(absl::StrCat("cpe:2.3:a:", text, ":*:*:*:*:*:*:*:*:*"), &buffer, &cpe)
            : "has a ':' (write the vendor attribute alone, e.g. \"kaspersky\")";
    const CpeAttribute& vendor = cpe.attributes[kCpeVendor];
    if (problem == nullptr && (vendor.kind != CpeAttribute::Kind::kValue || vendor.has_wildcards())) {
      problem = "must be a vendor name, without wildcards";
    }
    if (problem != nullptr) {
      issues->Error(Code::kInvalidValue, vendor_path, absl::StrCat(Quote(text), ": ", problem));
      continue;
    }
    AddEvidence(index, vendor_path, text, absl::StrCat("cpe_vendor ", vendor.body),
                &table_.by_cpe_vendor_, std::string(vendor.body), issues);
  }
}

void EntityTable::Builder::CompilePackages(uint32_t index, IssueCollector* issues) {
  const v1::Entity& entity = bundle_.entities(static_cast<int>(index));
  if (entity.package_namespaces().empty() && entity.packages().empty()) return;
  const std::string path = absl::StrCat("entities[", index, "]");
  issues->CheckLimit(path + ".package_namespaces", entity.package_namespaces_size(),
                     issues->options().max_aliases_per_entity, "package namespaces",
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
    AddEvidence(index, namespace_path, text, absl::StrCat("package_namespace ", text),
                &table_.by_package_namespace_, *key, issues);
  }
  issues->CheckLimit(path + ".packages", entity.packages_size(),
                     issues->options().max_aliases_per_entity, "packages",
                     "max_aliases_per_entity");
  for (int n = 0; n < entity.packages_size(); ++n) {
    const std::string package_path = absl::StrCat(path, ".packages[", n, "]");
    const std::string& text = entity.packages(n);
    if (!issues->CheckLength(package_path, text)) continue;
    absl::StatusOr<EntityPackageKey> key = ParseEntityPackage(text);
    if (!key.ok()) {
      issues->Error(Code::kInvalidValue, package_path, std::string(key.status().message()));
      continue;
    }
    AddEvidence(index, package_path, text, absl::StrCat("package ", text),
                key->any_namespace ? &table_.by_package_any_namespace_ : &table_.by_package_,
                key->key, issues);
  }
}

bool EntityTable::Builder::AddEvidence(uint32_t entity, const std::string& path,
                                       absl::string_view written, std::string text,
                                       absl::flat_hash_map<std::string, uint32_t>* map,
                                       const std::string& key, IssueCollector* issues) {
  const uint32_t evidence = static_cast<uint32_t>(table_.evidence_.size());
  auto [it, inserted] = map->try_emplace(key, evidence);
  if (!inserted) {
    const Evidence& earlier = table_.evidence_[it->second];
    if (earlier.entity != entity) {
      issues->Error(Code::kDuplicate, path,
                    absl::StrCat(Quote(written), " already names entity ",
                                 Quote(table_.ids_[earlier.entity]), " at ",
                                 issues->Where(evidence_paths_[it->second])));
    }
    return false;
  }
  table_.evidence_.push_back({entity, std::move(text)});
  evidence_paths_.resize(evidence);
  evidence_paths_.push_back(path);
  return true;
}

std::string EntityTable::Builder::NamePath(uint32_t entity, int name) {
  if (name < 0) return absl::StrCat("entities[", entity, "].name");
  return absl::StrCat("entities[", entity, "].aliases[", name, "]");
}

int EntityTable::Builder::FirstName(uint32_t entity, absl::string_view key) const {
  const v1::Entity& proto = bundle_.entities(static_cast<int>(entity));
  for (int n = -1; n < proto.aliases_size(); ++n) {
    const std::string& name = n < 0 ? proto.name() : proto.aliases(n);
    if (StripLegalForms(NormalizeNameToString(name)) == key) return n;
  }
  return -1;
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

bool EntityTable::Builder::CompileReference(absl::FunctionRef<std::string()> path, const v1::Selector& select,
                                            IssueCollector* issues, EntityList* entities) const {
  entities->clear();
  EntityGraph::Reach reach;
  reach.subsidiaries = select.include_subsidiaries();
  reach.affiliates = select.include_affiliates();
  reach.successors = select.include_successors();
  reach.predecessors = select.include_predecessors();
  const bool reaches = reach.subsidiaries || reach.affiliates || reach.successors || reach.predecessors;
  if (select.entity().empty() && select.entities().empty()) {
    if (!reaches) return true;
    issues->Error(Code::kConflict, path(),
                  "include_subsidiaries, include_affiliates, include_successors and "
                  "include_predecessors need an entity");
    return false;
  }
  // `entity`, then `entities[i]` (i >= 0), each resolved and closed over the relations.
  absl::InlinedVector<uint32_t, 4> named;
  bool ok = true;
  for (int i = select.entity().empty() ? 0 : -1; i < select.entities_size(); ++i) {
    const std::string& id = i < 0 ? select.entity() : select.entities(i);
    const auto where = [&path, i] { return i < 0 ? path() + ".entity" : absl::StrCat(path(), ".entities[", i, "]"); };
    auto it = index_of_id_.find(id);
    if (it == index_of_id_.end()) {
      issues->Error(Code::kUnknownReference, where(), absl::StrCat("unknown entity ", Quote(id)));
      ok = false;
      continue;
    }
    if (std::find(named.begin(), named.end(), it->second) != named.end()) {
      issues->Error(Code::kDuplicate, where(), absl::StrCat("entity ", Quote(id), " is named twice"));
      ok = false;
      continue;
    }
    named.push_back(it->second);
    if (!reaches) {
      entities->push_back(it->second);
      continue;
    }
    const size_t limit = issues->options().max_related_entities;
    if (related_reached_ > limit) {  // Reported once already; closing more costs time.
      ok = false;
      continue;
    }
    const std::vector<uint32_t> closure = graph_.Closure(it->second, reach);
    related_reached_ += closure.size() - 1;
    if (related_reached_ > limit) {
      issues->Error(Code::kLimitExceeded, where(),
                    absl::StrCat("the selectors up to here reach ", related_reached_,
                                 " related entities through include_subsidiaries, include_affiliates, "
                                 "include_successors or include_predecessors, more than the limit of ",
                                 limit, " (CompileOptions::max_related_entities)"));
      ok = false;
      continue;
    }
    entities->insert(entities->end(), closure.begin(), closure.end());
  }
  if (!ok) {
    entities->clear();
    return false;
  }
  // A group is reached with any of its members.
  const size_t reached = entities->size();
  for (size_t i = 0; i < reached; ++i) {
    auto groups = groups_of_.find((*entities)[i]);
    if (groups != groups_of_.end()) {
      entities->insert(entities->end(), groups->second.begin(), groups->second.end());
    }
  }
  std::sort(entities->begin(), entities->end());
  entities->erase(std::unique(entities->begin(), entities->end()), entities->end());
  return true;
}

void EntityTable::Builder::FormGroups(IssueCollector* issues) {
  EntityGraph::Reach related;
  related.subsidiaries = related.affiliates = related.successors = related.predecessors = true;
  // Groups by their members, so that keys shared by the same entities share a group.
  std::map<std::vector<uint32_t>, uint32_t> group_of_members;
  for (const auto& [key, sharing] : shared_keys_) {
    const std::vector<uint32_t> component = graph_.Closure(sharing[0], related);
    bool grouped = true;
    for (size_t m = 1; m < sharing.size(); ++m) {
      if (std::binary_search(component.begin(), component.end(), sharing[m])) continue;
      grouped = false;
      const int name = FirstName(sharing[m], key);
      const v1::Entity& entity = bundle_.entities(static_cast<int>(sharing[m]));
      issues->Error(
          Code::kDuplicate, NamePath(sharing[m], name),
          absl::StrCat(Quote(name < 0 ? entity.name() : entity.aliases(name)), " (normalised ",
                       Quote(key), ") already names entity ", Quote(table_.ids_[sharing[0]]),
                       " at ", issues->Where(NamePath(sharing[0], FirstName(sharing[0], key))),
                       ", and the two are not related: only related entities may share a "
                       "name"));
    }
    if (!grouped) continue;
    std::vector<uint32_t> members = sharing;
    std::sort(members.begin(), members.end());
    auto [group, created] =
        group_of_members.try_emplace(members, static_cast<uint32_t>(table_.ids_.size()));
    if (created) {
      std::vector<absl::string_view> member_ids;
      for (uint32_t member : members) {
        member_ids.push_back(table_.ids_[member]);
        groups_of_[member].push_back(group->second);
      }
      table_.ids_.push_back(absl::StrJoin(member_ids, ", "));
    }
    *by_alias_.Find(key) = group->second;
    // Every spelling of the key, whichever member wrote it, finds the group.
    for (uint32_t member : members) {
      const v1::Entity& entity = bundle_.entities(static_cast<int>(member));
      for (int n = -1; n < entity.aliases_size(); ++n) {
        const std::string& name = n < 0 ? entity.name() : entity.aliases(n);
        if (AsciiCaseFoldEq()(name, key) || StripLegalForms(NormalizeNameToString(name)) != key) {
          continue;
        }
        bool inserted = false;
        by_spelling_.FindOrInsert(name, group->second, &inserted) = group->second;
      }
    }
  }
}

EntityTable EntityTable::Builder::Build() && {
  table_.identifiers_ = std::move(identifiers_).Build();
  NameGate::Builder alias_gate;
  by_alias_.ForEach([&alias_gate](absl::string_view key, uint32_t) { alias_gate.Add(key); });
  // Aliases are keyed without a leading legal form: a name that begins with one
  // ("AO Kaspersky Lab") goes to the lookup, which strips it.
  if (!by_alias_.empty()) {
    for (const std::string& head : LeadingLegalFormHeads(NameGate::kGateBytes)) alias_gate.Add(head);
  }
  table_.alias_gate_ = std::move(alias_gate).Build();
  FoldedNameTable::Builder by_name = std::move(by_alias_);
  size_t spellings = 0;
  size_t spelling_bytes = 0;
  by_spelling_.ForEach([&](absl::string_view spelling, uint32_t) {
    ++spellings;
    spelling_bytes += spelling.size();
  });
  by_name.Reserve(spellings, spelling_bytes);
  by_spelling_.ForEach([&by_name](absl::string_view spelling, uint32_t entity) {
    bool inserted = false;
    by_name.FindOrInsert(spelling, entity, &inserted);
  });
  table_.by_name_ = std::move(by_name).Build();
  return std::move(table_);
}

}  // namespace policy_internal
}  // namespace interdict
