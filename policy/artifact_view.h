// File: policy/artifact_view.h
// -----------------------------------------------------------------------------
//
// ArtifactView is the allocation-free form of an interdict.v1.Artifact that the
// evaluate path reads: string views over the host's own data.
//
// Example:
//
//   interdict::ArtifactView artifact;
//   artifact.name = row.name;          // "Kaspersky Internet Security"
//   artifact.vendor = row.publisher;   // "AO Kaspersky Lab"
//   artifact.version = row.version;    // "21.3.10.391"
//   artifact.purl = component.purl;    // "pkg:deb/debian/curl@7.88.1-10" (SBOMs)
//   policy->Evaluate(artifact, context, &decision);
//
//   // From the proto (the proto must outlive the view):
//   interdict::ArtifactView view = interdict::ViewOf(artifact_proto);
//
// Thread safety: a plain value; the viewed strings must stay alive and unchanged
// while an evaluation reads them. An ArtifactViewTree is immutable once built.

#ifndef INTERDICT_POLICY_ARTIFACT_VIEW_H_
#define INTERDICT_POLICY_ARTIFACT_VIEW_H_

#include <cstddef>
#include <vector>

#include "absl/base/attributes.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"
#include "absl/types/span.h"
#include "interdict/v1/artifact.pb.h"

namespace interdict {

struct ArtifactView {
  // Product name as inventoried.
  absl::string_view name;
  // Vendor / publisher string as inventoried.
  absl::string_view vendor;
  // Version as inventoried.
  absl::string_view version;
  // When the host first saw the artifact; nullopt means "at the evaluation instant".
  absl::optional<absl::Time> first_seen;
  // Package URL, e.g. "pkg:deb/debian/curl@7.88.1-10"; empty when unknown.
  absl::string_view purl;
  // Identifiers (interdict.v1.Artifact documents each); empty when unknown.
  absl::string_view sha256;
  absl::string_view sha1;
  absl::string_view signer_subject;
  absl::string_view certificate_thumbprint;
  absl::string_view team_id;
  absl::string_view signing_id;
  absl::string_view bundle_id;
  absl::string_view msi_product_code;
  absl::string_view msi_upgrade_code;
  absl::string_view install_path;
  absl::string_view cpe;
  // Components (an SBOM's nested ones), host-owned; see ArtifactViewTree for protos.
  absl::Span<const ArtifactView> components;
};

// The deepest level of components any policy examines: CompileOptions::
// max_component_depth is at most this.
inline constexpr size_t kMaxComponentDepth = 64;

// A view of `artifact`'s fields, without its components; `artifact` must outlive the
// view.
ArtifactView ViewOf(const v1::Artifact& artifact ABSL_ATTRIBUTE_LIFETIME_BOUND);

// Views of an artifact and its components, built once (it allocates) so that
// evaluations of it allocate nothing. The artifact must outlive the tree; the tree
// must not move while `root()` is in use.
//
// Components are viewed down to kMaxComponentDepth + 1 levels below the artifact: one
// level past the deepest any policy examines, so that evaluation can say that deeper
// components went unexamined. Deeper ones are left out. Building takes the same stack
// however deep the artifact nests (no recursion).
class ArtifactViewTree {
 public:
  explicit ArtifactViewTree(const v1::Artifact& artifact ABSL_ATTRIBUTE_LIFETIME_BOUND);
  ArtifactViewTree(const ArtifactViewTree&) = delete;
  ArtifactViewTree& operator=(const ArtifactViewTree&) = delete;

  const ArtifactView& root() const { return root_; }

 private:
  ArtifactView root_;
  std::vector<std::vector<ArtifactView>> levels_;  // One array per parent with components.
};

}  // namespace interdict

#endif  // INTERDICT_POLICY_ARTIFACT_VIEW_H_
