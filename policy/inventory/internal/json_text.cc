// JSON text for the inventory decoders (json_text.h).
#include "policy/inventory/internal/json_text.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace interdict {
namespace inventory_internal {
namespace {

using Json = nlohmann::json;

// Longest key kept in a DuplicateKey, in bytes.
constexpr size_t kMaxKeyBytes = 256;

// Whether `path` is `prefix` or lies under it ("components[1]" and
// "components[1].hashes[0]" lie under "components[1]", "components[12]" does not).
bool Under(absl::string_view path, absl::string_view prefix) {
  if (!absl::StartsWith(path, prefix)) return false;
  if (prefix.empty() || path.size() == prefix.size()) return true;
  return path[prefix.size()] == '.' || path[prefix.size()] == '[';
}

// `key` as a JSON string, cut after kMaxKeyBytes at a character boundary.
std::string QuotedKey(absl::string_view key) {
  std::string text(key);
  if (text.size() > kMaxKeyBytes) {
    size_t end = kMaxKeyBytes;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    text.resize(end);
    text.append("...");
  }
  return Json(text).dump(-1, ' ', false, Json::error_handler_t::replace);
}

// One step of a JSON path: ".key" (or "key" first), or `["key"]` for a key that could
// read as a path itself or is too long.
void AppendKey(std::string* path, absl::string_view key) {
  bool plain = !key.empty() && key.size() <= kMaxKeyBytes;
  for (const char c : key) {
    if (c == '.' || c == '[' || c == ']' || c == '"' || static_cast<unsigned char>(c) < 0x20) plain = false;
  }
  if (!plain) {
    absl::StrAppend(path, "[", QuotedKey(key), "]");
  } else {
    absl::StrAppend(path, path->empty() ? "" : ".", key);
  }
}

// Where the parser is, one level per open object or array, and the keys each open
// object has had so far. Levels are kept when closed, so that their storage is
// reused by the next object at that depth.
class KeyTracker {
 public:
  // A value begins: a scalar, an object or an array.
  void Value() {
    if (depth_ > 0 && !levels_[depth_ - 1].object) ++levels_[depth_ - 1].elements;
  }
  void Open(bool object) {
    Value();
    if (depth_ == levels_.size()) levels_.emplace_back();
    Level& level = levels_[depth_++];
    level.object = object;
    level.elements = 0;
    level.key.clear();
    level.keys.clear();
  }
  void Close() { --depth_; }
  // A key of the innermost object; a repeated one is recorded in duplicates().
  void Key(const std::string& key) {
    Level& level = levels_[depth_ - 1];
    level.key = key;
    if (level.keys.insert(key).second) return;
    duplicates_.Add({Path(), QuotedKey(key)});
  }

  DuplicateKeys& duplicates() { return duplicates_; }

 private:
  struct Level {
    bool object = false;
    size_t elements = 0;     // An array's elements begun so far.
    std::string key;         // An object's current key.
    absl::flat_hash_set<std::string> keys;  // An object's keys so far.
  };

  // The path of the innermost object.
  std::string Path() const {
    std::string path;
    for (size_t i = 0; i + 1 < depth_; ++i) {
      if (levels_[i].object) {
        AppendKey(&path, levels_[i].key);
      } else {
        absl::StrAppend(&path, "[", levels_[i].elements - 1, "]");
      }
    }
    return path;
  }

  std::vector<Level> levels_;
  size_t depth_ = 0;
  DuplicateKeys duplicates_;
};

// A SAX handler that gives every event to `Sax` (nlohmann's DOM builder, or its
// acceptor) and tracks keys on the way. It stops once `stop_after` repeated keys are
// found, and records the first syntax error instead of throwing it.
template <typename Sax>
class KeyCheckingSax : public Sax {
 public:
  template <typename... Args>
  explicit KeyCheckingSax(size_t stop_after, Args&&... args)
      : Sax(std::forward<Args>(args)...), stop_after_(stop_after) {}

  bool null() {
    tracker_.Value();
    return Sax::null();
  }
  bool boolean(bool value) {
    tracker_.Value();
    return Sax::boolean(value);
  }
  bool number_integer(Json::number_integer_t value) {
    tracker_.Value();
    return Sax::number_integer(value);
  }
  bool number_unsigned(Json::number_unsigned_t value) {
    tracker_.Value();
    return Sax::number_unsigned(value);
  }
  bool number_float(Json::number_float_t value, const std::string& text) {
    tracker_.Value();
    return Sax::number_float(value, text);
  }
  bool string(std::string& value) {
    tracker_.Value();
    return Sax::string(value);
  }
  bool binary(Json::binary_t& value) {
    tracker_.Value();
    return Sax::binary(value);
  }
  bool start_object(std::size_t size) {
    tracker_.Open(/*object=*/true);
    return Sax::start_object(size);
  }
  bool end_object() {
    tracker_.Close();
    return Sax::end_object();
  }
  bool start_array(std::size_t size) {
    tracker_.Open(/*object=*/false);
    return Sax::start_array(size);
  }
  bool end_array() {
    tracker_.Close();
    return Sax::end_array();
  }
  bool key(std::string& key) {
    tracker_.Key(key);
    return tracker_.duplicates().size() < stop_after_ && Sax::key(key);
  }

