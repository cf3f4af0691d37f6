// File: policy/internal/bundle_values.h
// -----------------------------------------------------------------------------
//
// Checks every string, every list and every enum value of a policy bundle before
// anything else is compiled: each string must be well-formed UTF-8 (the proto's string
// fields promise it, and decisions copy policy text into their own; the text format
// parser lets malformed bytes and "\377" escapes through) and at most
// CompileOptions::max_text_length bytes (free text such as a citation or notes is
// copied into every matching decision); each list at most
// CompileOptions::max_list_length entries, except the lists that have limits of their
// own (policies, rules, entities, exemptions, aliases, steps, expectations); each enum
// field one of its enum's values (proto3 enums are open: JSON, binary and a number in
// the text format carry any integer, e.g. `actions: [99]` or `verdict: 9`, which no
// part of the compiler or of evaluation is written for). Errors name the field's path,
// which the issue collector turns into file:line:col.
//
// Example:
//
//   CheckBundleValues(bundle, options, &issues);
//
// Thread safety: a pure function of its arguments (writes only `issues`).

#ifndef INTERDICT_POLICY_INTERNAL_BUNDLE_VALUES_H_
#define INTERDICT_POLICY_INTERNAL_BUNDLE_VALUES_H_

#include "interdict/v1/policy.pb.h"
#include "policy/compile_options.h"
#include "policy/internal/issue_collector.h"

namespace interdict {
namespace policy_internal {

void CheckBundleValues(const v1::PolicyBundle& bundle, const CompileOptions& options, IssueCollector* issues);

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_BUNDLE_VALUES_H_
