// File: policy/internal/identifier_index.h
// -----------------------------------------------------------------------------
//
// The identifier family of selectors: rules found by what inventories record
// beside names (every kind of identifier_kinds.h). Per kind, by how it matches:
//   - exact   -> one hash of (kind, normal form)
//   - prefix  -> a trie of normal-form prefixes per kind (bundle ids, paths)
//   - glob    -> path globs keyed by their longest literal segment; a glob runs
//                (RE2) only when the path has that segment and, by a 64-bit
//                signature, all its other literal segments; globs without a literal
//                segment run on every path
//   - signer  -> a hash of signer keys (names normalised like vendors)
//   - CPE     -> criteria keyed by (vendor, product) when both are plain values,
//                otherwise checked on every CPE
// Evaluation reads an artifact field only when some rule uses its kind, and
// normalises it once for all of that kind's indexes.
//
// The Builder files rules (their selectors come from CompileIdentifierMatch,
// identifier_selector.h); Visit calls `consider(rule)` for every rule one of whose
// identifiers the artifact has. A rule with several identifiers may be reached more
// than once: the caller considers it once.
//
// Example:
//
//   IdentifierIndex::Builder builder;
//   builder.Place(rule, selectors);
//   IdentifierIndex index = std::move(builder).Build();
//   index.Visit(artifact, [&](uint32_t rule) { ConsiderOnce(rule); });
//
// Thread safety: the Builder is thread-hostile; an IdentifierIndex is immutable and
// safe to read from many threads.

#ifndef INTERDICT_POLICY_INTERNAL_IDENTIFIER_INDEX_H_
#define INTERDICT_POLICY_INTERNAL_IDENTIFIER_INDEX_H_

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "policy/decision.h"
#include "policy/internal/cpe.h"
#include "policy/internal/evaluated_artifact.h"
#include "policy/internal/identifier.h"
#include "policy/internal/identifier_kinds.h"
#include "policy/internal/identifier_selector.h"
#include "policy/internal/prefix_trie.h"
#include "policy/internal/version_text.h"
#include "re2/re2.h"

namespace interdict {
namespace policy_internal {

class IdentifierIndex {
 public:
  class Builder;

  IdentifierIndex() = default;

  bool empty() const { return kinds_ == 0; }

  template <typename Consider>
  void Visit(EvaluatedArtifact& artifact, Consider&& consider) const;

 private:
  // Path globs of one kind, reached through their longest literal segment.
  struct GlobRule {
    std::shared_ptr<const RE2> regex;
    uint64_t literal_segments = 0;  // PathSegmentBits of the glob's literal segments.
    uint32_t rule = 0;
  };
  struct Globs {
    std::vector<GlobRule> rules;
    // Key segment -> indexes into `rules`.
    absl::flat_hash_map<std::string, std::vector<uint32_t>> by_segment;
    std::vector<uint32_t> unkeyed;
  };
  struct CpeRule {
    std::shared_ptr<const CompiledCpe> cpe;
    uint32_t rule = 0;
  };

  static constexpr size_t kKindSlots = static_cast<size_t>(IdentifierKind::kCpe) + 1;
  static constexpr uint32_t Bit(IdentifierKind kind) { return 1u << static_cast<uint32_t>(kind); }

  // The key of exact_: the kind's byte, then the normal form. Writes into `out`
  // (capacity >= 1 + normal_form.size()).
  static absl::string_view ExactKey(IdentifierKind kind, absl::string_view normal_form, char* out);
  // "vendor\0product" of a CPE whose vendor and product are plain values; empty when
  // either is ANY, NA or has wildcards. Writes into `out` (capacity kMaxCpeBytes + 1).
  static absl::string_view CpeKey(const CpeView& cpe, char* out);

  template <typename Consider>
  void VisitGlobs(const Globs& globs, absl::string_view path, Consider& consider) const;
  template <typename Consider>
  void VisitCpe(EvaluatedArtifact& artifact, Consider& consider) const;

  // Bit (1 << IdentifierKind) of the kinds some rule reads, and per mode.
  uint32_t kinds_ = 0;
  uint32_t exact_kinds_ = 0;
  uint32_t prefix_kinds_ = 0;
  uint32_t glob_kinds_ = 0;
  // ExactKey(kind, normal form) -> rules.
  absl::flat_hash_map<std::string, std::vector<uint32_t>> exact_;
  std::array<PrefixTrie, kKindSlots> prefixes_;
  std::array<Globs, kKindSlots> globs_;
  // Signer key -> rules.
  absl::flat_hash_map<std::string, std::vector<uint32_t>> signers_;
  std::vector<CpeRule> cpe_rules_;
  // CpeKey -> indexes into cpe_rules_; the rest run on every CPE.
  absl::flat_hash_map<std::string, std::vector<uint32_t>> cpe_by_product_;
  std::vector<uint32_t> unkeyed_cpe_rules_;
};

class IdentifierIndex::Builder {
 public:
  // Files `rule` under each of its identifier selectors.
  void Place(uint32_t rule, const std::vector<IdentifierSelector>& identifiers);
  IdentifierIndex Build() &&;

