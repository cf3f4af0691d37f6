// Tests of the name maps' hash and equality functors.
#include "policy/internal/name_hash.h"

#include <cstdint>
#include <random>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "gtest/gtest.h"

namespace interdict {
namespace policy_internal {
namespace {

// Random strings of 0..40 bytes over letters of both cases, the bytes beside the
// capitals ('@' before 'A', '[' after 'Z'), their high-bit twins (0xC1 is 'A' | 0x80)
// and other non-ASCII bytes.
std::string RandomText(std::mt19937_64& random) {
  static constexpr char kAlphabet[] = "aAzZbY@[` {09\xC1\xDA\xE1\xFA\x80\xFF";
  std::string text;
  const size_t size = random() % 41;
  for (size_t i = 0; i < size; ++i) text.push_back(kAlphabet[random() % (sizeof(kAlphabet) - 1)]);
  return text;
}

std::string RandomCase(const std::string& text, std::mt19937_64& random) {
  std::string out = text;
  for (char& c : out) c = random() % 2 ? absl::ascii_toupper(c) : absl::ascii_tolower(c);
  return out;
}

TEST(NameHashTest, CaseFoldEqualityIsAsciiLowerCaseEquality) {
  std::mt19937_64 random(5);
  const AsciiCaseFoldEq eq;
  const AsciiCaseFoldHash hash;
  for (int i = 0; i < 200000; ++i) {
    const std::string a = RandomText(random);
    const std::string b = i % 2 ? RandomCase(a, random) : RandomText(random);
    const bool expected = absl::AsciiStrToLower(a) == absl::AsciiStrToLower(b);
    ASSERT_EQ(eq(a, b), expected) << a << " | " << b;
    if (expected) {
      ASSERT_EQ(hash(a), hash(b)) << a << " | " << b;
    }
  }
}

TEST(NameHashTest, LoadPartialReadsExactlyTheFirstNBytes) {
  const char bytes[] = "\x01\x82\x03\xf4\x05\x06\x07\x88\x09";
  for (size_t n = 0; n <= 8; ++n) {
    uint64_t expected = 0;
    for (size_t i = 0; i < n; ++i) expected |= static_cast<uint64_t>(static_cast<unsigned char>(bytes[i])) << (8 * i);
    EXPECT_EQ(LoadPartial(bytes, n), expected) << n;
  }
}

TEST(NameHashTest, NonAsciiBytesAreNotFolded) {
  const AsciiCaseFoldEq eq;
  EXPECT_FALSE(eq("\xC1", "\xE1"));  // 'A' | 0x80 and 'a' | 0x80 differ.
  EXPECT_FALSE(eq("@", "`"));
  EXPECT_FALSE(eq("[", "{"));
  EXPECT_TRUE(eq("KASPERSKY LAB, JSC", "kaspersky lab, jsc"));
}

TEST(NameHashTest, DistinctKeysRarelyShareAHash) {
  std::mt19937_64 random(7);
  absl::flat_hash_set<std::string> keys;
  absl::flat_hash_set<size_t> hashes;
  absl::flat_hash_set<size_t> low_bits;
  const NameHash hash;
  while (keys.size() < 100000) {
    const std::string key = absl::AsciiStrToLower(RandomText(random));
    if (!keys.insert(key).second) continue;
    hashes.insert(hash(key));
    low_bits.insert(hash(key) & 0xffff);
  }
  EXPECT_GE(hashes.size(), keys.size() - 1);  // 64-bit: collisions are ~never.
  EXPECT_GT(low_bits.size(), 50000u);         // The low bits spread too (65,536 values).
}

TEST(NameHashTest, MapsFindKeysThroughStringViews) {
  absl::flat_hash_map<std::string, int, AsciiCaseFoldHash, AsciiCaseFoldEq> spellings;
  spellings.emplace("ao kaspersky lab", 1);
  spellings.emplace("bytedance ltd.", 2);
  EXPECT_EQ(spellings.find(absl::string_view("AO Kaspersky Lab"))->second, 1);
  EXPECT_EQ(spellings.find(absl::string_view("BYTEDANCE LTD."))->second, 2);
  EXPECT_TRUE(spellings.find(absl::string_view("AO Kaspersky Lab ")) == spellings.end());
  absl::flat_hash_map<std::string, int, NameHash> exact;
  exact.emplace("kaspersky internet security", 3);
  EXPECT_EQ(exact.find(absl::string_view("kaspersky internet security"))->second, 3);
  EXPECT_TRUE(exact.find(absl::string_view("Kaspersky Internet Security")) == exact.end());
}

}  // namespace
}  // namespace policy_internal
}  // namespace interdict
