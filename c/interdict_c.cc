// The C interface over the C++ library: handles own shared_ptrs to compiled policies,
// a decision handle owns its Decision and the scratch views its inputs are read into,
// and every entry point runs inside Guard, so that no exception crosses into C.
#include "c/interdict_c.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <exception>
#include <limits>
#include <memory>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/attributes.h"
#include "absl/base/optimization.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"
#include "absl/types/span.h"
#include "google/protobuf/util/json_util.h"
#include "interdict/v1/artifact.pb.h"
#include "interdict/v1/decision.pb.h"
#include "policy/interdict.h"

namespace {

using ::interdict::ArtifactView;
using ::interdict::CompiledPolicy;
using ::interdict::CompileIssue;
using ::interdict::ContextView;
using ::interdict::Decision;
namespace v1 = ::interdict::v1;

constexpr char kLibraryVersion[] = "0.1.0";

// The C enums carry the proto's values, so that converting is a cast.
constexpr bool SameValue(int c, int proto) { return c == proto; }
static_assert(SameValue(INTERDICT_VERDICT_ALLOW, v1::ALLOW) && SameValue(INTERDICT_VERDICT_WARN, v1::WARN) &&
                  SameValue(INTERDICT_VERDICT_DENY, v1::DENY),
              "verdicts");
static_assert(SameValue(INTERDICT_ACTION_RUN, v1::RUN) && SameValue(INTERDICT_ACTION_INSTALL, v1::INSTALL) &&
                  SameValue(INTERDICT_ACTION_UPDATE, v1::UPDATE) && SameValue(INTERDICT_ACTION_PROCURE, v1::PROCURE) &&
                  SameValue(INTERDICT_ACTION_INTEGRATE, v1::INTEGRATE),
              "actions");
static_assert(SameValue(INTERDICT_PURPOSE_LAW_ENFORCEMENT, v1::LAW_ENFORCEMENT) &&
                  SameValue(INTERDICT_PURPOSE_NATIONAL_SECURITY, v1::NATIONAL_SECURITY) &&
                  SameValue(INTERDICT_PURPOSE_SECURITY_RESEARCH, v1::SECURITY_RESEARCH) &&
                  SameValue(INTERDICT_PURPOSE_REGULATORY, v1::REGULATORY) &&
                  SameValue(INTERDICT_PURPOSE_BUSINESS_CONTINUITY, v1::BUSINESS_CONTINUITY),
              "purposes");
static_assert(SameValue(INTERDICT_RULE_STATE_PENDING, v1::PENDING) &&
                  SameValue(INTERDICT_RULE_STATE_IN_FORCE, v1::IN_FORCE) &&
                  SameValue(INTERDICT_RULE_STATE_EXEMPTED, v1::EXEMPTED) &&
                  SameValue(INTERDICT_RULE_STATE_CONDITIONAL, v1::CONDITIONAL),
              "rule states");
static_assert(SameValue(INTERDICT_FORMAT_AUTO, static_cast<int>(interdict::PolicyFormat::kAuto)) &&
                  SameValue(INTERDICT_FORMAT_TEXTPROTO, static_cast<int>(interdict::PolicyFormat::kTextProto)) &&
                  SameValue(INTERDICT_FORMAT_BINARY, static_cast<int>(interdict::PolicyFormat::kBinary)) &&
                  SameValue(INTERDICT_FORMAT_JSON, static_cast<int>(interdict::PolicyFormat::kJson)),
              "formats");

// The sizes of the structs' first versions. When a field is appended, these stay, and
// the field is read only when a caller's struct_size covers it.
constexpr size_t kSourceSizeV1 = sizeof(interdict_source);
constexpr size_t kCompileOptionsSizeV1 = sizeof(interdict_compile_options);
constexpr size_t kArtifactSizeV1 = sizeof(interdict_artifact);
constexpr size_t kContextSizeV1 = sizeof(interdict_context);
constexpr size_t kIssueSizeV1 = sizeof(interdict_issue);
constexpr size_t kMatchSizeV1 = sizeof(interdict_match);

// An artifact's components are the caller's pointers: a DAG that shares arrays could
// describe more components than memory holds. Past this many, evaluation refuses.
constexpr size_t kMaxComponents = size_t{1} << 20;

// ---------------------------------------------------------------------------------
// The last error, per thread.

struct LastError {
  std::string message;
  // Set instead of `message` when recording it ran out of memory.
  const char* fallback = nullptr;
};
thread_local LastError last_error;

// "function: message more". Never throws: the catch handlers of Guard call it.
void RecordError(absl::string_view function, absl::string_view message, absl::string_view more) noexcept {
  try {
    last_error.message.assign(function.data(), function.size());
    last_error.message.append(": ");
    last_error.message.append(message.data(), message.size());
    last_error.message.append(more.data(), more.size());
    last_error.fallback = nullptr;
  } catch (...) {
    last_error.fallback = "out of memory while recording an error message";
  }
}

// One entry point's call: its name prefixes its error messages.
class Call {
 public:
  explicit Call(const char* function) : function_(function) {}

  // Records "function: message more" as this thread's last error.
  interdict_status Fail(interdict_status status, absl::string_view message, absl::string_view more = "") const
      noexcept {
    RecordError(function_, message, more);
    return status;
  }

  // A NULL where a value is needed.
  interdict_status Missing(const char* argument) const {
    return Fail(INTERDICT_INVALID_ARGUMENT, argument, ": required, got NULL");
  }

