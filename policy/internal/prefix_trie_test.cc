// Tests of the byte trie used for product prefixes.
#include "policy/internal/prefix_trie.h"

#include <algorithm>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace interdict {
namespace policy_internal {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<uint32_t> Visit(const PrefixTrie& trie, absl::string_view name) {
  std::vector<uint32_t> out;
  trie.ForEachPrefixOf(name, [&](uint32_t v) { out.push_back(v); });
  return out;
}

TEST(PrefixTrieTest, VisitsEveryStoredPrefixShortestFirst) {
  PrefixTrie::Builder builder;
  builder.Add("kaspersky endpoint", 9);
  builder.Add("kaspersky", 7);
  builder.Add("kaspersky", 8);
  builder.Add("kasperski", 1);
  PrefixTrie trie = std::move(builder).Build();
  EXPECT_THAT(Visit(trie, "kaspersky endpoint security 11"), ElementsAre(7, 8, 9));
  EXPECT_THAT(Visit(trie, "kaspersky"), ElementsAre(7, 8));
  EXPECT_THAT(Visit(trie, "kaspersk"), IsEmpty());
  EXPECT_THAT(Visit(trie, "google chrome"), IsEmpty());
  EXPECT_THAT(Visit(trie, ""), IsEmpty());
}

TEST(PrefixTrieTest, NamesThatLeaveAnEdgeLabelMidwayMatchOnlyShorterPrefixes) {
  PrefixTrie::Builder builder;
  builder.Add("kaspersky anti virus", 1);
  builder.Add("kaspersky endpoint", 2);
  builder.Add("kaspersky endpoint security", 3);
  builder.Add("kaspersky anti virus", 4);  // Same prefix again: both values, in order.
  builder.Add("k", 5);
  PrefixTrie trie = std::move(builder).Build();
  EXPECT_THAT(Visit(trie, "kaspersky anti virus 2024"), ElementsAre(5, 1, 4));
  EXPECT_THAT(Visit(trie, "kaspersky anti spam"), ElementsAre(5));
  EXPECT_THAT(Visit(trie, "kaspersky endpoint securit"), ElementsAre(5, 2));
  EXPECT_THAT(Visit(trie, "kaspersky endpoint security"), ElementsAre(5, 2, 3));
  EXPECT_THAT(Visit(trie, "kasper"), ElementsAre(5));
  EXPECT_THAT(Visit(trie, "x"), IsEmpty());
}

TEST(PrefixTrieTest, OneLongPrefixIsOneEdge) {
  PrefixTrie::Builder builder;
  const std::string prefix(200, 'a');
  builder.Add(prefix, 1);
  PrefixTrie trie = std::move(builder).Build();
  EXPECT_THAT(Visit(trie, prefix + "b"), ElementsAre(1));
  EXPECT_THAT(Visit(trie, prefix.substr(1)), IsEmpty());
  // Two nodes, one edge, the label and the value: far below a node per byte.
  EXPECT_LT(trie.MemoryBytes(), 2 * prefix.size());
}

TEST(PrefixTrieTest, EmptyTrieMatchesNothing) {
  PrefixTrie trie = PrefixTrie::Builder().Build();
  EXPECT_TRUE(trie.empty());
  EXPECT_THAT(Visit(trie, "anything"), IsEmpty());
  EXPECT_THAT(Visit(PrefixTrie(), "anything"), IsEmpty());
}

// What a lookup may read from first_line(), which a hit prefetches: a list with its
// labels (the compares read them), the tables' header, nothing for an empty trie.
TEST(PrefixTrieTest, FirstBytesCoverAWholeListAndItsLabels) {
  PrefixTrie::Builder list_builder;
  for (uint32_t i = 0; i < 3; ++i) list_builder.Add(std::string(70, static_cast<char>('a' + i)), i);
  const PrefixTrie list = std::move(list_builder).Build();
  EXPECT_EQ(list.first_bytes(), list.MemoryBytes());
  EXPECT_GT(list.first_bytes(), 3 * 70u);

  PrefixTrie::Builder tables_builder;
  for (uint32_t i = 0; i <= PrefixTrie::kListLimit; ++i) {
    tables_builder.Add(std::string(70, static_cast<char>('a' + i)), i);
  }
  const PrefixTrie tables = std::move(tables_builder).Build();
  EXPECT_GT(tables.first_bytes(), 0u);
  EXPECT_LT(tables.first_bytes(), tables.MemoryBytes());

  const PrefixTrie empty = PrefixTrie::Builder().Build();
  EXPECT_EQ(empty.first_line(), nullptr);
  EXPECT_EQ(empty.first_bytes(), 0u);
}

TEST(PrefixTrieTest, WideNodesAndHighBytesAreFound) {
  PrefixTrie::Builder builder;
  const std::string letters = "abcdefghijklmnopqrstuvwxyz";
  for (uint32_t i = 0; i < letters.size(); ++i) builder.Add(std::string("x") + letters[i], i);
  builder.Add("\xd0\x9a\xd0\xb0", 100);  // "Ка"
  PrefixTrie trie = std::move(builder).Build();
  for (uint32_t i = 0; i < letters.size(); ++i) {
    EXPECT_THAT(Visit(trie, std::string("x") + letters[i] + "yz"), ElementsAre(i)) << letters[i];
  }
  EXPECT_THAT(Visit(trie, "\xd0\x9a\xd0\xb0\xd1\x81"), ElementsAre(100));
  EXPECT_THAT(Visit(trie, "x0"), IsEmpty());
  EXPECT_GT(trie.MemoryBytes(), 0u);
}

// Both forms, list (kListLimit entries or fewer) and trie (more), against a brute-force
// scan: every stored prefix of the name, shortest first, values of one prefix (or of
// prefixes of one length) in the order added. Prefixes and names over a three-letter
// alphabet share long heads, so that names leave edges midway and lists hold
// prefixes of each other.
TEST(PrefixTrieTest, ListsAndTriesAgreeWithAScanOfEveryPrefix) {
  std::mt19937 random(7);
  const auto word = [&random](size_t max_length) {
    std::string out(1 + random() % max_length, 'a');
    for (char& c : out) c = static_cast<char>('a' + random() % 3);
    return out;
  };
  for (size_t count = 1; count <= 3 * PrefixTrie::kListLimit; ++count) {
    for (int round = 0; round < 20; ++round) {
      std::vector<std::pair<std::string, uint32_t>> entries;
      PrefixTrie::Builder builder;
      for (uint32_t value = 0; value < count; ++value) {
        entries.emplace_back(word(5), value);
        builder.Add(entries.back().first, value);
      }
      std::stable_sort(entries.begin(), entries.end(),
                       [](const auto& a, const auto& b) { return a.first.size() < b.first.size(); });
      const PrefixTrie trie = std::move(builder).Build();
      for (int probe = 0; probe < 20; ++probe) {
        const std::string name = probe == 0 ? "" : word(7);
        std::vector<uint32_t> expected;
        for (const auto& [prefix, value] : entries) {
          if (name.compare(0, prefix.size(), prefix) == 0) expected.push_back(value);
        }
        EXPECT_EQ(Visit(trie, name), expected) << count << " entries, name \"" << name << "\"";
      }
      std::vector<uint32_t> values = {static_cast<uint32_t>(count)};
      trie.AppendValues(&values);
      ASSERT_EQ(values.front(), count) << "appends, keeping what was there";
      values.erase(values.begin());
      std::sort(values.begin(), values.end());
      ASSERT_EQ(values.size(), count);
      for (uint32_t value = 0; value < count; ++value) EXPECT_EQ(values[value], value);
    }
  }
}

}  // namespace
}  // namespace policy_internal
}  // namespace interdict
