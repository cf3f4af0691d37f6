// Conversion from the interdict.v1.Artifact proto to the evaluate-path view.
#include "policy/artifact_view.h"

namespace interdict {

ArtifactView ViewOf(const v1::Artifact& artifact) {
  ArtifactView view;
  view.name = artifact.name();
  view.vendor = artifact.vendor();
  view.version = artifact.version();
  view.purl = artifact.purl();
  if (artifact.has_first_seen()) {
    view.first_seen = absl::FromUnixSeconds(artifact.first_seen().seconds()) +
                      absl::Nanoseconds(artifact.first_seen().nanos());
  }
  return view;
}

}  // namespace interdict
