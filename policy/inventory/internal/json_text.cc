// JSON text for the inventory decoders (json_text.h).
#include "policy/inventory/internal/json_text.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace interdict {
namespace inventory_internal {
namespace {

// Builds the DOM as nlohmann's own parser does, but records the first error instead of
// throwing it.
class ErrorRecorder : public nlohmann::detail::json_sax_dom_parser<nlohmann::json> {
 public:
  explicit ErrorRecorder(nlohmann::json* root)
      : nlohmann::detail::json_sax_dom_parser<nlohmann::json>(*root, /*allow_exceptions=*/false) {}

  bool parse_error(std::size_t position, const std::string& last_token,
                   const nlohmann::detail::exception& error) {
    if (message_.empty()) {
      message_ = error.what();
      position_ = position;
      last_token_ = last_token;
    }
    return false;
  }

  const std::string& message() const { return message_; }
  std::size_t position() const { return position_; }

 private:
  std::string message_;
  std::size_t position_ = 0;
  std::string last_token_;
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

absl::StatusOr<nlohmann::json> ParseJson(absl::string_view text) {
  nlohmann::json value;
  ErrorRecorder recorder(&value);
  const bool ok = nlohmann::json::sax_parse(text.begin(), text.end(), &recorder,
                                            nlohmann::json::input_format_t::json, /*strict=*/true);
  if (!ok || !recorder.message().empty()) {
    std::string message = recorder.message();
    // nlohmann's messages begin "[json.exception.parse_error.101] parse error at line 1,
    // column 5: ..."; keep what follows the position.
    const size_t colon = message.find(": ");
    if (colon != std::string::npos) message = message.substr(colon + 2);
    return absl::InvalidArgumentError(absl::StrCat(Where(text, recorder.position()), ": ", message));
  }
  return value;
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
