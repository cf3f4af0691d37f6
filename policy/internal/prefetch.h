// File: policy/internal/prefetch.h
// -----------------------------------------------------------------------------
//
// PrefetchForRead asks the processor to start loading the cache line at an address
// that will soon be read, so that the miss overlaps other work (the evaluate path
// waits on a chain of misses: an inventory's strings, then the index's records). It
// never faults, whatever the address, and compiles to nothing on compilers without
// the builtin.
//
// On x86-64 it is an `asm volatile` prefetcht0, not `__builtin_prefetch`: GCC 12 at
// -O2 deletes the builtin as dead code in the evaluation loop (tree DCE; the calls
// vanished from evaluation.o with no warning, kept by -fno-tree-dce), and a volatile
// asm statement is never deleted (tests/prefetch_emitted_test checks the binary).
//
// Example:
//
//   PrefetchForRead(artifact.vendor.data());  // read first by the entity lookup
//
// Thread safety: no state.

#ifndef INTERDICT_POLICY_INTERNAL_PREFETCH_H_
#define INTERDICT_POLICY_INTERNAL_PREFETCH_H_

namespace interdict {
namespace policy_internal {

inline void PrefetchForRead(const void* address) {
#if (defined(__GNUC__) || defined(__clang__)) && defined(__x86_64__)
  asm volatile("prefetcht0 %0" : : "m"(*static_cast<const char*>(address)));
#elif defined(__GNUC__) || defined(__clang__)
  __builtin_prefetch(address, 0, 3);
#else
  (void)address;
#endif
}

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_PREFETCH_H_
