#include "policy/internal/huge_pages.h"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#include <unistd.h>
#endif

#include "absl/container/flat_hash_map.h"
#include "absl/hash/hash.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"

namespace interdict {
namespace policy_internal {
namespace {

// Whether this kernel has transparent huge pages at all (in any mode), and shows a
// mapping's flags (a chroot may lack /sys or /proc).
bool CanSeeHugePageAdvice() {
  return std::ifstream("/sys/kernel/mm/transparent_hugepage/enabled").good() &&
         std::ifstream("/proc/self/smaps").good();
}

// The VmFlags line of the mapping of /proc/self/smaps that holds `address`; empty
// when none does.
std::string VmFlagsAt(const void* address) {
  const uintptr_t at = reinterpret_cast<uintptr_t>(address);
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  bool inside = false;
  while (std::getline(smaps, line)) {
    unsigned long long start = 0;
    unsigned long long end = 0;
    char dash = 0;
    std::istringstream range(line);
    if (range >> std::hex >> start >> dash >> end && dash == '-') {
      inside = start <= at && at < end;
      continue;
    }
    if (inside && line.rfind("VmFlags:", 0) == 0) return line;
  }
  return "";
}

TEST(HugePagesTest, BuffersWithoutAWholeHugePageAreNotAdvised) {
  EXPECT_FALSE(AdviseHugePages(nullptr, 64 * kHugePageBytes));
  std::unique_ptr<char[]> small(new char[kHugePageBytes]);
  // A huge page's worth of bytes at an address that is not 2 MiB-aligned holds no
  // whole huge page.
  const uintptr_t misaligned = reinterpret_cast<uintptr_t>(small.get()) % kHugePageBytes == 0 ? 1 : 0;
  EXPECT_FALSE(AdviseHugePages(small.get() + misaligned, kHugePageBytes - misaligned));
}

TEST(HugePagesTest, LargeAllocationsAreAdvisedWhereTheKernelHasHugePages) {
  if (!CanSeeHugePageAdvice()) GTEST_SKIP() << "no transparent huge pages, or no /proc/self/smaps";
  HugePageAllocator<char> allocator;
  const size_t bytes = 8 * kHugePageBytes;
  char* data = allocator.allocate(bytes);
  // The 2 MiB page inside the buffer is marked "hg" (MADV_HUGEPAGE) in its mapping.
  const uintptr_t aligned =
      (reinterpret_cast<uintptr_t>(data) + kHugePageBytes - 1) & ~(kHugePageBytes - 1);
  const std::string flags = VmFlagsAt(reinterpret_cast<const void*>(aligned));
  allocator.deallocate(data, bytes);
  ASSERT_FALSE(flags.empty());
  const std::vector<std::string> words = absl::StrSplit(flags, ' ', absl::SkipEmpty());
  EXPECT_NE(std::find(words.begin(), words.end(), "hg"), words.end()) << flags;
}

#if defined(__linux__)
// How many of the `pages` pages from `data` are resident.
size_t ResidentPages(void* data, size_t pages) {
  std::vector<unsigned char> resident(pages);
  if (mincore(data, pages * static_cast<size_t>(sysconf(_SC_PAGESIZE)), resident.data()) != 0) return 0;
  return static_cast<size_t>(std::count_if(resident.begin(), resident.end(),
                                           [](unsigned char flags) { return (flags & 1) != 0; }));
}

TEST(HugePagesTest, PopulatingFaultsPagesInAndKeepsWhatTheyHold) {
  const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  constexpr size_t kPages = 64;
  void* mapped = mmap(nullptr, kPages * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(mapped, MAP_FAILED);
  char* data = static_cast<char*>(mapped);
  std::fill(data + 5 * page, data + 6 * page, 'x');
  ASSERT_EQ(ResidentPages(data, kPages), 1u);
  // Nothing to populate: no buffer, or no whole page in the range.
  EXPECT_FALSE(PopulateForWriting(nullptr, kPages * page));
  EXPECT_FALSE(PopulateForWriting(data + 1, page - 1));
  if (!PopulateForWriting(data + 1, kPages * page - 1)) {
    munmap(mapped, kPages * page);
    GTEST_SKIP() << "this kernel cannot populate (MADV_POPULATE_WRITE needs Linux 5.14)";
  }
  // The first page is not whole inside the range: it stays out.
  EXPECT_EQ(ResidentPages(data, 1), 0u);
  EXPECT_EQ(ResidentPages(data + page, kPages - 1), kPages - 1);
  EXPECT_EQ(std::count(data + 5 * page, data + 6 * page, 'x'), static_cast<long>(page));
  EXPECT_EQ(std::count(data + page, data + kPages * page, '\0'), static_cast<long>((kPages - 2) * page));
  munmap(mapped, kPages * page);
}
#endif

TEST(HugePagesTest, LargeVectorKeepsItsContentsAcrossGrowth) {
  LargeVector<uint32_t> values;
  for (uint32_t i = 0; i < 3'000'000; ++i) values.push_back(i * 7);
  for (uint32_t i = 0; i < values.size(); i += 999) ASSERT_EQ(values[i], i * 7);
  LargeVector<uint32_t> copy = values;
  EXPECT_EQ(copy, values);
}

TEST(HugePagesTest, HashMapsTakeTheAllocator) {
  absl::flat_hash_map<uint64_t, uint32_t, absl::Hash<uint64_t>, std::equal_to<uint64_t>,
                      HugePageAllocator<std::pair<const uint64_t, uint32_t>>>
      map;
  for (uint32_t i = 0; i < 500'000; ++i) map.emplace(uint64_t{i} * 0x9e3779b97f4a7c15u, i);
  ASSERT_EQ(map.size(), 500'000u);
  for (uint32_t i = 0; i < 500'000; i += 997) {
    auto it = map.find(uint64_t{i} * 0x9e3779b97f4a7c15u);
    ASSERT_NE(it, map.end());
    EXPECT_EQ(it->second, i);
  }
  EXPECT_TRUE(HugePageAllocator<int>() == HugePageAllocator<char>());
}

}  // namespace
}  // namespace policy_internal
}  // namespace interdict
