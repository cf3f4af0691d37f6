// Validation and resolution of a policy bundle into a PolicyIndex.
#include "policy/internal/bundle_compiler.h"

#include <algorithm>
#include <memory>
#include <numeric>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "policy/internal/civil_time.h"
#include "policy/internal/entity_graph.h"
#include "policy/internal/identifier.h"
#include "policy/internal/legal_form.h"
#include "policy/internal/name_normalizer.h"
#include "policy/internal/package_selector.h"
#include "policy/internal/rule_placement.h"
#include "re2/re2.h"

namespace interdict {
namespace policy_internal {
namespace {

std::string Quote(absl::string_view s) { return absl::StrCat("\"", s, "\""); }

std::string FormatInstant(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone());
}

// What a rule's validation leaves for index placement.

struct PendingRule {
  // The rule's entity and, as its selector asks, related entities (sorted); empty
  // when the rule names no entity.
  std::vector<uint32_t> entities;
  absl::optional<ProductPattern> product;
  std::vector<IdentifierSelector> identifiers;
};

class BundleCompiler {
 public:
  BundleCompiler(const v1::PolicyBundle& bundle, const SourceMap* source_map,
                 const CompileOptions& options)
      : bundle_(bundle),
        source_map_(source_map),
        options_(options),
        index_(std::make_unique<PolicyIndex>()),
        regexes_(options.regex_max_mem) {}

  BundleCompilation Run() && {
    if (options_.max_component_depth > kMaxComponentDepth) {
      Error("", absl::StrCat("CompileOptions::max_component_depth is ", options_.max_component_depth,
                             "; at most ", kMaxComponentDepth, " is supported"));
    }
    index_->max_component_depth = static_cast<uint32_t>(options_.max_component_depth);
    CompileEntities();
    CompilePolicies();
    CompileExemptions();
    BundleCompilation result;
    const bool has_error =
        std::any_of(issues_.begin(), issues_.end(), [](const CompileIssue& issue) {
          return issue.severity == CompileIssue::Severity::kError;
        });
    if (!has_error) {
      BuildIndex();
      result.index = std::move(index_);
    }
    result.issues = std::move(issues_);
    return result;
  }

 private:
  // ---- Issues ---------------------------------------------------------------

  void Report(CompileIssue::Severity severity, const std::string& path, std::string message) {
    CompileIssue issue;
    issue.severity = severity;
    issue.field_path = path;
    if (source_map_ != nullptr) {
      SourceLocation where = source_map_->Locate(path);
      issue.file = std::move(where.file);
      issue.line = where.line;
      issue.column = where.column;
      issue.field_path = source_map_->LocalPath(path);
    }
    issue.message = std::move(message);
    issues_.push_back(std::move(issue));
  }
  void Error(const std::string& path, std::string message) {
    Report(CompileIssue::Severity::kError, path, std::move(message));
  }
  void Warning(const std::string& path, std::string message) {
    Report(CompileIssue::Severity::kWarning, path, std::move(message));
  }

  // "file:line:col" of `path`, or its local field path when positions are unknown.
  std::string Where(const std::string& path) const {
    if (source_map_ == nullptr) return path;
    const SourceLocation where = source_map_->Locate(path);
    if (where.line > 0) return absl::StrCat(where.file, ":", where.line, ":", where.column);
    if (!where.file.empty()) return absl::StrCat(where.file, ": ", source_map_->LocalPath(path));
    return source_map_->LocalPath(path);
  }

  bool CheckLength(const std::string& path, absl::string_view value) {
    if (value.size() <= options_.max_string_length) return true;
    Error(path, absl::StrCat("is ", value.size(), " bytes, longer than the limit of ",
                             options_.max_string_length, " (CompileOptions::max_string_length)"));
    return false;
  }

  bool CheckId(const std::string& path, absl::string_view id) {
    if (id.empty()) {
      Error(path, "required");
      return false;
    }
    if (!CheckLength(path, id)) return false;
    static const LazyRE2 kId = {R"([A-Za-z0-9._:/-]+)"};
    if (!RE2::FullMatch(re2::StringPiece(id.data(), id.size()), *kId)) {
      Error(path, absl::StrCat("invalid id ", Quote(id), ": use letters, digits and . _ : / -"));
      return false;
    }
    return true;
  }

  // Checks `id` and records it in `first_paths` (id -> path of its first definition);
  // a second definition is reported with the first one's location. True when new and valid.
  bool RegisterId(const std::string& path, const std::string& id, absl::string_view kind,
                  absl::string_view scope,
                  absl::flat_hash_map<std::string, std::string>* first_paths) {
    if (!CheckId(path, id)) return false;
    auto [it, inserted] = first_paths->emplace(id, path);
    if (!inserted) {
      Error(path, absl::StrCat("duplicate ", kind, " id ", Quote(id), scope, " (first defined at ",
                               Where(it->second), ")"));
    }
    return inserted;
  }

  bool CheckLimit(const std::string& path, size_t count, size_t limit, absl::string_view what,
                  absl::string_view option) {
    if (count <= limit) return true;
    Error(path, absl::StrCat(count, " ", what, " exceed the limit of ", limit,
                             " (CompileOptions::", option, ")"));
    return false;
  }

  // ---- Entities -------------------------------------------------------------

