// File: policy/internal/product_regex.h
// -----------------------------------------------------------------------------
//
// A product regex (ProductMatch.regex), compiled for many rules at once: matched
// in full against a raw product name, case-insensitively, in UTF-8.
//
// Most product regexes are a literal name and a short variable part:
// "Kaspersky Internet Security (Pro|Home|Enterprise) [0-9]+". A ProductRegex keeps
// the literal head ("Kaspersky Internet Security ") as text, compared by hand with
// RE2's case folding (ASCII letters either case; `k` also KELVIN SIGN, `s` also
// LONG S), and compiles only the rest with RE2. A ProductRegexCache hands out one
// RE2 per distinct rest and one ProductRegex per distinct pattern, so a bundle whose
// regexes share their variable parts holds few RE2 objects (each is several KiB)
// and their DFAs stay warm. The pattern is not split when its rest could look
// behind its start (`\b`, `\B`, `\A`, `^`): those would see the start of the rest
// instead of the head.
//
// A regex that says "contains this text" (`.*` + an ASCII literal + `.*`, such as
// ".*Internet Security.*") compiles no RE2 at all: it is matched by a search for the
// literal with the same case folding, provided the rest of the name is what `.*`
// matches (UTF-8 characters other than a newline, as RE2's `.` reads them).
//
// Example:
//
//   ProductRegexCache cache(int64_t{1} << 20);
//   absl::StatusOr<std::shared_ptr<const ProductRegex>> re = cache.Get("Kaspersky (Free|Pro)");
//   (*re)->FullMatch("KASPERSKY Pro")   // true
//
// Thread safety: a ProductRegex is immutable and safe from many threads (RE2 is);
// a ProductRegexCache is for one compiling thread.

#ifndef INTERDICT_POLICY_INTERNAL_PRODUCT_REGEX_H_
#define INTERDICT_POLICY_INTERNAL_PRODUCT_REGEX_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "re2/re2.h"

namespace interdict {
namespace policy_internal {

// RE2 options used for every product regex: case-insensitive, UTF-8, bounded memory.
RE2::Options ProductRegexOptions(int64_t max_mem);

// OK for a regex that compiled; otherwise an error that quotes RE2's offending
// fragment: `invalid RE2: missing ): "foo("`.
absl::Status RegexStatus(const RE2& re);

class ProductRegex {
 public:
  // Whether all of `name` matches the pattern.
  bool FullMatch(absl::string_view name) const;

  // The pattern as written.
  const std::string& pattern() const { return pattern_; }
  // The literal head matched by hand (empty when the pattern was not split), or the
  // literal searched for by a contains pattern.
  const std::string& head() const { return head_; }
  // Whether the pattern is `.*` + head() + `.*`, matched without RE2.
  bool contains() const { return rest_ == nullptr; }
  // The compiled rest (the whole pattern when it was not split); null for a contains
  // pattern.
  const RE2* rest() const { return rest_.get(); }

 private:
  friend class ProductRegexCache;

  std::string pattern_;
  std::string head_;
  std::shared_ptr<const RE2> rest_;
};

class ProductRegexCache {
 public:
  explicit ProductRegexCache(int64_t max_mem) : max_mem_(max_mem) {}

  // The compiled `pattern`, shared with earlier calls for the same text. Errors
  // (kInvalidArgument) as RegexStatus, for the whole pattern.
  absl::StatusOr<std::shared_ptr<const ProductRegex>> Get(absl::string_view pattern);

 private:
  absl::StatusOr<std::shared_ptr<const RE2>> Compile(absl::string_view pattern);

  int64_t max_mem_;
  // Keyed by views of the values' own patterns (a bundle may have a million regexes:
  // no second copy of each).
  absl::flat_hash_map<absl::string_view, std::shared_ptr<const ProductRegex>> regexes_;
  absl::flat_hash_map<absl::string_view, std::shared_ptr<const RE2>> rests_;
};

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_PRODUCT_REGEX_H_
