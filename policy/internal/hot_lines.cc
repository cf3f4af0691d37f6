// HotLines::Builder (hot_lines.h).
#include "policy/internal/hot_lines.h"

namespace interdict {
namespace policy_internal {

void HotLines::Builder::Add(const void* address) {
  if (address == nullptr || full()) return;
  const uintptr_t line = reinterpret_cast<uintptr_t>(address) & ~uintptr_t{kLineBytes - 1};
  for (size_t i = 0; i < count_; ++i) {
    if (lines_[i] == line) return;
  }
  lines_[count_++] = line;
}

void HotLines::Builder::AddRange(const void* address, size_t bytes) {
  if (bytes == 0) return;
  const char* first = static_cast<const char*>(address);
  for (size_t offset = 0; offset < bytes; offset += kLineBytes) Add(first + offset);
  Add(first + bytes - 1);
}

HotLines HotLines::Builder::Build() const {
  HotLines hot;
  for (size_t i = 0; i < count_; ++i) hot.lines[i] = reinterpret_cast<const void*>(lines_[i]);
  return hot;
}

}  // namespace policy_internal
}  // namespace interdict
