// Evaluation of artifacts against a compiled policy bundle.
#include "policy/compiled_policy.h"

#include <algorithm>
#include <atomic>
#include <utility>

#include "absl/base/attributes.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "policy/internal/cpe.h"
#include "policy/internal/identifier.h"
#include "policy/internal/legal_form.h"
#include "policy/internal/name_normalizer.h"
#include "policy/internal/package_url.h"
#include "policy/internal/policy_index.h"
#include "policy/internal/version_scheme.h"
#include "policy/internal/version_text.h"

namespace interdict {

using policy_internal::Bucket;
using policy_internal::ExemptionInfo;
using policy_internal::kNoEntity;
using policy_internal::NameBuffer;
using policy_internal::PolicyIndex;
using policy_internal::PolicyInfo;
using policy_internal::RuleInfo;
using policy_internal::StepInfo;

namespace {

std::atomic<uint64_t> next_generation{1};

bool SharesTag(const std::vector<std::string>& policy_tags,
               absl::Span<const absl::string_view> context_tags) {
  if (policy_tags.empty()) return true;
  for (absl::string_view tag : context_tags) {
    for (const std::string& wanted : policy_tags) {
      if (tag == wanted) return true;
    }
  }
  return false;
}

bool InScopeByTags(const PolicyInfo& policy, const ContextView& context) {
  return SharesTag(policy.jurisdictions, context.jurisdictions) &&
         SharesTag(policy.organization_kinds, context.organization_kinds);
}

bool OrgUnitCovers(absl::string_view covering, absl::string_view unit) {
  if (unit.size() < covering.size() || unit.substr(0, covering.size()) != covering) return false;
  return unit.size() == covering.size() || unit[covering.size()] == '/';
}

bool AssetCovered(const ExemptionInfo& exemption, const ContextView& context) {
  if (exemption.blanket) return true;
  if (!context.asset_id.empty() &&
      std::binary_search(exemption.assets.begin(), exemption.assets.end(), context.asset_id,
                         [](absl::string_view a, absl::string_view b) { return a < b; })) {
    return true;
  }
  if (context.org_unit.empty()) return false;
  for (const std::string& unit : exemption.org_units) {
    if (OrgUnitCovers(unit, context.org_unit)) return true;
  }
  return false;
}

// Problem values view the artifact's own strings (decoded forms live in evaluation
// buffers that do not outlive Evaluate): the version of a purl as written, between
// the last '@' and any '?' or '#'.
absl::string_view RawPurlVersion(absl::string_view purl) {
  purl = purl.substr(0, purl.find('#'));
  purl = purl.substr(0, purl.rfind('?'));
  const size_t at = purl.rfind('@');
  return at == absl::string_view::npos ? absl::string_view() : purl.substr(at + 1);
}

v1::Verdict Cap(v1::Verdict verdict, bool advisory) {
  return advisory && verdict == v1::DENY ? v1::WARN : verdict;
}

inline void PrefetchForRead(const void* address) {
#if defined(__GNUC__) || defined(__clang__)
  __builtin_prefetch(address, 0, 3);
#else
  (void)address;
#endif
}

// The state of one evaluation: the artifact, its normalised names and the decision.
class Evaluation {
 public:
  // With `components_only`, the artifact is a component: only include_components rules
  // are considered, and not those that already matched.
  Evaluation(const PolicyIndex& index, const ArtifactView& artifact, const ContextView& context,
             std::vector<Decision::Match>* matches,
             std::vector<Decision::ExemptionOutcome>* exemptions,
             std::vector<Decision::ArtifactProblem>* artifact_problems, absl::Time* next_change,
             bool components_only = false)
      : components_only_(components_only),
        index_(index),
        artifact_(artifact),
        context_(context),
        matches_(*matches),
        exemptions_(*exemptions),
        artifact_problems_(*artifact_problems),
        next_change_(*next_change) {}

  // The entity the vendor named, or kNoEntity (valid after Run).
  uint32_t entity() const { return entity_; }

  void Run() {
    // The artifact's entity: named by its vendor string or, failing that, by its
    // signer (the CN, then the O, of the subject), its CPE's vendor or its purl's
    // namespace. One entity at most, so an artifact visits at most one entity bucket.
    ResolveEntity(artifact_.vendor);
    if (entity_ == kNoEntity && !artifact_.signer_subject.empty() && !index_.entity_ids.empty()) {
      policy_internal::ForEachSignerName(artifact_.signer_subject, [this](absl::string_view name) {
        if (entity_ == kNoEntity) ResolveEntity(name);
      });
    }
    if (entity_ == kNoEntity && !artifact_.cpe.empty() && !index_.entity_ids.empty()) {
      if (const policy_internal::CpeView* cpe = ParsedCpe()) {
        const policy_internal::CpeAttribute& vendor = cpe->attributes[policy_internal::kCpeVendor];
        if (vendor.kind == policy_internal::CpeAttribute::Kind::kValue && !vendor.has_wildcards()) {
          ResolveEntity(vendor.body);
        }
      }
    }
    if (entity_ == kNoEntity && !artifact_.purl.empty() && !index_.entity_by_package_namespace.empty()) {
      ResolveEntityByPackageNamespace();
    }
    if (entity_ != kNoEntity) VisitBucket(entity_);
    if (index_.global_gate.MayMatch(artifact_.name)) {
      VisitBucket(static_cast<uint32_t>(index_.entity_ids.size()));
    }
    if (!index_.packages.empty() && !artifact_.purl.empty()) VisitPackages();
    if (index_.identifier_kinds != 0) VisitIdentifiers();
  }

