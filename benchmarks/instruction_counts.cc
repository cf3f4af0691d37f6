// Runs fixed numbers of evaluations inside named functions, so that callgrind can
// count the instructions of exactly those (repeatable, unlike wall time on a shared
// machine). Run by count_instructions.sh, which prints instructions per evaluation:
//
//   valgrind --tool=callgrind --toggle-collect='*CountedEvaluations*'
//       bazel-bin/benchmarks/instruction_counts --rules=10000
//
// Each function below evaluates `--evaluations` artifacts of one inventory, cycling;
// the linear std::regex baseline runs `--linear_evaluations` (0: skipped), because it
// is thousands of times slower. `--waivers` uses the waivers workload shape
// (policy/testing/workload.h); `--packages`, `--identifier_kind` and `--components`
// count other selector workloads (Interdict only).
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "benchmarks/baselines.h"
#include "benchmarks/fixture.h"

ABSL_FLAG(int, rules, 1000, "Rules in the generated workload.");
ABSL_FLAG(int, evaluations, 10000, "Evaluations per inventory, for Interdict and hash+RE2.");
ABSL_FLAG(int, linear_evaluations, 0, "Evaluations for the std::regex linear scan (0: skip).");
ABSL_FLAG(std::string, identifier_kind, "",
          "Use the identifier workload of this IdentifierMatch kind (sha256, team_id, ...) and "
          "count Interdict only.");
ABSL_FLAG(std::string, entity_identifier_kind, "",
          "Use the entity-identifier workload of this IdentifierMatch kind (entities list "
          "one, artifacts carry it without a vendor string) and count Interdict only.");
ABSL_FLAG(int, components, 0,
          "When > 0: artifacts with this many components and include_components rules "
          "(names workload); count Interdict only.");
ABSL_FLAG(bool, waivers, false, "Use the waivers workload shape instead of the standard one.");
ABSL_FLAG(bool, packages, false,
          "Use the package (purl + vers) workload and count Interdict only: the baselines "
          "know no package selectors.");

