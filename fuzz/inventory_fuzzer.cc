// Fuzz target: an inventory, read to its end by InventoryReader::FromStream once per
// format (auto-detected, then forced to each of JSONL, osquery, CycloneDX and SPDX), so
// that every decoder meets every input, whatever its format detection would say.
//
// The limits are small (InventoryOptions) so that inputs of a few KiB reach the paths
// of over-long lines, over-large documents and the summary of many ignored queries.
//
// Invariants: a forced format is the reader's format, a detected one is a real format;
// records come with increasing indexes and lines within the input; no more bytes are
// read than there are; the ignored-query summary stays within its bounds and counts
// every ignored row; every problem and summary renders.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <sstream>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "fuzz/fuzz_check.h"
#include "policy/inventory/inventory.h"

namespace interdict {
namespace fuzzing {
namespace {

void ReadAll(const std::string& bytes, InventoryFormat format) {
  InventoryOptions options;
  options.format = format;
  options.max_line_bytes = 1024;
  options.max_document_bytes = 16 << 10;
  options.max_ignored_queries = 4;
  std::istringstream in(bytes);
  absl::StatusOr<std::unique_ptr<InventoryReader>> opened = InventoryReader::FromStream(&in, "fuzz", options);
  if (!opened.ok()) return;
  InventoryReader& reader = **opened;
  const std::string name(InventoryFormatName(format));
  FUZZ_CHECK(format == InventoryFormat::kAuto ? reader.format() != InventoryFormat::kAuto
                                              : reader.format() == format,
             name);
  const uint64_t lines = static_cast<uint64_t>(std::count(bytes.begin(), bytes.end(), '\n')) + 1;
  InventoryRecord record;
  uint64_t records = 0;
  uint64_t last_index = 0;
  while (reader.Next(&record)) {
    FUZZ_CHECK(records == 0 || record.index > last_index, absl::StrCat(name, ": record ", record.index));
    FUZZ_CHECK(record.line <= lines, absl::StrCat(name, ": line ", record.line));
    last_index = record.index;
    ++records;
    // Take the problems as they come, as a host streaming a large input would.
    for (const InventoryProblem& problem : reader.TakeProblems()) {
      FUZZ_CHECK(!problem.ToString().empty(), name);
    }
  }
  FUZZ_CHECK(reader.bytes_read() <= bytes.size(), absl::StrCat(name, ": read ", reader.bytes_read()));
  for (const InventoryProblem& problem : reader.problems()) {
    FUZZ_CHECK(!problem.ToString().empty(), name);
  }
  FUZZ_CHECK(reader.ignored().size() <= options.max_ignored_queries + 1, name);
  uint64_t ignored_rows = 0;
  for (const IgnoredQuery& query : reader.ignored()) {
    FUZZ_CHECK(query.rows > 0 && query.columns.size() <= 32 && query.columns.size() <= query.column_count,
               query.ToString());
    ignored_rows += query.rows;
  }
  FUZZ_CHECK(ignored_rows == reader.ignored_rows(), absl::StrCat(name, ": ", ignored_rows, " ignored rows"));
}

}  // namespace
}  // namespace fuzzing
}  // namespace interdict

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using interdict::InventoryFormat;
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  for (InventoryFormat format : {InventoryFormat::kAuto, InventoryFormat::kJsonl, InventoryFormat::kOsquery,
                                 InventoryFormat::kCycloneDx, InventoryFormat::kSpdx}) {
    interdict::fuzzing::ReadAll(bytes, format);
  }
  return 0;
}