 private:
  absl::optional<absl::string_view> NormalizedName() {
    if (!name_normalized_) {
      name_ = NormalizeName(artifact_.name, &name_buffer_);
      name_normalized_ = true;
    }
    return name_;
  }

  // The alias gate, on a name's first normalised bytes after any leading legal
  // form ("AO Kaspersky Lab" is gated on "kasp"). Aliases are keyed without legal
  // forms at either end; stripping trailing ones only shortens a key, and the gate
  // tests every key length, so the head of the leading-stripped name suffices.
  // Sets entity_ when `name` (a vendor string, a signer's name, a CPE vendor) is an
  // alias of an entity. The gate is closed to every name when the bundle has none.
  void ResolveEntity(absl::string_view name) {
    if (NameMayNameAnEntity(name)) LookUpEntity(name);
  }

  // Out of line: most names stop at the gate, and need no name buffer on the stack.
  ABSL_ATTRIBUTE_NOINLINE void LookUpEntity(absl::string_view name) {
    NameBuffer buffer;
    absl::optional<absl::string_view> normalized = NormalizeName(name, &buffer);
    if (!normalized.has_value()) return;
    auto it = index_.entity_by_alias.find(policy_internal::StripLegalForms(*normalized));
    if (it != index_.entity_by_alias.end()) entity_ = it->second;
  }

  ABSL_ATTRIBUTE_NOINLINE void ResolveEntityByPackageNamespace() {
    const policy_internal::PackageUrlView* purl = ParsedPurl();
    if (purl == nullptr) return;
    char key_buffer[policy_internal::kMaxPackageKeyBytes];
    const absl::string_view key = policy_internal::PackageNamespaceKey(*purl, key_buffer);
    if (key.empty()) return;
    auto it = index_.entity_by_package_namespace.find(key);
    if (it != index_.entity_by_package_namespace.end()) entity_ = it->second;
  }

  bool NameMayNameAnEntity(absl::string_view name) {
    using policy_internal::NameGate;
    char head[NameGate::kGateBytes];
    const size_t produced = policy_internal::NormalizePrefix(name, head, NameGate::kGateBytes);
    const absl::string_view head_view(head, produced);
    if (!policy_internal::MayBeginWithLegalForm(head_view)) return index_.alias_gate.MayMatchNormalized(head_view);
    // Perhaps a leading form: gate on the rest of the name, normalised past it.
    constexpr size_t kWindow = 4 * policy_internal::kLeadingFormWindow;
    char window[kWindow];
    const size_t length = policy_internal::NormalizePrefix(name, window, kWindow);
    const absl::string_view stripped =
        policy_internal::StripLeadingLegalForms(absl::string_view(window, length));
    // Leading forms fill the window: let the full lookup decide.
    if (length == kWindow && stripped.size() < NameGate::kGateBytes) return true;
    return index_.alias_gate.MayMatchNormalized(stripped);
  }

  // The artifact's purl, parsed once; null when it has none or it does not parse
  // (reported once, as a problem of the artifact).
  const policy_internal::PackageUrlView* ParsedPurl() {
    if (!purl_parsed_) {
      purl_parsed_ = true;
      if (!artifact_.purl.empty()) {
        const char* problem = policy_internal::ParsePackageUrl(artifact_.purl, &purl_buffer_, &purl_.emplace());
        purl_ok_ = problem == nullptr;
        if (!purl_ok_) {
          Report(Decision::ArtifactProblem::kNoRule, -1,
                 {v1::ARTIFACT_PURL, v1::GENERIC, problem}, artifact_.purl);
        }
      }
    }
    return purl_ok_ ? &*purl_ : nullptr;
  }

  void VisitPackages() {
    const policy_internal::PackageUrlView* purl = ParsedPurl();
    if (purl == nullptr) return;
    char key_buffer[policy_internal::kMaxPackageKeyBytes];
    auto it = index_.packages.find(policy_internal::PackageKey(*purl, key_buffer));
    if (it == index_.packages.end()) return;
    for (uint32_t rule : it->second) Consider(rule);
  }

  // Identifier rules: each field some rule names is normalised and looked up. A rule
  // can be reached through several of its identifiers; it is considered once.
  void VisitIdentifiers() {
    using policy_internal::IdentifierKind;
    static constexpr IdentifierKind kKinds[] = {
        IdentifierKind::kSha256,         IdentifierKind::kSha1,           IdentifierKind::kCertificateThumbprint,
        IdentifierKind::kTeamId,         IdentifierKind::kSigningId,      IdentifierKind::kMsiProductCode,
        IdentifierKind::kMsiUpgradeCode, IdentifierKind::kBundleId,       IdentifierKind::kInstallPath,
    };
    char normal[1 + policy_internal::kMaxIdentifierBytes];
    for (IdentifierKind kind : kKinds) {
      if ((index_.identifier_kinds & (1u << static_cast<uint32_t>(kind))) == 0) continue;
      const policy_internal::IdentifierField f = policy_internal::FieldOf(kind, artifact_);
      if (f.value.empty()) continue;
      size_t length = 0;
      const char* problem = policy_internal::NormalizeIdentifier(kind, f.value, normal + 1, &length);
      if (problem != nullptr) {
        Report(Decision::ArtifactProblem::kNoRule, -1, {f.field, v1::GENERIC, problem}, f.value);
        continue;
      }
      const absl::string_view normal_form(normal + 1, length);
      switch (kind) {
        case IdentifierKind::kBundleId:
          index_.bundle_id_prefixes.ForEachPrefixOf(normal_form, [this](uint32_t rule) { ConsiderOnce(rule); });
          break;
        case IdentifierKind::kInstallPath:
          VisitInstallPath(normal_form);
          break;
        default: {
          normal[0] = static_cast<char>(kind);
          auto it = index_.identifiers.find(absl::string_view(normal, 1 + length));
          if (it != index_.identifiers.end()) {
            for (uint32_t rule : it->second) ConsiderOnce(rule);
          }
          break;
        }
      }
    }
    if ((index_.identifier_kinds & PolicyIndex::kSignerBit) != 0 && !artifact_.signer_subject.empty()) {
      VisitSigner();
    }
    if ((index_.identifier_kinds & PolicyIndex::kCpeBit) != 0 && !artifact_.cpe.empty()) VisitCpe();
  }

