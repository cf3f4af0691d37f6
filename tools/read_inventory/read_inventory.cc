// Reads inventories with the library's readers and prints what they hold: the format,
// records read, records skipped with their reasons, osquery rows ignored (per query),
// and whether each input ended early. A diagnostic for the readers (and how their memory is measured: see
// policy/inventory/README.md).
//
//   bazel run //tools/read_inventory -- [--format=auto|jsonl|osquery|cyclonedx|spdx] FILE...
//
// Exit status: 0 every input read to its end with no bad record; 2 otherwise.
#include <iostream>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "policy/inventory/inventory.h"

int main(int argc, char** argv) {
  interdict::InventoryOptions options;
  bool clean = true;
  for (int i = 1; i < argc; ++i) {
    absl::string_view arg = argv[i];
    if (absl::ConsumePrefix(&arg, "--format=")) {
      absl::StatusOr<interdict::InventoryFormat> format = interdict::ParseInventoryFormat(arg);
      if (!format.ok()) {
        std::cerr << format.status().message() << "\n";
        return 2;
      }
      options.format = *format;
      continue;
    }
    absl::StatusOr<std::unique_ptr<interdict::InventoryReader>> reader =
        interdict::InventoryReader::Open(argv[i], options);
    if (!reader.ok()) {
      std::cerr << reader.status().message() << "\n";
      clean = false;
      continue;
    }
    uint64_t records = 0;
    uint64_t components = 0;
    interdict::InventoryRecord record;
    while ((*reader)->Next(&record)) {
      ++records;
      components += static_cast<uint64_t>(record.artifact.components_size());
      for (const interdict::InventoryProblem& problem : (*reader)->TakeProblems()) {
        std::cerr << problem.ToString() << "\n";
      }
    }
    for (const interdict::InventoryProblem& problem : (*reader)->TakeProblems()) {
      std::cerr << problem.ToString() << "\n";
    }
    for (const interdict::IgnoredQuery& query : (*reader)->ignored()) std::cerr << query.ToString() << "\n";
    std::cout << argv[i] << ": " << interdict::InventoryFormatName((*reader)->format()) << ", " << records
              << " records (" << components << " top-level components), " << (*reader)->skipped()
              << " skipped, " << (*reader)->ignored_rows() << " ignored, " << (*reader)->bytes_read()
              << " bytes\n";
    if (!(*reader)->status().ok()) std::cerr << (*reader)->status().message() << "\n";
    clean = clean && (*reader)->skipped() == 0 && (*reader)->status().ok();
  }
  return clean ? 0 : 2;
}
