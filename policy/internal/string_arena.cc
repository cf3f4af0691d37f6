// StringArena (string_arena.h).
#include "policy/internal/string_arena.h"

#include <algorithm>
#include <cstring>

#include "policy/internal/huge_pages.h"

namespace interdict {
namespace policy_internal {

absl::string_view StringArena::Store(absl::string_view text) {
  if (text.empty()) return absl::string_view();
  if (text.size() > left_) {
    const size_t bytes = std::max(text.size(), next_block_bytes_);
    blocks_.push_back(std::unique_ptr<char[]>(new char[bytes]));
    AdviseHugePages(blocks_.back().get(), bytes);
    allocated_bytes_ += bytes;
    next_block_bytes_ = std::min(next_block_bytes_ * 2, kMaxBlockBytes);
    next_ = blocks_.back().get();
    left_ = bytes;
  }
  char* copy = next_;
  std::memcpy(copy, text.data(), text.size());
  next_ += text.size();
  left_ -= text.size();
  return absl::string_view(copy, text.size());
}

}  // namespace policy_internal
}  // namespace interdict
