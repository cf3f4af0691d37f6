// File: policy/catalog/bundled_catalog.h
// -----------------------------------------------------------------------------
//
// The catalog of real bans (policy/catalog/*.textproto), built into the library: its
// version, when its facts were last checked, the bundle, and the policy compiled from
// it. The build validates the catalog (it must compile without issues and pass every
// policy test) and resolves its civil times, so using it needs no time-zone database
// on the host; explanations still show each deadline as the text wrote it
// ("since 2024-09-29T04:00:00Z (2024-09-29 00:00 America/New_York)").
//
// Example:
//
//   const interdict::Catalog& catalog = interdict::BundledCatalog();
//   catalog.policy->Evaluate(artifact, context, &decision);
//
//   // Layer an organisation's own exemptions (or policies) on top:
//   interdict::PolicyLoader loader;
//   loader.AddBundle("bundled catalog", *catalog.bundle);
//   loader.AddFile("our_exemptions.textproto");
//   auto policy = interdict::PolicyCompiler().Compile(std::move(loader).Finish());
//
// Thread safety: BundledCatalog is safe to call from any thread; the catalog is built
// on first use and immutable after.

#ifndef INTERDICT_POLICY_CATALOG_BUNDLED_CATALOG_H_
#define INTERDICT_POLICY_CATALOG_BUNDLED_CATALOG_H_

#include <memory>

#include "absl/strings/string_view.h"
#include "interdict/v1/policy.pb.h"
#include "policy/compiled_policy.h"

namespace interdict {

struct Catalog {
  // The catalog's version, e.g. "2026.12.1".
  absl::string_view version;
  // When its facts were last checked against their sources, "YYYY-MM-DD".
  absl::string_view facts_checked;
  // The entities and policies, with civil times resolved; no exemptions, no policy
  // tests.
  const v1::PolicyBundle* bundle = nullptr;
  // `bundle`, compiled.
  std::shared_ptr<const CompiledPolicy> policy;
};

// The catalog built into the library. Never fails: the build verified it.
const Catalog& BundledCatalog();

}  // namespace interdict

#endif  // INTERDICT_POLICY_CATALOG_BUNDLED_CATALOG_H_
