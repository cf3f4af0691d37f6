#include "policy/internal/folded_name_table.h"

#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "policy/internal/name_hash.h"

namespace interdict {
namespace policy_internal {
namespace {

uint32_t Find(const FoldedNameTable& table, absl::string_view name) {
  return table.Find(name, AsciiCaseFoldHash()(name), [](uint32_t) {});
}

FoldedNameTable TableOf(const std::vector<std::pair<std::string, uint32_t>>& entries) {
  FoldedNameTable::Builder builder;
  for (const auto& [key, value] : entries) {
    bool inserted = false;
    builder.FindOrInsert(key, value, &inserted);
    EXPECT_TRUE(inserted) << key;
  }
  return std::move(builder).Build();
}

TEST(FoldedNameTableTest, AnEmptyTableFindsNothing) {
  const FoldedNameTable table = FoldedNameTable::Builder().Build();
  EXPECT_TRUE(table.empty());
  EXPECT_EQ(Find(table, ""), FoldedNameTable::kAbsent);
  EXPECT_EQ(Find(table, "kaspersky"), FoldedNameTable::kAbsent);
}

TEST(FoldedNameTableTest, FindsEveryKeyInAnyAsciiCase) {
  const FoldedNameTable table = TableOf(
      {{"kaspersky", 0}, {"AO Kaspersky Lab", 1}, {"bytedance ltd.", 2}, {"x", 3}, {"", 4}});
  EXPECT_EQ(table.size(), 5u);
  EXPECT_EQ(Find(table, "kaspersky"), 0u);
  EXPECT_EQ(Find(table, "KASPERSKY"), 0u);
  EXPECT_EQ(Find(table, "ao kaspersky lab"), 1u);
  EXPECT_EQ(Find(table, "AO KASPERSKY LAB"), 1u);
  EXPECT_EQ(Find(table, "ByteDance Ltd."), 2u);
  EXPECT_EQ(Find(table, "X"), 3u);
  EXPECT_EQ(Find(table, ""), 4u);
}

TEST(FoldedNameTableTest, NamesThatDifferByMoreThanAsciiCaseAreAbsent) {
  const FoldedNameTable table = TableOf({{"kaspersky lab", 7}, {"caf\xc3\xa9", 8}});  // "café"
  EXPECT_EQ(Find(table, "kaspersky"), FoldedNameTable::kAbsent);       // a prefix
  EXPECT_EQ(Find(table, "kaspersky labs"), FoldedNameTable::kAbsent);  // longer
  EXPECT_EQ(Find(table, "kaspersky-lab"), FoldedNameTable::kAbsent);   // one byte
  EXPECT_EQ(Find(table, "kaspersky lab "), FoldedNameTable::kAbsent);
  // Only ASCII letters fold: "É" is not "é".
  EXPECT_EQ(Find(table, "CAF\xc3\xa9"), 8u);
  EXPECT_EQ(Find(table, "CAF\xc3\x89"), FoldedNameTable::kAbsent);
}

TEST(FoldedNameTableTest, AnInsertedNameIsFoundInAnyCaseAndKeepsItsValue) {
  FoldedNameTable::Builder builder;
  bool inserted = false;
  EXPECT_EQ(builder.FindOrInsert("tiktok pte. ltd.", 3, &inserted), 3u);
  EXPECT_TRUE(inserted);
  EXPECT_EQ(builder.FindOrInsert("TikTok Pte. Ltd.", 5, &inserted), 3u);
  EXPECT_FALSE(inserted);
  EXPECT_EQ(builder.Find("deepseek"), nullptr);
  ASSERT_NE(builder.Find("TIKTOK PTE. LTD."), nullptr);
  *builder.Find("TIKTOK PTE. LTD.") = 11;  // as a group takes over a key
  builder.FindOrInsert("tiktok pte. ltd.", 5, &inserted) = 12;
  EXPECT_FALSE(inserted);
  std::vector<std::pair<std::string, uint32_t>> entries;
  builder.ForEach([&entries](absl::string_view key, uint32_t value) { entries.emplace_back(key, value); });
  // The key as first written, with the value last set.
  EXPECT_EQ(entries, (std::vector<std::pair<std::string, uint32_t>>{{"tiktok pte. ltd.", 12}}));
  const FoldedNameTable table = std::move(builder).Build();
  EXPECT_EQ(table.size(), 1u);
  EXPECT_EQ(Find(table, "tiktok pte. ltd."), 12u);
}

TEST(FoldedNameTableTest, GrowsAndFindsEveryKeyOfALargeTableAndNoOtherName) {
  // Enough keys that the table grows several times, with and without a reservation,
  // and probes collide and wrap around the end of the slots.
  std::vector<std::string> keys;
  for (uint32_t i = 0; i < 20000; ++i) keys.push_back(absl::StrCat("vendor ", i, " holding"));
  for (const bool reserve : {false, true}) {
    FoldedNameTable::Builder builder;
    if (reserve) builder.Reserve(keys.size(), 20 * keys.size());
    for (uint32_t i = 0; i < keys.size(); ++i) {
      bool inserted = false;
      builder.FindOrInsert(keys[i], i, &inserted);
      ASSERT_TRUE(inserted);
    }
    std::set<std::string> listed;
    builder.ForEach([&listed](absl::string_view key, uint32_t) { listed.emplace(key); });
    EXPECT_EQ(listed, std::set<std::string>(keys.begin(), keys.end()));
    const FoldedNameTable table = std::move(builder).Build();
    ASSERT_EQ(table.size(), keys.size());
    for (uint32_t i = 0; i < keys.size(); ++i) {
      ASSERT_EQ(Find(table, keys[i]), i) << keys[i];
      ASSERT_EQ(Find(table, absl::AsciiStrToUpper(keys[i])), i) << keys[i];
      ASSERT_EQ(Find(table, absl::StrCat("vendor ", i + 20000, " holding")), FoldedNameTable::kAbsent);
    }
  }
}

TEST(FoldedNameTableTest, FindsKeysOfEveryLengthAfterTheBuildLaysThemOutAgain) {
  // Build places each key that fits in a cache line so that it does not cross one,
  // padding between keys; keys longer than a line are placed back to back. Every
  // length around those bounds, many keys of each so that all offsets in a line occur.
  std::vector<std::string> keys;
  for (size_t length = 1; length <= 140; ++length) {
    for (uint32_t copy = 0; copy < 8; ++copy) {
      std::string key = absl::StrCat(copy, "-", length, "-");
      key.resize(length > key.size() ? length : key.size(), 'x');
      keys.push_back(key);
    }
  }
  FoldedNameTable::Builder builder;
  for (uint32_t i = 0; i < keys.size(); ++i) {
    bool inserted = false;
    builder.FindOrInsert(keys[i], i, &inserted);
    ASSERT_TRUE(inserted) << keys[i];
  }
  const FoldedNameTable table = std::move(builder).Build();
  ASSERT_EQ(table.size(), keys.size());
  for (uint32_t i = 0; i < keys.size(); ++i) {
    ASSERT_EQ(Find(table, absl::AsciiStrToUpper(keys[i])), i) << keys[i];
    ASSERT_EQ(Find(table, keys[i] + "x"), FoldedNameTable::kAbsent) << keys[i];
    ASSERT_EQ(Find(table, keys[i].substr(0, keys[i].size() - 1)), FoldedNameTable::kAbsent) << keys[i];
  }
}

TEST(FoldedNameTableTest, NamesTheCandidateBeforeReturningIt) {
  const FoldedNameTable table = TableOf({{"tiktok pte. ltd.", 3}, {"deepseek", 9}});
  std::vector<uint32_t> candidates;
  const absl::string_view name = "DeepSeek";
  EXPECT_EQ(table.Find(name, AsciiCaseFoldHash()(name),
                       [&](uint32_t candidate) { candidates.push_back(candidate); }),
            9u);
  EXPECT_EQ(candidates, std::vector<uint32_t>{9});
  candidates.clear();
  const absl::string_view absent = "Kaspersky";
  EXPECT_EQ(table.Find(absent, AsciiCaseFoldHash()(absent),
                       [&](uint32_t candidate) { candidates.push_back(candidate); }),
            FoldedNameTable::kAbsent);
  EXPECT_TRUE(candidates.empty());
}

}  // namespace
}  // namespace policy_internal
}  // namespace interdict
