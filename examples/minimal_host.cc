// The smallest useful host: load a policy file, compile it, evaluate one artifact.
//
//   bazel run //examples:minimal_host -- "$PWD/examples/policies/kaspersky.textproto"
#include <iostream>
#include <memory>
#include <vector>

#include "absl/time/time.h"
#include "policy/interdict.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: minimal_host POLICY_FILE\n";
    return 2;
  }
  std::vector<interdict::CompileIssue> issues;  // Errors and warnings, with file:line:col.
  auto policy = interdict::PolicyCompiler().CompileFiles({argv[1]}, &issues);
  for (const interdict::CompileIssue& issue : issues) std::cerr << issue.ToString() << "\n";
  if (!policy.ok()) {
    if (issues.empty()) std::cerr << policy.status().message() << "\n";  // A load error.
    return 1;
  }

  interdict::ArtifactView artifact;
  artifact.name = "Kaspersky Internet Security";
  artifact.vendor = "AO Kaspersky Lab";
  artifact.version = "21.3.10.391";

  const absl::string_view jurisdictions[] = {"US"};
  interdict::ContextView context;
  context.instant = absl::FromCivil(absl::CivilDay(2024, 10, 1), absl::UTCTimeZone());
  context.action = interdict::v1::UPDATE;
  context.jurisdictions = jurisdictions;
  context.asset_id = "hr-laptop-14";

  interdict::Decision decision;  // Reuse it: steady-state evaluation allocates nothing.
  (*policy)->Evaluate(artifact, context, &decision);
  std::cout << interdict::v1::Verdict_Name(decision.verdict()) << "\n"
            << (*policy)->Explain(decision) << "\n";
  return 0;
}