  // The artifact's CPE, parsed once (for the entity fallback and for CPE rules); null
  // when it does not parse, which is reported once.
  const policy_internal::CpeView* ParsedCpe() {
    if (!cpe_parsed_) {
      cpe_parsed_ = true;
      const char* problem = policy_internal::ParseCpe(artifact_.cpe, &cpe_buffer_, &cpe_.emplace());
      cpe_ok_ = problem == nullptr;
      if (!cpe_ok_) {
        Report(Decision::ArtifactProblem::kNoRule, -1, {v1::ARTIFACT_CPE, v1::GENERIC, problem}, artifact_.cpe);
      }
    }
    return cpe_ok_ ? &*cpe_ : nullptr;
  }

  void VisitCpe() {
    const policy_internal::CpeView* parsed = ParsedCpe();
    if (parsed == nullptr) return;
    const policy_internal::CpeView& target = *parsed;
    auto run = [&](uint32_t position) {
      const policy_internal::CpeRule& cpe_rule = index_.cpe_rules[position];
      policy_internal::UnreadableField unreadable;
      if (policy_internal::CpeWithin(*cpe_rule.cpe, target, &unreadable)) {
        ConsiderOnce(cpe_rule.rule);
      } else if (unreadable.problem != nullptr) {
        Report(cpe_rule.rule, -1, unreadable,
               policy_internal::RawCpeAttribute(artifact_.cpe, policy_internal::kCpeVersion));
      }
    };
    char key_buffer[policy_internal::kMaxCpeBytes + 1];
    const absl::string_view key = policy_internal::CpeKey(target, key_buffer);
    if (!key.empty()) {
      auto it = index_.cpe_by_product.find(key);
      if (it != index_.cpe_by_product.end()) {
        for (uint32_t position : it->second) run(position);
      }
    }
    for (uint32_t position : index_.unkeyed_cpe_rules) run(position);
  }

  void VisitInstallPath(absl::string_view path) {
    index_.install_path_prefixes.ForEachPrefixOf(path, [this](uint32_t rule) { ConsiderOnce(rule); });
    const re2::StringPiece text(path.data(), path.size());
    // Globs run only when the path has all their literal segments (by signature),
    // computed once a glob is a candidate.
    absl::optional<uint64_t> path_segments;
    auto run = [&](uint32_t position) {
      const policy_internal::GlobRule& glob = index_.install_path_globs[position];
      if (!path_segments.has_value()) path_segments = policy_internal::PathSegmentBits(path);
      if ((glob.literal_segments & ~*path_segments) != 0) return;
      if (RE2::FullMatch(text, *glob.regex)) ConsiderOnce(glob.rule);
    };
    if (!index_.install_path_glob_segments.empty()) {
      absl::string_view rest = path;
      while (!rest.empty()) {
        auto it = index_.install_path_glob_segments.find(policy_internal::SplitOffNext(&rest, '/'));
        if (it == index_.install_path_glob_segments.end()) continue;
        for (uint32_t position : it->second) run(position);
      }
    }
    for (uint32_t position : index_.unkeyed_install_path_globs) run(position);
  }

  // The signer's organisation: the whole subject, and its CN= and O= values when it is
  // a distinguished name, each keyed like a vendor name.
  void VisitSigner() {
    auto look_up = [this](absl::string_view name) {
      NameBuffer buffer;
      absl::optional<absl::string_view> normalized = NormalizeName(name, &buffer);
      if (!normalized.has_value()) return;
      auto it = index_.signers.find(policy_internal::StripLegalForms(*normalized));
      if (it == index_.signers.end()) return;
      for (uint32_t rule : it->second) ConsiderOnce(rule);
    };
    policy_internal::ForEachSignerName(artifact_.signer_subject, look_up);
  }

  // Consider for rules reachable through several identifiers: not twice.
  void ConsiderOnce(uint32_t rule) {
    for (uint32_t i = 0; i < considered_count_; ++i) {
      if (considered_[i] == rule) return;
    }
    if (considered_count_ < kConsideredCapacity) {
      considered_[considered_count_++] = rule;
    } else {
      for (const Decision::Match& match : matches_) {
        if (match.rule == rule) return;
      }
    }
    Consider(rule);
  }

  void VisitBucket(uint32_t bucket_index) {
    const Bucket& bucket = index_.buckets[bucket_index];
    for (uint32_t rule : bucket.any_product) Consider(rule);
    if (bucket.has_exact || !bucket.prefixes.empty()) {
      absl::optional<absl::string_view> name = NormalizedName();
      if (name.has_value()) {
        if (bucket.has_exact) {
          char key_buffer[4 + policy_internal::kMaxNormalizedNameBytes];
          auto it = index_.exact.find(policy_internal::ExactKey(bucket_index, *name, key_buffer));
          if (it != index_.exact.end()) {
            for (uint32_t rule : it->second) Consider(rule);
          }
        }
        bucket.prefixes.ForEachPrefixOf(*name, [this](uint32_t rule) { Consider(rule); });
      }
    }
    if (!bucket.regexes.empty()) VisitRegexes(bucket);
  }

