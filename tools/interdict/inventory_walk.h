// File: tools/interdict/inventory_walk.h
// -----------------------------------------------------------------------------
//
// Reads the inventories a command is given and hands it every artifact: each record
// and, for SBOMs (CycloneDX, SPDX), each component at any depth as an artifact of its
// own, named by its path in the document ("Acme Secure Gateway > AcmeOS > Anti-Virus
// SDK"): every package an SBOM lists is software on the system it describes. Bad
// records and inputs that end early are written to `err` as they come; a progress line
// too when asked. When an input is finished, each osquery query whose rows were ignored
// (a query over another table than software inventory) gets one note line.
//
// Example:
//
//   WalkResult result = WalkInventories(paths, options, isatty(2), std::cerr,
//                                       [&](const InventoryRecord& record, const std::string& name) { ... });
//
// Thread safety: runs on the calling thread.

#ifndef INTERDICT_TOOLS_INTERDICT_INVENTORY_WALK_H_
#define INTERDICT_TOOLS_INTERDICT_INVENTORY_WALK_H_

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "policy/inventory/inventory.h"

namespace interdict {
namespace cli {

struct WalkResult {
  uint64_t skipped = 0;     // Records skipped (reported).
  uint64_t unreadable = 0;  // Inputs not opened, not read to their end, or of no inventory (reported).
  // osquery rows of queries over other tables than software inventory (noted). Not an
  // input error: result logs carry every scheduled query.
  uint64_t ignored = 0;
  bool clean() const { return skipped == 0 && unreadable == 0; }
};

// The reader options a command's --format flag (auto when absent) asks for; the error
// names the flag.
absl::StatusOr<InventoryOptions> InventoryOptionsFromFormat(bool given, const std::string& format);

using ArtifactVisitor = std::function<void(const InventoryRecord& record, const std::string& display_name)>;

WalkResult WalkInventories(const std::vector<std::string>& paths, const InventoryOptions& options, bool progress,
                           std::ostream& err, const ArtifactVisitor& visit);

}  // namespace cli
}  // namespace interdict

#endif  // INTERDICT_TOOLS_INTERDICT_INVENTORY_WALK_H_