  void CompileEntities() {
    if (!CheckLimit("entities", bundle_.entities_size(), options_.max_entities, "entities",
                    "max_entities")) {
      return;
    }
    absl::flat_hash_map<std::string, std::string> alias_paths;
    absl::flat_hash_map<std::string, std::string> namespace_paths;
    absl::flat_hash_map<std::string, std::string> first_paths;
    for (int i = 0; i < bundle_.entities_size(); ++i) {
      const v1::Entity& entity = bundle_.entities(i);
      const std::string path = absl::StrCat("entities[", i, "]");
      const uint32_t index = static_cast<uint32_t>(index_->entity_ids.size());
      if (RegisterId(path + ".id", entity.id(), "entity", "", &first_paths)) {
        entity_index_.emplace(entity.id(), index);
      }
      index_->entity_ids.push_back(entity.id());
      if (entity.name().empty()) Error(path + ".name", "required");
      CheckLimit(path + ".aliases", entity.aliases_size(), options_.max_aliases_per_entity,
                 "aliases", "max_aliases_per_entity");
      std::vector<std::pair<std::string, absl::string_view>> names;
      if (!entity.name().empty()) names.emplace_back(path + ".name", entity.name());
      for (int a = 0; a < entity.aliases_size(); ++a) {
        names.emplace_back(absl::StrCat(path, ".aliases[", a, "]"), entity.aliases(a));
      }
      for (const auto& [name_path, name] : names) {
        if (!CheckLength(name_path, name)) continue;
        std::string key(StripLegalForms(NormalizeNameToString(name)));
        if (key.empty()) {
          Error(name_path, absl::StrCat(Quote(name), " has no letters or digits"));
          continue;
        }
        auto [it, inserted] = index_->entity_by_alias.emplace(key, index);
        if (inserted) {
          alias_paths.emplace(key, name_path);
        } else if (it->second != index) {
          Error(name_path, absl::StrCat(Quote(name), " (normalised ", Quote(key),
                                        ") already names entity ",
                                        Quote(index_->entity_ids[it->second]), " at ",
                                        Where(alias_paths[key])));
        }
      }
      CheckLimit(path + ".package_namespaces", entity.package_namespaces_size(),
                 options_.max_aliases_per_entity, "package namespaces", "max_aliases_per_entity");
      for (int n = 0; n < entity.package_namespaces_size(); ++n) {
        const std::string namespace_path = absl::StrCat(path, ".package_namespaces[", n, "]");
        const std::string& text = entity.package_namespaces(n);
        if (!CheckLength(namespace_path, text)) continue;
        absl::StatusOr<std::string> key = ParsePackageNamespace(text);
        if (!key.ok()) {
          Error(namespace_path, std::string(key.status().message()));
          continue;
        }
        auto [it, inserted] = index_->entity_by_package_namespace.emplace(*key, index);
        if (inserted) {
          namespace_paths.emplace(*key, namespace_path);
        } else if (it->second != index) {
          Error(namespace_path, absl::StrCat(Quote(text), " already names entity ",
                                             Quote(index_->entity_ids[it->second]), " at ",
                                             Where(namespace_paths[*key])));
        }
      }
    }
    CompileRelations();
  }

  void CompileRelations() {
    graph_ = EntityGraph(index_->entity_ids.size());
    for (int i = 0; i < bundle_.entities_size(); ++i) {
      const v1::Entity& entity = bundle_.entities(i);
      for (int r = 0; r < entity.relations_size(); ++r) {
        const v1::Relation& relation = entity.relations(r);
        const std::string path = absl::StrCat("entities[", i, "].relations[", r, "]");
        if (relation.kind() == v1::RELATION_KIND_UNSPECIFIED || !v1::RelationKind_IsValid(relation.kind())) {
          Error(path + ".kind", "required: SUBSIDIARY_OF, PARENT_OF, CONTROLLED_BY, CONTROLS, "
                                "MAJORITY_OWNED_BY or SUCCESSOR_OF");
          continue;
        }
        auto other = entity_index_.find(relation.entity());
        if (relation.entity().empty()) {
          Error(path + ".entity", "required");
          continue;
        }
        if (other == entity_index_.end()) {
          Error(path + ".entity", absl::StrCat("unknown entity ", Quote(relation.entity())));
          continue;
        }
        const uint32_t self = static_cast<uint32_t>(i);
        if (other->second == self) {
          Error(path + ".entity", absl::StrCat("an entity cannot relate to itself (", Quote(entity.id()), ")"));
          continue;
        }
        switch (relation.kind()) {
          case v1::SUBSIDIARY_OF:
          case v1::CONTROLLED_BY:
          case v1::MAJORITY_OWNED_BY:
            graph_.AddControl(other->second, self, path);
            break;
          case v1::PARENT_OF:
          case v1::CONTROLS:
            graph_.AddControl(self, other->second, path);
            break;
          default:  // SUCCESSOR_OF
            graph_.AddSuccession(other->second, self, path);
            break;
        }
      }
    }
    for (const EntityGraph::Cycle& cycle : graph_.FindCycles(index_->entity_ids)) {
      Error(cycle.path, cycle.message);
    }
  }

  // ---- Policies and rules ---------------------------------------------------

  void CompilePolicies() {
    if (!CheckLimit("policies", bundle_.policies_size(), options_.max_policies, "policies",
                    "max_policies")) {
      return;
    }
    size_t total_rules = 0;
    size_t total_steps = 0;
    for (const v1::Policy& policy : bundle_.policies()) {
      total_rules += policy.rules_size();
      for (const v1::Rule& rule : policy.rules()) total_steps += rule.steps_size();
    }
    if (!CheckLimit("policies", total_rules, options_.max_rules, "rules", "max_rules")) return;
    index_->rules.reserve(total_rules);
    index_->steps.reserve(total_steps);
    pending_rules_.reserve(total_rules);
    for (int i = 0; i < bundle_.policies_size(); ++i) CompilePolicy(i);
  }

  void CompileScopeTags(const std::string& path, const google::protobuf::RepeatedPtrField<std::string>& tags,
                        const LazyRE2& pattern, absl::string_view expected,
                        std::vector<std::string>* out) {
    for (int t = 0; t < tags.size(); ++t) {
      const std::string& tag = tags.Get(t);
      if (!RE2::FullMatch(tag, *pattern)) {
        Error(absl::StrCat(path, "[", t, "]"),
              absl::StrCat("invalid tag ", Quote(tag), ": expected ", expected));
        continue;
      }
      out->push_back(tag);
    }
  }

