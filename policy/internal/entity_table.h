// File: policy/internal/entity_table.h
// -----------------------------------------------------------------------------
//
// The entities of a bundle: who they are known as (names and aliases, keyed
// after normalisation without legal forms; package namespaces), how they relate
// (control and succession, closed at compile time), and the lookups evaluation
// uses to find the entity an artifact belongs to.
//
// EntityTable::Builder validates `PolicyBundle.entities` (ids, names, aliases,
// namespaces, relations and their cycles) and resolves a selector's `entity` and
// `include_*` flags into the sorted list of entities it reaches. EntityTable is the
// immutable result: FindByName behind a gate on the leading bytes of aliases, and
// FindByPackageNamespace.
//
// Example:
//
//   EntityTable::Builder builder(bundle, &issues);
//   std::vector<uint32_t> reached;
//   builder.CompileReference("policies[0].rules[0].select", select, &issues, &reached);
//   EntityTable table = std::move(builder).Build();
//   uint32_t entity = table.FindByName("AO Kaspersky Lab");   // or Decision::kNone
//
// Thread safety: the Builder is thread-hostile; an EntityTable is immutable and safe
// to read from many threads.

#ifndef INTERDICT_POLICY_INTERNAL_ENTITY_TABLE_H_
#define INTERDICT_POLICY_INTERNAL_ENTITY_TABLE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/base/attributes.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "interdict/v1/policy.pb.h"
#include "policy/decision.h"
#include "policy/internal/entity_graph.h"
#include "policy/internal/issue_collector.h"
#include "policy/internal/legal_form.h"
#include "policy/internal/name_gate.h"
#include "policy/internal/name_hash.h"
#include "policy/internal/name_normalizer.h"
#include "policy/internal/package_url.h"

namespace interdict {
namespace policy_internal {

class EntityTable {
 public:
  class Builder;

  EntityTable() = default;

  size_t size() const { return ids_.size(); }
  bool empty() const { return ids_.empty(); }
  const std::string& id(uint32_t entity) const { return ids_[entity]; }
  bool has_package_namespaces() const { return !by_package_namespace_.empty(); }

  // The entity `name` (a vendor string, a signer's name, a CPE vendor) names through
  // its normalised key without legal forms, or Decision::kNone. Most names stop at a
  // gate on their first normalised bytes.
  uint32_t FindByName(absl::string_view name) const {
    return MayNameAnEntity(name) ? LookUp(name) : Decision::kNone;
  }

  // The entity that publishes under `purl`'s type and namespace, or Decision::kNone.
  uint32_t FindByPackageNamespace(const PackageUrlView& purl) const;

 private:
  // The alias gate, on a name's first normalised bytes. Aliases are keyed without
  // legal forms at either end; stripping trailing ones only shortens a key, and the
  // gate tests every key length, so the head suffices unless the name may begin with
  // a leading form ("AO Kaspersky Lab"): such names go to the lookup, which strips
  // it. The gate is closed to every name when the bundle has no entity.
  bool MayNameAnEntity(absl::string_view name) const;
  // Out of line: most names stop at the gate, and need no name buffer on the stack.
  // The spelling map first, then normalisation.
  ABSL_ATTRIBUTE_NOINLINE uint32_t LookUp(absl::string_view name) const;

  std::vector<std::string> ids_;
  // Normalised name or alias, without legal forms -> entity. Normalised keys have no
  // ASCII capitals, so the case-folding functors only let a vendor string that differs
  // from a key by ASCII case alone find it without normalising (it normalises to it).
  absl::flat_hash_map<std::string, uint32_t, AsciiCaseFoldHash, AsciiCaseFoldEq> by_alias_;
  // Each name and alias as written, ASCII-lowercased -> entity, when it differs from its
  // key by more than case ("AO Kaspersky Lab", "ByteDance Ltd."): a vendor string spelled
  // like one (the common case) is found without normalising it. Equal lowercase
  // spellings normalise alike, so this never disagrees with by_alias_.
  absl::flat_hash_map<std::string, uint32_t, AsciiCaseFoldHash, AsciiCaseFoldEq> by_spelling_;
  NameGate alias_gate_;
  // PackageNamespaceKey of an entity's package namespace -> entity.
  absl::flat_hash_map<std::string, uint32_t> by_package_namespace_;
};

class EntityTable::Builder {
 public:
  // Validates `bundle.entities()`, reporting into `issues`. `bundle` must outlive
  // the builder.
  Builder(const v1::PolicyBundle& bundle, IssueCollector* issues);

  // Resolves `select.entity` and its include_* flags into `*entities` (sorted; empty
  // when the selector names no entity). False, with errors reported, when the
  // entity is unknown or the flags have no entity to apply to.
  bool CompileReference(const std::string& path, const v1::Selector& select,
                        IssueCollector* issues, std::vector<uint32_t>* entities) const;

  EntityTable Build() &&;

 private:
  void CompileEntity(int i, IssueCollector* issues);
  void CompileRelations(IssueCollector* issues);
  // Paths for messages, built only when one is reported: `name` -1 is the entity's
  // name, else the index of an alias; the first name or namespace of `entity` whose
  // key is `key`.
  static std::string NamePath(uint32_t entity, int name);
  std::string FirstNamePath(uint32_t entity, absl::string_view key) const;
  std::string FirstNamespacePath(uint32_t entity, absl::string_view key) const;

  const v1::PolicyBundle& bundle_;
  EntityTable table_;
  // Entity id -> its first definition.
  absl::flat_hash_map<std::string, uint32_t> index_of_id_;
  EntityGraph graph_{0};
};

inline bool EntityTable::MayNameAnEntity(absl::string_view name) const {
  char head[NameGate::kGateBytes];
  const size_t produced = NormalizeHead(name, head);
  const absl::string_view head_view(head, produced);
  return MayBeginWithLegalForm(head_view) ? !by_alias_.empty()
                                           : alias_gate_.MayMatchNormalized(head_view);
}

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_ENTITY_TABLE_H_
