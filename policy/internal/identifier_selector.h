// File: policy/internal/identifier_selector.h
// -----------------------------------------------------------------------------
//
// One compiled interdict.v1.IdentifierMatch (any kind of identifier_kinds.h:
// hashes, signers, Apple and MSI identifiers, install-path prefixes and globs,
// CPE criteria with version bounds): its validation, and the check of one artifact
// against it. Rules reach identifier selectors through the identifier index
// (identifier_index.h); exemption artifact subsets check them with
// MatchesIdentifier.
//
// Example:
//
//   IdentifierSelector selector;
//   std::string description;
//   if (CompileIdentifierMatch(path, match, &issues, &selector, &description)) {
//     UnreadableField unreadable;
//     if (MatchesIdentifier(selector, artifact_view, &unreadable)) { ... }
//     else if (unreadable.problem != nullptr) { ... }  // the field did not parse
//   }
//
// Thread safety: immutable after compilation; safe from many threads.

#ifndef INTERDICT_POLICY_INTERNAL_IDENTIFIER_SELECTOR_H_
#define INTERDICT_POLICY_INTERNAL_IDENTIFIER_SELECTOR_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "interdict/v1/policy.pb.h"
#include "policy/artifact_view.h"
#include "policy/internal/cpe.h"
#include "policy/internal/evaluated_artifact.h"
#include "policy/internal/identifier.h"
#include "policy/internal/identifier_kinds.h"
#include "policy/internal/issue_collector.h"
#include "policy/internal/legal_form.h"
#include "policy/internal/name_normalizer.h"
#include "policy/internal/version_range.h"
#include "re2/re2.h"

namespace interdict {
namespace policy_internal {

// One compiled CpeMatch: the parsed criteria (views into `buffer`) and version bounds.
struct CompiledCpe {
  std::unique_ptr<CpeBuffer> buffer;
  CpeView criteria;
  VersionRange bounds;
};

struct IdentifierSelector {
  // The row of identifier_kinds.h: how it matches and which field it reads.
  const IdentifierSelectorKind* kind = nullptr;
  // Normal form (exact and prefix modes), signer key, or a glob's key segment ("" when
  // every segment has a wildcard).
  std::string key;
  std::shared_ptr<const RE2> glob;
  uint64_t glob_segments = 0;  // PathSegmentBits of the glob's literal segments.
  std::shared_ptr<const CompiledCpe> cpe;
};

// Validates `match` (at `path`, an IdentifierMatch of the policy) into `*out`, with
// "team_id 2Y8XE5CQ94"-style text for reports in `*description`. Reports an error
// and returns false when it is invalid.
bool CompileIdentifierMatch(const std::string& path, const v1::IdentifierMatch& match,
                            IssueCollector* issues, IdentifierSelector* out,
                            std::string* description);

// Calls `visit(key)` with the key of each organisation name in a signer subject (its
// CN= and O= values, or the whole subject when it is not a distinguished name),
// normalised like vendor names without legal forms.
template <typename Visit>
void ForEachSignerKey(absl::string_view subject, Visit&& visit) {
  ForEachSignerName(subject, [&visit](absl::string_view name) {
    NameBuffer buffer;
    absl::optional<absl::string_view> normalized = NormalizeName(name, &buffer);
    if (normalized.has_value()) visit(StripLegalForms(*normalized));
  });
}

// Whether `artifact` has the identifier `selector` names. When the field it needs
// does not parse, returns false and fills `*unreadable` (otherwise left alone).
bool MatchesIdentifier(const IdentifierSelector& selector, const ArtifactView& artifact,
                       UnreadableField* unreadable);

// Whether the CPE `target` is within `cpe` (criteria and version bounds). An unreadable
// version fills `*unreadable`.
bool CpeWithin(const CompiledCpe& cpe, const CpeView& target, UnreadableField* unreadable);

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_IDENTIFIER_SELECTOR_H_
