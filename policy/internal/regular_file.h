// File: policy/internal/regular_file.h
// -----------------------------------------------------------------------------
//
// Policy files and inventories are read only from regular files. A directory reads as
// nothing, a FIFO blocks until some writer opens it (forever, if none does), and a
// device such as /dev/zero never ends: each would either hang the host or load as an
// empty input — and an empty policy allows everything. This check names the file and
// what it is instead.
//
// Example:
//
//   struct stat info;
//   if (fstat(fd, &info) == 0) {
//     absl::Status regular = CheckRegularFile(path, info.st_mode, "a policy file");
//     // "policies: is a directory, not a policy file"
//   }
//
// Thread safety: pure function.

#ifndef INTERDICT_POLICY_INTERNAL_REGULAR_FILE_H_
#define INTERDICT_POLICY_INTERNAL_REGULAR_FILE_H_

#include <sys/types.h>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace interdict {
namespace policy_internal {

// OK when `mode` (a stat's st_mode, symbolic links followed) is a regular file's;
// otherwise kInvalidArgument "<path>: is a directory, not <what>" (also "a FIFO (named
// pipe)", "a character device", "a block device", "a socket").
absl::Status CheckRegularFile(absl::string_view path, mode_t mode, absl::string_view what);

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_REGULAR_FILE_H_
