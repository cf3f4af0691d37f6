// File: policy/internal/scope.h
// -----------------------------------------------------------------------------
//
// Whom a policy or a rule binds (interdict.v1.Scope), compiled into conditions on
// the context's tags. Each non-empty list of a Scope is one condition: the context
// must share a tag with an include list (jurisdictions, organization_kinds,
// asset_kinds, uses) and none with an exclude list (exclude_organization_kinds,
// exclude_asset_kinds). A rule is in scope when every condition of its policy's
// scope and of its own holds; a use condition on a context that states no uses is
// neither held nor failed (ScopeFit::kUsesUnstated).
//
// Tags get bits in one TagDictionary per dimension, so a condition is a mask test
// against the context's mask of that dimension, computed once per evaluation
// (ContextScope); a condition with a tag beyond the dictionary's 64 bits compares
// strings instead.
//
// Example:
//
//   ScopeTags tags;
//   std::vector<ScopeCondition> conditions;
//   CompileScope("policies[0].rules[2].scope", rule.scope(), &tags, &issues, &conditions);
//   ...
//   ContextScope context_scope(tags, context);
//   bool binds = context_scope.Fit(conditions) == ScopeFit::kInside;
//
// Thread safety: compiling is thread-hostile; compiled conditions and tags are
// immutable and safe to read from many threads; a ContextScope belongs to one
// evaluation.

#ifndef INTERDICT_POLICY_INTERNAL_SCOPE_H_
#define INTERDICT_POLICY_INTERNAL_SCOPE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/types/span.h"
#include "interdict/v1/policy.pb.h"
#include "policy/context_view.h"
#include "policy/internal/issue_collector.h"
#include "policy/internal/tag_dictionary.h"

namespace interdict {
namespace policy_internal {

enum class ScopeDimension : uint8_t { kJurisdiction, kOrganizationKind, kAssetKind, kUse };
inline constexpr size_t kScopeDimensions = 4;

// How a context stands to a list of conditions.
enum class ScopeFit : uint8_t {
  kOutside,
  kInside,
  // Every condition holds but a use condition, which cannot be told: the context
  // states no uses (a use-limited rule is then CONDITIONAL).
  kUsesUnstated,
};

// One condition: the context shares a tag of `tags` with it (include) or none
// (exclude).
struct ScopeCondition {
  ScopeDimension dimension = ScopeDimension::kJurisdiction;
  bool exclude = false;
  // Whether every tag has a bit; then `mask` holds them and `tags` is empty.
  bool masked = false;
  uint64_t mask = 0;
  std::vector<std::string> tags;
};

// The bits of every scope tag of a bundle, one dictionary per dimension.
struct ScopeTags {
  TagDictionary dictionaries[kScopeDimensions];
  TagDictionary& of(ScopeDimension dimension) { return dictionaries[static_cast<size_t>(dimension)]; }
  const TagDictionary& of(ScopeDimension dimension) const {
    return dictionaries[static_cast<size_t>(dimension)];
  }
};

// Validates `scope` (at `path`) and appends a condition per non-empty list to `out`:
// jurisdictions are ISO 3166 codes ("US", "US-TX"), the other tags lowercase words
// joined by hyphens. Invalid tags are reported and left out.
void CompileScope(const std::string& path, const v1::Scope& scope, ScopeTags* tags,
                  IssueCollector* issues, std::vector<ScopeCondition>* out);

// Whether `text` is lowercase words (ASCII letters and digits) joined by hyphens: the
// form of organisation kinds, asset kinds and approver roles.
bool IsHyphenatedWords(absl::string_view text);

// The context's tags, as masks of each dimension computed on first use.
class ContextScope {
 public:
  ContextScope(const ScopeTags& tags, const ContextView& context) : tags_(tags), context_(context) {}

  // The mask of the context's tags of `dimension`.
  uint64_t Mask(ScopeDimension dimension) {
    const size_t d = static_cast<size_t>(dimension);
    if ((ready_ & (1u << d)) == 0) {
      masks_[d] = tags_.of(dimension).MaskOf(Tags(dimension));
      ready_ |= 1u << d;
    }
    return masks_[d];
  }

  absl::Span<const absl::string_view> Tags(ScopeDimension dimension) const;

  bool Holds(const ScopeCondition& condition);

  ScopeFit Fit(absl::Span<const ScopeCondition> conditions) {
    bool uses_unstated = false;
    for (const ScopeCondition& condition : conditions) {
      if (condition.dimension == ScopeDimension::kUse && context_.uses.empty()) {
        uses_unstated = true;
      } else if (!Holds(condition)) {
        return ScopeFit::kOutside;
      }
    }
    return uses_unstated ? ScopeFit::kUsesUnstated : ScopeFit::kInside;
  }

 private:
  const ScopeTags& tags_;
  const ContextView& context_;
  uint32_t ready_ = 0;
  uint64_t masks_[kScopeDimensions];  // masks_[d] is set once bit d of ready_ is.
};

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_SCOPE_H_