  void CompilePolicy(int i) {
    const v1::Policy& policy = bundle_.policies(i);
    const std::string path = absl::StrCat("policies[", i, "]");
    const uint32_t policy_index = static_cast<uint32_t>(index_->policies.size());
    if (RegisterId(path + ".id", policy.id(), "policy", "", &policy_first_paths_)) {
      policy_index_.emplace(policy.id(), policy_index);
    }
    PolicyInfo info;
    info.id = policy.id();
    info.title = policy.title();
    info.authority = policy.authority();
    info.citation = policy.citation();
    info.source_url = policy.source_url();
    info.advisory = policy.binding() == v1::ADVISORY;
    if (policy.citation().empty()) Error(path + ".citation", "required");
    if (policy.binding() == v1::BINDING_UNSPECIFIED) {
      Error(path + ".binding", "required: BINDING or ADVISORY");
    }
    static const LazyRE2 kJurisdiction = {R"([A-Z]{2}(-[A-Z0-9]{1,3})?)"};
    static const LazyRE2 kOrganizationKind = {R"([a-z0-9]+(-[a-z0-9]+)*)"};
    CompileScopeTags(path + ".scope.jurisdictions", policy.scope().jurisdictions(), kJurisdiction,
                     "an ISO 3166 code such as \"US\" or \"US-TX\"", &info.jurisdictions);
    CompileScopeTags(path + ".scope.organization_kinds", policy.scope().organization_kinds(),
                     kOrganizationKind, "lowercase words joined by hyphens",
                     &info.organization_kinds);
    const absl::optional<uint64_t> jurisdiction_mask = index_->jurisdiction_tags.Add(info.jurisdictions);
    const absl::optional<uint64_t> kind_mask =
        index_->organization_kind_tags.Add(info.organization_kinds);
    info.scope_masked = jurisdiction_mask.has_value() && kind_mask.has_value();
    info.jurisdiction_mask = jurisdiction_mask.value_or(0);
    info.organization_kind_mask = kind_mask.value_or(0);
    absl::optional<std::pair<absl::CivilSecond, absl::TimeZone>> issued;
    if (policy.has_issued()) {
      issued = ParseCivilInstant(path + ".issued", policy.issued());
    }
    for (int p = 0; p < policy.exemption_purposes_size(); ++p) {
      if (policy.exemption_purposes(p) == v1::PURPOSE_UNSPECIFIED) {
        Error(absl::StrCat(path, ".exemption_purposes[", p, "]"),
              "PURPOSE_UNSPECIFIED is not a purpose");
      }
    }
    if (policy.max_exemption_days() < 0) {
      Error(path + ".max_exemption_days",
            absl::StrCat("must not be negative (0 means no limit), got ",
                         policy.max_exemption_days()));
    }
    if (policy.rules_size() == 0) Error(path + ".rules", "a policy needs at least one rule");
    index_->policies.push_back(std::move(info));

    absl::flat_hash_map<std::string, std::string> rule_first_paths;
    for (int r = 0; r < policy.rules_size(); ++r) {
      const std::string rule_path = absl::StrCat(path, ".rules[", r, "]");
      RegisterId(rule_path + ".id", policy.rules(r).id(), "rule",
                 absl::StrCat(" in policy ", Quote(policy.id())), &rule_first_paths);
      CompileRule(policy_index, issued, rule_path, policy.rules(r));
    }
  }

  // Parses a CivilInstant, reporting errors under `path`.
  absl::optional<std::pair<absl::CivilSecond, absl::TimeZone>> ParseCivilInstant(
      const std::string& path, const v1::CivilInstant& instant) {
    absl::StatusOr<absl::CivilSecond> civil = ParseCivilDateTime(instant.date(), instant.time());
    if (!civil.ok()) {
      const bool date_problem = instant.date().empty() || !ParseCivilDateTime(instant.date(), "").ok();
      Error(path + (date_problem ? ".date" : ".time"), std::string(civil.status().message()));
    }
    absl::StatusOr<absl::TimeZone> zone = zones_.Load(instant.zone());
    if (!zone.ok()) Error(path + ".zone", std::string(zone.status().message()));
    if (!civil.ok() || !zone.ok()) return absl::nullopt;
    return std::make_pair(*civil, *zone);
  }

  bool CheckOffset(const std::string& path, const v1::Offset& offset) {
    if (offset.days() < 0 || offset.hours() < 0 || offset.minutes() < 0) {
      Error(path, "offsets must not be negative");
      return false;
    }
    return true;
  }

  absl::optional<ProductPattern> CompileProduct(const std::string& path,
                                                const v1::ProductMatch& match) {
    static constexpr absl::string_view kKindNames[] = {"", "exact", "prefix", "regex"};
    const std::string field_path =
        match.kind_case() == v1::ProductMatch::KIND_NOT_SET
            ? path
            : absl::StrCat(path, ".", kKindNames[match.kind_case()]);
    absl::StatusOr<ProductPattern> pattern =
        ProductPattern::Create(match, options_.max_string_length, &regexes_);
    if (!pattern.ok()) {
      Error(field_path, std::string(pattern.status().message()));
      return absl::nullopt;
    }
    return *std::move(pattern);
  }

  // Compiles the parts of a selector other than its primary product.
  bool CompileSelectorParts(const std::string& path, const v1::Selector& select,
                            std::vector<uint32_t>* entities, std::vector<ProductPattern>* exclusions,
                            VersionRange* version,
                            std::shared_ptr<const PackageSelector>* package) {
    bool ok = true;
    if (select.has_package()) {
      if (!select.entity().empty() || select.has_product() || select.exclude_products_size() > 0 ||
          select.has_version()) {
        Error(path + ".package",
              "cannot be combined with entity, product, exclude_products or version (put "
              "versions in package.vers)");
        ok = false;
      }
      std::string failed_field;
      absl::StatusOr<PackageSelector> compiled = PackageSelector::Create(select.package(), &failed_field);
      if (compiled.ok()) {
        *package = std::make_shared<const PackageSelector>(*std::move(compiled));
      } else {
        Error(absl::StrCat(path, ".package.", failed_field), std::string(compiled.status().message()));
        ok = false;
      }
    }
    entities->clear();
    EntityGraph::Reach reach;
    reach.subsidiaries = select.include_subsidiaries();
    reach.affiliates = select.include_affiliates();
    reach.successors = select.include_successors();
    if (select.entity().empty() && (reach.subsidiaries || reach.affiliates || reach.successors)) {
      Error(path, "include_subsidiaries, include_affiliates and include_successors need an entity");
      ok = false;
    }
    if (!select.entity().empty()) {
      auto it = entity_index_.find(select.entity());
      if (it == entity_index_.end()) {
        Error(path + ".entity", absl::StrCat("unknown entity ", Quote(select.entity())));
        ok = false;
      } else {
        *entities = graph_.Closure(it->second, reach);
      }
    }
    for (int e = 0; e < select.exclude_products_size(); ++e) {
      absl::optional<ProductPattern> exclusion = CompileProduct(
          absl::StrCat(path, ".exclude_products[", e, "]"), select.exclude_products(e));
      if (exclusion.has_value()) {
        exclusions->push_back(*std::move(exclusion));
      } else {
        ok = false;
      }
    }
    if (select.has_version()) {
      absl::StatusOr<VersionRange> range = VersionRange::Create(select.version());
      if (range.ok()) {
        *version = *std::move(range);
      } else {
        Error(path + ".version", std::string(range.status().message()));
        ok = false;
      }
    }
    return ok;
  }

