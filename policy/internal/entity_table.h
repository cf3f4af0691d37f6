// File: policy/internal/entity_table.h
// -----------------------------------------------------------------------------
//
// The entities of a bundle: who they are known as (names and aliases, keyed
// after normalisation without legal forms; identifiers, CPE vendor names,
// packages and package namespaces), how they relate (control and succession,
// closed at compile time), and the lookups evaluation uses to find the entity an
// artifact belongs to (the order is documented on interdict.v1.Entity).
//
// Related entities whose names share a key form a group: the key resolves to the
// group, a pseudo-entity numbered after the entities, and every selector that
// reaches a member also reaches the group, so evaluation still tests one entity
// per artifact.
//
// EntityTable::Builder validates `PolicyBundle.entities` (ids, names, aliases,
// identifiers, packages, relations and their cycles) and resolves a selector's
// `entity` and `include_*` flags into the sorted list of entities (and groups) it
// reaches. EntityTable is the immutable result: FindByName behind a gate on the
// leading bytes of aliases, and ResolveByOtherFields for the rest.
//
// Example:
//
//   EntityTable::Builder builder(bundle, &issues);
//   std::vector<uint32_t> reached;
//   builder.CompileReference([] { return "policies[0].rules[0].select"; }, select, &issues, &reached);
//   EntityTable table = std::move(builder).Build();
//   uint32_t entity = table.FindByName("AO Kaspersky Lab");   // or Decision::kNone
//   EntityTable::Resolution found = table.ResolveByOtherFields(evaluated_artifact);
//
// Thread safety: the Builder is thread-hostile; an EntityTable is immutable and safe
// to read from many threads.

#ifndef INTERDICT_POLICY_INTERNAL_ENTITY_TABLE_H_
#define INTERDICT_POLICY_INTERNAL_ENTITY_TABLE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/base/attributes.h"
#include "absl/container/inlined_vector.h"
#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/strings/string_view.h"
#include "interdict/v1/policy.pb.h"
#include "policy/decision.h"
#include "policy/internal/entity_graph.h"
#include "policy/internal/evaluated_artifact.h"
#include "policy/internal/folded_name_table.h"
#include "policy/internal/identifier_index.h"
#include "policy/internal/issue_collector.h"
#include "policy/internal/name_gate.h"
#include "policy/internal/name_hash.h"
#include "policy/internal/name_normalizer.h"
#include "policy/internal/package_url.h"

namespace interdict {
namespace policy_internal {

// Entity indexes a selector reaches. Most selectors name one entity or a few: those
// stay inline (no allocation per rule; a million-rule bundle compiles a million).
using EntityList = absl::InlinedVector<uint32_t, 4>;

class EntityTable {
 public:
  class Builder;

  // How an artifact was found to belong to its entity: the first evidences are not
  // an entity's own identifier; the rest are (evidence(i) names it).
  static constexpr uint32_t kByVendor = 0;
  static constexpr uint32_t kBySignerName = 1;
  static constexpr uint32_t kByCpeVendorName = 2;

  // An entity (or group) and the evidence that found it.
  using Resolution = EntityResolution;

  EntityTable() = default;

  // The bundle's entities, numbered 0..size()-1; groups follow, up to bucket_count().
  size_t size() const { return entity_count_; }
  bool empty() const { return ids_.empty(); }
  size_t bucket_count() const { return ids_.size(); }
  // An entity's id; a group's is its members' ids joined by ", ".
  const std::string& id(uint32_t entity) const { return ids_[entity]; }
  // "vendor", "signer", "cpe vendor", or an entity's identifier as described for
  // reports ("team_id 2Y8XE5CQ94", "package pkg:deb/*/kesl").
  const std::string& evidence(uint32_t evidence) const { return evidence_[evidence].text; }

  // The entity `name` (a vendor string, a signer's name, a CPE vendor) names through
  // its normalised key without legal forms, or Decision::kNone. Most names stop at a
  // gate on their first normalised bytes.
  uint32_t FindByName(absl::string_view name) const {
    return MayNameAnEntity(name) ? LookUp(name, [](uint32_t) {}) : Decision::kNone;
  }

