// Identifier selectors: validation and the check of one artifact (see
// identifier_selector.h).
#include "policy/internal/identifier_selector.h"

#include <utility>

#include "absl/strings/str_cat.h"

namespace interdict {
namespace policy_internal {
namespace {

using Code = CompileIssue::Code;

std::shared_ptr<const CompiledCpe> CompileCpe(const std::string& path, const v1::CpeMatch& match,
                                              IssueCollector* issues) {
  auto cpe = std::make_shared<CompiledCpe>();
  cpe->buffer = std::make_unique<CpeBuffer>();
  if (match.criteria().empty()) {
    issues->Error(Code::kRequired, path + ".criteria", "required");
    return nullptr;
  }
  const char* problem = ParseCpe(match.criteria(), cpe->buffer.get(), &cpe->criteria);
  if (problem != nullptr) {
    issues->Error(Code::kInvalidValue, path + ".criteria",
                  absl::StrCat(Quote(match.criteria()), ": ", problem));
    return nullptr;
  }
  if (!match.version_start_including().empty() && !match.version_start_excluding().empty()) {
    issues->Error(Code::kConflict, path,
                  "version_start_including and version_start_excluding are exclusive");
    return nullptr;
  }
  if (!match.version_end_including().empty() && !match.version_end_excluding().empty()) {
    issues->Error(Code::kConflict, path,
                  "version_end_including and version_end_excluding are exclusive");
    return nullptr;
  }
  v1::VersionRange bounds;
  bounds.set_scheme(match.scheme());
  bounds.set_min(match.version_start_including().empty() ? match.version_start_excluding()
                                                         : match.version_start_including());
  bounds.set_min_exclusive(!match.version_start_excluding().empty());
  bounds.set_max(match.version_end_including().empty() ? match.version_end_excluding()
                                                       : match.version_end_including());
  bounds.set_max_inclusive(!match.version_end_including().empty());
  absl::StatusOr<VersionRange> range = VersionRange::Create(bounds);
  if (!range.ok()) {
    issues->Error(Code::kInvalidValue, path, std::string(range.status().message()));
    return nullptr;
  }
  for (std::string& warning : range->BoundWarnings()) {
    issues->Warning(Code::kInvalidValue, path, std::move(warning));
  }
  if (!range->unbounded() &&
      cpe->criteria.attributes[kCpeVersion].kind != CpeAttribute::Kind::kAny) {
    issues->Error(Code::kConflict, path,
                  "version bounds need the criteria's version to be * (ANY), as in NVD match "
                  "criteria");
    return nullptr;
  }
  cpe->bounds = *std::move(range);
  return cpe;
}

// The glob in `out->key` (normalised) as an RE2, keyed by its longest literal segment.
bool CompileGlob(const std::string& path, absl::string_view value, IssueCollector* issues,
                 IdentifierSelector* out) {
  std::string regex;
  std::string key_segment;
  const char* problem = InstallPathGlobToRegex(out->key, &regex, &key_segment, &out->glob_segments);
  if (problem != nullptr) {
    issues->Error(Code::kInvalidPattern, path, absl::StrCat(Quote(value), ": ", problem));
    return false;
  }
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(issues->options().regex_max_mem);
  auto glob = std::make_shared<const RE2>(regex, options);
  if (!glob->ok()) {
    issues->Error(Code::kInvalidPattern, path, absl::StrCat(Quote(value), ": ", glob->error()));
    return false;
  }
  out->glob = std::move(glob);
  out->key = std::move(key_segment);
  return true;
}

}  // namespace

bool CompileIdentifierMatch(const std::string& path, const v1::IdentifierMatch& match,
                            IssueCollector* issues, IdentifierSelector* out,
                            std::string* description) {
  const IdentifierSelectorKind* kind = FindIdentifierSelectorKind(match.kind_case());
  if (kind == nullptr) {
    issues->Error(Code::kRequired, path, absl::StrCat("required: one of ", IdentifierSelectorNames()));
    return false;
  }
  out->kind = kind;
  const std::string field_path = absl::StrCat(path, ".", kind->name);
  switch (kind->mode) {
    case IdentifierMatchMode::kCpe:
      out->cpe = CompileCpe(field_path, match.cpe(), issues);
      *description = absl::StrCat("cpe ", match.cpe().criteria());
      return out->cpe != nullptr;
    case IdentifierMatchMode::kSigner: {
      const std::string& subject = (match.*kind->value)();
      out->key = std::string(StripLegalForms(NormalizeNameToString(subject)));
      if (out->key.empty()) {
        issues->Error(Code::kInvalidValue, field_path,
                      absl::StrCat(Quote(subject), " has no letters or digits"));
        return false;
      }
      *description = absl::StrCat("signer ", out->key);
      return true;
    }
    case IdentifierMatchMode::kExact:
    case IdentifierMatchMode::kPrefix:
    case IdentifierMatchMode::kGlob: {
      const std::string& value = (match.*kind->value)();
      char normal[kMaxIdentifierBytes];
      size_t length = 0;
      const char* problem = NormalizeIdentifier(kind->reads, value, normal, &length);
      if (problem != nullptr) {
        issues->Error(Code::kInvalidValue, field_path, absl::StrCat(Quote(value), ": ", problem));
        return false;
      }
      out->key.assign(normal, length);
      *description = absl::StrCat(kind->name, " ", out->key);
      return kind->mode != IdentifierMatchMode::kGlob || CompileGlob(field_path, value, issues, out);
    }
  }
  return false;
}

bool CpeWithin(const CompiledCpe& cpe, const CpeView& target, UnreadableField* unreadable) {
  if (!CpeMatches(cpe.criteria, target)) return false;
  if (cpe.bounds.unbounded()) return true;
  // Bounds place the artifact's own version: ANY, NA or a pattern cannot be placed.
  const CpeAttribute& version = target.attributes[kCpeVersion];
  if (version.kind != CpeAttribute::Kind::kValue || version.has_wildcards()) return false;
  const char* problem = nullptr;
  switch (cpe.bounds.Classify(version.body, &problem)) {
    case VersionMembership::kInside:
      return true;
    case VersionMembership::kUnreadable:
      *unreadable = {v1::ARTIFACT_CPE_VERSION, cpe.bounds.scheme(), problem};
      return false;
    case VersionMembership::kOutside:
      return false;
  }
  return false;
}

bool MatchesIdentifier(const IdentifierSelector& selector, const ArtifactView& artifact,
                       UnreadableField* unreadable) {
  const absl::string_view value = artifact.*FieldOfKind(selector.kind->reads).member;
  if (value.empty()) return false;
  switch (selector.kind->mode) {
    case IdentifierMatchMode::kSigner: {
      bool found = false;
      ForEachSignerKey(value, [&](absl::string_view key) { found = found || key == selector.key; });
      return found;
    }
    case IdentifierMatchMode::kCpe: {
      // Parsed here, not through the evaluation's parsed CPE, so that an unreadable CPE
      // is reported against the exemption whose subset needed it.
      CpeBuffer buffer;
      CpeView target;
      const char* problem = ParseCpe(value, &buffer, &target);
      if (problem != nullptr) {
        *unreadable = {v1::ARTIFACT_CPE, v1::GENERIC, problem};
        return false;
      }
      return CpeWithin(*selector.cpe, target, unreadable);
    }
    case IdentifierMatchMode::kExact:
    case IdentifierMatchMode::kPrefix:
    case IdentifierMatchMode::kGlob:
      break;
  }
  char normal[kMaxIdentifierBytes];
  size_t length = 0;
  const char* problem = NormalizeIdentifier(selector.kind->reads, value, normal, &length);
  if (problem != nullptr) {
    *unreadable = {FieldOfKind(selector.kind->reads).field, v1::GENERIC, problem};
    return false;
  }
  const absl::string_view normal_form(normal, length);
  switch (selector.kind->mode) {
    case IdentifierMatchMode::kPrefix:
      return normal_form.substr(0, selector.key.size()) == selector.key;
    case IdentifierMatchMode::kGlob:
      return RE2::FullMatch(re2::StringPiece(normal_form.data(), normal_form.size()),
                            *selector.glob);
    case IdentifierMatchMode::kExact:
    case IdentifierMatchMode::kSigner:
    case IdentifierMatchMode::kCpe:
      break;
  }
  return normal_form == selector.key;
}

}  // namespace policy_internal
}  // namespace interdict
