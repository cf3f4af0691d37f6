// Compiles policy files into one bundle, prints every compile issue, and runs the
// policy tests (expectations) the files carry.
//
//   bazel run //tools/check_policy -- "$PWD"/policy/catalog/*.textproto
//
// Exit status: 0 the bundle compiles and every expectation holds; 1 a file cannot be
// read or the bundle does not compile; 2 some expectation fails; 64 no file given.
#include <iostream>
#include <string>
#include <vector>

#include "policy/interdict.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: check_policy FILE...\n";
    return 64;
  }
  interdict::PolicyLoader loader;
  bool readable = true;
  for (int i = 1; i < argc; ++i) {
    const absl::Status status = loader.AddFile(argv[i]);
    if (!status.ok()) {
      std::cerr << status.message() << "\n";
      readable = false;
    }
  }
  if (!readable) return 1;
  const interdict::LoadedBundle loaded = std::move(loader).Finish();
  std::vector<interdict::CompileIssue> issues;
  auto policy = interdict::PolicyCompiler().Compile(loaded, &issues);
  for (const interdict::CompileIssue& issue : issues) std::cerr << issue.ToString() << "\n";
  if (!policy.ok()) return 1;
  std::cout << (*policy)->policy_count() << " policies, " << (*policy)->rule_count() << " rules, "
            << (*policy)->entity_count() << " entities, " << (*policy)->exemption_count()
            << " exemptions\n";
  const interdict::ExpectationReport report =
      interdict::CheckExpectations(**policy, loaded.bundle, &loaded.source_map);
  std::cout << report.ToString();
  return report.passed() ? 0 : 2;
}
