// Loading policy files (textproto, binary, JSON) into one bundle with source positions.
#include "policy/loader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/json_util.h"
#include "policy/internal/regular_file.h"
#include "policy/internal/text_diagnosis.h"

namespace interdict {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;
using google::protobuf::TextFormat;

PolicyFormat Detect(absl::string_view name, PolicyFormat format) {
  if (format != PolicyFormat::kAuto) return format;
  if (absl::EndsWith(name, ".json")) return PolicyFormat::kJson;
  if (absl::EndsWith(name, ".binpb") || absl::EndsWith(name, ".pb")) return PolicyFormat::kBinary;
  return PolicyFormat::kTextProto;
}

// Keeps the first text-format error and its (0-based) position.
class FirstError : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, google::protobuf::io::ColumnNumber column,
                const std::string& message) override {
    if (!message_.empty()) return;
    line_ = line;
    column_ = column;
    message_ = message;
  }

  // "line:column: path: message" (1-based), with a suggestion for a misspelt name.
  std::string Describe(absl::string_view text) const {
    return absl::StrCat(line_ + 1, ":", column_ + 1, ": ",
                        policy_internal::DiagnoseTextError(text, line_, column_, message_,
                                                           *v1::PolicyBundle::descriptor()));
  }

 private:
  int line_ = 0;
  int column_ = 0;
  std::string message_;
};

// Records the position of every field present in `message` under `path`.
void RecordPositions(const Message& message, const TextFormat::ParseInfoTree& tree,
                     const std::string& path, SourceMap* map) {
  const Reflection* reflection = message.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const FieldDescriptor* field : fields) {
    const std::string field_path = path.empty() ? field->name() : absl::StrCat(path, ".", field->name());
    const int count = field->is_repeated() ? reflection->FieldSize(message, field) : 1;
    TextFormat::ParseLocation last_known;
    for (int i = 0; i < count; ++i) {
      const int index = field->is_repeated() ? i : -1;
      const std::string element_path =
          field->is_repeated() ? absl::StrCat(field_path, "[", i, "]") : field_path;
      TextFormat::ParseLocation location = tree.GetLocation(field, index);
      // The parser records one position for a list (`asset_kinds: ["a", "b"]`): its
      // other elements are placed at the field too.
      if (location.line < 0) location = last_known;
      last_known = location;
      if (location.line >= 0) map->AddPosition(element_path, location.line + 1, location.column + 1);
      if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) continue;
      const TextFormat::ParseInfoTree* nested = tree.GetTreeForNested(field, index);
      if (nested == nullptr) continue;
      const Message& child = field->is_repeated() ? reflection->GetRepeatedMessage(message, field, i)
                                                  : reflection->GetMessage(message, field);
      RecordPositions(child, *nested, element_path, map);
    }
  }
}

// Records where each top-level element of `parsed` came from, under the merged index it
// will have once appended to `merged`, with the positions of its fields when `tree` is set.
void RecordElements(const v1::PolicyBundle& parsed, const v1::PolicyBundle& merged,
                    absl::string_view file, const TextFormat::ParseInfoTree* tree,
                    SourceMap* map) {
  const Descriptor* descriptor = parsed.GetDescriptor();
  const Reflection* reflection = parsed.GetReflection();
  for (int f = 0; f < descriptor->field_count(); ++f) {
    const FieldDescriptor* field = descriptor->field(f);
    const int offset = reflection->FieldSize(merged, field);
    for (int i = 0; i < reflection->FieldSize(parsed, field); ++i) {
      map->AddElement(field->name(), file, i);
      if (tree == nullptr) continue;
      const std::string path = absl::StrCat(field->name(), "[", offset + i, "]");
      const TextFormat::ParseLocation location = tree->GetLocation(field, i);
      if (location.line >= 0) map->AddPosition(path, location.line + 1, location.column + 1);
      const TextFormat::ParseInfoTree* nested = tree->GetTreeForNested(field, i);
      if (nested != nullptr) {
        RecordPositions(reflection->GetRepeatedMessage(parsed, field, i), *nested, path, map);
      }
    }
  }
}

// Appends the elements of `from` to `to`, moving each.
template <typename T>
void MoveAppend(google::protobuf::RepeatedPtrField<T>* from, google::protobuf::RepeatedPtrField<T>* to) {
  if (to->empty()) {
    to->Swap(from);
    return;
  }
  to->Reserve(to->size() + from->size());
  for (T& element : *from) *to->Add() = std::move(element);
}

// Appends `parsed` (read from `name`, with positions in `tree` when set) to `loaded`.
// Moved, not copied: a generated bundle of a million rules is hundreds of megabytes.
void Append(absl::string_view name, const TextFormat::ParseInfoTree* tree, v1::PolicyBundle* parsed,
            LoadedBundle* loaded) {
  RecordElements(*parsed, loaded->bundle, name, tree, &loaded->source_map);
  MoveAppend(parsed->mutable_entities(), loaded->bundle.mutable_entities());
  MoveAppend(parsed->mutable_policies(), loaded->bundle.mutable_policies());
  MoveAppend(parsed->mutable_exemptions(), loaded->bundle.mutable_exemptions());
  MoveAppend(parsed->mutable_expectations(), loaded->bundle.mutable_expectations());
}

