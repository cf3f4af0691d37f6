// File: policy/inventory/internal/json_text.h
// -----------------------------------------------------------------------------
//
// JSON text for the inventory decoders: parsing with a message that says where the
// text is wrong (nlohmann's DOM, no exceptions reach the caller), and reading fields
// the way inventory tools write them (osquery writes every column as a string).
//
// Example:
//
//   absl::StatusOr<nlohmann::json> value = ParseJson(line);
//   std::string name;
//   if (!ReadString(*value, "name", &name, &problem)) { ... }
//
// Thread safety: reentrant.

#ifndef INTERDICT_POLICY_INVENTORY_INTERNAL_JSON_TEXT_H_
#define INTERDICT_POLICY_INVENTORY_INTERNAL_JSON_TEXT_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "nlohmann/json.hpp"

namespace interdict {
namespace inventory_internal {

// Parses `text` as one JSON value. Errors (kInvalidArgument) say where: "line 3,
// column 14: syntax error ...", including invalid UTF-8 in strings.
absl::StatusOr<nlohmann::json> ParseJson(absl::string_view text);

// The string member `key` of `object`: absent or null gives "" (true); a string is
// copied; a number or boolean is written as text (osquery's all-string columns, and
// tools that write versions as numbers); anything else is an error ("`key`: expected a
// string, got an object") in `*problem` (false).
bool ReadString(const nlohmann::json& object, absl::string_view key, std::string* out,
                std::string* problem);

// "object", "array", "string", "number", "boolean", "null".
const char* JsonTypeName(const nlohmann::json& value);

}  // namespace inventory_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INVENTORY_INTERNAL_JSON_TEXT_H_
