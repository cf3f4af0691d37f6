// File: tools/interdict/diff_command.h
// -----------------------------------------------------------------------------
//
// `interdict diff --before FILE... --after FILE... [FLAGS] INVENTORY...`: the same
// inventory under two policy sets (each the bundled catalog, unless --no-catalog, with
// its files layered on it): every artifact and action whose verdict or next change
// differs, with both explanations — impact analysis before deploying a policy.
//
// Thread safety: runs once per process.

#ifndef INTERDICT_TOOLS_INTERDICT_DIFF_COMMAND_H_
#define INTERDICT_TOOLS_INTERDICT_DIFF_COMMAND_H_

#include <ostream>
#include <string>
#include <vector>

namespace interdict {
namespace cli {

int RunDiff(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace cli
}  // namespace interdict

#endif  // INTERDICT_TOOLS_INTERDICT_DIFF_COMMAND_H_