  std::shared_ptr<const CompiledCpe> CompileCpe(const std::string& path, const v1::CpeMatch& match) {
    auto cpe = std::make_shared<CompiledCpe>();
    cpe->buffer = std::make_unique<CpeBuffer>();
    if (match.criteria().empty()) {
      Error(path + ".criteria", "required");
      return nullptr;
    }
    const char* problem = ParseCpe(match.criteria(), cpe->buffer.get(), &cpe->criteria);
    if (problem != nullptr) {
      Error(path + ".criteria", absl::StrCat(Quote(match.criteria()), ": ", problem));
      return nullptr;
    }
    if (!match.version_start_including().empty() && !match.version_start_excluding().empty()) {
      Error(path, "version_start_including and version_start_excluding are exclusive");
      return nullptr;
    }
    if (!match.version_end_including().empty() && !match.version_end_excluding().empty()) {
      Error(path, "version_end_including and version_end_excluding are exclusive");
      return nullptr;
    }
    v1::VersionRange bounds;
    bounds.set_scheme(match.scheme());
    bounds.set_min(match.version_start_including().empty() ? match.version_start_excluding()
                                                           : match.version_start_including());
    bounds.set_min_exclusive(!match.version_start_excluding().empty());
    bounds.set_max(match.version_end_including().empty() ? match.version_end_excluding()
                                                         : match.version_end_including());
    bounds.set_max_inclusive(!match.version_end_including().empty());
    absl::StatusOr<VersionRange> range = VersionRange::Create(bounds);
    if (!range.ok()) {
      Error(path, std::string(range.status().message()));
      return nullptr;
    }
    if (!range->unbounded() && cpe->criteria.attributes[kCpeVersion].kind != CpeAttribute::Kind::kAny) {
      Error(path, "version bounds need the criteria's version to be * (ANY), as in NVD match criteria");
      return nullptr;
    }
    cpe->bounds = *std::move(range);
    return cpe;
  }

  // Validates a selector's identifiers; `described` gets "sha256 ab12..., team_id ...".
  void CompileIdentifiers(const std::string& path, const v1::Selector& select,
                          std::vector<IdentifierSelector>* out, std::string* described) {
    if (select.identifiers_size() > 0 && select.has_package()) {
      Error(path + ".identifiers", "cannot be combined with package");
    }
    std::vector<std::string> descriptions;
    for (int i = 0; i < select.identifiers_size(); ++i) {
      const v1::IdentifierMatch& match = select.identifiers(i);
      const std::string item = absl::StrCat(path, ".identifiers[", i, "]");
      IdentifierSelector compiled;
      absl::string_view value;
      std::string field;
      using Kind = v1::IdentifierMatch;
      switch (match.kind_case()) {
        case Kind::kSha256: compiled.kind = IdentifierKind::kSha256; value = match.sha256(); field = "sha256"; break;
        case Kind::kSha1: compiled.kind = IdentifierKind::kSha1; value = match.sha1(); field = "sha1"; break;
        case Kind::kCertificateThumbprint:
          compiled.kind = IdentifierKind::kCertificateThumbprint;
          value = match.certificate_thumbprint();
          field = "certificate_thumbprint";
          break;
        case Kind::kTeamId: compiled.kind = IdentifierKind::kTeamId; value = match.team_id(); field = "team_id"; break;
        case Kind::kSigningId:
          compiled.kind = IdentifierKind::kSigningId;
          value = match.signing_id();
          field = "signing_id";
          break;
        case Kind::kMsiProductCode:
          compiled.kind = IdentifierKind::kMsiProductCode;
          value = match.msi_product_code();
          field = "msi_product_code";
          break;
        case Kind::kMsiUpgradeCode:
          compiled.kind = IdentifierKind::kMsiUpgradeCode;
          value = match.msi_upgrade_code();
          field = "msi_upgrade_code";
          break;
        case Kind::kBundleIdPrefix:
          compiled.index = IdentifierSelector::Index::kBundlePrefix;
          compiled.kind = IdentifierKind::kBundleId;
          value = match.bundle_id_prefix();
          field = "bundle_id_prefix";
          break;
        case Kind::kInstallPathPrefix:
          compiled.index = IdentifierSelector::Index::kPathPrefix;
          compiled.kind = IdentifierKind::kInstallPath;
          value = match.install_path_prefix();
          field = "install_path_prefix";
          break;
        case Kind::kInstallPathGlob:
          compiled.index = IdentifierSelector::Index::kPathGlob;
          compiled.kind = IdentifierKind::kInstallPath;
          value = match.install_path_glob();
          field = "install_path_glob";
          break;
        case Kind::kCpe: {
          std::shared_ptr<const CompiledCpe> cpe = CompileCpe(item + ".cpe", match.cpe());
          if (cpe == nullptr) continue;
          compiled.index = IdentifierSelector::Index::kCpe;
          compiled.cpe = std::move(cpe);
          descriptions.push_back(absl::StrCat("cpe ", match.cpe().criteria()));
          out->push_back(std::move(compiled));
          continue;
        }
        case Kind::kSignerSubject: {
          compiled.index = IdentifierSelector::Index::kSigner;
          compiled.key = std::string(StripLegalForms(NormalizeNameToString(match.signer_subject())));
          if (compiled.key.empty()) {
            Error(item + ".signer_subject", absl::StrCat(Quote(match.signer_subject()), " has no letters or digits"));
            continue;
          }
          descriptions.push_back(absl::StrCat("signer ", compiled.key));
          out->push_back(std::move(compiled));
          continue;
        }
        default:
          Error(item, "required: one of sha256, sha1, signer_subject, certificate_thumbprint, team_id, "
                      "signing_id, bundle_id_prefix, msi_product_code, msi_upgrade_code, "
                      "install_path_prefix, install_path_glob");
          continue;
      }
      char normal[kMaxIdentifierBytes];
      size_t length = 0;
      const char* problem = NormalizeIdentifier(compiled.kind, value, normal, &length);
      if (problem != nullptr) {
        Error(absl::StrCat(item, ".", field), absl::StrCat(Quote(value), ": ", problem));
        continue;
      }
      compiled.key.assign(normal, length);
      if (compiled.index == IdentifierSelector::Index::kPathGlob) {
        std::string regex;
        std::string key_segment;
        problem = InstallPathGlobToRegex(compiled.key, &regex, &key_segment, &compiled.glob_segments);
        if (problem != nullptr) {
          Error(absl::StrCat(item, ".", field), absl::StrCat(Quote(value), ": ", problem));
          continue;
        }
        RE2::Options options;
        options.set_log_errors(false);
        options.set_max_mem(options_.regex_max_mem);
        auto glob = std::make_shared<const RE2>(regex, options);
        if (!glob->ok()) {
          Error(absl::StrCat(item, ".", field), absl::StrCat(Quote(value), ": ", glob->error()));
          continue;
        }
        compiled.glob = std::move(glob);
        descriptions.push_back(absl::StrCat(field, " ", compiled.key));
        compiled.key = std::move(key_segment);
      } else {
        descriptions.push_back(absl::StrCat(field, " ", compiled.key));
      }
      out->push_back(std::move(compiled));
    }
    if (!descriptions.empty()) *described = absl::StrJoin(descriptions, ", ");
  }

