// Tests of PolicyLoader: formats, merged bundles, source positions and parse errors.
#include "policy/loader.h"

#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace interdict {
namespace {

using ::testing::HasSubstr;

constexpr char kDir[] = "policy/testdata/loader/";

std::string Where(const LoadedBundle& loaded, const std::string& path) {
  SourceLocation at = loaded.source_map.Locate(path);
  return at.file + ":" + std::to_string(at.line) + ":" + std::to_string(at.column);
}

TEST(PolicyLoaderTest, RecordsThePositionOfEveryFieldInTextFiles) {
  PolicyLoader loader;
  ASSERT_TRUE(loader.AddFile(std::string(kDir) + "a.textproto").ok());
  LoadedBundle loaded = std::move(loader).Finish();
  const std::string a = std::string(kDir) + "a.textproto";
  EXPECT_EQ(loaded.bundle.entities_size(), 2);
  EXPECT_EQ(Where(loaded, "entities[0].name"), a + ":2:20");
  EXPECT_EQ(Where(loaded, "entities[1]"), a + ":3:1");
  EXPECT_EQ(Where(loaded, "entities[1].name"), a + ":5:3");
  EXPECT_EQ(Where(loaded, "policies[0].rules[0].select.product.regex"), a + ":13:36");
  EXPECT_EQ(Where(loaded, "policies[0].rules[0].steps[0].at.zone"), a + ":15:37");
  EXPECT_EQ(Where(loaded, "policies[0].rules[0].actions[0]"), a + ":14:5");
  // The parser records one position for a list: every element is placed at its field.
  EXPECT_EQ(Where(loaded, "policies[0].rules[0].actions[1]"), a + ":14:5");
}

TEST(PolicyLoaderTest, UnrecordedPathsFallBackToTheNearestAncestor) {
  PolicyLoader loader;
  ASSERT_TRUE(loader.AddFile(std::string(kDir) + "a.textproto").ok());
  LoadedBundle loaded = std::move(loader).Finish();
  const std::string a = std::string(kDir) + "a.textproto";
  // `title` was never written; the policy's own position is given.
  EXPECT_EQ(Where(loaded, "policies[0].title"), a + ":7:1");
  EXPECT_EQ(Where(loaded, "policies[0].rules[0].select.version.min"), a + ":13:5");
  EXPECT_EQ(Where(loaded, "policies[7]"), ":0:0");
  EXPECT_EQ(Where(loaded, "nonsense"), ":0:0");
}

TEST(PolicyLoaderTest, MergesFilesAndMapsMergedPathsBackToEachFile) {
  PolicyLoader loader;
  ASSERT_TRUE(loader.AddFile(std::string(kDir) + "a.textproto").ok());
  ASSERT_TRUE(loader.AddFile(std::string(kDir) + "b.textproto").ok());
  ASSERT_TRUE(loader.AddFile(std::string(kDir) + "c.json").ok());
  LoadedBundle loaded = std::move(loader).Finish();
  ASSERT_EQ(loaded.bundle.policies_size(), 3);
  EXPECT_EQ(loaded.bundle.policies(1).id(), "q");
  EXPECT_EQ(Where(loaded, "policies[1].citation"), std::string(kDir) + "b.textproto:3:3");
  EXPECT_EQ(loaded.source_map.LocalPath("policies[1].citation"), "policies[0].citation");
  EXPECT_EQ(loaded.source_map.LocalPath("policies[0].rules[0].id"), "policies[0].rules[0].id");
  // JSON carries no positions, but the file is still known.
  EXPECT_EQ(Where(loaded, "policies[2].citation"), std::string(kDir) + "c.json:0:0");
  EXPECT_EQ(loaded.source_map.LocalPath("policies[2].id"), "policies[0].id");
  EXPECT_EQ(loaded.bundle.policies(2).exemption_purposes(0), v1::LAW_ENFORCEMENT);
  EXPECT_EQ(loaded.bundle.policies(2).max_exemption_days(), 30);
}

TEST(PolicyLoaderTest, TextSyntaxErrorsNameFileLineAndColumn) {
  PolicyLoader loader;
  absl::Status status = loader.AddText("x.textproto", "policies {\n  id: \"p\"\n  idd: 3\n}\n");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(),
            "x.textproto:3:6: policies[0]: Message type \"interdict.v1.Policy\" has no field named "
            "\"idd\". Did you mean \"id\"?");
  status = loader.AddText("z.json", R"({"policies": [{"id": "p"}, {"id": "q", "bindng": "BINDING"}]})");
  EXPECT_EQ(status.message(),
            "z.json: policies[1]: no field named \"bindng\". Did you mean \"binding\"?");
  status = loader.AddText("y.textproto", "policies { id: \"p\"\n");
  EXPECT_EQ(status.message(), "y.textproto:2:1: policies[0]: Expected identifier, got: ");
}

