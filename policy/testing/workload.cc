// Deterministic synthetic policy workloads over real software names.
#include "policy/testing/workload.h"

#include <algorithm>
#include <random>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "policy/internal/legal_form.h"
#include "policy/internal/name_normalizer.h"
#include "policy/testing/software_names.h"
#include "re2/re2.h"

namespace interdict {
namespace test_support {
namespace {

constexpr size_t kRulesPerPolicy = 50;
constexpr size_t kWaiverPolicies = 200;
constexpr size_t kMaxProductOnlyRules = 10;
constexpr size_t kRulesPerEntity = 5;
constexpr const char* kEditions[] = {"Pro", "Home", "Enterprise", "Cloud", "Free"};

// Package ecosystems of the package workload: purl type, how a rule's vendor shows
// in the purl (as a namespace, with a prefix, or in the name), the namespace of
// everyday software, the vers scheme, and how a version ends.
struct PackageType {
  const char* type;
  bool vendor_namespace;
  const char* namespace_prefix;
  const char* everyday_namespace;
  const char* vers_scheme;
  const char* version_suffix;
};
constexpr PackageType kPackageTypes[] = {
    {"deb", true, "", "debian/", "deb", "-1"},
    {"rpm", true, "", "fedora/", "rpm", "-1.el9"},
    {"npm", true, "%40", "", "npm", ""},
    {"pypi", false, "", "", "generic", ""},
};
constexpr size_t kPackageTypeCount = sizeof(kPackageTypes) / sizeof(kPackageTypes[0]);

// Lowercase letters and digits, other runs as '-': "AO Kaspersky Lab" -> "ao-kaspersky-lab".
std::string Slug(absl::string_view text) {
  std::string out;
  for (char c : text) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (c >= 'A' && c <= 'Z') {
      out.push_back(static_cast<char>(c - 'A' + 'a'));
    } else if (alnum) {
      out.push_back(c);
    } else if (!out.empty() && out.back() != '-') {
      out.push_back('-');
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

// What the generator remembers about a rule to make artifacts that hit it.
struct RuleRecipe {
  int entity = -1;  // -1: product-only rule.
  enum Kind { kWholeVendor, kExact, kPrefix, kRegex, kSubstring } kind = kWholeVendor;
  std::string base_product;
  std::string exact;
  int max_major = 0;  // 0: no version range.
  // Package rules: the purl without version, and its type's package_types index.
  std::string purl;
  size_t package_type = 0;
  // Identifier rules: the value an artifact carries to hit the rule.
  std::string identifier;
  bool applies = false;  // Policy in scope for the workload's context and RUN governed.
};

class Generator {
 public:
  explicit Generator(const WorkloadOptions& options) : options_(options), random_(options.seed) {}

  Workload Run() && {
    Workload workload;
    const size_t n = options_.rule_count;
    const size_t product_only = std::min(kMaxProductOnlyRules, n / 10);
    const size_t entity_count =
        waivers() ? std::max<size_t>(1, (n - product_only) * 3 / 4)
                  : std::max<size_t>(1, (n - product_only + kRulesPerEntity - 1) / kRulesPerEntity);
    const size_t rules_per_policy = options_.rules_per_policy > 0 ? options_.rules_per_policy
                                    : waivers() ? std::max<size_t>(1, n / kWaiverPolicies)
                                                : kRulesPerPolicy;
    for (size_t e = 0; e < entity_count; ++e) AddEntity(e, &workload.bundle);
    for (size_t j = 0; j < n; ++j) {
      if (j % rules_per_policy == 0) AddPolicy(j / rules_per_policy, &workload.bundle);
      const bool entity_rule = j >= product_only;
      AddRule(j, entity_rule ? static_cast<int>((j - product_only) % entity_count) : -1,
              &workload.bundle);
    }
    for (size_t i = 0; i < options_.inventory_size; ++i) {
      workload.all_hit.push_back(Nest(Hit(i), i));
      workload.all_miss.push_back(Nest(Miss(i), i));
      workload.mixed.push_back(Nest(Uniform() < options_.hit_fraction ? Hit(i) : Miss(i), i));
    }
    workload.instant = absl::FromCivil(absl::CivilDay(2024, 10, 1), absl::UTCTimeZone());
    workload.action = v1::RUN;
    workload.jurisdictions = {"US"};
    workload.organization_kinds = {"federal-executive-agency"};
    workload.asset_id = "asset-1";
    workload.org_unit = "it/workstations";
    return workload;
  }

 private:
  bool waivers() const { return options_.shape == WorkloadShape::kWaivers; }
  size_t Pick(size_t n) { return static_cast<size_t>(random_() % n); }
  double Uniform() { return static_cast<double>(random_() % 1000000) / 1000000.0; }

  void AddEntity(size_t e, v1::PolicyBundle* bundle) {
    const auto banned = BannedStyleSoftware();
    const SoftwareName& stem = banned[e % banned.size()];
    // A real publisher spelling that names an earlier entity once legal forms are set
    // aside ("Kaspersky Lab ZAO" after "AO Kaspersky Lab") gets a synthetic name: two
    // entities may not share a name.
    const bool real =
        e < banned.size() &&
        real_keys_.insert(std::string(policy_internal::StripLegalForms(
                              policy_internal::NormalizeNameToString(stem.publisher))))
            .second;
    v1::Entity* entity = bundle->add_entities();
    entity->set_id(absl::StrCat("vendor-", e));
    entity->set_name(real ? stem.publisher : absl::StrCat(stem.publisher, " Holding ", e));
    entity->add_aliases(absl::StrCat(entity->name(), " International"));
    entity_names_.push_back(entity->name());
    entity_aliases_.push_back(entity->aliases(0));
    if (options_.selectors == SelectorKind::kEntityIdentifiers) {
      entity_identifiers_.emplace_back();
      SetMatch(IdentifierValue(entity->name(), stem.product, &entity_identifiers_.back()),
               /*bounded=*/false, entity->add_identifiers());
    }
    entity_products_.push_back(real ? stem.product : absl::StrCat(stem.product, " ", e));
  }

  void AddPolicy(size_t p, v1::PolicyBundle* bundle) {
    v1::Policy* policy = bundle->add_policies();
    policy->set_id(absl::StrCat("policy-", p));
    policy->set_title(absl::StrCat("Synthetic policy ", p));
    policy->set_authority("Benchmark Authority");
    policy->set_citation(absl::StrCat(p + 1, " FR ", 1000 + p));
    policy->set_binding(p % 10 == 3 ? v1::ADVISORY : v1::BINDING);
    // One in ten policies binds another jurisdiction, one in ten another kind of
    // organisation: neither applies to the workload's context.
    policy_applies_ = p % 10 != 9 && p % 10 != 8;
    policy->mutable_scope()->add_jurisdictions(p % 10 == 9 ? "AU" : "US");
    if (p % 10 == 8) policy->mutable_scope()->add_organization_kinds("state-agency");
    policy->mutable_issued()->set_date("2024-06-20");
    policy->mutable_issued()->set_zone("America/New_York");
    policy->add_exemption_purposes(v1::SECURITY_RESEARCH);
    policy->set_max_exemption_days(365);
  }

  void AddRule(size_t j, int entity, v1::PolicyBundle* bundle) {
    v1::Policy* policy = bundle->mutable_policies(bundle->policies_size() - 1);
    v1::Rule* rule = policy->add_rules();
    rule->set_id(absl::StrCat("rule-", j));
    RuleRecipe recipe;
    recipe.entity = entity;
    const auto banned = BannedStyleSoftware();
    recipe.base_product = entity >= 0 ? entity_products_[entity] : banned[j % banned.size()].product;
    v1::Selector* select = rule->mutable_select();
    if (options_.selectors == SelectorKind::kPackages) {
      SelectPackage(j, &recipe, select);
    } else if (options_.selectors == SelectorKind::kIdentifiers) {
      SelectIdentifier(j, &recipe, select);
    } else {
      SelectByName(&recipe, select);
    }
    if (options_.components > 0) select->set_include_components(true);
    const bool run = j % 10 != 0;
    if (run) {
      rule->add_actions(v1::RUN);
      rule->add_actions(v1::UPDATE);
    } else {
      rule->add_actions(v1::INSTALL);
    }
    if (waivers()) {
      AddWarnThenDeny(rule);
    } else {
      AddSteps(rule);
    }
    recipe.applies = policy_applies_ && run;
    if (recipe.applies) applicable_.push_back(recipes_.size());
    recipes_.push_back(std::move(recipe));
    if (waivers()) {
      if (Pick(100) < 60) AddWaiver(j, policy->id(), rule->id(), bundle);
    } else if (j % 100 == 99 && policy_applies_) {
      AddExemption(j, policy->id(), rule->id(), bundle);
    }
  }

  // The name mix: entity, exact, prefix or regex product, version range, exclusion.
  void SelectByName(RuleRecipe* recipe, v1::Selector* select) {
    if (recipe->entity >= 0) select->set_entity(absl::StrCat("vendor-", recipe->entity));
    // Vendor rules: 30% whole vendor, 30% exact, 25% prefix, 15% regex. Product-only
    // rules must name a product: 40% exact, 40% prefix, 20% regex.
    const size_t roll = Pick(100);
    if (recipe->entity >= 0 && waivers()) {
      recipe->kind = roll < 25   ? RuleRecipe::kWholeVendor
                    : roll < 50 ? RuleRecipe::kExact
                    : roll < 65 ? RuleRecipe::kPrefix
                                : RuleRecipe::kSubstring;
    } else if (recipe->entity >= 0) {
      recipe->kind = roll < 30   ? RuleRecipe::kWholeVendor
                    : roll < 60 ? RuleRecipe::kExact
                    : roll < 85 ? RuleRecipe::kPrefix
                                : RuleRecipe::kRegex;
    } else {
      recipe->kind = roll < 40 ? RuleRecipe::kExact : roll < 80 ? RuleRecipe::kPrefix : RuleRecipe::kRegex;
    }
    switch (recipe->kind) {
      case RuleRecipe::kWholeVendor:
        break;
      case RuleRecipe::kExact:
        recipe->exact = absl::StrCat(recipe->base_product, " ", kEditions[Pick(5)]);
        select->mutable_product()->set_exact(recipe->exact);
        break;
      case RuleRecipe::kPrefix:
        select->mutable_product()->set_prefix(recipe->base_product);
        break;
      case RuleRecipe::kRegex:
        select->mutable_product()->set_regex(absl::StrCat(
            RE2::QuoteMeta(recipe->base_product), " (Pro|Home|Enterprise",
            options_.distinct_regex_tails ? absl::StrCat("|Edition", recipes_.size()) : "", ") [0-9]+"));
        break;
      case RuleRecipe::kSubstring:
        select->mutable_product()->set_regex(absl::StrCat(".*", RE2::QuoteMeta(recipe->base_product), ".*"));
        break;
    }
    if (Pick(100) < 30) {
      recipe->max_major = 10 + static_cast<int>(Pick(20));
      select->mutable_version()->set_min("1.0");
      select->mutable_version()->set_max(absl::StrCat(recipe->max_major, ".0"));
    }
    if (Pick(100) < 5) select->add_exclude_products()->set_prefix(recipe->base_product + " Trial");
  }

  std::string Hex(size_t digits) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    for (size_t i = 0; i < digits; ++i) out.push_back(kDigits[Pick(16)]);
    return out;
  }

  std::string Guid() {
    return absl::StrCat("{", Hex(8), "-", Hex(4), "-", Hex(4), "-", Hex(4), "-", Hex(12), "}");
  }

  std::string TeamId() {
    static constexpr char kChars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    std::string out;
    for (int i = 0; i < 10; ++i) out.push_back(kChars[Pick(36)]);
    return out;
  }

  // A value of the workload's identifier kind for `publisher`/`product`; `hit` is the
  // form an artifact carries, the return value what a rule names. Random parts make
  // every value distinct.
  std::string IdentifierValue(absl::string_view publisher, absl::string_view product, std::string* hit) {
    using Kind = v1::IdentifierMatch;
    std::string value;
    switch (options_.identifier_kind) {
      case Kind::kSha256: value = Hex(64); break;
      case Kind::kSha1: value = Hex(40); break;
      case Kind::kCertificateThumbprint: value = Hex(40); break;
      case Kind::kTeamId: value = TeamId(); break;
      case Kind::kSigningId: value = absl::StrCat(TeamId(), ":com.", Slug(publisher), ".", Hex(6)); break;
      case Kind::kMsiProductCode:
      case Kind::kMsiUpgradeCode: value = Guid(); break;
      case Kind::kSignerSubject:
        value = absl::StrCat(publisher, " ", Hex(6));
        *hit = absl::StrCat("CN=", value, ", O=", value, ", C=US");
        return value;
      case Kind::kBundleIdPrefix:
        value = absl::StrCat("com.", Slug(publisher), ".", Hex(6), ".");
        *hit = absl::StrCat(value, "app");
        return value;
      case Kind::kInstallPathPrefix:
        value = absl::StrCat("C:\\Program Files\\", publisher, "\\", product, " ", Hex(6), "\\");
        *hit = absl::StrCat(value, "bin\\app.exe");
        return value;
      case Kind::kCpe: {
        // The criteria: this product of this vendor at any version (the caller adds bounds).
        const std::string name = absl::StrCat(Slug(product), "-", Hex(6));
        value = absl::StrCat("cpe:2.3:a:", Slug(publisher), ":", name, ":*:*:*:*:*:*:*:*");
        *hit = absl::StrCat("cpe:2.3:a:", Slug(publisher), ":", name, ":", 1 + Pick(40), ".", Pick(10), ":*:*:*:*:*:*:*");
        return value;
      }
      case Kind::kInstallPathGlob: {
        const std::string folder = absl::StrCat(publisher, "\\", product, " ", Hex(6));
        *hit = absl::StrCat("C:\\Program Files (x86)\\", folder, "\\bin\\app.exe");
        return absl::StrCat("C:\\Program Files*\\", folder, "\\**");
      }
      default:
        break;
    }
    *hit = value;
    return value;
  }

  void SelectIdentifier(size_t j, RuleRecipe* recipe, v1::Selector* select) {
    const std::string publisher =
        recipe->entity >= 0 ? entity_names_[recipe->entity] : std::string("Independent Software");
    const std::string value = IdentifierValue(publisher, absl::StrCat(recipe->base_product, " ", j),
                                              &recipe->identifier);
    SetMatch(value, /*bounded=*/true, select->add_identifiers());
  }

  // `match` names `value` in the workload's identifier kind; a CPE `bounded` by version.
  void SetMatch(const std::string& value, bool bounded, v1::IdentifierMatch* match) {
    if (options_.identifier_kind == v1::IdentifierMatch::kCpe) {
      match->mutable_cpe()->set_criteria(value);
      if (bounded) {
        match->mutable_cpe()->set_version_start_including("1.0");
        match->mutable_cpe()->set_version_end_excluding("100.0");
      }
      return;
    }
    const google::protobuf::FieldDescriptor* field =
        match->GetDescriptor()->FindFieldByNumber(static_cast<int>(options_.identifier_kind));
    match->GetReflection()->SetString(match, field, value);
  }

  // Sets the workload's identifier field of `artifact` to `value`.
  void SetIdentifier(const std::string& value, v1::Artifact* artifact) {
    using Kind = v1::IdentifierMatch;
    switch (options_.identifier_kind) {
      case Kind::kSha256: artifact->set_sha256(value); break;
      case Kind::kSha1: artifact->set_sha1(value); break;
      case Kind::kCertificateThumbprint: artifact->set_certificate_thumbprint(value); break;
      case Kind::kTeamId: artifact->set_team_id(value); break;
      case Kind::kSigningId: artifact->set_signing_id(value); break;
      case Kind::kMsiProductCode: artifact->set_msi_product_code(value); break;
      case Kind::kMsiUpgradeCode: artifact->set_msi_upgrade_code(value); break;
      case Kind::kSignerSubject: artifact->set_signer_subject(value); break;
      case Kind::kBundleIdPrefix: artifact->set_bundle_id(value); break;
      case Kind::kCpe: artifact->set_cpe(value); break;
      default: artifact->set_install_path(value); break;
    }
  }

  // A package rule: a vendor's package in one of kPackageTypes, 30% with a vers range.
  void SelectPackage(size_t j, RuleRecipe* recipe, v1::Selector* select) {
    recipe->package_type = j % kPackageTypeCount;
    const PackageType& type = kPackageTypes[recipe->package_type];
    const std::string vendor =
        recipe->entity >= 0 ? Slug(entity_names_[recipe->entity]) : std::string("independent");
    const std::string name = absl::StrCat(Slug(recipe->base_product), "-", j);
    recipe->purl = type.vendor_namespace
                       ? absl::StrCat("pkg:", type.type, "/", type.namespace_prefix, vendor, "/", name)
                       : absl::StrCat("pkg:", type.type, "/", vendor, "-", name);
    select->mutable_package()->set_purl(recipe->purl);
    if (Pick(100) < 30) {
      recipe->max_major = 10 + static_cast<int>(Pick(20));
      const bool semver = std::string(type.vers_scheme) == "npm";
      select->mutable_package()->set_vers(absl::StrCat("vers:", type.vers_scheme, "/>=",
                                                       semver ? "1.0.0" : "1.0", "|<", recipe->max_major,
                                                       semver ? ".0.0" : ".0"));
    }
  }

  void AddSteps(v1::Rule* rule) {
    auto at = [rule](const char* date, const char* zone, v1::Verdict verdict) {
      v1::Step* step = rule->add_steps();
      step->mutable_at()->set_date(date);
      step->mutable_at()->set_zone(zone);
      step->set_verdict(verdict);
    };
    switch (Pick(3)) {
      case 0:
        at("2024-01-01", "UTC", v1::DENY);
        break;
      case 1:
        for (auto [days, verdict] : {std::pair<int, v1::Verdict>{30, v1::WARN}, {180, v1::DENY}}) {
          v1::Step* step = rule->add_steps();
          step->mutable_after_issue()->set_days(days);
          step->set_verdict(verdict);
        }
        break;
      default:
        at("2023-06-01", "Europe/Berlin", v1::WARN);
        at("2024-06-01", "Europe/Berlin", v1::DENY);
        at("2030-01-01", "Europe/Berlin", v1::ALLOW);
        rule->mutable_steps(2)->set_label("sunset");  // Less severe on purpose: say why.
        break;
    }
  }

  // An exemption `id` of `rule` of `policy`, the rest for the caller to fill.
  static v1::Exemption* NewExemption(const std::string& id, const std::string& policy,
                                     const std::string& rule, v1::PolicyBundle* bundle) {
    v1::Exemption* exemption = bundle->add_exemptions();
    exemption->set_id(id);
    v1::ExemptionTarget* target = exemption->add_exempts();
    target->set_policy(policy);
    target->add_rules(rule);
    return exemption;
  }

  void AddExemption(size_t j, const std::string& policy, const std::string& rule,
                    v1::PolicyBundle* bundle) {
    v1::Exemption* exemption = NewExemption(absl::StrCat("EX-", j), policy, rule, bundle);
    exemption->add_assets("asset-1");
    exemption->add_assets("asset-2");
    exemption->set_purpose(v1::SECURITY_RESEARCH);
    SetWindow("2024-01-01", "2024-12-31", exemption);
  }

  // Every rule WARNs from the start of 2024 and DENYs from a date: half before the
  // context's instant (2024-10-01), half after.
  void AddWarnThenDeny(v1::Rule* rule) {
    v1::Step* warn = rule->add_steps();
    warn->mutable_at()->set_date("2024-01-01");
    warn->mutable_at()->set_zone("UTC");
    warn->set_verdict(v1::WARN);
    v1::Step* deny = rule->add_steps();
    deny->mutable_at()->set_date(Pick(2) == 0 ? "2024-09-01" : "2025-03-01");
    deny->mutable_at()->set_zone("America/New_York");
    deny->set_verdict(v1::DENY);
  }

  // An organisation's waiver of one rule, scoped to an asset or an org unit; one in
  // twenty covers the workload's context (asset-1 in it/workstations).
  void AddWaiver(size_t j, const std::string& policy, const std::string& rule,
                 v1::PolicyBundle* bundle) {
    v1::Exemption* exemption = NewExemption(absl::StrCat("WV-", j), policy, rule, bundle);
    const bool covers_context = Pick(20) == 0;
    if (Pick(2) == 0) {
      exemption->add_assets(covers_context ? "asset-1" : absl::StrCat("asset-", 2 + Pick(5000)));
    } else {
      exemption->add_org_units(covers_context ? "it" : absl::StrCat("lab/team-", Pick(500)));
    }
    exemption->set_purpose(v1::SECURITY_RESEARCH);
    exemption->set_approved_by("CISO");
    SetWindow("2024-03-01", "2025-02-28", exemption);
  }

  // `exemption` is valid from `from` until `until` (dates, UTC).
  static void SetWindow(const char* from, const char* until, v1::Exemption* exemption) {
    v1::Window* valid = exemption->mutable_valid();
    valid->mutable_from()->set_date(from);
    valid->mutable_from()->set_zone("UTC");
    valid->mutable_until()->set_date(until);
    valid->mutable_until()->set_zone("UTC");
  }

  std::string Version(int max_major) {
    const int major = max_major > 0 ? 1 + static_cast<int>(Pick(max_major - 1)) : 1 + static_cast<int>(Pick(40));
    return absl::StrCat(major, ".", Pick(10), ".", Pick(1000));
  }

  v1::Artifact Hit(size_t i) {
    const RuleRecipe& recipe = recipes_[applicable_[Pick(applicable_.size())]];
    v1::Artifact artifact;
    artifact.set_id(absl::StrCat("hit-", i));
    if (recipe.entity >= 0) {
      artifact.set_vendor(Pick(2) == 0 ? entity_names_[recipe.entity] : entity_aliases_[recipe.entity]);
    } else {
      const auto everyday = EverydaySoftware();
      artifact.set_vendor(everyday[Pick(everyday.size())].publisher);
    }
    switch (recipe.kind) {
      case RuleRecipe::kWholeVendor:
        artifact.set_name(absl::StrCat(recipe.base_product, " ", kEditions[Pick(5)]));
        break;
      case RuleRecipe::kExact:
        artifact.set_name(recipe.exact);
        break;
      case RuleRecipe::kPrefix:
        artifact.set_name(absl::StrCat(recipe.base_product, " Suite ", Pick(30)));
        break;
      case RuleRecipe::kRegex:
        artifact.set_name(absl::StrCat(recipe.base_product, " Enterprise ", Pick(30)));
        break;
      case RuleRecipe::kSubstring:
        artifact.set_name(absl::StrCat("Setup of ", recipe.base_product, " x64"));
        break;
    }
    artifact.set_version(Version(recipe.max_major));
    if (!recipe.purl.empty()) {
      artifact.set_purl(absl::StrCat(recipe.purl, "@", artifact.version(),
                                     kPackageTypes[recipe.package_type].version_suffix, "?arch=amd64"));
    }
    if (!recipe.identifier.empty()) SetIdentifier(recipe.identifier, &artifact);
    if (options_.selectors == SelectorKind::kEntityIdentifiers && recipe.entity >= 0) {
      artifact.clear_vendor();
      SetIdentifier(entity_identifiers_[recipe.entity], &artifact);
    }
    return artifact;
  }

  // With options_.components: `inner` two levels down in an everyday product.
  v1::Artifact Nest(v1::Artifact inner, size_t i) {
    if (options_.components == 0) return inner;
    v1::Artifact outer = Miss(i);
    outer.set_id(absl::StrCat("bundle-", i));
    for (size_t c = 0; c < options_.components; ++c) {
      v1::Artifact* component = outer.add_components();
      *component = Miss(i);
      component->set_id(absl::StrCat("bundle-", i, "-", c));
      if (c == options_.components / 2) *component->add_components() = std::move(inner);
    }
    return outer;
  }

  v1::Artifact Miss(size_t i) {
    const auto everyday = EverydaySoftware();
    const SoftwareName& software = everyday[Pick(everyday.size())];
    v1::Artifact artifact;
    artifact.set_id(absl::StrCat("miss-", i));
    artifact.set_vendor(software.publisher);
    artifact.set_name(software.product);
    artifact.set_version(Version(0));
    if (options_.selectors == SelectorKind::kPackages) {
      const PackageType& type = kPackageTypes[Pick(kPackageTypeCount)];
      artifact.set_purl(absl::StrCat("pkg:", type.type, "/", type.everyday_namespace, Slug(software.product),
                                     "@", artifact.version(), type.version_suffix));
    }
    if (options_.selectors == SelectorKind::kIdentifiers ||
        options_.selectors == SelectorKind::kEntityIdentifiers) {
      std::string hit;
      IdentifierValue(software.publisher, software.product, &hit);
      SetIdentifier(hit, &artifact);
    }
    return artifact;
  }

  const WorkloadOptions& options_;
  std::mt19937_64 random_;
  bool policy_applies_ = true;
  std::vector<std::string> entity_names_;
  absl::flat_hash_set<std::string> real_keys_;
  std::vector<std::string> entity_aliases_;
  // kEntityIdentifiers: the identifier value an artifact of each entity carries.
  std::vector<std::string> entity_identifiers_;
  std::vector<std::string> entity_products_;
  std::vector<RuleRecipe> recipes_;
  std::vector<size_t> applicable_;
};

}  // namespace

ContextView Workload::context() const {
  ContextView view;
  view.instant = instant;
  view.action = action;
  view.jurisdictions = jurisdictions;
  view.organization_kinds = organization_kinds;
  view.asset_id = asset_id;
  view.org_unit = org_unit;
  return view;
}

std::vector<ArtifactView> Workload::Views(const std::vector<v1::Artifact>& artifacts) {
  std::vector<ArtifactView> views;
  views.reserve(artifacts.size());
  for (const v1::Artifact& artifact : artifacts) views.push_back(ViewOf(artifact));
  return views;
}

Workload GenerateWorkload(const WorkloadOptions& options) { return Generator(options).Run(); }

}  // namespace test_support
}  // namespace interdict
