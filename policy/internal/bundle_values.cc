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
using ::google::protobuf::RepeatedField;
using ::google::protobuf::RepeatedPtrField;
using Code = CompileIssue::Code;

// Walks a bundle and reports each value that fails a check at its field path. The
// policy, entity and exemption messages, which make up almost all of a large bundle,
// are walked by hand, field by field in field-number order (the order reflection lists
// fields in, which the reports keep); expectations (policy tests, with their artifacts
// and contexts) by reflection, which covers whatever those messages hold. The path is
// kept as a stack of (field, index) and spelled out only for an error: a million-rule
// bundle holds tens of millions of values. bundle_values_test sets every string, enum
// and list of every message type to a failing value, through reflection, and expects
// each one reported: a field added to the protos and not walked here fails it.
class ValueChecker {
 public:
  ValueChecker(const CompileOptions& options, IssueCollector* issues) : options_(options), issues_(*issues) {
    path_.reserve(16);
  }

  void Check(const v1::PolicyBundle& bundle) {
    // The four lists of the bundle have limits of their own (checked where they compile).
    Messages("policies", bundle.policies(), &ValueChecker::Policy, kOwnLimit);
    Messages("entities", bundle.entities(), &ValueChecker::Entity, kOwnLimit);
    Messages("exemptions", bundle.exemptions(), &ValueChecker::Exemption, kOwnLimit);
    Messages("expectations", bundle.expectations(), &ValueChecker::Reflected, kOwnLimit);
  }

 private:
  static constexpr bool kOwnLimit = true;

  struct PathElement {
    absl::string_view name;
    int index;  // -1 for the field itself.
  };

  // The path of `name` below the current one, for the lifetime of the object.
  class Descend {
   public:
    Descend(ValueChecker* checker, absl::string_view name) : checker_(*checker) {
      checker_.path_.push_back({name, -1});
    }
    ~Descend() { checker_.path_.pop_back(); }
    void set_index(int index) { checker_.path_.back().index = index; }

   private:
    ValueChecker& checker_;
  };

  // ---- Values and lists -----------------------------------------------------

  void String(absl::string_view name, const std::string& text) {
    if (text.empty() || StringPasses(text)) return;  // The path is needed only for a report.
    Descend field(this, name);
    CheckString(text);
  }

  void Strings(absl::string_view name, const RepeatedPtrField<std::string>& list, bool own_limit = false) {
    if (list.empty()) return;
    Descend field(this, name);
    if (!own_limit && !CheckListLength(list.size())) return;
    for (int i = 0; i < list.size(); ++i) {
      field.set_index(i);
      CheckString(list.Get(i));
    }
  }

  // `type` is called only to report (the generated descriptor accessors are not free).
  void Enum(absl::string_view name, int value, bool (*is_valid)(int), const EnumDescriptor* (*type)()) {
    if (is_valid(value)) return;
    Descend field(this, name);
    ReportEnum(*type(), value);
  }

  void Enums(absl::string_view name, const RepeatedField<int>& values, bool (*is_valid)(int),
             const EnumDescriptor* (*type)()) {
    if (values.empty()) return;
    Descend field(this, name);
    if (!CheckListLength(values.size())) return;
    for (int i = 0; i < values.size(); ++i) {
      if (is_valid(values.Get(i))) continue;
      field.set_index(i);
      ReportEnum(*type(), values.Get(i));
    }
  }

  template <typename T>
  void Child(absl::string_view name, bool present, const T& message, void (ValueChecker::*walk)(const T&)) {
    if (!present) return;
    Descend field(this, name);
    (this->*walk)(message);
  }

  template <typename T>
  void Messages(absl::string_view name, const RepeatedPtrField<T>& list, void (ValueChecker::*walk)(const T&),
                bool own_limit = false) {
    if (list.empty()) return;
    Descend field(this, name);
    if (!own_limit && !CheckListLength(list.size())) return;
    for (int i = 0; i < list.size(); ++i) {
      field.set_index(i);
      (this->*walk)(list.Get(i));
    }
  }