 private:
  const char* function_;
};

// Runs an entry point's body: clears the last error, and turns any exception into a
// status, so that none reaches C code (undefined behaviour there).
template <typename Body>
interdict_status Guard(const char* function, Body&& body) noexcept {
  const Call call(function);
  try {
    last_error.message.clear();
    last_error.fallback = nullptr;
    return body(call);
  } catch (const std::bad_alloc&) {
    return call.Fail(INTERDICT_RESOURCE_EXHAUSTED, "out of memory");
  } catch (const std::length_error&) {
    return call.Fail(INTERDICT_RESOURCE_EXHAUSTED, "out of memory (a size past the limit)");
  } catch (const std::exception& e) {
    return call.Fail(INTERDICT_INTERNAL, "unexpected exception: ", e.what());
  } catch (...) {
    return call.Fail(INTERDICT_INTERNAL, "unexpected exception");
  }
}

// ---------------------------------------------------------------------------------
// Reading the caller's values.

// Where a value sits in the caller's input, for messages ("artifact.components[2].vendor");
// formatted only when something is wrong.
struct Where {
  const Where* parent;
  const char* field;
  size_t index = std::numeric_limits<size_t>::max();  // max: not an array element.
};

std::string Path(const Where& where) {
  std::string path = where.parent == nullptr ? "" : Path(*where.parent) + ".";
  path += where.field;
  if (where.index != std::numeric_limits<size_t>::max()) absl::StrAppend(&path, "[", where.index, "]");
  return path;
}

// The checks below run on every evaluation: each is a compare and a branch, with the
// message built out of line only when a check fails.
ABSL_ATTRIBUTE_NOINLINE ABSL_ATTRIBUTE_COLD interdict_status SizeTooSmall(const Call& call, size_t struct_size,
                                                                           size_t first_version_size,
                                                                           const Where& where) {
  return call.Fail(INTERDICT_INVALID_ARGUMENT,
                   absl::StrCat(Path(where), ".struct_size: ", struct_size,
                                " is below the smallest size of this struct, ", first_version_size,
                                " (is it initialised?)"));
}

inline interdict_status CheckStructSize(const Call& call, size_t struct_size, size_t first_version_size,
                                        const Where& where) {
  if (ABSL_PREDICT_TRUE(struct_size >= first_version_size)) return INTERDICT_OK;
  return SizeTooSmall(call, struct_size, first_version_size, where);
}

ABSL_ATTRIBUTE_NOINLINE ABSL_ATTRIBUTE_COLD interdict_status NullWithSize(const Call& call, const Where& where,
                                                                           size_t size) {
  return call.Fail(INTERDICT_INVALID_ARGUMENT, absl::StrCat(Path(where), ": data is NULL with size ", size));
}

inline interdict_status ReadString(const Call& call, interdict_str in, const Where& where,
                                   absl::string_view* out) {
  if (ABSL_PREDICT_FALSE(in.data == nullptr && in.size != 0)) return NullWithSize(call, where, in.size);
  *out = absl::string_view(in.data, in.size);
  return INTERDICT_OK;
}

ABSL_ATTRIBUTE_NOINLINE ABSL_ATTRIBUTE_COLD interdict_status NanosOutOfRange(const Call& call, const Where& where,
                                                                              int32_t nanos) {
  return call.Fail(INTERDICT_INVALID_ARGUMENT,
                   absl::StrCat(Path(where), ".nanos: ", nanos, " is outside 0..999999999"));
}

inline interdict_status ReadTime(const Call& call, const interdict_time& in, const Where& where,
                                 absl::optional<absl::Time>* out) {
  if (in.is_set == 0) {
    *out = absl::nullopt;
    return INTERDICT_OK;
  }
  if (ABSL_PREDICT_FALSE(in.nanos < 0 || in.nanos > 999999999)) return NanosOutOfRange(call, where, in.nanos);
  // Whole seconds, the usual case, skip the Duration arithmetic.
  *out = in.nanos == 0 ? absl::FromUnixSeconds(in.seconds)
                       : absl::FromUnixSeconds(in.seconds) + absl::Nanoseconds(in.nanos);
  return INTERDICT_OK;
}

interdict_time WriteTime(absl::Time time) {
  interdict_time out = {0, 0, 0};
  if (time == absl::InfinitePast() || time == absl::InfiniteFuture()) return out;
  out.seconds = absl::ToUnixSeconds(time);  // Rounds down: nanos stay non-negative.
  out.nanos = static_cast<int32_t>(absl::ToInt64Nanoseconds(time - absl::FromUnixSeconds(out.seconds)));
  out.is_set = 1;
  return out;
}

interdict_str WriteString(absl::string_view s) { return interdict_str{s.data(), s.size()}; }

// Writes `full` into the caller's output struct, only as far as its struct_size reaches
// (an older caller's struct is shorter; a newer caller's later fields are left as set).
template <typename Struct>
void WritePrefix(const Struct& full, Struct* out) {
  const size_t caller_size = out->struct_size;
  std::memcpy(out, &full, std::min(caller_size, sizeof(Struct)));
  out->struct_size = caller_size;
}

// ---------------------------------------------------------------------------------
// An artifact, from the C struct or from the proto, as ArtifactViews: the two forms
// share the walk, and differ only in how a node is checked and its fields and
// components are read.

// The string fields of interdict_artifact and where they go.
struct StringField {
  const char* name;
  interdict_str interdict_artifact::*in;
  absl::string_view ArtifactView::*out;
};
constexpr StringField kStringFields[] = {
    {"name", &interdict_artifact::name, &ArtifactView::name},
    {"vendor", &interdict_artifact::vendor, &ArtifactView::vendor},
    {"version", &interdict_artifact::version, &ArtifactView::version},
    {"purl", &interdict_artifact::purl, &ArtifactView::purl},
    {"sha256", &interdict_artifact::sha256, &ArtifactView::sha256},
    {"sha1", &interdict_artifact::sha1, &ArtifactView::sha1},
    {"signer_subject", &interdict_artifact::signer_subject, &ArtifactView::signer_subject},
    {"certificate_thumbprint", &interdict_artifact::certificate_thumbprint, &ArtifactView::certificate_thumbprint},
    {"team_id", &interdict_artifact::team_id, &ArtifactView::team_id},
    {"signing_id", &interdict_artifact::signing_id, &ArtifactView::signing_id},
    {"bundle_id", &interdict_artifact::bundle_id, &ArtifactView::bundle_id},
    {"msi_product_code", &interdict_artifact::msi_product_code, &ArtifactView::msi_product_code},
    {"msi_upgrade_code", &interdict_artifact::msi_upgrade_code, &ArtifactView::msi_upgrade_code},
    {"install_path", &interdict_artifact::install_path, &ArtifactView::install_path},
    {"cpe", &interdict_artifact::cpe, &ArtifactView::cpe},
};

// What must hold before a node's components can be walked.
interdict_status CheckNode(const Call& call, const interdict_artifact& node, const Where& where) {
  if (interdict_status s = CheckStructSize(call, node.struct_size, kArtifactSizeV1, where); s != INTERDICT_OK) {
    return s;
  }
  if (node.components == nullptr && node.component_count != 0) {
    return call.Fail(INTERDICT_INVALID_ARGUMENT,
                     absl::StrCat(Path(where), ".components: NULL with count ", node.component_count));
  }
  return INTERDICT_OK;
}

// Names the string field that is NULL with a size (ViewFields found one).
ABSL_ATTRIBUTE_NOINLINE ABSL_ATTRIBUTE_COLD interdict_status NullStringField(const Call& call,
                                                                              const interdict_artifact& node,
                                                                              const Where& where) {
  for (const StringField& field : kStringFields) {
    absl::string_view ignored;
    if (interdict_status s = ReadString(call, node.*field.in, Where{&where, field.name}, &ignored);
        s != INTERDICT_OK) {
      return s;
    }
  }
  return call.Fail(INTERDICT_INTERNAL, "a string field was NULL with a size, then was not");
}

// Views every string in one pass and looks for the one at fault only if there is one:
// on every evaluation, this is most of the C path's own cost.
interdict_status ViewFields(const Call& call, const interdict_artifact& node, const Where& where,
                            ArtifactView* out) {
  bool null_with_size = false;
  // Unrolled, each field's offsets are constants: a few instructions per string.
#pragma GCC unroll 16
  for (const StringField& field : kStringFields) {
    const interdict_str& in = node.*field.in;
    null_with_size |= (in.data == nullptr) & (in.size != 0);
    out->*field.out = absl::string_view(in.data, in.size);
  }
  if (ABSL_PREDICT_FALSE(null_with_size)) return NullStringField(call, node, where);
  return ReadTime(call, node.first_seen, Where{&where, "first_seen"}, &out->first_seen);
}

size_t ComponentCount(const interdict_artifact& node) { return node.component_count; }

// The array's stride is its parent's struct_size (one header built them all).
const interdict_artifact& Component(const interdict_artifact& node, size_t i) {
  return *reinterpret_cast<const interdict_artifact*>(reinterpret_cast<const char*>(node.components) +
                                                      i * node.struct_size);
}

// The proto: always well-formed.
interdict_status CheckNode(const Call&, const v1::Artifact&, const Where&) { return INTERDICT_OK; }

interdict_status ViewFields(const Call&, const v1::Artifact& node, const Where&, ArtifactView* out) {
  *out = interdict::ViewOf(node);
  return INTERDICT_OK;
}

size_t ComponentCount(const v1::Artifact& node) { return static_cast<size_t>(node.components_size()); }

const v1::Artifact& Component(const v1::Artifact& node, size_t i) { return node.components(static_cast<int>(i)); }

// Views an artifact and its components in storage reused across evaluations, so that
// once it has grown, viewing allocates nothing. Each node's components sit contiguously
// (ArtifactView::components is a span), so the tree is counted before it is viewed. Like
// ArtifactViewTree, components are viewed down to kMaxComponentDepth + 1 levels, one
// past the deepest any policy examines, so that evaluation can say deeper ones went
// unexamined.
class ArtifactViews {
 public:
  template <typename Node>
  interdict_status View(const Call& call, const Node& root, const ArtifactView** out) {
    const Where where{nullptr, "artifact"};
    *out = &root_;
    if (ComponentCount(root) == 0) {  // Most artifacts: no tree to walk.
      if (interdict_status s = CheckNode(call, root, where); s != INTERDICT_OK) return s;
      root_.components = {};
      return ViewFields(call, root, where, &root_);
    }
    size_t count = 0;
    if (interdict_status s = Count(call, root, 0, where, &count); s != INTERDICT_OK) return s;
    if (components_.size() < count) components_.resize(count);
    size_t used = 0;
    if (interdict_status s = ViewFields(call, root, where, &root_); s != INTERDICT_OK) return s;
    return ViewComponents(call, root, 0, where, &used, &root_);
  }

