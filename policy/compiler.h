// File: policy/compiler.h
// -----------------------------------------------------------------------------
//
// PolicyCompiler validates a policy bundle and compiles it into an immutable,
// indexed CompiledPolicy. It reports every problem it finds in one pass, each
// with the file, line and column (for textproto input) and the field path:
//
//   bad.textproto:14:9: policies[0].rules[1].select.product.regex: invalid RE2:
//       missing ): "Kaspersky (Free"
//
// Errors: duplicate ids; unknown entity, policy or rule references; invalid RE2
// patterns (with RE2's offending fragment); unknown time zones and malformed
// dates; steps out of order or mixing first-seen offsets with absolute instants;
// exemptions for purposes the policy does not permit, blanket where forbidden,
// longer than allowed, open-ended where capped, or with inverted windows;
// missing required fields; limits of CompileOptions exceeded.
// Warnings (kept apart, never fatal): rules that can never fire, exemptions that
// can never apply, exemptions expired as of CompileOptions::now.
//
// Example:
//
//   interdict::PolicyLoader loader;
//   if (absl::Status s = loader.AddFile(path); !s.ok()) return s;
//   interdict::LoadedBundle loaded = std::move(loader).Finish();
//   std::vector<interdict::CompileIssue> issues;
//   absl::StatusOr<std::shared_ptr<const interdict::CompiledPolicy>> policy =
//       interdict::PolicyCompiler().Compile(loaded, &issues);
//   for (const auto& issue : issues) std::cerr << issue.ToString() << "\n";
//   if (!policy.ok()) return policy.status();
//
// Thread safety: a PolicyCompiler is immutable after construction; Compile may be
// called concurrently from many threads. A Compile of 10,000 rules or more also starts
// three short-lived threads of its own, all joined before it returns: one faults in the
// tables the bundle sizes while values and entities are checked, one builds the rule
// indexes while exemptions are compiled, one runs the checks that only warn while the
// entity table is built. Without threads (a process limit), the work that needs doing
// runs in the calling thread.

#ifndef INTERDICT_POLICY_COMPILER_H_
#define INTERDICT_POLICY_COMPILER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "interdict/v1/policy.pb.h"
#include "policy/compile_issue.h"
#include "policy/compile_options.h"
#include "policy/compiled_policy.h"
#include "policy/loader.h"

namespace interdict {

class PolicyCompiler {
 public:
  explicit PolicyCompiler(CompileOptions options = CompileOptions());

  // Compiles `loaded`, locating issues through its source map. Every issue, errors and
  // warnings, is appended to `issues` when it is not null, in bundle order. If there is
  // any error, returns kInvalidArgument whose message has one line per error
  // (CompileIssue::ToString) and no CompiledPolicy.
  absl::StatusOr<std::shared_ptr<const CompiledPolicy>> Compile(
      const LoadedBundle& loaded, std::vector<CompileIssue>* issues = nullptr) const;

  // Same, for a bundle built in code: issues carry field paths but no file positions.
  absl::StatusOr<std::shared_ptr<const CompiledPolicy>> Compile(
      const v1::PolicyBundle& bundle, std::vector<CompileIssue>* issues = nullptr) const;

  // Loads the policy files at `paths` (format from each name, see loader.h) and compiles
  // them as one bundle. A load error (kNotFound, kInvalidArgument, kResourceExhausted with
  // "file:line:col: path: message") is returned as is; when several files fail, one
  // status (the first one's code) lists every file's error, one per line, after "N policy
  // files could not be loaded:". Compile issues as for Compile.
  absl::StatusOr<std::shared_ptr<const CompiledPolicy>> CompileFiles(
      absl::Span<const std::string> paths, std::vector<CompileIssue>* issues = nullptr) const;

  const CompileOptions& options() const { return options_; }

 private:
  absl::StatusOr<std::shared_ptr<const CompiledPolicy>> CompileWithMap(
      const v1::PolicyBundle& bundle, const SourceMap* source_map,
      std::vector<CompileIssue>* issues) const;

  CompileOptions options_;
};

}  // namespace interdict

#endif  // INTERDICT_POLICY_COMPILER_H_
