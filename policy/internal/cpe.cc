// CPE 2.3 formatted-string parsing and name matching (see cpe.h).
#include "policy/internal/cpe.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "policy/internal/version_text.h"

namespace interdict {
namespace policy_internal {
namespace {

constexpr absl::string_view kCpePrefix = "cpe:2.3:";

// Splits the text after "cpe:2.3:" at unquoted ':' into exactly 11 raw values.
bool SplitAttributes(absl::string_view rest, absl::string_view* raw) {
  size_t count = 0;
  size_t start = 0;
  for (size_t i = 0; i <= rest.size(); ++i) {
    if (i < rest.size() && rest[i] == '\\') {
      ++i;
      continue;
    }
    if (i == rest.size() || rest[i] == ':') {
      if (count == kCpeAttributeCount) return false;
      raw[count++] = rest.substr(start, i - start);
      start = i + 1;
    }
  }
  return count == kCpeAttributeCount;
}

// Parses one raw value into `*out`, unquoting into buffer[*used...].
const char* ParseValue(absl::string_view raw, char* buffer, size_t* used, CpeAttribute* out) {
  *out = CpeAttribute();
  if (raw.empty()) return "has an empty attribute (use * for ANY or - for NA)";
  if (raw == "*") return nullptr;
  if (raw == "-") {
    out->kind = CpeAttribute::Kind::kNa;
    return nullptr;
  }
  out->kind = CpeAttribute::Kind::kValue;
  size_t begin = 0;
  size_t end = raw.size();
  if (raw[begin] == '*') {
    out->leading_star = true;
    ++begin;
  } else {
    while (begin < end && raw[begin] == '?') {
      ++out->leading_questions;
      ++begin;
    }
  }
  // Trailing wildcards: unquoted (not preceded by an odd run of backslashes).
  auto quoted_at = [&raw, begin](size_t i) {
    size_t slashes = 0;
    while (i > begin && raw[i - 1] == '\\') {
      ++slashes;
      --i;
    }
    return slashes % 2 == 1;
  };
  if (end > begin && raw[end - 1] == '*' && !quoted_at(end - 1)) {
    out->trailing_star = true;
    --end;
  } else {
    while (end > begin && raw[end - 1] == '?' && !quoted_at(end - 1)) {
      ++out->trailing_questions;
      --end;
    }
  }
  const size_t start = *used;
  for (size_t i = begin; i < end; ++i) {
    char c = raw[i];
    if (c == '\\') {
      if (i + 1 == end) return "ends with an unfinished backslash quote";
      c = raw[++i];
      if (IsAsciiAlnum(c) || c == '_') return "quotes a letter, digit or '_' (only punctuation is quoted)";
    } else if (c == '*' || c == '?') {
      return "has an unquoted * or ? inside a value (wildcards go only at the ends)";
    } else if (!IsAsciiAlnum(c) && c != '_' && c != '-' && c != '.') {
      return "has unquoted punctuation other than - and . (quote it with a backslash, e.g. \\+)";
    }
    buffer[(*used)++] = absl::ascii_tolower(c);
  }
  out->body = absl::string_view(buffer + start, *used - start);
  if (out->body.empty() && !out->leading_star && !out->trailing_star && out->leading_questions == 0 &&
      out->trailing_questions == 0) {
    return "has an empty attribute (use * for ANY or - for NA)";
  }
  return nullptr;
}

// Whether `text` matches a value with wildcards only at its ends.
bool WildcardMatch(const CpeAttribute& pattern, absl::string_view text) {
  const size_t fixed = pattern.leading_questions + pattern.body.size() + pattern.trailing_questions;
  if (text.size() < fixed) return false;
  if (!pattern.leading_star && !pattern.trailing_star) {
    return text.size() == fixed && text.substr(pattern.leading_questions, pattern.body.size()) == pattern.body;
  }
  if (!pattern.leading_star) {  // Body right after the leading ?s, then anything.
    return text.substr(pattern.leading_questions, pattern.body.size()) == pattern.body;
  }
  if (!pattern.trailing_star) {  // Anything, then the body, then exactly the trailing ?s.
    return text.substr(text.size() - pattern.trailing_questions - pattern.body.size(), pattern.body.size()) ==
           pattern.body;
  }
  return text.find(pattern.body) != absl::string_view::npos;  // *body*
}

// Whether the source attribute is a superset of, or equal to, the target attribute.
bool AttributeCovers(const CpeAttribute& source, const CpeAttribute& target) {
  using Kind = CpeAttribute::Kind;
  switch (source.kind) {
    case Kind::kAny:
      return true;
    case Kind::kNa:
      return target.kind == Kind::kNa;
    case Kind::kValue:
      if (target.kind != Kind::kValue || target.has_wildcards()) return false;
      return source.has_wildcards() ? WildcardMatch(source, target.body) : source.body == target.body;
  }
  return false;
}

}  // namespace

absl::string_view RawCpeAttribute(absl::string_view text, CpeAttributeIndex index) {
  absl::string_view raw[kCpeAttributeCount];
  if (!absl::StartsWithIgnoreCase(text, kCpePrefix) || !SplitAttributes(text.substr(kCpePrefix.size()), raw)) {
    return absl::string_view();
  }
  return raw[index];
}

const char* ParseCpe(absl::string_view text, CpeBuffer* buffer, CpeView* out) {
  if (text.size() > kMaxCpeBytes) return "is longer than 1024 bytes";
  if (!absl::StartsWithIgnoreCase(text, kCpePrefix)) {
    return "does not start with cpe:2.3: (a CPE 2.3 formatted string)";
  }
  absl::string_view raw[kCpeAttributeCount];
  if (!SplitAttributes(text.substr(kCpePrefix.size()), raw)) return "expected 11 attributes after cpe:2.3:";
  size_t used = 0;
  for (size_t i = 0; i < kCpeAttributeCount; ++i) {
    const char* problem = ParseValue(raw[i], buffer->bytes, &used, &out->attributes[i]);
    if (problem != nullptr) return problem;
  }
  const CpeAttribute& part = out->attributes[kCpePart];
  if (part.kind == CpeAttribute::Kind::kNa ||
      (part.kind == CpeAttribute::Kind::kValue &&
       (part.has_wildcards() || (part.body != "a" && part.body != "o" && part.body != "h")))) {
    return "part must be a, o, h or *";
  }
  return nullptr;
}

bool CpeMatches(const CpeView& source, const CpeView& target) {
  for (size_t i = 0; i < kCpeAttributeCount; ++i) {
    if (!AttributeCovers(source.attributes[i], target.attributes[i])) return false;
  }
  return true;
}

}  // namespace policy_internal
}  // namespace interdict