 private:
  static constexpr size_t kDeepestLevel = interdict::kMaxComponentDepth + 1;

  // Checks every node that will be viewed and counts the components among them, before
  // anything is viewed (a caller's pointers may describe more than memory holds).
  template <typename Node>
  interdict_status Count(const Call& call, const Node& node, size_t level, const Where& where, size_t* count) {
    if (interdict_status s = CheckNode(call, node, where); s != INTERDICT_OK) return s;
    if (level == kDeepestLevel) return INTERDICT_OK;
    const size_t n = ComponentCount(node);
    *count += n;
    if (*count > kMaxComponents) {
      return call.Fail(INTERDICT_RESOURCE_EXHAUSTED,
                       absl::StrCat(Path(where), ": more than ", kMaxComponents, " components"));
    }
    for (size_t i = 0; i < n; ++i) {
      if (interdict_status s = Count(call, Component(node, i), level + 1, Where{&where, "components", i}, count);
          s != INTERDICT_OK) {
        return s;
      }
    }
    return INTERDICT_OK;
  }

  // Views `node`'s components in the next free block of `components_`, then theirs.
  template <typename Node>
  interdict_status ViewComponents(const Call& call, const Node& node, size_t level, const Where& where,
                                  size_t* used, ArtifactView* view) {
    const size_t n = level == kDeepestLevel ? 0 : ComponentCount(node);
    ArtifactView* block = components_.data() + *used;
    *used += n;
    for (size_t i = 0; i < n; ++i) {
      const Where child{&where, "components", i};
      if (interdict_status s = ViewFields(call, Component(node, i), child, &block[i]); s != INTERDICT_OK) return s;
      if (interdict_status s = ViewComponents(call, Component(node, i), level + 1, child, used, &block[i]);
          s != INTERDICT_OK) {
        return s;
      }
    }
    view->components = absl::MakeConstSpan(block, n);
    return INTERDICT_OK;
  }

  ArtifactView root_;
  std::vector<ArtifactView> components_;
};

// A context's tag lists, from the C struct or from the proto.
struct CList {
  const interdict_str* data;
  size_t count;
};
using ProtoList = google::protobuf::RepeatedPtrField<std::string>;

size_t Size(const CList& list) { return list.count; }
size_t Size(const ProtoList* list) { return static_cast<size_t>(list->size()); }

bool IsNull(const CList& list) { return (list.data == nullptr) & (list.count != 0); }
bool IsNull(const ProtoList*) { return false; }

absl::string_view Tag(const CList& list, size_t i, bool* null_with_size) {
  const interdict_str& tag = list.data[i];
  *null_with_size |= (tag.data == nullptr) & (tag.size != 0);
  return absl::string_view(tag.data, tag.size);
}
absl::string_view Tag(const ProtoList* list, size_t i, bool*) { return list->Get(static_cast<int>(i)); }

// A context, from either form, reduced to what both have, so that both are validated
// alike ("context.action: required").
template <typename List>
struct ContextFields {
  absl::optional<absl::Time> instant;
  int32_t action = 0;
  int32_t purpose = 0;
  absl::string_view asset_id;
  absl::string_view org_unit;
  List lists[4];  // In the order of kListNames.
};

constexpr const char* kListNames[] = {"jurisdictions", "organization_kinds", "asset_kinds", "uses"};

// Views a context in storage reused across evaluations (the four tag lists share one
// array), so that once it has grown, viewing allocates nothing.
class ContextViews {
 public:
  interdict_status View(const Call& call, const interdict_context& in, const ContextView** out) {
    const Where where{nullptr, "context"};
    if (interdict_status s = CheckStructSize(call, in.struct_size, kContextSizeV1, where); s != INTERDICT_OK) {
      return s;
    }
    ContextFields<CList> fields;
    fields.action = in.action;
    fields.purpose = in.purpose;
    fields.lists[0] = {in.jurisdictions, in.jurisdiction_count};
    fields.lists[1] = {in.organization_kinds, in.organization_kind_count};
    fields.lists[2] = {in.asset_kinds, in.asset_kind_count};
    fields.lists[3] = {in.uses, in.use_count};
    if (interdict_status s = ReadTime(call, in.instant, Where{&where, "instant"}, &fields.instant);
        s != INTERDICT_OK) {
      return s;
    }
    if (interdict_status s = ReadString(call, in.asset_id, Where{&where, "asset_id"}, &fields.asset_id);
        s != INTERDICT_OK) {
      return s;
    }
    if (interdict_status s = ReadString(call, in.org_unit, Where{&where, "org_unit"}, &fields.org_unit);
        s != INTERDICT_OK) {
      return s;
    }
    return View(call, fields, out);
  }

