// PolicyCompiler: validates a bundle and produces an immutable CompiledPolicy.
#include "policy/compiler.h"

#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "policy/internal/bundle_compiler.h"

namespace interdict {

PolicyCompiler::PolicyCompiler(CompileOptions options) : options_(std::move(options)) {}

absl::StatusOr<std::shared_ptr<const CompiledPolicy>> PolicyCompiler::Compile(
    const LoadedBundle& loaded, std::vector<CompileIssue>* issues) const {
  return CompileWithMap(loaded.bundle, &loaded.source_map, issues);
}

absl::StatusOr<std::shared_ptr<const CompiledPolicy>> PolicyCompiler::Compile(
    const v1::PolicyBundle& bundle, std::vector<CompileIssue>* issues) const {
  return CompileWithMap(bundle, nullptr, issues);
}

absl::StatusOr<std::shared_ptr<const CompiledPolicy>> PolicyCompiler::CompileFiles(
    absl::Span<const std::string> paths, std::vector<CompileIssue>* issues) const {
  // Every file is read, so that one run reports every file that cannot be.
  PolicyLoader loader;
  absl::Status first_failure;
  std::string failures;
  int failed = 0;
  for (const std::string& path : paths) {
    absl::Status status = loader.AddFile(path);
    if (status.ok()) continue;
    if (failed++ == 0) first_failure = status;
    absl::StrAppend(&failures, "\n", status.message());
  }
  if (failed == 1) return first_failure;
  if (failed > 1) {
    return absl::Status(first_failure.code(),
                        absl::StrCat(failed, " policy files could not be loaded:", failures));
  }
  return Compile(std::move(loader).Finish(), issues);
}

absl::StatusOr<std::shared_ptr<const CompiledPolicy>> PolicyCompiler::CompileWithMap(
    const v1::PolicyBundle& bundle, const SourceMap* source_map,
    std::vector<CompileIssue>* issues) const {
  policy_internal::BundleCompilation result =
      policy_internal::CompileBundle(bundle, source_map, options_);
  std::string errors;
  int error_count = 0;
  for (const CompileIssue& issue : result.issues) {
    if (issue.severity != CompileIssue::Severity::kError) continue;
    ++error_count;
    absl::StrAppend(&errors, "\n", issue.ToString());
  }
  if (issues != nullptr) {
    issues->insert(issues->end(), result.issues.begin(), result.issues.end());
  }
  if (result.index == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        "policy bundle has ", error_count, error_count == 1 ? " error:" : " errors:", errors));
  }
  return std::shared_ptr<const CompiledPolicy>(new CompiledPolicy(std::move(result.index)));
}

}  // namespace interdict