TEST(PolicyLoaderTest, AFailedFileAddsNothing) {
  PolicyLoader loader;
  ASSERT_TRUE(loader.AddText("ok.textproto", "policies { id: \"a\" }").ok());
  EXPECT_FALSE(loader.AddText("bad.textproto", "policies { id: \"b\" }\npolicies { id: }").ok());
  LoadedBundle loaded = std::move(loader).Finish();
  ASSERT_EQ(loaded.bundle.policies_size(), 1);
  EXPECT_EQ(loaded.source_map.Locate("policies[1]").file, "");
}

TEST(PolicyLoaderTest, JsonAndBinaryFormats) {
  PolicyLoader loader;
  absl::Status bad_json = loader.AddText("p.json", "{\"policies\": [{\"idd\": 1}]}");
  EXPECT_EQ(bad_json.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(bad_json.message(), HasSubstr("p.json: "));
  EXPECT_THAT(bad_json.message(), HasSubstr("idd"));

  v1::PolicyBundle bundle;
  bundle.add_policies()->set_id("bin");
  ASSERT_TRUE(loader.AddText("p.binpb", bundle.SerializeAsString()).ok());
  EXPECT_EQ(loader.AddText("q.pb", "\xff\xff\xff").message(), "q.pb: not a valid binary PolicyBundle");
  // An explicit format overrides the name.
  ASSERT_TRUE(loader.AddText("policy.data", "{\"policies\": [{\"id\": \"j\"}]}", PolicyFormat::kJson).ok());
  LoadedBundle loaded = std::move(loader).Finish();
  ASSERT_EQ(loaded.bundle.policies_size(), 2);
  EXPECT_EQ(loaded.bundle.policies(0).id(), "bin");
  EXPECT_EQ(loaded.bundle.policies(1).id(), "j");
}

TEST(PolicyLoaderTest, MissingAndOversizedFilesAreRefused) {
  PolicyLoader loader;
  absl::Status missing = loader.AddFile("no/such/file.textproto");
  EXPECT_EQ(missing.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(missing.message(), "no/such/file.textproto: cannot open: No such file or directory");
  loader.set_max_file_bytes(16);
  absl::Status large = loader.AddFile(std::string(kDir) + "a.textproto");
  EXPECT_EQ(large.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(large.message(), HasSubstr("larger than the limit of 16"));
  EXPECT_EQ(loader.AddText("t.textproto", std::string(17, ' ')).code(),
            absl::StatusCode::kResourceExhausted);
}

std::string TempPath(const std::string& name) { return std::string(std::getenv("TEST_TMPDIR")) + "/" + name; }

// Without this, a host given a directory, a FIFO or /dev/zero as its policy would load
// an empty bundle (and allow everything), wait forever for a writer, or read forever.
TEST(PolicyLoaderTest, WhatIsNotARegularFileIsRefusedWithoutReadingIt) {
  const std::string fifo = TempPath("policy.fifo");
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  const struct {
    std::string path;
    std::string message;
  } cases[] = {
      {"policy/testdata/loader", "policy/testdata/loader: is a directory, not a policy file"},
      {fifo, fifo + ": is a FIFO (named pipe), not a policy file"},  // No writer: must not wait.
      {"/dev/zero", "/dev/zero: is a character device, not a policy file"},
  };
  for (const auto& c : cases) {
    PolicyLoader loader;
    const absl::Status status = loader.AddFile(c.path);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << c.path;
    EXPECT_EQ(status.message(), c.message);
    EXPECT_EQ(std::move(loader).Finish().bundle.ByteSizeLong(), 0u);
  }
}

TEST(PolicyLoaderTest, TheSizeLimitCountsTheBytesReadNotTheReportedSize) {
  PolicyLoader loader;
  loader.set_max_file_bytes(16);
  // /proc files report a size of 0 and hold more.
  const absl::Status status = loader.AddFile("/proc/self/status");
  EXPECT_EQ(status.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(status.message(), "/proc/self/status: larger than the limit of 16 bytes");
}

TEST(PolicyLoaderTest, AReadErrorIsDataLossNotAShortFile) {
  PolicyLoader loader;
  // Reading a process's memory at address 0 fails with EIO.
  const absl::Status status = loader.AddFile("/proc/self/mem");
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(status.message(), "/proc/self/mem: read error after 0 bytes: Input/output error");
}

TEST(PolicyLoaderTest, AFileHoldingNothingIsAnError) {
  const std::string empty = TempPath("empty.textproto");
  std::ofstream(empty).close();
  PolicyLoader loader;
  const absl::Status status = loader.AddFile(empty);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(),
            empty + ": holds no policies, entities, exemptions or policy tests (an empty policy file)");
  for (const auto& [name, text] : std::vector<std::pair<std::string, std::string>>{
           {"comments.textproto", "# proto-message: interdict.v1.PolicyBundle\n"},
           {"empty.json", "{}"},
           {"empty.binpb", ""}}) {
    EXPECT_THAT(loader.AddText(name, text).message(), HasSubstr(name + ": holds no policies")) << name;
  }
}

// Files layered on the catalog (or on other files) hold what they add: that is valid.
TEST(PolicyLoaderTest, AFileOfExemptionsEntitiesOrPolicyTestsOnlyIsValid) {
  PolicyLoader loader;
  EXPECT_TRUE(loader.AddText("exemptions.textproto", R"pb(exemptions { id: "x" })pb").ok());
  EXPECT_TRUE(loader.AddText("entities.textproto", R"pb(entities { id: "e" })pb").ok());
  EXPECT_TRUE(loader.AddText("tests.textproto", R"pb(expectations { name: "t" })pb").ok());
}

TEST(PolicyLoaderTest, TheNumberOfFilesIsLimited) {
  PolicyLoader loader;
  loader.set_max_files(2);
  ASSERT_TRUE(loader.AddText("a.textproto", R"pb(policies { id: "a" })pb").ok());
  ASSERT_TRUE(loader.AddText("b.textproto", R"pb(policies { id: "b" })pb").ok());
  const absl::Status status = loader.AddText("c.textproto", R"pb(policies { id: "c" })pb");
  EXPECT_EQ(status.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(status.message(), "c.textproto: more than 2 policy files in one bundle");
  EXPECT_EQ(std::move(loader).Finish().bundle.policies_size(), 2);
}

// The loader moves each top-level list of a parsed file into the bundle; a new
// top-level field of PolicyBundle must be moved too (PolicyLoader::AddText).
TEST(PolicyLoaderTest, MovesEveryTopLevelFieldOfTheBundle) {
  const google::protobuf::Descriptor* bundle = v1::PolicyBundle::descriptor();
  ASSERT_EQ(bundle->field_count(), 4);
  EXPECT_NE(bundle->FindFieldByName("entities"), nullptr);
  EXPECT_NE(bundle->FindFieldByName("policies"), nullptr);
  EXPECT_NE(bundle->FindFieldByName("exemptions"), nullptr);
  EXPECT_NE(bundle->FindFieldByName("expectations"), nullptr);
  PolicyLoader loader;
  ASSERT_TRUE(loader.AddText("a.textproto", R"pb(entities { id: "a" } policies { id: "p" })pb").ok());
  ASSERT_TRUE(loader.AddText("b.textproto", R"pb(entities { id: "b" } exemptions { id: "x" }
                                                 expectations { name: "e" })pb").ok());
  const LoadedBundle loaded = std::move(loader).Finish();
  ASSERT_EQ(loaded.bundle.entities_size(), 2);
  EXPECT_EQ(loaded.bundle.entities(1).id(), "b");
  EXPECT_EQ(loaded.bundle.policies(0).id(), "p");
  EXPECT_EQ(loaded.bundle.exemptions(0).id(), "x");
  EXPECT_EQ(loaded.bundle.expectations(0).name(), "e");
  EXPECT_EQ(loaded.source_map.Locate("expectations[0].name").file, "b.textproto");
  EXPECT_EQ(loaded.source_map.Locate("entities[1].id").file, "b.textproto");
  EXPECT_EQ(loaded.source_map.LocalPath("entities[1].id"), "entities[0].id");
}

}  // namespace
}  // namespace interdict
