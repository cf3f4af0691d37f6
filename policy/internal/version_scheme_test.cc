#include "policy/internal/version_scheme.h"

#include <fstream>
#include <functional>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "gtest/gtest.h"
#include "policy/internal/rpm_version.h"

namespace interdict {
namespace policy_internal {
namespace {

constexpr char kDir[] = "policy/internal/testdata/versions/";

int Sign(int c) { return c < 0 ? -1 : (c > 0 ? 1 : 0); }

// Runs every line of a vector file: "a <op> b" (order, checked both ways),
// "ok v" (valid) and "! v" (invalid). Returns the number of lines checked.
int CheckVectors(const std::string& file, v1::VersionScheme scheme,
                 const std::function<int(absl::string_view, absl::string_view)>& compare,
                 bool pairs_must_be_valid) {
  std::ifstream in(kDir + file);
  EXPECT_TRUE(in.good()) << file;
  std::string line;
  int checked = 0;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (absl::StartsWith(line, "#") || line.empty()) continue;
    const std::string where = absl::StrCat(file, ":", number, ": ", line);
    ++checked;
    if (line == "!" || absl::StartsWith(line, "! ")) {
      const absl::string_view version = line == "!" ? "" : absl::string_view(line).substr(2);
      EXPECT_NE(VersionProblem(scheme, version), nullptr) << where;
      continue;
    }
    if (absl::StartsWith(line, "ok ")) {
      const char* problem = VersionProblem(scheme, absl::string_view(line).substr(3));
      EXPECT_EQ(problem, nullptr) << where << ": " << problem;
      continue;
    }
    const std::vector<std::string> fields = absl::StrSplit(line, ' ');
    if (fields.size() != 3) {
      ADD_FAILURE() << where << ": expected \"a <op> b\"";
      continue;
    }
    const int expected = fields[1] == "<" ? -1 : (fields[1] == "=" ? 0 : 1);
    if (pairs_must_be_valid) {
      EXPECT_EQ(VersionProblem(scheme, fields[0]), nullptr) << where;
      EXPECT_EQ(VersionProblem(scheme, fields[2]), nullptr) << where;
    }
    EXPECT_EQ(Sign(compare(fields[0], fields[2])), expected) << where;
    EXPECT_EQ(Sign(compare(fields[2], fields[0])), -expected) << where << " (reversed)";
  }
  return checked;
}

std::function<int(absl::string_view, absl::string_view)> ComparerFor(v1::VersionScheme scheme) {
  return [scheme](absl::string_view a, absl::string_view b) { return CompareVersions(scheme, a, b); };
}

TEST(VersionVectors, DebianOrdersAndRejectsAsDpkgDoes) {
  EXPECT_EQ(CheckVectors("dpkg.txt", v1::DEBIAN, ComparerFor(v1::DEBIAN), true), 53);
}

TEST(VersionVectors, RpmSegmentsOrderAsRpmvercmpTestsSay) {
  // Segment vectors include separators-only versions ("+", "_"), so validity is not asked.
  EXPECT_EQ(CheckVectors("rpmvercmp.txt", v1::RPM, RpmVerCmp, false), 91);
}

TEST(VersionVectors, SemverFollowsTheSpecificationExamples) {
  EXPECT_EQ(CheckVectors("semver.txt", v1::SEMVER, ComparerFor(v1::SEMVER), true), 78);
}

TEST(VersionVectors, WindowsVersionsOrderByFourNumbers) {
  EXPECT_EQ(CheckVectors("windows.txt", v1::WINDOWS, ComparerFor(v1::WINDOWS), true), 20);
}

TEST(DebianVersion, NamesTheFirstProblem) {
  EXPECT_STREQ(VersionProblem(v1::DEBIAN, ""), "is empty");
  EXPECT_STREQ(VersionProblem(v1::DEBIAN, "a:1.0"), "epoch is not a number");
  EXPECT_STREQ(VersionProblem(v1::DEBIAN, ":1.0"), "epoch is empty");
  EXPECT_STREQ(VersionProblem(v1::DEBIAN, "2147483648:1.0"), "epoch is above 2147483647");
  EXPECT_EQ(VersionProblem(v1::DEBIAN, "2147483647:1.0"), nullptr);
  EXPECT_STREQ(VersionProblem(v1::DEBIAN, "1:"), "nothing after the epoch's colon");
  EXPECT_STREQ(VersionProblem(v1::DEBIAN, "1.0-"), "revision is empty");
  EXPECT_STREQ(VersionProblem(v1::DEBIAN, "-1"), "upstream version is empty");
  EXPECT_STREQ(VersionProblem(v1::DEBIAN, "v1.0"), "upstream version does not start with a digit");
  EXPECT_STREQ(VersionProblem(v1::DEBIAN, "1.0 beta"),
               "upstream version has a character other than letters, digits and .+~-:");
  EXPECT_STREQ(VersionProblem(v1::DEBIAN, "1.0-1_2"),
               "revision has a character other than letters, digits and .+~");
}

TEST(DebianVersion, HugeNumbersCompareWithoutOverflow) {
  EXPECT_LT(CompareVersions(v1::DEBIAN, "1.99999999999999999999", "1.100000000000000000000"), 0);
}

TEST(RpmVersion, ComparesEpochThenVersionThenRelease) {
  EXPECT_GT(CompareVersions(v1::RPM, "1:1.0-1", "2.0-1"), 0);
  EXPECT_EQ(CompareVersions(v1::RPM, "0:2.0-1", "2.0-1"), 0);
  EXPECT_LT(CompareVersions(v1::RPM, "2.0-1.el9", "2.0-2.el9"), 0);
  EXPECT_LT(CompareVersions(v1::RPM, "2.0~rc1-5", "2.0-1"), 0);
}

TEST(RpmVersion, ReleaseIsComparedOnlyWhenBothHaveOne) {
  EXPECT_EQ(CompareVersions(v1::RPM, "2.0-7", "2.0"), 0);
  EXPECT_EQ(CompareVersions(v1::RPM, "2.0", "2.0-1"), 0);
  EXPECT_GT(CompareVersions(v1::RPM, "2.0.1", "2.0-1"), 0);
}

TEST(RpmVersion, NamesTheFirstProblem) {
  EXPECT_STREQ(VersionProblem(v1::RPM, ""), "is empty");
  EXPECT_STREQ(VersionProblem(v1::RPM, "x:1.0"), "epoch is not a number");
  EXPECT_STREQ(VersionProblem(v1::RPM, ":1.0"), "epoch is empty");
  EXPECT_STREQ(VersionProblem(v1::RPM, "1:-1"), "version is empty");
  EXPECT_STREQ(VersionProblem(v1::RPM, "1.0-"), "release is empty");
  EXPECT_STREQ(VersionProblem(v1::RPM, "1.0 beta"),
               "version has a character other than letters, digits and ._+~^");
  EXPECT_STREQ(VersionProblem(v1::RPM, "1.0-1/2"),
               "release has a character other than letters, digits and ._+~^");
  EXPECT_EQ(VersionProblem(v1::RPM, "1:2.4.6^git1~pre-3.el9_2"), nullptr);
}

TEST(SemanticVersion, NamesTheFirstProblem) {
  EXPECT_STREQ(VersionProblem(v1::SEMVER, ""), "is empty");
  EXPECT_STREQ(VersionProblem(v1::SEMVER, "1.2"), "needs MAJOR.MINOR.PATCH");
  EXPECT_STREQ(VersionProblem(v1::SEMVER, "1.2.3.4"), "has more than MAJOR.MINOR.PATCH");
  EXPECT_STREQ(VersionProblem(v1::SEMVER, "v1.2.3"), "major is not a number");
  EXPECT_STREQ(VersionProblem(v1::SEMVER, "1.02.3"), "minor has a leading zero");
  EXPECT_STREQ(VersionProblem(v1::SEMVER, "1.2.3-alpha..1"), "pre-release has an empty identifier");
  EXPECT_STREQ(VersionProblem(v1::SEMVER, "1.2.3-alpha_1"),
               "pre-release has a character other than [0-9A-Za-z-]");
  EXPECT_STREQ(VersionProblem(v1::SEMVER, "1.2.3-01"),
               "pre-release has a numeric identifier with a leading zero");
  EXPECT_STREQ(VersionProblem(v1::SEMVER, "1.2.3+"), "build metadata has an empty identifier");
  EXPECT_EQ(VersionProblem(v1::SEMVER, "1.2.3+001"), nullptr);  // Leading zeros allowed in build.
}

TEST(WindowsVersion, NamesTheFirstProblem) {
  EXPECT_STREQ(VersionProblem(v1::WINDOWS, ""), "is empty");
  EXPECT_STREQ(VersionProblem(v1::WINDOWS, "1.2.3.4.5"), "has more than four parts");
  EXPECT_STREQ(VersionProblem(v1::WINDOWS, "1..2"), "has an empty part");
  EXPECT_STREQ(VersionProblem(v1::WINDOWS, "1.2a"), "has a part that is not a decimal number");
  EXPECT_STREQ(VersionProblem(v1::WINDOWS, "70000.1"), "has a part above 65535");
}

TEST(GenericVersion, AcceptsAnyTextWithADigitOrLetter) {
  EXPECT_EQ(VersionProblem(v1::GENERIC, "2.5 (build 123)"), nullptr);
  EXPECT_STREQ(VersionProblem(v1::GENERIC, "--"), "has no digits or letters");
  EXPECT_LT(CompareVersions(v1::GENERIC, "1.0rc1", "1.0"), 0);
}

TEST(VersionSchemeName, UsesVersShortNames) {
  EXPECT_EQ(VersionSchemeName(v1::DEBIAN), "deb");
  EXPECT_EQ(VersionSchemeName(v1::RPM), "rpm");
  EXPECT_EQ(VersionSchemeName(v1::SEMVER), "semver");
  EXPECT_EQ(VersionSchemeName(v1::WINDOWS), "windows");
  EXPECT_EQ(VersionSchemeName(v1::GENERIC), "generic");
}

}  // namespace
}  // namespace policy_internal
}  // namespace interdict
