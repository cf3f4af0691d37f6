// Literal prefixes of product regexes, for prefiltering them through the prefix trie.
#include "policy/internal/regex_prefix.h"

#include <cstddef>

#include "policy/internal/name_normalizer.h"

namespace interdict {
namespace policy_internal {
namespace {

bool IsMeta(char c) {
  switch (c) {
    case '\\': case '.': case '+': case '*': case '?': case '(': case ')':
    case '[': case ']': case '{': case '}': case '|': case '^': case '$':
      return true;
    default:
      return false;
  }
}

bool IsAsciiAlnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Whether `pattern` has a '|' outside any group or class.
bool HasTopLevelAlternation(absl::string_view pattern) {
  if (pattern.find('|') == absl::string_view::npos) return false;  // Most have none: memchr.
  int depth = 0;
  bool in_class = false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\') {
      ++i;
    } else if (in_class) {
      if (c == ']') in_class = false;
    } else if (c == '[') {
      in_class = true;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')') {
      --depth;
    } else if (c == '|' && depth == 0) {
      return true;
    }
  }
  return false;
}

// The literal characters at the head of `pattern`, decoded, and in `*end` the offset
// just past them. A character followed by `+` ends the literal; with `keep_plus` it is
// part of it (it occurs at least once) and `*end` is before it.
std::string ScanLiteral(absl::string_view pattern, bool keep_plus, size_t* end) {
  *end = 0;
  if (HasTopLevelAlternation(pattern)) return "";
  size_t i = 0;
  if (i < pattern.size() && pattern[i] == '^') ++i;
  std::string literal;
  while (i < pattern.size()) {
    const char c = pattern[i];
    if (static_cast<unsigned char>(c) >= 0x80) break;
    char next_literal;
    size_t width = 1;
    if (c == '\\') {
      // An escaped punctuation character is itself; \d, \w, \Q, \x... end the literal.
      if (i + 1 >= pattern.size() || IsAsciiAlnum(pattern[i + 1]) ||
          static_cast<unsigned char>(pattern[i + 1]) >= 0x80) {
        break;
      }
      next_literal = pattern[i + 1];
      width = 2;
    } else if (IsMeta(c)) {
      break;
    } else {
      next_literal = c;
    }
    // A quantifier after this character makes it optional (* ? {) or ends the literal (+).
    const size_t after = i + width;
    if (after < pattern.size()) {
      const char q = pattern[after];
      if (q == '*' || q == '?' || q == '{') break;
      if (q == '+') {
        if (keep_plus) literal.push_back(next_literal);
        break;
      }
    }
    literal.push_back(next_literal);
    i = after;
    *end = i;
  }
  return literal;
}

}  // namespace

std::string NormalizedLiteralPrefix(absl::string_view pattern) {
  size_t end = 0;
  // The last word may go on in a name ("Kasp" of "Kaspersky"): the trie checks prefixes
  // of normalised names, so that is still a match.
  return NormalizeNameToString(ScanLiteral(pattern, /*keep_plus=*/true, &end));
}

LiteralHead SplitLiteralHead(absl::string_view pattern) {
  LiteralHead head;
  size_t end = 0;
  head.literal = ScanLiteral(pattern, /*keep_plus=*/false, &end);
  head.rest = pattern.substr(head.literal.empty() ? 0 : end);
  return head;
}

}  // namespace policy_internal
}  // namespace interdict