  interdict_status View(const Call& call, const v1::EvaluationContext& in, const ContextView** out) {
    ContextFields<const ProtoList*> fields;
    if (in.has_instant()) {
      fields.instant = absl::FromUnixSeconds(in.instant().seconds()) + absl::Nanoseconds(in.instant().nanos());
    }
    fields.action = in.action();
    fields.purpose = in.purpose();
    fields.asset_id = in.asset_id();
    fields.org_unit = in.org_unit();
    fields.lists[0] = &in.jurisdictions();
    fields.lists[1] = &in.organization_kinds();
    fields.lists[2] = &in.asset_kinds();
    fields.lists[3] = &in.uses();
    return View(call, fields, out);
  }

 private:
  template <typename List>
  interdict_status View(const Call& call, const ContextFields<List>& fields, const ContextView** out) {
    if (ABSL_PREDICT_FALSE(!fields.instant.has_value() || fields.action == v1::ACTION_UNSPECIFIED ||
                           !v1::Action_IsValid(fields.action) || !v1::Purpose_IsValid(fields.purpose))) {
      return InvalidFields(call, fields);
    }
    // The four lists, unrolled: the C path runs this on every evaluation.
    size_t total = 0;
    bool null_list = false;
#pragma GCC unroll 4
    for (const List& list : fields.lists) {
      total += Size(list);
      null_list |= IsNull(list);
    }
    if (ABSL_PREDICT_FALSE(null_list)) return InvalidTags(call, fields);
    if (tags_.size() < total) tags_.resize(total);
    absl::Span<const absl::string_view> spans[4];
    bool null_tag = false;
    size_t used = 0;
#pragma GCC unroll 4
    for (size_t i = 0; i < 4; ++i) {
      const size_t n = Size(fields.lists[i]);
      for (size_t j = 0; j < n; ++j) tags_[used + j] = Tag(fields.lists[i], j, &null_tag);
      spans[i] = absl::MakeConstSpan(tags_.data() + used, n);
      used += n;
    }
    if (ABSL_PREDICT_FALSE(null_tag)) return InvalidTags(call, fields);
    view_.instant = *fields.instant;
    view_.action = static_cast<v1::Action>(fields.action);
    view_.purpose = static_cast<v1::Purpose>(fields.purpose);
    view_.asset_id = fields.asset_id;
    view_.org_unit = fields.org_unit;
    view_.jurisdictions = spans[0];
    view_.organization_kinds = spans[1];
    view_.asset_kinds = spans[2];
    view_.uses = spans[3];
    *out = &view_;
    return INTERDICT_OK;
  }

  // Says which of the instant, action and purpose is wrong (View found one).
  template <typename List>
  ABSL_ATTRIBUTE_NOINLINE ABSL_ATTRIBUTE_COLD static interdict_status InvalidFields(const Call& call,
                                                                                   const ContextFields<List>& fields) {
    if (!fields.instant.has_value()) return call.Fail(INTERDICT_INVALID_ARGUMENT, "context.instant: required");
    if (fields.action == v1::ACTION_UNSPECIFIED) {
      return call.Fail(INTERDICT_INVALID_ARGUMENT, "context.action: required");
    }
    if (!v1::Action_IsValid(fields.action)) {
      return call.Fail(INTERDICT_INVALID_ARGUMENT,
                       absl::StrCat("context.action: ", fields.action, " is not an interdict_action"));
    }
    return call.Fail(INTERDICT_INVALID_ARGUMENT,
                     absl::StrCat("context.purpose: ", fields.purpose, " is not an interdict_purpose"));
  }

  // Says which list, or which tag, is NULL with a size (View found one; only the C
  // struct can have one).
  template <typename List>
  ABSL_ATTRIBUTE_NOINLINE ABSL_ATTRIBUTE_COLD static interdict_status InvalidTags(const Call& call,
                                                                                 const ContextFields<List>& fields) {
    const Where context{nullptr, "context"};
    for (size_t i = 0; i < 4; ++i) {
      const Where list{&context, kListNames[i]};
      if (IsNull(fields.lists[i])) {
        return call.Fail(INTERDICT_INVALID_ARGUMENT,
                         absl::StrCat(Path(list), ": NULL with count ", Size(fields.lists[i])));
      }
      for (size_t j = 0; j < Size(fields.lists[i]); ++j) {
        bool null_with_size = false;
        const absl::string_view tag = Tag(fields.lists[i], j, &null_with_size);
        if (null_with_size) return NullWithSize(call, Where{&context, kListNames[i], j}, tag.size());
      }
    }
    return call.Fail(INTERDICT_INTERNAL, "a context list was invalid, then was not");
  }

  ContextView view_;
  std::vector<absl::string_view> tags_;
};

}  // namespace

// ---------------------------------------------------------------------------------
// The handles.

struct interdict_policy {
  std::shared_ptr<const CompiledPolicy> compiled;
};

struct interdict_issues {
  std::vector<CompileIssue> issues;
  // ToString of each, kept so that the views handed out stay valid.
  std::vector<std::string> formatted;
};

namespace {

// Every replacement of every handle gets a number never used before, so that a decision
// can tell whether the policy it took from a handle is still the one served.
std::atomic<uint64_t> next_generation{1};

}  // namespace

struct interdict_handle {
  explicit interdict_handle(std::shared_ptr<const CompiledPolicy> initial)
      : served(std::move(initial)), generation(next_generation.fetch_add(1)) {}

