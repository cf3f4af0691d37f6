// File: policy/expectations.h
// -----------------------------------------------------------------------------
//
// Policy tests. A policy file can carry expectations (interdict.v1.Expectation):
// artifacts, a context, and the decision the bundle must give each artifact (its
// verdict, and optionally the matched rules, their state, the next change and the
// exemptions that applied). CheckExpectations evaluates every expectation of a
// bundle against its compiled policy and reports each failure with the
// expectation's `file:line:col`, what was expected and what the decision said.
//
// Example:
//
//   interdict::PolicyLoader loader;
//   ... loader.AddFile("policy/catalog/us.bis.kaspersky.2024.textproto") ...
//   interdict::LoadedBundle loaded = std::move(loader).Finish();
//   auto policy = interdict::PolicyCompiler().Compile(loaded);
//   interdict::ExpectationReport report =
//       interdict::CheckExpectations(**policy, loaded.bundle, &loaded.source_map);
//   if (!report.passed()) std::cerr << report.ToString();
//
// Thread safety: CheckExpectations is reentrant; a report is a plain value.

#ifndef INTERDICT_POLICY_EXPECTATIONS_H_
#define INTERDICT_POLICY_EXPECTATIONS_H_

#include <cstddef>
#include <string>
#include <vector>

#include "interdict/v1/policy.pb.h"
#include "policy/compiled_policy.h"
#include "policy/source_map.h"

namespace interdict {

// One expectation that did not hold (or could not be read).
struct ExpectationFailure {
  // "file:line:col" of the expectation when the source map knows it, else
  // "expectations[i]".
  std::string where;
  // The expectation's name.
  std::string name;
  // What differed, e.g. `artifacts[1] ("Kaspersky Free", vendor "AO Kaspersky Lab"):
  // verdict: expected DENY, got ALLOW ("ALLOW: no rule matched.")`; or why the
  // expectation is invalid ("at: required").
  std::string message;

  // "where: name: message".
  std::string ToString() const;
};

struct ExpectationReport {
  size_t expectations = 0;  // Expectations checked.
  size_t evaluations = 0;   // Artifacts evaluated over all expectations.
  std::vector<ExpectationFailure> failures;

  bool passed() const { return failures.empty(); }
  // One line per failure, then "N expectations (M evaluations): K failed".
  std::string ToString() const;
};

// Checks every expectation of `bundle` against `policy`, which must have been compiled
// from it (the rule and exemption ids of expectations are this bundle's). Civil times
// are resolved with the host's time-zone database. `source_map` may be null.
ExpectationReport CheckExpectations(const CompiledPolicy& policy, const v1::PolicyBundle& bundle,
                                    const SourceMap* source_map = nullptr);

}  // namespace interdict

#endif  // INTERDICT_POLICY_EXPECTATIONS_H_
