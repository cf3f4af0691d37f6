// File: policy/policy_handle.h
// -----------------------------------------------------------------------------
//
// PolicyHandle holds the compiled policy a service is serving and lets it be
// replaced atomically (hot reload). Readers take a snapshot — a
// std::shared_ptr<const CompiledPolicy> — and evaluate against it with no lock;
// a replacement never disturbs evaluations already running on the old snapshot,
// and no reader ever sees a half-built policy. A failed reload keeps the current
// policy serving.
//
// Take one snapshot per request or per batch, not per artifact: Get() briefly
// takes a reader lock to copy the pointer.
//
// Example:
//
//   interdict::PolicyHandle handle(std::move(initial_policy));
//   // Serving threads:
//   std::shared_ptr<const interdict::CompiledPolicy> policy = handle.Get();
//   policy->Evaluate(artifact, context, &decision);
//   // Reload thread:
//   absl::Status status = handle.ReplaceWith(compiler.Compile(loaded));
//   if (!status.ok()) LOG(WARNING) << "kept the old policy: " << status;
//
// Thread safety: every method may be called concurrently from any number of
// threads.

#ifndef INTERDICT_POLICY_POLICY_HANDLE_H_
#define INTERDICT_POLICY_POLICY_HANDLE_H_

#include <memory>
#include <shared_mutex>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "policy/compiled_policy.h"

namespace interdict {

class PolicyHandle {
 public:
  explicit PolicyHandle(std::shared_ptr<const CompiledPolicy> initial = nullptr);

  // The policy being served (null until one is set).
  std::shared_ptr<const CompiledPolicy> Get() const;

  // Serves `next` from now on.
  void Replace(std::shared_ptr<const CompiledPolicy> next);

  // Serves the compiled policy if `compiled` holds one; otherwise keeps the current
  // one and returns the compile error unchanged.
  absl::Status ReplaceWith(absl::StatusOr<std::shared_ptr<const CompiledPolicy>> compiled);

 private:
  // std::shared_mutex (pthread rwlock) rather than absl::Mutex: Debian's Abseil is not
  // built with ThreadSanitizer, which then cannot see absl::Mutex's ordering, whereas it
  // intercepts pthread locks, so `--config=tsan` checks this class for real.
  mutable std::shared_mutex mutex_;
  std::shared_ptr<const CompiledPolicy> policy_;  // Guarded by mutex_.
};

}  // namespace interdict

#endif  // INTERDICT_POLICY_POLICY_HANDLE_H_
