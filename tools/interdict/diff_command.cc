// `interdict diff` (diff_command.h).
#include "tools/interdict/diff_command.h"

#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "policy/interdict.h"
#include "policy/inventory/inventory.h"
#include "tools/interdict/arguments.h"
#include "tools/interdict/check_command.h"
#include "tools/interdict/evaluation_context.h"
#include "tools/interdict/inventory_walk.h"
#include "tools/interdict/policy_source.h"

namespace interdict {
namespace cli {
namespace {

constexpr char kUsage[] =
    "usage: interdict diff [--before FILE]... [--after FILE]... [--no-catalog]\n"
    "         [context flags as for check] [--format F] INVENTORY...\n";

// "DENY, next change 2025-04-01T00:00:00Z" / "ALLOW, never changes".
std::string Outcome(const v1::Decision& decision) {
  return absl::StrCat(v1::Verdict_Name(decision.verdict()), ", ",
                      decision.has_next_change()
                          ? absl::StrCat("next change ", FormatInstant(absl::FromUnixSeconds(decision.next_change().seconds())))
                          : std::string("never changes"));
}

}  // namespace

int RunDiff(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) {
  std::vector<FlagSpec> flags = ContextFlags();
  flags.insert(flags.end(), {{"before", true, kRepeatable}, {"after", true, kRepeatable}, {"no-catalog", false}, {"format", true}, {"help", false}});
  absl::StatusOr<Arguments> args = ParseArguments(argv, flags);
  if (!args.ok()) {
    err << "interdict diff: " << args.status().message() << "\n" << kUsage;
    return kExitInputError;
  }
  if (args->Has("help")) {
    out << kUsage;
    return kExitOk;
  }
  if (args->positional().empty()) {
    err << "interdict diff: no inventory given\n" << kUsage;
    return kExitInputError;
  }
  if (!args->Has("before") && !args->Has("after")) {
    err << "interdict diff: give the policy files that differ: --before FILE and/or --after FILE\n" << kUsage;
    return kExitInputError;
  }
  const absl::StatusOr<InventoryOptions> options = InventoryOptionsFromFormat(args->Has("format"), args->Value("format"));
  if (!options.ok()) {
    err << "interdict diff: " << options.status().message() << "\n";
    return kExitInputError;
  }
  absl::StatusOr<ContextBase> context = BuildContext(*args);
  if (!context.ok()) {
    err << "interdict diff: " << context.status().message() << "\n";
    return kExitInputError;
  }
  const bool catalog = !args->Has("no-catalog");
  absl::StatusOr<LoadedPolicy> before = LoadPolicy(catalog, args->Values("before"), err);
  absl::StatusOr<LoadedPolicy> after = LoadPolicy(catalog, args->Values("after"), err);
  if (!before.ok() || !after.ok()) {
    err << "interdict diff: " << (before.ok() ? after.status() : before.status()).message() << "\n";
    return kExitPolicyError;
  }
  out << "Diff as of " << FormatInstant(context->at) << "\n  before: " << before->description
      << "\n  after:  " << after->description << "\nContext: " << context->description << "\n";
  uint64_t compared = 0;
  uint64_t differing = 0;
  const WalkResult walk = WalkInventories(
      args->positional(), *options, isatty(STDERR_FILENO), err,
      [&](const InventoryRecord& record, const std::string& name) {
        const RecordContext record_context(*context, record);
        v1::EvaluationContext proto = record_context.Proto(*context);
        for (v1::Action action : context->actions) {
          proto.set_action(action);
          ++compared;
          absl::StatusOr<v1::Decision> was = before->policy->Evaluate(record.artifact, proto);
          absl::StatusOr<v1::Decision> is = after->policy->Evaluate(record.artifact, proto);
          if (!was.ok() || !is.ok()) continue;
          if (was->verdict() == is->verdict() && was->has_next_change() == is->has_next_change() &&
              was->next_change().seconds() == is->next_change().seconds()) {
            continue;
          }
          ++differing;
          out << "\n" << record_context.asset() << "  " << name << "  " << v1::Action_Name(action) << ": "
              << Outcome(*was) << " -> " << Outcome(*is) << "\n    before: " << was->explanation()
              << "\n    after:  " << is->explanation() << "\n";
        }
      });
  out << "\n" << differing << " of " << compared << " artifact-actions differ\n";
  return walk.clean() ? kExitOk : kExitInputError;
}

}  // namespace cli
}  // namespace interdict
