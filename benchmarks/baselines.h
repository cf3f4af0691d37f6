// File: benchmarks/baselines.h
// -----------------------------------------------------------------------------
//
// Hand-written matchers to measure Interdict against, on the same workload:
//
//   - LinearRegexBaseline: what someone writes in an afternoon — every rule holds a
//     std::regex for its vendor names and one for its product, compiled once; each
//     artifact is tested against every rule.
//   - HashRe2Baseline: a competent hand-written index — a hash map from the
//     lower-cased vendor string to its rules, then RE2 per candidate rule (rules
//     without a vendor are checked on every artifact).
//
// Both compute only the verdict, with Interdict's semantics for the features the
// workload uses (scope, actions, exact/prefix/regex products, exclusions, version
// ranges, timelines, advisory caps, asset exemptions); baselines_test.cc checks
// that they agree with Interdict on every artifact of a workload.
//
// Example:
//
//   auto baseline = HashRe2Baseline::Create(workload.bundle);
//   v1::Verdict v = (*baseline)->Evaluate(artifact_view, workload.context());
//
// Thread safety: immutable after Create; Evaluate is safe from many threads.

#ifndef INTERDICT_BENCHMARKS_BASELINES_H_
#define INTERDICT_BENCHMARKS_BASELINES_H_

#include <memory>
#include <regex>
#include <string>
#include <unordered_map>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "interdict/v1/policy.pb.h"
#include "policy/artifact_view.h"
#include "policy/context_view.h"
#include "re2/re2.h"

namespace interdict {
namespace benchmarks {

// A rule as both baselines prepare it: everything but the matching of names.
struct PreparedRule {
  std::vector<std::string> vendors;  // Entity name and aliases; empty: any vendor.
  v1::ProductMatch product;          // Kind not set: any product.
  std::vector<std::unique_ptr<RE2>> exclusions;
  std::string min_version;
  std::string max_version;
  uint32_t actions = 0;
  bool advisory = false;
  std::vector<std::string> jurisdictions;
  std::vector<std::string> organization_kinds;
  std::vector<absl::Time> step_at;
  std::vector<v1::Verdict> step_verdict;
  struct Exemption {
    std::vector<std::string> assets;
    absl::Time from;
    absl::Time until;
  };
  std::vector<Exemption> exemptions;

  // The verdict of this rule for an artifact whose names already matched.
  v1::Verdict VerdictFor(const ArtifactView& artifact, const ContextView& context) const;
};

class LinearRegexBaseline {
 public:
  // std::regex keeps no state between matches: nothing to warm up.
  static constexpr bool kBuildsStateOnFirstUse = false;

  static absl::StatusOr<std::unique_ptr<LinearRegexBaseline>> Create(const v1::PolicyBundle& bundle);
  v1::Verdict Evaluate(const ArtifactView& artifact, const ContextView& context) const;

 private:
  struct Rule {
    PreparedRule prepared;
    bool any_vendor = true;
    std::regex vendor;
    bool any_product = true;
    std::regex product;
  };
  std::vector<Rule> rules_;
};

class HashRe2Baseline {
 public:
  // RE2 builds each regex's DFA lazily, on first use: warm up before timing.
  static constexpr bool kBuildsStateOnFirstUse = true;

  static absl::StatusOr<std::unique_ptr<HashRe2Baseline>> Create(const v1::PolicyBundle& bundle);
  v1::Verdict Evaluate(const ArtifactView& artifact, const ContextView& context) const;

 private:
  struct Rule {
    PreparedRule prepared;
    std::unique_ptr<RE2> product;  // Null: any product.
  };
  v1::Verdict Check(const Rule& rule, const ArtifactView& artifact, const ContextView& context) const;

  std::vector<Rule> rules_;
  std::unordered_map<std::string, std::vector<size_t>> by_vendor_;
  std::vector<size_t> any_vendor_;
};

}  // namespace benchmarks
}  // namespace interdict

#endif  // INTERDICT_BENCHMARKS_BASELINES_H_
