// File: policy/source_map.h
// -----------------------------------------------------------------------------
//
// Maps field paths of a merged PolicyBundle back to the file, line and column
// they were written at, so that compile issues point at the author's text.
//
// Field paths use proto field names and 0-based indexes, e.g.
// "policies[3].rules[0].select.product.regex" or "policies[0].rules[1].actions[2]".
// Paths of the merged bundle count elements across all files; `LocalPath`
// converts one to the index within its own file.
//
// Example:
//
//   interdict::SourceLocation where =
//       loaded.source_map.Locate("policies[1].rules[0].id");
//   // where.file == "b.textproto", where.line == 7, where.column == 5
//   std::string local = loaded.source_map.LocalPath("policies[1].rules[0].id");
//   // "policies[0].rules[0].id" when policies[1] is the first policy of b.textproto
//
// Thread safety: immutable once built by PolicyLoader; safe to read from many
// threads.

#ifndef INTERDICT_POLICY_SOURCE_MAP_H_
#define INTERDICT_POLICY_SOURCE_MAP_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"

namespace interdict {

// Where a field was written. line and column are 1-based; 0 means unknown (binary
// and JSON inputs carry no positions).
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
};

class SourceMap {
 public:
  // Where the field at `merged_path` was written. When the exact path has no recorded
  // position (a field left at its default, or a non-text input), the nearest recorded
  // ancestor's position is returned; the file is known for any path under a top-level
  // element. Unknown paths give an empty location.
  SourceLocation Locate(absl::string_view merged_path) const;

  // `merged_path` with its top-level index ("policies[3]") replaced by the index within
  // the file the element came from. Paths not under a top-level element are returned
  // unchanged.
  std::string LocalPath(absl::string_view merged_path) const;

  // Building (used by PolicyLoader). `AddElement` records that the next element of the
  // top-level list `list` ("policies", "entities", "exemptions") came from `file` where
  // it had index `local_index`.
  void AddElement(absl::string_view list, absl::string_view file, int local_index);
  // Records a field position under a merged path.
  void AddPosition(std::string merged_path, int line, int column);

 private:
  struct Origin {
    uint32_t file;  // Into files_.
    int local_index;
  };
  std::vector<std::string> files_;
  absl::flat_hash_map<std::string, std::vector<Origin>> elements_;
  absl::flat_hash_map<std::string, std::pair<int, int>> positions_;
};

}  // namespace interdict

#endif  // INTERDICT_POLICY_SOURCE_MAP_H_
