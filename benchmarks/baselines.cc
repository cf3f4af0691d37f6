// The hand-written baselines Interdict is measured against.
#include "benchmarks/baselines.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace interdict {
namespace benchmarks {
namespace {

// Dotted numeric versions, missing parts as 0 (what the workload uses).
int CompareVersions(absl::string_view a, absl::string_view b) {
  std::vector<absl::string_view> x = absl::StrSplit(a, '.');
  std::vector<absl::string_view> y = absl::StrSplit(b, '.');
  for (size_t i = 0; i < std::max(x.size(), y.size()); ++i) {
    long p = 0, q = 0;
    if (i < x.size()) (void)absl::SimpleAtoi(x[i], &p);
    if (i < y.size()) (void)absl::SimpleAtoi(y[i], &q);
    if (p != q) return p < q ? -1 : 1;
  }
  return 0;
}

absl::StatusOr<absl::Time> CivilToTime(const std::string& date, absl::string_view zone_name,
                                        int add_days) {
  absl::CivilDay day;
  absl::TimeZone zone;
  if (!absl::ParseCivilTime(date, &day) || !absl::LoadTimeZone(std::string(zone_name), &zone)) {
    return absl::InvalidArgumentError(absl::StrCat("bad date or zone: ", date, " ", zone_name));
  }
  return absl::FromCivil(absl::CivilSecond(day.year(), day.month(), day.day() + add_days, 0, 0, 0), zone);
}

std::unique_ptr<RE2> CaseInsensitive(const std::string& pattern) {
  RE2::Options options;
  options.set_case_sensitive(false);
  return std::make_unique<RE2>(pattern, options);
}

// The RE2 pattern of a product constraint.
std::string Re2Pattern(const v1::ProductMatch& product) {
  switch (product.kind_case()) {
    case v1::ProductMatch::kExact:
      return RE2::QuoteMeta(product.exact());
    case v1::ProductMatch::kPrefix:
      return RE2::QuoteMeta(product.prefix()) + ".*";
    default:
      return product.regex();
  }
}

// Everything of the bundle but name matching, in bundle rule order.
absl::StatusOr<std::vector<PreparedRule>> Prepare(const v1::PolicyBundle& bundle) {
  std::map<std::string, std::vector<std::string>> names;
  for (const v1::Entity& entity : bundle.entities()) {
    std::vector<std::string>& list = names[entity.id()];
    list.push_back(entity.name());
    list.insert(list.end(), entity.aliases().begin(), entity.aliases().end());
  }
  std::map<std::pair<std::string, std::string>, std::vector<PreparedRule::Exemption>> exemptions;
  for (const v1::Exemption& exemption : bundle.exemptions()) {
    PreparedRule::Exemption prepared;
    prepared.assets.assign(exemption.assets().begin(), exemption.assets().end());
    absl::StatusOr<absl::Time> from = CivilToTime(exemption.valid().from(), exemption.valid().zone(), 0);
    absl::StatusOr<absl::Time> until = CivilToTime(exemption.valid().until(), exemption.valid().zone(), 0);
    if (!from.ok() || !until.ok()) return absl::InvalidArgumentError("baseline: bad exemption window");
    prepared.from = *from;
    prepared.until = *until;
    for (const std::string& rule : exemption.exempts().rules()) {
      exemptions[{exemption.exempts().policy(), rule}].push_back(prepared);
    }
  }
  std::vector<PreparedRule> rules;
  for (const v1::Policy& policy : bundle.policies()) {
    for (const v1::Rule& rule : policy.rules()) {
      PreparedRule prepared;
      if (!rule.select().entity().empty()) prepared.vendors = names[rule.select().entity()];
      prepared.product = rule.select().product();
      for (const v1::ProductMatch& exclusion : rule.select().exclude_products()) {
        prepared.exclusions.push_back(CaseInsensitive(Re2Pattern(exclusion)));
      }
      prepared.min_version = rule.select().version().min();
      prepared.max_version = rule.select().version().max();
      for (int action : rule.actions()) prepared.actions |= 1u << action;
      prepared.advisory = policy.binding() == v1::ADVISORY;
      prepared.jurisdictions.assign(policy.scope().jurisdictions().begin(), policy.scope().jurisdictions().end());
      prepared.organization_kinds.assign(policy.scope().organization_kinds().begin(),
                                         policy.scope().organization_kinds().end());
      for (const v1::Step& step : rule.steps()) {
        absl::StatusOr<absl::Time> at =
            step.has_at() ? CivilToTime(step.at().date(), step.at().zone(), 0)
            : step.has_after_issue()
                ? CivilToTime(policy.issued().date(), policy.issued().zone(), step.after_issue().days())
                : absl::UnimplementedError("baseline: only at and after_issue steps");
        if (!at.ok()) return at.status();
        prepared.step_at.push_back(*at);
        prepared.step_verdict.push_back(step.verdict());
      }
      prepared.exemptions = exemptions[{policy.id(), rule.id()}];
      rules.push_back(std::move(prepared));
    }
  }
  return rules;
}

bool Shares(const std::vector<std::string>& wanted, absl::Span<const absl::string_view> have) {
  if (wanted.empty()) return true;
  for (absl::string_view tag : have) {
    if (std::find(wanted.begin(), wanted.end(), tag) != wanted.end()) return true;
  }
  return false;
}

// std::regex source matching `text` literally.
std::string EscapeForStdRegex(absl::string_view text) {
  std::string out;
  for (char c : text) {
    if (std::string_view("\\^$.|?*+()[]{}").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

v1::Verdict PreparedRule::VerdictFor(const ArtifactView& artifact, const ContextView& context) const {
  if ((actions & (1u << context.action)) == 0) return v1::VERDICT_UNSPECIFIED;
  if (!Shares(jurisdictions, context.jurisdictions) ||
      !Shares(organization_kinds, context.organization_kinds)) {
    return v1::VERDICT_UNSPECIFIED;
  }
  const re2::StringPiece name(artifact.name.data(), artifact.name.size());
  for (const auto& exclusion : exclusions) {
    if (RE2::FullMatch(name, *exclusion)) return v1::VERDICT_UNSPECIFIED;
  }
  if (!min_version.empty() || !max_version.empty()) {
    if (artifact.version.empty()) return v1::VERDICT_UNSPECIFIED;
    if (!min_version.empty() && CompareVersions(artifact.version, min_version) < 0) return v1::VERDICT_UNSPECIFIED;
    if (!max_version.empty() && CompareVersions(artifact.version, max_version) >= 0) return v1::VERDICT_UNSPECIFIED;
  }
  v1::Verdict verdict = v1::ALLOW;
  for (size_t i = 0; i < step_at.size() && step_at[i] <= context.instant; ++i) verdict = step_verdict[i];
  if (advisory && verdict == v1::DENY) verdict = v1::WARN;
  for (const Exemption& exemption : exemptions) {
    if (context.instant >= exemption.from && context.instant < exemption.until &&
        std::find(exemption.assets.begin(), exemption.assets.end(), context.asset_id) != exemption.assets.end()) {
      return v1::ALLOW;
    }
  }
  return verdict;
}

absl::StatusOr<std::unique_ptr<LinearRegexBaseline>> LinearRegexBaseline::Create(
    const v1::PolicyBundle& bundle) {
  absl::StatusOr<std::vector<PreparedRule>> prepared = Prepare(bundle);
  if (!prepared.ok()) return prepared.status();
  auto baseline = std::unique_ptr<LinearRegexBaseline>(new LinearRegexBaseline());
  for (PreparedRule& p : *prepared) {
    Rule rule;
    if (!p.vendors.empty()) {
      std::string alternatives;
      for (const std::string& vendor : p.vendors) {
        absl::StrAppend(&alternatives, alternatives.empty() ? "" : "|", EscapeForStdRegex(vendor));
      }
      rule.any_vendor = false;
      rule.vendor = std::regex("(" + alternatives + ")", std::regex::icase | std::regex::optimize);
    }
    if (p.product.kind_case() != v1::ProductMatch::KIND_NOT_SET) {
      rule.any_product = false;
      const std::string source =
          p.product.has_exact()    ? EscapeForStdRegex(p.product.exact())
          : p.product.has_prefix() ? EscapeForStdRegex(p.product.prefix()) + ".*"
                                   : p.product.regex();
      rule.product = std::regex(source, std::regex::icase | std::regex::optimize);
    }
    rule.prepared = std::move(p);
    baseline->rules_.push_back(std::move(rule));
  }
  return baseline;
}

v1::Verdict LinearRegexBaseline::Evaluate(const ArtifactView& artifact, const ContextView& context) const {
  v1::Verdict verdict = v1::ALLOW;
  for (const Rule& rule : rules_) {
    if (!rule.any_vendor &&
        !std::regex_match(artifact.vendor.begin(), artifact.vendor.end(), rule.vendor)) {
      continue;
    }
    if (!rule.any_product &&
        !std::regex_match(artifact.name.begin(), artifact.name.end(), rule.product)) {
      continue;
    }
    verdict = std::max(verdict, rule.prepared.VerdictFor(artifact, context));
  }
  return verdict;
}

absl::StatusOr<std::unique_ptr<HashRe2Baseline>> HashRe2Baseline::Create(const v1::PolicyBundle& bundle) {
  absl::StatusOr<std::vector<PreparedRule>> prepared = Prepare(bundle);
  if (!prepared.ok()) return prepared.status();
  auto baseline = std::unique_ptr<HashRe2Baseline>(new HashRe2Baseline());
  for (PreparedRule& p : *prepared) {
    Rule rule;
    if (p.product.kind_case() != v1::ProductMatch::KIND_NOT_SET) {
      rule.product = CaseInsensitive(Re2Pattern(p.product));
    }
    const size_t index = baseline->rules_.size();
    if (p.vendors.empty()) baseline->any_vendor_.push_back(index);
    for (const std::string& vendor : p.vendors) {
      baseline->by_vendor_[absl::AsciiStrToLower(vendor)].push_back(index);
    }
    rule.prepared = std::move(p);
    baseline->rules_.push_back(std::move(rule));
  }
  return baseline;
}

v1::Verdict HashRe2Baseline::Check(const Rule& rule, const ArtifactView& artifact,
                                   const ContextView& context) const {
  if (rule.product != nullptr &&
      !RE2::FullMatch(re2::StringPiece(artifact.name.data(), artifact.name.size()), *rule.product)) {
    return v1::VERDICT_UNSPECIFIED;
  }
  return rule.prepared.VerdictFor(artifact, context);
}

v1::Verdict HashRe2Baseline::Evaluate(const ArtifactView& artifact, const ContextView& context) const {
  v1::Verdict verdict = v1::ALLOW;
  auto it = by_vendor_.find(absl::AsciiStrToLower(artifact.vendor));
  if (it != by_vendor_.end()) {
    for (size_t index : it->second) verdict = std::max(verdict, Check(rules_[index], artifact, context));
  }
  for (size_t index : any_vendor_) verdict = std::max(verdict, Check(rules_[index], artifact, context));
  return verdict;
}

}  // namespace benchmarks
}  // namespace interdict