  void VisitRegexes(const Bucket& bucket) {
    const re2::StringPiece text(artifact_.name.data(), artifact_.name.size());
    auto run = [&](uint32_t position) {
      const policy_internal::RegexRule& regex = bucket.regexes[position];
      if (regex.regex->FullMatch(artifact_.name)) Consider(regex.rule);
    };
    const absl::optional<absl::string_view> name = NormalizedName();
    if (!name.has_value()) {
      // Too long to normalise: no prefix shortcut, every regex runs.
      for (uint32_t i = 0; i < bucket.regexes.size(); ++i) run(i);
      return;
    }
    bucket.regex_prefixes.ForEachPrefixOf(*name, run);
    if (bucket.unprefixed_regexes.empty()) return;
    if (bucket.regex_prefilter != nullptr) {
      // The prefilter only skips work: if it fails (DFA out of memory), run each regex.
      RE2::Set::ErrorInfo error;
      if (!bucket.regex_prefilter->Match(text, nullptr, &error) &&
          error.kind == RE2::Set::kNoError) {
        return;
      }
    }
    for (uint32_t position : bucket.unprefixed_regexes) run(position);
  }

  // The same answer as InScopeByTags, by mask where the policy's tags all have bits.
  bool InScope(const PolicyInfo& policy) {
    if (!policy.scope_masked) return InScopeByTags(policy, context_);
    if (!context_masks_ready_) {
      context_jurisdictions_ = index_.jurisdiction_tags.MaskOf(context_.jurisdictions);
      context_organization_kinds_ = index_.organization_kind_tags.MaskOf(context_.organization_kinds);
      context_masks_ready_ = true;
    }
    // A zero mask is an empty tag list, which binds everyone.
    return (policy.jurisdiction_mask == 0 || (policy.jurisdiction_mask & context_jurisdictions_) != 0) &&
           (policy.organization_kind_mask == 0 ||
            (policy.organization_kind_mask & context_organization_kinds_) != 0);
  }

  void Consider(uint32_t rule_index) {
    const RuleInfo& rule = index_.rules[rule_index];
    if ((rule.action_mask & (1u << context_.action)) == 0) return;
    if (components_only_) {
      if (!rule.include_components) return;
      for (const Decision::Match& match : matches_) {
        if (match.rule == rule_index) return;
      }
    }
    const PolicyInfo& policy = index_.policies[rule.policy];
    if (!InScope(policy)) return;
    if (rule.residual != nullptr) {
      policy_internal::UnreadableField unused;
      if (!rule.residual->Matches(entity_, artifact_.name, NormalizedName(), "", nullptr, artifact_, &unused)) {
        return;
      }
    }
    if (!rule.exclusions.empty()) {
      absl::optional<absl::string_view> name = NormalizedName();
      for (const policy_internal::ProductPattern& exclusion : rule.exclusions) {
        if (exclusion.Matches(artifact_.name, name)) return;
      }
    }
    const char* problem = nullptr;
    policy_internal::UnreadableField unreadable;
    const policy_internal::VersionMembership membership =
        rule.version.Classify(artifact_.version, &problem);
    if (!policy_internal::AdmitVersion(membership, v1::ARTIFACT_VERSION, rule.version.scheme(), problem,
                                       &unreadable)) {
      if (unreadable.problem != nullptr) Report(rule_index, -1, unreadable, artifact_.version);
      return;
    }
    if (rule.package != nullptr) {
      // Package rules are reached only through VisitPackages, with a parsed purl.
      const policy_internal::VersionMembership in_vers =
          rule.package->ClassifyVersion(purl_->version, &problem);
      if (!policy_internal::AdmitVersion(in_vers, v1::ARTIFACT_PURL_VERSION, rule.package->scheme(),
                                         problem, &unreadable)) {
        if (unreadable.problem != nullptr) Report(rule_index, -1, unreadable, RawPurlVersion(artifact_.purl));
        return;
      }
    }

    Decision::Match match;
    match.rule = rule_index;
    const StepInfo* steps = index_.steps.data() + rule.first_step;
    const absl::Time base = artifact_.first_seen.value_or(context_.instant);
    auto start_of = [&](uint32_t i) {
      return rule.relative_to_first_seen ? base + steps[i].after_first_seen : steps[i].at;
    };
    // The last step that has begun, if any.
    int32_t current = -1;
    for (uint32_t i = 0; i < rule.step_count && start_of(i) <= context_.instant; ++i) {
      current = static_cast<int32_t>(i);
    }
    const uint32_t next = static_cast<uint32_t>(current + 1);
    if (next < rule.step_count) {
      match.next_step_at = start_of(next);
      match.next_step_verdict = Cap(steps[next].verdict, policy.advisory);
      next_change_ = std::min(next_change_, match.next_step_at);
    }
    if (current < 0) {
      match.state = v1::PENDING;
      match.verdict = v1::ALLOW;
    } else {
      match.state = v1::IN_FORCE;
      match.step_index = current;
      match.in_force_since = start_of(static_cast<uint32_t>(current));
      match.verdict = Cap(steps[current].verdict, policy.advisory);
      if (match.verdict != v1::ALLOW) ApplyExemptions(rule, &match);
    }
    matches_.push_back(match);
  }

