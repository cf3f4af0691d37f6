// File: python/interdict_module.cc
// -----------------------------------------------------------------------------
//
// interdict._interdict, the compiled half of the Python module `interdict` (pybind11):
// compiling policies (files, strings, the bundled catalog), evaluating one artifact into
// a Decision, evaluating columns of artifacts with the GIL released, and reading
// inventories with the library's readers. The package's __init__.py re-exports it; the
// plain types it returns (enums, Match, CompileIssue, InventoryRecord, the exceptions)
// are Python classes of interdict._types, imported once when this module loads.
//
// Thread safety: a Policy is immutable and may be shared by any number of Python
// threads; evaluate and evaluate_batch release the GIL while the library evaluates (and
// an inventory reader while it reads), so threads evaluate in parallel. A Decision is an
// immutable value. An InventoryReader is used by one thread at a time (Python iterators
// are not thread-safe).

#include <Python.h>
#include <datetime.h>
#include <pybind11/pybind11.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "google/protobuf/timestamp.pb.h"
#include "google/protobuf/util/json_util.h"
#include "interdict/v1/artifact.pb.h"
#include "interdict/v1/decision.pb.h"
#include "policy/interdict.h"
#include "policy/inventory/inventory.h"

namespace py = pybind11;

namespace {

using ::google::protobuf::Descriptor;
using ::google::protobuf::FieldDescriptor;
using ::google::protobuf::Message;
using ::google::protobuf::Reflection;
using ::interdict::ArtifactView;
using ::interdict::CompiledPolicy;
using ::interdict::CompileIssue;
using ::interdict::ContextView;
using ::interdict::Decision;
namespace v1 = ::interdict::v1;

// Rows converted (with the GIL) and then evaluated (without it) at a time: the views
// of one chunk are reused for the next, so memory does not grow with the batch.
constexpr size_t kBatchChunk = 4096;

// Deepest nesting of artifact components accepted from a Python dict (the library
// examines at most interdict::kMaxComponentDepth levels).
constexpr int kMaxDictDepth = 256;

// ---------------------------------------------------------------------------------
// The Python classes of interdict._types, looked up once. Never freed: Python objects
// must not be released after the interpreter has finalised.

struct Types {
  py::object verdict, action, purpose, rule_state, rejection_reason;
  py::object match, exemption_outcome, artifact_problem, compile_issue, inventory_record;
  py::object compile_error, load_error, inventory_error;
  // Members by proto value (None for 0, UNSPECIFIED).
  std::array<py::object, 4> verdicts;
  std::array<py::object, 5> rule_states;
  py::object epoch;  // datetime(1970, 1, 1, tzinfo=timezone.utc)
};

Types* types = nullptr;

// The Python enum or dataclass of a proto enum or message, if it has one.
py::handle EnumClass(const google::protobuf::EnumDescriptor* e) {
  const std::string& name = e->full_name();
  if (name == "interdict.v1.Verdict") return types->verdict;
  if (name == "interdict.v1.RuleState") return types->rule_state;
  if (name == "interdict.v1.RejectionReason") return types->rejection_reason;
  if (name == "interdict.v1.Action") return types->action;
  if (name == "interdict.v1.Purpose") return types->purpose;
  return py::handle();
}

py::handle MessageClass(const Descriptor* d) {
  const std::string& name = d->full_name();
  if (name == "interdict.v1.RuleMatch") return types->match;
  if (name == "interdict.v1.ExemptionOutcome") return types->exemption_outcome;
  if (name == "interdict.v1.ArtifactProblem") return types->artifact_problem;
  return py::handle();
}

// ---------------------------------------------------------------------------------
// Strings and instants.

// Proto and library strings are UTF-8; a malformed byte (which readers and decisions
// already replace) would become U+FFFD rather than fail the whole result.
py::str Str(absl::string_view s) {
  PyObject* o = PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "replace");
  if (o == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::str>(o);
}

std::string TypeName(py::handle o) { return Py_TYPE(o.ptr())->tp_name; }

// The UTF-8 of a str, viewed in place (cached in the str object by CPython); `where`
// names the value in errors.
absl::string_view View(py::handle o, const std::string& where) {
  if (!PyUnicode_Check(o.ptr())) {
    throw py::type_error(absl::StrCat(where, ": expected str, got ", TypeName(o)));
  }
  Py_ssize_t size = 0;
  const char* data = PyUnicode_AsUTF8AndSize(o.ptr(), &size);
  if (data == nullptr) {
    PyErr_Clear();
    throw py::value_error(absl::StrCat(where, ": not encodable as UTF-8 (a lone surrogate?)"));
  }
  return absl::string_view(data, static_cast<size_t>(size));
}

// An aware datetime, or an RFC 3339 string with its offset, as an instant.
absl::Time ToTime(py::handle o, const std::string& where) {
  if (PyUnicode_Check(o.ptr())) {
    absl::Time t;
    std::string error;
    if (!absl::ParseTime(absl::RFC3339_full, std::string(View(o, where)), &t, &error)) {
      throw py::value_error(absl::StrCat(where, ": not an RFC 3339 instant with an offset (e.g. ",
                                         "\"2025-06-01T00:00:00Z\"): ", py::str(o).cast<std::string>()));
    }
    return t;
  }
  if (!PyDateTime_Check(o.ptr())) {
    throw py::type_error(absl::StrCat(where, ": expected an aware datetime, got ", TypeName(o)));
  }
  if (py::reinterpret_borrow<py::object>(o).attr("utcoffset")().is_none()) {
    throw py::value_error(absl::StrCat(where, ": naive datetime (no tzinfo); give an aware one, e.g. ",
                                       "datetime(2025, 6, 1, tzinfo=timezone.utc)"));
  }
  const py::object delta = py::reinterpret_borrow<py::object>(o) - types->epoch;
  const int64_t days = PyDateTime_DELTA_GET_DAYS(delta.ptr());
  const int64_t seconds = PyDateTime_DELTA_GET_SECONDS(delta.ptr());
  const int64_t micros = PyDateTime_DELTA_GET_MICROSECONDS(delta.ptr());
  return absl::FromUnixSeconds(days * 86400 + seconds) + absl::Microseconds(micros);
}

// An instant as an aware UTC datetime (to the microsecond, rounded down); None for the
// infinite past and future, which stand for "none".
py::object ToDatetime(absl::Time t) {
  if (t == absl::InfiniteFuture() || t == absl::InfinitePast()) return py::none();
  const absl::TimeZone utc = absl::UTCTimeZone();
  const absl::CivilSecond civil = absl::ToCivilSecond(t, utc);
  if (civil.year() < 1 || civil.year() > 9999) {
    throw py::value_error(absl::StrCat("instant ", absl::FormatTime(t), " is outside datetime's years 1-9999"));
  }
  const int64_t micros = absl::ToInt64Microseconds(t - absl::FromCivil(civil, utc));
  PyObject* o = PyDateTimeAPI->DateTime_FromDateAndTime(
      static_cast<int>(civil.year()), civil.month(), civil.day(), civil.hour(), civil.minute(), civil.second(),
      static_cast<int>(micros), PyDateTime_TimeZone_UTC, PyDateTimeAPI->DateTimeType);
  if (o == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(o);
}

absl::Time FromTimestamp(const google::protobuf::Timestamp& ts) {
  return absl::FromUnixSeconds(ts.seconds()) + absl::Nanoseconds(ts.nanos());
}

void SetTimestamp(absl::Time t, google::protobuf::Timestamp* out) {
  const int64_t seconds = absl::ToUnixSeconds(t);
  out->set_seconds(seconds);
  out->set_nanos(static_cast<int32_t>(absl::ToInt64Nanoseconds(t - absl::FromUnixSeconds(seconds))));
}

// ---------------------------------------------------------------------------------
// Protos to Python values, by reflection. `plain`: dicts all the way down (to_dict);
// otherwise messages that have a dataclass (RuleMatch -> Match, ...) become one.

py::object MessageToPython(const Message& message, bool include_defaults, bool plain);

py::object EnumValue(const google::protobuf::EnumValueDescriptor* value) {
  if (value->number() == 0) return py::none();  // UNSPECIFIED: not set.
  py::handle cls = EnumClass(value->type());
  if (!cls) return Str(value->name());
  return cls.attr(value->name().c_str());
}

py::object FieldValue(const Message& message, const FieldDescriptor* field, int index, bool include_defaults,
                      bool plain) {
  const Reflection* r = message.GetReflection();
  const bool repeated = index >= 0;
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string scratch;
      const std::string& s = repeated ? r->GetRepeatedStringReference(message, field, index, &scratch)
                                      : r->GetStringReference(message, field, &scratch);
      return Str(s);
    }
    case FieldDescriptor::CPPTYPE_BOOL:
      return py::bool_(repeated ? r->GetRepeatedBool(message, field, index) : r->GetBool(message, field));
    case FieldDescriptor::CPPTYPE_INT32:
      return py::int_(repeated ? r->GetRepeatedInt32(message, field, index) : r->GetInt32(message, field));
    case FieldDescriptor::CPPTYPE_INT64:
      return py::int_(repeated ? r->GetRepeatedInt64(message, field, index) : r->GetInt64(message, field));
    case FieldDescriptor::CPPTYPE_UINT32:
      return py::int_(repeated ? r->GetRepeatedUInt32(message, field, index) : r->GetUInt32(message, field));
    case FieldDescriptor::CPPTYPE_UINT64:
      return py::int_(repeated ? r->GetRepeatedUInt64(message, field, index) : r->GetUInt64(message, field));
    case FieldDescriptor::CPPTYPE_DOUBLE:
      return py::float_(repeated ? r->GetRepeatedDouble(message, field, index) : r->GetDouble(message, field));
    case FieldDescriptor::CPPTYPE_FLOAT:
      return py::float_(repeated ? r->GetRepeatedFloat(message, field, index) : r->GetFloat(message, field));
    case FieldDescriptor::CPPTYPE_ENUM:
      return EnumValue(repeated ? r->GetRepeatedEnum(message, field, index) : r->GetEnum(message, field));
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      const Message& sub = repeated ? r->GetRepeatedMessage(message, field, index) : r->GetMessage(message, field);
      if (field->message_type()->full_name() == "google.protobuf.Timestamp") {
        return ToDatetime(FromTimestamp(static_cast<const google::protobuf::Timestamp&>(sub)));
      }
      return MessageToPython(sub, include_defaults, plain);
    }
  }
  throw std::logic_error(absl::StrCat("field ", field->full_name(), " has a type this module does not convert"));
}

