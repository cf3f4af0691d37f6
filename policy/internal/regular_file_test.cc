// Tests of CheckRegularFile: each kind of file that is not a regular one is named.
#include "policy/internal/regular_file.h"

#include <sys/stat.h>

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace interdict {
namespace policy_internal {
namespace {

mode_t ModeOf(const std::string& path) {
  struct stat info;
  EXPECT_EQ(stat(path.c_str(), &info), 0) << path;
  return info.st_mode;
}

TEST(CheckRegularFileTest, ARegularFileIsAccepted) {
  EXPECT_TRUE(CheckRegularFile("x", ModeOf("policy/internal/regular_file_test.cc"), "a policy file").ok());
}

TEST(CheckRegularFileTest, EveryOtherKindIsRefusedByName) {
  const std::string fifo = std::string(getenv("TEST_TMPDIR")) + "/fifo";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  const struct {
    std::string path;
    std::string message;
  } cases[] = {
      {"policy/internal", "policy/internal: is a directory, not a policy file"},
      {fifo, fifo + ": is a FIFO (named pipe), not a policy file"},
      {"/dev/zero", "/dev/zero: is a character device, not a policy file"},
  };
  for (const auto& c : cases) {
    const absl::Status status = CheckRegularFile(c.path, ModeOf(c.path), "a policy file");
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << c.path;
    EXPECT_EQ(status.message(), c.message);
  }
}

}  // namespace
}  // namespace policy_internal
}  // namespace interdict
