#include "policy/internal/package_url.h"

#include <fstream>
#include <sstream>
#include <string>

#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"

namespace interdict {
namespace policy_internal {
namespace {

using google::protobuf::Struct;
using google::protobuf::Value;

std::string StringOrEmpty(const Struct& test, const std::string& key) {
  auto it = test.fields().find(key);
  if (it == test.fields().end() || it->second.kind_case() != Value::kStringValue) return "";
  return it->second.string_value();
}

TEST(PackageUrl, PassesThePurlSpecTestSuite) {
  std::ifstream in("policy/internal/testdata/purl/test-suite-data.json");
  ASSERT_TRUE(in.good());
  std::stringstream json;
  json << in.rdbuf();
  google::protobuf::ListValue suite;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json.str(), &suite).ok());
  ASSERT_EQ(suite.values_size(), 36);
  int invalid = 0;
  for (const Value& entry : suite.values()) {
    const Struct& test = entry.struct_value();
    const std::string purl = StringOrEmpty(test, "purl");
    const std::string description = StringOrEmpty(test, "description");
    absl::StatusOr<PackageUrl> parsed = PackageUrl::Parse(purl);
    if (test.fields().at("is_invalid").bool_value()) {
      ++invalid;
      EXPECT_FALSE(parsed.ok()) << description << ": " << purl;
      continue;
    }
    ASSERT_TRUE(parsed.ok()) << description << ": " << parsed.status();
    EXPECT_EQ(parsed->type, StringOrEmpty(test, "type")) << purl;
    EXPECT_EQ(parsed->namespace_, StringOrEmpty(test, "namespace")) << purl;
    EXPECT_EQ(parsed->name, StringOrEmpty(test, "name")) << purl;
    EXPECT_EQ(parsed->version, StringOrEmpty(test, "version")) << purl;
    EXPECT_EQ(parsed->subpath, StringOrEmpty(test, "subpath")) << purl;
    const Value& qualifiers = test.fields().at("qualifiers");
    std::vector<std::pair<std::string, std::string>> expected;
    if (qualifiers.kind_case() == Value::kStructValue) {
      for (const auto& [key, value] : qualifiers.struct_value().fields()) {
        expected.emplace_back(key, value.string_value());
      }
      std::sort(expected.begin(), expected.end());
    }
    EXPECT_EQ(parsed->qualifiers, expected) << purl;
    EXPECT_EQ(parsed->ToString(), StringOrEmpty(test, "canonical_purl")) << description;
  }
  EXPECT_EQ(invalid, 6);
}

const char* Problem(absl::string_view text) {
  PackageUrlBuffer buffer;
  PackageUrlView view;
  return ParsePackageUrl(text, &buffer, &view);
}

TEST(PackageUrl, NamesTheFirstProblem) {
  EXPECT_STREQ(Problem("npm/lodash@4.17.21"), "does not start with \"pkg:\"");
  EXPECT_STREQ(Problem("pkg:lodash"), "has no name");
  EXPECT_STREQ(Problem("pkg:npm/@4.17.21"), "has no name");
  EXPECT_STREQ(Problem("pkg:npm/lodash@"), "has an empty version after '@'");
  EXPECT_STREQ(Problem("pkg:1npm/lodash"),
               "has a type other than letters, digits and .+- (not starting with a digit)");
  EXPECT_STREQ(Problem("pkg:npm/lo%2"), "has a '%' not followed by two hex digits");
  EXPECT_STREQ(Problem("pkg:npm/lo%zzdash"), "has a '%' not followed by two hex digits");
  EXPECT_STREQ(Problem("pkg:npm/a%2Fb/c"), "has a segment with an encoded '/'");
  EXPECT_STREQ(Problem("pkg:npm/lodash?arch"), "has a qualifier without '='");
  EXPECT_STREQ(Problem("pkg:deb/debian/curl?arch=i386&Arch=amd64"), "has a duplicate qualifier key");
  EXPECT_STREQ(Problem("pkg:npm/my package"), "has an unencoded space or control character");
  EXPECT_STREQ(Problem("pkg:pub/flutter-downloader"), "has a pub name other than a-z, 0-9 and _");
  EXPECT_STREQ(Problem(std::string(3000, 'a')), "is longer than 2048 bytes");
  EXPECT_EQ(Problem("pkg:npm/lodash@4.17.21"), nullptr);
}

TEST(PackageUrl, NormalisesPerTypeRules) {
  EXPECT_EQ(PackageUrl::Parse("pkg:DEB/Debian/LibSSL3@3.0.11-1~deb12u2?ARCH=amd64")->ToString(),
            "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64");
  EXPECT_EQ(PackageUrl::Parse("pkg:rpm/Fedora/NetworkManager@1.0")->ToString(),
            "pkg:rpm/fedora/NetworkManager@1.0");
  EXPECT_EQ(PackageUrl::Parse("pkg:pypi/Zope_Interface")->ToString(), "pkg:pypi/zope-interface");
  EXPECT_EQ(PackageUrl::Parse("pkg:npm/%40Scope/Name?empty=&b=2&a=1#/src/./lib/../x/")->ToString(),
            "pkg:npm/%40Scope/Name?a=1&b=2#src/lib/x");
  // Percent-encoded dot segments are dropped too: kept, they were written back bare and
  // the canonical form read as another subpath (found by purl_fuzzer).
  EXPECT_EQ(PackageUrl::Parse("pkg:generic/name#sub/%2e/x/%2E%2e")->subpath, "sub/x");
  EXPECT_EQ(PackageUrl::Parse("pkg:generic/name#%2e/sub")->ToString(), "pkg:generic/name#sub");
  EXPECT_EQ(PackageUrl::Parse("pkg:generic/name#sub/%2e./..x")->subpath, "sub/..x");
}

TEST(PackageUrl, ViewParseAllocatesNothingAndDecodesIntoTheBuffer) {
  PackageUrlBuffer buffer;
  PackageUrlView view;
  ASSERT_EQ(ParsePackageUrl("pkg:npm/%40angular/core@17.0.0?x=1", &buffer, &view), nullptr);
  EXPECT_EQ(view.type, "npm");
  EXPECT_EQ(view.namespace_, "@angular");
  EXPECT_EQ(view.name, "core");
  EXPECT_EQ(view.version, "17.0.0");
  EXPECT_EQ(view.qualifiers, "x=1");
  EXPECT_GE(view.name.data(), buffer.bytes);
  EXPECT_LT(view.name.data(), buffer.bytes + kMaxPackageUrlBytes);
}

struct FullVersionRow {
  const char* purl;
  const char* full_version;
  const char* epoch_problem;  // nullptr: none.
};

// purl-spec's rpm type: "epoch ... is a qualifier" (types/rpm-definition.json); deb and
// alpm write the epoch in the version, its ':' unencoded in the canonical form.
constexpr FullVersionRow kFullVersionRows[] = {
    {"pkg:rpm/fedora/centerim@4.22.10-1.el6?arch=i686&epoch=1&distro=fedora-25", "1:4.22.10-1.el6", nullptr},
    {"pkg:rpm/fedora/curl@7.50.3-1.fc25?arch=i386&distro=fedora-25", "7.50.3-1.fc25", nullptr},
    {"pkg:rpm/o/p@1.0-1?Epoch=%32", "2:1.0-1", nullptr},
    {"pkg:rpm/o/p@1.0-1?epoch=", "1.0-1", nullptr},  // An empty qualifier is no qualifier.
    {"pkg:rpm/o/p?epoch=1", "", nullptr},          // No version, nothing to compare.
    {"pkg:rpm/o/p@1.0-1?epoch=x", "x:1.0-1", "the epoch qualifier is not a non-negative integer"},
    {"pkg:rpm/o/p@1.0-1?epoch=1.5", "1.5:1.0-1", "the epoch qualifier is not a non-negative integer"},
    {"pkg:rpm/o/p@1:1.0-1?epoch=1", "1:1:1.0-1",
     "has an epoch both in the version and in the epoch qualifier"},
    {"pkg:deb/debian/attr@1%3A2.4.47-2?arch=source", "1:2.4.47-2", nullptr},
    {"pkg:deb/debian/attr@1.0?epoch=1", "1.0", nullptr},  // Only rpm has the qualifier.
};

TEST(PackageUrl, FullVersionCarriesTheRpmEpochQualifier) {
  for (const FullVersionRow& row : kFullVersionRows) {
    PackageUrlBuffer buffer;
    PackageUrlView view;
    ASSERT_EQ(ParsePackageUrl(row.purl, &buffer, &view), nullptr) << row.purl;
    EXPECT_EQ(view.full_version, row.full_version) << row.purl;
    if (row.epoch_problem == nullptr) {
      EXPECT_EQ(view.epoch_problem, nullptr) << row.purl << ": " << view.epoch_problem;
    } else {
      EXPECT_STREQ(view.epoch_problem, row.epoch_problem) << row.purl;
    }
  }
  // The version itself stays as written, and so does the canonical form.
  EXPECT_EQ(PackageUrl::Parse("pkg:rpm/o/p@1.0-1?epoch=2")->version, "1.0-1");
  EXPECT_EQ(PackageUrl::Parse("pkg:rpm/o/p@1.0-1?epoch=2")->ToString(), "pkg:rpm/o/p@1.0-1?epoch=2");
}

}  // namespace
}  // namespace policy_internal
}  // namespace interdict
