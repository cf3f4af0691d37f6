// File: tools/interdict/explain_command.h
// -----------------------------------------------------------------------------
//
// `interdict explain [FLAGS] (--artifact JSON | --name N [--vendor V] ...)`: one
// artifact under each action, in full: how its vendor was recognised, every rule that
// matched with its state, step, citation and next step, every exemption that named
// one (applied, or rejected with every reason), problems reading its fields, the next
// change, and what would change the answer (a deadline ahead; an exemption purpose the
// policy permits; stating the asset's uses for a conditional rule).
//
// Thread safety: runs once per process.

#ifndef INTERDICT_TOOLS_INTERDICT_EXPLAIN_COMMAND_H_
#define INTERDICT_TOOLS_INTERDICT_EXPLAIN_COMMAND_H_

#include <ostream>
#include <string>
#include <vector>

namespace interdict {
namespace cli {

int RunExplain(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace cli
}  // namespace interdict

#endif  // INTERDICT_TOOLS_INTERDICT_EXPLAIN_COMMAND_H_