py::object MessageToPython(const Message& message, bool include_defaults, bool plain) {
  const Descriptor* d = message.GetDescriptor();
  const Reflection* r = message.GetReflection();
  py::dict out;
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* field = d->field(i);
    const char* key = field->name().c_str();
    if (field->is_repeated()) {
      const int size = r->FieldSize(message, field);
      if (size == 0 && !include_defaults) continue;
      py::list values(size);
      for (int j = 0; j < size; ++j) {
        values[static_cast<size_t>(j)] = FieldValue(message, field, j, include_defaults, plain);
      }
      out[key] = std::move(values);
    } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      if (r->HasField(message, field)) {
        out[key] = FieldValue(message, field, -1, include_defaults, plain);
      } else if (include_defaults) {
        out[key] = py::none();
      }
    } else if (include_defaults || r->HasField(message, field)) {  // proto3: set means non-default.
      out[key] = FieldValue(message, field, -1, include_defaults, plain);
    }
  }
  py::handle cls = plain ? py::handle() : MessageClass(d);
  if (!cls) return std::move(out);
  return cls(**out);
}

// ---------------------------------------------------------------------------------
// Python values to an Artifact.

void SetArtifactField(const std::string& key, py::handle value, const std::string& where, int depth,
                      v1::Artifact* out);

void ArtifactFromMapping(py::handle mapping, const std::string& where, int depth, v1::Artifact* out) {
  if (depth > kMaxDictDepth) {
    throw py::value_error(absl::StrCat(where, ": components nested more than ", kMaxDictDepth, " deep"));
  }
  py::dict dict;
  if (PyDict_Check(mapping.ptr())) {
    dict = py::reinterpret_borrow<py::dict>(mapping);
  } else if (PyMapping_Check(mapping.ptr()) && py::hasattr(mapping, "items")) {
    dict = py::dict(py::reinterpret_borrow<py::object>(mapping));
  } else {
    throw py::type_error(absl::StrCat(where, ": expected a dict of artifact fields, got ", TypeName(mapping)));
  }
  for (auto item : dict) {
    if (!PyUnicode_Check(item.first.ptr())) {
      throw py::type_error(absl::StrCat(where, ": keys are field names (str), got ", TypeName(item.first)));
    }
    SetArtifactField(item.first.cast<std::string>(), item.second, where, depth, out);
  }
}

