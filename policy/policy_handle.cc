// Atomically replaceable holder of the compiled policy being served.
#include "policy/policy_handle.h"

#include <mutex>
#include <utility>

namespace interdict {

PolicyHandle::PolicyHandle(std::shared_ptr<const CompiledPolicy> initial)
    : policy_(std::move(initial)) {}

std::shared_ptr<const CompiledPolicy> PolicyHandle::Get() const {
  std::shared_lock<std::shared_mutex> lock(mutex_);
  return policy_;
}

void PolicyHandle::Replace(std::shared_ptr<const CompiledPolicy> next) {
  // Swap under the lock, release the old policy outside it: its destructor may be long.
  {
    std::unique_lock<std::shared_mutex> lock(mutex_);
    policy_.swap(next);
  }
}

absl::Status PolicyHandle::ReplaceWith(
    absl::StatusOr<std::shared_ptr<const CompiledPolicy>> compiled) {
  if (!compiled.ok()) return compiled.status();
  Replace(*std::move(compiled));
  return absl::OkStatus();
}

}  // namespace interdict
