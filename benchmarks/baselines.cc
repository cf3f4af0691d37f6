// The hand-written baselines Interdict is measured against.
#include "benchmarks/baselines.h"

#include <algorithm>
#include <map>
#include <vector>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/match.h"
#include "absl/strings/strip.h"

namespace interdict {
namespace benchmarks {
namespace {

// Dotted numeric versions, missing parts as 0 (what the workloads use), parsed in
// place.
int CompareVersions(absl::string_view a, absl::string_view b) {
  size_t i = 0;
  size_t j = 0;
  while (i < a.size() || j < b.size()) {
    long p = 0;
    long q = 0;
    for (; i < a.size() && a[i] != '.'; ++i) p = p * 10 + (a[i] - '0');
    for (; j < b.size() && b[j] != '.'; ++j) q = q * 10 + (b[j] - '0');
    if (p != q) return p < q ? -1 : 1;
    if (i < a.size()) ++i;
    if (j < b.size()) ++j;
  }
  return 0;
}

bool InVersionRange(absl::string_view version, const std::string& min, const std::string& max) {
  if (min.empty() && max.empty()) return true;
  if (version.empty()) return false;
  if (!min.empty() && CompareVersions(version, min) < 0) return false;
  return max.empty() || CompareVersions(version, max) < 0;
}

// Lower-cases and trims `text` into `buffer`; empty when it does not fit (no name of
// the workloads comes near).
constexpr size_t kNameBuffer = 256;
absl::string_view LowerTrimmed(absl::string_view text, char (&buffer)[kNameBuffer]) {
  text = absl::StripAsciiWhitespace(text);
  if (text.size() > kNameBuffer) return absl::string_view();
  for (size_t i = 0; i < text.size(); ++i) buffer[i] = absl::ascii_tolower(static_cast<unsigned char>(text[i]));
  return absl::string_view(buffer, text.size());
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
    std::sort(prepared.assets.begin(), prepared.assets.end());
    prepared.org_units.assign(exemption.org_units().begin(), exemption.org_units().end());
    prepared.purpose = exemption.purpose();
    const v1::Window& valid = exemption.valid();
    absl::StatusOr<absl::Time> from = CivilToTime(valid.from().date(), valid.from().zone(), 0);
    absl::StatusOr<absl::Time> until = CivilToTime(valid.until().date(), valid.until().zone(), 0);
    if (!from.ok() || !until.ok()) return absl::InvalidArgumentError("baseline: bad exemption window");
    prepared.from = *from;
    prepared.until = *until;
    for (const v1::ExemptionTarget& target : exemption.exempts()) {
      for (const std::string& rule : target.rules()) {
        exemptions[{target.policy(), rule}].push_back(prepared);
      }
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
  if (!InVersionRange(artifact.version, min_version, max_version)) return v1::VERDICT_UNSPECIFIED;
  v1::Verdict verdict = v1::ALLOW;
  for (size_t i = 0; i < step_at.size() && step_at[i] <= context.instant; ++i) verdict = step_verdict[i];
  if (advisory && verdict == v1::DENY) verdict = v1::WARN;
  if (verdict == v1::ALLOW) return verdict;
  for (const Exemption& exemption : exemptions) {
    if (exemption.Applies(context)) return v1::ALLOW;
  }
  return verdict;
}

bool PreparedRule::Exemption::Applies(const ContextView& context) const {
  if (context.instant < from || context.instant >= until) return false;
  if (context.purpose != v1::PURPOSE_UNSPECIFIED && context.purpose != purpose) return false;
  if (!context.asset_id.empty() &&
      std::binary_search(assets.begin(), assets.end(), context.asset_id,
                         [](absl::string_view x, absl::string_view y) { return x < y; })) {
    return true;
  }
  for (const std::string& unit : org_units) {
    if (absl::StartsWith(context.org_unit, unit) &&
        (context.org_unit.size() == unit.size() || context.org_unit[unit.size()] == '/')) {
      return true;
    }
  }
  return false;
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

// The lower-cased first word of what every name `product` matches begins with, or ""
// when that is not known to be a whole word (a regex whose literal head ends inside
// its first word).
std::string FirstWord(const v1::ProductMatch& product) {
  std::string head;
  bool whole = false;
  switch (product.kind_case()) {
    case v1::ProductMatch::kExact:
      head = product.exact();
      whole = true;
      break;
    case v1::ProductMatch::kPrefix:
      head = product.prefix();
      break;
    case v1::ProductMatch::kRegex: {
      const std::string& regex = product.regex();
      // An alternative at the top level means no common head.
      int depth = 0;
      for (size_t i = 0; i < regex.size(); ++i) {
        if (regex[i] == '\\') ++i;
        else if (regex[i] == '(') ++depth;
        else if (regex[i] == ')') --depth;
        else if (regex[i] == '|' && depth == 0) return std::string();
      }
      size_t i = 0;
      for (; i < regex.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(regex[i]);
        if (c == '\\' && i + 1 < regex.size() && !absl::ascii_isalnum(static_cast<unsigned char>(regex[i + 1]))) {
          head.push_back(regex[++i]);
        } else if (absl::ascii_isalnum(c) || c == ' ' || c == '-' || c == '_') {
          head.push_back(static_cast<char>(c));
        } else {
          break;
        }
      }
      // A quantifier applies to the character before it: drop that one.
      if (!head.empty() && i < regex.size() && (regex[i] == '?' || regex[i] == '*' || regex[i] == '{')) {
        head.pop_back();
      }
      break;
    }
    case v1::ProductMatch::KIND_NOT_SET:
      break;
  }
  head = absl::AsciiStrToLower(absl::StripLeadingAsciiWhitespace(head));
  const size_t space = head.find(' ');
  if (space != std::string::npos) return head.substr(0, space);
  return whole ? head : std::string();
}

// The first word of a lower-cased name.
absl::string_view FirstWordOf(absl::string_view lower_name) {
  return lower_name.substr(0, lower_name.find(' '));
}

bool HashRe2Baseline::Pattern::Matches(absl::string_view raw, absl::string_view lower) const {
  switch (kind) {
    case Kind::kAny:
      return true;
    case Kind::kExact:
      return lower == text;
    case Kind::kPrefix:
      return absl::StartsWith(lower, text);
    case Kind::kRegex:
      return RE2::FullMatch(re2::StringPiece(raw.data(), raw.size()), *regex);
  }
  return false;
}

absl::StatusOr<std::unique_ptr<HashRe2Baseline>> HashRe2Baseline::Create(const v1::PolicyBundle& bundle) {
  absl::StatusOr<std::vector<PreparedRule>> prepared = Prepare(bundle);
  if (!prepared.ok()) return prepared.status();
  auto baseline = std::unique_ptr<HashRe2Baseline>(new HashRe2Baseline());
  auto pattern = [](const v1::ProductMatch& match) {
    Pattern out;
    switch (match.kind_case()) {
      case v1::ProductMatch::kExact:
        out.kind = Pattern::Kind::kExact;
        out.text = absl::AsciiStrToLower(absl::StripAsciiWhitespace(match.exact()));
        break;
      case v1::ProductMatch::kPrefix:
        out.kind = Pattern::Kind::kPrefix;
        out.text = absl::AsciiStrToLower(absl::StripAsciiWhitespace(match.prefix()));
        break;
      case v1::ProductMatch::kRegex:
        out.kind = Pattern::Kind::kRegex;
        out.regex = CaseInsensitive(match.regex());
        break;
      case v1::ProductMatch::KIND_NOT_SET:
        break;
    }
    return out;
  };
  size_t rule_index = 0;
  for (const v1::Policy& policy : bundle.policies()) {
    Policy compiled_policy;
    compiled_policy.advisory = policy.binding() == v1::ADVISORY;
    compiled_policy.jurisdictions.assign(policy.scope().jurisdictions().begin(),
                                         policy.scope().jurisdictions().end());
    compiled_policy.organization_kinds.assign(policy.scope().organization_kinds().begin(),
                                              policy.scope().organization_kinds().end());
    baseline->policies_.push_back(std::move(compiled_policy));
    for (const v1::Rule& proto : policy.rules()) {
      PreparedRule& p = (*prepared)[rule_index++];
      Rule rule;
      rule.product = pattern(proto.select().product());
      for (const v1::ProductMatch& exclusion : proto.select().exclude_products()) {
        rule.exclusions.push_back(pattern(exclusion));
      }
      rule.min_version = p.min_version;
      rule.max_version = p.max_version;
      rule.actions = p.actions;
      rule.policy = static_cast<uint32_t>(baseline->policies_.size() - 1);
      for (size_t i = 0; i < p.step_at.size(); ++i) rule.steps.emplace_back(p.step_at[i], p.step_verdict[i]);
      rule.exemptions = std::move(p.exemptions);
      const uint32_t index = static_cast<uint32_t>(baseline->rules_.size());
      for (const std::string& vendor : p.vendors) {
        baseline->by_vendor_[absl::AsciiStrToLower(absl::StripAsciiWhitespace(vendor))].push_back(index);
      }
      if (p.vendors.empty()) {
        const std::string word = FirstWord(proto.select().product());
        if (word.empty()) {
          baseline->scanned_.push_back(index);
        } else {
          baseline->by_first_word_[word].push_back(index);
        }
      }
      baseline->rules_.push_back(std::move(rule));
    }
  }
  return baseline;
}

v1::Verdict HashRe2Baseline::Check(const Rule& rule, const ArtifactView& artifact,
                                   absl::string_view lower_name, const ContextView& context) const {
  if ((rule.actions & (1u << context.action)) == 0) return v1::VERDICT_UNSPECIFIED;
  if (!rule.product.Matches(artifact.name, lower_name)) return v1::VERDICT_UNSPECIFIED;
  for (const Pattern& exclusion : rule.exclusions) {
    if (exclusion.Matches(artifact.name, lower_name)) return v1::VERDICT_UNSPECIFIED;
  }
  if (!InVersionRange(artifact.version, rule.min_version, rule.max_version)) {
    return v1::VERDICT_UNSPECIFIED;
  }
  const Policy& policy = policies_[rule.policy];
  if (!Shares(policy.jurisdictions, context.jurisdictions) ||
      !Shares(policy.organization_kinds, context.organization_kinds)) {
    return v1::VERDICT_UNSPECIFIED;
  }
  v1::Verdict verdict = v1::ALLOW;
  for (const auto& [at, step_verdict] : rule.steps) {
    if (at > context.instant) break;
    verdict = step_verdict;
  }
  if (policy.advisory && verdict == v1::DENY) verdict = v1::WARN;
  if (verdict == v1::ALLOW) return verdict;
  for (const PreparedRule::Exemption& exemption : rule.exemptions) {
    if (exemption.Applies(context)) return v1::ALLOW;
  }
  return verdict;
}

v1::Verdict HashRe2Baseline::Evaluate(const ArtifactView& artifact, const ContextView& context) const {
  char vendor_buffer[kNameBuffer];
  char name_buffer[kNameBuffer];
  const absl::string_view name = LowerTrimmed(artifact.name, name_buffer);
  v1::Verdict verdict = v1::ALLOW;
  auto check_all = [&](const std::vector<uint32_t>& rules) {
    for (uint32_t index : rules) verdict = std::max(verdict, Check(rules_[index], artifact, name, context));
  };
  auto it = by_vendor_.find(LowerTrimmed(artifact.vendor, vendor_buffer));
  if (it != by_vendor_.end()) check_all(it->second);
  if (!by_first_word_.empty()) {
    auto product = by_first_word_.find(FirstWordOf(name));
    if (product != by_first_word_.end()) check_all(product->second);
  }
  check_all(scanned_);
  return verdict;
}

}  // namespace benchmarks
}  // namespace interdict
