// File: policy/internal/evaluated_artifact.h
// -----------------------------------------------------------------------------
//
// EvaluatedArtifact is one artifact (or component) during one evaluation: its
// view, the entity it belongs to, and what evaluation derives from it, each
// computed at most once and only when some selector asks: the normalised name,
// the version as a generic key, the parsed purl and the parsed CPE. A purl or CPE that does not parse is
// reported once, as a problem of the artifact. Every selector family reads the
// artifact through it, so a field is never parsed twice.
//
// Example:
//
//   EvaluatedArtifact artifact(view, &writer.artifact_problems());
//   absl::optional<absl::string_view> name = artifact.NormalizedName();
//   if (const PackageUrlView* purl = artifact.Purl()) { ... }
//
// Thread safety: thread-compatible; one per evaluation, on the evaluating thread.

#ifndef INTERDICT_POLICY_INTERNAL_EVALUATED_ARTIFACT_H_
#define INTERDICT_POLICY_INTERNAL_EVALUATED_ARTIFACT_H_

#include <cstdint>
#include <vector>

#include "absl/base/attributes.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "interdict/v1/decision.pb.h"
#include "interdict/v1/policy.pb.h"
#include "policy/artifact_view.h"
#include "policy/decision.h"
#include "policy/internal/cpe.h"
#include "policy/internal/generic_version.h"
#include "policy/internal/name_normalizer.h"
#include "policy/internal/package_url.h"
#include "policy/internal/version_range.h"
#include "policy/internal/version_scheme.h"

namespace interdict {
namespace policy_internal {

// A field of the artifact that a selector needed but could not read.
struct UnreadableField {
  v1::ArtifactField field = v1::ARTIFACT_FIELD_UNSPECIFIED;
  v1::VersionScheme scheme = v1::GENERIC;
  const char* problem = nullptr;  // Static text; nullptr: nothing unreadable.
};

// Whether `membership` is kInside. For kUnreadable, also fills `*unreadable` with
// `field`, `scheme` and `problem`.
inline bool AdmitVersion(VersionMembership membership, v1::ArtifactField field,
                         v1::VersionScheme scheme, const char* problem,
                         UnreadableField* unreadable) {
  if (membership == VersionMembership::kUnreadable) *unreadable = {field, scheme, problem};
  return membership == VersionMembership::kInside;
}

// The entity (or group) an artifact belongs to, and the evidence that found it
// (EntityTable::evidence); both Decision::kNone when it belongs to none.
struct EntityResolution {
  uint32_t entity = Decision::kNone;
  uint32_t evidence = Decision::kNone;
};

class EvaluatedArtifact {
 public:
  // Problems are appended to `problems`.
  EvaluatedArtifact(const ArtifactView& view ABSL_ATTRIBUTE_LIFETIME_BOUND,
                    std::vector<Decision::ArtifactProblem>* problems)
      : view_(view), problems_(*problems) {}
  EvaluatedArtifact(const EvaluatedArtifact&) = delete;
  EvaluatedArtifact& operator=(const EvaluatedArtifact&) = delete;

  const ArtifactView& view() const { return view_; }

  // The entity the artifact belongs to, or Decision::kNone.
  uint32_t entity() const { return entity_.entity; }
  const EntityResolution& entity_resolution() const { return entity_; }
  void set_entity(const EntityResolution& entity) { entity_ = entity; }

  // NormalizeName(view().name); nullopt when too long to normalise, which is then
  // reported as a problem of the artifact: no product constraint is compared.
  absl::optional<absl::string_view> NormalizedName() {
    if (!name_normalized_) {
      name_ = NormalizeName(view_.name, &name_buffer_);
      name_normalized_ = true;
      if (name_.has_value()) {
        name_buffer_.bytes[name_->size()] = kNameEnd;
      } else {
        Parsed(kNameTooLong, v1::ARTIFACT_NAME);
      }
    }
    return name_;
  }

