// File: tools/interdict/timeline_command.h
// -----------------------------------------------------------------------------
//
// `interdict timeline [FLAGS] INVENTORY...`: what changes when. For every artifact
// and action it follows the decision from --at through each next change (a step
// begins, an exemption starts or ends), and lists the changes in date order: the
// rule, its state and verdict before and after, and the artifacts and hosts
// affected — upcoming deadlines and exemption expiries.
//
// Thread safety: runs once per process.

#ifndef INTERDICT_TOOLS_INTERDICT_TIMELINE_COMMAND_H_
#define INTERDICT_TOOLS_INTERDICT_TIMELINE_COMMAND_H_

#include <ostream>
#include <string>
#include <vector>

namespace interdict {
namespace cli {

int RunTimeline(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace cli
}  // namespace interdict

#endif  // INTERDICT_TOOLS_INTERDICT_TIMELINE_COMMAND_H_
