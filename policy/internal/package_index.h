// File: policy/internal/package_index.h
// -----------------------------------------------------------------------------
//
// The package family of selectors: rules that select by Package URL with a vers
// range (package_selector.h), found through a hash of the normalised purl type,
// namespace and name, never a scan.
//
// CompilePackageMatch validates a PackageMatch of the policy text; the Builder
// files rules by package; Visit calls `consider(rule)` for every rule of the
// artifact's package (the vers range is checked by the caller, which reports an
// unreadable purl version).
//
// Example:
//
//   std::shared_ptr<const PackageSelector> selector =
//       CompilePackageMatch("policies[0].rules[0].select.package", match, &issues);
//   PackageIndex::Builder builder;
//   builder.Place(rule, *selector);
//   PackageIndex index = std::move(builder).Build();
//   index.Visit(artifact, [&](uint32_t rule) { Consider(rule); });
//
// Thread safety: the Builder is thread-hostile; a PackageIndex is immutable and
// safe to read from many threads.

#ifndef INTERDICT_POLICY_INTERNAL_PACKAGE_INDEX_H_
#define INTERDICT_POLICY_INTERNAL_PACKAGE_INDEX_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "interdict/v1/policy.pb.h"
#include "policy/internal/evaluated_artifact.h"
#include "policy/internal/issue_collector.h"
#include "policy/internal/package_selector.h"

namespace interdict {
namespace policy_internal {

// Validates `match` (at `path`, a PackageMatch of the policy); reports an error at
// its failing field and returns null when it is invalid.
std::shared_ptr<const PackageSelector> CompilePackageMatch(const std::string& path,
                                                           const v1::PackageMatch& match,
                                                           IssueCollector* issues);

class PackageIndex {
 public:
  class Builder;

  PackageIndex() = default;

  bool empty() const { return rules_.empty(); }

  // Calls `consider(rule)` for each rule of the artifact's package (none when its
  // purl is absent or does not parse).
  template <typename Consider>
  void Visit(EvaluatedArtifact& artifact, Consider&& consider) const {
    const PackageUrlView* purl = artifact.Purl();
    if (purl == nullptr) return;
    char key_buffer[kMaxPackageKeyBytes];
    auto it = rules_.find(PackageKey(*purl, key_buffer));
    if (it == rules_.end()) return;
    for (uint32_t rule : it->second) consider(rule);
  }

 private:
  // PackageKey (type, namespace, name) -> rules, in the order placed.
  absl::flat_hash_map<std::string, std::vector<uint32_t>> rules_;
};

class PackageIndex::Builder {
 public:
  void Place(uint32_t rule, const PackageSelector& package) {
    index_.rules_[package.key()].push_back(rule);
  }
  PackageIndex Build() && { return std::move(index_); }

 private:
  PackageIndex index_;
};

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_PACKAGE_INDEX_H_