std::string ArtifactFieldNames() {
  const Descriptor* d = v1::Artifact::descriptor();
  std::vector<std::string> names;
  for (int i = 0; i < d->field_count(); ++i) names.push_back(d->field(i)->name());
  return absl::StrJoin(names, ", ");
}

void SetArtifactField(const std::string& key, py::handle value, const std::string& where, int depth,
                      v1::Artifact* out) {
  const FieldDescriptor* field = v1::Artifact::descriptor()->FindFieldByName(key);
  const std::string path = absl::StrCat(where, ".", key);
  if (field == nullptr) {
    throw py::type_error(
        absl::StrCat(where, ": unknown artifact field '", key, "' (the fields: ", ArtifactFieldNames(), ")"));
  }
  if (value.is_none()) return;
  if (field->number() == v1::Artifact::kFirstSeenFieldNumber) {
    SetTimestamp(ToTime(value, path), out->mutable_first_seen());
  } else if (field->number() == v1::Artifact::kComponentsFieldNumber) {
    if (PyUnicode_Check(value.ptr()) || !PySequence_Check(value.ptr())) {
      throw py::type_error(absl::StrCat(path, ": expected a list of dicts, got ", TypeName(value)));
    }
    const py::sequence components = py::reinterpret_borrow<py::sequence>(value);
    for (size_t i = 0; i < components.size(); ++i) {
      ArtifactFromMapping(components[i], absl::StrCat(path, "[", i, "]"), depth + 1, out->add_components());
    }
  } else {  // Every other field is a string.
    const absl::string_view s = View(value, path);
    out->GetReflection()->SetString(out, field, std::string(s));
  }
}

// ---------------------------------------------------------------------------------
// The context.

v1::Action ParseAction(py::handle o) {
  if (!PyUnicode_Check(o.ptr())) {
    throw py::type_error(absl::StrCat("action: expected an Action or its name (\"install\"), got ", TypeName(o)));
  }
  v1::Action action = v1::ACTION_UNSPECIFIED;
  const std::string name = absl::AsciiStrToUpper(View(o, "action"));
  if (!v1::Action_Parse(name, &action) || action == v1::ACTION_UNSPECIFIED) {
    throw py::value_error(absl::StrCat("action: unknown action \"", py::str(o).cast<std::string>(),
                                       "\" (RUN, INSTALL, UPDATE, PROCURE, INTEGRATE)"));
  }
  return action;
}

v1::Purpose ParsePurpose(py::handle o) {
  if (o.is_none()) return v1::PURPOSE_UNSPECIFIED;
  if (!PyUnicode_Check(o.ptr())) {
    throw py::type_error(absl::StrCat("purpose: expected a Purpose or its name, got ", TypeName(o)));
  }
  v1::Purpose purpose = v1::PURPOSE_UNSPECIFIED;
  const std::string name = absl::AsciiStrToUpper(View(o, "purpose"));
  if (!v1::Purpose_Parse(name, &purpose) || purpose == v1::PURPOSE_UNSPECIFIED) {
    throw py::value_error(absl::StrCat("purpose: unknown purpose \"", py::str(o).cast<std::string>(),
                                       "\" (LAW_ENFORCEMENT, NATIONAL_SECURITY, SECURITY_RESEARCH, ",
                                       "REGULATORY, BUSINESS_CONTINUITY)"));
  }
  return purpose;
}

// A context that owns its strings (copied from Python, so that it outlives the call's
// arguments and can be read without the GIL).
class OwnedContext {
 public:
  // Takes the context's keywords out of `kwargs` (what is left is the caller's). When
  // `per_row_assets`, asset_id and org_unit are left for the caller (batch columns).
  OwnedContext(py::dict* kwargs, bool per_row_assets) {
    view_.instant = ToTime(Required(kwargs, "at"), "at");
    view_.action = ParseAction(Required(kwargs, "action"));
    view_.purpose = ParsePurpose(Pop(kwargs, "purpose"));
    Tags(Pop(kwargs, "jurisdictions"), "jurisdictions", &jurisdictions_);
    Tags(Pop(kwargs, "organization_kinds"), "organization_kinds", &organization_kinds_);
    Tags(Pop(kwargs, "asset_kinds"), "asset_kinds", &asset_kinds_);
    Tags(Pop(kwargs, "uses"), "uses", &uses_);
    if (!per_row_assets) {
      asset_id_ = OptionalString(Pop(kwargs, "asset_id"), "asset_id");
      org_unit_ = OptionalString(Pop(kwargs, "org_unit"), "org_unit");
    }
    view_.jurisdictions = Views(jurisdictions_, &jurisdiction_views_);
    view_.organization_kinds = Views(organization_kinds_, &organization_kind_views_);
    view_.asset_kinds = Views(asset_kinds_, &asset_kind_views_);
    view_.uses = Views(uses_, &use_views_);
    view_.asset_id = asset_id_;
    view_.org_unit = org_unit_;
  }
  OwnedContext(const OwnedContext&) = delete;
  OwnedContext& operator=(const OwnedContext&) = delete;

  ContextView& view() { return view_; }

  static py::object Pop(py::dict* kwargs, const char* key) {
    if (!kwargs->contains(key)) return py::none();
    return kwargs->attr("pop")(key);
  }

  static std::string OptionalString(py::handle o, const std::string& where) {
    return o.is_none() ? std::string() : std::string(View(o, where));
  }

 private:
  static py::object Required(py::dict* kwargs, const char* key) {
    py::object value = Pop(kwargs, key);
    if (value.is_none()) throw py::type_error(absl::StrCat("missing required keyword argument: '", key, "'"));
    return value;
  }

  // None: none; a str: that one tag; otherwise an iterable of str.
  static void Tags(py::handle o, const char* where, std::vector<std::string>* out) {
    if (o.is_none()) return;
    if (PyUnicode_Check(o.ptr())) {
      out->emplace_back(View(o, where));
      return;
    }
    if (!py::isinstance<py::iterable>(o)) {
      throw py::type_error(absl::StrCat(where, ": expected a list of str, got ", TypeName(o)));
    }
    size_t i = 0;
    for (py::handle tag : o) out->emplace_back(View(tag, absl::StrCat(where, "[", i++, "]")));
  }

  static absl::Span<const absl::string_view> Views(const std::vector<std::string>& strings,
                                                   std::vector<absl::string_view>* views) {
    views->assign(strings.begin(), strings.end());
    return *views;
  }

