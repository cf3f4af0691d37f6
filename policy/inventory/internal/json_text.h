// File: policy/inventory/internal/json_text.h
// -----------------------------------------------------------------------------
//
// JSON text for the inventory decoders: parsing with a message that says where the
// text is wrong (nlohmann's DOM, no exceptions reach the caller), finding keys that an
// object repeats, and reading fields the way inventory tools write them (osquery writes
// every column as a string).
//
// A repeated key ({"name": "Kaspersky Anti-Virus", "name": "Notepad"}) makes a record
// say two things: JSON parsers disagree on which value wins (nlohmann keeps the last,
// others the first, some refuse), so a scanner and Interdict could read different
// software from the same line. The parse records every repeated key with the JSON path
// of its object, and the decoders report the record it is in rather than choose.
//
// Example:
//
//   absl::StatusOr<ParsedJson> parsed = ParseJson(line);
//   if (const DuplicateKey* repeated = parsed->duplicates.Within("columns")) {
//     problem = repeated->ToString();  // "columns: duplicate key \"name\""
//   }
//   std::string name;
//   if (!ReadString(parsed->value, "name", &name, &problem)) { ... }
//
// Thread safety: reentrant.

#ifndef INTERDICT_POLICY_INVENTORY_INTERNAL_JSON_TEXT_H_
#define INTERDICT_POLICY_INVENTORY_INTERNAL_JSON_TEXT_H_

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "nlohmann/json.hpp"

namespace interdict {
namespace inventory_internal {

// Most repeated keys one text may hold: past this, ParseJson refuses the text (it is
// not what any tool writes), so that looking them up stays cheap.
constexpr size_t kMaxDuplicateKeys = 64;

// A key that an object repeats.
struct DuplicateKey {
  // The object's JSON path, as the decoders write paths ("components[1].hashes[0]";
  // "" for the top level). A key that is empty or holds one of `.[]"` or a control
  // character is written `["key"]`, so that no key reads as a path of its own.
  std::string path;
  std::string key;  // As a JSON string, cut after 256 bytes: "\"name\"".

  // "components[1]: duplicate key \"name\"" (without "path: " at the top level).
  std::string ToString() const;
};

// The repeated keys of one text, in text order.
class DuplicateKeys {
 public:
  bool empty() const { return keys_.empty(); }
  // The first repeated key in the object at `path` or in anything nested in it, but not
  // in what is nested under `except` (a path under `path`: a component's own nested
  // components, which are read on their own); nullptr when there is none.
  const DuplicateKey* Within(absl::string_view path, absl::string_view except = {}) const;
  // The first repeated key within none of `paths`; nullptr when there is none.
  const DuplicateKey* Outside(std::initializer_list<absl::string_view> paths) const;

  // Building (ParseJson).
  void Add(DuplicateKey key) { keys_.push_back(std::move(key)); }
  size_t size() const { return keys_.size(); }

 private:
  std::vector<DuplicateKey> keys_;
};

// A parsed JSON value and the keys its objects repeat (nlohmann keeps the last value).
struct ParsedJson {
  nlohmann::json value;
  DuplicateKeys duplicates;
};

// Parses `text` as one JSON value. Errors (kInvalidArgument) say where: "line 3,
// column 14: syntax error ...", including invalid UTF-8 in strings; and more than
// kMaxDuplicateKeys repeated keys.
absl::StatusOr<ParsedJson> ParseJson(absl::string_view text);

// The first repeated key of `text` (none when there is none, or when `text` is not
// JSON): for text that another parser decodes (protobuf's, for InventoryItem lines).
std::optional<DuplicateKey> FindDuplicateKey(absl::string_view text);

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
