// Formatting of compile issues.
#include "policy/compile_issue.h"

#include "absl/strings/str_cat.h"

namespace interdict {

absl::string_view CompileIssue::CodeName(Code code) {
  switch (code) {
    case Code::kRequired: return "required";
    case Code::kInvalidValue: return "invalid_value";
    case Code::kDuplicate: return "duplicate";
    case Code::kUnknownReference: return "unknown_reference";
    case Code::kInvalidPattern: return "invalid_pattern";
    case Code::kInvalidTime: return "invalid_time";
    case Code::kConflict: return "conflict";
    case Code::kInvalidRelation: return "invalid_relation";
    case Code::kNotPermitted: return "not_permitted";
    case Code::kLimitExceeded: return "limit_exceeded";
    case Code::kNeverApplies: return "never_applies";
    case Code::kInconsistent: return "inconsistent";
    case Code::kShadowed: return "shadowed";
    case Code::kOutlivesRules: return "outlives_rules";
  }
  return "unknown";
}

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
