// File: tools/interdict/check_command.h
// -----------------------------------------------------------------------------
//
// `interdict check [FLAGS] INVENTORY...`: evaluates every artifact of the inventories
// (osquery, CycloneDX, SPDX, JSONL; `-` for standard input) under every action asked,
// against the bundled catalog and the user's policies, and reports (table, jsonl or
// summary). Usage and flags: the README, "The interdict command".
//
// Thread safety: runs once per process.

#ifndef INTERDICT_TOOLS_INTERDICT_CHECK_COMMAND_H_
#define INTERDICT_TOOLS_INTERDICT_CHECK_COMMAND_H_

#include <ostream>
#include <string>
#include <vector>

namespace interdict {
namespace cli {

// Exit codes of every command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitPolicyError = 1;
inline constexpr int kExitInputError = 2;
inline constexpr int kExitThreshold = 3;

int RunCheck(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace cli
}  // namespace interdict

#endif  // INTERDICT_TOOLS_INTERDICT_CHECK_COMMAND_H_
