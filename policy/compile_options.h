// File: policy/compile_options.h
// -----------------------------------------------------------------------------
//
// CompileOptions bounds everything a hostile or mistaken policy bundle could
// inflate. Exceeding a limit is a compile error naming the limit.
//
// Example:
//
//   interdict::CompileOptions options;
//   options.max_rules = 200000;
//   options.now = absl::Now();  // enables "exemption has expired" warnings
//   interdict::PolicyCompiler compiler(options);
//
// Thread safety: a plain value type.

#ifndef INTERDICT_POLICY_COMPILE_OPTIONS_H_
#define INTERDICT_POLICY_COMPILE_OPTIONS_H_

#include <cstddef>
#include <cstdint>

#include "absl/time/time.h"
#include "absl/types/optional.h"

namespace interdict {

struct CompileOptions {
  // Most policies in a bundle.
  size_t max_policies = 10000;
  // Most rules over all policies.
  size_t max_rules = 1000000;
  // Most steps in one rule's timeline.
  size_t max_steps_per_rule = 64;
  // Most entities in a bundle.
  size_t max_entities = 1000000;
  // Most aliases of one entity.
  size_t max_aliases_per_entity = 1000;
  // Most exemptions in a bundle.
  size_t max_exemptions = 1000000;
  // Longest id, name, alias, tag or pattern, in bytes (at most 1024: the normaliser's
  // fixed buffer).
  size_t max_string_length = 1024;
  // Longest string of any other field, in bytes: free text (title, citation, notes,
  // authority, step labels, an exemption's reference) is copied into every decision
  // that matches, so it is bounded too.
  size_t max_text_length = 4096;
  // Most entries of any list of a policy, entity or exemption that has no limit of its
  // own (exclude_products, identifiers, relations, an exemption's assets and org units,
  // scope tags, ...).
  size_t max_list_length = 10000;
  // Most related entities that selectors reach, summed over every rule and exemption
  // (include_subsidiaries, include_affiliates, include_successors,
  // include_predecessors: the entities reached beyond those named). A rule is filed
  // under each entity it reaches, so this bounds the index and the compile time.
  size_t max_related_entities = 1000000;
  // Memory budget of each compiled RE2 regex, in bytes (RE2's max_mem).
  int64_t regex_max_mem = int64_t{1} << 20;
  // How deep include_components rules look into an artifact's components (1: its
  // direct components only). Deeper components are not examined, and a decision that
  // met some says so (ARTIFACT_COMPONENTS).
  size_t max_component_depth = 8;
  // How many of an artifact's components include_components rules examine, at most
  // (an SBOM of a large container image lists thousands). The rest are not examined,
  // and the decision says so (ARTIFACT_COMPONENTS), so that evaluation time stays
  // bounded however broad the artifact.
  size_t max_components = 100000;
  // When set, the compiler warns about exemptions that have expired by this instant.
  // Compilation never reads a clock itself.
  absl::optional<absl::Time> now;
};

}  // namespace interdict

#endif  // INTERDICT_POLICY_COMPILE_OPTIONS_H_
