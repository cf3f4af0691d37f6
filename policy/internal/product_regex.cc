// Product regexes split into a literal head and a shared compiled rest (see
// product_regex.h).
#include "policy/internal/product_regex.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
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
  const size_t head = MatchHead(name, head_);
  if (head == absl::string_view::npos) return false;
  const absl::string_view rest = name.substr(head);
  return RE2::FullMatch(re2::StringPiece(rest.data(), rest.size()), *rest_);
}

absl::StatusOr<std::shared_ptr<const RE2>> ProductRegexCache::Compile(absl::string_view pattern) {
  auto it = rests_.find(pattern);
  if (it != rests_.end()) return it->second;
  auto re = std::make_shared<const RE2>(re2::StringPiece(pattern.data(), pattern.size()),
                                        ProductRegexOptions(max_mem_));
  absl::Status status = RegexStatus(*re);
  if (!status.ok()) return status;
  rests_.emplace(std::string(pattern), re);
  return re;
}

absl::StatusOr<std::shared_ptr<const ProductRegex>> ProductRegexCache::Get(absl::string_view pattern) {
  auto it = regexes_.find(pattern);
  if (it != regexes_.end()) return it->second;
  auto regex = std::make_shared<ProductRegex>();
  regex->pattern_ = std::string(pattern);
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
  regexes_.emplace(regex->pattern_, regex);
  return std::shared_ptr<const ProductRegex>(std::move(regex));
}

}  // namespace policy_internal
}  // namespace interdict
