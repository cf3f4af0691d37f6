// The main of a fuzz target built without libFuzzer (fuzz.bzl): runs
// LLVMFuzzerTestOneInput once on every file named on the command line and on every
// file under a directory named there. This is how `bazel test //...` replays the seed
// corpora and the saved regressions with any compiler (gcc by default, its sanitizers
// under --config=asan), and how an input libFuzzer reported is reproduced outside it:
//
//   bazel run --config=asan //fuzz:purl_fuzzer_replay_test -- "$PWD/crash-1234abcd"
//
// (absolute paths: `bazel run` starts the test in its runfiles). It fails when it finds
// no input at all, so that a corpus lost from the data dependencies does not pass
// unnoticed.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

namespace fs = std::filesystem;

// The files at `path`: itself, or the regular files below it, sorted so that runs are
// reproducible. False when it does not exist.
bool CollectInputs(const fs::path& path, std::vector<fs::path>* inputs) {
  std::error_code error;
  if (!fs::is_directory(path, error)) {
    if (!fs::exists(path, error)) return false;
    inputs->push_back(path);
    return true;
  }
  std::vector<fs::path> found;
  // Bazel's runfiles are symbolic links: follow them.
  for (const fs::directory_entry& entry :
       fs::recursive_directory_iterator(path, fs::directory_options::follow_directory_symlink)) {
    if (entry.is_regular_file()) found.push_back(entry.path());
  }
  std::sort(found.begin(), found.end());
  inputs->insert(inputs->end(), found.begin(), found.end());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<fs::path> inputs;
  for (int i = 1; i < argc; ++i) {
    if (!CollectInputs(argv[i], &inputs)) {
      std::fprintf(stderr, "%s: no such file or directory\n", argv[i]);
      return 1;
    }
  }
  if (inputs.empty()) {
    std::fprintf(stderr, "no inputs to replay (usage: %s FILE_OR_DIRECTORY...)\n", argv[0]);
    return 1;
  }
  for (const fs::path& input : inputs) {
    std::ifstream in(input, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) {
      std::fprintf(stderr, "%s: read error\n", input.c_str());
      return 1;
    }
    // Named before it runs, so that a crash names its input.
    std::fprintf(stderr, "replaying %s (%zu bytes)\n", input.c_str(), bytes.size());
    // An exact-size heap copy, as libFuzzer passes it, so that AddressSanitizer reports
    // a read one byte past the end.
    std::unique_ptr<uint8_t[]> data(new uint8_t[bytes.size()]);
    std::copy(bytes.begin(), bytes.end(), data.get());
    LLVMFuzzerTestOneInput(data.get(), bytes.size());
  }
  std::fprintf(stderr, "replayed %zu inputs\n", inputs.size());
  return 0;
}