  void ApplyExemptions(const RuleInfo& rule, Decision::Match* match) {
    for (uint32_t i = 0; i < rule.exemption_count; ++i) {
      const uint32_t exemption_index = index_.rule_exemptions[rule.first_exemption + i];
      const ExemptionInfo& exemption = index_.exemptions[exemption_index];
      Decision::ExemptionOutcome outcome;
      outcome.exemption = exemption_index;
      outcome.rule = match->rule;
      policy_internal::UnreadableField unreadable;
      if (exemption.artifacts.has_value() &&
          !exemption.artifacts->Matches(entity_, artifact_.name, NormalizedName(),
                                        artifact_.version, ParsedPurl(), artifact_, &unreadable)) {
        outcome.reason = v1::ARTIFACT_NOT_COVERED;
        if (unreadable.problem != nullptr) {
          Report(match->rule, static_cast<int32_t>(exemption_index), unreadable, ValueOf(unreadable.field));
        }
      } else if (!AssetCovered(exemption, context_)) {
        outcome.reason = v1::ASSET_NOT_COVERED;
      } else if (context_.purpose != v1::PURPOSE_UNSPECIFIED &&
                 context_.purpose != exemption.purpose) {
        outcome.reason = v1::PURPOSE_MISMATCH;
      } else if (context_.instant < exemption.valid_from) {
        outcome.reason = v1::NOT_YET_VALID;
        next_change_ = std::min(next_change_, exemption.valid_from);
      } else if (context_.instant >= exemption.valid_until) {
        outcome.reason = v1::EXPIRED;
      } else {
        outcome.applied = true;
        next_change_ = std::min(next_change_, exemption.valid_until);
        if (match->exemption < 0) {
          match->exemption = static_cast<int32_t>(exemption_index);
          match->state = v1::EXEMPTED;
          match->verdict = v1::ALLOW;
        }
      }
      exemptions_.push_back(outcome);
    }
  }

  // The artifact's own text of a field, for a problem report.
  absl::string_view ValueOf(v1::ArtifactField field) const {
    switch (field) {
      case v1::ARTIFACT_VERSION: return artifact_.version;
      case v1::ARTIFACT_PURL: return artifact_.purl;
      case v1::ARTIFACT_PURL_VERSION: return RawPurlVersion(artifact_.purl);
      case v1::ARTIFACT_CPE: return artifact_.cpe;
      case v1::ARTIFACT_CPE_VERSION: return policy_internal::RawCpeAttribute(artifact_.cpe, policy_internal::kCpeVersion);
      default:
        break;
    }
    for (policy_internal::IdentifierKind kind :
         {policy_internal::IdentifierKind::kSha256, policy_internal::IdentifierKind::kSha1,
          policy_internal::IdentifierKind::kCertificateThumbprint, policy_internal::IdentifierKind::kTeamId,
          policy_internal::IdentifierKind::kSigningId, policy_internal::IdentifierKind::kMsiProductCode,
          policy_internal::IdentifierKind::kMsiUpgradeCode, policy_internal::IdentifierKind::kBundleId,
          policy_internal::IdentifierKind::kInstallPath}) {
      const policy_internal::IdentifierField f = policy_internal::FieldOf(kind, artifact_);
      if (f.field == field) return f.value;
    }
    return absl::string_view();
  }

  void Report(uint32_t rule, int32_t exemption, const policy_internal::UnreadableField& unreadable,
              absl::string_view value) {
    Decision::ArtifactProblem report;
    report.rule = rule;
    report.exemption = exemption;
    report.field = unreadable.field;
    report.scheme = unreadable.scheme;
    report.value = value;
    report.problem = unreadable.problem;
    artifact_problems_.push_back(report);
  }

