// File: policy/internal/string_arena.h
// -----------------------------------------------------------------------------
//
// StringArena keeps copies of strings in a few large blocks and hands out views of
// them. A view stays valid, wherever the arena is moved, until the arena is
// destroyed. Maps keyed by those views cost one allocation per block instead of one
// per key, and a view is 16 bytes where a std::string is 32: a bundle of a million
// rules has a million and a half entity names.
//
// Example:
//
//   StringArena arena;
//   absl::flat_hash_map<absl::string_view, uint32_t> ids;
//   ids.emplace(arena.Store(name_in_a_temporary_buffer), 7);
//   EntityTable table = ...;  // moving the arena along keeps the keys valid
//
// Thread safety: Store is thread-hostile; views may be read from many threads once
// storing has stopped. The arena is move-only: a copy would leave every view pointing
// into the original.

#ifndef INTERDICT_POLICY_INTERNAL_STRING_ARENA_H_
#define INTERDICT_POLICY_INTERNAL_STRING_ARENA_H_

#include <cstddef>
#include <memory>
#include <vector>

#include "absl/strings/string_view.h"

namespace interdict {
namespace policy_internal {

class StringArena {
 public:
  StringArena() = default;
  StringArena(StringArena&&) = default;
  StringArena& operator=(StringArena&&) = default;
  StringArena(const StringArena&) = delete;
  StringArena& operator=(const StringArena&) = delete;

  // A copy of `text` that lives as long as the arena (an empty view for empty text).
  absl::string_view Store(absl::string_view text);

  // Bytes of the blocks allocated so far.
  size_t allocated_bytes() const { return allocated_bytes_; }

 private:
  // Blocks double from kFirstBlockBytes to kMaxBlockBytes, so that a small bundle's
  // arena stays small; a text longer than a block gets a block of its own. A block is
  // not zeroed: the part never written is never faulted in. The largest blocks hold
  // whole huge pages (huge_pages.h).
  static constexpr size_t kFirstBlockBytes = 1024;
  static constexpr size_t kMaxBlockBytes = size_t{8} << 20;

  std::vector<std::unique_ptr<char[]>> blocks_;
  char* next_ = nullptr;  // Free space of the last block.
  size_t left_ = 0;
  size_t next_block_bytes_ = kFirstBlockBytes;
  size_t allocated_bytes_ = 0;
};

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_STRING_ARENA_H_
