// File: policy/internal/product_pattern.h
// -----------------------------------------------------------------------------
//
// One compiled interdict.v1.ProductMatch (exact, prefix or RE2 regex), matched
// on its own. The rule index matches rule products in bulk; this class serves
// the per-candidate checks: exclusions and exemption artifact subsets.
//
// Example:
//
//   ProductRegexCache regexes(options.regex_max_mem);
//   absl::StatusOr<ProductPattern> p = ProductPattern::Create(match, max_length, &regexes);
//   NameBuffer buffer;
//   absl::optional<absl::string_view> normalized = NormalizeName(name, &buffer);
//   bool hit = p->Matches(name, normalized);
//
// Thread safety: immutable after Create; Matches is safe from many threads.

#ifndef INTERDICT_POLICY_INTERNAL_PRODUCT_PATTERN_H_
#define INTERDICT_POLICY_INTERNAL_PRODUCT_PATTERN_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "interdict/v1/decision.pb.h"
#include "interdict/v1/policy.pb.h"
#include "policy/internal/product_regex.h"

namespace interdict {
namespace policy_internal {

class ProductPattern {
 public:
  // Errors: kInvalidArgument for no kind set, an exact/prefix that normalises to
  // nothing, an invalid regex; kResourceExhausted for a pattern longer than
  // `max_length` bytes. Regexes come from
  // `regexes`, so a pattern used by many rules is compiled once.
  static absl::StatusOr<ProductPattern> Create(const v1::ProductMatch& match, size_t max_length,
                                               ProductRegexCache* regexes);

  // `normalized` is NormalizeName(raw_name), nullopt when too long to normalise.
  bool Matches(absl::string_view raw_name,
               absl::optional<absl::string_view> normalized) const;

  v1::MatchBasis basis() const { return basis_; }
  // The normalised exact name or prefix, or the regex as written.
  const std::string& value() const { return value_; }
  // The compiled regex (PRODUCT_REGEX only; shared, so it is compiled once).
  const std::shared_ptr<const ProductRegex>& regex() const { return regex_; }

 private:
  v1::MatchBasis basis_ = v1::MATCH_BASIS_UNSPECIFIED;
  std::string value_;
  std::shared_ptr<const ProductRegex> regex_;
};

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_PRODUCT_PATTERN_H_