  const bool components_only_;
  const PolicyIndex& index_;
  const ArtifactView& artifact_;
  const ContextView& context_;
  std::vector<Decision::Match>& matches_;
  std::vector<Decision::ExemptionOutcome>& exemptions_;
  std::vector<Decision::ArtifactProblem>& artifact_problems_;
  absl::Time& next_change_;
  uint32_t entity_ = kNoEntity;
  NameBuffer name_buffer_;
  absl::optional<absl::string_view> name_;
  bool name_normalized_ = false;
  bool context_masks_ready_ = false;
  static constexpr uint32_t kConsideredCapacity = 16;
  uint32_t considered_[kConsideredCapacity];
  uint32_t considered_count_ = 0;
  bool cpe_parsed_ = false;
  bool cpe_ok_ = false;
  // Constructed only when read: most evaluations never touch a CPE or a purl.
  absl::optional<policy_internal::CpeView> cpe_;
  policy_internal::CpeBuffer cpe_buffer_;
  bool purl_parsed_ = false;
  bool purl_ok_ = false;
  absl::optional<policy_internal::PackageUrlView> purl_;
  policy_internal::PackageUrlBuffer purl_buffer_;
  uint64_t context_jurisdictions_ = 0;
  uint64_t context_organization_kinds_ = 0;
};

void ToTimestamp(absl::Time t, google::protobuf::Timestamp* out) {
  const int64_t seconds = absl::ToUnixSeconds(t);
  out->set_seconds(seconds);
  out->set_nanos(static_cast<int32_t>((t - absl::FromUnixSeconds(seconds)) / absl::Nanoseconds(1)));
}

std::string FormatInstant(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone());
}

// How reports name an artifact field, and what a valid value of it is called.
struct FieldText {
  absl::string_view name;  // "purl version"
  absl::string_view noun;  // "purl"; empty for versions (the scheme names them)
};

FieldText TextOf(v1::ArtifactField field) {
  switch (field) {
    case v1::ARTIFACT_PURL: return {"purl", "purl"};
    case v1::ARTIFACT_PURL_VERSION: return {"purl version", ""};
    case v1::ARTIFACT_SHA256: return {"sha256", "SHA-256"};
    case v1::ARTIFACT_SHA1: return {"sha1", "SHA-1"};
    case v1::ARTIFACT_CERTIFICATE_THUMBPRINT: return {"certificate_thumbprint", "certificate thumbprint"};
    case v1::ARTIFACT_TEAM_ID: return {"team_id", "Team ID"};
    case v1::ARTIFACT_SIGNING_ID: return {"signing_id", "signing ID"};
    case v1::ARTIFACT_BUNDLE_ID: return {"bundle_id", "bundle ID"};
    case v1::ARTIFACT_MSI_PRODUCT_CODE: return {"msi_product_code", "MSI product code"};
    case v1::ARTIFACT_MSI_UPGRADE_CODE: return {"msi_upgrade_code", "MSI upgrade code"};
    case v1::ARTIFACT_INSTALL_PATH: return {"install_path", "install path"};
    case v1::ARTIFACT_CPE: return {"cpe", "CPE 2.3 name"};
    case v1::ARTIFACT_CPE_VERSION: return {"cpe version", ""};
    case v1::ARTIFACT_COMPONENTS: return {"components of", ""};
    default: return {"version", ""};
  }
}

// "not a valid semver version: major is not a number", "not a valid purl: has no name".
std::string DescribeProblem(const Decision::ArtifactProblem& problem) {
  if (problem.field == v1::ARTIFACT_COMPONENTS) return problem.problem;
  const FieldText text = TextOf(problem.field);
  if (!text.noun.empty()) return absl::StrCat("not a valid ", text.noun, ": ", problem.problem);
  return absl::StrCat("not a valid ", policy_internal::VersionSchemeName(problem.scheme),
                      " version: ", problem.problem);
}


std::string Cite(const CompiledPolicy::RuleDescription& rule) {
  if (rule.rule_citation.empty()) return std::string(rule.citation);
  return absl::StrCat(rule.citation, ", ", rule.rule_citation);
}

}  // namespace

CompiledPolicy::CompiledPolicy(std::unique_ptr<const policy_internal::PolicyIndex> index)
    : index_(std::move(index)), generation_(next_generation.fetch_add(1)) {}

CompiledPolicy::~CompiledPolicy() = default;

void CompiledPolicy::Evaluate(const ArtifactView& artifact, const ContextView& context,
                              Decision* decision) const {
  decision->Reset(generation_);
  Evaluation evaluation(*index_, artifact, context, &decision->matches_, &decision->exemptions_,
                        &decision->artifact_problems_, &decision->next_change_);
  evaluation.Run();
  decision->vendor_entity_ =
      evaluation.entity() == kNoEntity ? -1 : static_cast<int32_t>(evaluation.entity());
  if (index_->has_component_rules && !artifact.components.empty()) {
    EvaluateComponents(artifact, context, decision);
  }
  const auto& rules = index_->rules;
  auto by_rank = [&rules](const Decision::Match& a, const Decision::Match& b) {
    return rules[a.rule].rank < rules[b.rule].rank;
  };
  std::sort(decision->matches_.begin(), decision->matches_.end(), by_rank);
  std::sort(decision->exemptions_.begin(), decision->exemptions_.end(),
            [&rules](const Decision::ExemptionOutcome& a, const Decision::ExemptionOutcome& b) {
              if (a.exemption != b.exemption) return a.exemption < b.exemption;
              return rules[a.rule].rank < rules[b.rule].rank;
            });
  std::sort(decision->artifact_problems_.begin(), decision->artifact_problems_.end(),
            [&rules](const Decision::ArtifactProblem& a, const Decision::ArtifactProblem& b) {
              // Problems of the artifact itself (no rule) first.
              const bool a_artifact = a.rule == Decision::ArtifactProblem::kNoRule;
              const bool b_artifact = b.rule == Decision::ArtifactProblem::kNoRule;
              if (a_artifact || b_artifact) return a_artifact && !b_artifact;
              if (a.rule != b.rule) return rules[a.rule].rank < rules[b.rule].rank;
              return a.exemption < b.exemption;
            });
  for (const Decision::Match& match : decision->matches_) {
    decision->verdict_ = std::max(decision->verdict_, match.verdict);
  }
}

