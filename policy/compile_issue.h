// File: policy/compile_issue.h
// -----------------------------------------------------------------------------
//
// A problem the compiler found in a policy bundle: its severity, a machine-readable
// code, where it was written (file, line, column when known), the field path inside
// the file and a message for people. Errors stop compilation; warnings (an expired
// exemption, a rule that can never fire) do not. Tools branch on `code`, never on
// the message text, which may be reworded.
//
// Example:
//
//   std::vector<interdict::CompileIssue> issues;
//   auto compiled = interdict::PolicyCompiler().Compile(loaded, &issues);
//   for (const auto& issue : issues) {
//     std::cerr << issue.ToString() << "\n";
//     if (issue.code == interdict::CompileIssue::Code::kUnknownReference) { ... }
//   }
//   // policies/x.textproto:12:7: policies[0].rules[1].select.product.regex:
//   //     invalid RE2: missing ): "(foo"
//
// Thread safety: a plain value type.

#ifndef INTERDICT_POLICY_COMPILE_ISSUE_H_
#define INTERDICT_POLICY_COMPILE_ISSUE_H_

#include <string>

#include "absl/strings/string_view.h"

namespace interdict {

struct CompileIssue {
  enum class Severity { kError, kWarning };

  // What kind of problem it is. Values are stable; new codes may be added.
  enum class Code {
    // A required field is empty or unset.
    kRequired = 1,
    // A value is malformed: an id, a tag, a hash, a purl or vers, a CPE, a version
    // bound, a negative number, an enum value that is not one. As a warning: a version
    // bound its scheme's own tool accepts only with a warning (dpkg's "a1.0").
    kInvalidValue = 2,
    // An id, a name, an action or a package namespace defined twice.
    kDuplicate = 3,
    // A reference to an entity, policy or rule that does not exist.
    kUnknownReference = 4,
    // A regular expression or path glob that does not compile.
    kInvalidPattern = 5,
    // A date, time or time zone that does not exist, or steps out of time order.
    kInvalidTime = 6,
    // Fields that cannot be used together (package with entity, offsets from first
    // sight with absolute instants, a selector that selects everything).
    kConflict = 7,
    // An entity relation that is reflexive or closes a cycle.
    kInvalidRelation = 8,
    // An exemption its policy does not permit: its purpose, blanket coverage, its length.
    kNotPermitted = 9,
    // A CompileOptions limit (counts, lengths, regex memory, component depth).
    kLimitExceeded = 10,
    // Warnings: a rule that can never fire, an exemption that can never apply or has
    // expired.
    kNeverApplies = 11,
    // Warnings: policy text that contradicts itself: a DENY step in an ADVISORY policy
    // (capped at WARN), a step less severe than the one before it with no label saying
    // why.
    kInconsistent = 12,
    // Warnings: a rule shadowed by another of its policy, which selects everything it
    // does for its actions and scope and is at least as severe at every instant.
    kShadowed = 13,
    // Warnings: an exemption that outlives every rule it names (each is ALLOW for good
    // before the exemption ends).
    kOutlivesRules = 14,
  };

  // "required", "invalid_value", ... (the code's name in snake case).
  static absl::string_view CodeName(Code code);

  Severity severity = Severity::kError;
  Code code = Code::kInvalidValue;
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