  std::vector<std::string> jurisdictions_, organization_kinds_, asset_kinds_, uses_;
  std::vector<absl::string_view> jurisdiction_views_, organization_kind_views_, asset_kind_views_, use_views_;
  std::string asset_id_, org_unit_;
  ContextView view_;
};

// ---------------------------------------------------------------------------------
// Compiling.

py::object IssueObject(const CompileIssue& issue) {
  return types->compile_issue(
      py::arg("severity") = issue.severity == CompileIssue::Severity::kError ? "error" : "warning",
      py::arg("code") = Str(CompileIssue::CodeName(issue.code)), py::arg("file") = Str(issue.file),
      py::arg("line") = issue.line, py::arg("column") = issue.column, py::arg("field_path") = Str(issue.field_path),
      py::arg("message") = Str(issue.message), py::arg("formatted") = Str(issue.ToString()));
}

// A load error "name:line:col: problem" (or "name: problem") as an issue.
py::object LoadIssue(const std::string& name, const absl::Status& status) {
  absl::string_view rest = status.message();
  int line = 0;
  int column = 0;
  if (absl::ConsumePrefix(&rest, name) && absl::ConsumePrefix(&rest, ":")) {
    const std::vector<absl::string_view> parts = absl::StrSplit(rest, absl::MaxSplits(':', 2));
    if (parts.size() == 3 && absl::SimpleAtoi(parts[0], &line) && absl::SimpleAtoi(parts[1], &column)) {
      rest = absl::StripLeadingAsciiWhitespace(parts[2]);
    } else {
      line = 0;
      column = 0;
      rest = absl::StripLeadingAsciiWhitespace(rest);
    }
  } else {
    rest = status.message();
  }
  return types->compile_issue(py::arg("severity") = "error", py::arg("code") = "load", py::arg("file") = Str(name),
                              py::arg("line") = line, py::arg("column") = column, py::arg("field_path") = "",
                              py::arg("message") = Str(rest), py::arg("formatted") = Str(status.message()));
}

// A compiled policy with what compiling it said.
struct Policy {
  std::shared_ptr<const CompiledPolicy> compiled;
  py::list warnings;
  // The bundled catalog's version when the policy is (or is layered on) it.
  py::object catalog_version = py::none();
  std::string origin;  // For repr: "bundled catalog 2026.12.1", "2 sources".
};

py::object CatalogVersion() {
  return Str(interdict::BundledCatalog().version);
}

std::unique_ptr<Policy> Catalog() {
  auto policy = std::make_unique<Policy>();
  policy->compiled = interdict::BundledCatalog().policy;
  policy->catalog_version = CatalogVersion();
  policy->origin = absl::StrCat("bundled catalog ", interdict::BundledCatalog().version);
  return policy;
}

interdict::PolicyFormat ParseFormat(const std::string& name) {
  const std::string lower = absl::AsciiStrToLower(name);
  if (lower == "auto") return interdict::PolicyFormat::kAuto;
  if (lower == "textproto" || lower == "text") return interdict::PolicyFormat::kTextProto;
  if (lower == "binary" || lower == "binpb") return interdict::PolicyFormat::kBinary;
  if (lower == "json") return interdict::PolicyFormat::kJson;
  throw py::value_error(absl::StrCat("format: \"", name, "\" is none of auto, textproto, json, binary"));
}

// sources: (kind "file" | "bytes", name, contents bytes or None, format) tuples.
std::unique_ptr<Policy> Compile(const py::list& sources, bool on_catalog, const py::object& now) {
  if (sources.empty()) throw py::value_error("at least one policy source is required");
  interdict::CompileOptions options;
  if (!now.is_none()) options.now = ToTime(now, "now");
  interdict::PolicyLoader loader;
  if (on_catalog) loader.AddBundle("bundled catalog", *interdict::BundledCatalog().bundle);
  py::list load_issues;
  absl::Status first_failure;
  std::string first_name;
  for (py::handle item : sources) {
    const py::tuple source = py::reinterpret_borrow<py::tuple>(item);
    const std::string kind = source[0].cast<std::string>();
    const std::string name = source[1].cast<std::string>();
    const interdict::PolicyFormat format = ParseFormat(source[3].cast<std::string>());
    absl::Status status;
    if (kind == "file") {
      py::gil_scoped_release release;
      status = loader.AddFile(name, format);
    } else {
      const std::string contents = source[2].cast<std::string>();
      py::gil_scoped_release release;
      status = loader.AddText(name, contents, format);
    }
    if (status.ok()) continue;
    if (load_issues.empty()) {
      first_failure = status;
      first_name = name;
    }
    load_issues.append(LoadIssue(name, status));
  }
  if (load_issues.size() == 1 && first_failure.code() == absl::StatusCode::kNotFound) {
    PyErr_SetObject(PyExc_FileNotFoundError,
                    py::make_tuple(ENOENT, Str(first_failure.message()), Str(first_name)).ptr());
    throw py::error_already_set();
  }
  if (!load_issues.empty()) {
    std::vector<std::string> lines;
    for (py::handle issue : load_issues) lines.push_back(py::str(issue).cast<std::string>());
    const std::string message =
        load_issues.size() == 1
            ? lines[0]
            : absl::StrCat(load_issues.size(), " policy sources could not be loaded:\n", absl::StrJoin(lines, "\n"));
    PyErr_SetObject(types->load_error.ptr(), types->load_error(message, load_issues).ptr());
    throw py::error_already_set();
  }
  std::vector<CompileIssue> issues;
  absl::StatusOr<std::shared_ptr<const CompiledPolicy>> compiled;
  {
    interdict::LoadedBundle loaded = std::move(loader).Finish();
    py::gil_scoped_release release;
    compiled = interdict::PolicyCompiler(options).Compile(loaded, &issues);
  }
  py::list all;
  for (const CompileIssue& issue : issues) all.append(IssueObject(issue));
  if (!compiled.ok()) {
    PyErr_SetObject(types->compile_error.ptr(),
                    types->compile_error(Str(compiled.status().message()), all).ptr());
    throw py::error_already_set();
  }
  auto policy = std::make_unique<Policy>();
  policy->compiled = *std::move(compiled);
  policy->warnings = std::move(all);
  if (on_catalog) policy->catalog_version = CatalogVersion();
  policy->origin = absl::StrCat(on_catalog ? "bundled catalog and " : "", sources.size(),
                                sources.size() == 1 ? " source" : " sources");
  return policy;
}

