// File: policy/internal/bundle_compiler.h
// -----------------------------------------------------------------------------
//
// The work behind PolicyCompiler::Compile, and its orchestration: entities are
// validated by the entity table (entity_table.h), selectors by their families
// (selector.h), and issues gathered in one IssueCollector; the bundle compiler
// itself checks policies and their scope, rules' actions and timelines (resolved to
// absolute instants or offsets from first sight) and exemptions (target, purpose,
// coverage, window against the policy's cap), then orders rules and exemptions and
// has each family's index builder place the rules of its family.
//
// Example:
//
//   BundleCompilation result = CompileBundle(bundle, &source_map, options);
//   if (result.index == nullptr) { /* result.issues has at least one error */ }
//
// Thread safety: CompileBundle is reentrant; it shares no state between calls. For a
// bundle of 10,000 rules or more it starts threads of its own and joins them before
// it returns: one faults in the reserved tables (PopulateForWriting) while values
// and entities are checked; one builds the rules' order and family indexes while the
// exemptions are compiled; one runs the checks that only warn (static_checks.h)
// while the entity table is built. Each reads only what no other thread writes then.

#ifndef INTERDICT_POLICY_INTERNAL_BUNDLE_COMPILER_H_
#define INTERDICT_POLICY_INTERNAL_BUNDLE_COMPILER_H_

#include <memory>
#include <vector>

#include "interdict/v1/policy.pb.h"
#include "policy/compile_issue.h"
#include "policy/compile_options.h"
#include "policy/internal/policy_index.h"
#include "policy/source_map.h"

namespace interdict {
namespace policy_internal {

struct BundleCompilation {
  // Null when any issue is an error.
  std::unique_ptr<PolicyIndex> index;
  // Errors and warnings, in bundle order.
  std::vector<CompileIssue> issues;
};

// `source_map` may be null (bundles built in code).
BundleCompilation CompileBundle(const v1::PolicyBundle& bundle, const SourceMap* source_map,
                                const CompileOptions& options);

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_BUNDLE_COMPILER_H_
