// The catalog compiles as one bundle without warnings, every policy test it carries
// holds (alone and with the sample exemptions of testdata/), each file is named for its
// policy and cites its source, and every scope tag is one of the vocabulary.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "policy/catalog/catalog_table.h"
#include "policy/interdict.h"
#include "re2/re2.h"

namespace interdict {
namespace {

constexpr char kCatalog[] = "policy/catalog";

// The .textproto files directly in `directory`, sorted.
std::vector<std::string> Files(const std::string& directory) {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(directory)) {
    if (entry.is_regular_file() && entry.path().extension() == ".textproto") {
      files.push_back(entry.path().string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

struct Compiled {
  LoadedBundle loaded;
  std::shared_ptr<const CompiledPolicy> policy;
  std::vector<CompileIssue> issues;
};

Compiled Compile(const std::vector<std::string>& files) {
  PolicyLoader loader;
  for (const std::string& file : files) {
    const absl::Status status = loader.AddFile(file);
    EXPECT_TRUE(status.ok()) << status;
  }
  Compiled out;
  out.loaded = std::move(loader).Finish();
  auto policy = PolicyCompiler().Compile(out.loaded, &out.issues);
  EXPECT_TRUE(policy.ok()) << policy.status();
  if (policy.ok()) out.policy = *policy;
  return out;
}

TEST(CatalogTest, CompilesWithoutIssuesAndEveryExpectationHolds) {
  const Compiled catalog = Compile(Files(kCatalog));
  ASSERT_NE(catalog.policy, nullptr);
  for (const CompileIssue& issue : catalog.issues) ADD_FAILURE() << issue.ToString();
  const ExpectationReport report =
      CheckExpectations(*catalog.policy, catalog.loaded.bundle, &catalog.loaded.source_map);
  EXPECT_TRUE(report.passed()) << report.ToString();
  EXPECT_GE(report.expectations, 120u) << "the catalog ships at least 120 policy tests";
}

TEST(CatalogTest, ExemptionPathsHoldWithTheSampleExemptions) {
  std::vector<std::string> files = Files(kCatalog);
  const std::vector<std::string> testdata = Files(absl::StrCat(kCatalog, "/testdata"));
  ASSERT_FALSE(testdata.empty());
  files.insert(files.end(), testdata.begin(), testdata.end());
  const Compiled with_exemptions = Compile(files);
  ASSERT_NE(with_exemptions.policy, nullptr);
  for (const CompileIssue& issue : with_exemptions.issues) ADD_FAILURE() << issue.ToString();
  const ExpectationReport report = CheckExpectations(
      *with_exemptions.policy, with_exemptions.loaded.bundle, &with_exemptions.loaded.source_map);
  EXPECT_TRUE(report.passed()) << report.ToString();
}

TEST(CatalogTest, ABlanketExemptionIsRefusedWhereTheTextForbidsIt) {
  std::vector<std::string> files = Files(kCatalog);
  const std::string blanket = ::testing::TempDir() + "/blanket.textproto";
  std::ofstream(blanket) << R"pb(
    exemptions { id: "EX-BLANKET" exempts { policy: "us.omb.m-23-13" } purpose: SECURITY_RESEARCH
                 approver_role: "agency-head"
                 valid { from { date: "2023-04-01" zone: "UTC" } until { date: "2023-10-01" zone: "UTC" } } }
  )pb";
  files.push_back(blanket);
  PolicyLoader loader;
  for (const std::string& file : files) ASSERT_TRUE(loader.AddFile(file).ok());
  const LoadedBundle loaded = std::move(loader).Finish();
  auto policy = PolicyCompiler().Compile(loaded);
  ASSERT_FALSE(policy.ok());
  EXPECT_TRUE(absl::StrContains(policy.status().message(),
                                "blanket exemption (no assets or org_units) is not allowed by policy "
                                "\"us.omb.m-23-13\""))
      << policy.status().message();
}

TEST(CatalogTest, EachFileHoldsThePolicyItIsNamedForWithItsSource) {
  for (const std::string& file : Files(kCatalog)) {
    PolicyLoader loader;
    ASSERT_TRUE(loader.AddFile(file).ok()) << file;
    const v1::PolicyBundle bundle = std::move(loader).Finish().bundle;
    const std::string name = std::filesystem::path(file).stem().string();
    if (name == "entities") {
      EXPECT_EQ(bundle.policies_size(), 0) << file;
      EXPECT_GT(bundle.entities_size(), 0) << file;
      continue;
    }
    ASSERT_EQ(bundle.policies_size(), 1) << file;
    EXPECT_EQ(bundle.entities_size(), 0) << file << ": entities belong in entities.textproto";
    EXPECT_EQ(bundle.exemptions_size(), 0) << file << ": the catalog grants no exemptions";
    const v1::Policy& policy = bundle.policies(0);
    EXPECT_EQ(policy.id(), name) << file;
    EXPECT_FALSE(policy.title().empty()) << file;
    EXPECT_FALSE(policy.authority().empty()) << file;
    EXPECT_FALSE(policy.citation().empty()) << file;
    EXPECT_GE(bundle.expectations_size(), 5) << file << ": each regulation carries its policy tests";
  }
}

// The tags of the vocabulary tables in policy/catalog/README.md (first column).
std::set<std::string> VocabularyTags() {
  std::ifstream in(absl::StrCat(kCatalog, "/README.md"));
  std::stringstream text;
  text << in.rdbuf();
  std::set<std::string> tags;
  const std::string contents = text.str();  // `input` views it: not a temporary.
  re2::StringPiece input(contents);
  std::string tag;
  static const LazyRE2 kRow = {R"(\n\| `([a-z0-9-]+)` \|)"};
  while (RE2::FindAndConsume(&input, *kRow, &tag)) tags.insert(tag);
  return tags;
}

TEST(CatalogTest, EveryScopeTagIsOneOfTheVocabulary) {
  const std::set<std::string> vocabulary = VocabularyTags();
  ASSERT_GE(vocabulary.size(), 18u);
  static const LazyRE2 kJurisdiction = {R"([A-Z]{2}(-[A-Z0-9]{1,3})?)"};
  const Compiled catalog = Compile(Files(kCatalog));
  auto check = [&](const v1::Scope& scope, const std::string& where) {
    for (const auto* list : {&scope.organization_kinds(), &scope.exclude_organization_kinds(),
                             &scope.asset_kinds(), &scope.exclude_asset_kinds(), &scope.uses()}) {
      for (const std::string& tag : *list) {
        EXPECT_TRUE(vocabulary.count(tag) == 1) << where << ": " << tag << " is not in the vocabulary";
      }
    }
    for (const std::string& jurisdiction : scope.jurisdictions()) {
      EXPECT_TRUE(jurisdiction == "EU" || RE2::FullMatch(jurisdiction, *kJurisdiction))
          << where << ": " << jurisdiction;
    }
  };
  for (const v1::Policy& policy : catalog.loaded.bundle.policies()) {
    check(policy.scope(), policy.id());
    for (const v1::Rule& rule : policy.rules()) check(rule.scope(), policy.id() + "/" + rule.id());
  }
}

TEST(CatalogTest, TheReadmeTableIsTheCatalogs) {
  std::ifstream in("README.md");
  std::stringstream text;
  text << in.rdbuf();
  const std::string readme = text.str();
  const size_t begin = readme.find(kCatalogTableBegin);
  const size_t end = readme.find(kCatalogTableEnd);
  ASSERT_NE(begin, std::string::npos) << "README.md lacks " << kCatalogTableBegin;
  ASSERT_NE(end, std::string::npos) << "README.md lacks " << kCatalogTableEnd;
  const size_t start = begin + std::string(kCatalogTableBegin).size() + 1;  // After its newline.
  const Compiled catalog = Compile(Files(kCatalog));
  EXPECT_EQ(readme.substr(start, end - start), CatalogTable(catalog.loaded.bundle))
      << "regenerate it: bazel run //tools/catalog_table -- \"$PWD\"/policy/catalog/*.textproto";
}

}  // namespace
}  // namespace interdict
