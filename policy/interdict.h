// File: policy/interdict.h
// -----------------------------------------------------------------------------
//
// Interdict decides whether a piece of software is allowed under vendor bans.
// This umbrella header is the whole public API; the tour:
//
//   1. Load policy files (textproto, binary or JSON) into one bundle (loader.h).
//   2. Compile the bundle: every problem reported with file:line:col and field
//      path; the result is an immutable, indexed CompiledPolicy (compiler.h).
//   3. Evaluate artifacts (artifact_view.h) in a context (context_view.h) into a
//      reusable Decision (decision.h): verdict, matched rules with citations,
//      exemptions applied or rejected, next_change (compiled_policy.h).
//   4. Serve and hot-reload with a PolicyHandle (policy_handle.h).
//
// Example:
//
//   interdict::PolicyLoader loader;
//   absl::Status loaded = loader.AddFile("policies/kaspersky.textproto");
//   auto policy = interdict::PolicyCompiler().Compile(std::move(loader).Finish());
//   interdict::ArtifactView artifact;
//   artifact.name = "Kaspersky Internet Security";
//   artifact.vendor = "AO Kaspersky Lab";
//   const absl::string_view us[] = {"US"};
//   interdict::ContextView context;
//   context.instant = absl::Now();  // the host's clock; the library reads none
//   context.action = interdict::v1::UPDATE;
//   context.jurisdictions = us;
//   interdict::Decision decision;
//   (*policy)->Evaluate(artifact, context, &decision);
//   std::cout << (*policy)->Explain(decision) << "\n";
//
// Thread safety: see each header. Compiled policies are immutable and safe to
// share across threads; loaders are thread-hostile; Decisions are per thread.

#ifndef INTERDICT_POLICY_INTERDICT_H_
#define INTERDICT_POLICY_INTERDICT_H_

#include "policy/artifact_view.h"    // IWYU pragma: export
#include "policy/candidate_trace.h"  // IWYU pragma: export
#include "policy/compile_issue.h"    // IWYU pragma: export
#include "policy/compile_options.h"  // IWYU pragma: export
#include "policy/compiled_policy.h"  // IWYU pragma: export
#include "policy/compiler.h"         // IWYU pragma: export
#include "policy/context_view.h"     // IWYU pragma: export
#include "policy/decision.h"         // IWYU pragma: export
#include "policy/descriptions.h"     // IWYU pragma: export
#include "policy/expectations.h"     // IWYU pragma: export
#include "policy/catalog/bundled_catalog.h"  // IWYU pragma: export
#include "policy/loader.h"           // IWYU pragma: export
#include "policy/policy_handle.h"    // IWYU pragma: export

#endif  // INTERDICT_POLICY_INTERDICT_H_
