#include "policy/internal/version_scheme.h"

#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
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
// "ok v" (valid), "warn v" (valid, as a tool accepts it with a warning) and "! v"
// (invalid). Returns the number of lines checked.
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
    if (absl::StartsWith(line, "ok ") || absl::StartsWith(line, "warn ")) {
      const absl::string_view version = absl::string_view(line).substr(line.find(' ') + 1);
      const char* problem = VersionProblem(scheme, version);
      EXPECT_EQ(problem, nullptr) << where << ": " << problem;
      EXPECT_EQ(VersionWarning(scheme, version) != nullptr, absl::StartsWith(line, "warn ")) << where;
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

TEST(VersionVectors, DebianOrdersAcceptsAndRejectsAsDpkgDoes) {
  EXPECT_EQ(CheckVectors("dpkg.txt", v1::DEBIAN, ComparerFor(v1::DEBIAN), true), 87);
}

TEST(VersionVectors, RpmSegmentsOrderAsRpmvercmpTestsSay) {
  // Segment vectors include separators-only versions ("+", "_"), so validity is not asked.
  EXPECT_EQ(CheckVectors("rpmvercmp.txt", v1::RPM, RpmVerCmp, false), 91);
}

VersionComparator ComparatorOf(absl::string_view rpm_operator) {
  if (rpm_operator == "=") return VersionComparator::kEqual;
  if (rpm_operator == "<>") return VersionComparator::kNotEqual;
  if (rpm_operator == "<") return VersionComparator::kLess;
  if (rpm_operator == "<=") return VersionComparator::kLessOrEqual;
  if (rpm_operator == ">") return VersionComparator::kGreater;
  return VersionComparator::kGreaterOrEqual;
}

RpmSense SenseOf(absl::string_view rpm_operator) {
  RpmSense sense = 0;
  if (absl::StrContains(rpm_operator, "<")) sense |= kRpmSenseLess;
  if (absl::StrContains(rpm_operator, ">")) sense |= kRpmSenseGreater;
  if (absl::StrContains(rpm_operator, "=")) sense |= kRpmSenseEqual;
  return sense;
}

// Every "<op> <EVR> <op> <EVR> <match>" row of rpmdepmatch.txt: RpmRangesOverlap answers
// as rpmdsCompare does, and so does SatisfiesBound for a version ("= EVR") and a bound.
TEST(VersionVectors, RpmRangesMatchAsRpmdepmatchTestsSay) {
  std::ifstream in(absl::StrCat(kDir, "rpmdepmatch.txt"));
  ASSERT_TRUE(in.good());
  std::string line;
  int rows = 0;
  while (std::getline(in, line)) {
    if (absl::StartsWith(line, "#") || line.empty()) continue;
    const std::vector<std::string> f = absl::StrSplit(line, ' ');
    ASSERT_EQ(f.size(), 5u) << line;
    ++rows;
    const bool match = f[4] == "1";
    EXPECT_EQ(RpmRangesOverlap(f[1], SenseOf(f[0]), f[3], SenseOf(f[2])), match) << line;
    EXPECT_EQ(RpmRangesOverlap(f[3], SenseOf(f[2]), f[1], SenseOf(f[0])), match) << line << " (reversed)";
    if (f[0] == "=") {
      EXPECT_EQ(SatisfiesBound(v1::RPM, f[1], ComparatorOf(f[2]), f[3]), match) << line;
    }
  }
  EXPECT_EQ(rows, 162);
}

TEST(VersionVectors, SemverFollowsTheSpecificationExamples) {
  EXPECT_EQ(CheckVectors("semver.txt", v1::SEMVER, ComparerFor(v1::SEMVER), true), 78);
}

TEST(VersionVectors, WindowsVersionsOrderByFourNumbers) {
  EXPECT_EQ(CheckVectors("windows.txt", v1::WINDOWS, ComparerFor(v1::WINDOWS), true), 20);
}

// dpkg's errors (lib/dpkg/parsehelp.c parseversion), in Interdict's words.
TEST(DebianVersion, NamesTheFirstProblemDpkgRejects) {
  EXPECT_STREQ(VersionProblem(v1::DEBIAN, ""), "is empty");
  EXPECT_STREQ(VersionProblem(v1::DEBIAN, " \t "), "is empty");
  EXPECT_STREQ(VersionProblem(v1::DEBIAN, "1.0 beta"), "has an embedded space or tab");
  EXPECT_STREQ(VersionProblem(v1::DEBIAN, std::string("1.0\0a", 5)), "has a NUL byte");
  EXPECT_STREQ(VersionProblem(v1::DEBIAN, "a:1.0"), "epoch is not a number");
  EXPECT_STREQ(VersionProblem(v1::DEBIAN, "1.0:1-1"), "epoch is not a number");
  EXPECT_STREQ(VersionProblem(v1::DEBIAN, ":1.0"), "epoch is empty");
  EXPECT_STREQ(VersionProblem(v1::DEBIAN, "-1:1.0"), "epoch is negative");
  EXPECT_STREQ(VersionProblem(v1::DEBIAN, "2147483648:1.0"), "epoch is above 2147483647");
  EXPECT_EQ(VersionProblem(v1::DEBIAN, "2147483647:1.0"), nullptr);
  EXPECT_STREQ(VersionProblem(v1::DEBIAN, "1:"), "nothing after the epoch's colon");
  EXPECT_STREQ(VersionProblem(v1::DEBIAN, "1.0-"), "revision is empty");
  EXPECT_STREQ(VersionProblem(v1::DEBIAN, "-1"), "upstream version is empty");
}

// dpkg's warnings (parseversion's dpkg_put_warn), in dpkg's words; such versions are
// valid and ordered.
TEST(DebianVersion, GivesTheWarningDpkgGives) {
  EXPECT_STREQ(VersionWarning(v1::DEBIAN, "a1.0"), "version number does not start with digit");
  EXPECT_STREQ(VersionWarning(v1::DEBIAN, "1:~1"), "version number does not start with digit");
  EXPECT_STREQ(VersionWarning(v1::DEBIAN, "1.0_1"), "invalid character in version number");
  EXPECT_STREQ(VersionWarning(v1::DEBIAN, "1.0\xc3\xa9-1"), "invalid character in version number");
  EXPECT_STREQ(VersionWarning(v1::DEBIAN, "1.0-1_2"), "invalid character in revision number");
  EXPECT_STREQ(VersionWarning(v1::DEBIAN, "1:1.0-1:2"), "invalid character in revision number");
  EXPECT_EQ(VersionWarning(v1::DEBIAN, "1:2.30-1ubuntu1"), nullptr);
  EXPECT_EQ(VersionWarning(v1::DEBIAN, "a:1.0"), nullptr);  // Invalid: an error, not a warning.
  EXPECT_EQ(VersionWarning(v1::RPM, "a1.0"), nullptr);      // Only dpkg warns.
}

struct DpkgOrderRow {
  absl::string_view a;
  int order;  // -1, 0 or 1: dpkg's answer for a against b.
  absl::string_view b;
};

// Versions the vector file cannot hold (blanks, control and non-ASCII bytes), with the
// order `dpkg --compare-versions` gives on this machine (dpkg 1.21.22, amd64); every
// one of them is accepted by `dpkg --validate-version`, some with a warning.
constexpr DpkgOrderRow kDpkgBytesRows[] = {
    {" 1.0", 0, "1.0"},         // Blanks around the version are trimmed...
    {"1.0\t", 0, "1.0"},
    {"\n1:1.0", 0, "1:1.0"},    // ...and strtol skips whitespace before the epoch.
    {"1.0\n", 1, "1.0"},        // A control byte is a non-letter: after the end...
    {"1.0\n", -1, "1.0+"},      // ...and, by its code, before '+'.
    {"1.0\x01", 1, "1.0"},
    {"1.0\x7f", 1, "1.0+"},
    {"1.0\x80", 1, "1.0z"},     // Bytes 0x80-0xff: after the letters...
    {"1.0\x80", -1, "1.0+"},    // ...before ASCII punctuation (dpkg adds 256 to a signed char)...
    {"1.0\xff", -1, "1.0+"},
    {"1.0\x80", -1, "1.0\xff"},  // ...and in byte order among themselves.
};

TEST(DebianVersion, OrdersBlanksAndBytesAsDpkgDoes) {
  for (const DpkgOrderRow& row : kDpkgBytesRows) {
    const std::string where = absl::StrCat(absl::CHexEscape(row.a), " vs ", absl::CHexEscape(row.b));
    EXPECT_EQ(VersionProblem(v1::DEBIAN, row.a), nullptr) << where;
    EXPECT_EQ(Sign(CompareVersions(v1::DEBIAN, row.a, row.b)), row.order) << where;
    EXPECT_EQ(Sign(CompareVersions(v1::DEBIAN, row.b, row.a)), -row.order) << where;
  }
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

// Two versions are ordered by rpmverCmp (rpmio/rpmver.cc), whose compare_values puts a
// missing release below any release: "1.0" < "1.0-1" (as rpm.ver in Python and Lua orders them).
TEST(RpmVersion, VersionWithoutAReleaseSortsBeforeItsReleases) {
  EXPECT_LT(CompareVersions(v1::RPM, "2.0", "2.0-1"), 0);
  EXPECT_GT(CompareVersions(v1::RPM, "2.0-7", "2.0"), 0);
  EXPECT_EQ(CompareVersions(v1::RPM, "0:2.0", "2.0"), 0);
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
