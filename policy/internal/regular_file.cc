// Refusing what is not a regular file (regular_file.h).
#include "policy/internal/regular_file.h"

#include <sys/stat.h>

#include "absl/strings/str_cat.h"

namespace interdict {
namespace policy_internal {
namespace {

const char* KindOf(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

}  // namespace

absl::Status CheckRegularFile(absl::string_view path, mode_t mode, absl::string_view what) {
  if (S_ISREG(mode)) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(path, ": is ", KindOf(mode), ", not ", what));
}

}  // namespace policy_internal
}  // namespace interdict
