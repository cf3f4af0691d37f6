#include "policy/internal/vers_range.h"

#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gtest/gtest.h"

namespace interdict {
namespace policy_internal {
namespace {

VersRange Parse(const std::string& text) {
  absl::StatusOr<VersRange> range = VersRange::Parse(text);
  EXPECT_TRUE(range.ok()) << range.status();
  return range.ok() ? *range : *VersRange::Parse("vers:generic/*");
}

bool Inside(const VersRange& range, absl::string_view version) {
  const char* problem = nullptr;
  return range.Classify(version, &problem) == VersionMembership::kInside;
}

std::string ErrorOf(const std::string& text) {
  return std::string(VersRange::Parse(text).status().message());
}

TEST(VersRange, HalfOpenIntervalInDebianOrder) {
  const VersRange r = Parse("vers:deb/>=1.0|<2.0");
  EXPECT_EQ(r.scheme(), v1::DEBIAN);
  EXPECT_FALSE(Inside(r, "0.9"));
  EXPECT_TRUE(Inside(r, "1.0"));
  EXPECT_TRUE(Inside(r, "1.9-3"));
  EXPECT_TRUE(Inside(r, "2.0~rc1"));  // Before 2.0 in dpkg order.
  EXPECT_FALSE(Inside(r, "2.0"));
  EXPECT_FALSE(Inside(r, "1:1.0"));  // Epoch 1 is above every epoch-0 version.
}

TEST(VersRange, SeveralIntervalsAsInTheSpecificationsTomeeExample) {
  // The vers-spec README's example, with the tomee scheme read as SemVer.
  const VersRange r = Parse(
      "vers:semver/>=1.0.0-beta1|<=1.7.5|>=7.0.0-M1|<=7.0.7|>=7.1.0|<=7.1.2|>=8.0.0-M1|<=8.0.1");
  EXPECT_TRUE(Inside(r, "1.0.0-beta1"));
  EXPECT_TRUE(Inside(r, "1.7.5"));
  EXPECT_FALSE(Inside(r, "1.7.6"));
  EXPECT_FALSE(Inside(r, "7.0.8"));
  EXPECT_TRUE(Inside(r, "7.1.1"));
  EXPECT_TRUE(Inside(r, "8.0.0"));
  EXPECT_FALSE(Inside(r, "8.0.2"));
}

TEST(VersRange, EqualityAndExclusion) {
  const VersRange list = Parse("vers:npm/1.2.3|2.0.0");
  EXPECT_TRUE(Inside(list, "1.2.3"));
  EXPECT_TRUE(Inside(list, "2.0.0"));
  EXPECT_FALSE(Inside(list, "1.2.4"));
  // The spec's gem example, read as SemVer: a hole inside an interval.
  const VersRange hole = Parse("vers:semver/>=2.2.0|!=2.2.1|<2.3.0");
  EXPECT_TRUE(Inside(hole, "2.2.0"));
  EXPECT_FALSE(Inside(hole, "2.2.1"));
  EXPECT_TRUE(Inside(hole, "2.2.2"));
  EXPECT_FALSE(Inside(hole, "2.3.0"));
  const VersRange all_but = Parse("vers:rpm/!=1.0-1");
  EXPECT_FALSE(Inside(all_but, "1.0-1"));
  EXPECT_TRUE(Inside(all_but, "1.1-1"));
}

TEST(VersRange, OpenEndedBoundsAndStar) {
  EXPECT_TRUE(Inside(Parse("vers:rpm/<2.0"), "1.0^git1"));
  EXPECT_FALSE(Inside(Parse("vers:rpm/<2.0"), "2.0"));
  EXPECT_TRUE(Inside(Parse("vers:rpm/<=2.0"), "2.0"));
  EXPECT_TRUE(Inside(Parse("vers:generic/>1.0"), "1.0.1"));
  EXPECT_FALSE(Inside(Parse("vers:generic/>1.0"), "1.0.0"));  // Equal in generic order.
  EXPECT_TRUE(Inside(Parse("vers:deb/*"), ""));
  EXPECT_FALSE(Inside(Parse("vers:deb/>=1.0"), ""));
}

struct RpmContainmentRow {
  const char* vers;
  const char* version;
  bool inside;
};

// A single bound is matched as rpm matches a package against a dependency (rpmdsCompare):
// the rows of rpm's tests/rpmdepmatch.at for a package "= 1.2-1" and requirements on
// "1.2", and a package "= 1.2" and requirements on "1.2-1" (rpm's `<>` is vers's `!=`).
constexpr RpmContainmentRow kRpmSingleBoundRows[] = {
    {"vers:rpm/1.2", "1.2-1", true},    {"vers:rpm/>=1.2", "1.2-1", true},
    {"vers:rpm/<=1.2", "1.2-1", true},  {"vers:rpm/<1.2", "1.2-1", false},
    {"vers:rpm/>1.2", "1.2-1", false},  {"vers:rpm/!=1.2", "1.2-1", false},
    {"vers:rpm/1.2-1", "1.2", true},    {"vers:rpm/>=1.2-1", "1.2", true},
    {"vers:rpm/<=1.2-1", "1.2", true},  {"vers:rpm/<1.2-1", "1.2", true},
    {"vers:rpm/>1.2-1", "1.2", true},   {"vers:rpm/!=1.2-1", "1.2", true},
};

TEST(VersRange, RpmBoundsMatchAsRpmMatchesADependency) {
  for (const RpmContainmentRow& row : kRpmSingleBoundRows) {
    EXPECT_EQ(Inside(Parse(row.vers), row.version), row.inside) << row.vers << " " << row.version;
  }
}

TEST(VersRange, RpmIntervalHoldsWhatSatisfiesBothBounds) {
  // Constraints are sorted as versions (rpmvercmp: 2.0 < 2.0-5), so this is canonical.
  const VersRange r = Parse("vers:rpm/>=2.0|<2.0-5");
  EXPECT_TRUE(Inside(r, "2.0-3"));
  EXPECT_FALSE(Inside(r, "2.0-5"));
  EXPECT_FALSE(Inside(r, "2.0-7"));  // Ties with ">=2.0" (no release), yet not below 2.0-5.
  EXPECT_TRUE(Inside(r, "2.0"));     // No release: meets "<2.0-5" as rpm would.
  EXPECT_FALSE(Inside(r, "1.9-9"));
  EXPECT_EQ(Parse("vers:rpm/2.0|2.0-1").ToString(), "vers:rpm/2.0|2.0-1");
  EXPECT_EQ(ErrorOf("vers:rpm/2.0-1|2.0"),
            "invalid vers \"vers:rpm/2.0-1|2.0\": constraints are not sorted by version: \"2.0-1\" is "
            "written before \"2.0\"");
}

TEST(VersRange, CanonicalFormPercentEncodesWhatTheSpecificationAsks) {
  EXPECT_EQ(Parse("vers:NPM/1.0.0").ToString(), "vers:npm/1.0.0");
  EXPECT_EQ(Parse("vers:generic/1.0%2B2").ToString(), "vers:generic/1.0+2");
  EXPECT_EQ(Parse("vers:generic/>=1.0%25|<2.0%21a").ToString(), "vers:generic/>=1.0%25|<2.0%21a");
  // Upper-case hex digits, the form the parser takes as canonical: found by vers_fuzzer.
  EXPECT_EQ(Parse("vers:generic/1%7C2").ToString(), "vers:generic/1%7C2");
  EXPECT_EQ(Parse("vers:deb/1.0%C3%A9").ToString(), "vers:deb/1.0%C3%A9");
  EXPECT_EQ(Parse(Parse("vers:deb/1.0%C3%A9").ToString()).ToString(), "vers:deb/1.0%C3%A9");
}

TEST(VersRange, EqualityThenLowerBoundIsAccepted) {
  const VersRange r = Parse("vers:deb/1.0|!=1.5|>=2.0|<3.0");
  EXPECT_TRUE(Inside(r, "1.0"));
  EXPECT_FALSE(Inside(r, "1.1"));
  EXPECT_TRUE(Inside(r, "2.5"));
}

TEST(VersSyntax, ReadsAnyWellFormedTypeAndDecodesVersionsOnce) {
  absl::StatusOr<VersSyntax> s = ParseVersSyntax("vers:My.Type-2/!=1.0%252F0|<2%20b");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->type, "my.type-2");
  ASSERT_EQ(s->constraints.size(), 2u);
  EXPECT_EQ(s->constraints[0].comparator, VersionComparator::kNotEqual);
  EXPECT_EQ(s->constraints[0].version, "1.0%2F0");
  EXPECT_EQ(s->constraints[1].comparator, VersionComparator::kLess);
  EXPECT_EQ(s->constraints[1].version, "2 b");
}

TEST(VersRange, UnreadableVersionIsReported) {
  const VersRange r = Parse("vers:semver/>=1.0.0");
  const char* problem = nullptr;
  EXPECT_EQ(r.Classify("v1.2.3", &problem), VersionMembership::kUnreadable);
  EXPECT_STREQ(problem, "major is not a number");
}

TEST(VersRange, ErrorsNameTheProblem) {
  EXPECT_EQ(ErrorOf("deb/>=1.0"), "invalid vers \"deb/>=1.0\": does not start with \"vers:\"");
  EXPECT_EQ(ErrorOf("vers:deb"), "invalid vers \"vers:deb\": has no '/' after the type");
  EXPECT_EQ(ErrorOf("vers:/1.0"), "invalid vers \"vers:/1.0\": has an empty type");
  EXPECT_EQ(ErrorOf("vers:1deb/1.0"), "invalid vers \"vers:1deb/1.0\": type \"1deb\" does not start with a letter");
  EXPECT_EQ(ErrorOf("vers:de_b/1.0"),
            "invalid vers \"vers:de_b/1.0\": type \"de_b\" has a character other than ASCII letters, "
            "digits, '.' and '-'");
  EXPECT_EQ(ErrorOf("vers:pypi/1.0"),
            "invalid vers \"vers:pypi/1.0\": type \"pypi\" is not supported (supported: deb, rpm, semver, "
            "npm, cargo, generic)");
  EXPECT_EQ(ErrorOf("vers:test/1.0"),
            "invalid vers \"vers:test/1.0\": the reserved type \"test\" defines no version ordering");
  EXPECT_EQ(ErrorOf("vers:deb/"), "invalid vers \"vers:deb/\": has no constraints");
  EXPECT_EQ(ErrorOf("vers:deb/>=1.0 |<2.0"),
            "invalid vers \"vers:deb/>=1.0 |<2.0\": whitespace is not permitted (a space inside a version is "
            "written %20)");
  EXPECT_EQ(ErrorOf("vers:deb/>=1.0\n"),
            "invalid vers \"vers:deb/>=1.0\\n\": whitespace is not permitted (a space inside a version is "
            "written %20)");
  EXPECT_EQ(ErrorOf("vers:deb/>=1.0|"), "invalid vers \"vers:deb/>=1.0|\": a trailing '|' is not permitted");
  EXPECT_EQ(ErrorOf("vers:deb/*|1.0"), "invalid vers \"vers:deb/*|1.0\": '*' must be the only constraint");
  EXPECT_EQ(ErrorOf("vers:deb/>="), "invalid vers \"vers:deb/>=\": constraint \">=\" has no version");
  EXPECT_EQ(ErrorOf("vers:deb/=1.0"),
            "invalid vers \"vers:deb/=1.0\": constraint \"=1.0\" starts with '=' (equality is written "
            "without a comparator)");
  EXPECT_EQ(ErrorOf("vers:deb/>>1.0"),
            "invalid vers \"vers:deb/>>1.0\": constraint \">>1.0\": '>' in a version must be percent-encoded");
  EXPECT_EQ(ErrorOf("vers:deb/1.0\xc3\xa9"),
            "invalid vers \"vers:deb/1.0\\xc3\\xa9\": constraint \"1.0\\xc3\\xa9\" has a character that is "
            "not printable ASCII");
  EXPECT_EQ(ErrorOf("vers:generic/1.0%2"),
            "invalid vers \"vers:generic/1.0%2\": constraint \"1.0%2\" has invalid percent-encoding in its "
            "version ('%' not followed by two hex digits)");
  EXPECT_EQ(ErrorOf("vers:generic/1.0%2b"),
            "invalid vers \"vers:generic/1.0%2b\": constraint \"1.0%2b\" has percent-encoding that is not "
            "canonical (hex digits are upper-case)");
  EXPECT_EQ(ErrorOf("vers:deb/>=a:1"),
            "invalid vers \"vers:deb/>=a:1\": \"a:1\" is not a valid deb version: epoch is not a number");
  EXPECT_EQ(ErrorOf("vers:deb/<2.0|>=1.0"),
            "invalid vers \"vers:deb/<2.0|>=1.0\": constraints are not sorted by version: \"2.0\" is written "
            "before \"1.0\"");
  EXPECT_EQ(ErrorOf("vers:deb/1.0|<1.0-0"),
            "invalid vers \"vers:deb/1.0|<1.0-0\": version \"1.0-0\" appears more than once");
  EXPECT_EQ(ErrorOf("vers:deb/1.0|!=1.5|<2.0"),
            "invalid vers \"vers:deb/1.0|!=1.5|<2.0\": the equality \"1.0\" may be followed only by an "
            "equality or a lower bound (>, >=), not by an upper bound on \"2.0\"");
  EXPECT_EQ(ErrorOf("vers:semver/>=1.0.0|>=2.0.0"),
            "invalid vers \"vers:semver/>=1.0.0|>=2.0.0\": lower bounds (>, >=) and upper bounds (<, <=) "
            "must alternate, but \"1.0.0\" and \"2.0.0\" are both lower bounds");
}

std::string Describe(const VersSyntax& syntax) {
  static constexpr absl::string_view kText[] = {"=", "!=", "<", "<=", ">", ">="};
  std::string out = syntax.type;
  for (const VersSyntax::Constraint& c : syntax.constraints) {
    absl::StrAppend(&out, " ", kText[static_cast<int>(c.comparator)], c.version);
  }
  return out;
}

TEST(VersRange, PassesTheVersSpecTestSuite) {
  std::ifstream in("policy/internal/testdata/vers/vers_spec.txt");
  ASSERT_TRUE(in) << "missing testdata/vers/vers_spec.txt";
  int cases = 0;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> fields;
    for (absl::string_view field : absl::StrSplit(line, '\t')) {
      std::string unescaped;
      ASSERT_TRUE(absl::CUnescape(field, &unescaped)) << line;
      fields.push_back(unescaped);
    }
    ASSERT_GE(fields.size(), 4u) << line;
    ++cases;
    const std::string& kind = fields[0];
    const std::string& vers = fields[1];
    if (kind == "syntax" && fields[2] == "ok") {
      absl::StatusOr<VersSyntax> syntax = ParseVersSyntax(vers);
      ASSERT_TRUE(syntax.ok()) << line << ": " << syntax.status();
      std::vector<std::string> expected(fields.begin() + 3, fields.end());
      EXPECT_EQ(Describe(*syntax), absl::StrJoin(expected, " ")) << line;
    } else if ((kind == "syntax" || kind == "range") && fields[2] == "error") {
      const absl::Status status =
          kind == "syntax" ? ParseVersSyntax(vers).status() : VersRange::Parse(vers).status();
      EXPECT_FALSE(status.ok()) << line;
      EXPECT_TRUE(absl::StrContains(status.message(), fields[3])) << line << ": " << status;
    } else if (kind == "contains") {
      const char* problem = nullptr;
      const VersionMembership want = fields[3] == "true" ? VersionMembership::kInside : VersionMembership::kOutside;
      EXPECT_EQ(Parse(vers).Classify(fields[2], &problem), want) << line;
    } else {
      ADD_FAILURE() << "unknown line: " << line;
    }
  }
  EXPECT_EQ(cases, 20);
}

}  // namespace
}  // namespace policy_internal
}  // namespace interdict
