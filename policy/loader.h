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

  // Reads and parses the regular file at `path` (symbolic links are followed).
  // Errors, each naming the file; on error nothing is added:
  //  - kNotFound: it cannot be opened ("path: cannot open: No such file or directory");
  //  - kInvalidArgument: it is not a regular file ("path: is a directory, not a policy
  //    file"; also a FIFO, a device or a socket, refused without reading or waiting);
  //    a parse error ("path:line:col: problem" for text, "path: problem" for binary and
  //    JSON); or the file holds nothing ("path: holds no policies, entities, exemptions
  //    or policy tests (an empty policy file)"). A file holding only exemptions,
  //    entities or policy tests is valid: it is layered on other files or a bundle;
  //  - kDataLoss: reading failed part way ("path: read error after N bytes: ...");
  //  - kResourceExhausted: more than `max_file_bytes` were read (what is read is
  //    counted, not the size the file system reports), or `max_files` were added.
  absl::Status AddFile(absl::string_view path, PolicyFormat format = PolicyFormat::kAuto);

  // Parses `contents` as if read from a file called `name` (used in messages). Errors
  // as AddFile's, but for opening and reading.
  absl::Status AddText(absl::string_view name, absl::string_view contents,
                       PolicyFormat format = PolicyFormat::kAuto);

  // Adds a bundle already in memory (e.g. the bundled catalog, catalog/bundled_catalog.h)
  // as if read from a file called `name`; its fields have no positions.
  void AddBundle(absl::string_view name, const v1::PolicyBundle& bundle);

  // Largest file accepted, in bytes (default 64 MiB).
  void set_max_file_bytes(size_t bytes) { max_file_bytes_ = bytes; }
  // Most files added with AddFile or AddText (default 10,000): each is parsed and
  // held whole until Finish, so a runaway list of files fails early with a message
  // naming the first file past the limit rather than exhausting memory.
  void set_max_files(size_t files) { max_files_ = files; }

  // Consumes the loader and returns what was added.
  LoadedBundle Finish() &&;

 private:
  LoadedBundle loaded_;
  size_t max_file_bytes_ = size_t{64} << 20;
  size_t max_files_ = 10000;
  size_t files_ = 0;  // Added with AddFile or AddText.
};

}  // namespace interdict

#endif  // INTERDICT_POLICY_LOADER_H_
