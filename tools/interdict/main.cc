// The `interdict` command: real inventories in, reports out.
//
//   interdict check [FLAGS] INVENTORY...   evaluate inventories (see check_command.h)
//   interdict timeline [FLAGS] INVENTORY... what changes when (see timeline_command.h)
//   interdict explain [FLAGS] --name N ...  one artifact in full (see explain_command.h)
//   interdict diff --before F --after F INVENTORY... impact of a policy change
//   interdict lint [--no-catalog] FILE...  validate policy files
//   interdict test [--no-catalog] FILE...  run the policy tests (expectations) in files
//   interdict catalog                      the bundled policies and their key dates
//
// Exit codes: 0 ok; 1 policy errors; 2 usage or input errors; 3 a verdict reached
// --fail-on.
#include <iostream>
#include <string>
#include <vector>

#include "policy/catalog/catalog_table.h"
#include "policy/interdict.h"
#include "tools/interdict/arguments.h"
#include "tools/interdict/check_command.h"
#include "tools/interdict/diff_command.h"
#include "tools/interdict/explain_command.h"
#include "tools/interdict/policy_source.h"
#include "tools/interdict/timeline_command.h"

namespace interdict {
namespace cli {
namespace {

constexpr char kUsage[] =
    "usage: interdict COMMAND [FLAGS] [ARGS]\n"
    "  check    evaluate inventories (osquery, CycloneDX, SPDX, JSONL) against the bundled\n"
    "           catalog and your policies: interdict check --help\n"
    "  timeline what changes when for an inventory: upcoming deadlines and exemption\n"
    "           expiries with the artifacts and hosts affected\n"
    "  explain  one artifact in full: matches, steps, exemptions, next change, what would\n"
    "           change the answer\n"
    "  diff     the same inventories under two policy sets (--before, --after): what differs\n"
    "  lint     validate policy files, layered on the catalog unless --no-catalog\n"
    "  test     run the policy tests (expectations) in policy files\n"
    "  catalog  list the bundled policies: authority, citation, whom they bind, key dates\n";

// lint and test: policy files, layered on the catalog unless --no-catalog.
int RunLint(const std::vector<std::string>& argv, bool run_tests, std::ostream& out, std::ostream& err) {
  const char* command = run_tests ? "test" : "lint";
  absl::StatusOr<Arguments> args = ParseArguments(argv, {{"no-catalog", false}});
  if (!args.ok() || args->positional().empty()) {
    err << "interdict " << command << ": " << (args.ok() ? "no policy file given" : args.status().message())
        << "\nusage: interdict " << command << " [--no-catalog] FILE...\n";
    return kExitInputError;
  }
  absl::StatusOr<LoadedPolicy> policy =
      LoadPolicy(!args->Has("no-catalog"), args->positional(), err, PolicyUse::kValidate);
  if (!policy.ok()) {
    err << "interdict " << command << ": " << policy.status().message() << "\n";
    return kExitPolicyError;
  }
  if (!run_tests) {
    out << policy->description << ": " << policy->policy->policy_count() << " policies, "
        << policy->policy->rule_count() << " rules; " << policy->errors << " errors, " << policy->warnings
        << " warnings\n";
    return kExitOk;
  }
  const ExpectationReport report = CheckExpectations(*policy->policy, policy->loaded.bundle, &policy->loaded.source_map);
  out << report.ToString();
  return report.passed() ? kExitOk : kExitPolicyError;
}

int RunCatalog(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) {
  if (!argv.empty()) {
    err << "usage: interdict catalog\n";
    return kExitInputError;
  }
  const Catalog& catalog = BundledCatalog();
  out << "Bundled catalog " << catalog.version << " (facts checked " << catalog.facts_checked << "): "
      << catalog.policy->policy_count() << " policies, " << catalog.policy->rule_count() << " rules, "
      << catalog.policy->entity_count() << " entities\n\n"
      << CatalogTable(*catalog.bundle);
  return kExitOk;
}

int Main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << kUsage;
    return kExitInputError;
  }
  const std::string command = argv[1];
  const std::vector<std::string> args(argv + 2, argv + argc);
  if (command == "check") return RunCheck(args, std::cout, std::cerr);
  if (command == "timeline") return RunTimeline(args, std::cout, std::cerr);
  if (command == "diff") return RunDiff(args, std::cout, std::cerr);
  if (command == "explain") return RunExplain(args, std::cout, std::cerr);
  if (command == "lint") return RunLint(args, /*run_tests=*/false, std::cout, std::cerr);
  if (command == "test") return RunLint(args, /*run_tests=*/true, std::cout, std::cerr);
  if (command == "catalog") return RunCatalog(args, std::cout, std::cerr);
  if (command == "help" || command == "--help" || command == "-h") {
    std::cout << kUsage;
    return kExitOk;
  }
  std::cerr << "interdict: unknown command \"" << command << "\"\n" << kUsage;
  return kExitInputError;
}

}  // namespace
}  // namespace cli
}  // namespace interdict

int main(int argc, char** argv) { return interdict::cli::Main(argc, argv); }