  // NormalizedName() followed by kNameEnd.
  absl::optional<absl::string_view> NormalizedNameWithEnd() {
    const absl::optional<absl::string_view> name = NormalizedName();
    if (!name.has_value()) return absl::nullopt;
    return absl::string_view(name->data(), name->size() + 1);
  }

  // Where view().version lies in `range`: the version is read once per evaluation
  // for every range that compares keys (VersionRange::uses_generic_key).
  VersionMembership ClassifyVersion(const VersionRange& range, const char** problem) {
    if (range.unbounded()) return VersionMembership::kInside;
    return range.Classify(view_.version, range.uses_generic_key() ? GenericVersion() : nullptr,
                          problem);
  }

  // The parsed purl; null when there is none or it does not parse.
  const PackageUrlView* Purl() {
    if (!purl_parsed_) ParsePurl();
    return purl_ok_ ? &*purl_ : nullptr;
  }

  // The parsed CPE; null when there is none or it does not parse.
  const CpeView* Cpe() {
    if (!cpe_parsed_) ParseCpeOnce();
    return cpe_ok_ ? &*cpe_ : nullptr;
  }

  // The artifact's own text of `field` (problem values view it, never evaluation
  // buffers, so they stay valid while the artifact does).
  absl::string_view TextOf(v1::ArtifactField field) const;

  // Records that `rule` (Decision::kNone: the artifact itself), through `exemption`'s
  // artifact subset (Decision::kNone: the rule's own selector), could not read a field.
  // A problem of the artifact itself (a field that does not parse) is reported once,
  // however many lookups read the field.
  void Report(uint32_t rule, uint32_t exemption, const UnreadableField& unreadable,
              absl::string_view value) {
    if (rule == Decision::kNone && exemption == Decision::kNone) {
      const uint32_t bit = 1u << unreadable.field;
      if ((self_problems_ & bit) != 0) return;
      self_problems_ |= bit;
    }
    Decision::ArtifactProblem report;
    report.rule = rule;
    report.exemption = exemption;
    report.field = unreadable.field;
    report.scheme = unreadable.scheme;
    report.value = value;
    report.problem = unreadable.problem;
    problems_.push_back(report);
  }

 private:
  static constexpr char kNameTooLong[] =
      "longer than the 1024 bytes a product name is compared on: product rules were not applied";
  static_assert(kMaxNormalizedNameBytes == 1024, "kNameTooLong states the limit");

  // view().version read as a GenericVersionKey; null when it does not fit one.
  const GenericVersionKey* GenericVersion() {
    if (!version_read_) {
      version_key_ok_ = version_key_.Assign(view_.version);
      version_read_ = true;
    }
    return version_key_ok_ ? &version_key_ : nullptr;
  }
  void ParsePurl();
  void ParseCpeOnce();
  // Whether a field parsed (`problem` is null); if not, reports it as a problem of the
  // artifact itself.
  bool Parsed(const char* problem, v1::ArtifactField field);

  const ArtifactView& view_;
  std::vector<Decision::ArtifactProblem>& problems_;
  EntityResolution entity_;
  // Bits (1 << ArtifactField) of the fields reported as problems of the artifact itself.
  uint32_t self_problems_ = 0;
  bool name_normalized_ = false;
  bool version_read_ = false;
  bool version_key_ok_ = false;
  absl::optional<absl::string_view> name_;
  NameBuffer name_buffer_;
  GenericVersionKey version_key_;
  bool cpe_parsed_ = false;
  bool cpe_ok_ = false;
  // Constructed only when read: most evaluations never touch a CPE or a purl.
  absl::optional<CpeView> cpe_;
  CpeBuffer cpe_buffer_;
  bool purl_parsed_ = false;
  bool purl_ok_ = false;
  absl::optional<PackageUrlView> purl_;
  PackageUrlBuffer purl_buffer_;
};

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_EVALUATED_ARTIFACT_H_
