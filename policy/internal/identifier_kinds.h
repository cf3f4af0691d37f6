// File: policy/internal/identifier_kinds.h
// -----------------------------------------------------------------------------
//
// The one table of identifier kinds. Everything else about identifiers follows
// from it: which IdentifierMatch fields the compiler accepts (and the "required:
// one of ..." message), how each is indexed, which artifact field evaluation
// reads and normalises for it, and how an unreadable field is named in
// ArtifactProblems.
//
// Adding an identifier kind: its field in policy.proto's IdentifierMatch (and, when
// it reads a new artifact field, in artifact.proto, ArtifactView and ArtifactField),
// one row in kIdentifierSelectorKinds, and, for a new artifact field, one row in
// kIdentifierFields plus its normaliser in identifier.cc (NormalizeIdentifier).
//
// Example:
//
//   const IdentifierSelectorKind* kind = FindIdentifierSelectorKind(match.kind_case());
//   const IdentifierField& field = FieldOfKind(kind->reads);
//   absl::string_view value = artifact.*field.member;   // e.g. artifact.team_id
//
// Thread safety: constant data and pure functions.

#ifndef INTERDICT_POLICY_INTERNAL_IDENTIFIER_KINDS_H_
#define INTERDICT_POLICY_INTERNAL_IDENTIFIER_KINDS_H_

#include <cstddef>
#include <string>

#include "absl/strings/string_view.h"
#include "interdict/v1/decision.pb.h"
#include "interdict/v1/policy.pb.h"
#include "policy/artifact_view.h"
#include "policy/internal/identifier.h"