  // False only if FindByName(name) is certainly Decision::kNone: a gate on the name's
  // first normalised bytes. Aliases are keyed without legal forms at either end;
  // stripping trailing ones only shortens a key, and the gate tests every key length,
  // so the head suffices unless the name begins with a leading form ("AO Kaspersky
  // Lab"): the gate also lets those heads through (LeadingLegalFormHeads), and the
  // lookup strips the form. The gate is closed to every name when the bundle has no
  // entity.
  bool MayNameAnEntity(absl::string_view name) const { return alias_gate_.MayMatch(name); }

  // FindByName for a name the gate let through: the name as written (keys and
  // spellings, in any ASCII case), then normalised. Calls `on_candidate(entity)` when a
  // table entry's hash matches, before its key is compared (folded_name_table.h): the
  // caller may start loading what it reads of that entity next while the key arrives.
  uint32_t LookUp(absl::string_view name, absl::FunctionRef<void(uint32_t)> on_candidate) const {
    return LookUp(name, AsciiCaseFoldHash()(name), on_candidate);
  }
  // LookUp for a name whose StartLookUp gave `hash`. Out of line: most names stop at
  // the gate, and need no name buffer on the stack.
  ABSL_ATTRIBUTE_NOINLINE uint32_t LookUp(absl::string_view name, size_t hash,
                                          absl::FunctionRef<void(uint32_t)> on_candidate) const;

  // Starts loading the table slot LookUp(name) reads first, and returns the name's hash
  // for LookUp: in a large bundle that slot is seldom in cache, and a caller with work
  // to do before the lookup (normalising the artifact's name) does it meanwhile.
  size_t StartLookUp(absl::string_view name) const {
    const size_t hash = AsciiCaseFoldHash()(name);
    by_name_.PrefetchProbe(hash);
    return hash;
  }

  // Whether an artifact whose vendor names no entity might be found by its other
  // fields (so that most artifacts skip ResolveByOtherFields); never without entities.
  bool MayResolveOtherwise(const ArtifactView& view) const {
    return !empty() && (has_identifiers_ || !view.signer_subject.empty() || !view.cpe.empty() ||
                        !view.purl.empty());
  }

  // For an artifact whose vendor names no entity: the entity its identifiers, signer,
  // CPE or purl name, in the order of interdict.v1.Entity, or none.
  Resolution ResolveByOtherFields(EvaluatedArtifact& artifact) const;

 private:
  struct Evidence {
    uint32_t entity = Decision::kNone;
    std::string text;
  };
  using PackageMap = absl::flat_hash_map<std::string, uint32_t>;

  Resolution ResolveByCpe(EvaluatedArtifact& artifact) const;
  Resolution ResolveByPurl(EvaluatedArtifact& artifact) const;
  Resolution Found(const PackageMap& map, absl::string_view key) const;

  size_t entity_count_ = 0;
  // Entities, then groups.
  std::vector<std::string> ids_;
  // kByVendor, kBySignerName, kByCpeVendorName, then the entities' identifiers.
  std::vector<Evidence> evidence_;
  // Each key (a normalised name or alias without legal forms) and each name and alias
  // as written when it differs from its key by more than ASCII case ("AO Kaspersky
  // Lab", "ByteDance Ltd.") -> entity or group. The lookup folds ASCII case: a vendor
  // string spelled like a name or alias, or like a key (normalised keys have no
  // capitals), is found in one probe without normalising it. Spellings equal but for
  // ASCII case normalise alike, and a spelling equal to a key but for case has that
  // key, so the two kinds of entry never disagree; one table is one slot line per
  // lookup, where a table of each read two.
  FoldedNameTable by_name_;
  NameGate alias_gate_;
  // The entities' `identifiers`, filed by evidence index.
  IdentifierIndex identifiers_;
  bool has_identifiers_ = false;
  // CPE vendor attribute (unquoted, lowercase) -> evidence.
  absl::flat_hash_map<std::string, uint32_t> by_cpe_vendor_;
  // PackageKey -> evidence; "type\0name" of "*"-namespace packages -> evidence;
  // PackageNamespaceKey -> evidence.
  PackageMap by_package_;
  PackageMap by_package_any_namespace_;
  PackageMap by_package_namespace_;
};

class EntityTable::Builder {
 public:
  // Validates `bundle.entities()`, reporting into `issues`. `bundle` must outlive
  // the builder.
  Builder(const v1::PolicyBundle& bundle, IssueCollector* issues);

