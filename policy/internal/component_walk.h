// File: policy/internal/component_walk.h
// -----------------------------------------------------------------------------
//
// The component family: rules with `include_components` are evaluated on every
// component of an artifact, at any depth up to CompileOptions::max_component_depth.
// WalkComponents visits the component tree depth-first without recursion or
// allocation (a fixed stack of kMaxComponentDepth frames), handing each component
// the path of names from the artifact down to it.
//
// Example:
//
//   ComponentWalkEnd end = WalkComponents(artifact, max_depth, max_components,
//       [&](const ArtifactView& component, absl::Span<const absl::string_view> path) {
//         ...  // path.front() is the artifact's name, path.back() the component's
//       });
//
// Thread safety: a pure function of its arguments.

#ifndef INTERDICT_POLICY_INTERNAL_COMPONENT_WALK_H_
#define INTERDICT_POLICY_INTERNAL_COMPONENT_WALK_H_

#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "policy/artifact_view.h"

namespace interdict {
namespace policy_internal {

// The deepest CompileOptions::max_component_depth accepted (the walk keeps the path
// to a component in a fixed array); artifact_view.h defines it, as ArtifactViewTree
// views components no deeper than one level past it.
using ::interdict::kMaxComponentDepth;

// What a walk left out.
struct ComponentWalkEnd {
  // Some visited component had components of its own below `max_depth`.
  bool too_deep = false;
  // `max_components` were visited and more remained.
  bool too_many = false;
};

// Calls `visit(component, path)` for every component of `artifact` down to
// `max_depth` levels (1: its direct components), parents before children, at most
// `max_components` of them. `max_depth` must be at most kMaxComponentDepth.
template <typename Visit>
ComponentWalkEnd WalkComponents(const ArtifactView& artifact, uint32_t max_depth, size_t max_components,
                                Visit&& visit) {
  // A frame per level holds the parent and the next child to visit.
  struct Frame {
    const ArtifactView* parent;
    size_t next;
  };
  Frame frames[kMaxComponentDepth + 1];
  absl::string_view path[kMaxComponentDepth + 1];
  size_t depth = 0;
  frames[0] = {&artifact, 0};
  path[0] = artifact.name;
  ComponentWalkEnd end;
  size_t visited = 0;
  while (true) {
    Frame& frame = frames[depth];
    if (frame.next == frame.parent->components.size()) {
      if (depth == 0) break;
      --depth;
      continue;
    }
    if (visited++ == max_components) {
      end.too_many = true;
      break;
    }
    const ArtifactView& component = frame.parent->components[frame.next++];
    path[depth + 1] = component.name;
    visit(component, absl::Span<const absl::string_view>(path, depth + 2));
    if (component.components.empty()) continue;
    if (depth + 1 >= max_depth) {
      end.too_deep = true;
      continue;
    }
    ++depth;
    frames[depth] = {&component, 0};
  }
  return end;
}

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_COMPONENT_WALK_H_