namespace interdict {
namespace policy_internal {

// An artifact field that identifier selectors compare.
struct IdentifierField {
  IdentifierKind kind;
  absl::string_view ArtifactView::*member;
  v1::ArtifactField field;
  absl::string_view name;  // How reports name the field: "team_id".
  absl::string_view noun;  // What a valid value is called: "Team ID".
};

// In IdentifierKind order (FieldOfKind relies on it).
inline constexpr IdentifierField kIdentifierFields[] = {
    {IdentifierKind::kSha256, &ArtifactView::sha256, v1::ARTIFACT_SHA256, "sha256", "SHA-256"},
    {IdentifierKind::kSha1, &ArtifactView::sha1, v1::ARTIFACT_SHA1, "sha1", "SHA-1"},
    {IdentifierKind::kCertificateThumbprint, &ArtifactView::certificate_thumbprint,
     v1::ARTIFACT_CERTIFICATE_THUMBPRINT, "certificate_thumbprint", "certificate thumbprint"},
    {IdentifierKind::kTeamId, &ArtifactView::team_id, v1::ARTIFACT_TEAM_ID, "team_id", "Team ID"},
    {IdentifierKind::kSigningId, &ArtifactView::signing_id, v1::ARTIFACT_SIGNING_ID, "signing_id",
     "signing ID"},
    {IdentifierKind::kMsiProductCode, &ArtifactView::msi_product_code,
     v1::ARTIFACT_MSI_PRODUCT_CODE, "msi_product_code", "MSI product code"},
    {IdentifierKind::kMsiUpgradeCode, &ArtifactView::msi_upgrade_code,
     v1::ARTIFACT_MSI_UPGRADE_CODE, "msi_upgrade_code", "MSI upgrade code"},
    {IdentifierKind::kBundleId, &ArtifactView::bundle_id, v1::ARTIFACT_BUNDLE_ID, "bundle_id",
     "bundle ID"},
    {IdentifierKind::kInstallPath, &ArtifactView::install_path, v1::ARTIFACT_INSTALL_PATH,
     "install_path", "install path"},
    // A signer subject is never unreadable: any text is a display name.
    {IdentifierKind::kSignerSubject, &ArtifactView::signer_subject, v1::ARTIFACT_FIELD_UNSPECIFIED,
     "signer_subject", "signer subject"},
    {IdentifierKind::kCpe, &ArtifactView::cpe, v1::ARTIFACT_CPE, "cpe", "CPE 2.3 name"},
};

// Bits (1 << IdentifierKind) fit in a uint32_t.
inline constexpr size_t kIdentifierKindLimit = 32;
static_assert(sizeof(kIdentifierFields) / sizeof(kIdentifierFields[0]) < kIdentifierKindLimit,
              "identifier kinds are bits of a uint32_t");

inline const IdentifierField& FieldOfKind(IdentifierKind kind) {
  return kIdentifierFields[static_cast<size_t>(kind) - 1];
}

// The row of an artifact field, or null when no identifier kind reads it.
const IdentifierField* FindIdentifierField(v1::ArtifactField field);


// How a selector kind compares its field, and so which index holds its rules.
enum class IdentifierMatchMode {
  kExact,   // The normal forms are equal: one hash probe.
  kPrefix,  // The selector's normal form begins the artifact's: a trie walk.
  kGlob,    // A path glob (identifier.h): keyed by its longest literal segment.
  kSigner,  // The signer's CN= or O= names, keyed like vendor names.
  kCpe,     // CPE 2.3 name matching with version bounds (cpe.h).
};

// One kind of IdentifierMatch (the oneof of policy.proto).
struct IdentifierSelectorKind {
  v1::IdentifierMatch::KindCase selector_case;
  absl::string_view name;  // The IdentifierMatch field: "bundle_id_prefix".
  IdentifierMatchMode mode;
  // The artifact field compared.
  IdentifierKind reads;
  // The selector's text (null for kCpe, which is a message).
  const std::string& (v1::IdentifierMatch::*value)() const;
};

// In IdentifierMatch field order.
inline constexpr IdentifierSelectorKind kIdentifierSelectorKinds[] = {
    {v1::IdentifierMatch::kSha256, "sha256", IdentifierMatchMode::kExact, IdentifierKind::kSha256,
     &v1::IdentifierMatch::sha256},
    {v1::IdentifierMatch::kSha1, "sha1", IdentifierMatchMode::kExact, IdentifierKind::kSha1,
     &v1::IdentifierMatch::sha1},
    {v1::IdentifierMatch::kSignerSubject, "signer_subject", IdentifierMatchMode::kSigner,
     IdentifierKind::kSignerSubject, &v1::IdentifierMatch::signer_subject},
    {v1::IdentifierMatch::kCertificateThumbprint, "certificate_thumbprint",
     IdentifierMatchMode::kExact, IdentifierKind::kCertificateThumbprint,
     &v1::IdentifierMatch::certificate_thumbprint},
    {v1::IdentifierMatch::kTeamId, "team_id", IdentifierMatchMode::kExact, IdentifierKind::kTeamId,
     &v1::IdentifierMatch::team_id},
    {v1::IdentifierMatch::kSigningId, "signing_id", IdentifierMatchMode::kExact,
     IdentifierKind::kSigningId, &v1::IdentifierMatch::signing_id},
    {v1::IdentifierMatch::kBundleIdPrefix, "bundle_id_prefix", IdentifierMatchMode::kPrefix,
     IdentifierKind::kBundleId, &v1::IdentifierMatch::bundle_id_prefix},
    {v1::IdentifierMatch::kMsiProductCode, "msi_product_code", IdentifierMatchMode::kExact,
     IdentifierKind::kMsiProductCode, &v1::IdentifierMatch::msi_product_code},
    {v1::IdentifierMatch::kMsiUpgradeCode, "msi_upgrade_code", IdentifierMatchMode::kExact,
     IdentifierKind::kMsiUpgradeCode, &v1::IdentifierMatch::msi_upgrade_code},
    {v1::IdentifierMatch::kInstallPathPrefix, "install_path_prefix", IdentifierMatchMode::kPrefix,
     IdentifierKind::kInstallPath, &v1::IdentifierMatch::install_path_prefix},
    {v1::IdentifierMatch::kInstallPathGlob, "install_path_glob", IdentifierMatchMode::kGlob,
     IdentifierKind::kInstallPath, &v1::IdentifierMatch::install_path_glob},
    {v1::IdentifierMatch::kCpe, "cpe", IdentifierMatchMode::kCpe, IdentifierKind::kCpe,
     nullptr},
};

// The row of `selector_case`, or null (KIND_NOT_SET).
const IdentifierSelectorKind* FindIdentifierSelectorKind(
    v1::IdentifierMatch::KindCase selector_case);

// "sha256, sha1, signer_subject, ..., install_path_glob or cpe": every selector kind.
const std::string& IdentifierSelectorNames();

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_IDENTIFIER_KINDS_H_