  // ---- The policy language, by hand -----------------------------------------

  void Policy(const v1::Policy& policy) {
    String("id", policy.id());
    String("title", policy.title());
    String("authority", policy.authority());
    String("citation", policy.citation());
    String("source_url", policy.source_url());
    Enum("binding", policy.binding(), v1::Binding_IsValid, v1::Binding_descriptor);
    Child("scope", policy.has_scope(), policy.scope(), &ValueChecker::Scope);
    Child("issued", policy.has_issued(), policy.issued(), &ValueChecker::CivilInstant);
    Enums("exemption_purposes", policy.exemption_purposes(), v1::Purpose_IsValid, v1::Purpose_descriptor);
    Messages("rules", policy.rules(), &ValueChecker::Rule, kOwnLimit);
    String("notes", policy.notes());
    Child("exemptions_end_by", policy.has_exemptions_end_by(), policy.exemptions_end_by(),
          &ValueChecker::CivilInstant);
    Messages("exemption_limits", policy.exemption_limits(), &ValueChecker::ExemptionLimit);
    Strings("exemption_approver_roles", policy.exemption_approver_roles());
  }

  void Scope(const v1::Scope& scope) {
    Strings("jurisdictions", scope.jurisdictions());
    Strings("organization_kinds", scope.organization_kinds());
    Strings("exclude_organization_kinds", scope.exclude_organization_kinds());
    Strings("asset_kinds", scope.asset_kinds());
    Strings("exclude_asset_kinds", scope.exclude_asset_kinds());
    Strings("uses", scope.uses());
  }

  void CivilInstant(const v1::CivilInstant& instant) {
    String("date", instant.date());
    String("time", instant.time());
    String("zone", instant.zone());
  }

  void ExemptionLimit(const v1::ExemptionLimit& limit) {
    Enum("purpose", limit.purpose(), v1::Purpose_IsValid, v1::Purpose_descriptor);
  }

  void Rule(const v1::Rule& rule) {
    String("id", rule.id());
    String("description", rule.description());
    Child("select", rule.has_select(), rule.select(), &ValueChecker::Selector);
    Enums("actions", rule.actions(), v1::Action_IsValid, v1::Action_descriptor);
    Messages("steps", rule.steps(), &ValueChecker::Step, kOwnLimit);
    String("citation", rule.citation());
    Child("scope", rule.has_scope(), rule.scope(), &ValueChecker::Scope);
  }

  void Step(const v1::Step& step) {
    Child("at", step.has_at(), step.at(), &ValueChecker::CivilInstant);
    Enum("verdict", step.verdict(), v1::Verdict_IsValid, v1::Verdict_descriptor);
    String("label", step.label());
    Child("not_before", step.has_not_before(), step.not_before(), &ValueChecker::CivilInstant);
  }

  void Selector(const v1::Selector& select) {
    String("entity", select.entity());
    Child("product", select.has_product(), select.product(), &ValueChecker::ProductMatch);
    Messages("exclude_products", select.exclude_products(), &ValueChecker::ProductMatch);
    Child("version", select.has_version(), select.version(), &ValueChecker::VersionRange);
    Child("package", select.has_package(), select.package(), &ValueChecker::PackageMatch);
    Messages("identifiers", select.identifiers(), &ValueChecker::IdentifierMatch);
    Strings("entities", select.entities());
  }

  void ProductMatch(const v1::ProductMatch& match) {
    String("exact", match.exact());
    String("prefix", match.prefix());
    String("regex", match.regex());
  }

  void VersionRange(const v1::VersionRange& range) {
    Enum("scheme", range.scheme(), v1::VersionScheme_IsValid, v1::VersionScheme_descriptor);
    String("min", range.min());
    String("max", range.max());
  }

  void PackageMatch(const v1::PackageMatch& match) {
    String("purl", match.purl());
    String("vers", match.vers());
  }

