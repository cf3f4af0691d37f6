// File: tools/interdict/change_follower.h
// -----------------------------------------------------------------------------
//
// Follows one artifact's decision through time: evaluates it at the context's instant,
// then again at each next_change (a step begins, an exemption starts or ends), so that
// a command sees every change ahead, not only the next one. `timeline` lists the
// changes; `check` puts the deadlines and exemption changes in its report.
//
// Example:
//
//   FollowChanges(*policy, tree.root(), context_view,
//                 [&](absl::Time at, const v1::Decision& decision) { ... });
//
// Thread safety: a pure function of its arguments (the policy is thread-safe).

#ifndef INTERDICT_TOOLS_INTERDICT_CHANGE_FOLLOWER_H_
#define INTERDICT_TOOLS_INTERDICT_CHANGE_FOLLOWER_H_

#include <functional>

#include "absl/time/time.h"
#include "policy/interdict.h"

namespace interdict {
namespace cli {

// Changes followed per artifact and action: a timeline has a handful of steps and
// exemption bounds, so a real policy never reaches it.
inline constexpr int kMaxFollowedChanges = 64;

// Calls `visit(at, decision)` with the decision at `context.instant` and then at each
// next change in order, at most kMaxFollowedChanges of them (decisions in proto form,
// with their explanations).
void FollowChanges(const CompiledPolicy& policy, const ArtifactView& artifact, ContextView context,
                   const std::function<void(absl::Time at, const v1::Decision& decision)>& visit);

}  // namespace cli
}  // namespace interdict

#endif  // INTERDICT_TOOLS_INTERDICT_CHANGE_FOLLOWER_H_
