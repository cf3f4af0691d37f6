// cold_hit_layouts: what a cold hit costs on this machine under different layouts of
// an entity's data, without the engine: a model to try layouts in before building
// them. Its prediction for a block named by the slot did not carry over to the engine
// (benchmarks/README.md, "Where a cold hit's lines lie", issue 11).
//
// Model. A hit knows, from its name's hash, the address of a table slot that is not
// in cache. Then it reads the entity's data, about ten cache lines, also cold. Between
// two hits the core does independent work (the misses of a mixed inventory). Each
// layout says where the ten lines are and how the hit finds them:
//   list           slot -> a two-line list of addresses -> ten lines anywhere (the
//                  engine's hot lines today)
//   list_by_hash   the list's address known with the slot's -> ten lines anywhere
//   three_runs     the list -> three runs of three or four adjacent lines
//   directory      slot -> a line naming a block -> ten adjacent lines
//   block          slot -> ten adjacent lines, the slot naming the block
//   block_3        slot -> three adjacent lines
//   block_page     slot -> ten lines of one KiB, read out of order
//   block_3_and_1  slot -> three adjacent lines, the last naming one line elsewhere
// The data lie in `--region_mb` of 4 KiB pages (`--huge`: transparent huge pages).
// Each layout runs twice, in turn; the figure is ns per hit beyond the work alone.
//
// Usage: bazel-bin/benchmarks/cold_hit_layouts [--region_mb=2048] [--work=60] [--huge]
//
// Thread safety: single-threaded.

#include <sys/mman.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"

ABSL_FLAG(uint32_t, region_mb, 2048, "MB of memory the entities' data lie in");
ABSL_FLAG(uint32_t, work, 60, "iterations of independent work before and after each hit's slot");
ABSL_FLAG(bool, huge, false, "advise transparent huge pages for the region");

