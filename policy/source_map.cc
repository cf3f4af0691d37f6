// Field path -> source position map for merged policy bundles.
#include "policy/source_map.h"

#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace interdict {
namespace {

// Splits "policies[3].rules[0]" into list "policies", index 3 and rest ".rules[0]".
bool SplitTopLevel(absl::string_view path, absl::string_view* list, int* index,
                   absl::string_view* rest) {
  const size_t open = path.find('[');
  if (open == absl::string_view::npos || open == 0) return false;
  const size_t close = path.find(']', open);
  if (close == absl::string_view::npos) return false;
  if (path.substr(0, open).find('.') != absl::string_view::npos) return false;
  if (!absl::SimpleAtoi(path.substr(open + 1, close - open - 1), index)) return false;
  *list = path.substr(0, open);
  *rest = path.substr(close + 1);
  return true;
}

// The path without its last component (".field" or "[i]"); empty at the top.
absl::string_view Parent(absl::string_view path) {
  const size_t cut = path.find_last_of(".[");
  return cut == absl::string_view::npos ? absl::string_view() : path.substr(0, cut);
}

}  // namespace

void SourceMap::AddElement(absl::string_view list, absl::string_view file, int local_index) {
  // Elements come file by file: the file is usually the last one seen.
  if (files_.empty() || files_.back() != file) files_.emplace_back(file);
  auto it = elements_.find(list);
  if (it == elements_.end()) it = elements_.emplace(std::string(list), std::vector<Origin>()).first;
  it->second.push_back(Origin{static_cast<uint32_t>(files_.size() - 1), local_index});
}

void SourceMap::AddPosition(std::string merged_path, int line, int column) {
  positions_.insert_or_assign(std::move(merged_path), std::make_pair(line, column));
}

SourceLocation SourceMap::Locate(absl::string_view merged_path) const {
  SourceLocation location;
  absl::string_view list, rest;
  int index = 0;
  if (!SplitTopLevel(merged_path, &list, &index, &rest)) return location;
  auto it = elements_.find(list);
  if (it == elements_.end() || index < 0 || index >= static_cast<int>(it->second.size())) {
    return location;
  }
  location.file = files_[it->second[index].file];
  for (absl::string_view path = merged_path; !path.empty(); path = Parent(path)) {
    auto position = positions_.find(path);
    if (position != positions_.end()) {
      location.line = position->second.first;
      location.column = position->second.second;
      break;
    }
  }
  return location;
}

std::string SourceMap::LocalPath(absl::string_view merged_path) const {
  absl::string_view list, rest;
  int index = 0;
  if (!SplitTopLevel(merged_path, &list, &index, &rest)) return std::string(merged_path);
  auto it = elements_.find(list);
  if (it == elements_.end() || index < 0 || index >= static_cast<int>(it->second.size())) {
    return std::string(merged_path);
  }
  return absl::StrCat(list, "[", it->second[index].local_index, "]", rest);
}

}  // namespace interdict
