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

ArtifactViewTree::ArtifactViewTree(const v1::Artifact& artifact) : root_(ViewOf(artifact)) {
  // Depth first with a stack of its own: a view and the proto it views, at a depth
  // (the artifact's is 0). Each children array is filled before it is pushed, and a
  // vector's buffer survives moves of the outer vector's elements, so the views'
  // addresses hold.
  struct Pending {
    const v1::Artifact* proto;
    ArtifactView* view;
    size_t depth;
  };
  std::vector<Pending> pending = {{&artifact, &root_, 0}};
  while (!pending.empty()) {
    const Pending parent = pending.back();
    pending.pop_back();
    if (parent.proto->components_size() == 0 || parent.depth > kMaxComponentDepth) continue;
    std::vector<ArtifactView> children;
    children.reserve(parent.proto->components_size());
    for (const v1::Artifact& component : parent.proto->components()) children.push_back(ViewOf(component));
    levels_.push_back(std::move(children));
    std::vector<ArtifactView>& placed = levels_.back();
    parent.view->components = placed;
    for (size_t i = 0; i < placed.size(); ++i) {
      pending.push_back({&parent.proto->components(static_cast<int>(i)), &placed[i], parent.depth + 1});
    }
  }
}

}  // namespace interdict
