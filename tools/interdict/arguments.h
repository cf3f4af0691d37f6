// File: tools/interdict/arguments.h
// -----------------------------------------------------------------------------
//
// The command line of `interdict COMMAND [ARG | --flag[=value] | --flag value]...`:
// list flags may repeat (`--policy a --policy b`), `--` ends the flags, `-` is an
// argument (standard input). Each command states which flags it takes, whether each
// takes a value and whether it may repeat; anything else is a usage error naming the
// flag: an unknown flag, a missing or empty value (`--jurisdiction=` would otherwise
// mean the default), and a single-valued flag given twice (`--at` twice would
// otherwise keep one silently).
//
// Example:
//
//   absl::StatusOr<Arguments> args =
//       ParseArguments(argc, argv, {{"policy", true, kRepeatable}, {"at", true}, {"no-catalog", false}});
//   for (const std::string& file : args->Values("policy")) ...
//
// Thread safety: plain values.

#ifndef INTERDICT_TOOLS_INTERDICT_ARGUMENTS_H_
#define INTERDICT_TOOLS_INTERDICT_ARGUMENTS_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace interdict {
namespace cli {

// FlagSpec::repeatable of a flag that lists things (`--policy a --policy b`).
constexpr bool kRepeatable = true;

struct FlagSpec {
  const char* name;  // Without the dashes, e.g. "policy".
  bool takes_value;
  bool repeatable = false;  // Given more than once: each value counts (list flags only).
};

class Arguments {
 public:
  const std::vector<std::string>& positional() const { return positional_; }
  bool Has(absl::string_view flag) const { return flags_.count(std::string(flag)) > 0; }
  // Every value given to `flag`, in order (a comma-separated value counts as several).
  std::vector<std::string> Values(absl::string_view flag) const;
  // The value given to `flag`, or `fallback`.
  std::string Value(absl::string_view flag, absl::string_view fallback = "") const;

 private:
  friend absl::StatusOr<Arguments> ParseArguments(const std::vector<std::string>& args,
                                                  const std::vector<FlagSpec>& specs);
  std::vector<std::string> positional_;
  std::map<std::string, std::vector<std::string>> flags_;
};

// Parses `args` (after the command name). Errors (kInvalidArgument): an unknown flag, a
// flag without its value or with an empty one ("--jurisdiction: empty value"; also
// blanks and commas only), a value given to a flag that takes none, a flag that is not
// repeatable given twice ("--at: given twice").
absl::StatusOr<Arguments> ParseArguments(const std::vector<std::string>& args,
                                         const std::vector<FlagSpec>& specs);

}  // namespace cli
}  // namespace interdict

#endif  // INTERDICT_TOOLS_INTERDICT_ARGUMENTS_H_