  // Replaces, then publishes the new generation: a reader that sees it and then calls
  // Get() receives this policy or a later one.
  void Serve(std::shared_ptr<const CompiledPolicy> next) {
    served.Replace(std::move(next));
    generation.store(next_generation.fetch_add(1), std::memory_order_release);
  }

  interdict::PolicyHandle served;
  std::atomic<uint64_t> generation;
};

struct interdict_decision {
  Decision decision;
  // The policy `decision` was last evaluated against (kept alive: the strings handed out
  // point into it), and which handle generation it came from (0: not from a handle).
  std::shared_ptr<const CompiledPolicy> policy;
  uint64_t handle_generation = 0;
  bool has_result = false;

  ArtifactViews artifact_views;
  ContextViews context_views;
  // The JSON and protobuf paths' inputs, which `decision` views.
  v1::Artifact artifact_proto;
  v1::EvaluationContext context_proto;

  // The presented forms, built on demand after each evaluation.
  bool has_proto = false;
  v1::Decision proto;
  bool has_json = false;
  std::string json;
  bool has_bytes = false;
  std::string bytes;
};

namespace {

// ---------------------------------------------------------------------------------
// Compiling.

interdict_status LoadStatus(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kNotFound: return INTERDICT_NOT_FOUND;
    case absl::StatusCode::kResourceExhausted: return INTERDICT_RESOURCE_EXHAUSTED;
    default: return INTERDICT_LOAD_ERROR;
  }
}

interdict_status CheckSource(const Call& call, const interdict_source& source, const Where& where) {
  if (interdict_status s = CheckStructSize(call, source.struct_size, kSourceSizeV1, where); s != INTERDICT_OK) {
    return s;
  }
  if (source.kind != INTERDICT_SOURCE_FILE && source.kind != INTERDICT_SOURCE_BYTES) {
    return call.Fail(INTERDICT_INVALID_ARGUMENT,
                     absl::StrCat(Path(where), ".kind: ", source.kind, " is not an interdict_source_kind"));
  }
  if (source.format < INTERDICT_FORMAT_AUTO || source.format > INTERDICT_FORMAT_JSON) {
    return call.Fail(INTERDICT_INVALID_ARGUMENT,
                     absl::StrCat(Path(where), ".format: ", source.format, " is not an interdict_format"));
  }
  if (source.name.size == 0) return call.Fail(INTERDICT_INVALID_ARGUMENT, Path(where) + ".name: required");
  absl::string_view ignored;
  if (interdict_status s = ReadString(call, source.name, Where{&where, "name"}, &ignored); s != INTERDICT_OK) {
    return s;
  }
  return ReadString(call, source.contents, Where{&where, "contents"}, &ignored);
}

interdict_status CheckOptions(const Call& call, const interdict_compile_options* options,
                              interdict::CompileOptions* compile_options, bool* on_catalog) {
  *on_catalog = false;
  if (options == nullptr) return INTERDICT_OK;
  const Where where{nullptr, "options"};
  if (interdict_status s = CheckStructSize(call, options->struct_size, kCompileOptionsSizeV1, where);
      s != INTERDICT_OK) {
    return s;
  }
  if ((options->flags & ~INTERDICT_COMPILE_ON_CATALOG) != 0) {
    return call.Fail(INTERDICT_INVALID_ARGUMENT,
                     absl::StrCat("options.flags: unknown bits ", options->flags & ~INTERDICT_COMPILE_ON_CATALOG));
  }
  *on_catalog = (options->flags & INTERDICT_COMPILE_ON_CATALOG) != 0;
  return ReadTime(call, options->now, Where{&where, "now"}, &compile_options->now);
}

// The caller's array of sources, read with the first one's struct_size as the stride:
// a later header's sources are longer, and one header built the whole array.
class Sources {
 public:
  Sources(const interdict_source* first, size_t count) : first_(first), count_(count) {}
  size_t size() const { return count_; }
  const interdict_source& operator[](size_t i) const {
    return *reinterpret_cast<const interdict_source*>(reinterpret_cast<const char*>(first_) +
                                                      i * first_->struct_size);
  }

 private:
  const interdict_source* first_;
  size_t count_;
};

// Adds every source, reading them all before giving up, so that one call names every
// source that cannot be loaded (as PolicyCompiler::CompileFiles does for files).
interdict_status LoadSources(const Call& call, const Sources& sources, interdict::PolicyLoader* loader) {
  absl::Status first_failure;
  std::string failures;
  int failed = 0;
  for (size_t i = 0; i < sources.size(); ++i) {
    const interdict_source& source = sources[i];
    const absl::string_view name(source.name.data, source.name.size);
    const auto format = static_cast<interdict::PolicyFormat>(source.format);
    const absl::Status status =
        source.kind == INTERDICT_SOURCE_FILE
            ? loader->AddFile(name, format)
            : loader->AddText(name, absl::string_view(source.contents.data, source.contents.size), format);
    if (status.ok()) continue;
    if (failed++ == 0) first_failure = status;
    absl::StrAppend(&failures, "\n", status.message());
  }
  if (failed == 0) return INTERDICT_OK;
  return call.Fail(LoadStatus(first_failure.code()),
                   failed == 1 ? std::string(first_failure.message())
                               : absl::StrCat(failed, " policy sources could not be loaded:", failures));
}

// interdict_compile and interdict_handle_reload: validates, loads, compiles. `issues`,
// when not null, receives the issue list as the header describes.
interdict_status CompileSources(const Call& call, const interdict_source* sources, size_t count,
                                const interdict_compile_options* options,
                                std::shared_ptr<const CompiledPolicy>* compiled, interdict_issues** issues) {
  if (issues != nullptr) *issues = nullptr;
  if (count == 0) return call.Fail(INTERDICT_INVALID_ARGUMENT, "count: at least one source is required");
  if (sources == nullptr) return call.Missing("sources");
  // The first source's size is the stride: checked before any other is read.
  if (interdict_status s = CheckStructSize(call, sources->struct_size, kSourceSizeV1, Where{nullptr, "sources", 0});
      s != INTERDICT_OK) {
    return s;
  }
  const Sources list(sources, count);
  for (size_t i = 0; i < count; ++i) {
    if (interdict_status s = CheckSource(call, list[i], Where{nullptr, "sources", i}); s != INTERDICT_OK) return s;
  }
  interdict::CompileOptions compile_options;
  bool on_catalog = false;
  if (interdict_status s = CheckOptions(call, options, &compile_options, &on_catalog); s != INTERDICT_OK) return s;

  auto list_out = std::make_unique<interdict_issues>();
  interdict::PolicyLoader loader;
  if (on_catalog) loader.AddBundle("bundled catalog", *interdict::BundledCatalog().bundle);
  interdict_status status = LoadSources(call, list, &loader);
  if (status == INTERDICT_OK) {
    auto result = interdict::PolicyCompiler(compile_options).Compile(std::move(loader).Finish(), &list_out->issues);
    if (result.ok()) {
      *compiled = *std::move(result);
    } else {
      status = call.Fail(INTERDICT_COMPILE_ERROR, result.status().message());
    }
  }
  for (const CompileIssue& issue : list_out->issues) list_out->formatted.push_back(issue.ToString());
  if (issues != nullptr) *issues = list_out.release();
  return status;
}

