// Single product pattern matching for exclusions and exemption subsets.
#include "policy/internal/product_pattern.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "policy/internal/name_normalizer.h"

namespace interdict {
namespace policy_internal {

absl::StatusOr<ProductPattern> ProductPattern::Create(const v1::ProductMatch& match,
                                                      size_t max_length,
                                                      ProductRegexCache* regexes) {
  ProductPattern pattern;
  absl::string_view raw;
  switch (match.kind_case()) {
    case v1::ProductMatch::kExact:
      pattern.basis_ = v1::PRODUCT_EXACT;
      raw = match.exact();
      break;
    case v1::ProductMatch::kPrefix:
      pattern.basis_ = v1::PRODUCT_PREFIX;
      raw = match.prefix();
      break;
    case v1::ProductMatch::kRegex:
      pattern.basis_ = v1::PRODUCT_REGEX;
      raw = match.regex();
      break;
    case v1::ProductMatch::KIND_NOT_SET:
      return absl::InvalidArgumentError("one of exact, prefix or regex is required");
  }
  if (raw.size() > max_length) {
    return absl::ResourceExhaustedError(
        absl::StrCat("pattern is ", raw.size(), " bytes, longer than the limit of ", max_length));
  }
  if (pattern.basis_ == v1::PRODUCT_REGEX) {
    if (raw.empty()) return absl::InvalidArgumentError("empty regex");
    absl::StatusOr<std::shared_ptr<const ProductRegex>> regex = regexes->Get(raw);
    if (!regex.ok()) return regex.status();
    pattern.regex_ = *std::move(regex);
    pattern.value_ = std::string(raw);
    return pattern;
  }
  pattern.value_ = NormalizeNameToString(raw);
  if (pattern.value_.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", raw, "\" has no letters or digits, so it would match nothing useful"));
  }
  return pattern;
}

bool ProductPattern::Matches(absl::string_view raw_name,
                             absl::optional<absl::string_view> normalized) const {
  switch (basis_) {
    case v1::PRODUCT_EXACT:
      return normalized.has_value() && *normalized == value_;
    case v1::PRODUCT_PREFIX:
      return normalized.has_value() && absl::StartsWith(*normalized, value_);
    case v1::PRODUCT_REGEX:
      return regex_->FullMatch(raw_name);
    default:
      return false;
  }
}

}  // namespace policy_internal
}  // namespace interdict
