// File: policy/internal/huge_pages.h
// -----------------------------------------------------------------------------
//
// Large buffers in transparent huge pages. A million-rule compile writes over a
// gigabyte of fresh memory: in 4 KiB pages that is hundreds of thousands of page
// faults, which on a virtual machine cost more than the compile's own work (each one
// may fault in the host too). AdviseHugePages asks the kernel (Linux madvise
// MADV_HUGEPAGE) to back the whole 2 MiB pages inside a buffer with huge pages, before
// the buffer is first written: one fault then maps 2 MiB.
//
// HugePageAllocator gives that advice for every allocation it makes that holds a
// whole huge page, and passes smaller ones through untouched; LargeVector is a std::vector
// that uses it, for the compiled index's per-rule arrays and the compiler's per-rule
// scratch. Hash maps take the allocator as their last template argument.
//
// It only advises: where the kernel has transparent huge pages off ("never"), where
// the call fails, and on other systems, nothing changes but the page size. It never
// changes what a buffer holds, and memory never written is never faulted in.
//
// Example:
//
//   LargeVector<RuleInfo> rules;
//   rules.reserve(total_rules);  // advised: filled in 2 MiB faults
//
//   absl::flat_hash_map<uint64_t, uint32_t, absl::Hash<uint64_t>, std::equal_to<uint64_t>,
//                       HugePageAllocator<std::pair<const uint64_t, uint32_t>>> first;
//
// Thread safety: no state.

#ifndef INTERDICT_POLICY_INTERNAL_HUGE_PAGES_H_
#define INTERDICT_POLICY_INTERNAL_HUGE_PAGES_H_

#include <cstddef>
#include <memory>
#include <vector>

namespace interdict {
namespace policy_internal {

// The size of a transparent huge page on x86-64 (and arm64 with 4 KiB pages).
inline constexpr size_t kHugePageBytes = size_t{2} << 20;

// Advises huge pages for the 2 MiB-aligned pages wholly inside [data, data + bytes),
// when there is one. Returns whether the advice was given.
bool AdviseHugePages(const void* data, size_t bytes);

// Faults in the whole pages inside [data, data + bytes) as a first write would,
// without writing them (Linux madvise MADV_POPULATE_WRITE, 5.14 and later): the
// calling thread pays for the faults and the zeroing, and a later first write finds the
// page there. What the buffer holds does not change, so another thread may be writing
// it meanwhile. Returns false where the kernel cannot; the pages then fault in when
// first written, as they would have.
bool PopulateForWriting(const void* data, size_t bytes);

template <typename T>
class HugePageAllocator {
 public:
  using value_type = T;

  HugePageAllocator() = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>&) {}  // NOLINT: rebinding is implicit

  T* allocate(size_t count) {
    T* data = std::allocator<T>().allocate(count);
    AdviseHugePages(data, count * sizeof(T));
    return data;
  }
  void deallocate(T* data, size_t count) { std::allocator<T>().deallocate(data, count); }

  template <typename U>
  bool operator==(const HugePageAllocator<U>&) const {
    return true;
  }
  template <typename U>
  bool operator!=(const HugePageAllocator<U>&) const {
    return false;
  }
};

template <typename T>
using LargeVector = std::vector<T, HugePageAllocator<T>>;

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_HUGE_PAGES_H_
