// File: policy/internal/cpe.h
// -----------------------------------------------------------------------------
//
// CPE 2.3 formatted strings (NISTIR 7695) and name matching (NISTIR 7696), without
// allocating on the parse of an artifact's CPE.
//
// `cpe:2.3:part:vendor:product:version:update:edition:language:sw_edition:
// target_sw:target_hw:other`: eleven attributes after the prefix; `*` alone is ANY,
// `-` alone is NA; other values are letters, digits, '_', '-', '.' (as NVD writes
// them, or quoted) and backslash-quoted punctuation (`\+` `\:` ...), with unquoted
// wildcards only at the ends: one `*`
// (any run) or one or more `?` (one character each). `part` is `a`, `o`, `h` or ANY.
// Values are compared case-insensitively (lowercased when parsed), and after
// unquoting ("9\.0" is "9.0").
//
// Matching: a rule's CPE (source) matches an artifact's (target) when every
// attribute relation is SUPERSET or EQUAL in NISTIR 7696's table: ANY is a superset
// of everything; NA equals only NA; a value equals the same value and, with
// wildcards, is a superset of the values it matches; a target of ANY, or with
// wildcards of its own, is not matched by a source value (the relation is SUBSET or
// undefined).
//
// Example:
//
//   CpeBuffer source_buffer, target_buffer;
//   CpeView source, target;
//   ParseCpe("cpe:2.3:a:kaspersky:*:*:*:*:*:*:*:*:*", &source_buffer, &source);
//   ParseCpe("cpe:2.3:a:kaspersky:anti-virus:21.3:*:*:*:*:*:*:*", &target_buffer, &target);
//   CpeMatches(source, target) == true
//
// Thread safety: pure functions; a CpeBuffer belongs to one caller.

#ifndef INTERDICT_POLICY_INTERNAL_CPE_H_
#define INTERDICT_POLICY_INTERNAL_CPE_H_

#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"

namespace interdict {
namespace policy_internal {

inline constexpr size_t kCpeAttributeCount = 11;
inline constexpr size_t kMaxCpeBytes = 1024;

// Attribute positions.
enum CpeAttributeIndex { kCpePart = 0, kCpeVendor = 1, kCpeProduct = 2, kCpeVersion = 3 };

struct CpeAttribute {
  enum class Kind : uint8_t { kAny, kNa, kValue } kind = Kind::kAny;
  // Unquoted, lowercased, without its end wildcards.
  absl::string_view body;
  // Wildcards at each end: `*` (any run), or a count of `?` (exactly that many).
  bool leading_star = false;
  bool trailing_star = false;
  uint8_t leading_questions = 0;
  uint8_t trailing_questions = 0;

  bool has_wildcards() const {
    return leading_star || trailing_star || leading_questions > 0 || trailing_questions > 0;
  }
};

struct CpeView {
  CpeAttribute attributes[kCpeAttributeCount];
};

struct CpeBuffer {
  char bytes[kMaxCpeBytes];
};

// Parses a CPE 2.3 formatted string into `*out` (bodies in `*buffer`). nullptr, or a
// static description of the first problem ("expected 11 attributes after cpe:2.3:").
const char* ParseCpe(absl::string_view text, CpeBuffer* buffer, CpeView* out);

// One attribute of a CPE 2.3 formatted string as written (quoting kept), or empty
// when `text` does not split into 11 attributes. For reports that quote the input.
absl::string_view RawCpeAttribute(absl::string_view text, CpeAttributeIndex index);

// Whether `source` names a superset of, or the same as, `target` (NISTIR 7696).
bool CpeMatches(const CpeView& source, const CpeView& target);

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_CPE_H_