void CompiledPolicy::EvaluateComponents(const ArtifactView& artifact, const ContextView& context,
                                        Decision* decision) const {
  // Depth-first over the component tree, without recursion or allocation: a frame per
  // level holds the parent and the next child to visit.
  struct Frame {
    const ArtifactView* parent;
    size_t next;
  };
  Frame frames[policy_internal::kMaxComponentDepth + 1];
  absl::string_view path[policy_internal::kMaxComponentDepth + 1];
  size_t depth = 0;
  frames[0] = {&artifact, 0};
  path[0] = artifact.name;
  bool too_deep = false;
  while (true) {
    Frame& frame = frames[depth];
    if (frame.next == frame.parent->components.size()) {
      if (depth == 0) break;
      --depth;
      continue;
    }
    const ArtifactView& component = frame.parent->components[frame.next++];
    path[depth + 1] = component.name;
    const size_t first_new = decision->matches_.size();
    Evaluation(*index_, component, context, &decision->matches_, &decision->exemptions_,
               &decision->artifact_problems_, &decision->next_change_, /*components_only=*/true)
        .Run();
    if (decision->matches_.size() > first_new) {
      const uint32_t first_name = static_cast<uint32_t>(decision->component_path_names_.size());
      decision->component_path_names_.insert(decision->component_path_names_.end(), path, path + depth + 2);
      for (size_t m = first_new; m < decision->matches_.size(); ++m) {
        decision->matches_[m].component_path_first = first_name;
        decision->matches_[m].component_path_size = static_cast<uint32_t>(depth + 2);
      }
    }
    if (component.components.empty()) continue;
    if (depth + 1 >= index_->max_component_depth) {
      too_deep = true;
      continue;
    }
    ++depth;
    frames[depth] = {&component, 0};
  }
  if (too_deep) {
    Decision::ArtifactProblem problem;
    problem.rule = Decision::ArtifactProblem::kNoRule;
    problem.field = v1::ARTIFACT_COMPONENTS;
    problem.value = artifact.name;
    problem.problem = "components nested deeper than CompileOptions::max_component_depth were not examined";
    decision->artifact_problems_.push_back(problem);
  }
}

void CompiledPolicy::EvaluateBatch(absl::Span<const ArtifactView> artifacts,
                                   const ContextView& context,
                                   std::vector<Decision>* decisions) const {
  decisions->resize(artifacts.size());
  for (size_t i = 0; i < artifacts.size(); ++i) {
    // An evaluation first reads the name and vendor; fetch those of the artifact two
    // ahead while this one is evaluated (an inventory's strings are rarely in cache).
    if (i + 2 < artifacts.size()) {
      PrefetchForRead(artifacts[i + 2].vendor.data());
      PrefetchForRead(artifacts[i + 2].name.data());
    }
    Evaluate(artifacts[i], context, &(*decisions)[i]);
  }
}

absl::StatusOr<v1::Decision> CompiledPolicy::Evaluate(
    const v1::Artifact& artifact, const v1::EvaluationContext& context) const {
  absl::StatusOr<ProtoContext> owned = ProtoContext::Create(context);
  if (!owned.ok()) return owned.status();
  Decision decision;
  const ArtifactViewTree tree(artifact);
  Evaluate(tree.root(), owned->view(), &decision);
  v1::Decision out;
  absl::Status status = ToProto(decision, &out);
  if (!status.ok()) return status;
  return out;
}

absl::Status CompiledPolicy::ToProto(const Decision& decision, v1::Decision* out) const {
  if (!Produced(decision)) {
    return absl::FailedPreconditionError(
        "the decision was produced by a different CompiledPolicy than the one converting it");
  }
  out->Clear();
  out->set_verdict(decision.verdict());
  for (const Decision::Match& match : decision.matches()) {
    const RuleDescription rule = DescribeRule(match.rule);
    v1::RuleMatch* m = out->add_matches();
    m->set_policy_id(std::string(rule.policy_id));
    m->set_rule_id(std::string(rule.rule_id));
    m->set_citation(Cite(rule));
    m->set_source_url(std::string(rule.source_url));
    m->set_state(match.state);
    m->set_verdict(match.verdict);
    m->set_step_index(match.step_index);
    if (match.step_index >= 0) {
      const RuleInfo& info = index_->rules[match.rule];
      m->set_step_label(index_->step_labels[index_->steps[info.first_step + match.step_index].label]);
      ToTimestamp(match.in_force_since, m->mutable_in_force_since());
    }
    if (match.next_step_at != absl::InfiniteFuture()) {
      ToTimestamp(match.next_step_at, m->mutable_next_step_at());
      m->set_next_step_verdict(match.next_step_verdict);
    }
    m->set_basis(rule.basis);
    m->set_matched_value(std::string(rule.matched_value));
    for (uint32_t i = 0; i < match.component_path_size; ++i) {
      m->add_component_path(std::string(decision.component_path_names()[match.component_path_first + i]));
    }
    if (match.exemption >= 0) {
      m->set_exemption_id(index_->exemptions[match.exemption].id);
    }
  }
  for (const Decision::ExemptionOutcome& outcome : decision.exemptions()) {
    const ExemptionInfo& exemption = index_->exemptions[outcome.exemption];
    v1::ExemptionOutcome* e = out->add_exemptions();
    e->set_exemption_id(exemption.id);
    e->set_policy_id(index_->policies[exemption.policy].id);
    e->set_rule_id(index_->rules[outcome.rule].id);
    e->set_applied(outcome.applied);
    e->set_reason(outcome.reason);
    ToTimestamp(exemption.valid_from, e->mutable_valid_from());
    if (exemption.valid_until != absl::InfiniteFuture()) {
      ToTimestamp(exemption.valid_until, e->mutable_valid_until());
    }
  }
  if (decision.next_change() != absl::InfiniteFuture()) {
    ToTimestamp(decision.next_change(), out->mutable_next_change());
  }
  for (const Decision::ArtifactProblem& problem : decision.artifact_problems()) {
    v1::ArtifactProblem* p = out->add_artifact_problems();
    if (problem.rule != Decision::ArtifactProblem::kNoRule) {
      const RuleInfo& rule = index_->rules[problem.rule];
      p->set_policy_id(index_->policies[rule.policy].id);
      p->set_rule_id(rule.id);
    }
    if (problem.exemption >= 0) p->set_exemption_id(index_->exemptions[problem.exemption].id);
    p->set_field(problem.field);
    p->set_value(std::string(problem.value));
    p->set_problem(DescribeProblem(problem));
  }
  if (decision.vendor_entity() >= 0) out->set_vendor_entity(index_->entity_ids[decision.vendor_entity()]);
  out->set_explanation(Explain(decision));
  return absl::OkStatus();
}