// ---------------------------------------------------------------------------------
// One evaluation.

// What Policy.evaluate returns: the decision in its protobuf form (with explanation),
// read through properties.
struct PyDecision {
  v1::Decision proto;
};

py::object Evaluate(const Policy& policy, const py::object& artifact, const py::kwargs& kwargs) {
  py::dict rest = py::dict(kwargs);  // A copy: the context's keywords are taken out of it.
  OwnedContext context(&rest, /*per_row_assets=*/false);
  v1::Artifact proto;
  if (!artifact.is_none()) ArtifactFromMapping(artifact, "artifact", 0, &proto);
  for (auto item : rest) SetArtifactField(item.first.cast<std::string>(), item.second, "artifact", 0, &proto);
  PyDecision result;
  absl::Status status;
  {
    py::gil_scoped_release release;
    // The tree views `proto`; the decision views both until ToProto has copied.
    const interdict::ArtifactViewTree tree(proto);
    Decision decision;
    policy.compiled->Evaluate(tree.root(), context.view(), &decision);
    status = policy.compiled->ToProto(decision, &result.proto);
  }
  if (!status.ok()) throw std::runtime_error(absl::StrCat("interdict: internal error: ", status.message()));
  return py::cast(std::move(result));
}

// ---------------------------------------------------------------------------------
// Batch evaluation.

// The string fields of ArtifactView a batch can give as columns.
struct ColumnField {
  const char* name;
  absl::string_view ArtifactView::*field;
};
constexpr ColumnField kColumnFields[] = {
    {"name", &ArtifactView::name},
    {"vendor", &ArtifactView::vendor},
    {"version", &ArtifactView::version},
    {"purl", &ArtifactView::purl},
    {"sha256", &ArtifactView::sha256},
    {"sha1", &ArtifactView::sha1},
    {"signer_subject", &ArtifactView::signer_subject},
    {"certificate_thumbprint", &ArtifactView::certificate_thumbprint},
    {"team_id", &ArtifactView::team_id},
    {"signing_id", &ArtifactView::signing_id},
    {"bundle_id", &ArtifactView::bundle_id},
    {"msi_product_code", &ArtifactView::msi_product_code},
    {"msi_upgrade_code", &ArtifactView::msi_upgrade_code},
    {"install_path", &ArtifactView::install_path},
    {"cpe", &ArtifactView::cpe},
};

// A column of the caller's, snapshotted as a tuple (holding a reference to every value,
// so that another thread changing the caller's list cannot free a string a view reads),
// and the views of its current chunk.
struct Column {
  std::string name;
  py::tuple values;
  std::vector<absl::string_view> chunk;
};

Column TakeColumn(const std::string& name, py::handle values) {
  if (PyUnicode_Check(values.ptr()) || PyBytes_Check(values.ptr()) || !py::isinstance<py::iterable>(values)) {
    throw py::type_error(absl::StrCat(name, ": expected a column (a list of str), got ", TypeName(values)));
  }
  PyObject* tuple = PySequence_Tuple(values.ptr());
  if (tuple == nullptr) throw py::error_already_set();
  Column column;
  column.name = name;
  column.values = py::reinterpret_steal<py::tuple>(tuple);
  column.chunk.resize(kBatchChunk);
  return column;
}

// Views rows [first, first + count) of a column of str or None (None: empty).
void ViewChunk(Column* column, size_t first, size_t count) {
  for (size_t j = 0; j < count; ++j) {
    PyObject* o = PyTuple_GET_ITEM(column->values.ptr(), static_cast<Py_ssize_t>(first + j));
    if (o == Py_None) {
      column->chunk[j] = absl::string_view();
      continue;
    }
    if (!PyUnicode_Check(o)) {
      throw py::type_error(absl::StrCat(column->name, "[", first + j, "]: expected str or None, got ",
                                        Py_TYPE(o)->tp_name));
    }
    Py_ssize_t size = 0;
    const char* data = PyUnicode_AsUTF8AndSize(o, &size);
    if (data == nullptr) {
      PyErr_Clear();
      throw py::value_error(absl::StrCat(column->name, "[", first + j, "]: not encodable as UTF-8"));
    }
    column->chunk[j] = absl::string_view(data, static_cast<size_t>(size));
  }
}

// Per row, what the batch returns, in C++ form until the loop is over.
struct RowResult {
  uint32_t rule = Decision::kNone;  // The deciding match's rule.
  v1::Verdict verdict = v1::ALLOW;
  v1::RuleState state = v1::RULE_STATE_UNSPECIFIED;
  uint32_t match_count = 0;
  absl::Time next_change = absl::InfiniteFuture();
  absl::string_view vendor_entity;  // Lives in the compiled policy.
};

// The match that decides the verdict: the first whose effective verdict is the
// decision's when that is WARN or DENY; otherwise the first (PENDING, EXEMPTED).
const Decision::Match* DecidingMatch(const Decision& decision) {
  const absl::Span<const Decision::Match> matches = decision.matches();
  if (matches.empty()) return nullptr;
  if (decision.verdict() != v1::ALLOW) {
    for (const Decision::Match& match : matches) {
      if (match.verdict == decision.verdict()) return &match;
    }
  }
  return &matches[0];
}

// Python objects made once per distinct value of a result column.
class ResultObjects {
 public:
  explicit ResultObjects(const CompiledPolicy& policy) : policy_(policy) {}

  const std::array<py::object, 3>& Rule(uint32_t rule) {
    auto [it, inserted] = rules_.try_emplace(rule);
    if (inserted) {
      const interdict::RuleDescription d = policy_.DescribeRule(rule);
      it->second = {Str(d.policy_id), Str(d.rule_id), Str(interdict::FullCitation(d))};
    }
    return it->second;
  }

  const py::object& Instant(absl::Time t) {
    auto [it, inserted] = instants_.try_emplace(t);
    if (inserted) it->second = ToDatetime(t);
    return it->second;
  }

  const py::object& Entity(absl::string_view id) {
    auto [it, inserted] = entities_.try_emplace(id);
    if (inserted) it->second = Str(id);
    return it->second;
  }

 private:
  const CompiledPolicy& policy_;
  absl::flat_hash_map<uint32_t, std::array<py::object, 3>> rules_;
  absl::flat_hash_map<absl::Time, py::object> instants_;
  absl::flat_hash_map<absl::string_view, py::object> entities_;
};

