// File: policy/internal/identifier_selector.h
// -----------------------------------------------------------------------------
//
// One compiled interdict.v1.IdentifierMatch, and the check of one artifact against
// it. Rules reach identifier selectors through the identifier indexes
// (policy_index.h); exemption artifact subsets test them directly with
// MatchesIdentifier.
//
// Example:
//
//   UnreadableField unreadable;
//   if (MatchesIdentifier(selector, artifact, &unreadable)) { ... }
//   else if (unreadable.problem != nullptr) { ... }  // the field did not parse
//
// Thread safety: immutable after construction; safe from many threads.

#ifndef INTERDICT_POLICY_INTERNAL_IDENTIFIER_SELECTOR_H_
#define INTERDICT_POLICY_INTERNAL_IDENTIFIER_SELECTOR_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/strings/string_view.h"
#include "interdict/v1/decision.pb.h"
#include "interdict/v1/policy.pb.h"
#include "policy/artifact_view.h"
#include "policy/internal/cpe.h"
#include "policy/internal/identifier.h"
#include "policy/internal/version_range.h"
#include "re2/re2.h"

namespace interdict {
namespace policy_internal {

// A field of the artifact that a selector needed but could not read.
struct UnreadableField {
  v1::ArtifactField field = v1::ARTIFACT_FIELD_UNSPECIFIED;
  v1::VersionScheme scheme = v1::GENERIC;
  const char* problem = nullptr;  // Static text; nullptr: nothing unreadable.
};

// One compiled CpeMatch: the parsed criteria (views into `buffer`) and version bounds.
struct CompiledCpe {
  std::unique_ptr<CpeBuffer> buffer;
  CpeView criteria;
  VersionRange bounds;
};

struct IdentifierSelector {
  enum class Index { kExact, kSigner, kBundlePrefix, kPathPrefix, kPathGlob, kCpe } index = Index::kExact;
  IdentifierKind kind = IdentifierKind::kSha256;
  // Normal form (exact kinds, prefixes), signer key, or a glob's key segment.
  std::string key;
  std::shared_ptr<const RE2> glob;
  uint64_t glob_segments = 0;  // PathSegmentBits of the glob's literal segments.
  std::shared_ptr<const CompiledCpe> cpe;
};

// The artifact field an identifier kind reads, and the name problems give it.
struct IdentifierField {
  absl::string_view value;
  v1::ArtifactField field;
};
IdentifierField FieldOf(IdentifierKind kind, const ArtifactView& artifact);

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
