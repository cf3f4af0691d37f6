// Formatting of compile issues.
#include "policy/compile_issue.h"

#include "absl/strings/str_cat.h"

namespace interdict {

std::string CompileIssue::ToString() const {
  std::string out;
  if (!file.empty()) {
    absl::StrAppend(&out, file, ":");
    if (line > 0) absl::StrAppend(&out, line, ":", column, ":");
    out += " ";
  }
  if (severity == Severity::kWarning) out += "warning: ";
  if (!field_path.empty()) absl::StrAppend(&out, field_path, ": ");
  out += message;
  return out;
}

}  // namespace interdict
