// Conversion from the interdict.v1.Artifact proto to the evaluate-path view.
#include "policy/artifact_view.h"

namespace interdict {

ArtifactView ViewOf(const v1::Artifact& artifact) {
  ArtifactView view;
  view.name = artifact.name();
  view.vendor = artifact.vendor();
  view.version = artifact.version();
  view.purl = artifact.purl();
  view.sha256 = artifact.sha256();
  view.sha1 = artifact.sha1();
  view.signer_subject = artifact.signer_subject();
  view.certificate_thumbprint = artifact.certificate_thumbprint();
  view.team_id = artifact.team_id();
  view.signing_id = artifact.signing_id();
  view.bundle_id = artifact.bundle_id();
  view.msi_product_code = artifact.msi_product_code();
  view.msi_upgrade_code = artifact.msi_upgrade_code();
  view.install_path = artifact.install_path();
  view.cpe = artifact.cpe();
  if (artifact.has_first_seen()) {
    view.first_seen = absl::FromUnixSeconds(artifact.first_seen().seconds()) +
                      absl::Nanoseconds(artifact.first_seen().nanos());
  }
  return view;
}

ArtifactViewTree::ArtifactViewTree(const v1::Artifact& artifact) { root_ = Build(artifact); }

ArtifactView ArtifactViewTree::Build(const v1::Artifact& artifact) {
  ArtifactView view = ViewOf(artifact);
  if (artifact.components_size() == 0) return view;
  std::vector<ArtifactView> children;
  children.reserve(artifact.components_size());
  for (const v1::Artifact& component : artifact.components()) children.push_back(Build(component));
  levels_.push_back(std::move(children));
  // A vector's buffer survives moves of the outer vector's elements.
  view.components = levels_.back();
  return view;
}

}  // namespace interdict