  // Resolves `select.entity`, `select.entities` and the include_* flags into
  // `*entities` (sorted, with every group of a reached entity; empty when the
  // selector names no entity). False, with errors reported, when an entity is
  // unknown, the flags have no entity to apply to, or the related entities reached
  // by all the selectors resolved so far exceed CompileOptions::max_related_entities
  // (each rule is filed under every entity it reaches, so a chain of related entities
  // each selected with its relations would grow the index with the square of the
  // chain).
  // `path()` gives the selector's path, to report an issue.
  bool CompileReference(absl::FunctionRef<std::string()> path, const v1::Selector& select,
                        IssueCollector* issues, EntityList* entities) const;

  // The entities and groups the table will have (EntityTable::bucket_count).
  size_t bucket_count() const { return table_.ids_.size(); }

  EntityTable Build() &&;

 private:
  void CompileEntity(int i, IssueCollector* issues);
  void CompileNames(uint32_t index, IssueCollector* issues);
  void CompileIdentifiers(uint32_t index, IssueCollector* issues);
  void CompileCpeVendors(uint32_t index, IssueCollector* issues);
  void CompilePackages(uint32_t index, IssueCollector* issues);
  // Files one identifier of `entity` (at `path`, `written` there, described in
  // decisions as `text`) under `key` of `map`; reports an error when the key already
  // names another entity.
  bool AddEvidence(uint32_t entity, const std::string& path, absl::string_view written,
                   std::string text,
                   absl::flat_hash_map<std::string, uint32_t>* map, const std::string& key,
                   IssueCollector* issues);
  void CompileRelations(IssueCollector* issues);
  // Turns each key shared by entities into a group when they are related, or reports
  // it when they are not.
  void FormGroups(IssueCollector* issues);
  // For messages, built only when one is reported: the path of a name (-1 is the
  // entity's name, else the index of an alias), and the first name of `entity` whose
  // key is `key`.
  static std::string NamePath(uint32_t entity, int name);
  int FirstName(uint32_t entity, absl::string_view key) const;

  const v1::PolicyBundle& bundle_;
  EntityTable table_;
  // Keys and spellings apart while they are built (keys are checked for sharing);
  // Build puts both in the table's by_name_.
  FoldedNameTable::Builder by_alias_;
  FoldedNameTable::Builder by_spelling_;
  // Entity id -> its first definition.
  IdMap index_of_id_;
  EntityGraph graph_{0};
  // Name keys shared by several entities (in order of first sharing) and their
  // entities, in bundle order.
  std::vector<std::pair<std::string, std::vector<uint32_t>>> shared_keys_;
  absl::flat_hash_map<std::string, size_t> shared_key_index_;
  // Entity -> the groups it belongs to.
  absl::flat_hash_map<uint32_t, std::vector<uint32_t>> groups_of_;
  // Related entities reached by the selectors resolved so far (beyond those they
  // name), against CompileOptions::max_related_entities: a budget of the whole
  // compilation, which CompileReference spends (hence mutable).
  mutable size_t related_reached_ = 0;
  // Evidence key ("kind\0normal form") of each entity identifier -> evidence, for
  // duplicates across entities.
  absl::flat_hash_map<std::string, uint32_t> identifier_keys_;
  // Evidence -> the path of the identifier it is (for duplicates).
  std::vector<std::string> evidence_paths_;
  IdentifierIndex::Builder identifiers_;
};

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_ENTITY_TABLE_H_
