// Identifier selectors checked on one artifact (see identifier_selector.h).
#include "policy/internal/identifier_selector.h"

#include "absl/types/optional.h"
#include "policy/internal/legal_form.h"
#include "policy/internal/name_normalizer.h"

namespace interdict {
namespace policy_internal {

IdentifierField FieldOf(IdentifierKind kind, const ArtifactView& artifact) {
  switch (kind) {
    case IdentifierKind::kSha256: return {artifact.sha256, v1::ARTIFACT_SHA256};
    case IdentifierKind::kSha1: return {artifact.sha1, v1::ARTIFACT_SHA1};
    case IdentifierKind::kCertificateThumbprint:
      return {artifact.certificate_thumbprint, v1::ARTIFACT_CERTIFICATE_THUMBPRINT};
    case IdentifierKind::kTeamId: return {artifact.team_id, v1::ARTIFACT_TEAM_ID};
    case IdentifierKind::kSigningId: return {artifact.signing_id, v1::ARTIFACT_SIGNING_ID};
    case IdentifierKind::kMsiProductCode: return {artifact.msi_product_code, v1::ARTIFACT_MSI_PRODUCT_CODE};
    case IdentifierKind::kMsiUpgradeCode: return {artifact.msi_upgrade_code, v1::ARTIFACT_MSI_UPGRADE_CODE};
    case IdentifierKind::kBundleId: return {artifact.bundle_id, v1::ARTIFACT_BUNDLE_ID};
    case IdentifierKind::kInstallPath: return {artifact.install_path, v1::ARTIFACT_INSTALL_PATH};
  }
  return {absl::string_view(), v1::ARTIFACT_FIELD_UNSPECIFIED};
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
  using Index = IdentifierSelector::Index;
  if (selector.index == Index::kSigner) {
    bool found = false;
    ForEachSignerName(artifact.signer_subject, [&](absl::string_view name) {
      NameBuffer buffer;
      absl::optional<absl::string_view> normalized = NormalizeName(name, &buffer);
      if (normalized.has_value() && StripLegalForms(*normalized) == selector.key) found = true;
    });
    return found && !artifact.signer_subject.empty();
  }
  if (selector.index == Index::kCpe) {
    if (artifact.cpe.empty()) return false;
    CpeBuffer buffer;
    CpeView target;
    const char* problem = ParseCpe(artifact.cpe, &buffer, &target);
    if (problem != nullptr) {
      *unreadable = {v1::ARTIFACT_CPE, v1::GENERIC, problem};
      return false;
    }
    return CpeWithin(*selector.cpe, target, unreadable);
  }
  const IdentifierField field = FieldOf(selector.kind, artifact);
  if (field.value.empty()) return false;
  char normal[kMaxIdentifierBytes];
  size_t length = 0;
  const char* problem = NormalizeIdentifier(selector.kind, field.value, normal, &length);
  if (problem != nullptr) {
    *unreadable = {field.field, v1::GENERIC, problem};
    return false;
  }
  const absl::string_view value(normal, length);
  switch (selector.index) {
    case Index::kBundlePrefix:
    case Index::kPathPrefix:
      return value.substr(0, selector.key.size()) == selector.key;
    case Index::kPathGlob:
      return RE2::FullMatch(re2::StringPiece(value.data(), value.size()), *selector.glob);
    default:
      return value == selector.key;
  }
}

}  // namespace policy_internal
}  // namespace interdict
