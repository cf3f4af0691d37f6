// File: policy/internal/text_diagnosis.h
// -----------------------------------------------------------------------------
//
// Turns a protobuf text-format (or JSON) parse error into the form of compile errors: the
// field path of the message the error is in, the parser's message, and, for a
// misspelt field or enum value, the closest name the schema has:
//
//   policies[0].rules[0]: Message type "interdict.v1.Rule" has no field named
//   "selector". Did you mean "select"?
//
// The path is recovered by re-reading the text up to the error with protobuf's own
// tokenizer, counting the elements of repeated fields as the parser does.
//
// Example:
//
//   std::string what = DiagnoseTextError(text, line, column, parser_message,
//                                        *v1::PolicyBundle::descriptor());
//
// Thread safety: pure function.

#ifndef INTERDICT_POLICY_INTERNAL_TEXT_DIAGNOSIS_H_
#define INTERDICT_POLICY_INTERNAL_TEXT_DIAGNOSIS_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"

namespace interdict {
namespace policy_internal {

// `line` and `column` are the parser's (0-based); `root` is the type of the whole text.
// Returns "path: message" (no path when the error is at the top level), with a
// suggestion appended when one name is close to the misspelt one.
std::string DiagnoseTextError(absl::string_view text, int line, int column,
                              const std::string& message,
                              const google::protobuf::Descriptor& root);

// The same for an error of protobuf's JSON parser, whose messages carry a path but no
// position: "(policies[0].rules[1]) selector: Cannot find field." becomes
// "policies[0].rules[1]: no field named "selector". Did you mean "select"?"; an
// invalid enum value gets the closest value. Other messages are returned unchanged.
std::string DiagnoseJsonError(const std::string& message, const google::protobuf::Descriptor& root);

// The name of `candidates` closest to `name` by edit distance, if it is close enough
// to be a likely misspelling (at most a third of the name's length, at least one
// edit); empty otherwise.
std::string ClosestName(absl::string_view name, const std::vector<std::string>& candidates);

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_TEXT_DIAGNOSIS_H_
