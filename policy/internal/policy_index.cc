// Helpers of the compiled index.
#include "policy/internal/policy_index.h"

#include <algorithm>
#include <cstring>

namespace interdict {
namespace policy_internal {

bool SelectorMatcher::Matches(uint32_t artifact_entity, absl::string_view raw_name,
                              absl::optional<absl::string_view> normalized_name,
                              absl::string_view version_text, const PackageUrlView* purl,
                              const ArtifactView& artifact, UnreadableField* unreadable) const {
  if (!entities.empty() && !std::binary_search(entities.begin(), entities.end(), artifact_entity)) {
    return false;
  }
  if (product.has_value() && !product->Matches(raw_name, normalized_name)) return false;
  for (const ProductPattern& exclusion : exclusions) {
    if (exclusion.Matches(raw_name, normalized_name)) return false;
  }
  if (!identifiers.empty()) {
    bool any = false;
    for (const IdentifierSelector& identifier : identifiers) {
      if (MatchesIdentifier(identifier, artifact, unreadable)) {
        any = true;
        break;
      }
    }
    if (!any) return false;
  }
  const char* problem = nullptr;
  if (package != nullptr) {
    if (purl == nullptr) return false;
    char key[kMaxPackageKeyBytes];
    if (PackageKey(*purl, key) != package->key()) return false;
    const VersionMembership membership = package->ClassifyVersion(purl->version, &problem);
    return AdmitVersion(membership, v1::ARTIFACT_PURL_VERSION, package->scheme(), problem, unreadable);
  }
  const VersionMembership membership = version.Classify(version_text, &problem);
  return AdmitVersion(membership, v1::ARTIFACT_VERSION, version.scheme(), problem, unreadable);
}

absl::string_view CpeKey(const CpeView& cpe, char* out) {
  const CpeAttribute& vendor = cpe.attributes[kCpeVendor];
  const CpeAttribute& product = cpe.attributes[kCpeProduct];
  if (vendor.kind != CpeAttribute::Kind::kValue || product.kind != CpeAttribute::Kind::kValue ||
      vendor.has_wildcards() || product.has_wildcards()) {
    return absl::string_view();
  }
  std::memcpy(out, vendor.body.data(), vendor.body.size());
  out[vendor.body.size()] = '\0';
  std::memcpy(out + vendor.body.size() + 1, product.body.data(), product.body.size());
  return absl::string_view(out, vendor.body.size() + 1 + product.body.size());
}

absl::string_view IdentifierKey(IdentifierKind kind, absl::string_view normal_form, char* out) {
  out[0] = static_cast<char>(kind);
  if (!normal_form.empty()) std::memcpy(out + 1, normal_form.data(), normal_form.size());
  return absl::string_view(out, 1 + normal_form.size());
}

absl::string_view ExactKey(uint32_t bucket, absl::string_view normalized_name, char* out) {
  for (int i = 0; i < 4; ++i) out[i] = static_cast<char>((bucket >> (8 * i)) & 0xff);
  if (!normalized_name.empty()) std::memcpy(out + 4, normalized_name.data(), normalized_name.size());
  return absl::string_view(out, 4 + normalized_name.size());
}

std::string ExactKeyString(uint32_t bucket, absl::string_view normalized_name) {
  std::string key(4 + normalized_name.size(), '\0');
  ExactKey(bucket, normalized_name, &key[0]);
  return key;
}

}  // namespace policy_internal
}  // namespace interdict
