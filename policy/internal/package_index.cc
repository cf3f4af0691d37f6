// Validation of package selectors (package_index.h).
#include "policy/internal/package_index.h"

#include <utility>

#include "absl/strings/str_cat.h"

namespace interdict {
namespace policy_internal {

std::shared_ptr<const PackageSelector> CompilePackageMatch(const std::string& path,
                                                           const v1::PackageMatch& match,
                                                           IssueCollector* issues) {
  std::string failed_field;
  absl::StatusOr<PackageSelector> compiled = PackageSelector::Create(match, &failed_field);
  if (!compiled.ok()) {
    const CompileIssue::Code code = failed_field == "purl" && match.purl().empty()
                                        ? CompileIssue::Code::kRequired
                                        : CompileIssue::Code::kInvalidValue;
    issues->Error(code, absl::StrCat(path, ".", failed_field),
                  std::string(compiled.status().message()));
    return nullptr;
  }
  return std::make_shared<const PackageSelector>(*std::move(compiled));
}

}  // namespace policy_internal
}  // namespace interdict
