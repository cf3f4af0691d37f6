// Following a decision through time (change_follower.h).
#include "tools/interdict/change_follower.h"

namespace interdict {
namespace cli {

void FollowChanges(const CompiledPolicy& policy, const ArtifactView& artifact, ContextView context,
                   const std::function<void(absl::Time at, const v1::Decision& decision)>& visit) {
  Decision decision;
  v1::Decision proto;
  for (int changes = 0;; ++changes) {
    policy.Evaluate(artifact, context, &decision);
    (void)policy.ToProto(decision, &proto);  // `decision` is the policy's own.
    visit(context.instant, proto);
    if (changes == kMaxFollowedChanges || decision.next_change() == absl::InfiniteFuture()) return;
    context.instant = decision.next_change();
  }
}

}  // namespace cli
}  // namespace interdict
