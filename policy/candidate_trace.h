// File: policy/candidate_trace.h
// -----------------------------------------------------------------------------
//
// Why each candidate rule did or did not match one artifact in one context, as
// CompiledPolicy::TraceCandidates reports it: the companion of Evaluate for
// explanations (`interdict explain`). Evaluate stops at the first test a candidate
// fails and keeps nothing of it; the trace runs the same tests
// (policy/internal/rule_checks.h) and says which one failed, and why.
//
// Candidates are the rules the indexes lead the artifact to: its entity's rules whose
// product constraint its name meets, product rules of no entity that its name meets,
// package rules of its purl, identifier rules of its identifiers. Besides those, every
// other rule filed under the artifact's entity is reported as kProductNotMatched, so
// that all of a vendor's rules are accounted for. Rules with include_components are
// traced on each component as well (component_path says which).
//
// Example:
//
//   for (const interdict::CandidateTrace& trace : policy->TraceCandidates(artifact, context)) {
//     interdict::RuleDescription rule = policy->DescribeRule(trace.rule);
//     std::cout << rule.policy_id << "/" << rule.rule_id << ": "
//               << interdict::CandidateOutcomeName(trace.outcome) << ": " << trace.detail << "\n";
//   }
//
// Thread safety: plain values. TraceCandidates is safe to call from many threads; it
// allocates and costs several times an evaluation: it explains one artifact, it is
// not for the hot path.

#ifndef INTERDICT_POLICY_CANDIDATE_TRACE_H_
#define INTERDICT_POLICY_CANDIDATE_TRACE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace interdict {

// The first test a candidate failed, or kMatched.
enum class CandidateOutcome : uint8_t {
  kMatched,                    // Selected and in scope: in the decision's matches.
  kProductNotMatched,          // A rule of the artifact's entity; its product is another.
  kActionNotGoverned,          // The rule does not govern the context's action.
  kOutOfScope,                 // Its policy's or its own scope does not bind the context.
  kIdentifierRuleNotMet,       // An identifier matched, but not the rule's entity or product.
  kExcluded,                   // One of its exclude_products matches the name.
  kVersionNotInRange,          // The version is outside its range, or absent.
  kVersionUnreadable,          // The version does not parse in the range's scheme.
  kPackageVersionNotInRange,   // The purl's version is outside its vers range, or absent.
  kPackageVersionUnreadable,   // The purl's version does not parse in the vers scheme.
};

// "matched", "product not matched", "action not governed", "out of scope", ...
absl::string_view CandidateOutcomeName(CandidateOutcome outcome);

struct CandidateTrace {
  uint32_t rule = 0;  // For CompiledPolicy::DescribeRule.
  CandidateOutcome outcome = CandidateOutcome::kMatched;
  // The failed test in words, e.g. "binds jurisdictions EU; the context has US" or
  // "version \"21.3\" is not in >= 10.0, < 12.0 (GENERIC)"; empty when matched.
  std::string detail;
  // Names from the artifact down to the traced component; empty for the artifact.
  std::vector<std::string> component_path;
};

}  // namespace interdict

#endif  // INTERDICT_POLICY_CANDIDATE_TRACE_H_
