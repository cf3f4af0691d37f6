// File: policy/internal/hot_lines.h
// -----------------------------------------------------------------------------
//
// HotLines lists, for one entity, the cache lines a hit on it is likely to read
// after its bucket (its rules' records, their version ranges and exemptions, the
// exemptions' asset lists, the bucket's name list and regexes), so that evaluation
// can start loading them all at once as soon as it knows the entity. Without it a hit
// waits for them one after another: each address is read from the line before (the
// bucket names the rule, the rule its exemption, the exemption its assets), and an
// inventory's hits are seldom in cache. The index is immutable, so the addresses are
// known when it is built. A list keeps the first kCount distinct lines it is given,
// and is itself kListLines cache lines: an entity's bucket lines, each rule's record
// (one line, two for some; RuleInfo::EvaluatedBytes), its version range, each
// exemption's line and its asset and org-unit list add up to more than the eight
// addresses one line holds (benchmarks/README.md, 2026-12-04).
//
// Example:
//
//   HotLines::Builder builder;
//   builder.AddRange(&rule, sizeof(rule));
//   builder.Add(rule.refinements);
//   HotLines lines = builder.Build();
//   ...
//   lines.PrefetchList();  // on the evaluate path, as the entity is found...
//   lines.Prefetch();      // ...and once it is known
//
// Thread safety: the Builder is thread-hostile; HotLines is immutable once built.

#ifndef INTERDICT_POLICY_INTERNAL_HOT_LINES_H_
#define INTERDICT_POLICY_INTERNAL_HOT_LINES_H_

#include <cstddef>
#include <cstdint>

#include "policy/internal/prefetch.h"

namespace interdict {
namespace policy_internal {

struct alignas(64) HotLines {
  static constexpr size_t kLineBytes = 64;
  static constexpr size_t kCount = 16;
  static constexpr size_t kListLines = kCount * sizeof(void*) / kLineBytes;

  class Builder {
   public:
    // Adds the line holding `address` (null: nothing) unless it is listed or the list
    // is full.
    void Add(const void* address);
    // Adds every line of [address, address + bytes).
    void AddRange(const void* address, size_t bytes);
    bool full() const { return count_ == kCount; }
    HotLines Build() const;

   private:
    uintptr_t lines_[kCount] = {};
    size_t count_ = 0;
  };

  // Starts loading the list's own lines, which Prefetch reads.
  void PrefetchList() const {
    for (size_t line = 0; line < kListLines; ++line) PrefetchForRead(&lines[line * kLineBytes / sizeof(void*)]);
  }

  // Starts loading every listed line.
  void Prefetch() const {
    for (const void* line : lines) {
      if (line == nullptr) return;
      PrefetchForRead(line);
    }
  }

  // The start of each listed line, in the order added; null after the last.
  const void* lines[kCount] = {};
};
static_assert(sizeof(HotLines) == HotLines::kListLines * HotLines::kLineBytes,
              "a list is whole cache lines");

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_HOT_LINES_H_
