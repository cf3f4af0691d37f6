// Product regexes split into a literal head and a shared compiled rest (see
// product_regex.h).
#include "policy/internal/product_regex.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "policy/internal/name_hash.h"
#include "policy/internal/regex_prefix.h"

namespace interdict {
namespace policy_internal {
namespace {

// The length of the head of `text` that equals `literal` (ASCII) under RE2's simple
// case folding, or npos.
size_t MatchHead(absl::string_view text, absl::string_view literal) {
  static constexpr absl::string_view kKelvinSign = "\xE2\x84\xAA";
  static constexpr absl::string_view kLongS = "\xC5\xBF";
  size_t at = 0;
  for (char c : literal) {
    const char lower = absl::ascii_tolower(c);
    if (at < text.size() && absl::ascii_tolower(text[at]) == lower) {
      ++at;
    } else if (lower == 'k' && absl::StartsWith(text.substr(at), kKelvinSign)) {
      at += kKelvinSign.size();
    } else if (lower == 's' && absl::StartsWith(text.substr(at), kLongS)) {
      at += kLongS.size();
    } else {
      return absl::string_view::npos;
    }
  }
  return at;
}

// MatchHead for a name's head, faster when the head is ASCII (the common case): then
// only ASCII letters fold to the literal's, compared eight bytes at a time.
size_t MatchLiteralHead(absl::string_view text, absl::string_view literal) {
  if (text.size() >= literal.size() && IsAscii(text.substr(0, literal.size()))) {
    return AsciiCaseFoldEq()(text.substr(0, literal.size()), literal) ? literal.size()
                                                                      : absl::string_view::npos;
  }
  return MatchHead(text, literal);
}

// The length of the character that `text` begins with, as RE2's `.` (in UTF-8 mode)
// matches it: any byte but '\n' below 0x80, C2-DF and one continuation byte, E0-EF
// and two, F0-F4 and three (RE2 accepts the overlong and out-of-range forms of the
// last two, as measured); 0 when `text` begins with anything else.
size_t DotCharLength(absl::string_view text) {
  const auto continuations = [&text](size_t count) {
    if (text.size() <= count) return false;
    for (size_t i = 1; i <= count; ++i) {
      if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) return false;
    }
    return true;
  };
  const unsigned char b = static_cast<unsigned char>(text[0]);
  if (b < 0x80) return b == '\n' ? 0 : 1;
  if (b >= 0xC2 && b <= 0xDF) return continuations(1) ? 2 : 0;
  if (b >= 0xE0 && b <= 0xEF) return continuations(2) ? 3 : 0;
  if (b >= 0xF0 && b <= 0xF4) return continuations(3) ? 4 : 0;
  return 0;
}

// Whether all of `text` is what `.*` matches.
bool AllDotChars(absl::string_view text) {
  while (!text.empty()) {
    const size_t length = DotCharLength(text);
    if (length == 0) return false;
    text.remove_prefix(length);
  }
  return true;
}

// Whether `name` fully matches `.*` + `literal` + `.*`: the literal at some character
// boundary, with what `.*` matches before and after it.
bool ContainsMatch(absl::string_view name, absl::string_view literal) {
  size_t at = 0;
  while (true) {
    const size_t matched = MatchHead(name.substr(at), literal);
    if (matched != absl::string_view::npos && AllDotChars(name.substr(at + matched))) return true;
    if (at == name.size()) return false;
    const size_t length = DotCharLength(name.substr(at));
    if (length == 0) return false;
    at += length;
  }
}

// Whether `rest` has an assertion that reads what precedes the match position.
bool LooksBehind(absl::string_view rest) {
  for (size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] == '\\' && i + 1 < rest.size()) {
      const char next = rest[i + 1];
      if (next == 'b' || next == 'B' || next == 'A') return true;
      ++i;
    } else if (rest[i] == '^' && (i == 0 || rest[i - 1] != '[')) {
      return true;
    }
  }
  return false;
}

}  // namespace

RE2::Options ProductRegexOptions(int64_t max_mem) {
  RE2::Options options;
  options.set_case_sensitive(false);
  options.set_log_errors(false);
  options.set_max_mem(max_mem);
  return options;
}

absl::Status RegexStatus(const RE2& re) {
  if (re.ok()) return absl::OkStatus();
  // RE2's error() reads "<what>: <offending fragment>"; quote the fragment.
  std::string what = re.error();
  const std::string& arg = re.error_arg();
  if (!arg.empty() && absl::EndsWith(what, absl::StrCat(": ", arg))) {
    what.resize(what.size() - arg.size() - 2);
  }
  return absl::InvalidArgumentError(absl::StrCat("invalid RE2: ", what, ": \"", arg, "\""));
}

bool ProductRegex::FullMatch(absl::string_view name) const {
  if (rest_ == nullptr) return ContainsMatch(name, head_);
  const size_t head = MatchLiteralHead(name, head_);
  if (head == absl::string_view::npos) return false;
  const absl::string_view rest = name.substr(head);
  // RE2::Match, not RE2::FullMatch: no submatches are wanted, and FullMatch's argument
  // handling costs as much as the match of a short rest.
  return rest_->Match(re2::StringPiece(rest.data(), rest.size()), 0, rest.size(), RE2::ANCHOR_BOTH, nullptr, 0);
}

absl::StatusOr<std::shared_ptr<const RE2>> ProductRegexCache::Compile(absl::string_view pattern) {
  auto it = rests_.find(pattern);
  if (it != rests_.end()) return it->second;
  auto re = std::make_shared<const RE2>(re2::StringPiece(pattern.data(), pattern.size()),
                                        ProductRegexOptions(max_mem_));
  absl::Status status = RegexStatus(*re);
  if (!status.ok()) return status;
  rests_.emplace(absl::string_view(re->pattern()), re);
  return re;
}

absl::StatusOr<std::shared_ptr<const ProductRegex>> ProductRegexCache::Get(absl::string_view pattern) {
  auto it = regexes_.find(pattern);
  if (it != regexes_.end()) return it->second;
  auto regex = std::make_shared<ProductRegex>();
  regex->pattern_ = std::string(pattern);
  if (absl::StartsWith(pattern, ".*")) {
    LiteralHead contained = SplitLiteralHead(pattern.substr(2));
    if (!contained.literal.empty() && contained.rest == ".*") {
      regex->head_ = std::move(contained.literal);
      regexes_.emplace(absl::string_view(regex->pattern_), regex);
      return std::shared_ptr<const ProductRegex>(std::move(regex));
    }
  }
  LiteralHead head = SplitLiteralHead(pattern);
  absl::StatusOr<std::shared_ptr<const RE2>> rest = absl::InvalidArgumentError("not split");
  if (!head.literal.empty() && !LooksBehind(head.rest)) {
    rest = Compile(head.rest);
    if (rest.ok()) regex->head_ = std::move(head.literal);
  }
  // Not split, or the rest alone did not compile: the whole pattern, whose error (if
  // any) is the one to report.
  if (!rest.ok()) rest = Compile(pattern);
  if (!rest.ok()) return rest.status();
  regex->rest_ = *std::move(rest);
  regexes_.emplace(absl::string_view(regex->pattern_), regex);
  return std::shared_ptr<const ProductRegex>(std::move(regex));
}

}  // namespace policy_internal
}  // namespace interdict
