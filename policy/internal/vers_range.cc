// vers ranges (see vers_range.h).
#include "policy/internal/vers_range.h"

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "policy/internal/package_url.h"

namespace interdict {
namespace policy_internal {
namespace {

bool SchemeNamed(absl::string_view name, v1::VersionScheme* scheme) {
  if (name == "deb") {
    *scheme = v1::DEBIAN;
  } else if (name == "rpm") {
    *scheme = v1::RPM;
  } else if (name == "semver" || name == "npm" || name == "cargo") {
    *scheme = v1::SEMVER;
  } else if (name == "generic") {
    *scheme = v1::GENERIC;
  } else {
    return false;
  }
  return true;
}

bool IsLowerBound(VersionComparator c) {
  return c == VersionComparator::kGreater || c == VersionComparator::kGreaterOrEqual;
}

absl::Status VersError(absl::string_view text, absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat("invalid vers \"", absl::CHexEscape(text), "\": ", problem));
}

}  // namespace

absl::StatusOr<VersSyntax> ParseVersSyntax(absl::string_view text) {
  auto error = [text](absl::string_view problem) { return VersError(text, problem); };
  for (char c : text) {
    if (absl::ascii_isspace(c)) {
      return error("whitespace is not permitted (a space inside a version is written %20)");
    }
  }
  absl::string_view rest = text;
  if (!absl::ConsumePrefix(&rest, "vers:")) return error("does not start with \"vers:\"");
  const size_t slash = rest.find('/');
  if (slash == absl::string_view::npos) return error("has no '/' after the type");
  VersSyntax syntax;
  syntax.type = absl::AsciiStrToLower(rest.substr(0, slash));
  if (syntax.type.empty()) return error("has an empty type");
  if (!absl::ascii_isalpha(syntax.type[0])) {
    return error(absl::StrCat("type \"", syntax.type, "\" does not start with a letter"));
  }
  for (char c : syntax.type) {
    if (!absl::ascii_isalnum(c) && c != '.' && c != '-') {
      return error(absl::StrCat("type \"", absl::CHexEscape(syntax.type),
                                "\" has a character other than ASCII letters, digits, '.' and '-'"));
    }
  }
  if (syntax.type == "invalid") {
    return error("the type \"invalid\" is reserved for intentionally invalid vers");
  }
  rest.remove_prefix(slash + 1);
  if (rest.empty()) return error("has no constraints");
  if (rest == "*") {
    syntax.star = true;
    return syntax;
  }
  if (rest.front() == '|') return error("a leading '|' is not permitted");
  if (rest.back() == '|') return error("a trailing '|' is not permitted");
  if (absl::StrContains(rest, "||")) return error("consecutive '|' are not permitted");
  static constexpr struct {
    absl::string_view text;
    VersionComparator comparator;
  } kComparators[] = {{">=", VersionComparator::kGreaterOrEqual}, {"<=", VersionComparator::kLessOrEqual},
                      {"!=", VersionComparator::kNotEqual},      {">", VersionComparator::kGreater},
                      {"<", VersionComparator::kLess}};
  for (absl::string_view item : absl::StrSplit(rest, '|')) {
    if (item == "*") return error("'*' must be the only constraint");
    if (item.front() == '=') {
      return error(absl::StrCat("constraint \"", item,
                                "\" starts with '=' (equality is written without a comparator)"));
    }
    VersSyntax::Constraint constraint;
    absl::string_view version = item;
    for (const auto& c : kComparators) {
      if (absl::ConsumePrefix(&version, c.text)) {
        constraint.comparator = c.comparator;
        break;
      }
    }
    if (version.empty()) return error(absl::StrCat("constraint \"", item, "\" has no version"));
    for (size_t i = 0; i < version.size(); ++i) {
      const char c = version[i];
      if (c < 0x21 || c > 0x7e) {
        return error(absl::StrCat("constraint \"", absl::CHexEscape(item),
                                  "\" has a character that is not printable ASCII"));
      }
      if (c == '>' || c == '<' || c == '=' || c == '!' || c == '*') {
        return error(absl::StrCat("constraint \"", item, "\": '", absl::string_view(&c, 1),
                                  "' in a version must be percent-encoded"));
      }
      if (c != '%') continue;
      if (i + 2 >= version.size() || !absl::ascii_isxdigit(version[i + 1]) ||
          !absl::ascii_isxdigit(version[i + 2])) {
        return error(absl::StrCat("constraint \"", item,
                                  "\" has invalid percent-encoding in its version ('%' not followed by "
                                  "two hex digits)"));
      }
      if (absl::ascii_islower(version[i + 1]) || absl::ascii_islower(version[i + 2])) {
        return error(absl::StrCat("constraint \"", item,
                                  "\" has percent-encoding that is not canonical (hex digits are "
                                  "upper-case)"));
      }
      i += 2;
    }
    constraint.version.resize(version.size());
    size_t decoded = 0;
    PercentDecode(version, &constraint.version[0], &decoded);
    constraint.version.resize(decoded);
    syntax.constraints.push_back(std::move(constraint));
  }
  return syntax;
}

absl::StatusOr<VersRange> VersRange::Parse(absl::string_view text) {
  absl::StatusOr<VersSyntax> syntax = ParseVersSyntax(text);
  if (!syntax.ok()) return syntax.status();
  auto error = [text](absl::string_view problem) { return VersError(text, problem); };
  VersRange range;
  range.scheme_name_ = std::move(syntax->type);
  if (range.scheme_name_ == "example" || range.scheme_name_ == "test") {
    return error(absl::StrCat("the reserved type \"", range.scheme_name_, "\" defines no version ordering"));
  }
  if (!SchemeNamed(range.scheme_name_, &range.scheme_)) {
    return error(absl::StrCat("type \"", range.scheme_name_,
                              "\" is not supported (supported: deb, rpm, semver, npm, cargo, generic)"));
  }
  range.any_ = syntax->star;
  range.constraints_ = std::move(syntax->constraints);
  const v1::VersionScheme scheme = range.scheme_;
  for (const Constraint& c : range.constraints_) {
    if (const char* problem = VersionProblem(scheme, c.version)) {
      return error(absl::StrCat("\"", absl::CHexEscape(c.version), "\" is not a valid ",
                                VersionSchemeName(scheme), " version: ", problem));
    }
  }
  for (size_t i = 1; i < range.constraints_.size(); ++i) {
    const std::string& before = range.constraints_[i - 1].version;
    const std::string& after = range.constraints_[i].version;
    const int order = CompareVersions(scheme, before, after);
    if (order > 0) {
      return error(absl::StrCat("constraints are not sorted by version: \"", before,
                                "\" is written before \"", after, "\""));
    }
    if (order == 0) return error(absl::StrCat("version \"", after, "\" appears more than once"));
  }
  const Constraint* previous = nullptr;  // Ignoring !=.
  bool has_equal = false;
  for (const Constraint& c : range.constraints_) {
    if (c.comparator == VersionComparator::kNotEqual) continue;
    const bool upper = c.comparator != VersionComparator::kEqual && !IsLowerBound(c.comparator);
    if (previous != nullptr && previous->comparator == VersionComparator::kEqual && upper) {
      return error(absl::StrCat("the equality \"", previous->version,
                                "\" may be followed only by an equality or a lower bound (>, >=), "
                                "not by an upper bound on \"", c.version, "\""));
    }
    previous = &c;
    if (c.comparator == VersionComparator::kEqual) {
      has_equal = true;
    } else {
      range.bounds_.push_back(c);
    }
  }
  for (size_t i = 1; i < range.bounds_.size(); ++i) {
    if (IsLowerBound(range.bounds_[i - 1].comparator) == IsLowerBound(range.bounds_[i].comparator)) {
      return error(absl::StrCat("lower bounds (>, >=) and upper bounds (<, <=) must alternate, but \"",
                                range.bounds_[i - 1].version, "\" and \"", range.bounds_[i].version,
                                "\" are both ", IsLowerBound(range.bounds_[i].comparator) ? "lower" : "upper",
                                " bounds"));
    }
  }
  range.only_not_equal_ = range.bounds_.empty() && !has_equal;
  return range;
}

VersionMembership VersRange::Classify(absl::string_view version, const char** problem) const {
  if (any_) return VersionMembership::kInside;
  if (version.empty()) return VersionMembership::kOutside;
  *problem = VersionProblem(scheme_, version);
  if (*problem != nullptr) return VersionMembership::kUnreadable;
  // Equalities first, then `!=`, as the specification checks them.
  for (const Constraint& c : constraints_) {
    if (c.comparator == VersionComparator::kEqual && Satisfies(version, c)) {
      return VersionMembership::kInside;
    }
  }
  for (const Constraint& c : constraints_) {
    if (c.comparator == VersionComparator::kNotEqual && !Satisfies(version, c)) {
      return VersionMembership::kOutside;
    }
  }
  if (only_not_equal_ || WithinBounds(version)) return VersionMembership::kInside;
  return VersionMembership::kOutside;
}

bool VersRange::WithinBounds(absl::string_view version) const {
  if (bounds_.empty()) return false;
  // Lower and upper bounds alternate (Parse checks it): after an optional leading upper
  // bound, each lower bound at i is followed by its upper bound at i + 1, if any.
  size_t i = 0;
  if (!IsLowerBound(bounds_[0].comparator)) {
    if (Satisfies(version, bounds_[0])) return true;
    i = 1;
  }
  for (; i < bounds_.size(); i += 2) {
    if (Satisfies(version, bounds_[i]) && (i + 1 == bounds_.size() || Satisfies(version, bounds_[i + 1]))) {
      return true;
    }
  }
  return false;
}

std::vector<std::string> VersRange::BoundWarnings() const {
  std::vector<std::string> warnings;
  for (const Constraint& c : constraints_) {
    std::string warning = BoundWarning(scheme_, "", c.version);
    if (!warning.empty()) warnings.push_back(std::move(warning));
  }
  return warnings;
}

std::string VersRange::ToString() const {
  if (any_) return absl::StrCat("vers:", scheme_name_, "/*");
  static constexpr absl::string_view kText[] = {"", "!=", "<", "<=", ">", ">="};
  return absl::StrCat("vers:", scheme_name_, "/",
                      absl::StrJoin(constraints_, "|", [](std::string* out, const Constraint& c) {
                        absl::StrAppend(out, kText[static_cast<int>(c.comparator)]);
                        for (char ch : c.version) {
                          const bool encode = ch < 0x21 || ch > 0x7e ||
                                              absl::string_view("><=!*|%").find(ch) != absl::string_view::npos;
                          // Upper-case hex digits: the form Parse takes as canonical.
                          if (encode) {
                            absl::StrAppendFormat(out, "%%%02X", static_cast<unsigned char>(ch));
                          } else {
                            out->push_back(ch);
                          }
                        }
                      }));
}

}  // namespace policy_internal
}  // namespace interdict