  void CompileRule(uint32_t policy_index,
                   const absl::optional<std::pair<absl::CivilSecond, absl::TimeZone>>& issued,
                   const std::string& path, const v1::Rule& rule) {
    RuleInfo info;
    info.policy = policy_index;
    info.id = rule.id();
    info.citation = rule.citation();
    PendingRule pending;
    if (!rule.has_select()) {
      Error(path + ".select", "required");
    } else {
      const v1::Selector& select = rule.select();
      CompileSelectorParts(path + ".select", select, &pending.entities, &info.exclusions,
                           &info.version, &info.package);
      if (select.has_product()) {
        pending.product = CompileProduct(path + ".select.product", select.product());
      }
      CompileIdentifiers(path + ".select", select, &pending.identifiers, &info.matched_value);
      info.include_components = select.include_components();
      if (info.include_components) index_->has_component_rules = true;
      if (select.entity().empty() && !select.has_product() && !select.has_package() &&
          select.identifiers_size() == 0) {
        Error(path + ".select",
              "must name an entity, a product, a package or an identifier: a rule matching every "
              "artifact is not allowed");
      }
      if (select.identifiers_size() > 0) {
        info.basis = v1::IDENTIFIER;
        if (!pending.entities.empty() || pending.product.has_value()) {
          auto residual = std::make_shared<SelectorMatcher>();
          residual->entities = pending.entities;
          residual->product = pending.product;
          info.residual = std::move(residual);
        }
      } else if (select.has_package()) {
        info.basis = v1::PACKAGE_URL;
        if (info.package != nullptr) info.matched_value = info.package->description();
      } else if (pending.product.has_value()) {
        info.basis = pending.product->basis();
        info.matched_value = pending.product->value();
        WarnIfSelfExcluded(path, *pending.product, info.exclusions);
      } else {
        info.basis = v1::ENTITY;
        info.matched_value = select.entity();
      }
    }
    CompileActions(path, rule, &info);
    CompileSteps(path, rule, issued, &info);
    index_->rules.push_back(std::move(info));
    pending_rules_.push_back(std::move(pending));
  }

  void WarnIfSelfExcluded(const std::string& path, const ProductPattern& product,
                          const std::vector<ProductPattern>& exclusions) {
    if (product.basis() != v1::PRODUCT_EXACT) return;
    for (size_t e = 0; e < exclusions.size(); ++e) {
      if (exclusions[e].Matches(product.value(), absl::string_view(product.value()))) {
        Warning(path, absl::StrCat("rule can never fire: its product ", Quote(product.value()),
                                   " is excluded by select.exclude_products[", e, "]"));
        return;
      }
    }
  }

  void CompileActions(const std::string& path, const v1::Rule& rule, RuleInfo* info) {
    if (rule.actions_size() == 0) {
      Error(path + ".actions", "at least one action is required");
      return;
    }
    for (int a = 0; a < rule.actions_size(); ++a) {
      const int action = rule.actions(a);
      const std::string action_path = absl::StrCat(path, ".actions[", a, "]");
      if (action == v1::ACTION_UNSPECIFIED) {
        Error(action_path, "ACTION_UNSPECIFIED is not an action");
      } else if (info->action_mask & (1u << action)) {
        Error(action_path, absl::StrCat("duplicate action ", v1::Action_Name(action)));
      }
      info->action_mask |= 1u << action;
    }
  }