py::list NewList(size_t n) {
  PyObject* list = PyList_New(static_cast<Py_ssize_t>(n));
  if (list == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::list>(list);
}

void SetItem(const py::list& list, size_t i, const py::handle& value) {
  PyList_SET_ITEM(list.ptr(), static_cast<Py_ssize_t>(i), value.inc_ref().ptr());
}

py::dict EvaluateBatch(const Policy& policy, const py::kwargs& kwargs) {
  py::dict rest = py::dict(kwargs);
  const py::object asset_id = OwnedContext::Pop(&rest, "asset_id");
  const py::object org_unit = OwnedContext::Pop(&rest, "org_unit");
  const py::object first_seen = OwnedContext::Pop(&rest, "first_seen");
  const bool explain = py::bool_(OwnedContext::Pop(&rest, "explain"));
  OwnedContext context(&rest, /*per_row_assets=*/true);

  // The artifact columns, and the context's per-row ones.
  std::vector<Column> columns;
  std::vector<absl::string_view ArtifactView::*> fields;
  for (auto item : rest) {
    const std::string key = item.first.cast<std::string>();
    const ColumnField* field = std::find_if(std::begin(kColumnFields), std::end(kColumnFields),
                                            [&](const ColumnField& f) { return key == f.name; });
    if (field == std::end(kColumnFields)) {
      std::vector<std::string> names;
      for (const ColumnField& f : kColumnFields) names.push_back(f.name);
      throw py::type_error(absl::StrCat("evaluate_batch: unknown keyword '", key, "' (artifact columns: ",
                                        absl::StrJoin(names, ", "), ")"));
    }
    columns.push_back(TakeColumn(key, item.second));
    fields.push_back(field->field);
  }
  if (columns.empty()) throw py::type_error("evaluate_batch: no artifact column (name=[...], vendor=[...], ...)");
  // A str applies to every row; a column gives one per row.
  std::string asset_id_all, org_unit_all;
  absl::optional<Column> asset_ids, org_units, first_seens;
  if (PyUnicode_Check(asset_id.ptr()) || asset_id.is_none()) {
    asset_id_all = OwnedContext::OptionalString(asset_id, "asset_id");
  } else {
    asset_ids = TakeColumn("asset_id", asset_id);
  }
  if (PyUnicode_Check(org_unit.ptr()) || org_unit.is_none()) {
    org_unit_all = OwnedContext::OptionalString(org_unit, "org_unit");
  } else {
    org_units = TakeColumn("org_unit", org_unit);
  }
  if (!first_seen.is_none()) first_seens = TakeColumn("first_seen", first_seen);

  const size_t n = static_cast<size_t>(columns[0].values.size());
  const auto check_length = [&](const Column& c) {
    if (static_cast<size_t>(c.values.size()) != n) {
      throw py::value_error(absl::StrCat("evaluate_batch: column ", c.name, " has ", c.values.size(),
                                         " rows, column ", columns[0].name, " has ", n));
    }
  };
  for (const Column& c : columns) check_length(c);
  for (const absl::optional<Column>* c : {&asset_ids, &org_units, &first_seens}) {
    if (c->has_value()) check_length(**c);
  }

  std::vector<RowResult> rows(n);
  std::vector<std::string> explanations(explain ? n : 0);
  std::vector<absl::optional<absl::Time>> first_seen_chunk(first_seens.has_value() ? kBatchChunk : 0);
  Decision decision;  // Reused by every row: no allocation once it has grown.
  ContextView& view = context.view();
  view.asset_id = asset_id_all;
  view.org_unit = org_unit_all;
  const CompiledPolicy& compiled = *policy.compiled;
  for (size_t first = 0; first < n; first += kBatchChunk) {
    const size_t count = std::min(kBatchChunk, n - first);
    for (Column& c : columns) ViewChunk(&c, first, count);
    if (asset_ids.has_value()) ViewChunk(&*asset_ids, first, count);
    if (org_units.has_value()) ViewChunk(&*org_units, first, count);
    if (first_seens.has_value()) {
      for (size_t j = 0; j < count; ++j) {
        const py::handle o = PyTuple_GET_ITEM(first_seens->values.ptr(), static_cast<Py_ssize_t>(first + j));
        first_seen_chunk[j] =
            o.is_none() ? absl::nullopt : absl::make_optional(ToTime(o, absl::StrCat("first_seen[", first + j, "]")));
      }
    }
    py::gil_scoped_release release;
    for (size_t j = 0; j < count; ++j) {
      ArtifactView artifact;
      for (size_t c = 0; c < columns.size(); ++c) artifact.*fields[c] = columns[c].chunk[j];
      if (first_seens.has_value()) artifact.first_seen = first_seen_chunk[j];
      if (asset_ids.has_value()) view.asset_id = asset_ids->chunk[j];
      if (org_units.has_value()) view.org_unit = org_units->chunk[j];
      compiled.Evaluate(artifact, view, &decision);
      RowResult& row = rows[first + j];
      row.verdict = decision.verdict();
      row.match_count = static_cast<uint32_t>(decision.matches().size());
      row.next_change = decision.next_change();
      if (const Decision::Match* match = DecidingMatch(decision)) {
        row.rule = match->rule;
        row.state = match->state;
      }
      if (decision.vendor_entity() != Decision::kNone) row.vendor_entity = compiled.DescribeVendorEntity(decision).id;
      if (explain) explanations[first + j] = compiled.Explain(decision);
    }
  }

  ResultObjects objects(compiled);
  py::list verdict = NewList(n), policy_id = NewList(n), rule_id = NewList(n), citation = NewList(n),
           state = NewList(n), next_change = NewList(n), vendor_entity = NewList(n), match_count = NewList(n);
  const py::object none = py::none();
  for (size_t i = 0; i < n; ++i) {
    const RowResult& row = rows[i];
    SetItem(verdict, i, types->verdicts[row.verdict]);
    if (row.rule == Decision::kNone) {
      SetItem(policy_id, i, none);
      SetItem(rule_id, i, none);
      SetItem(citation, i, none);
      SetItem(state, i, none);
    } else {
      const std::array<py::object, 3>& rule = objects.Rule(row.rule);
      SetItem(policy_id, i, rule[0]);
      SetItem(rule_id, i, rule[1]);
      SetItem(citation, i, rule[2]);
      SetItem(state, i, types->rule_states[row.state]);
    }
    // Most rows: no next change, no entity (no map lookup).
    SetItem(next_change, i, row.next_change == absl::InfiniteFuture() ? none : objects.Instant(row.next_change));
    SetItem(vendor_entity, i, row.vendor_entity.empty() ? none : objects.Entity(row.vendor_entity));
    SetItem(match_count, i, py::int_(row.match_count));
  }
  py::dict out;
  out["verdict"] = verdict;
  out["policy_id"] = policy_id;
  out["rule_id"] = rule_id;
  out["citation"] = citation;
  out["state"] = state;
  out["next_change"] = next_change;
  out["vendor_entity"] = vendor_entity;
  out["match_count"] = match_count;
  if (explain) {
    py::list explanation = NewList(n);
    for (size_t i = 0; i < n; ++i) SetItem(explanation, i, Str(explanations[i]));
    out["explanation"] = explanation;
  }
  return out;
}

// ---------------------------------------------------------------------------------
// Inventories.

class PyInventoryReader {
 public:
  PyInventoryReader(const std::string& path, const py::object& format, const std::string& errors, bool components)
      : components_(components) {
    if (errors != "raise" && errors != "skip") {
      throw py::value_error(absl::StrCat("errors: \"", errors, "\" is neither \"raise\" nor \"skip\""));
    }
    raise_ = errors == "raise";
    interdict::InventoryOptions options;
    if (!format.is_none()) {
      absl::StatusOr<interdict::InventoryFormat> parsed =
          interdict::ParseInventoryFormat(absl::AsciiStrToLower(View(format, "format")));
      if (!parsed.ok()) throw py::value_error(absl::StrCat("format: ", parsed.status().message()));
      options.format = *parsed;
    }
    absl::StatusOr<std::unique_ptr<interdict::InventoryReader>> reader;
    {
      py::gil_scoped_release release;
      reader = interdict::InventoryReader::Open(path, options);
    }
    if (!reader.ok()) {
      if (reader.status().code() == absl::StatusCode::kNotFound) {
        PyErr_SetObject(PyExc_FileNotFoundError,
                        py::make_tuple(ENOENT, Str(reader.status().message()), Str(path)).ptr());
        throw py::error_already_set();
      }
      Raise(py::str(Str(reader.status().message())), path, 0, py::none());
    }
    reader_ = *std::move(reader);
    source_ = path;
  }

  py::object Next() {
    if (!pending_.empty()) {
      py::object record = std::move(pending_.front());
      pending_.pop_front();
      return record;
    }
    if (finished_) throw py::stop_iteration();
    bool got = false;
    {
      py::gil_scoped_release release;
      got = reader_->Next(&record_);
    }
    if (got) Queue();
    RaiseProblems();
    if (!got) {
      finished_ = true;
      if (!reader_->status().ok()) Raise(Str(reader_->status().message()), source_, 0, py::none());
      throw py::stop_iteration();
    }
    return Next();
  }

  std::string format() const { return std::string(interdict::InventoryFormatName(reader_->format())); }
  const py::list& problems() const { return problems_; }
  uint64_t skipped() const { return reader_->skipped(); }
  py::list ignored() const {
    py::list out;
    for (const interdict::IgnoredQuery& query : reader_->ignored()) out.append(Str(query.ToString()));
    return out;
  }
  uint64_t ignored_rows() const { return reader_->ignored_rows(); }
  const std::string& source() const { return source_; }

 private:
  [[noreturn]] static void Raise(const py::object& message, const std::string& source, uint64_t line,
                                 const py::object& index) {
    PyErr_SetObject(types->inventory_error.ptr(),
                    types->inventory_error(message, Str(source), line, index).ptr());
    throw py::error_already_set();
  }

  // The record just read, and with `components_`, its SBOM components after it.
  void Queue() {
    const py::object artifact = MessageToPython(record_.artifact, /*include_defaults=*/false, /*plain=*/true);
    pending_.push_back(RecordObject(artifact, py::tuple()));
    const bool sbom = reader_->format() == interdict::InventoryFormat::kCycloneDx ||
                      reader_->format() == interdict::InventoryFormat::kSpdx;
    if (components_ && sbom) QueueComponents(record_.artifact, {Str(record_.artifact.name())}, 0);
  }

  void QueueComponents(const v1::Artifact& artifact, const std::vector<py::object>& path, size_t depth) {
    if (depth >= interdict::kMaxComponentDepth) return;
    for (const v1::Artifact& component : artifact.components()) {
      std::vector<py::object> component_path = path;
      component_path.push_back(Str(component.name()));
      py::tuple names(component_path.size());
      for (size_t i = 0; i < component_path.size(); ++i) names[i] = component_path[i];
      pending_.push_back(RecordObject(MessageToPython(component, /*include_defaults=*/false, /*plain=*/true), names));
      QueueComponents(component, component_path, depth + 1);
    }
  }

  py::object RecordObject(const py::object& artifact, const py::tuple& path) const {
    return types->inventory_record(py::arg("source") = Str(record_.source), py::arg("line") = record_.line,
                                   py::arg("index") = record_.index, py::arg("host") = Str(record_.host),
                                   py::arg("asset_id") = Str(record_.asset_id),
                                   py::arg("org_unit") = Str(record_.org_unit), py::arg("artifact") = artifact,
                                   py::arg("component_path") = path);
  }

  // Every problem so far becomes an InventoryError in problems(); with errors="raise",
  // the first is raised (the records read are kept for the next call).
  void RaiseProblems() {
    std::vector<interdict::InventoryProblem> taken = reader_->TakeProblems();
    if (taken.empty()) return;
    py::object first;
    for (const interdict::InventoryProblem& problem : taken) {
      py::object error =
          types->inventory_error(Str(problem.ToString()), Str(problem.source), problem.line, problem.index);
      if (!first) first = error;
      problems_.append(error);
    }
    if (raise_) {
      PyErr_SetObject(types->inventory_error.ptr(), first.ptr());
      throw py::error_already_set();
    }
  }

  std::unique_ptr<interdict::InventoryReader> reader_;
  std::string source_;
  bool raise_ = true;
  bool components_ = false;
  bool finished_ = false;
  interdict::InventoryRecord record_;
  std::deque<py::object> pending_;
  py::list problems_;
};

}  // namespace

