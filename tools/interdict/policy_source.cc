// The policy a command evaluates (policy_source.h).
#include "tools/interdict/policy_source.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace interdict {
namespace cli {

std::string FormatIssue(const CompileIssue& issue) {
  if (issue.severity == CompileIssue::Severity::kWarning) return issue.ToString();
  // ToString marks warnings only; the commands mark both.
  std::string text = issue.ToString();
  const std::string location =
      issue.file.empty() ? "" : absl::StrCat(issue.file, ":", issue.line > 0 ? absl::StrCat(issue.line, ":", issue.column, ":") : "", " ");
  return absl::StrCat(location, "error: ", text.substr(location.size()));
}

absl::StatusOr<LoadedPolicy> LoadPolicy(bool with_catalog, const std::vector<std::string>& files,
                                        std::ostream& issues, PolicyUse use) {
  PolicyLoader loader;
  LoadedPolicy out;
  std::vector<std::string> parts;
  if (with_catalog) {
    const Catalog& catalog = BundledCatalog();
    loader.AddBundle("bundled catalog", *catalog.bundle);
    parts.push_back(absl::StrCat("bundled catalog ", catalog.version, " (facts checked ",
                                 catalog.facts_checked, ")"));
  }
  bool readable = true;
  for (const std::string& file : files) {
    const absl::Status status = loader.AddFile(file);
    if (!status.ok()) {
      issues << status.message() << "\n";
      readable = false;
    }
  }
  if (!readable) return absl::InvalidArgumentError("policy files could not be read");
  if (!files.empty()) parts.push_back(absl::StrCat(files.size(), files.size() == 1 ? " file" : " files"));
  if (parts.empty()) return absl::InvalidArgumentError("no policy: give --policy FILE or drop --no-catalog");
  out.description = absl::StrJoin(parts, " + ");
  out.loaded = std::move(loader).Finish();
  std::vector<CompileIssue> compile_issues;
  auto policy = PolicyCompiler().Compile(out.loaded, &compile_issues);
  for (const CompileIssue& issue : compile_issues) {
    issues << FormatIssue(issue) << "\n";
    (issue.severity == CompileIssue::Severity::kWarning ? out.warnings : out.errors) += 1;
  }
  // Every issue is written above with its position; the status only counts them.
  if (!policy.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat("the policies do not compile: ", out.errors, out.errors == 1 ? " error" : " errors",
                     " (above)"));
  }
  // Files of entities, exemptions or policy tests alone (with --no-catalog) compile to
  // a policy that decides nothing: every artifact would be allowed.
  if (use == PolicyUse::kEvaluate && (*policy)->policy_count() == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("no policy in the policy files (", out.description,
                     "); give --policy FILE with policies, or drop --no-catalog"));
  }
  out.policy = *std::move(policy);
  return out;
}

}  // namespace cli
}  // namespace interdict