std::string CompiledPolicy::UnreadableFields(const Decision& decision) const {
  std::vector<std::string> unreadable;
  for (const Decision::ArtifactProblem& problem : decision.artifact_problems()) {
    std::string where = "artifact";
    if (problem.rule != Decision::ArtifactProblem::kNoRule) {
      const RuleInfo& rule = index_->rules[problem.rule];
      where = absl::StrCat(index_->policies[rule.policy].id, "/", rule.id);
    }
    if (problem.exemption >= 0) {
      absl::StrAppend(&where, " (exemption ", index_->exemptions[problem.exemption].id, ")");
    }
    if (problem.field == v1::ARTIFACT_COMPONENTS) {
      unreadable.push_back(absl::StrCat(where, ": components of \"", problem.value, "\": ", problem.problem));
      continue;
    }
    unreadable.push_back(absl::StrCat(where, ": ", TextOf(problem.field).name, " \"", problem.value,
                                      "\" is ", DescribeProblem(problem)));
  }
  if (unreadable.empty()) return "";
  return absl::StrCat(" Could not read: ", absl::StrJoin(unreadable, "; "), ".");
}

std::string CompiledPolicy::Explain(const Decision& decision) const {
  if (!Produced(decision)) return "";
  if (!decision.matched()) return "ALLOW: no rule matched." + UnreadableFields(decision);
  std::vector<std::string> deciding;
  std::vector<std::string> pending;
  std::vector<std::string> exempted;
  for (const Decision::Match& match : decision.matches()) {
    const RuleDescription rule = DescribeRule(match.rule);
    const std::string name = absl::StrCat(rule.policy_id, "/", rule.rule_id, " (", Cite(rule), ")");
    switch (match.state) {
      case v1::PENDING:
        pending.push_back(absl::StrCat(v1::Verdict_Name(match.next_step_verdict), " by ", name,
                                       " from ", FormatInstant(match.next_step_at)));
        break;
      case v1::EXEMPTED:
        exempted.push_back(
            absl::StrCat(name, " by exemption ", index_->exemptions[match.exemption].id));
        break;
      default:
        if (match.verdict == decision.verdict()) {
          deciding.push_back(
              absl::StrCat(name, " since ", FormatInstant(match.in_force_since)));
        }
        break;
    }
  }
  std::string out = v1::Verdict_Name(decision.verdict());
  if (!deciding.empty()) {
    absl::StrAppend(&out, " by ", absl::StrJoin(deciding, "; "), ".");
  } else {
    out += ": no rule in force.";
  }
  if (!pending.empty()) absl::StrAppend(&out, " Pending: ", absl::StrJoin(pending, "; "), ".");
  if (!exempted.empty()) absl::StrAppend(&out, " Exempted: ", absl::StrJoin(exempted, "; "), ".");
  std::vector<std::string> rejected;
  for (const Decision::ExemptionOutcome& outcome : decision.exemptions()) {
    // Exemptions for other assets or artifacts are not news to this asset's reader.
    if (outcome.applied || outcome.reason == v1::ASSET_NOT_COVERED ||
        outcome.reason == v1::ARTIFACT_NOT_COVERED) {
      continue;
    }
    rejected.push_back(absl::StrCat(index_->exemptions[outcome.exemption].id, " for ",
                                    index_->rules[outcome.rule].id, " (",
                                    v1::RejectionReason_Name(outcome.reason), ")"));
  }
  if (!rejected.empty()) {
    absl::StrAppend(&out, " Exemptions not applied: ", absl::StrJoin(rejected, "; "), ".");
  }
  if (decision.next_change() != absl::InfiniteFuture()) {
    absl::StrAppend(&out, " Next change at ", FormatInstant(decision.next_change()), ".");
  }
  out += UnreadableFields(decision);
  return out;
}

CompiledPolicy::RuleDescription CompiledPolicy::DescribeRule(uint32_t rule) const {
  RuleDescription description;
  if (rule >= index_->rules.size()) return description;
  const RuleInfo& info = index_->rules[rule];
  const PolicyInfo& policy = index_->policies[info.policy];
  description.policy_id = policy.id;
  description.policy_title = policy.title;
  description.rule_id = info.id;
  description.citation = policy.citation;
  description.rule_citation = info.citation;
  description.source_url = policy.source_url;
  description.advisory = policy.advisory;
  description.basis = info.basis;
  description.matched_value = info.matched_value;
  return description;
}

CompiledPolicy::ExemptionDescription CompiledPolicy::DescribeExemption(uint32_t exemption) const {
  ExemptionDescription description;
  if (exemption >= index_->exemptions.size()) return description;
  const ExemptionInfo& info = index_->exemptions[exemption];
  description.id = info.id;
  description.policy_id = index_->policies[info.policy].id;
  description.approved_by = info.approved_by;
  description.reference = info.reference;
  description.purpose = info.purpose;
  description.valid_from = info.valid_from;
  description.valid_until = info.valid_until;
  return description;
}

size_t CompiledPolicy::policy_count() const { return index_->policies.size(); }
size_t CompiledPolicy::rule_count() const { return index_->rules.size(); }
size_t CompiledPolicy::exemption_count() const { return index_->exemptions.size(); }
size_t CompiledPolicy::entity_count() const { return index_->entity_ids.size(); }

}  // namespace interdict