  void CompileSteps(const std::string& path,
                    const v1::Rule& rule,
                    const absl::optional<std::pair<absl::CivilSecond, absl::TimeZone>>& issued,
                    RuleInfo* info) {
    info->first_step = static_cast<uint32_t>(index_->steps.size());
    if (rule.steps_size() == 0) {
      Error(path + ".steps", "at least one step is required");
      return;
    }
    if (!CheckLimit(path + ".steps", rule.steps_size(), options_.max_steps_per_rule, "steps",
                    "max_steps_per_rule")) {
      return;
    }
    const bool first_relative = rule.steps(0).has_after_first_seen();
    info->relative_to_first_seen = first_relative;
    bool all_allow = true;
    bool ordered = true;
    for (int s = 0; s < rule.steps_size(); ++s) {
      const v1::Step& step = rule.steps(s);
      const std::string step_path = absl::StrCat(path, ".steps[", s, "]");
      StepInfo info_step;
      info_step.verdict = step.verdict();
      if (!step.label().empty()) {
        auto [label, inserted] = step_label_index_.emplace(step.label(), static_cast<uint32_t>(index_->step_labels.size()));
        if (inserted) index_->step_labels.push_back(step.label());
        info_step.label = label->second;
      }
      if (step.verdict() == v1::VERDICT_UNSPECIFIED) {
        Error(step_path + ".verdict", "required: ALLOW, WARN or DENY");
      }
      all_allow = all_allow && step.verdict() == v1::ALLOW;
      bool resolved = false;
      switch (step.from_case()) {
        case v1::Step::kAt: {
          auto at = ParseCivilInstant(step_path + ".at", step.at());
          if (at.has_value()) {
            info_step.at = absl::FromCivil(at->first, at->second);
            resolved = true;
          }
          break;
        }
        case v1::Step::kAfterIssue: {
          if (!CheckOffset(step_path + ".after_issue", step.after_issue())) break;
          if (!issued.has_value()) {
            Error(step_path + ".after_issue",
                  "the policy has no valid issued instant to count from");
            break;
          }
          const v1::Offset& offset = step.after_issue();
          const absl::CivilSecond& base = issued->first;
          const absl::CivilSecond civil(base.year(), base.month(), base.day() + offset.days(),
                                        base.hour() + offset.hours(),
                                        base.minute() + offset.minutes(), base.second());
          info_step.at = absl::FromCivil(civil, issued->second);
          resolved = true;
          break;
        }
        case v1::Step::kAfterFirstSeen: {
          if (!CheckOffset(step_path + ".after_first_seen", step.after_first_seen())) break;
          const v1::Offset& offset = step.after_first_seen();
          info_step.after_first_seen = absl::Hours(24) * offset.days() +
                                       absl::Hours(offset.hours()) +
                                       absl::Minutes(offset.minutes());
          resolved = true;
          break;
        }
        case v1::Step::FROM_NOT_SET:
          Error(step_path, "one of at, after_issue or after_first_seen is required");
          break;
      }
      if (step.from_case() != v1::Step::FROM_NOT_SET &&
          step.has_after_first_seen() != first_relative) {
        Error(step_path, absl::StrCat("mixes offsets from first sight with absolute instants "
                                      "(steps[0] is ",
                                      first_relative ? "after_first_seen" : "absolute", ")"));
        resolved = false;
      }
      ordered = ordered && resolved;
      if (ordered && s > 0) {
        const StepInfo& previous = index_->steps.back();
        const bool later = first_relative ? info_step.after_first_seen > previous.after_first_seen
                                          : info_step.at > previous.at;
        if (!later) {
          Error(step_path,
                first_relative
                    ? absl::StrCat("starts ", absl::FormatDuration(info_step.after_first_seen),
                                   " after first sight, not after the previous step (",
                                   absl::FormatDuration(previous.after_first_seen), ")")
                    : absl::StrCat("starts at ", FormatInstant(info_step.at),
                                   ", not after the previous step (",
                                   FormatInstant(previous.at), "): steps must be in time order"));
          ordered = false;
        }
      }
      index_->steps.push_back(std::move(info_step));
    }
    info->step_count = static_cast<uint32_t>(rule.steps_size());
    if (all_allow) Warning(path, "rule can never fire: every step's verdict is ALLOW");
  }

  // ---- Exemptions -----------------------------------------------------------

  void CompileExemptions() {
    if (!CheckLimit("exemptions", bundle_.exemptions_size(), options_.max_exemptions,
                    "exemptions", "max_exemptions")) {
      return;
    }
    absl::flat_hash_map<std::string, std::string> first_paths;
    for (int i = 0; i < bundle_.exemptions_size(); ++i) {
      const v1::Exemption& exemption = bundle_.exemptions(i);
      const std::string path = absl::StrCat("exemptions[", i, "]");
      RegisterId(path + ".id", exemption.id(), "exemption", "", &first_paths);
      CompileExemption(path, exemption);
    }
  }

  void CompileExemption(const std::string& path, const v1::Exemption& exemption) {
    ExemptionInfo info;
    info.id = exemption.id();
    info.approved_by = exemption.approved_by();
    info.reference = exemption.reference();
    info.purpose = exemption.purpose();
    bool ok = true;

    // Target policy and rules.
    const v1::Policy* policy = nullptr;
    std::vector<uint32_t> rules;
    if (!exemption.has_exempts() || exemption.exempts().policy().empty()) {
      Error(path + ".exempts.policy", "required");
      ok = false;
    } else {
      auto it = policy_index_.find(exemption.exempts().policy());
      if (it == policy_index_.end()) {
        Error(path + ".exempts.policy",
              absl::StrCat("unknown policy ", Quote(exemption.exempts().policy())));
        ok = false;
      } else {
        info.policy = it->second;
        policy = &bundle_.policies(static_cast<int>(it->second));
        ok = ResolveExemptRules(path, exemption, *policy, &rules) && ok;
      }
    }

    // Purpose.
    if (exemption.purpose() == v1::PURPOSE_UNSPECIFIED) {
      Error(path + ".purpose", "required");
      ok = false;
    } else if (policy != nullptr &&
               std::find(policy->exemption_purposes().begin(), policy->exemption_purposes().end(),
                         exemption.purpose()) == policy->exemption_purposes().end()) {
      std::vector<std::string> permitted;
      for (int p : policy->exemption_purposes()) permitted.push_back(v1::Purpose_Name(p));
      Error(path + ".purpose",
            absl::StrCat(v1::Purpose_Name(exemption.purpose()), " is not permitted by policy ",
                         Quote(policy->id()),
                         permitted.empty() ? " (it permits no exemptions)"
                                           : absl::StrCat(" (it permits ",
                                                          absl::StrJoin(permitted, ", "), ")")));
      ok = false;
    }

    // Coverage.
    for (int a = 0; a < exemption.assets_size(); ++a) {
      const std::string asset_path = absl::StrCat(path, ".assets[", a, "]");
      if (exemption.assets(a).empty()) {
        Error(asset_path, "empty asset id");
        ok = false;
      } else if (CheckLength(asset_path, exemption.assets(a))) {
        info.assets.push_back(exemption.assets(a));
      }
    }
    std::sort(info.assets.begin(), info.assets.end());
    for (int u = 0; u < exemption.org_units_size(); ++u) {
      const std::string& unit = exemption.org_units(u);
      const std::string unit_path = absl::StrCat(path, ".org_units[", u, "]");
      const std::vector<absl::string_view> parts = absl::StrSplit(unit, '/');
      if (std::any_of(parts.begin(), parts.end(), [](absl::string_view p) { return p.empty(); })) {
        Error(unit_path, absl::StrCat("invalid org unit ", Quote(unit),
                                      ": expected non-empty names joined by '/'"));
        ok = false;
      } else if (CheckLength(unit_path, unit)) {
        info.org_units.push_back(unit);
      }
    }
    info.blanket = exemption.assets_size() == 0 && exemption.org_units_size() == 0;
    if (info.blanket && policy != nullptr && !policy->allow_blanket_exemptions()) {
      Error(path, absl::StrCat("blanket exemption (no assets or org_units) is not allowed by "
                               "policy ",
                               Quote(policy->id()), " (allow_blanket_exemptions is false)"));
      ok = false;
    }

    ok = CompileWindow(path, exemption, policy, &info) && ok;

    if (exemption.has_artifacts()) {
      if (exemption.artifacts().include_components()) {
        Error(path + ".artifacts.include_components",
              "an exemption's artifact subset applies to what its rules matched; it does not look "
              "into components");
        ok = false;
      }
      SelectorMatcher matcher;
      bool selector_ok = CompileSelectorParts(path + ".artifacts", exemption.artifacts(),
                                              &matcher.entities, &matcher.exclusions,
                                              &matcher.version, &matcher.package);
      std::string described;
      const size_t errors_before = issues_.size();
      CompileIdentifiers(path + ".artifacts", exemption.artifacts(), &matcher.identifiers, &described);
      selector_ok = selector_ok && issues_.size() == errors_before;
      if (exemption.artifacts().has_product()) {
        matcher.product = CompileProduct(path + ".artifacts.product", exemption.artifacts().product());
        selector_ok = selector_ok && matcher.product.has_value();
      }
      info.artifacts = std::move(matcher);
      ok = ok && selector_ok;
    }

    if (ok) WarnIfUseless(path, info, rules);
    exemption_rules_.push_back(std::move(rules));
    index_->exemptions.push_back(std::move(info));
  }

