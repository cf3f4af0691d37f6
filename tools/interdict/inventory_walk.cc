// Reading a command's inventories (inventory_walk.h).
#include "tools/interdict/inventory_walk.h"

#include <algorithm>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace interdict {
namespace cli {
namespace {

// Deepest SBOM component visited as an artifact of its own (the readers bound the depth
// already; this guards the stack).
constexpr int kMaxSbomDepth = 64;

void VisitComponents(const InventoryRecord& record, const v1::Artifact& artifact, const std::string& path,
                     int depth, const ArtifactVisitor& visit) {
  if (depth >= kMaxSbomDepth) return;
  for (const v1::Artifact& component : artifact.components()) {
    InventoryRecord part;
    part.source = record.source;
    part.line = record.line;
    part.index = record.index;
    part.host = record.host;
    part.asset_id = record.asset_id;
    part.org_unit = record.org_unit;
    part.artifact = component;
    const std::string component_path = absl::StrCat(path, " > ", component.name());
    visit(part, component_path);
    VisitComponents(record, component, component_path, depth + 1, visit);
  }
}

void Progress(const InventoryReader& reader, uint64_t count, absl::Time started, std::ostream& err) {
  const double seconds = std::max(1e-3, absl::ToDoubleSeconds(absl::Now() - started));
  std::string line = absl::StrFormat("\r%d records, %.0f records/s", count, count / seconds);
  if (reader.total_bytes() > 0) {
    absl::StrAppendFormat(&line, ", %.1f%%", 100.0 * reader.bytes_read() / reader.total_bytes());
  }
  err << line << std::flush;
}

}  // namespace

absl::StatusOr<InventoryOptions> InventoryOptionsFromFormat(bool given, const std::string& format) {
  InventoryOptions options;
  if (!given) return options;
  absl::StatusOr<InventoryFormat> parsed = ParseInventoryFormat(format);
  if (!parsed.ok()) return absl::InvalidArgumentError(absl::StrCat("--format: ", parsed.status().message()));
  options.format = *parsed;
  return options;
}

WalkResult WalkInventories(const std::vector<std::string>& paths, const InventoryOptions& options, bool progress,
                           std::ostream& err, const ArtifactVisitor& visit) {
  WalkResult result;
  for (const std::string& path : paths) {
    absl::StatusOr<std::unique_ptr<InventoryReader>> reader = InventoryReader::Open(path, options);
    if (!reader.ok()) {
      err << reader.status().message() << "\n";
      ++result.unreadable;
      continue;
    }
    const bool sbom =
        (*reader)->format() == InventoryFormat::kCycloneDx || (*reader)->format() == InventoryFormat::kSpdx;
    InventoryRecord record;
    const absl::Time started = absl::Now();
    uint64_t count = 0;
    while ((*reader)->Next(&record)) {
      visit(record, record.artifact.name());
      if (sbom) VisitComponents(record, record.artifact, record.artifact.name(), 0, visit);
      for (const InventoryProblem& problem : (*reader)->TakeProblems()) err << problem.ToString() << "\n";
      if (progress && ++count % 10000 == 0) Progress(**reader, count, started, err);
    }
    for (const InventoryProblem& problem : (*reader)->TakeProblems()) err << problem.ToString() << "\n";
    if (progress && count >= 10000) err << "\n";
    for (const IgnoredQuery& query : (*reader)->ignored()) err << "interdict: note: " << query.ToString() << "\n";
    result.skipped += (*reader)->skipped();
    result.ignored += (*reader)->ignored_rows();
    if (!(*reader)->status().ok()) {
      err << (*reader)->status().message() << "\n";
      ++result.unreadable;
    }
  }
  return result;
}

}  // namespace cli
}  // namespace interdict