namespace {

constexpr size_t kEntities = 100000;
constexpr size_t kLines = 10;  // Lines a hit reads after the slot.
constexpr size_t kLineBytes = 64;
constexpr size_t kChunkBytes = 1024;  // Each placed item gets a chunk of its own.
constexpr size_t kHits = size_t{1} << 20;

enum class Layout {
  kWorkOnly,
  kList,
  kListByHash,
  kThreeRuns,
  kDirectory,
  kBlock,
  kBlock3,
  kBlockPage,
  kBlock3AndOne,
};

struct Named {
  Layout layout;
  const char* name;
};
constexpr Named kLayouts[] = {
    {Layout::kWorkOnly, "work_only"},   {Layout::kList, "list"},         {Layout::kListByHash, "list_by_hash"},
    {Layout::kThreeRuns, "three_runs"}, {Layout::kDirectory, "directory"}, {Layout::kBlock, "block"},
    {Layout::kBlock3, "block_3"},       {Layout::kBlockPage, "block_page"}, {Layout::kBlock3AndOne, "block_3_and_1"},
};

inline void Prefetch(const void* address) { __builtin_prefetch(address, 0, 3); }

const char* LoadPointer(const char* at) {
  const char* pointer;
  std::memcpy(&pointer, at, sizeof(pointer));
  return pointer;
}

void StorePointer(char* at, const char* pointer) { std::memcpy(at, &pointer, sizeof(pointer)); }

// Where each entity's items lie. A slot holds its list's address, its block's, then
// its directory line's.
struct Placement {
  std::vector<char*> slot, list, runs_list, directory;
};

class ColdHits {
 public:
  ColdHits(size_t region_bytes, bool huge, int work) : region_bytes_(region_bytes), work_(work) {
    region_ = static_cast<char*>(
        mmap(nullptr, region_bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    if (region_ == MAP_FAILED) {
      std::perror("mmap");
      std::exit(1);
    }
    madvise(region_, region_bytes, huge ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
    std::memset(region_, 1, region_bytes);
    std::mt19937_64 random(7);
    std::vector<uint32_t> chunks(region_bytes / kChunkBytes);
    for (uint32_t i = 0; i < chunks.size(); ++i) chunks[i] = i;
    std::shuffle(chunks.begin(), chunks.end(), random);
    // Per entity: slot, block, list, its lines, runs list, three runs, directory line.
    if (chunks.size() < kEntities * (kLines + 8)) {
      std::fprintf(stderr, "--region_mb=%zu is too small: the layouts need %zu MB\n", region_bytes >> 20,
                   (kEntities * (kLines + 8) * kChunkBytes >> 20) + 1);
      std::exit(1);
    }
    size_t next = 0;
    auto chunk = [&] { return region_ + size_t{chunks[next++]} * kChunkBytes; };
    p_.slot.resize(kEntities);
    p_.list.resize(kEntities);
    p_.runs_list.resize(kEntities);
    p_.directory.resize(kEntities);
    for (size_t e = 0; e < kEntities; ++e) {
      char* slot = p_.slot[e] = chunk();
      char* block = chunk();
      StorePointer(slot + 8, block);
      p_.list[e] = chunk();
      for (size_t l = 0; l < kLines; ++l) StorePointer(p_.list[e] + 8 * l, chunk());
      StorePointer(slot, p_.list[e]);
      StorePointer(block + 2 * kLineBytes, LoadPointer(p_.list[e]));
      p_.runs_list[e] = chunk();
      char* runs[3] = {chunk(), chunk(), chunk()};
      for (size_t l = 0; l < kLines; ++l) StorePointer(p_.runs_list[e] + 8 * l, runs[l % 3] + kLineBytes * (l / 3));
      p_.directory[e] = chunk();
      StorePointer(p_.directory[e], block);
      StorePointer(slot + 16, p_.directory[e]);
    }
    for (size_t e = 0; e < kEntities; ++e) {
      // Lists end with a null, as the engine's do.
      StorePointer(p_.list[e] + 8 * kLines, nullptr);
      StorePointer(p_.runs_list[e] + 8 * kLines, nullptr);
    }
    hits_.resize(kHits);
    for (uint32_t& hit : hits_) hit = static_cast<uint32_t>(random() % kEntities);
    for (uint64_t& word : work_table_) word = random();
  }

  ~ColdHits() { munmap(region_, region_bytes_); }
  ColdHits(const ColdHits&) = delete;
  ColdHits& operator=(const ColdHits&) = delete;

  // Nanoseconds per hit of `layout`, work included.
  double Run(Layout layout) {
    uint64_t sink = 0;
    uint64_t worked = 0;
    const auto start = std::chrono::steady_clock::now();
    for (uint32_t e : hits_) {
      worked += Work(e);
      const char* slot = p_.slot[e];  // The address follows from the hash.
      Prefetch(slot);
      worked += Work(e + 1);  // The name's normalisation, while the slot arrives.
      sink += Hit(layout, e, slot, sink);
    }
    const auto end = std::chrono::steady_clock::now();
    observed_ = sink + worked;  // Keeps the reads and the work from being optimised away.
    return std::chrono::duration<double, std::nano>(end - start).count() / hits_.size();
  }

 private:
  // Independent work, not waiting for any hit.
  uint64_t Work(uint64_t seed) const {
    uint64_t h = seed;
    for (int i = 0; i < work_; ++i) {
      h += work_table_[(i + h) & 255] * 0x9E3779B97F4A7C15ull;
      if (h & 1) h ^= static_cast<uint64_t>(i);
    }
    return h;
  }

  // Prefetches the lines a null-terminated list names, then reads them.
  static uint64_t ReadListed(const char* list, uint64_t sink) {
    Prefetch(list);
    Prefetch(list + kLineBytes);
    for (size_t l = 0; l <= kLines; ++l) {
      const char* line = LoadPointer(list + 8 * l);
      if (line == nullptr) break;
      Prefetch(line);
    }
    for (size_t l = 0; l < kLines; ++l) sink += static_cast<uint8_t>(LoadPointer(list + 8 * l)[8 + (sink & 7)]);
    return sink;
  }

  // Reads `count` lines of `block`, the i-th at line order[i] (null: in order).
  static uint64_t ReadBlock(const char* block, size_t count, const int* order, uint64_t sink) {
    for (size_t l = 0; l < count; ++l) Prefetch(block + kLineBytes * (order ? order[l] : l));
    for (size_t l = 0; l < count; ++l) {
      sink += static_cast<uint8_t>(block[kLineBytes * (order ? order[l] : l) + 8 + (sink & 7)]);
    }
    return sink;
  }

  uint64_t Hit(Layout layout, uint32_t e, const char* slot, uint64_t sink) const {
    static constexpr int kScrambled[kLines] = {7, 2, 9, 0, 5, 14, 3, 11, 6, 12};
    switch (layout) {
      case Layout::kWorkOnly:
        return 0;
      case Layout::kList:
        return ReadListed(LoadPointer(slot), sink);
      case Layout::kListByHash:
        // The slot is still waited for: the hit compares its key.
        return ReadListed(p_.list[e], sink + (LoadPointer(slot) == nullptr));
      case Layout::kThreeRuns:
        return ReadListed(p_.runs_list[e], sink + (LoadPointer(slot) == nullptr));
      case Layout::kDirectory:
        return ReadBlock(LoadPointer(LoadPointer(slot + 16)), kLines, nullptr, sink);
      case Layout::kBlock:
        return ReadBlock(LoadPointer(slot + 8), kLines, nullptr, sink);
      case Layout::kBlock3:
        return ReadBlock(LoadPointer(slot + 8), 3, nullptr, sink);
      case Layout::kBlockPage:
        return ReadBlock(LoadPointer(slot + 8), kLines, kScrambled, sink);
      case Layout::kBlock3AndOne: {
        const char* block = LoadPointer(slot + 8);
        sink = ReadBlock(block, 3, nullptr, sink);
        return sink + static_cast<uint8_t>(LoadPointer(block + 2 * kLineBytes)[8 + (sink & 7)]);
      }
    }
    return 0;
  }

  char* region_ = nullptr;
  size_t region_bytes_;
  int work_;
  Placement p_;
  std::vector<uint32_t> hits_;
  uint64_t work_table_[256];
  volatile uint64_t observed_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  const uint32_t region_mb = absl::GetFlag(FLAGS_region_mb);
  const uint32_t work = absl::GetFlag(FLAGS_work);
  if (region_mb == 0 || work == 0 || work > 1000000) {
    std::fprintf(stderr, "--region_mb must be at least 1, --work from 1 to 1000000\n");
    return 2;
  }
  ColdHits hits(size_t{region_mb} << 20, absl::GetFlag(FLAGS_huge), static_cast<int>(work));
  double work_only = 0;
  std::printf("%-13s %10s %10s\n", "layout", "ns/hit", "beyond");
  for (int round = 0; round < 2; ++round) {
    for (const Named& named : kLayouts) {
      const double ns = hits.Run(named.layout);
      if (named.layout == Layout::kWorkOnly) work_only = ns;
      std::printf("%-13s %10.1f %10.1f\n", named.name, ns, ns - work_only);
    }
  }
  return 0;
}
