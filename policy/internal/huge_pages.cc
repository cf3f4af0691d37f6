// AdviseHugePages and PopulateForWriting (huge_pages.h).
#include "policy/internal/huge_pages.h"

#include <cstdint>

#if defined(__linux__)
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace interdict {
namespace policy_internal {
namespace {

#if defined(__linux__)
// madvise(`advice`) on the `unit`-aligned pages (`unit` a power of two) wholly inside
// [data, data + bytes); false when there is none or the call fails.
bool AdviseWholeUnits(const void* data, size_t bytes, uintptr_t unit, int advice) {
  const uintptr_t start = reinterpret_cast<uintptr_t>(data);
  const uintptr_t first = (start + unit - 1) & ~(unit - 1);
  const uintptr_t end = (start + bytes) & ~(unit - 1);
  if (data == nullptr || end <= first) return false;
  return madvise(reinterpret_cast<void*>(first), end - first, advice) == 0;
}
#endif

}  // namespace

bool AdviseHugePages(const void* data, size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  return AdviseWholeUnits(data, bytes, kHugePageBytes, MADV_HUGEPAGE);
#else
  (void)data;
  (void)bytes;
  return false;
#endif
}

bool PopulateForWriting(const void* data, size_t bytes) {
#if defined(__linux__) && defined(MADV_POPULATE_WRITE)
  static const uintptr_t kPageBytes = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  return AdviseWholeUnits(data, bytes, kPageBytes, MADV_POPULATE_WRITE);
#else
  (void)data;
  (void)bytes;
  return false;
#endif
}

}  // namespace policy_internal
}  // namespace interdict
