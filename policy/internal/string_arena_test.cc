#include "policy/internal/string_arena.h"

#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"

namespace interdict {
namespace policy_internal {
namespace {

TEST(StringArenaTest, StoredViewsOutliveTheirSourceAndCopyItsBytes) {
  StringArena arena;
  std::string source = "kaspersky lab";
  const absl::string_view stored = arena.Store(source);
  source.assign("overwritten!!");
  EXPECT_EQ(stored, "kaspersky lab");
  EXPECT_NE(stored.data(), source.data());
}

TEST(StringArenaTest, EmptyTextIsAnEmptyViewWithoutABlock) {
  StringArena arena;
  EXPECT_TRUE(arena.Store("").empty());
  EXPECT_EQ(arena.allocated_bytes(), 0u);
}

TEST(StringArenaTest, ViewsStayValidWhenBlocksAreAddedAndTheArenaIsMoved) {
  StringArena arena;
  std::vector<std::pair<std::string, absl::string_view>> stored;
  // Enough text to fill several blocks, with one string longer than any block.
  for (int i = 0; i < 20000; ++i) {
    std::string text = "entity name " + std::to_string(i);
    if (i == 7000) text.assign(size_t{9} << 20, 'x');
    stored.emplace_back(text, arena.Store(text));
  }
  EXPECT_GT(arena.allocated_bytes(), (size_t{9} << 20) + 64 * 1024u);
  StringArena moved = std::move(arena);
  for (const auto& [text, view] : stored) ASSERT_EQ(view, text);
}

TEST(StringArenaTest, SmallArenasStartWithASmallBlock) {
  StringArena arena;
  arena.Store("tiktok");
  EXPECT_EQ(arena.allocated_bytes(), 1024u);
}

}  // namespace
}  // namespace policy_internal
}  // namespace interdict
