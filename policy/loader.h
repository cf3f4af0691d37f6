// File: policy/loader.h
// -----------------------------------------------------------------------------
//
// Loads policy files (textproto, binary protobuf or protobuf JSON) into one
// `interdict::v1::PolicyBundle`, remembering where each field came from so that
// the compiler can report problems as `file:line:col: field.path: message`.
//
// Several files make one bundle: their policies, entities, exemptions and
// expectations (policy tests) are concatenated in the order the files were added.
//
// Example:
//
//   interdict::PolicyLoader loader;
//   absl::Status status = loader.AddFile("examples/policies/kaspersky.textproto");
//   if (!status.ok()) { std::cerr << status.message() << "\n"; return 1; }
//   interdict::LoadedBundle loaded = std::move(loader).Finish();
//   // loaded.bundle is the merged PolicyBundle; loaded.source_map locates fields.
//
// Thread safety: a PolicyLoader is thread-hostile (use it from one thread);
// a finished LoadedBundle is immutable and safe to read from many threads.

#ifndef INTERDICT_POLICY_LOADER_H_
#define INTERDICT_POLICY_LOADER_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "interdict/v1/policy.pb.h"
#include "policy/source_map.h"

namespace interdict {

// The encoding of a policy file.
enum class PolicyFormat {
  kAuto,       // From the file name: .json -> kJson; .binpb/.pb -> kBinary; else kTextProto.
  kTextProto,  // Protocol Buffers text format (comments with #).
  kBinary,     // Protocol Buffers wire format.
  kJson,       // Protocol Buffers JSON mapping (field names in lowerCamelCase or as declared).
};

// The merged bundle and the map from its field paths back to the source files.
struct LoadedBundle {
  v1::PolicyBundle bundle;
  SourceMap source_map;
};

// Accumulates policy files into one bundle. Thread-hostile.
class PolicyLoader {
 public:
  PolicyLoader() = default;
  PolicyLoader(const PolicyLoader&) = delete;
  PolicyLoader& operator=(const PolicyLoader&) = delete;
  PolicyLoader(PolicyLoader&&) = default;
  PolicyLoader& operator=(PolicyLoader&&) = default;

  // Reads and parses the file at `path`.
  // Errors: kNotFound if it cannot be opened; kInvalidArgument for a parse error, with
  // the message "path:line:col: problem" (text) or "path: problem" (binary, JSON);
  // kResourceExhausted if it exceeds `max_file_bytes`. On error nothing is added.
  absl::Status AddFile(absl::string_view path, PolicyFormat format = PolicyFormat::kAuto);

  // Parses `contents` as if read from a file called `name` (used in messages).
  absl::Status AddText(absl::string_view name, absl::string_view contents,
                       PolicyFormat format = PolicyFormat::kAuto);

  // Adds a bundle already in memory (e.g. the bundled catalog, catalog/bundled_catalog.h)
  // as if read from a file called `name`; its fields have no positions.
  void AddBundle(absl::string_view name, const v1::PolicyBundle& bundle);

  // Largest file accepted, in bytes (default 64 MiB).
  void set_max_file_bytes(size_t bytes) { max_file_bytes_ = bytes; }

  // Consumes the loader and returns what was added.
  LoadedBundle Finish() &&;

 private:
  LoadedBundle loaded_;
  size_t max_file_bytes_ = size_t{64} << 20;
};

}  // namespace interdict

#endif  // INTERDICT_POLICY_LOADER_H_
