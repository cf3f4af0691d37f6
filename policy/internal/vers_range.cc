// vers ranges (see vers_range.h).
#include "policy/internal/vers_range.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
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

}  // namespace

absl::StatusOr<VersRange> VersRange::Parse(absl::string_view text) {
  auto error = [&text](absl::string_view problem) {
    return absl::InvalidArgumentError(absl::StrCat("invalid vers \"", text, "\": ", problem));
  };
  std::string compact;
  for (char c : text) {
    if (c != ' ' && c != '\t') compact.push_back(c);
  }
  absl::string_view rest = compact;
  if (rest.substr(0, 5) != "vers:") return error("does not start with \"vers:\"");
  rest.remove_prefix(5);
  const size_t slash = rest.find('/');
  if (slash == absl::string_view::npos) return error("has no '/' after the versioning scheme");
  VersRange range;
  range.scheme_name_ = absl::AsciiStrToLower(rest.substr(0, slash));
  if (!SchemeNamed(range.scheme_name_, &range.scheme_)) {
    return error(absl::StrCat("versioning scheme \"", range.scheme_name_,
                              "\" is not supported (supported: deb, rpm, semver, npm, cargo, generic)"));
  }
  rest.remove_prefix(slash + 1);
  if (rest.empty()) return error("has no constraints");
  if (rest == "*") {
    range.any_ = true;
    return range;
  }
  for (absl::string_view item : absl::StrSplit(rest, '|')) {
    if (item.empty()) return error("has an empty constraint");
    if (item == "*") return error("'*' must be the only constraint");
    Constraint constraint;
    absl::string_view version = item;
    static const struct {
      absl::string_view text;
      Comparator comparator;
    } kComparators[] = {{">=", Comparator::kGreaterOrEqual}, {"<=", Comparator::kLessOrEqual},
                        {"!=", Comparator::kNotEqual},      {">", Comparator::kGreater},
                        {"<", Comparator::kLess},           {"=", Comparator::kEqual}};
    for (const auto& c : kComparators) {
      if (version.substr(0, c.text.size()) == c.text) {
        constraint.comparator = c.comparator;
        version.remove_prefix(c.text.size());
        break;
      }
    }
    constraint.version.resize(version.size());
    size_t decoded = 0;
    const bool decodable = PercentDecode(version, &constraint.version[0], &decoded);
    constraint.version.resize(decodable ? decoded : 0);
    if (!decodable) {
      return error(absl::StrCat("constraint \"", item, "\" has a '%' not followed by two hex digits"));
    }
    if (constraint.version.empty()) return error(absl::StrCat("constraint \"", item, "\" has no version"));
    if (const char* problem = VersionProblem(range.scheme_, constraint.version)) {
      return error(absl::StrCat("\"", constraint.version, "\" is not a valid ",
                                VersionSchemeName(range.scheme_), " version: ", problem));
    }
    range.constraints_.push_back(std::move(constraint));
  }
  const v1::VersionScheme scheme = range.scheme_;
  std::sort(range.constraints_.begin(), range.constraints_.end(),
            [scheme](const Constraint& a, const Constraint& b) {
              return CompareVersions(scheme, a.version, b.version) < 0;
            });
  for (size_t i = 1; i < range.constraints_.size(); ++i) {
    if (CompareVersions(scheme, range.constraints_[i - 1].version, range.constraints_[i].version) == 0) {
      return error(absl::StrCat("version \"", range.constraints_[i].version, "\" appears more than once"));
    }
  }
  bool has_equal = false;
  for (const Constraint& c : range.constraints_) {
    if (c.comparator == Comparator::kEqual) has_equal = true;
    if (c.comparator != Comparator::kEqual && c.comparator != Comparator::kNotEqual) {
      range.bounds_.push_back(c);
    }
  }
  auto lower = [](Comparator c) { return c == Comparator::kGreater || c == Comparator::kGreaterOrEqual; };
  for (size_t i = 1; i < range.bounds_.size(); ++i) {
    if (lower(range.bounds_[i - 1].comparator) == lower(range.bounds_[i].comparator)) {
      return error(absl::StrCat("lower bounds (>, >=) and upper bounds (<, <=) must alternate, but \"",
                                range.bounds_[i].version, "\" and \"", range.bounds_[i - 1].version,
                                "\" are both ", lower(range.bounds_[i].comparator) ? "lower" : "upper",
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
  for (const Constraint& c : constraints_) {
    if (CompareVersions(scheme_, version, c.version) != 0) continue;
    return c.comparator == Comparator::kNotEqual || c.comparator == Comparator::kLess ||
                   c.comparator == Comparator::kGreater
               ? VersionMembership::kOutside
               : VersionMembership::kInside;
  }
  if (only_not_equal_) return VersionMembership::kInside;
  if (bounds_.empty()) return VersionMembership::kOutside;
  auto is_upper = [](Comparator c) { return c == Comparator::kLess || c == Comparator::kLessOrEqual; };
  if (is_upper(bounds_.front().comparator) && CompareVersions(scheme_, version, bounds_.front().version) < 0) {
    return VersionMembership::kInside;
  }
  if (!is_upper(bounds_.back().comparator) && CompareVersions(scheme_, version, bounds_.back().version) > 0) {
    return VersionMembership::kInside;
  }
  for (size_t i = 0; i + 1 < bounds_.size(); ++i) {
    if (!is_upper(bounds_[i].comparator) && is_upper(bounds_[i + 1].comparator) &&
        CompareVersions(scheme_, version, bounds_[i].version) > 0 &&
        CompareVersions(scheme_, version, bounds_[i + 1].version) < 0) {
      return VersionMembership::kInside;
    }
  }
  return VersionMembership::kOutside;
}

std::string VersRange::ToString() const {
  if (any_) return absl::StrCat("vers:", scheme_name_, "/*");
  static constexpr absl::string_view kText[] = {"", "!=", "<", "<=", ">", ">="};
  return absl::StrCat("vers:", scheme_name_, "/",
                      absl::StrJoin(constraints_, "|", [](std::string* out, const Constraint& c) {
                        absl::StrAppend(out, kText[static_cast<int>(c.comparator)], c.version);
                      }));
}

}  // namespace policy_internal
}  // namespace interdict
