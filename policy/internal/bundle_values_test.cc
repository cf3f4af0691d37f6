#include "policy/internal/bundle_values.h"

#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "gtest/gtest.h"

namespace interdict {
namespace policy_internal {
namespace {

using ::google::protobuf::Descriptor;
using ::google::protobuf::FieldDescriptor;
using ::google::protobuf::Message;
using ::google::protobuf::Reflection;
using Code = CompileIssue::Code;

constexpr size_t kMaxList = 2;

// The lists whose lengths are checked where they compile, against limits of their own.
bool HasOwnLimit(const FieldDescriptor& field) {
  static const std::set<std::string> kOwnLimits = {
      "interdict.v1.PolicyBundle.policies", "interdict.v1.PolicyBundle.entities",
      "interdict.v1.PolicyBundle.exemptions", "interdict.v1.PolicyBundle.expectations",
      "interdict.v1.Policy.rules", "interdict.v1.Rule.steps", "interdict.v1.Entity.aliases",
  };
  return kOwnLimits.count(field.full_name()) > 0;
}

// A bundle with one failing value, and where and how it must be reported.
struct Case {
  v1::PolicyBundle bundle;
  std::string path;
  Code code;
};

// The message at the end of `chain` (each field's first element when repeated),
// created in `bundle`, and the path to it.
Message* Reach(v1::PolicyBundle* bundle, const std::vector<const FieldDescriptor*>& chain, std::string* path) {
  Message* message = bundle;
  for (const FieldDescriptor* field : chain) {
    const Reflection& reflection = *message->GetReflection();
    absl::StrAppend(path, path->empty() ? "" : ".", field->name(), field->is_repeated() ? "[0]" : "");
    message = field->is_repeated() ? reflection.AddMessage(message, field) : reflection.MutableMessage(message, field);
  }
  return message;
}

// Every string, enum and list field of every message type reachable from `type`
// (through `chain`), each set to a failing value. A type already on the chain is not
// entered again (an artifact's components are artifacts).
void CollectCases(const Descriptor& type, std::vector<const FieldDescriptor*>* chain,
                  std::set<const Descriptor*>* on_chain, std::vector<Case>* cases) {
  for (int f = 0; f < type.field_count(); ++f) {
    const FieldDescriptor* field = type.field(f);
    const bool string = field->type() == FieldDescriptor::TYPE_STRING;
    const bool enumeration = field->type() == FieldDescriptor::TYPE_ENUM;
    if (string || enumeration) {
      Case value;
      Message* message = Reach(&value.bundle, *chain, &value.path);
      const Reflection& reflection = *message->GetReflection();
      absl::StrAppend(&value.path, value.path.empty() ? "" : ".", field->name(), field->is_repeated() ? "[0]" : "");
      value.code = Code::kInvalidValue;
      if (string && field->is_repeated()) reflection.AddString(message, field, "caf\xE9");
      if (string && !field->is_repeated()) reflection.SetString(message, field, "caf\xE9");
      if (enumeration && field->is_repeated()) reflection.AddEnumValue(message, field, 99);
      if (enumeration && !field->is_repeated()) reflection.SetEnumValue(message, field, 99);
      cases->push_back(std::move(value));
    }
    if (field->is_repeated() && !HasOwnLimit(*field) && (string || enumeration || field->message_type() != nullptr)) {
      Case list;
      Message* message = Reach(&list.bundle, *chain, &list.path);
      const Reflection& reflection = *message->GetReflection();
      absl::StrAppend(&list.path, list.path.empty() ? "" : ".", field->name());
      list.code = Code::kLimitExceeded;
      for (size_t i = 0; i <= kMaxList; ++i) {
        if (string) reflection.AddString(message, field, "x");
        if (enumeration) reflection.AddEnumValue(message, field, 1);
        if (!string && !enumeration) reflection.AddMessage(message, field);
      }
      cases->push_back(std::move(list));
    }
    const Descriptor* child = field->message_type();
    if (child != nullptr && on_chain->insert(child).second) {
      chain->push_back(field);
      CollectCases(*child, chain, on_chain, cases);
      chain->pop_back();
      on_chain->erase(child);
    }
  }
}

TEST(BundleValuesTest, EveryStringEnumAndListOfEveryMessageIsChecked) {
  std::vector<Case> cases;
  std::vector<const FieldDescriptor*> chain;
  std::set<const Descriptor*> on_chain = {v1::PolicyBundle::descriptor()};
  CollectCases(*v1::PolicyBundle::descriptor(), &chain, &on_chain, &cases);
  ASSERT_GT(cases.size(), 150u);  // Policies, entities, exemptions and expectations.
  CompileOptions options;
  options.max_list_length = kMaxList;
  for (const Case& value : cases) {
    IssueCollector issues(nullptr, options);
    CheckBundleValues(value.bundle, options, &issues);
    const std::vector<CompileIssue> reported = std::move(issues).Take();
    ASSERT_EQ(reported.size(), 1u) << value.path << ": " << value.bundle.ShortDebugString();
    EXPECT_EQ(reported[0].field_path, value.path);
    EXPECT_EQ(reported[0].code, value.code) << reported[0].ToString();
  }
}

TEST(BundleValuesTest, ReportsNameTheValueAndTheLimit) {
  v1::PolicyBundle bundle;
  v1::Rule* rule = bundle.add_policies()->add_rules();
  rule->add_actions(v1::RUN);
  rule->add_actions(static_cast<v1::Action>(35));
  rule->add_steps()->mutable_at()->set_zone(std::string(20, 'z'));
  bundle.add_entities()->add_aliases("\xC0\xAF");
  CompileOptions options;
  options.max_text_length = 16;
  IssueCollector issues(nullptr, options);
  CheckBundleValues(bundle, options, &issues);
  std::vector<std::string> reports;
  for (const CompileIssue& issue : std::move(issues).Take()) reports.push_back(issue.ToString());
  EXPECT_THAT(reports,
              ::testing::ElementsAre(
                  "policies[0].rules[0].actions[1]: 35 is not a value of Action (RUN, INSTALL, UPDATE, PROCURE, "
                  "INTEGRATE)",
                  "policies[0].rules[0].steps[0].at.zone: is 20 bytes, longer than the limit of 16 "
                  "(CompileOptions::max_text_length)",
                  "entities[0].aliases[0]: not valid UTF-8: byte 0xC0 at offset 0"));
}

}  // namespace
}  // namespace policy_internal
}  // namespace interdict
