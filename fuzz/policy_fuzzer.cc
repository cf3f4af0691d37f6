// Fuzz target: a policy file, in the format POLICY_FORMAT names (a PolicyFormat
// enumerator, set per target in BUILD.bazel: one target per format, each with its own
// corpus). The input is loaded with PolicyLoader::AddText and, when it loads, compiled;
// when it compiles, the policy tests it carries (expectations) are run against it,
// which evaluates the artifacts they hold.
//
// Invariants: a load error is kInvalidArgument and names the file; compilation fails
// exactly when an issue is an error, with kInvalidArgument; every issue and the
// expectation report render; the decisions of the compiled policy on the artifacts of
// its policy tests, for every action, hold evaluation_invariants.h's invariants.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "fuzz/evaluation_invariants.h"
#include "fuzz/fuzz_check.h"
#include "interdict/v1/artifact.pb.h"
#include "interdict/v1/policy.pb.h"
#include "policy/artifact_view.h"
#include "policy/compile_issue.h"
#include "policy/compile_options.h"
#include "policy/compiled_policy.h"
#include "policy/compiler.h"
#include "policy/context_view.h"
#include "policy/expectations.h"
#include "policy/loader.h"

namespace interdict {
namespace fuzzing {
namespace {

// A file name in the format's own extension, as a host would name the file.
absl::string_view FileName(PolicyFormat format) {
  switch (format) {
    case PolicyFormat::kJson:
      return "fuzz.json";
    case PolicyFormat::kBinary:
      return "fuzz.binpb";
    case PolicyFormat::kAuto:
    case PolicyFormat::kTextProto:
      break;
  }
  return "fuzz.textproto";
}

const PolicyCompiler& Compiler() {
  // A fixed `now`: the "expired" warnings are exercised, and the same input always
  // gives the same issues.
  static const PolicyCompiler* const compiler = [] {
    CompileOptions options;
    options.now = absl::FromCivil(absl::CivilDay(2025, 1, 1), absl::UTCTimeZone());
    return new PolicyCompiler(options);
  }();
  return *compiler;
}

void LoadAndCompile(const uint8_t* data, size_t size, PolicyFormat format) {
  const absl::string_view name = FileName(format);
  PolicyLoader loader;
  const absl::Status loaded_status =
      loader.AddText(name, absl::string_view(reinterpret_cast<const char*>(data), size), format);
  if (!loaded_status.ok()) {
    FUZZ_CHECK(loaded_status.code() == absl::StatusCode::kInvalidArgument, loaded_status.ToString());
    FUZZ_CHECK(absl::StartsWith(loaded_status.message(), name), loaded_status.ToString());
    return;
  }
  const LoadedBundle loaded = std::move(loader).Finish();
  std::vector<CompileIssue> issues;
  const absl::StatusOr<std::shared_ptr<const CompiledPolicy>> policy = Compiler().Compile(loaded, &issues);
  const bool any_error = std::any_of(issues.begin(), issues.end(), [](const CompileIssue& issue) {
    return issue.severity == CompileIssue::Severity::kError;
  });
  for (const CompileIssue& issue : issues) {
    FUZZ_CHECK(!issue.ToString().empty(), issue.field_path);
  }
  FUZZ_CHECK(policy.ok() != any_error, policy.status().ToString());
  if (!policy.ok()) {
    FUZZ_CHECK(policy.status().code() == absl::StatusCode::kInvalidArgument, policy.status().ToString());
    return;
  }
  FUZZ_CHECK(*policy != nullptr, "a compiled policy is null");
  const ExpectationReport report = CheckExpectations(**policy, loaded.bundle, &loaded.source_map);
  FUZZ_CHECK(!report.ToString().empty(), "an empty expectation report");
  // A few artifacts are enough: the policy, not the artifacts, is what varies here.
  int evaluated = 0;
  for (const v1::Expectation& expectation : loaded.bundle.expectations()) {
    for (const v1::Artifact& artifact : expectation.artifacts()) {
      if (++evaluated > 4) return;
      const ArtifactViewTree tree(artifact);
      for (v1::Action action : {v1::RUN, v1::INSTALL, v1::UPDATE, v1::PROCURE, v1::INTEGRATE}) {
        ContextView context;
        context.instant = Compiler().options().now.value();
        context.action = action;
        EvaluateAndCheck(**policy, tree.root(), context);
      }
    }
  }
}

}  // namespace
}  // namespace fuzzing
}  // namespace interdict

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  interdict::fuzzing::LoadAndCompile(data, size, interdict::PolicyFormat::POLICY_FORMAT);
  return 0;
}