// ---------------------------------------------------------------------------------
// Evaluating.

// Which policy an evaluation runs against: a fixed one, or whatever a handle serves.
// Binding reuses the decision's reference when it is still the right one, so that steady
// state touches no reference count and takes no lock.
void Bind(const interdict_policy& policy, interdict_decision* decision) {
  if (decision->policy != policy.compiled) decision->policy = policy.compiled;
  decision->handle_generation = 0;
}

void Bind(const interdict_handle& handle, interdict_decision* decision) {
  const uint64_t generation = handle.generation.load(std::memory_order_acquire);
  if (generation == decision->handle_generation) return;
  decision->policy = handle.served.Get();
  decision->handle_generation = generation;
}

void Forget(interdict_decision* decision) {
  decision->has_result = false;
  decision->has_proto = false;
  decision->has_json = false;
  decision->has_bytes = false;
}

const char* ArgumentName(const interdict_policy*) { return "policy"; }
const char* ArgumentName(const interdict_handle*) { return "handle"; }

// The end both paths share: the inputs viewed, the policy bound, evaluated.
template <typename Source, typename ArtifactNode, typename ContextNode>
interdict_status Evaluate(const Call& call, const Source& source, const ArtifactNode& artifact,
                          const ContextNode& context, interdict_decision* decision) {
  const ArtifactView* artifact_view = nullptr;
  const ContextView* context_view = nullptr;
  if (interdict_status s = decision->artifact_views.View(call, artifact, &artifact_view); s != INTERDICT_OK) return s;
  if (interdict_status s = decision->context_views.View(call, context, &context_view); s != INTERDICT_OK) return s;
  Bind(source, decision);
  decision->policy->Evaluate(*artifact_view, *context_view, &decision->decision);
  decision->has_result = true;
  return INTERDICT_OK;
}

template <typename Source>
interdict_status EvaluateStruct(const Call& call, const Source* source, const interdict_artifact* artifact,
                                const interdict_context* context, interdict_decision* decision) {
  if (decision == nullptr) return call.Missing("decision");
  Forget(decision);
  if (source == nullptr) return call.Missing(ArgumentName(source));
  if (artifact == nullptr) return call.Missing("artifact");
  if (context == nullptr) return call.Missing("context");
  return Evaluate(call, *source, *artifact, *context, decision);
}

// How the JSON and protobuf paths parse a message; false with `error` set when it does
// not parse.
using Parser = bool (*)(absl::string_view in, google::protobuf::Message* out, std::string* error);

bool ParseJson(absl::string_view in, google::protobuf::Message* out, std::string* error) {
  const auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(in.data(), in.size()), out);
  if (status.ok()) return true;
  *error = std::string(status.message());
  return false;
}

bool ParseProto(absl::string_view in, google::protobuf::Message* out, std::string* error) {
  if (in.size() <= static_cast<size_t>(std::numeric_limits<int>::max()) &&
      out->ParseFromArray(in.data(), static_cast<int>(in.size()))) {
    return true;
  }
  *error = "not a serialized " + out->GetTypeName();
  return false;
}

// Parses into the decision's own messages, which it then views.
template <typename Source>
interdict_status EvaluateMessages(const Call& call, Parser parse, const Source* source, interdict_str artifact,
                                  interdict_str context, interdict_decision* decision) {
  if (decision == nullptr) return call.Missing("decision");
  Forget(decision);
  if (source == nullptr) return call.Missing(ArgumentName(source));
  const struct {
    const char* name;
    interdict_str in;
    google::protobuf::Message* message;
  } inputs[] = {{"artifact", artifact, &decision->artifact_proto}, {"context", context, &decision->context_proto}};
  for (const auto& input : inputs) {
    absl::string_view text;
    if (interdict_status s = ReadString(call, input.in, Where{nullptr, input.name}, &text); s != INTERDICT_OK) {
      return s;
    }
    std::string error;
    if (!parse(text, input.message, &error)) {
      return call.Fail(INTERDICT_INVALID_ARGUMENT, absl::StrCat(input.name, ": ", error));
    }
  }
  return Evaluate(call, *source, decision->artifact_proto, decision->context_proto, decision);
}

// ---------------------------------------------------------------------------------
// Reading a decision.

interdict_status CheckResult(const Call& call, const interdict_decision* decision) {
  if (decision == nullptr) return call.Missing("decision");
  if (!decision->has_result) {
    return call.Fail(INTERDICT_FAILED_PRECONDITION, "the decision holds no result: evaluate into it first");
  }
  return INTERDICT_OK;
}

// The decision's protobuf form, built once per evaluation; explanation, JSON and bytes
// come from it.
const v1::Decision& Presented(interdict_decision* decision) {
  if (!decision->has_proto) {
    // Cannot fail: `policy` produced `decision`.
    (void)decision->policy->ToProto(decision->decision, &decision->proto);
    decision->has_proto = true;
  }
  return decision->proto;
}

interdict_match DescribeMatch(const CompiledPolicy& policy, const Decision::Match& match) {
  const interdict::RuleDescription rule = policy.DescribeRule(match.rule);
  interdict_match out;
  std::memset(&out, 0, sizeof(out));
  out.struct_size = sizeof(out);
  out.policy_id = WriteString(rule.policy_id);
  out.rule_id = WriteString(rule.rule_id);
  out.citation = WriteString(rule.citation);
  out.rule_citation = WriteString(rule.rule_citation);
  out.state = match.state;
  out.verdict = match.verdict;
  out.step_index = match.step_index == Decision::kNone ? -1 : static_cast<int32_t>(match.step_index);
  out.next_step_verdict = match.next_step_verdict;
  out.step_label = WriteString(policy.StepLabel(match.rule, match.step_index));
  out.in_force_since = WriteTime(match.in_force_since);
  out.next_step_at = WriteTime(match.next_step_at);
  if (match.exemption != Decision::kNone) out.exemption_id = WriteString(policy.DescribeExemption(match.exemption).id);
  out.verdict_if_used = match.state == v1::CONDITIONAL ? match.verdict_if_used : v1::VERDICT_UNSPECIFIED;
  out.component_path_size = match.component_path_size;
  return out;
}