  bool ResolveExemptRules(const std::string& path, const v1::Exemption& exemption,
                          const v1::Policy& policy, std::vector<uint32_t>* rules) {
    const uint32_t first_rule = policy_first_rule(exemption.exempts().policy());
    if (exemption.exempts().rules_size() == 0) {
      for (int r = 0; r < policy.rules_size(); ++r) rules->push_back(first_rule + r);
      return true;
    }
    bool ok = true;
    for (int r = 0; r < exemption.exempts().rules_size(); ++r) {
      const std::string& id = exemption.exempts().rules(r);
      int found = -1;
      for (int k = 0; k < policy.rules_size(); ++k) {
        if (policy.rules(k).id() == id) found = k;
      }
      if (found < 0) {
        Error(absl::StrCat(path, ".exempts.rules[", r, "]"),
              absl::StrCat("unknown rule ", Quote(id), " in policy ", Quote(policy.id())));
        ok = false;
      } else if (std::find(rules->begin(), rules->end(), first_rule + found) == rules->end()) {
        rules->push_back(first_rule + static_cast<uint32_t>(found));
      }
    }
    return ok;
  }

  // Index of the first rule of the policy with `id` in index_->rules.
  uint32_t policy_first_rule(const std::string& id) {
    uint32_t first = 0;
    for (const v1::Policy& policy : bundle_.policies()) {
      if (policy.id() == id) return first;
      first += static_cast<uint32_t>(policy.rules_size());
    }
    return first;
  }

  bool CompileWindow(const std::string& path, const v1::Exemption& exemption,
                     const v1::Policy* policy, ExemptionInfo* info) {
    if (!exemption.has_valid()) {
      Error(path + ".valid", "required");
      return false;
    }
    const v1::Window& window = exemption.valid();
    absl::StatusOr<absl::TimeZone> zone = zones_.Load(window.zone());
    if (!zone.ok()) Error(path + ".valid.zone", std::string(zone.status().message()));
    absl::StatusOr<absl::CivilSecond> from = ParseCivilTimestamp(window.from());
    if (!from.ok()) Error(path + ".valid.from", std::string(from.status().message()));
    absl::optional<absl::CivilSecond> until;
    if (!window.until().empty()) {
      absl::StatusOr<absl::CivilSecond> parsed = ParseCivilTimestamp(window.until());
      if (parsed.ok()) {
        until = *parsed;
      } else {
        Error(path + ".valid.until", std::string(parsed.status().message()));
        return false;
      }
    }
    if (!from.ok()) return false;
    const int max_days = policy != nullptr ? policy->max_exemption_days() : 0;
    if (!until.has_value() && max_days > 0) {
      Error(path + ".valid.until", absl::StrCat("required: policy ", Quote(policy->id()),
                                                " caps exemptions at ", max_days, " days"));
      return false;
    }
    if (until.has_value() && *until <= *from) {
      Error(path + ".valid", absl::StrCat("window is empty or inverted: until ",
                                          Quote(window.until()), " is not after from ",
                                          Quote(window.from())));
      return false;
    }
    if (!zone.ok()) return false;
    info->valid_from = absl::FromCivil(*from, *zone);
    if (!until.has_value()) return true;
    info->valid_until = absl::FromCivil(*until, *zone);
    // Lengths are civil: a window across a daylight-saving change is still whole days.
    const int64_t seconds = *until - *from;
    if (max_days > 0 && seconds > int64_t{max_days} * 86400) {
      Error(path + ".valid",
            absl::StrCat("window of ", (seconds + 86399) / 86400, " days exceeds the ", max_days,
                         " days policy ", Quote(policy->id()), " allows"));
      return false;
    }
    return true;
  }

  void WarnIfUseless(const std::string& path, const ExemptionInfo& info,
                     const std::vector<uint32_t>& rules) {
    if (options_.now.has_value() && info.valid_until <= *options_.now) {
      Warning(path + ".valid",
              absl::StrCat("exemption expired at ", FormatInstant(info.valid_until)));
      return;
    }
    for (uint32_t rule : rules) {
      const RuleInfo& r = index_->rules[rule];
      if (r.relative_to_first_seen || r.step_count == 0) return;
      if (index_->steps[r.first_step].at < info.valid_until) return;
    }
    if (!rules.empty()) {
      Warning(path + ".valid",
              absl::StrCat("exemption can never apply: it ends at ",
                           FormatInstant(info.valid_until),
                           ", before any rule it names is in force"));
    }
  }

  // ---- Index ----------------------------------------------------------------

  void BuildIndex() {
    PolicyIndex& index = *index_;
    // Deterministic order of rules: (policy id, rule id).
    std::vector<uint32_t> order(index.rules.size());
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(), [&index](uint32_t a, uint32_t b) {
      const RuleInfo& x = index.rules[a];
      const RuleInfo& y = index.rules[b];
      const std::string& px = index.policies[x.policy].id;
      const std::string& py = index.policies[y.policy].id;
      if (px != py) return px < py;
      return x.id < y.id;
    });
    for (uint32_t rank = 0; rank < order.size(); ++rank) index.rules[order[rank]].rank = rank;