 private:
  IdentifierIndex index_;
  std::array<PrefixTrie::Builder, kKindSlots> prefix_builders_;
};

template <typename Consider>
void IdentifierIndex::Visit(EvaluatedArtifact& artifact, Consider&& consider) const {
  const ArtifactView& view = artifact.view();
  // The kinds read in their normal form (the signer and CPE have their own visits).
  const uint32_t normal_kinds = exact_kinds_ | prefix_kinds_ | glob_kinds_;
  char normal[1 + kMaxIdentifierBytes];
  for (const IdentifierField& field : kIdentifierFields) {
    const uint32_t bit = Bit(field.kind);
    if ((normal_kinds & bit) == 0) continue;
    const absl::string_view value = view.*field.member;
    if (value.empty()) continue;
    size_t length = 0;
    const char* problem = NormalizeIdentifier(field.kind, value, normal + 1, &length);
    if (problem != nullptr) {
      artifact.Report(Decision::kNone, Decision::kNone, {field.field, v1::GENERIC, problem}, value);
      continue;
    }
    const absl::string_view normal_form(normal + 1, length);
    const size_t slot = static_cast<size_t>(field.kind);
    if ((exact_kinds_ & bit) != 0) {
      normal[0] = static_cast<char>(field.kind);
      auto it = exact_.find(absl::string_view(normal, 1 + length));
      if (it != exact_.end()) {
        for (uint32_t rule : it->second) consider(rule);
      }
    }
    if ((prefix_kinds_ & bit) != 0) prefixes_[slot].ForEachPrefixOf(normal_form, consider);
    if ((glob_kinds_ & bit) != 0) VisitGlobs(globs_[slot], normal_form, consider);
  }
  if ((kinds_ & Bit(IdentifierKind::kSignerSubject)) != 0 && !view.signer_subject.empty()) {
    ForEachSignerKey(view.signer_subject, [&](absl::string_view key) {
      auto it = signers_.find(key);
      if (it == signers_.end()) return;
      for (uint32_t rule : it->second) consider(rule);
    });
  }
  if ((kinds_ & Bit(IdentifierKind::kCpe)) != 0 && !view.cpe.empty()) VisitCpe(artifact, consider);
}

template <typename Consider>
void IdentifierIndex::VisitGlobs(const Globs& globs, absl::string_view path,
                                 Consider& consider) const {
  const re2::StringPiece text(path.data(), path.size());
  // Globs run only when the path has all their literal segments (by signature),
  // computed once a glob is a candidate.
  absl::optional<uint64_t> path_segments;
  auto run = [&](uint32_t position) {
    const GlobRule& glob = globs.rules[position];
    if (!path_segments.has_value()) path_segments = PathSegmentBits(path);
    if ((glob.literal_segments & ~*path_segments) != 0) return;
    if (glob.regex->Match(text, 0, text.size(), RE2::ANCHOR_BOTH, nullptr, 0)) consider(glob.rule);
  };
  if (!globs.by_segment.empty()) {
    absl::string_view rest = path;
    while (!rest.empty()) {
      auto it = globs.by_segment.find(SplitOffNext(&rest, '/'));
      if (it == globs.by_segment.end()) continue;
      for (uint32_t position : it->second) run(position);
    }
  }
  for (uint32_t position : globs.unkeyed) run(position);
}

template <typename Consider>
void IdentifierIndex::VisitCpe(EvaluatedArtifact& artifact, Consider& consider) const {
  const CpeView* target = artifact.Cpe();
  if (target == nullptr) return;
  auto run = [&](uint32_t position) {
    const CpeRule& cpe_rule = cpe_rules_[position];
    UnreadableField unreadable;
    if (CpeWithin(*cpe_rule.cpe, *target, &unreadable)) {
      consider(cpe_rule.rule);
    } else if (unreadable.problem != nullptr) {
      artifact.Report(cpe_rule.rule, Decision::kNone, unreadable,
                      artifact.TextOf(v1::ARTIFACT_CPE_VERSION));
    }
  };
  char key_buffer[kMaxCpeBytes + 1];
  const absl::string_view key = CpeKey(*target, key_buffer);
  if (!key.empty()) {
    auto it = cpe_by_product_.find(key);
    if (it != cpe_by_product_.end()) {
      for (uint32_t position : it->second) run(position);
    }
  }
  for (uint32_t position : unkeyed_cpe_rules_) run(position);
}

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_IDENTIFIER_INDEX_H_