  void IdentifierMatch(const v1::IdentifierMatch& match) {
    String("sha256", match.sha256());
    String("sha1", match.sha1());
    String("signer_subject", match.signer_subject());
    String("certificate_thumbprint", match.certificate_thumbprint());
    String("team_id", match.team_id());
    String("signing_id", match.signing_id());
    String("bundle_id_prefix", match.bundle_id_prefix());
    String("msi_product_code", match.msi_product_code());
    String("msi_upgrade_code", match.msi_upgrade_code());
    String("install_path_prefix", match.install_path_prefix());
    String("install_path_glob", match.install_path_glob());
    Child("cpe", match.has_cpe(), match.cpe(), &ValueChecker::CpeMatch);
  }

  void CpeMatch(const v1::CpeMatch& match) {
    String("criteria", match.criteria());
    String("version_start_including", match.version_start_including());
    String("version_start_excluding", match.version_start_excluding());
    String("version_end_including", match.version_end_including());
    String("version_end_excluding", match.version_end_excluding());
    Enum("scheme", match.scheme(), v1::VersionScheme_IsValid, v1::VersionScheme_descriptor);
  }

  void Entity(const v1::Entity& entity) {
    String("id", entity.id());
    String("name", entity.name());
    Strings("aliases", entity.aliases(), kOwnLimit);
    Messages("relations", entity.relations(), &ValueChecker::Relation);
    Strings("package_namespaces", entity.package_namespaces());
    Messages("identifiers", entity.identifiers(), &ValueChecker::IdentifierMatch);
    Strings("cpe_vendors", entity.cpe_vendors());
    Strings("packages", entity.packages());
  }

  void Relation(const v1::Relation& relation) {
    Enum("kind", relation.kind(), v1::RelationKind_IsValid, v1::RelationKind_descriptor);
    String("entity", relation.entity());
    String("source", relation.source());
  }

  void Exemption(const v1::Exemption& exemption) {
    String("id", exemption.id());
    Messages("exempts", exemption.exempts(), &ValueChecker::ExemptionTarget);
    Child("artifacts", exemption.has_artifacts(), exemption.artifacts(), &ValueChecker::Selector);
    Strings("assets", exemption.assets());
    Strings("org_units", exemption.org_units());
    Enum("purpose", exemption.purpose(), v1::Purpose_IsValid, v1::Purpose_descriptor);
    String("approved_by", exemption.approved_by());
    String("reference", exemption.reference());
    Child("valid", exemption.has_valid(), exemption.valid(), &ValueChecker::Window);
    String("approver_role", exemption.approver_role());
  }

  void ExemptionTarget(const v1::ExemptionTarget& target) {
    String("policy", target.policy());
    Strings("rules", target.rules());
  }

  void Window(const v1::Window& window) {
    Child("from", window.has_from(), window.from(), &ValueChecker::CivilInstant);
    Child("until", window.has_until(), window.until(), &ValueChecker::CivilInstant);
  }

  // ---- Everything else, by reflection ---------------------------------------

  // What to read of a message type, worked out once per type: its string, enum and
  // message fields in field-number order, and its Reflection.
  struct Plan;
  struct PlanField {
    const FieldDescriptor* descriptor;
    Plan* plan = nullptr;  // Message fields: the type's plan, once an instance is seen.
  };
  struct Plan {
    const Reflection* reflection;
    std::vector<PlanField> fields;
  };

  void Reflected(const v1::Expectation& expectation) { Walk(expectation, PlanFor(expectation)); }

  Plan& PlanFor(const Message& message) {
    std::unique_ptr<Plan>& plan = plans_[message.GetDescriptor()];
    if (plan != nullptr) return *plan;
    const Descriptor& type = *message.GetDescriptor();
    plan = std::make_unique<Plan>();
    plan->reflection = message.GetReflection();
    for (int f = 0; f < type.field_count(); ++f) {
      const FieldDescriptor* field = type.field(f);
      if (field->type() == FieldDescriptor::TYPE_STRING || field->type() == FieldDescriptor::TYPE_ENUM ||
          field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
        plan->fields.push_back({field});
      }
    }
    std::sort(plan->fields.begin(), plan->fields.end(), [](const PlanField& a, const PlanField& b) {
      return a.descriptor->number() < b.descriptor->number();
    });
    return *plan;
  }