  bool parse_error(std::size_t position, const std::string& last_token, const nlohmann::detail::exception& error) {
    if (message_.empty()) {
      message_ = error.what();
      position_ = position;
    }
    return false;
  }

  DuplicateKeys& duplicates() { return tracker_.duplicates(); }
  const std::string& message() const { return message_; }
  std::size_t position() const { return position_; }

 private:
  KeyTracker tracker_;
  size_t stop_after_;
  std::string message_;
  std::size_t position_ = 0;
};

// "line L, column C" of the 1-based byte `position` of `text`.
std::string Where(absl::string_view text, std::size_t position) {
  size_t line = 1;
  size_t column = 1;
  for (size_t i = 0; i + 1 < position && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return absl::StrCat("line ", line, ", column ", column);
}

}  // namespace

std::string DuplicateKey::ToString() const {
  return absl::StrCat(path, path.empty() ? "" : ": ", "duplicate key ", key);
}

const DuplicateKey* DuplicateKeys::Within(absl::string_view path, absl::string_view except) const {
  for (const DuplicateKey& key : keys_) {
    if (Under(key.path, path) && (except.empty() || !Under(key.path, except))) return &key;
  }
  return nullptr;
}

const DuplicateKey* DuplicateKeys::Outside(std::initializer_list<absl::string_view> paths) const {
  for (const DuplicateKey& key : keys_) {
    bool within = false;
    for (absl::string_view path : paths) within = within || Under(key.path, path);
    if (!within) return &key;
  }
  return nullptr;
}

absl::StatusOr<ParsedJson> ParseJson(absl::string_view text) {
  ParsedJson parsed;
  KeyCheckingSax<nlohmann::detail::json_sax_dom_parser<Json>> sax(kMaxDuplicateKeys + 1, parsed.value,
                                                                   /*allow_exceptions=*/false);
  const bool ok = Json::sax_parse(text.begin(), text.end(), &sax, Json::input_format_t::json, /*strict=*/true);
  if (!sax.message().empty()) {
    std::string message = sax.message();
    // nlohmann's messages begin "[json.exception.parse_error.101] parse error at line 1,
    // column 5: ..."; keep what follows the position.
    const size_t colon = message.find(": ");
    if (colon != std::string::npos) message = message.substr(colon + 2);
    return absl::InvalidArgumentError(absl::StrCat(Where(text, sax.position()), ": ", message));
  }
  if (!ok) {
    return absl::InvalidArgumentError(absl::StrCat("more than ", kMaxDuplicateKeys,
                                                    " duplicate keys, the first: ", sax.duplicates().Within("")->ToString()));
  }
  parsed.duplicates = std::move(sax.duplicates());
  return parsed;
}

std::optional<DuplicateKey> FindDuplicateKey(absl::string_view text) {
  KeyCheckingSax<nlohmann::detail::json_sax_acceptor<Json>> sax(1);
  Json::sax_parse(text.begin(), text.end(), &sax, Json::input_format_t::json, /*strict=*/true);
  if (const DuplicateKey* key = sax.duplicates().Within("")) return *key;
  return std::nullopt;
}

const char* JsonTypeName(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::object: return "an object";
    case nlohmann::json::value_t::array: return "an array";
    case nlohmann::json::value_t::string: return "a string";
    case nlohmann::json::value_t::boolean: return "a boolean";
    case nlohmann::json::value_t::null: return "null";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float: return "a number";
    case nlohmann::json::value_t::binary:
    case nlohmann::json::value_t::discarded: break;
  }
  return "an unknown value";
}

bool ReadString(const nlohmann::json& object, absl::string_view key, std::string* out,
                std::string* problem) {
  out->clear();
  if (!object.is_object()) return true;
  auto it = object.find(std::string(key));
  if (it == object.end() || it->is_null()) return true;
  if (it->is_string()) {
    *out = it->get<std::string>();
    return true;
  }
  if (it->is_number() || it->is_boolean()) {
    *out = it->dump();
    return true;
  }
  *problem = absl::StrCat(key, ": expected a string, got ", JsonTypeName(*it));
  return false;
}

}  // namespace inventory_internal
}  // namespace interdict
