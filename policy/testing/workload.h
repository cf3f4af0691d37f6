// File: policy/testing/workload.h
// -----------------------------------------------------------------------------
//
// A deterministic, seeded generator of realistic policy workloads for
// benchmarks and tests: a PolicyBundle with N rules over real vendor and
// product names (software_names.h, expanded synthetically), and inventories of
// artifacts — a mixed one where about 5% hit some rule (most installed software
// is allowed), one where every artifact hits and one where none does.
//
// The rule mix: ~30% whole-vendor rules, ~30% exact products, ~25% prefixes,
// ~15% RE2 patterns, all tied to a vendor entity, plus up to ten product-only
// rules (like bans that name an app, not a vendor); 30% with version ranges, 5%
// with exclusions; one-, two- and three-step timelines (absolute, offset from
// issue, and a sunset step); policies of 50 rules, one in ten advisory, one in
// ten scoped to another jurisdiction and one in ten to another organisation
// kind (so scope filtering is exercised); an exemption for every hundredth
// rule, covering the context's asset.
//
// WorkloadShape::kWaivers has the shape of a real catalog plus an organisation's
// waivers instead: rules over about 200 policies; about 0.75 distinct vendors per
// rule (most vendors have one or two rules); 60% of rules carry an exemption scoped
// to an asset or an org unit, one in twenty of them covering the context's; every
// rule WARNs from 2024-01-01 and DENYs from a date (half before the context's
// instant); vendor rules are 25% whole vendor, 25% exact products, 15% prefixes and
// 35% regexes with no literal head (a substring anywhere in the name, ".*Foo.*").
//
// Example:
//
//   interdict::test_support::WorkloadOptions options;
//   options.rule_count = 10000;
//   const interdict::test_support::Workload workload = interdict::test_support::GenerateWorkload(options);
//   auto policy = interdict::PolicyCompiler().Compile(workload.bundle);
//   std::vector<interdict::ArtifactView> views = workload.Views(workload.mixed);
//   (*policy)->Evaluate(views[0], workload.context(), &decision);
//
// Thread safety: GenerateWorkload is reentrant; a Workload is immutable once made
// (its context() views its own members: do not move it while a view is in use).

#ifndef INTERDICT_POLICY_TESTING_WORKLOAD_H_
#define INTERDICT_POLICY_TESTING_WORKLOAD_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "interdict/v1/artifact.pb.h"
#include "interdict/v1/policy.pb.h"
#include "policy/artifact_view.h"
#include "policy/context_view.h"

namespace interdict {
namespace test_support {

// Which selectors the generated rules use.
enum class SelectorKind {
  // The name mix above: vendor entities, exact products, prefixes and regexes.
  kNames,
  // Every rule selects a package by purl (deb, rpm, npm and pypi packages of the
  // same vendors), 30% with a vers range in the type's scheme; artifacts carry purls
  // (with version and qualifiers) beside their names.
  kPackages,
  // Every rule names one identifier of WorkloadOptions::identifier_kind (sha256, team
  // id, install-path glob, ...); artifacts carry that identifier: the matching value
  // for hits, another value of the same kind for misses.
  kIdentifiers,
  // The name mix, but each entity also lists one identifier of
  // WorkloadOptions::identifier_kind (Entity.identifiers), and artifacts of an entity
  // carry that identifier with an empty vendor string: the entity is found by its
  // identifier. Misses keep an everyday vendor and carry another value of the kind.
  kEntityIdentifiers,
};

// The overall shape of the generated bundle (see the file comment).
enum class WorkloadShape {
  kStandard,
  kWaivers,
};

struct WorkloadOptions {
  WorkloadShape shape = WorkloadShape::kStandard;
  // Rules per policy; 0: the shape's own (50 for kStandard; rule_count / 200, at least
  // one, for kWaivers).
  size_t rules_per_policy = 0;
  // Number of rules over all policies.
  size_t rule_count = 1000;
  // Seed of the generator: the same options always give the same workload.
  uint64_t seed = 1;
  // Artifacts in each inventory.
  size_t inventory_size = 10000;
  // Share of the mixed inventory that hits some rule.
  double hit_fraction = 0.05;
  SelectorKind selectors = SelectorKind::kNames;
  // For kIdentifiers and kEntityIdentifiers: which IdentifierMatch field the rules (or
  // entities) use.
  v1::IdentifierMatch::KindCase identifier_kind = v1::IdentifierMatch::kSha256;
  // When > 0, every rule has include_components, and every artifact becomes an
  // everyday product with this many components, one of which has the would-be
  // artifact (hit or miss) as its own component, two levels down. Use
  // ArtifactViewTree for views of such artifacts.
  size_t components = 0;
  // When true, every product regex also differs after its literal head (its edition
  // list names the rule), so that no two regexes share a compiled part: the worst
  // case for memory. By default regexes share the tail " (Pro|Home|Enterprise) [0-9]+".
  bool distinct_regex_tails = false;
};

struct Workload {
  v1::PolicyBundle bundle;
  // About hit_fraction of these hit a rule in force (or exempted); the rest hit nothing.
  std::vector<v1::Artifact> mixed;
  // Every artifact hits a rule that applies to the context.
  std::vector<v1::Artifact> all_hit;
  // No artifact hits any rule.
  std::vector<v1::Artifact> all_miss;

  // The context of every evaluation: 2024-10-01T00:00:00Z, RUN, a US federal agency,
  // asset "asset-1" in org unit "it/workstations".
  absl::Time instant;
  v1::Action action = v1::RUN;
  std::vector<absl::string_view> jurisdictions;
  std::vector<absl::string_view> organization_kinds;
  std::string asset_id;
  std::string org_unit;

  ContextView context() const;
  // Views of `artifacts`, which must outlive them.
  static std::vector<ArtifactView> Views(const std::vector<v1::Artifact>& artifacts);
};

Workload GenerateWorkload(const WorkloadOptions& options);

}  // namespace test_support
}  // namespace interdict

#endif  // INTERDICT_POLICY_TESTING_WORKLOAD_H_