  void WalkChild(PlanField& field, const Message& child) {
    if (field.plan == nullptr) field.plan = &PlanFor(child);
    Walk(child, *field.plan);
  }

  void Walk(const Message& message, Plan& plan) {
    const Reflection& reflection = *plan.reflection;
    for (PlanField& field : plan.fields) {
      const FieldDescriptor* descriptor = field.descriptor;
      if (descriptor->is_repeated()) {
        const int size = reflection.FieldSize(message, descriptor);
        if (size == 0) continue;
        Descend list(this, descriptor->name());
        if (!CheckListLength(size)) continue;
        for (int i = 0; i < size; ++i) {
          list.set_index(i);
          if (descriptor->type() == FieldDescriptor::TYPE_STRING) {
            CheckString(reflection.GetRepeatedStringReference(message, descriptor, i, &scratch_));
          } else if (descriptor->type() == FieldDescriptor::TYPE_ENUM) {
            CheckEnum(*descriptor->enum_type(), reflection.GetRepeatedEnumValue(message, descriptor, i));
          } else {
            WalkChild(field, reflection.GetRepeatedMessage(message, descriptor, i));
          }
        }
      } else if (descriptor->type() == FieldDescriptor::TYPE_STRING) {
        String(descriptor->name(), reflection.GetStringReference(message, descriptor, &scratch_));
      } else if (descriptor->type() == FieldDescriptor::TYPE_ENUM) {
        const int value = reflection.GetEnumValue(message, descriptor);
        if (value == 0) continue;  // Every proto3 enum's first value.
        Descend value_field(this, descriptor->name());
        CheckEnum(*descriptor->enum_type(), value);
      } else if (reflection.HasField(message, descriptor)) {
        Descend child(this, descriptor->name());
        WalkChild(field, reflection.GetMessage(message, descriptor));
      }
    }
  }

  // ---- Checks and reports ---------------------------------------------------

  // The path of the value being checked, as the issue collector reads it.
  std::string Path() const {
    std::string path;
    for (const PathElement& element : path_) {
      if (!path.empty()) path += '.';
      absl::StrAppend(&path, element.name);
      if (element.index >= 0) absl::StrAppend(&path, "[", element.index, "]");
    }
    return path;
  }

  bool CheckListLength(int size) {
    if (static_cast<size_t>(size) <= options_.max_list_length) return true;
    issues_.Error(Code::kLimitExceeded, Path(),
                  absl::StrCat(size, " entries exceed the limit of ", options_.max_list_length,
                               " (CompileOptions::max_list_length)"));
    return false;
  }

  void CheckEnum(const EnumDescriptor& type, int value) {
    if (type.FindValueByNumber(value) == nullptr) ReportEnum(type, value);
  }

  void ReportEnum(const EnumDescriptor& type, int value) {
    std::vector<std::string> names;
    for (int v = 0; v < type.value_count(); ++v) {
      if (type.value(v)->number() != 0) names.push_back(type.value(v)->name());
    }
    issues_.Error(Code::kInvalidValue, Path(),
                  absl::StrCat(value, " is not a value of ", type.name(), " (", absl::StrJoin(names, ", "), ")"));
  }

  // Whether CheckString would report nothing.
  bool StringPasses(const std::string& text) const {
    return text.size() <= options_.max_text_length && FirstInvalidUtf8(text) == absl::string_view::npos;
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
  std::vector<PathElement> path_;
  absl::flat_hash_map<const Descriptor*, std::unique_ptr<Plan>> plans_;
  std::string scratch_;  // For reflection's string accessors (unused by generated messages).
};

}  // namespace

void CheckBundleValues(const v1::PolicyBundle& bundle, const CompileOptions& options, IssueCollector* issues) {
  ValueChecker(options, issues).Check(bundle);
}

}  // namespace policy_internal
}  // namespace interdict
