// Field paths and spelling suggestions for text-format parse errors.
#include "policy/internal/text_diagnosis.h"

#include <algorithm>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "re2/re2.h"

namespace interdict {
namespace policy_internal {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::io::Tokenizer;

// A message being read: its type, its path, and how many elements of each repeated
// field it has had so far.
struct Frame {
  const Descriptor* type = nullptr;
  std::string path;
  absl::flat_hash_map<std::string, int> counts;
  std::string list_field;  // Inside `field: [ ... ]`, that field.
};

class Silent : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int, google::protobuf::io::ColumnNumber, const std::string&) override {}
};

size_t EditDistance(absl::string_view a, absl::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// The text between the first pair of double quotes after `after` in `message`.
std::string QuotedAfter(const std::string& message, absl::string_view after) {
  const size_t at = message.find(std::string(after));
  if (at == std::string::npos) return "";
  const size_t open = message.find('"', at + after.size());
  if (open == std::string::npos) return "";
  const size_t close = message.find('"', open + 1);
  if (close == std::string::npos) return "";
  return message.substr(open + 1, close - open - 1);
}

// The element path of a new value of `name` in `frame`, counting it.
std::string ElementPath(Frame* frame, const std::string& name) {
  const std::string field_path = frame->path.empty() ? name : absl::StrCat(frame->path, ".", name);
  const FieldDescriptor* field = frame->type == nullptr ? nullptr : frame->type->FindFieldByName(name);
  if (field == nullptr || !field->is_repeated()) return field_path;
  return absl::StrCat(field_path, "[", frame->counts[name]++, "]");
}

// The message frames open at (line, column) of `text`, outermost first.
std::vector<Frame> FramesAt(absl::string_view text, int line, int column, const Descriptor& root) {
  google::protobuf::io::ArrayInputStream input(text.data(), static_cast<int>(text.size()));
  Silent silent;
  Tokenizer tokenizer(&input, &silent);
  tokenizer.set_comment_style(Tokenizer::SH_COMMENT_STYLE);
  std::vector<Frame> frames(1);
  frames[0].type = &root;
  std::string field;        // The field name last read at the current level.
  bool value_next = false;  // After "name:", the value.
  while (tokenizer.Next()) {
    const Tokenizer::Token& token = tokenizer.current();
    if (token.line > line || (token.line == line && token.column >= column)) break;
    Frame& frame = frames.back();
    const bool in_list = !frame.list_field.empty();
    if (token.type == Tokenizer::TYPE_SYMBOL) {
      const std::string& symbol = token.text;
      if (symbol == ":") {
        value_next = true;
      } else if (symbol == "{" || symbol == "<") {
        const std::string& name = in_list ? frame.list_field : field;
        const FieldDescriptor* descriptor =
            frame.type == nullptr ? nullptr : frame.type->FindFieldByName(name);
        Frame child;
        child.path = ElementPath(&frame, name);
        child.type = descriptor == nullptr ? nullptr : descriptor->message_type();
        frames.push_back(std::move(child));
        value_next = false;
      } else if (symbol == "}" || symbol == ">") {
        if (frames.size() > 1) frames.pop_back();
        value_next = false;
      } else if (symbol == "[") {
        frame.list_field = field;
        value_next = false;
      } else if (symbol == "]") {
        frame.list_field.clear();
      }
      continue;
    }
    if (in_list) {
      ElementPath(&frame, frame.list_field);  // A scalar element: counted.
    } else if (value_next) {
      ElementPath(&frame, field);
      value_next = false;
    } else if (token.type == Tokenizer::TYPE_IDENTIFIER) {
      field = token.text;
    }
  }
  return frames;
}

std::vector<std::string> FieldNames(const Descriptor& type) {
  std::vector<std::string> names;
  for (int f = 0; f < type.field_count(); ++f) names.push_back(type.field(f)->name());
  return names;
}

std::vector<std::string> EnumNames(const FieldDescriptor& field) {
  std::vector<std::string> values;
  for (int v = 0; v < field.enum_type()->value_count(); ++v) values.push_back(field.enum_type()->value(v)->name());
  return values;
}

// The field at `path` ("policies[0].rules[1]") from `root`, and the message type it
// leads to; null when some step is not a field.
const FieldDescriptor* FieldAt(absl::string_view path, const Descriptor& root, const Descriptor** type) {
  const Descriptor* current = &root;
  const FieldDescriptor* field = nullptr;
  for (absl::string_view step : absl::StrSplit(path, '.')) {
    if (current == nullptr) return nullptr;
    const size_t bracket = step.find('[');
    if (bracket != absl::string_view::npos) step = step.substr(0, bracket);
    field = current->FindFieldByName(std::string(step));
    if (field == nullptr) return nullptr;
    current = field->message_type();
  }
  *type = current;
  return field;
}

}  // namespace

std::string ClosestName(absl::string_view name, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_distance = std::max<size_t>(1, name.size() / 3) + 1;
  for (const std::string& candidate : candidates) {
    const size_t distance = EditDistance(name, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best;
}

std::string DiagnoseTextError(absl::string_view text, int line, int column,
                              const std::string& message, const Descriptor& root) {
  const std::vector<Frame> frames = FramesAt(text, line, column, root);
  const Frame& frame = frames.back();
  std::string suggestion;
  const std::string unknown_field = QuotedAfter(message, "has no field named");
  const std::string enum_value = QuotedAfter(message, "Unknown enumeration value of");
  if (!unknown_field.empty() && frame.type != nullptr) {
    suggestion = ClosestName(unknown_field, FieldNames(*frame.type));
  } else if (!enum_value.empty() && frame.type != nullptr) {
    const FieldDescriptor* field = frame.type->FindFieldByName(QuotedAfter(message, "for field"));
    if (field != nullptr && field->enum_type() != nullptr) suggestion = ClosestName(enum_value, EnumNames(*field));
  }
  std::string out = frame.path.empty() ? message : absl::StrCat(frame.path, ": ", message);
  if (!suggestion.empty()) absl::StrAppend(&out, " Did you mean \"", suggestion, "\"?");
  return out;
}

std::string DiagnoseJsonError(const std::string& message, const Descriptor& root) {
  static const LazyRE2 kUnknownField = {R"re((?:\(([^)]*)\) )?(\w+): Cannot find field\.)re"};
  static const LazyRE2 kBadValue = {R"re(\(([^)]*)\): invalid value "(\w+)" for type .*)re"};
  std::string path;
  std::string name;
  if (RE2::FullMatch(message, *kUnknownField, &path, &name)) {
    const Descriptor* type = &root;
    if (!path.empty() && FieldAt(path, root, &type) == nullptr) type = nullptr;
    std::string out = absl::StrCat(path.empty() ? "" : path + ": ", "no field named \"", name, "\".");
    const std::string suggestion = type == nullptr ? "" : ClosestName(name, FieldNames(*type));
    if (!suggestion.empty()) absl::StrAppend(&out, " Did you mean \"", suggestion, "\"?");
    return out;
  }
  if (RE2::FullMatch(message, *kBadValue, &path, &name)) {
    const Descriptor* type = nullptr;
    const FieldDescriptor* field = FieldAt(path, root, &type);
    std::string out = absl::StrCat(path, ": invalid value \"", name, "\".");
    if (field != nullptr && field->enum_type() != nullptr) {
      const std::string suggestion = ClosestName(name, EnumNames(*field));
      if (!suggestion.empty()) absl::StrAppend(&out, " Did you mean \"", suggestion, "\"?");
    }
    return out;
  }
  return message;
}

}  // namespace policy_internal
}  // namespace interdict