interdict_status IndexInRange(const Call& call, const char* what, size_t index, size_t size) {
  if (index < size) return INTERDICT_OK;
  return call.Fail(INTERDICT_OUT_OF_RANGE, absl::StrCat(what, ": ", index, " is past the end (", size, ")"));
}

}  // namespace

// ---------------------------------------------------------------------------------
// Entry points.

extern "C" {

const interdict_version_info* interdict_version(void) {
  static const interdict_version_info info = {sizeof(interdict_version_info), INTERDICT_ABI_MAJOR,
                                              INTERDICT_ABI_MINOR, kLibraryVersion};
  return &info;
}

const char* interdict_status_name(interdict_status status) {
  switch (status) {
    case INTERDICT_OK: return "OK";
    case INTERDICT_INVALID_ARGUMENT: return "INVALID_ARGUMENT";
    case INTERDICT_OUT_OF_RANGE: return "OUT_OF_RANGE";
    case INTERDICT_NOT_FOUND: return "NOT_FOUND";
    case INTERDICT_LOAD_ERROR: return "LOAD_ERROR";
    case INTERDICT_COMPILE_ERROR: return "COMPILE_ERROR";
    case INTERDICT_RESOURCE_EXHAUSTED: return "RESOURCE_EXHAUSTED";
    case INTERDICT_FAILED_PRECONDITION: return "FAILED_PRECONDITION";
    case INTERDICT_INTERNAL: return "INTERNAL";
  }
  return "UNKNOWN";
}

const char* interdict_last_error(void) {
  return last_error.fallback != nullptr ? last_error.fallback : last_error.message.c_str();
}

interdict_status interdict_compile(const interdict_source* sources, size_t count,
                                   const interdict_compile_options* options, interdict_policy** policy,
                                   interdict_issues** issues) {
  return Guard("interdict_compile", [&](const Call& call) {
    if (issues != nullptr) *issues = nullptr;
    if (policy == nullptr) return call.Missing("policy");
    std::shared_ptr<const CompiledPolicy> compiled;
    if (interdict_status s = CompileSources(call, sources, count, options, &compiled, issues); s != INTERDICT_OK) {
      return s;
    }
    *policy = new interdict_policy{std::move(compiled)};
    return INTERDICT_OK;
  });
}

interdict_status interdict_catalog(interdict_policy** policy) {
  return Guard("interdict_catalog", [&](const Call& call) {
    if (policy == nullptr) return call.Missing("policy");
    *policy = new interdict_policy{interdict::BundledCatalog().policy};
    return INTERDICT_OK;
  });
}

interdict_status interdict_catalog_version(interdict_str* version, interdict_str* facts_checked) {
  return Guard("interdict_catalog_version", [&](const Call&) {
    const interdict::Catalog& catalog = interdict::BundledCatalog();
    if (version != nullptr) *version = WriteString(catalog.version);
    if (facts_checked != nullptr) *facts_checked = WriteString(catalog.facts_checked);
    return INTERDICT_OK;
  });
}

void interdict_policy_free(interdict_policy* policy) { delete policy; }

size_t interdict_issues_count(const interdict_issues* issues) {
  return issues == nullptr ? 0 : issues->issues.size();
}

interdict_status interdict_issues_get(const interdict_issues* issues, size_t index, interdict_issue* issue) {
  return Guard("interdict_issues_get", [&](const Call& call) {
    if (issues == nullptr) return call.Missing("issues");
    if (issue == nullptr) return call.Missing("issue");
    if (interdict_status s = CheckStructSize(call, issue->struct_size, kIssueSizeV1, Where{nullptr, "issue"});
        s != INTERDICT_OK) {
      return s;
    }
    if (interdict_status s = IndexInRange(call, "index", index, issues->issues.size()); s != INTERDICT_OK) return s;
    const CompileIssue& in = issues->issues[index];
    interdict_issue out;
    std::memset(&out, 0, sizeof(out));
    out.struct_size = sizeof(out);
    out.severity = in.severity == CompileIssue::Severity::kError ? INTERDICT_SEVERITY_ERROR : INTERDICT_SEVERITY_WARNING;
    out.code = static_cast<int32_t>(in.code);
    out.code_name = WriteString(CompileIssue::CodeName(in.code));
    out.file = WriteString(in.file);
    out.line = in.line;
    out.column = in.column;
    out.path = WriteString(in.field_path);
    out.message = WriteString(in.message);
    out.formatted = WriteString(issues->formatted[index]);
    WritePrefix(out, issue);
    return INTERDICT_OK;
  });
}

void interdict_issues_free(interdict_issues* issues) { delete issues; }

interdict_status interdict_handle_create(const interdict_policy* initial, interdict_handle** handle) {
  return Guard("interdict_handle_create", [&](const Call& call) {
    if (initial == nullptr) return call.Missing("initial");
    if (handle == nullptr) return call.Missing("handle");
    *handle = new interdict_handle(initial->compiled);
    return INTERDICT_OK;
  });
}

interdict_status interdict_handle_replace(interdict_handle* handle, const interdict_policy* next) {
  return Guard("interdict_handle_replace", [&](const Call& call) {
    if (handle == nullptr) return call.Missing("handle");
    if (next == nullptr) return call.Missing("next");
    handle->Serve(next->compiled);
    return INTERDICT_OK;
  });
}

interdict_status interdict_handle_reload(interdict_handle* handle, const interdict_source* sources, size_t count,
                                         const interdict_compile_options* options, interdict_issues** issues) {
  return Guard("interdict_handle_reload", [&](const Call& call) {
    if (issues != nullptr) *issues = nullptr;
    if (handle == nullptr) return call.Missing("handle");
    std::shared_ptr<const CompiledPolicy> compiled;
    if (interdict_status s = CompileSources(call, sources, count, options, &compiled, issues); s != INTERDICT_OK) {
      return s;  // The current policy stays served.
    }
    handle->Serve(std::move(compiled));
    return INTERDICT_OK;
  });
}

void interdict_handle_free(interdict_handle* handle) { delete handle; }

interdict_status interdict_decision_create(interdict_decision** decision) {
  return Guard("interdict_decision_create", [&](const Call& call) {
    if (decision == nullptr) return call.Missing("decision");
    *decision = new interdict_decision();
    return INTERDICT_OK;
  });
}

void interdict_decision_free(interdict_decision* decision) { delete decision; }

interdict_status interdict_evaluate(const interdict_policy* policy, const interdict_artifact* artifact,
                                    const interdict_context* context, interdict_decision* decision) {
  return Guard("interdict_evaluate", [&](const Call& call) {
    return EvaluateStruct(call, policy, artifact, context, decision);
  });
}

interdict_status interdict_evaluate_json(const interdict_policy* policy, interdict_str artifact_json,
                                         interdict_str context_json, interdict_decision* decision) {
  return Guard("interdict_evaluate_json", [&](const Call& call) {
    return EvaluateMessages(call, ParseJson, policy, artifact_json, context_json, decision);
  });
}

interdict_status interdict_evaluate_proto(const interdict_policy* policy, interdict_str artifact_proto,
                                          interdict_str context_proto, interdict_decision* decision) {
  return Guard("interdict_evaluate_proto", [&](const Call& call) {
    return EvaluateMessages(call, ParseProto, policy, artifact_proto, context_proto, decision);
  });
}

interdict_status interdict_handle_evaluate(const interdict_handle* handle, const interdict_artifact* artifact,
                                           const interdict_context* context, interdict_decision* decision) {
  return Guard("interdict_handle_evaluate", [&](const Call& call) {
    return EvaluateStruct(call, handle, artifact, context, decision);
  });
}

interdict_status interdict_handle_evaluate_json(const interdict_handle* handle, interdict_str artifact_json,
                                                interdict_str context_json, interdict_decision* decision) {
  return Guard("interdict_handle_evaluate_json", [&](const Call& call) {
    return EvaluateMessages(call, ParseJson, handle, artifact_json, context_json, decision);
  });
}

interdict_status interdict_handle_evaluate_proto(const interdict_handle* handle, interdict_str artifact_proto,
                                                 interdict_str context_proto, interdict_decision* decision) {
  return Guard("interdict_handle_evaluate_proto", [&](const Call& call) {
    return EvaluateMessages(call, ParseProto, handle, artifact_proto, context_proto, decision);
  });
}

interdict_verdict interdict_decision_verdict(const interdict_decision* decision) {
  if (decision == nullptr || !decision->has_result) return INTERDICT_VERDICT_UNSPECIFIED;
  return static_cast<interdict_verdict>(decision->decision.verdict());
}

size_t interdict_decision_match_count(const interdict_decision* decision) {
  if (decision == nullptr || !decision->has_result) return 0;
  return decision->decision.matches().size();
}

interdict_status interdict_decision_match(const interdict_decision* decision, size_t index, interdict_match* match) {
  return Guard("interdict_decision_match", [&](const Call& call) {
    if (interdict_status s = CheckResult(call, decision); s != INTERDICT_OK) return s;
    if (match == nullptr) return call.Missing("match");
    if (interdict_status s = CheckStructSize(call, match->struct_size, kMatchSizeV1, Where{nullptr, "match"});
        s != INTERDICT_OK) {
      return s;
    }
    const auto matches = decision->decision.matches();
    if (interdict_status s = IndexInRange(call, "index", index, matches.size()); s != INTERDICT_OK) return s;
    WritePrefix(DescribeMatch(*decision->policy, matches[index]), match);
    return INTERDICT_OK;
  });
}

interdict_status interdict_decision_match_component(const interdict_decision* decision, size_t match, size_t index,
                                                    interdict_str* name) {
  return Guard("interdict_decision_match_component", [&](const Call& call) {
    if (interdict_status s = CheckResult(call, decision); s != INTERDICT_OK) return s;
    if (name == nullptr) return call.Missing("name");
    const auto matches = decision->decision.matches();
    if (interdict_status s = IndexInRange(call, "match", match, matches.size()); s != INTERDICT_OK) return s;
    const Decision::Match& m = matches[match];
    if (interdict_status s = IndexInRange(call, "index", index, m.component_path_size); s != INTERDICT_OK) return s;
    *name = WriteString(decision->decision.component_path_names()[m.component_path_first + index]);
    return INTERDICT_OK;
  });
}

interdict_status interdict_decision_next_change(const interdict_decision* decision, interdict_time* next_change) {
  return Guard("interdict_decision_next_change", [&](const Call& call) {
    if (interdict_status s = CheckResult(call, decision); s != INTERDICT_OK) return s;
    if (next_change == nullptr) return call.Missing("next_change");
    *next_change = WriteTime(decision->decision.next_change());
    return INTERDICT_OK;
  });
}

interdict_status interdict_decision_vendor_entity(const interdict_decision* decision, interdict_str* entity,
                                                  interdict_str* evidence) {
  return Guard("interdict_decision_vendor_entity", [&](const Call& call) {
    if (interdict_status s = CheckResult(call, decision); s != INTERDICT_OK) return s;
    const interdict::EntityDescription described = decision->policy->DescribeVendorEntity(decision->decision);
    if (entity != nullptr) *entity = WriteString(described.id);
    if (evidence != nullptr) *evidence = WriteString(described.evidence);
    return INTERDICT_OK;
  });
}

interdict_status interdict_decision_explanation(interdict_decision* decision, interdict_str* explanation) {
  return Guard("interdict_decision_explanation", [&](const Call& call) {
    if (interdict_status s = CheckResult(call, decision); s != INTERDICT_OK) return s;
    if (explanation == nullptr) return call.Missing("explanation");
    *explanation = WriteString(Presented(decision).explanation());
    return INTERDICT_OK;
  });
}

interdict_status interdict_decision_json(interdict_decision* decision, interdict_str* json) {
  return Guard("interdict_decision_json", [&](const Call& call) {
    if (interdict_status s = CheckResult(call, decision); s != INTERDICT_OK) return s;
    if (json == nullptr) return call.Missing("json");
    if (!decision->has_json) {
      decision->json.clear();
      const auto status = google::protobuf::util::MessageToJsonString(Presented(decision), &decision->json);
      if (!status.ok()) return call.Fail(INTERDICT_INTERNAL, std::string(status.message()));
      decision->has_json = true;
    }
    *json = WriteString(decision->json);
    return INTERDICT_OK;
  });
}

interdict_status interdict_decision_proto(interdict_decision* decision, interdict_str* proto) {
  return Guard("interdict_decision_proto", [&](const Call& call) {
    if (interdict_status s = CheckResult(call, decision); s != INTERDICT_OK) return s;
    if (proto == nullptr) return call.Missing("proto");
    if (!decision->has_bytes) {
      if (!Presented(decision).SerializeToString(&decision->bytes)) {
        return call.Fail(INTERDICT_INTERNAL, "the decision could not be serialized");
      }
      decision->has_bytes = true;
    }
    *proto = WriteString(decision->bytes);
    return INTERDICT_OK;
  });
}

}  // extern "C"
