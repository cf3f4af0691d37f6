// File: tools/interdict/policy_source.h
// -----------------------------------------------------------------------------
//
// The policy a command evaluates: the bundled catalog, unless --no-catalog, with the
// user's --policy files layered on it; compile issues printed as
// `file:line:col: error|warning: path: message`.
//
// Thread safety: plain functions, run once per command.

#ifndef INTERDICT_TOOLS_INTERDICT_POLICY_SOURCE_H_
#define INTERDICT_TOOLS_INTERDICT_POLICY_SOURCE_H_

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "policy/interdict.h"

namespace interdict {
namespace cli {

struct LoadedPolicy {
  LoadedBundle loaded;
  std::shared_ptr<const CompiledPolicy> policy;
  std::string description;  // "bundled catalog 2026.12.1 (facts checked 2026-12-01) + 1 file"
  size_t errors = 0;
  size_t warnings = 0;
};

// A compile issue as the commands print it: "file:line:col: error: path: message".
std::string FormatIssue(const CompileIssue& issue);

// What a command does with the policies it loads.
enum class PolicyUse {
  kEvaluate,  // Judges artifacts: a bundle of no policy would allow everything.
  kValidate,  // lint and test: a file of entities or exemptions alone is valid.
};

// Loads the catalog (when `with_catalog`) and `files`, compiles them, and writes every
// issue to `issues`. An error when a file cannot be read, the bundle does not compile
// (`errors` counts the compile errors then), or, for kEvaluate, holds no policy at all
// (files of entities or policy tests only, with --no-catalog: nothing would ever be
// denied).
absl::StatusOr<LoadedPolicy> LoadPolicy(bool with_catalog, const std::vector<std::string>& files,
                                        std::ostream& issues, PolicyUse use = PolicyUse::kEvaluate);

}  // namespace cli
}  // namespace interdict

#endif  // INTERDICT_TOOLS_INTERDICT_POLICY_SOURCE_H_
