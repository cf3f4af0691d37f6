// Tests of the leading-bytes gate: never a false "no", and "no" for most other names.
#include "policy/internal/name_gate.h"

#include <string>

#include "gtest/gtest.h"

namespace interdict {
namespace policy_internal {
namespace {

NameGate Make(std::initializer_list<absl::string_view> keys) {
  NameGate::Builder builder;
  for (absl::string_view key : keys) builder.Add(key);
  return std::move(builder).Build();
}

TEST(NameGateTest, LetsThroughNamesThatMayEqualOrBeginWithAKey) {
  NameGate gate = Make({"kaspersky lab", "tiktok", "360"});
  EXPECT_TRUE(gate.MayMatch("KASPERSKY LAB, JSC"));
  EXPECT_TRUE(gate.MayMatch("Kasp"));  // Same leading bytes: the exact lookup decides.
  EXPECT_TRUE(gate.MayMatch("  TikTok Lite"));
  EXPECT_TRUE(gate.MayMatch("360 Total Security"));
  EXPECT_TRUE(gate.MayMatch("360"));
}

TEST(NameGateTest, TurnsAwayNamesThatCannotMatch) {
  NameGate gate = Make({"kaspersky lab", "tiktok", "360"});
  EXPECT_FALSE(gate.MayMatch("Microsoft Corporation"));
  EXPECT_FALSE(gate.MayMatch("36"));   // Shorter than the short key.
  EXPECT_FALSE(gate.MayMatch("Kas"));  // Shorter than every key beginning with "kas".
  EXPECT_FALSE(gate.MayMatch(""));
}

TEST(NameGateTest, ManyKeysNeverGiveAFalseNoAndTurnMostOtherNamesAway) {
  NameGate::Builder builder;
  for (int i = 0; i < 5000; ++i) builder.Add("v" + std::to_string(i) + " vendor");
  NameGate gate = std::move(builder).Build();
  int turned_away = 0;
  for (int i = 0; i < 5000; ++i) {
    EXPECT_TRUE(gate.MayMatch("V" + std::to_string(i) + " Vendor, Inc."));
    turned_away += gate.MayMatch("w" + std::to_string(i)) ? 0 : 1;
  }
  EXPECT_GT(turned_away, 4800);  // Two of ~16 bits per key: ~1.5% let through.
}

TEST(NameGateTest, AThreeByteKeyLetsThroughWhateverFollowsIt) {
  NameGate gate = Make({"zte", "kaspersky"});
  EXPECT_TRUE(gate.MayMatch("ZTE"));
  EXPECT_TRUE(gate.MayMatch("ZTE Corporation"));
  EXPECT_TRUE(gate.MayMatch("ztex"));  // Same three bytes: the exact lookup decides.
  EXPECT_FALSE(gate.MayMatch("ZT"));
  // Every byte after the key, whatever it normalises to (a separator, a letter, a
  // digit, the start of a non-ASCII character).
  for (int byte = 1; byte < 256; ++byte) {
    const std::string name = std::string("Zte") + static_cast<char>(byte) + "\xC3\xA9x";
    EXPECT_TRUE(gate.MayMatch(name)) << "byte " << byte;
  }
}

TEST(NameGateTest, EmptyKeyOpensAndNoKeysClose) {
  EXPECT_TRUE(Make({"tiktok", ""}).MayMatch("anything"));
  EXPECT_TRUE(NameGate().MayMatch("anything"));  // Default: open.
  NameGate closed = Make({});
  EXPECT_FALSE(closed.MayMatch(""));
  EXPECT_FALSE(closed.MayMatch("anything"));
}

}  // namespace
}  // namespace policy_internal
}  // namespace interdict
