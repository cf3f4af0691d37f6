// File: benchmarks/baselines.h
// -----------------------------------------------------------------------------
//
// Hand-written matchers to measure Interdict against, on the same workloads:
//
//   - LinearRegexBaseline: what someone writes in an afternoon — every rule holds a
//     std::regex for its vendor names and one for its product, compiled once; each
//     artifact is tested against every rule.
//   - HashRe2Baseline: a competent hand-written index, the best plain code a good
//     engineer writes in an afternoon. Each artifact's vendor and product are
//     lower-cased and trimmed into stack buffers (no allocation); one
//     absl::flat_hash_map probe on the vendor finds that vendor's rules, and only
//     they run their product test (string compare, prefix compare or a
//     case-insensitive RE2), version comparison (parsed in place), scope, timeline
//     and exemptions. Rules that name no vendor are indexed by the first word of
//     their product's literal head (the exact name, the prefix, or a regex's text
//     before its first operator): one more probe with the name's first word; only
//     product patterns without a whole literal first word are checked on every
//     artifact.
//
// Both compute only the verdict, with Interdict's semantics for the features the
// workloads use (scope, actions, exact/prefix/regex products, exclusions, version
// ranges, timelines, advisory caps, exemptions by asset and org unit, purposes);
// baselines_test.cc checks that they agree with Interdict on every artifact of both
// workload shapes.
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
#include <vector>

#include "absl/container/flat_hash_map.h"
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
    std::vector<std::string> org_units;
    v1::Purpose purpose = v1::PURPOSE_UNSPECIFIED;
    absl::Time from;
    absl::Time until;
    // Whether it cancels a rule in force in `context`.
    bool Applies(const ContextView& context) const;
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
  // A product test: on the lower-cased, trimmed name (exact, prefix) or the raw name
  // (case-insensitive RE2).
  struct Pattern {
    enum class Kind { kAny, kExact, kPrefix, kRegex } kind = Kind::kAny;
    std::string text;
    std::unique_ptr<RE2> regex;
    bool Matches(absl::string_view raw, absl::string_view lower) const;
  };
  struct Rule {
    Pattern product;
    std::vector<Pattern> exclusions;
    std::string min_version;  // Empty: unbounded.
    std::string max_version;
    uint32_t actions = 0;
    uint32_t policy = 0;
    std::vector<std::pair<absl::Time, v1::Verdict>> steps;
    std::vector<PreparedRule::Exemption> exemptions;
  };
  struct Policy {
    bool advisory = false;
    std::vector<std::string> jurisdictions;
    std::vector<std::string> organization_kinds;
  };

  v1::Verdict Check(const Rule& rule, const ArtifactView& artifact, absl::string_view lower_name,
                    const ContextView& context) const;

  std::vector<Policy> policies_;
  std::vector<Rule> rules_;
  // Lower-cased entity name or alias -> rules of that entity.
  absl::flat_hash_map<std::string, std::vector<uint32_t>> by_vendor_;
  // Rules without a vendor, by the lower-cased first word of their product's literal
  // head; those without one are scanned.
  absl::flat_hash_map<std::string, std::vector<uint32_t>> by_first_word_;
  std::vector<uint32_t> scanned_;
};

}  // namespace benchmarks
}  // namespace interdict

#endif  // INTERDICT_BENCHMARKS_BASELINES_H_
