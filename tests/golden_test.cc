// Golden invalid policies: each tests/golden/invalid/NAME.textproto must produce exactly
// the issues written, one per line, in NAME.expected (reviewed by hand).
#include <dirent.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "gtest/gtest.h"
#include "policy/interdict.h"

namespace interdict {
namespace {

constexpr char kDirectory[] = "tests/golden/invalid";

std::vector<std::string> GoldenInputs() {
  std::vector<std::string> names;
  DIR* dir = opendir(kDirectory);
  if (dir == nullptr) return names;
  while (dirent* entry = readdir(dir)) {
    const std::string name = entry->d_name;
    if (absl::EndsWith(name, ".textproto")) names.push_back(name.substr(0, name.size() - 10));
  }
  closedir(dir);
  std::sort(names.begin(), names.end());
  return names;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

// What compiling the golden input reports: a load error, or every compile issue.
std::string Report(const std::string& path) {
  PolicyLoader loader;
  absl::Status loaded = loader.AddFile(path);
  if (!loaded.ok()) return std::string(loaded.message()) + "\n";
  std::vector<CompileIssue> issues;
  CompileOptions options;
  options.now = absl::FromCivil(absl::CivilDay(2026, 1, 1), absl::UTCTimeZone());
  (void)PolicyCompiler(options).Compile(std::move(loader).Finish(), &issues);
  std::string out;
  for (const CompileIssue& issue : issues) out += issue.ToString() + "\n";
  return out;
}

class GoldenTest : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenTest, ReportsExactlyTheExpectedIssues) {
  const std::string base = std::string(kDirectory) + "/" + GetParam();
  const std::string expected = ReadFile(base + ".expected");
  ASSERT_FALSE(expected.empty()) << base << ".expected is missing or empty";
  EXPECT_EQ(Report(base + ".textproto"), expected);
}

INSTANTIATE_TEST_SUITE_P(Invalid, GoldenTest, ::testing::ValuesIn(GoldenInputs()),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

TEST(GoldenInputsTest, EveryGoldenInputIsFound) { EXPECT_GE(GoldenInputs().size(), 4u); }

}  // namespace
}  // namespace interdict
