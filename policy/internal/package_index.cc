// Validation of package selectors (package_index.h).
#include "policy/internal/package_index.h"

#include <algorithm>
#include <iterator>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace interdict {
namespace policy_internal {

namespace {

// Purl types whose purls carry a namespace (the purl specification's types: the
// distribution or vendor of deb, rpm, apk and alpm packages, the group or owner of the
// others). A selector without one meets only purls that lack it: next to none.
void WarnIfNamespaceMissing(const std::string& path, absl::string_view key, IssueCollector* issues) {
  static constexpr absl::string_view kNamespaced[] = {"alpm",  "apk",    "bitbucket", "composer", "deb",
                                                      "github", "golang", "maven",     "rpm",      "swift"};
  const std::vector<absl::string_view> parts = absl::StrSplit(key, absl::ByChar('\0'));
  if (parts.size() != 3 || !parts[1].empty()) return;
  if (std::find(std::begin(kNamespaced), std::end(kNamespaced), parts[0]) == std::end(kNamespaced)) return;
  issues->Warning(CompileIssue::Code::kNeverApplies, path + ".purl",
                  absl::StrCat("pkg:", parts[0], " purls carry a namespace (pkg:", parts[0], "/",
                               parts[0] == "deb" ? "debian" : "<namespace>", "/", parts[2],
                               "); without one this selector matches only purls that lack it"));
}

}  // namespace

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
  WarnIfNamespaceMissing(path, compiled->key(), issues);
  if (compiled->vers() != nullptr) {
    for (std::string& warning : compiled->vers()->BoundWarnings()) {
      issues->Warning(CompileIssue::Code::kInvalidValue, path + ".vers", std::move(warning));
    }
  }
  return std::make_shared<const PackageSelector>(*std::move(compiled));
}

}  // namespace policy_internal
}  // namespace interdict