    // Exemptions sorted by id; each rule lists the exemptions naming it, in that order.
    std::vector<uint32_t> by_id(index.exemptions.size());
    std::iota(by_id.begin(), by_id.end(), 0u);
    std::sort(by_id.begin(), by_id.end(), [&index](uint32_t a, uint32_t b) {
      return index.exemptions[a].id < index.exemptions[b].id;
    });
    std::vector<ExemptionInfo> sorted_exemptions;
    sorted_exemptions.reserve(by_id.size());
    std::vector<std::vector<uint32_t>> exemptions_of_rule(index.rules.size());
    for (uint32_t position = 0; position < by_id.size(); ++position) {
      sorted_exemptions.push_back(std::move(index.exemptions[by_id[position]]));
      for (uint32_t rule : exemption_rules_[by_id[position]]) {
        exemptions_of_rule[rule].push_back(position);
      }
    }
    index.exemptions = std::move(sorted_exemptions);
    for (uint32_t rule = 0; rule < index.rules.size(); ++rule) {
      index.rules[rule].first_exemption = static_cast<uint32_t>(index.rule_exemptions.size());
      index.rules[rule].exemption_count = static_cast<uint32_t>(exemptions_of_rule[rule].size());
      index.rule_exemptions.insert(index.rule_exemptions.end(), exemptions_of_rule[rule].begin(),
                                   exemptions_of_rule[rule].end());
    }

    RulePlacer placer(&index, options_.regex_max_mem);
    PrefixTrie::Builder bundle_prefixes;
    PrefixTrie::Builder path_prefixes;
    for (uint32_t rule : order) {
      if (index.rules[rule].package != nullptr) {
        index.packages[index.rules[rule].package->key()].push_back(rule);
        continue;
      }
      if (!pending_rules_[rule].identifiers.empty()) {
        PlaceIdentifiers(rule, pending_rules_[rule].identifiers, &bundle_prefixes, &path_prefixes);
        continue;
      }
      const PendingRule& pending = pending_rules_[rule];
      const ProductPattern* product = pending.product.has_value() ? &*pending.product : nullptr;
      if (pending.entities.empty()) {
        placer.Place(rule, kNoEntity, product);
      } else {
        // In the bucket of every entity it reaches: an artifact names one entity, so it
        // still meets the rule at most once.
        for (uint32_t entity : pending.entities) placer.Place(rule, entity, product);
      }
    }
    std::move(placer).Finish();
    index.bundle_id_prefixes = std::move(bundle_prefixes).Build();
    index.install_path_prefixes = std::move(path_prefixes).Build();
  }

  void PlaceIdentifiers(uint32_t rule, const std::vector<IdentifierSelector>& identifiers,
                        PrefixTrie::Builder* bundle_prefixes, PrefixTrie::Builder* path_prefixes) {
    PolicyIndex& index = *index_;
    for (const IdentifierSelector& id : identifiers) {
      switch (id.index) {
        case IdentifierSelector::Index::kExact: {
          std::string key(1 + id.key.size(), '\0');
          IdentifierKey(id.kind, id.key, &key[0]);
          std::vector<uint32_t>& rules = index.identifiers[key];
          // A rule listing one identifier twice is filed once.
          if (rules.empty() || rules.back() != rule) rules.push_back(rule);
          index.identifier_kinds |= 1u << static_cast<uint32_t>(id.kind);
          break;
        }
        case IdentifierSelector::Index::kSigner: {
          std::vector<uint32_t>& rules = index.signers[id.key];
          if (rules.empty() || rules.back() != rule) rules.push_back(rule);
          index.identifier_kinds |= PolicyIndex::kSignerBit;
          break;
        }
        case IdentifierSelector::Index::kBundlePrefix:
          bundle_prefixes->Add(id.key, rule);
          index.identifier_kinds |= 1u << static_cast<uint32_t>(IdentifierKind::kBundleId);
          break;
        case IdentifierSelector::Index::kPathPrefix:
          path_prefixes->Add(id.key, rule);
          index.identifier_kinds |= 1u << static_cast<uint32_t>(IdentifierKind::kInstallPath);
          break;
        case IdentifierSelector::Index::kCpe: {
          const uint32_t position = static_cast<uint32_t>(index.cpe_rules.size());
          index.cpe_rules.push_back({id.cpe, rule});
          char key[kMaxCpeBytes + 1];
          const absl::string_view cpe_key = CpeKey(id.cpe->criteria, key);
          if (cpe_key.empty()) {
            index.unkeyed_cpe_rules.push_back(position);
          } else {
            index.cpe_by_product[cpe_key].push_back(position);
          }
          index.identifier_kinds |= PolicyIndex::kCpeBit;
          break;
        }
        case IdentifierSelector::Index::kPathGlob: {
          const uint32_t position = static_cast<uint32_t>(index.install_path_globs.size());
          index.install_path_globs.push_back({id.glob, id.glob_segments, rule});
          // A glob whose every segment has a wildcard runs on every path.
          if (id.key.empty()) {
            index.unkeyed_install_path_globs.push_back(position);
          } else {
            index.install_path_glob_segments[id.key].push_back(position);
          }
          index.identifier_kinds |= 1u << static_cast<uint32_t>(IdentifierKind::kInstallPath);
          break;
        }
      }
    }
  }

  const v1::PolicyBundle& bundle_;
  const SourceMap* source_map_;
  const CompileOptions& options_;
  std::unique_ptr<PolicyIndex> index_;
  ProductRegexCache regexes_;
  absl::flat_hash_map<std::string, uint32_t> step_label_index_;  // Into index_->step_labels.
  std::vector<CompileIssue> issues_;
  TimeZoneCache zones_;
  absl::flat_hash_map<std::string, uint32_t> entity_index_;
  absl::flat_hash_map<std::string, uint32_t> policy_index_;
  absl::flat_hash_map<std::string, std::string> policy_first_paths_;
  std::vector<PendingRule> pending_rules_;
  EntityGraph graph_{0};
  std::vector<std::vector<uint32_t>> exemption_rules_;
};

}  // namespace

BundleCompilation CompileBundle(const v1::PolicyBundle& bundle, const SourceMap* source_map,
                                const CompileOptions& options) {
  return BundleCompiler(bundle, source_map, options).Run();
}

}  // namespace policy_internal
}  // namespace interdict
