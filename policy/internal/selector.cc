// Selectors: how their parts combine, and the per-candidate check (selector.h).
#include "policy/internal/selector.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "policy/internal/name_index.h"
#include "policy/internal/package_index.h"

namespace interdict {
namespace policy_internal {
namespace {

using Code = CompileIssue::Code;

}  // namespace

bool CompiledSelector::Matches(EvaluatedArtifact& artifact, UnreadableField* unreadable) const {
  if (!entities.empty() &&
      !std::binary_search(entities.begin(), entities.end(), artifact.entity())) {
    return false;
  }
  const absl::string_view raw_name = artifact.view().name;
  if (product.has_value() && !product->Matches(raw_name, artifact.NormalizedName())) return false;
  if (refinements != nullptr && refinements->Excludes(artifact)) return false;
  if (identifiers != nullptr) {
    bool any = false;
    for (const IdentifierSelector& identifier : identifiers->any_of) {
      if (MatchesIdentifier(identifier, artifact.view(), unreadable)) {
        any = true;
        break;
      }
    }
    if (!any) return false;
  }
  if (package != nullptr) {
    const PackageUrlView* purl = artifact.Purl();
    if (purl == nullptr) return false;
    char key[kMaxPackageKeyBytes];
    if (PackageKey(*purl, key) != package->key()) return false;
    const char* problem = nullptr;
    const VersionMembership membership = package->ClassifyVersion(*purl, &problem);
    return AdmitVersion(membership, v1::ARTIFACT_PURL_VERSION, package->scheme(), problem,
                        unreadable);
  }
  return refinements == nullptr || refinements->AdmitsVersion(artifact, unreadable);
}

SelectorCompiler::SelectorCompiler(const EntityTable::Builder& entities,
                                   ProductRegexCache* regexes, IssueCollector* issues)
    : entities_(entities), regexes_(regexes), issues_(issues) {}

const SelectorCompiler::SharedRange* SelectorCompiler::CompileVersion(
    absl::FunctionRef<std::string()> path, const v1::VersionRange& version) {
  range_key_.clear();
  absl::StrAppend(&range_key_, static_cast<int>(version.scheme()), version.min_exclusive() ? "x" : "i",
                  version.max_inclusive() ? "i" : "x", version.min().size(), ":", version.min(),
                  version.max());
  auto it = compiled_ranges_.find(range_key_);
  if (it == compiled_ranges_.end()) {
    absl::StatusOr<VersionRange> range = VersionRange::Create(version);
    if (!range.ok()) {
      // Not kept: each selector with the range reports its own error.
      issues_->Error(Code::kInvalidValue, path() + ".version", std::string(range.status().message()));
      return nullptr;
    }
    SharedRange shared;
    shared.warnings = range->BoundWarnings();
    if (!range->unbounded()) {
      RuleRefinements refinements;
      refinements.version = *std::move(range);
      shared.refinements = std::make_shared<const RuleRefinements>(std::move(refinements));
    }
    it = compiled_ranges_.emplace(range_key_, std::move(shared)).first;
  }
  for (const std::string& warning : it->second.warnings) {
    issues_->Warning(Code::kInvalidValue, path() + ".version", warning);
  }
  return &it->second;
}

bool SelectorCompiler::Compile(absl::FunctionRef<std::string()> path, const v1::Selector& select,
                               CompiledSelector* out) {
  const size_t errors_before = issues_->error_count();
  if (select.has_package()) {
    if (!select.entity().empty() || select.entities_size() > 0 || select.has_product() ||
        select.exclude_products_size() > 0 || select.has_version()) {
      issues_->Error(Code::kConflict, path() + ".package",
                     "cannot be combined with entity, entities, product, exclude_products or version "
                     "(put versions in package.vers)");
    }
    out->package = CompilePackageMatch(path() + ".package", select.package(), issues_);
  }
  entities_.CompileReference(path, select, issues_, &out->entities);
  if (select.exclude_products_size() == 0) {
    // Shared with every selector of the same range.
    const SharedRange* range = select.has_version() ? CompileVersion(path, select.version()) : nullptr;
    if (range != nullptr) out->refinements = range->refinements;
  } else {
    RuleRefinements refinements;
    for (int e = 0; e < select.exclude_products_size(); ++e) {
      absl::optional<ProductPattern> exclusion =
          CompileProductMatch([&] { return absl::StrCat(path(), ".exclude_products[", e, "]"); },
                              select.exclude_products(e), regexes_, issues_);
      if (exclusion.has_value()) refinements.exclusions.push_back(*std::move(exclusion));
    }
    const SharedRange* range = select.has_version() ? CompileVersion(path, select.version()) : nullptr;
    if (range != nullptr && range->refinements != nullptr) refinements.version = range->refinements->version;
    if (!refinements.version.unbounded() || !refinements.exclusions.empty()) {
      out->refinements = std::make_shared<const RuleRefinements>(std::move(refinements));
    }
  }
  if (select.has_product()) {
    out->product = CompileProductMatch([&] { return path() + ".product"; }, select.product(), regexes_, issues_);
  }
  if (select.identifiers_size() > 0 && select.has_package()) {
    issues_->Error(Code::kConflict, path() + ".identifiers", "cannot be combined with package");
  }
  if (select.identifiers_size() > 0) {
    auto identifiers = std::make_unique<CompiledSelector::Identifiers>();
    std::vector<std::string> descriptions;
    for (int i = 0; i < select.identifiers_size(); ++i) {
      IdentifierSelector identifier;
      std::string description;
      if (CompileIdentifierMatch(absl::StrCat(path(), ".identifiers[", i, "]"), select.identifiers(i),
                                 issues_, &identifier, &description)) {
        identifiers->any_of.push_back(std::move(identifier));
        descriptions.push_back(std::move(description));
      }
    }
    identifiers->description = absl::StrJoin(descriptions, ", ");
    if (!identifiers->any_of.empty()) out->identifiers = std::move(identifiers);
  }
  out->include_components = select.include_components();
  return issues_->error_count() == errors_before;
}

}  // namespace policy_internal
}  // namespace interdict
