// Issue collection and the checks shared by the compiler's builders.
#include "policy/internal/issue_collector.h"

#include <algorithm>
#include <iterator>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace interdict {
namespace policy_internal {

std::string Quote(absl::string_view s) { return absl::StrCat("\"", s, "\""); }

IssueCollector::IssueCollector(const SourceMap* source_map, const CompileOptions& options)
    : source_map_(source_map), options_(options) {}

void IssueCollector::Report(CompileIssue::Severity severity, Code code, const std::string& path,
                            std::string message) {
  CompileIssue issue;
  issue.severity = severity;
  issue.code = code;
  issue.field_path = path;
  if (source_map_ != nullptr) {
    SourceLocation where = source_map_->Locate(path);
    issue.file = std::move(where.file);
    issue.line = where.line;
    issue.column = where.column;
    issue.field_path = source_map_->LocalPath(path);
  }
  issue.message = std::move(message);
  issues_.push_back(std::move(issue));
}

void IssueCollector::Append(IssueCollector&& other) {
  error_count_ += other.error_count_;
  issues_.insert(issues_.end(), std::make_move_iterator(other.issues_.begin()),
                 std::make_move_iterator(other.issues_.end()));
  other.issues_.clear();
  other.error_count_ = 0;
}

void IssueCollector::Error(Code code, const std::string& path, std::string message) {
  ++error_count_;
  Report(CompileIssue::Severity::kError, code, path, std::move(message));
}

void IssueCollector::Warning(Code code, const std::string& path, std::string message) {
  Report(CompileIssue::Severity::kWarning, code, path, std::move(message));
}

std::string IssueCollector::Where(const std::string& path) const {
  if (source_map_ == nullptr) return path;
  const SourceLocation where = source_map_->Locate(path);
  if (where.line > 0) return absl::StrCat(where.file, ":", where.line, ":", where.column);
  if (!where.file.empty()) return absl::StrCat(where.file, ": ", source_map_->LocalPath(path));
  return source_map_->LocalPath(path);
}

bool IssueCollector::CheckLength(const std::string& path, absl::string_view value) {
  return CheckLength([&path] { return path; }, value);
}

bool IssueCollector::CheckLength(absl::FunctionRef<std::string()> path, absl::string_view value) {
  if (value.size() <= options_.max_string_length) return true;
  Error(Code::kLimitExceeded, path(),
        absl::StrCat("is ", value.size(), " bytes, longer than the limit of ",
                     options_.max_string_length, " (CompileOptions::max_string_length)"));
  return false;
}

bool IssueCollector::CheckId(absl::FunctionRef<std::string()> path, absl::string_view id) {
  if (id.empty()) {
    Error(Code::kRequired, path(), "required");
    return false;
  }
  if (!CheckLength(path, id)) return false;
  const auto is_id_character = [](char c) {
    return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == ':' ||
           c == '/' || c == '-';
  };
  if (!std::all_of(id.begin(), id.end(), is_id_character)) {
    Error(Code::kInvalidValue, path(),
          absl::StrCat("invalid id ", Quote(id), ": use letters, digits and . _ : / -"));
    return false;
  }
  return true;
}

bool IssueCollector::RegisterId(absl::string_view id, uint32_t ordinal, absl::string_view kind,
                                absl::string_view scope, IdMap* first,
                                absl::FunctionRef<std::string(uint32_t)> path_of) {
  const auto path = [&] { return path_of(ordinal); };
  if (!CheckId(path, id)) return false;
  auto [it, inserted] = first->emplace(id, ordinal);
  if (!inserted) {
    Error(Code::kDuplicate, path(),
          absl::StrCat("duplicate ", kind, " id ", Quote(id), scope, " (first defined at ",
                       Where(path_of(it->second)), ")"));
  }
  return inserted;
}

bool IssueCollector::CheckLimit(const std::string& path, size_t count, size_t limit,
                                absl::string_view what, absl::string_view option) {
  return CheckLimit([&path] { return path; }, count, limit, what, option);
}

bool IssueCollector::CheckLimit(absl::FunctionRef<std::string()> path, size_t count, size_t limit,
                                absl::string_view what, absl::string_view option) {
  if (count <= limit) return true;
  Error(Code::kLimitExceeded, path(),
        absl::StrCat(count, " ", what, " exceed the limit of ", limit, " (CompileOptions::",
                     option, ")"));
  return false;
}

}  // namespace policy_internal
}  // namespace interdict
