#include "policy/internal/hot_lines.h"

#include <cstdint>

#include "gtest/gtest.h"

namespace interdict {
namespace policy_internal {
namespace {

struct alignas(64) Lines {
  char bytes[(HotLines::kCount + 4) * HotLines::kLineBytes];
};

const void* LineAt(const Lines& memory, size_t line) { return memory.bytes + line * HotLines::kLineBytes; }

TEST(HotLinesTest, ListsTheStartOfEachLineOnceInTheOrderAdded) {
  const Lines memory = {};
  HotLines::Builder builder;
  builder.Add(memory.bytes + 70);   // Line 1.
  builder.Add(memory.bytes + 3);    // Line 0.
  builder.Add(memory.bytes + 127);  // Line 1 again.
  builder.Add(nullptr);
  const HotLines lines = builder.Build();
  EXPECT_EQ(lines.lines[0], LineAt(memory, 1));
  EXPECT_EQ(lines.lines[1], LineAt(memory, 0));
  EXPECT_EQ(lines.lines[2], nullptr);
}

TEST(HotLinesTest, ARangeAddsEveryLineItTouches) {
  const Lines memory = {};
  HotLines::Builder builder;
  builder.AddRange(memory.bytes + 60, 70);  // Bytes 60..129: lines 0, 1 and 2.
  builder.AddRange(memory.bytes + 64 * 5, 0);
  const HotLines lines = builder.Build();
  EXPECT_EQ(lines.lines[0], LineAt(memory, 0));
  EXPECT_EQ(lines.lines[1], LineAt(memory, 1));
  EXPECT_EQ(lines.lines[2], LineAt(memory, 2));
  EXPECT_EQ(lines.lines[3], nullptr);
}

TEST(HotLinesTest, KeepsTheFirstLinesWhenGivenMore) {
  const Lines memory = {};
  HotLines::Builder builder;
  for (size_t line = 0; line < HotLines::kCount + 4; ++line) builder.Add(LineAt(memory, line));
  EXPECT_TRUE(builder.full());
  const HotLines lines = builder.Build();
  for (size_t i = 0; i < HotLines::kCount; ++i) EXPECT_EQ(lines.lines[i], LineAt(memory, i));
}

}  // namespace
}  // namespace policy_internal
}  // namespace interdict