PYBIND11_MODULE(_interdict, m) {
  m.doc() = "The compiled half of the interdict module; use `import interdict`.";
  PyDateTime_IMPORT;
  if (PyDateTimeAPI == nullptr) throw py::error_already_set();
  const py::module_ t = py::module_::import("interdict._types");
  types = new Types;  // Never freed (see Types).
  types->verdict = t.attr("Verdict");
  types->action = t.attr("Action");
  types->purpose = t.attr("Purpose");
  types->rule_state = t.attr("RuleState");
  types->rejection_reason = t.attr("RejectionReason");
  types->match = t.attr("Match");
  types->exemption_outcome = t.attr("ExemptionOutcome");
  types->artifact_problem = t.attr("ArtifactProblem");
  types->compile_issue = t.attr("CompileIssue");
  types->inventory_record = t.attr("InventoryRecord");
  types->compile_error = t.attr("CompileError");
  types->load_error = t.attr("LoadError");
  types->inventory_error = t.attr("InventoryError");
  for (int v = 0; v < 4; ++v) {
    types->verdicts[v] = v == 0 ? py::object(py::none()) : py::object(types->verdict.attr(v1::Verdict_Name(v).c_str()));
  }
  for (int s = 0; s < 5; ++s) {
    types->rule_states[s] =
        s == 0 ? py::object(py::none()) : py::object(types->rule_state.attr(v1::RuleState_Name(s).c_str()));
  }
  const py::module_ datetime = py::module_::import("datetime");
  types->epoch = datetime.attr("datetime")(1970, 1, 1, py::arg("tzinfo") = datetime.attr("timezone").attr("utc"));

  py::class_<Policy>(m, "Policy")
      .def("evaluate", &Evaluate, py::arg("artifact") = py::none(), py::pos_only())
      .def("evaluate_batch", &EvaluateBatch)
      .def_property_readonly("warnings", [](const Policy& p) { return p.warnings; })
      .def_property_readonly("catalog_version", [](const Policy& p) { return p.catalog_version; })
      .def_property_readonly("policy_count", [](const Policy& p) { return p.compiled->policy_count(); })
      .def_property_readonly("rule_count", [](const Policy& p) { return p.compiled->rule_count(); })
      .def_property_readonly("exemption_count", [](const Policy& p) { return p.compiled->exemption_count(); })
      .def_property_readonly("entity_count", [](const Policy& p) { return p.compiled->entity_count(); })
      .def("__repr__", [](const Policy& p) {
        return absl::StrCat("<interdict.Policy of ", p.origin, ": ", p.compiled->policy_count(), " policies, ",
                            p.compiled->rule_count(), " rules, ", p.compiled->exemption_count(), " exemptions>");
      });

  py::class_<PyDecision>(m, "Decision")
      .def_property_readonly("verdict", [](const PyDecision& d) { return types->verdicts[d.proto.verdict()]; })
      .def_property_readonly("matched", [](const PyDecision& d) { return d.proto.matches_size() > 0; })
      .def_property_readonly("matches",
                             [](const PyDecision& d) {
                               py::list out;
                               for (const v1::RuleMatch& match : d.proto.matches()) {
                                 out.append(MessageToPython(match, true, false));
                               }
                               return out;
                             })
      .def_property_readonly("exemptions",
                             [](const PyDecision& d) {
                               py::list out;
                               for (const v1::ExemptionOutcome& e : d.proto.exemptions()) {
                                 out.append(MessageToPython(e, true, false));
                               }
                               return out;
                             })
      .def_property_readonly("artifact_problems",
                             [](const PyDecision& d) {
                               py::list out;
                               for (const v1::ArtifactProblem& p : d.proto.artifact_problems()) {
                                 out.append(MessageToPython(p, true, false));
                               }
                               return out;
                             })
      .def_property_readonly("next_change",
                             [](const PyDecision& d) {
                               return d.proto.has_next_change() ? ToDatetime(FromTimestamp(d.proto.next_change()))
                                                                : py::none();
                             })
      .def_property_readonly("explanation", [](const PyDecision& d) { return Str(d.proto.explanation()); })
      .def_property_readonly("vendor_entity",
                             [](const PyDecision& d) -> py::object {
                               if (d.proto.vendor_entity().empty()) return py::none();
                               return Str(d.proto.vendor_entity());
                             })
      .def_property_readonly("vendor_entity_evidence",
                             [](const PyDecision& d) -> py::object {
                               if (d.proto.vendor_entity_evidence().empty()) return py::none();
                               return Str(d.proto.vendor_entity_evidence());
                             })
      .def("to_dict", [](const PyDecision& d) { return MessageToPython(d.proto, true, true); })
      .def("to_json",
           [](const PyDecision& d) {
             std::string json;
             const auto status = google::protobuf::util::MessageToJsonString(d.proto, &json);
             if (!status.ok()) throw std::runtime_error("to_json: " + status.ToString());
             return json;
           })
      .def("__repr__", [](const PyDecision& d) {
        std::string rules;
        for (const v1::RuleMatch& match : d.proto.matches()) {
          absl::StrAppend(&rules, rules.empty() ? " " : ", ", match.policy_id(), "/", match.rule_id(), " ",
                          v1::RuleState_Name(match.state()));
        }
        return absl::StrCat("<interdict.Decision ", v1::Verdict_Name(d.proto.verdict()),
                            rules.empty() ? " (no rule matched)" : ":", rules, ">");
      });

  py::class_<PyInventoryReader>(m, "InventoryReader")
      .def(py::init<const std::string&, const py::object&, const std::string&, bool>(), py::arg("path"),
           py::arg("format") = py::none(), py::kw_only(), py::arg("errors") = "raise",
           py::arg("components") = false)
      .def("__iter__", [](py::object self) { return self; })
      .def("__next__", &PyInventoryReader::Next)
      .def_property_readonly("format", &PyInventoryReader::format)
      .def_property_readonly("source", &PyInventoryReader::source)
      .def_property_readonly("problems", &PyInventoryReader::problems)
      .def_property_readonly("skipped", &PyInventoryReader::skipped)
      .def_property_readonly("ignored", &PyInventoryReader::ignored)
      .def_property_readonly("ignored_rows", &PyInventoryReader::ignored_rows);

  m.def("catalog", &Catalog);
  m.def("catalog_version", []() { return Str(interdict::BundledCatalog().version); });
  m.def("catalog_facts_checked", []() { return Str(interdict::BundledCatalog().facts_checked); });
  m.def("compile_sources", &Compile, py::arg("sources"), py::kw_only(), py::arg("on_catalog") = false,
        py::arg("now") = py::none());
}
