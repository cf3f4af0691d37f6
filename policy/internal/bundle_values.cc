// Checks of a bundle's strings, lists and enum values (bundle_values.h).
#include "policy/internal/bundle_values.h"

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "policy/internal/utf8.h"

namespace interdict {
namespace policy_internal {
namespace {

using ::google::protobuf::Descriptor;
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

// Walks a bundle by reflection. What to look at in each message type is worked out once
// per type (its string, enum and message fields, and its Reflection), and the path of
// the value being checked is kept as a stack of (field, index), spelled out only for an
// error: a million-rule bundle holds tens of millions of values, and listing each
// message's fields and formatting each value's path cost more than the rest of the
// compilation.
class TextChecker {
 public:
  TextChecker(const CompileOptions& options, IssueCollector* issues) : options_(options), issues_(*issues) {
    path_.reserve(16);
  }

  void Check(const Message& message) { Walk(message, PlanFor(message)); }

 private:
  enum class Kind { kString, kEnum, kMessage };
  struct Plan;
  struct Field {
    const FieldDescriptor* descriptor;
    Kind kind;
    Plan* plan = nullptr;  // kMessage: the field's type, once an instance is seen.
  };
  struct Plan {
    const Reflection* reflection;
    std::vector<Field> fields;  // In field-number order, the order errors are reported.
  };
  struct PathElement {
    const FieldDescriptor* field;
    int index;  // -1 for the field itself.
  };

  Plan& PlanFor(const Message& message) {
    std::unique_ptr<Plan>& plan = plans_[message.GetDescriptor()];
    if (plan != nullptr) return *plan;
    const Descriptor& type = *message.GetDescriptor();
    plan = std::make_unique<Plan>();
    plan->reflection = message.GetReflection();
    for (int f = 0; f < type.field_count(); ++f) {
      const FieldDescriptor* field = type.field(f);
      if (field->type() == FieldDescriptor::TYPE_STRING) {
        plan->fields.push_back({field, Kind::kString});
      } else if (field->type() == FieldDescriptor::TYPE_ENUM) {
        plan->fields.push_back({field, Kind::kEnum});
      } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
        plan->fields.push_back({field, Kind::kMessage});
      }
    }
    std::sort(plan->fields.begin(), plan->fields.end(),
              [](const Field& a, const Field& b) { return a.descriptor->number() < b.descriptor->number(); });
    return *plan;
  }

  // The plan of a message field's type, from its first instance.
  Plan& PlanOf(Field& field, const Message& instance) {
    if (field.plan == nullptr) field.plan = &PlanFor(instance);
    return *field.plan;
  }

  void Walk(const Message& message, Plan& plan) {
    const Reflection& reflection = *plan.reflection;
    for (Field& field : plan.fields) {
      const FieldDescriptor* descriptor = field.descriptor;
      if (descriptor->is_repeated()) {
        const int size = reflection.FieldSize(message, descriptor);
        if (size == 0) continue;
        path_.push_back({descriptor, -1});
        WalkList(message, reflection, field, size);
      } else if (field.kind == Kind::kString) {
        const std::string& text = reflection.GetStringReference(message, descriptor, &scratch_);
        if (text.empty()) continue;
        path_.push_back({descriptor, -1});
        CheckString(text);
      } else if (field.kind == Kind::kEnum) {
        const int value = reflection.GetEnumValue(message, descriptor);
        if (value == 0) continue;  // Every proto3 enum's first value.
        path_.push_back({descriptor, -1});
        CheckEnum(*descriptor, value);
      } else {
        if (!reflection.HasField(message, descriptor)) continue;
        path_.push_back({descriptor, -1});
        const Message& child = reflection.GetMessage(message, descriptor);
        Walk(child, PlanOf(field, child));
      }
      path_.pop_back();
    }
  }

  void WalkList(const Message& message, const Reflection& reflection, Field& field, int size) {
    const FieldDescriptor* descriptor = field.descriptor;
    if (static_cast<size_t>(size) > options_.max_list_length && !HasOwnLimit(*descriptor)) {
      issues_.Error(Code::kLimitExceeded, Path(),
                    absl::StrCat(size, " entries exceed the limit of ", options_.max_list_length,
                                 " (CompileOptions::max_list_length)"));
      return;
    }
    for (int i = 0; i < size; ++i) {
      path_.back().index = i;
      if (field.kind == Kind::kString) {
        CheckString(reflection.GetRepeatedStringReference(message, descriptor, i, &scratch_));
      } else if (field.kind == Kind::kEnum) {
        CheckEnum(*descriptor, reflection.GetRepeatedEnumValue(message, descriptor, i));
      } else {
        const Message& child = reflection.GetRepeatedMessage(message, descriptor, i);
        Walk(child, PlanOf(field, child));
      }
    }
  }

  // The path of the value being checked, as the issue collector reads it.
  std::string Path() const {
    std::string path;
    for (const PathElement& element : path_) {
      if (!path.empty()) path += '.';
      path += element.field->name();
      if (element.index >= 0) absl::StrAppend(&path, "[", element.index, "]");
    }
    return path;
  }

  void CheckEnum(const FieldDescriptor& field, int value) {
    const EnumDescriptor& type = *field.enum_type();
    if (type.FindValueByNumber(value) != nullptr) return;
    std::vector<std::string> names;
    for (int v = 0; v < type.value_count(); ++v) {
      if (type.value(v)->number() != 0) names.push_back(type.value(v)->name());
    }
    issues_.Error(Code::kInvalidValue, Path(),
                  absl::StrCat(value, " is not a value of ", type.name(), " (", absl::StrJoin(names, ", "), ")"));
  }

  void CheckString(const std::string& text) {
    if (text.size() > options_.max_text_length) {
      issues_.Error(Code::kLimitExceeded, Path(),
                    absl::StrCat("is ", text.size(), " bytes, longer than the limit of ", options_.max_text_length,
                                 " (CompileOptions::max_text_length)"));
      return;
    }
    const size_t bad = FirstInvalidUtf8(text);
    if (bad != absl::string_view::npos) {
      issues_.Error(Code::kInvalidValue, Path(),
                    absl::StrFormat("not valid UTF-8: byte 0x%02X at offset %d", static_cast<unsigned char>(text[bad]),
                                    bad));
    }
  }

  const CompileOptions& options_;
  IssueCollector& issues_;
  absl::flat_hash_map<const Descriptor*, std::unique_ptr<Plan>> plans_;
  std::vector<PathElement> path_;
  std::string scratch_;  // For reflection's string accessors (unused by generated messages).
};

}  // namespace

void CheckBundleValues(const v1::PolicyBundle& bundle, const CompileOptions& options, IssueCollector* issues) {
  TextChecker(options, issues).Check(bundle);
}

}  // namespace policy_internal
}  // namespace interdict
