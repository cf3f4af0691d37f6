// Checks of a bundle's strings, lists and enum values (bundle_values.h).
#include "policy/internal/bundle_values.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "policy/internal/utf8.h"

namespace interdict {
namespace policy_internal {
namespace {

using ::google::protobuf::EnumDescriptor;
using ::google::protobuf::FieldDescriptor;
using ::google::protobuf::Message;
using ::google::protobuf::Reflection;
using Code = CompileIssue::Code;

// Lists bounded by a CompileOptions member of their own (checked where they compile).
bool HasOwnLimit(const FieldDescriptor& field) {
  static const char* const kOwnLimits[] = {
      "interdict.v1.PolicyBundle.policies", "interdict.v1.PolicyBundle.entities",
      "interdict.v1.PolicyBundle.exemptions", "interdict.v1.PolicyBundle.expectations",
      "interdict.v1.Policy.rules", "interdict.v1.Rule.steps", "interdict.v1.Entity.aliases",
  };
  for (const char* name : kOwnLimits) {
    if (field.full_name() == name) return true;
  }
  return false;
}

class TextChecker {
 public:
  TextChecker(const CompileOptions& options, IssueCollector* issues) : options_(options), issues_(*issues) {}

  void Walk(const Message& message, const std::string& path) {
    const Reflection& reflection = *message.GetReflection();
    std::vector<const FieldDescriptor*> fields;
    reflection.ListFields(message, &fields);
    for (const FieldDescriptor* field : fields) {
      const std::string field_path = path.empty() ? field->name() : absl::StrCat(path, ".", field->name());
      if (!field->is_repeated()) {
        if (field->type() == FieldDescriptor::TYPE_STRING) {
          std::string scratch;
          CheckString(reflection.GetStringReference(message, field, &scratch), field_path);
        } else if (field->type() == FieldDescriptor::TYPE_ENUM) {
          CheckEnum(*field, reflection.GetEnumValue(message, field), field_path);
        } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
          Walk(reflection.GetMessage(message, field), field_path);
        }
        continue;
      }
      const int size = reflection.FieldSize(message, field);
      if (!HasOwnLimit(*field) && static_cast<size_t>(size) > options_.max_list_length) {
        issues_.Error(Code::kLimitExceeded, field_path,
                      absl::StrCat(size, " entries exceed the limit of ", options_.max_list_length,
                                   " (CompileOptions::max_list_length)"));
        continue;
      }
      for (int i = 0; i < size; ++i) {
        const std::string element_path = absl::StrCat(field_path, "[", i, "]");
        if (field->type() == FieldDescriptor::TYPE_STRING) {
          std::string scratch;
          CheckString(reflection.GetRepeatedStringReference(message, field, i, &scratch), element_path);
        } else if (field->type() == FieldDescriptor::TYPE_ENUM) {
          CheckEnum(*field, reflection.GetRepeatedEnumValue(message, field, i), element_path);
        } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
          Walk(reflection.GetRepeatedMessage(message, field, i), element_path);
        }
      }
    }
  }

 private:
  void CheckEnum(const FieldDescriptor& field, int value, const std::string& path) {
    const EnumDescriptor& type = *field.enum_type();
    if (type.FindValueByNumber(value) != nullptr) return;
    std::vector<std::string> names;
    for (int v = 0; v < type.value_count(); ++v) {
      if (type.value(v)->number() != 0) names.push_back(type.value(v)->name());
    }
    issues_.Error(Code::kInvalidValue, path,
                  absl::StrCat(value, " is not a value of ", type.name(), " (", absl::StrJoin(names, ", "), ")"));
  }

  void CheckString(const std::string& text, const std::string& path) {
    if (text.size() > options_.max_text_length) {
      issues_.Error(Code::kLimitExceeded, path,
                    absl::StrCat("is ", text.size(), " bytes, longer than the limit of ", options_.max_text_length,
                                 " (CompileOptions::max_text_length)"));
      return;
    }
    const size_t bad = FirstInvalidUtf8(text);
    if (bad != absl::string_view::npos) {
      issues_.Error(Code::kInvalidValue, path,
                    absl::StrFormat("not valid UTF-8: byte 0x%02X at offset %d", static_cast<unsigned char>(text[bad]),
                                    bad));
    }
  }

  const CompileOptions& options_;
  IssueCollector& issues_;
};

}  // namespace

void CheckBundleValues(const v1::PolicyBundle& bundle, const CompileOptions& options, IssueCollector* issues) {
  TextChecker(options, issues).Walk(bundle, "");
}

}  // namespace policy_internal
}  // namespace interdict