// Closes a file descriptor when it goes out of scope.
class ScopedDescriptor {
 public:
  explicit ScopedDescriptor(int fd) : fd_(fd) {}
  ScopedDescriptor(const ScopedDescriptor&) = delete;
  ScopedDescriptor& operator=(const ScopedDescriptor&) = delete;
  ~ScopedDescriptor() { close(fd_); }

 private:
  int fd_;
};

// The contents of the regular file at `path`, at most `max_bytes` of them. The file is
// opened without blocking (a FIFO would otherwise wait for a writer) and refused unless
// it is a regular file; the limit bounds what is read, not the size the file system
// reports, which /proc files and devices report as 0.
absl::StatusOr<std::string> ReadPolicyFile(const std::string& path, size_t max_bytes) {
  const int fd = open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return absl::NotFoundError(absl::StrCat(path, ": cannot open: ", std::strerror(errno)));
  const ScopedDescriptor closer(fd);
  struct stat info;
  if (fstat(fd, &info) != 0) return absl::NotFoundError(absl::StrCat(path, ": cannot open: ", std::strerror(errno)));
  if (absl::Status regular = policy_internal::CheckRegularFile(path, info.st_mode, "a policy file"); !regular.ok()) {
    return regular;
  }
  std::string contents;
  char buffer[64 * 1024];
  for (;;) {
    const size_t wanted = std::min(sizeof(buffer), max_bytes + 1 - contents.size());
    const ssize_t got = read(fd, buffer, wanted);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      return absl::DataLossError(absl::StrCat(path, ": read error after ", contents.size(),
                                              " bytes: ", std::strerror(errno)));
    }
    if (got == 0) return contents;
    contents.append(buffer, static_cast<size_t>(got));
    if (contents.size() > max_bytes) {
      return absl::ResourceExhaustedError(
          absl::StrCat(path, ": larger than the limit of ", max_bytes, " bytes"));
    }
  }
}

// Whether `bundle` holds nothing at all: no policy, entity, exemption or policy test.
bool HoldsNothing(const v1::PolicyBundle& bundle) {
  return bundle.policies().empty() && bundle.entities().empty() && bundle.exemptions().empty() &&
         bundle.expectations().empty();
}

}  // namespace

absl::Status PolicyLoader::AddFile(absl::string_view path, PolicyFormat format) {
  absl::StatusOr<std::string> contents = ReadPolicyFile(std::string(path), max_file_bytes_);
  if (!contents.ok()) return contents.status();
  return AddText(path, *contents, format);
}

absl::Status PolicyLoader::AddText(absl::string_view name, absl::string_view contents,
                                   PolicyFormat format) {
  if (files_ >= max_files_) {
    return absl::ResourceExhaustedError(
        absl::StrCat(name, ": more than ", max_files_, " policy files in one bundle"));
  }
  if (contents.size() > max_file_bytes_) {
    return absl::ResourceExhaustedError(
        absl::StrCat(name, ": larger than the limit of ", max_file_bytes_, " bytes"));
  }
  v1::PolicyBundle parsed;
  TextFormat::ParseInfoTree tree;
  const PolicyFormat detected = Detect(name, format);
  switch (detected) {
    case PolicyFormat::kTextProto: {
      FirstError errors;
      TextFormat::Parser parser;
      parser.RecordErrorsTo(&errors);
      parser.WriteLocationsTo(&tree);
      google::protobuf::io::ArrayInputStream input(contents.data(), static_cast<int>(contents.size()));
      if (!parser.Parse(&input, &parsed)) {
        return absl::InvalidArgumentError(absl::StrCat(name, ":", errors.Describe(contents)));
      }
      break;
    }
    case PolicyFormat::kBinary:
      if (!parsed.ParseFromArray(contents.data(), static_cast<int>(contents.size()))) {
        return absl::InvalidArgumentError(absl::StrCat(name, ": not a valid binary PolicyBundle"));
      }
      break;
    case PolicyFormat::kJson:
    case PolicyFormat::kAuto: {
      auto status = google::protobuf::util::JsonStringToMessage(
          google::protobuf::StringPiece(contents.data(), contents.size()), &parsed);
      if (!status.ok()) {
        return absl::InvalidArgumentError(absl::StrCat(
            name, ": ",
            policy_internal::DiagnoseJsonError(status.message().as_string(), *v1::PolicyBundle::descriptor())));
      }
      break;
    }
  }
  // An empty file (or one of comments only) would otherwise add nothing, silently: a
  // host given only such files would allow everything.
  if (HoldsNothing(parsed)) {
    return absl::InvalidArgumentError(absl::StrCat(
        name, ": holds no policies, entities, exemptions or policy tests (an empty policy file)"));
  }
  Append(name, detected == PolicyFormat::kTextProto ? &tree : nullptr, &parsed, &loaded_);
  ++files_;
  return absl::OkStatus();
}

void PolicyLoader::AddBundle(absl::string_view name, const v1::PolicyBundle& bundle) {
  v1::PolicyBundle copy = bundle;
  Append(name, nullptr, &copy, &loaded_);
}

LoadedBundle PolicyLoader::Finish() && { return std::move(loaded_); }

}  // namespace interdict
