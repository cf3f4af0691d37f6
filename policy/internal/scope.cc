// Scope conditions: compiled from interdict.v1.Scope, tested against a context.
#include "policy/internal/scope.h"

#include "absl/strings/str_cat.h"
#include "re2/re2.h"

namespace interdict {
namespace policy_internal {

bool IsHyphenatedWords(absl::string_view text) {
  static const LazyRE2 kWords = {R"([a-z0-9]+(-[a-z0-9]+)*)"};
  return RE2::FullMatch(re2::StringPiece(text.data(), text.size()), *kWords);
}

namespace {

using Code = CompileIssue::Code;

// The valid tags of `tags` (at `path`) into `out`; the others are reported.
void CompileScopeTags(const std::string& path,
                      const google::protobuf::RepeatedPtrField<std::string>& tags,
                      ScopeDimension dimension, IssueCollector* issues, std::vector<std::string>* out) {
  static const LazyRE2 kJurisdiction = {R"([A-Z]{2}(-[A-Z0-9]{1,3})?)"};
  const bool jurisdiction = dimension == ScopeDimension::kJurisdiction;
  for (int t = 0; t < tags.size(); ++t) {
    const std::string& tag = tags.Get(t);
    if (!(jurisdiction ? RE2::FullMatch(tag, *kJurisdiction) : IsHyphenatedWords(tag))) {
      issues->Error(Code::kInvalidValue, absl::StrCat(path, "[", t, "]"),
                    absl::StrCat("invalid tag ", Quote(tag), ": expected ",
                                 jurisdiction ? "an ISO 3166 code such as \"US\" or \"US-TX\""
                                              : "lowercase words joined by hyphens"));
      continue;
    }
    out->push_back(tag);
  }
}

// The condition of one list of a scope (at `path`), appended to `out` unless the list
// is empty or none of its tags is valid.
void CompileScopeList(const std::string& path,
                      const google::protobuf::RepeatedPtrField<std::string>& list,
                      ScopeDimension dimension, bool exclude, ScopeTags* tags, IssueCollector* issues,
                      std::vector<ScopeCondition>* out) {
  if (list.empty()) return;
  ScopeCondition condition;
  condition.dimension = dimension;
  condition.exclude = exclude;
  CompileScopeTags(path, list, dimension, issues, &condition.tags);
  if (condition.tags.empty()) return;  // Every tag was invalid, and reported.
  const absl::optional<uint64_t> mask = tags->of(dimension).Add(condition.tags);
  if (mask.has_value()) {
    condition.masked = true;
    condition.mask = *mask;
    condition.tags.clear();
  }
  out->push_back(std::move(condition));
}

}  // namespace

void CompileScope(const std::string& path, const v1::Scope& scope, ScopeTags* tags,
                  IssueCollector* issues, std::vector<ScopeCondition>* out) {
  CompileScopeList(path + ".jurisdictions", scope.jurisdictions(), ScopeDimension::kJurisdiction,
               /*exclude=*/false, tags, issues, out);
  CompileScopeList(path + ".organization_kinds", scope.organization_kinds(),
               ScopeDimension::kOrganizationKind, /*exclude=*/false, tags, issues, out);
  CompileScopeList(path + ".exclude_organization_kinds", scope.exclude_organization_kinds(),
               ScopeDimension::kOrganizationKind, /*exclude=*/true, tags, issues, out);
  CompileScopeList(path + ".asset_kinds", scope.asset_kinds(), ScopeDimension::kAssetKind,
               /*exclude=*/false, tags, issues, out);
  CompileScopeList(path + ".exclude_asset_kinds", scope.exclude_asset_kinds(),
               ScopeDimension::kAssetKind, /*exclude=*/true, tags, issues, out);
  CompileScopeList(path + ".uses", scope.uses(), ScopeDimension::kUse, /*exclude=*/false, tags,
                   issues, out);
}

absl::Span<const absl::string_view> ContextScope::Tags(ScopeDimension dimension) const {
  switch (dimension) {
    case ScopeDimension::kJurisdiction:
      return context_.jurisdictions;
    case ScopeDimension::kOrganizationKind:
      return context_.organization_kinds;
    case ScopeDimension::kAssetKind:
      return context_.asset_kinds;
    case ScopeDimension::kUse:
      return context_.uses;
  }
  return {};
}

bool ContextScope::Holds(const ScopeCondition& condition) {
  bool shares = false;
  if (condition.masked) {
    shares = (condition.mask & Mask(condition.dimension)) != 0;
  } else {
    for (absl::string_view tag : Tags(condition.dimension)) {
      for (const std::string& wanted : condition.tags) shares = shares || tag == wanted;
    }
  }
  return shares != condition.exclude;
}

}  // namespace policy_internal
}  // namespace interdict
