// File: policy/compile_issue.h
// -----------------------------------------------------------------------------
//
// A problem the compiler found in a policy bundle: its severity, where it was
// written (file, line, column when known) and the field path inside the file.
// Errors stop compilation; warnings (an expired exemption, a rule that can
// never fire) do not.
//
// Example:
//
//   std::vector<interdict::CompileIssue> issues;
//   auto compiled = interdict::PolicyCompiler().Compile(loaded, &issues);
//   for (const auto& issue : issues) std::cerr << issue.ToString() << "\n";
//   // policies/x.textproto:12:7: policies[0].rules[1].select.product.regex:
//   //     invalid RE2: missing ): "(foo"
//
// Thread safety: a plain value type.

#ifndef INTERDICT_POLICY_COMPILE_ISSUE_H_
#define INTERDICT_POLICY_COMPILE_ISSUE_H_

#include <string>

namespace interdict {

struct CompileIssue {
  enum class Severity { kError, kWarning };

  Severity severity = Severity::kError;
  // Source file, empty when the bundle was not loaded from files.
  std::string file;
  // 1-based; 0 when unknown (binary or JSON input, or a field left at its default
  // whose enclosing element's position is used instead).
  int line = 0;
  int column = 0;
  // Field path within the file, e.g. "policies[0].rules[1].steps[0].at.zone".
  std::string field_path;
  std::string message;

  // "file:line:col: field_path: message", with "warning: " before the field path for
  // warnings; parts that are unknown are left out.
  std::string ToString() const;
};

}  // namespace interdict

#endif  // INTERDICT_POLICY_COMPILE_ISSUE_H_
