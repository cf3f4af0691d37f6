// Times what a large generated policy costs before its first evaluation: loading it
// from a textproto or a binary file (PolicyLoader) and compiling it (PolicyCompiler).
// Wall time of one run each, the compile's processor time in user and kernel mode,
// the pages it faulted in (fresh memory: a count that does not vary with the
// machine's load), the peak resident memory and
// the number of warnings the compile returned;
// see README.md in this directory for the figures.
//
//   bazel-bin/benchmarks/load_and_compile --rules=1000000 [--rules_per_policy=N] [--waivers]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include <sys/resource.h>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "google/protobuf/text_format.h"
#include "policy/interdict.h"
#include "policy/testing/workload.h"

ABSL_FLAG(int, rules, 100000, "Rules in the generated bundle.");
ABSL_FLAG(int, rules_per_policy, 0, "Rules per policy (0: the shape's own).");
ABSL_FLAG(bool, waivers, false, "Use the waivers workload shape.");
ABSL_FLAG(bool, textproto, true, "Also write, load and compile the textproto form.");
ABSL_FLAG(std::string, dir, "", "Where to write the files (default: $TMPDIR or /tmp).");

namespace interdict {
namespace benchmarks {
namespace {

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

bool Write(const std::string& path, const std::string& contents) {
  std::ofstream out(path, std::ios::binary);
  out << contents;
  return static_cast<bool>(out);
}

// What the process has used so far: the pages it faulted in (minor faults: fresh
// memory the kernel maps and zeroes), and its processor time in user and kernel
// mode. Processor time, unlike wall time, leaves out what other guests of a busy host
// take; the kernel's share is mostly those faults.
struct Usage {
  long faults = 0;
  double user_seconds = 0;
  double system_seconds = 0;

  static Usage Now() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
    return {usage.ru_minflt, seconds(usage.ru_utime), seconds(usage.ru_stime)};
  }
};

// Peak resident memory of the process so far, in MiB.
double PeakResidentMib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

// Loads `path` and compiles the bundle; prints the times, the pages the compile
// faulted in and the peak resident memory after it. False on any error.
bool LoadAndCompile(const char* format, const std::string& path, size_t bytes) {
  auto start = std::chrono::steady_clock::now();
  PolicyLoader loader;
  loader.set_max_file_bytes(bytes);
  if (absl::Status status = loader.AddFile(path); !status.ok()) {
    std::fprintf(stderr, "%s\n", status.ToString().c_str());
    return false;
  }
  LoadedBundle loaded = std::move(loader).Finish();
  const double load = SecondsSince(start);
  start = std::chrono::steady_clock::now();
  const Usage before = Usage::Now();
  // Limits as large as the generated bundle needs (the defaults stop at 10,000 policies).
  CompileOptions options;
  options.max_policies = static_cast<size_t>(loaded.bundle.policies_size());
  std::vector<CompileIssue> warnings;
  auto compiled = PolicyCompiler(options).Compile(loaded, &warnings);
  const double compile = SecondsSince(start);
  const Usage after = Usage::Now();
  if (!compiled.ok()) {
    std::fprintf(stderr, "%s\n", compiled.status().ToString().c_str());
    return false;
  }
  std::printf("%-10s %12zu %10.2f %12.2f %9.2f %9.2f %15ld %14.0f %9zu\n", format, bytes, load,
              compile, after.user_seconds - before.user_seconds,
              after.system_seconds - before.system_seconds, after.faults - before.faults,
              PeakResidentMib(), warnings.size());
  return true;
}

int Main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  test_support::WorkloadOptions options;
  options.rule_count = static_cast<size_t>(absl::GetFlag(FLAGS_rules));
  options.rules_per_policy = static_cast<size_t>(absl::GetFlag(FLAGS_rules_per_policy));
  options.inventory_size = 1;
  if (absl::GetFlag(FLAGS_waivers)) options.shape = test_support::WorkloadShape::kWaivers;
  auto start = std::chrono::steady_clock::now();
  const test_support::Workload workload = test_support::GenerateWorkload(options);
  std::printf("generated %zu rules in %d policies, %d exemptions in %.2f s\n", options.rule_count,
              workload.bundle.policies_size(), workload.bundle.exemptions_size(), SecondsSince(start));
  std::string dir = absl::GetFlag(FLAGS_dir);
  if (dir.empty()) dir = std::getenv("TMPDIR") != nullptr ? std::getenv("TMPDIR") : "/tmp";
  const bool textproto = absl::GetFlag(FLAGS_textproto);
  std::string text;
  if (textproto) google::protobuf::TextFormat::PrintToString(workload.bundle, &text);
  const std::string binary = workload.bundle.SerializeAsString();
  const std::string text_path = dir + "/load_and_compile.textproto";
  const std::string binary_path = dir + "/load_and_compile.binpb";
  if ((textproto && !Write(text_path, text)) || !Write(binary_path, binary)) {
    std::fprintf(stderr, "cannot write to %s\n", dir.c_str());
    return 1;
  }
  std::printf("%-10s %12s %10s %12s %9s %9s %15s %14s %9s\n", "format", "bytes", "load (s)",
              "compile (s)", "user (s)", "sys (s)", "compile faults", "peak RSS (MiB)", "warnings");
  const bool ok = (!textproto || LoadAndCompile("textproto", text_path, text.size())) &&
                  LoadAndCompile("binary", binary_path, binary.size());
  std::remove(text_path.c_str());
  std::remove(binary_path.c_str());
  return ok ? 0 : 1;
}

}  // namespace
}  // namespace benchmarks
}  // namespace interdict

int main(int argc, char** argv) { return interdict::benchmarks::Main(argc, argv); }
