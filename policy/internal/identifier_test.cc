#include "policy/internal/identifier.h"

#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "re2/re2.h"

namespace interdict {
namespace policy_internal {
namespace {

// The normal form, or "!" and the problem.
std::string Normal(IdentifierKind kind, absl::string_view value) {
  char out[kMaxIdentifierBytes];
  size_t length = 0;
  const char* problem = NormalizeIdentifier(kind, value, out, &length);
  return problem != nullptr ? std::string("!") + problem : std::string(out, length);
}

TEST(IdentifierTest, HashesAreLowercaseHexOfTheirLength) {
  const std::string sha256(64, 'A');
  EXPECT_EQ(Normal(IdentifierKind::kSha256, sha256), std::string(64, 'a'));
  EXPECT_EQ(Normal(IdentifierKind::kSha256, sha256.substr(1)), "!expected 64 hex digits");
  EXPECT_EQ(Normal(IdentifierKind::kSha256, sha256 + "0"), "!expected 64 hex digits");
  EXPECT_EQ(Normal(IdentifierKind::kSha1, std::string(39, 'f') + "g"), "!expected 40 hex digits");
  EXPECT_EQ(Normal(IdentifierKind::kSha1, std::string(40, 'F')), std::string(40, 'f'));
}

TEST(IdentifierTest, ThumbprintsAcceptSha1OrSha256WithSeparators) {
  EXPECT_EQ(Normal(IdentifierKind::kCertificateThumbprint,
                   "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01"),
            "abcdef0123456789abcdef0123456789abcdef01");
  EXPECT_EQ(Normal(IdentifierKind::kCertificateThumbprint, std::string(64, '0')), std::string(64, '0'));
  EXPECT_EQ(Normal(IdentifierKind::kCertificateThumbprint, std::string(50, '0')),
            "!expected 40 (SHA-1) or 64 (SHA-256) hex digits");
}

TEST(IdentifierTest, AppleIdentifiers) {
  EXPECT_EQ(Normal(IdentifierKind::kTeamId, "2y8xe5cq94"), "2Y8XE5CQ94");
  EXPECT_EQ(Normal(IdentifierKind::kTeamId, "2Y8XE5CQ9"), "!expected an Apple Team ID of ten letters and digits");
  EXPECT_EQ(Normal(IdentifierKind::kSigningId, "2y8xe5cq94:com.kaspersky.kav"), "2Y8XE5CQ94:com.kaspersky.kav");
  EXPECT_EQ(Normal(IdentifierKind::kSigningId, "platform:com.apple.ls"), "platform:com.apple.ls");
  EXPECT_EQ(Normal(IdentifierKind::kSigningId, "com.kaspersky.kav"), "!expected TEAMID:bundle.id");
  EXPECT_EQ(Normal(IdentifierKind::kSigningId, "2Y8XE5CQ94:"),
            "!expected TEAMID:bundle.id with a bundle id after ':'");
  EXPECT_EQ(Normal(IdentifierKind::kBundleId, "com.Kaspersky.KAV"), "com.kaspersky.kav");
  EXPECT_EQ(Normal(IdentifierKind::kBundleId, "com kaspersky"),
            "!may hold only letters, digits, '.', '-' and '_'");
}

TEST(IdentifierTest, MsiCodesAreBracedUppercaseGuids) {
  EXPECT_EQ(Normal(IdentifierKind::kMsiProductCode, "2a2a0d8b-7c4e-4a1d-9f4a-0d1e2f3a4b5c"),
            "{2A2A0D8B-7C4E-4A1D-9F4A-0D1E2F3A4B5C}");
  EXPECT_EQ(Normal(IdentifierKind::kMsiUpgradeCode, "{2A2A0D8B-7C4E-4A1D-9F4A-0D1E2F3A4B5C}"),
            "{2A2A0D8B-7C4E-4A1D-9F4A-0D1E2F3A4B5C}");
  EXPECT_EQ(Normal(IdentifierKind::kMsiProductCode, "{2A2A0D8B7C4E-4A1D-9F4A-0D1E2F3A4B5C-}"),
            "!expected a GUID: hex digits grouped 8-4-4-4-12, braces optional");
}

TEST(IdentifierTest, PathsUseForwardSlashesAndFoldCase) {
  EXPECT_EQ(Normal(IdentifierKind::kInstallPath, "C:\\\\Program Files\\\\\\\\Kaspersky Lab\\\\"),
            "c:/program files/kaspersky lab/");
  EXPECT_EQ(Normal(IdentifierKind::kInstallPath, ""), "!is empty");
  EXPECT_EQ(Normal(IdentifierKind::kInstallPath, std::string(2000, 'a')), "!is longer than 1022 bytes");
}

TEST(IdentifierTest, GlobsBecomeAnchoredRegexesKeyedByTheirLongestLiteralSegment) {
  std::string regex;
  std::string key;
  uint64_t literal = 0;
  ASSERT_EQ(InstallPathGlobToRegex("c:/program files*/kaspersky lab/**", &regex, &key, &literal), nullptr);
  EXPECT_EQ(key, "kaspersky lab");
  EXPECT_EQ(literal, PathSegmentBits("c:/kaspersky lab"));
  const RE2 re(regex);
  EXPECT_TRUE(RE2::FullMatch("c:/program files (x86)/kaspersky lab/kes 12/avp.exe", re));
  EXPECT_FALSE(RE2::FullMatch("c:/program files/x/kaspersky lab/avp.exe", re));  // * stays in a segment
  ASSERT_EQ(InstallPathGlobToRegex("**/kav?.exe", &regex, &key, &literal), nullptr);
  EXPECT_EQ(key, "");
  EXPECT_EQ(literal, 0u);
  EXPECT_TRUE(RE2::FullMatch("/opt/kaspersky/kav1.exe", RE2(regex)));
  EXPECT_STREQ(InstallPathGlobToRegex("c:/program files/", &regex, &key, &literal),
               "has no wildcard: use install_path_prefix or an exact path");
}

TEST(IdentifierTest, PathSignaturesHoldABitPerSegment) {
  const uint64_t path = PathSegmentBits("c:/program files (x86)/kaspersky lab/kes 12/avp.exe");
  for (absl::string_view segment : {"c:", "program files (x86)", "kaspersky lab", "kes 12", "avp.exe"}) {
    const uint64_t bit = PathSegmentBits(segment);
    EXPECT_TRUE(bit != 0 && (bit & (bit - 1)) == 0) << segment;  // One bit.
    EXPECT_NE(path & bit, 0u) << segment;
  }
  // Empty segments add nothing; order does not matter.
  EXPECT_EQ(PathSegmentBits("//c://kaspersky lab/"), PathSegmentBits("kaspersky lab/c:"));
  EXPECT_EQ(PathSegmentBits(""), 0u);
}

TEST(IdentifierTest, EveryPathAGlobMatchesHasItsLiteralSegments) {
  // Random globs and paths over a few segments; whenever RE2 matches, the signature
  // test must let the glob run.
  const char* segments[] = {"c:", "program files", "program files (x86)", "kaspersky lab", "kes", "a", "*",
                            "**", "kes*", "?", "*lab", "k?s", "**x"};
  const char* path_segments[] = {"c:", "program files", "program files (x86)", "kaspersky lab", "kes",
                                 "a", "x", "kes 12", "lab", "kas"};
  std::mt19937 random(11);
  int matched = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string glob;
    std::string path;
    for (int n = 1 + static_cast<int>(random() % 4); n > 0; --n) {
      absl::StrAppend(&glob, glob.empty() ? "" : "/", segments[random() % (sizeof(segments) / sizeof(segments[0]))]);
    }
    for (int n = 1 + static_cast<int>(random() % 5); n > 0; --n) {
      absl::StrAppend(&path, path.empty() ? "" : "/",
                      path_segments[random() % (sizeof(path_segments) / sizeof(path_segments[0]))]);
    }
    std::string regex;
    std::string key;
    uint64_t literal = 0;
    if (InstallPathGlobToRegex(glob, &regex, &key, &literal) != nullptr) continue;
    if (!RE2::FullMatch(path, RE2(regex))) continue;
    ++matched;
    EXPECT_EQ(literal & ~PathSegmentBits(path), 0u) << glob << " on " << path;
  }
  EXPECT_GT(matched, 100);
}

std::vector<std::string> SignerNames(absl::string_view subject) {
  std::vector<std::string> names;
  ForEachSignerName(subject, [&](absl::string_view name) { names.emplace_back(name); });
  return names;
}

// macOS and osquery report the signing authority as Apple names its certificates:
// the organisation sits between the certificate kind and the Team ID.
TEST(IdentifierTest, AppleSigningNamesGiveTheirOrganisation) {
  EXPECT_EQ(SignerNames("Developer ID Application: AO Kaspersky Lab (2Y8XE5CQ94)"),
            std::vector<std::string>{"AO Kaspersky Lab"});
  EXPECT_EQ(SignerNames("CN=Developer ID Installer: ByteDance Ltd. (AB12CD34EF), OU=AB12CD34EF"),
            std::vector<std::string>{"ByteDance Ltd."});
  // Not that form: kept whole.
  for (const char* name : {"Software Signing", "Developer ID Application: Acme (short)",
                           "Acme (2Y8XE5CQ94)", "Developer ID Application: Acme (2y8xe5cq94)",
                           ": (2Y8XE5CQ94)"}) {
    EXPECT_EQ(SignerNames(name), std::vector<std::string>{name}) << name;
  }
}

TEST(IdentifierTest, SignerNamesAreTheCnAndOOfADistinguishedName) {
  EXPECT_EQ(SignerNames("CN=AO Kaspersky Lab, O=AO Kaspersky Lab, L=Moscow, C=RU"),
            (std::vector<std::string>{"AO Kaspersky Lab", "AO Kaspersky Lab"}));
  EXPECT_EQ(SignerNames("CN=Hangzhou DeepSeek Co., Ltd., O=Hangzhou DeepSeek Co., Ltd., C=CN"),
            (std::vector<std::string>{"Hangzhou DeepSeek Co., Ltd.", "Hangzhou DeepSeek Co., Ltd."}));
  EXPECT_EQ(SignerNames("CN=\"Example, Inc.\",O=Example\\, Inc.,C=US"),
            (std::vector<std::string>{"\"Example, Inc.\"", "Example\\, Inc."}));
  EXPECT_EQ(SignerNames("AO Kaspersky Lab"), (std::vector<std::string>{"AO Kaspersky Lab"}));
  EXPECT_EQ(SignerNames("L=Moscow, C=RU"), (std::vector<std::string>{}));
}

}  // namespace
}  // namespace policy_internal
}  // namespace interdict