namespace interdict {
namespace benchmarks {
namespace {

template <typename Evaluate>
int64_t Cycle(const std::vector<ArtifactView>& views, int evaluations, Evaluate evaluate) {
  int64_t denied = 0;
  for (int i = 0; i < evaluations; ++i) {
    denied += evaluate(views[static_cast<size_t>(i) % views.size()]) == v1::DENY ? 1 : 0;
  }
  return denied;
}

template <typename Matcher>
int64_t Run(const Matcher& matcher, const Fixture& fixture, Mix mix, int evaluations) {
  const ContextView context = fixture.workload.context();
  return Cycle(fixture.Views(mix), evaluations,
               [&](const ArtifactView& artifact) { return matcher.Evaluate(artifact, context); });
}

// Interdict, through the reused-Decision form the hot path is built for.
struct InterdictMatcher {
  const CompiledPolicy& policy;
  mutable Decision decision;
  v1::Verdict Evaluate(const ArtifactView& artifact, const ContextView& context) const {
    policy.Evaluate(artifact, context, &decision);
    return decision.verdict();
  }
};

// One function per measured loop: callgrind's --toggle-collect selects them by name.
__attribute__((noinline)) int64_t InterdictMixedCountedEvaluations(const InterdictMatcher& m,
                                                                   const Fixture& f, int n) {
  return Run(m, f, Mix::kMixed, n);
}
__attribute__((noinline)) int64_t InterdictHitCountedEvaluations(const InterdictMatcher& m,
                                                                 const Fixture& f, int n) {
  return Run(m, f, Mix::kHit, n);
}
__attribute__((noinline)) int64_t InterdictMissCountedEvaluations(const InterdictMatcher& m,
                                                                  const Fixture& f, int n) {
  return Run(m, f, Mix::kMiss, n);
}
__attribute__((noinline)) int64_t HashRe2MixedCountedEvaluations(const HashRe2Baseline& m,
                                                                 const Fixture& f, int n) {
  return Run(m, f, Mix::kMixed, n);
}
__attribute__((noinline)) int64_t HashRe2HitCountedEvaluations(const HashRe2Baseline& m,
                                                               const Fixture& f, int n) {
  return Run(m, f, Mix::kHit, n);
}
__attribute__((noinline)) int64_t HashRe2MissCountedEvaluations(const HashRe2Baseline& m,
                                                                const Fixture& f, int n) {
  return Run(m, f, Mix::kMiss, n);
}
__attribute__((noinline)) int64_t LinearRegexMixedCountedEvaluations(
    const LinearRegexBaseline& m, const Fixture& f, int n) {
  return Run(m, f, Mix::kMixed, n);
}

template <typename Baseline>
std::unique_ptr<Baseline> MakeBaseline(const Fixture& fixture) {
  auto created = Baseline::Create(fixture.workload.bundle);
  if (!created.ok()) {
    std::fprintf(stderr, "baseline: %s\n", created.status().ToString().c_str());
    std::exit(1);
  }
  return *std::move(created);
}

int Main() {
  const int rules = absl::GetFlag(FLAGS_rules);
  const int evaluations = absl::GetFlag(FLAGS_evaluations);
  const int linear_evaluations = absl::GetFlag(FLAGS_linear_evaluations);
  if (rules <= 0 || evaluations <= 0 || linear_evaluations < 0) {
    std::fprintf(stderr, "--rules and --evaluations must be positive, --linear_evaluations >= 0\n");
    return 1;
  }
  const bool packages = absl::GetFlag(FLAGS_packages);
  const std::string rule_identifier_kind = absl::GetFlag(FLAGS_identifier_kind);
  const std::string entity_identifier_kind = absl::GetFlag(FLAGS_entity_identifier_kind);
  const std::string& identifier_kind =
      rule_identifier_kind.empty() ? entity_identifier_kind : rule_identifier_kind;
  test_support::SelectorKind selectors =
      packages ? test_support::SelectorKind::kPackages : test_support::SelectorKind::kNames;
  v1::IdentifierMatch::KindCase kind = v1::IdentifierMatch::kSha256;
  if (!identifier_kind.empty()) {
    selectors = rule_identifier_kind.empty() ? test_support::SelectorKind::kEntityIdentifiers
                                             : test_support::SelectorKind::kIdentifiers;
    bool known = false;
    for (const auto& [candidate, name] : IdentifierKinds()) {
      if (name == identifier_kind) {
        kind = candidate;
        known = true;
      }
    }
    if (!known) {
      std::fprintf(stderr, "unknown identifier kind \"%s\"\n", identifier_kind.c_str());
      return 1;
    }
  }
  const int components = absl::GetFlag(FLAGS_components);
  test_support::WorkloadOptions options;
  options.rule_count = static_cast<size_t>(rules);
  options.selectors = selectors;
  options.identifier_kind = kind;
  options.components = static_cast<size_t>(components > 0 ? components : 0);
  if (absl::GetFlag(FLAGS_waivers)) options.shape = test_support::WorkloadShape::kWaivers;
  const std::unique_ptr<Fixture> fixture = MakeFixture(options);
  const InterdictMatcher interdict{*fixture->policy, Decision()};
  int64_t denied = InterdictMixedCountedEvaluations(interdict, *fixture, evaluations);
  denied += InterdictHitCountedEvaluations(interdict, *fixture, evaluations);
  denied += InterdictMissCountedEvaluations(interdict, *fixture, evaluations);
  if (selectors != test_support::SelectorKind::kNames || components > 0) {
    std::printf("rules=%d evaluations=%d (packages or identifiers) denied=%lld\n", rules, evaluations,
                static_cast<long long>(denied));
    return 0;
  }
  const auto hash_re2 = MakeBaseline<HashRe2Baseline>(*fixture);
  // Warm the baseline's DFAs on every inventory, as the fixture did Interdict's.
  for (Mix mix : {Mix::kMixed, Mix::kHit, Mix::kMiss}) {
    Run(*hash_re2, *fixture, mix, static_cast<int>(fixture->Views(mix).size()));
  }
  denied += HashRe2MixedCountedEvaluations(*hash_re2, *fixture, evaluations);
  denied += HashRe2HitCountedEvaluations(*hash_re2, *fixture, evaluations);
  denied += HashRe2MissCountedEvaluations(*hash_re2, *fixture, evaluations);
  if (linear_evaluations > 0) {
    const auto linear = MakeBaseline<LinearRegexBaseline>(*fixture);
    denied += LinearRegexMixedCountedEvaluations(*linear, *fixture, linear_evaluations);
  }
  std::printf("rules=%d evaluations=%d linear_evaluations=%d denied=%lld\n", rules, evaluations,
              linear_evaluations, static_cast<long long>(denied));
  return 0;
}

}  // namespace
}  // namespace benchmarks
}  // namespace interdict

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return interdict::benchmarks::Main();
}
