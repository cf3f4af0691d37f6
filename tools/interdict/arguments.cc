// The command line of `interdict` (arguments.h).
#include "tools/interdict/arguments.h"

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"

namespace interdict {
namespace cli {
namespace {

// Whether `value` holds nothing but blanks and commas: no value at all, for a single
// value or a list (`--jurisdiction=,` would otherwise mean the default).
bool IsEmptyValue(absl::string_view value) {
  return std::vector<absl::string_view>(absl::StrSplit(value, ',', absl::SkipWhitespace())).empty();
}

}  // namespace

std::vector<std::string> Arguments::Values(absl::string_view flag) const {
  std::vector<std::string> out;
  auto it = flags_.find(std::string(flag));
  if (it == flags_.end()) return out;
  for (const std::string& value : it->second) {
    for (absl::string_view part : absl::StrSplit(value, ',', absl::SkipWhitespace())) {
      out.emplace_back(part);
    }
  }
  return out;
}

std::string Arguments::Value(absl::string_view flag, absl::string_view fallback) const {
  auto it = flags_.find(std::string(flag));
  if (it == flags_.end() || it->second.empty()) return std::string(fallback);
  return it->second.back();
}

absl::StatusOr<Arguments> ParseArguments(const std::vector<std::string>& args,
                                         const std::vector<FlagSpec>& specs) {
  Arguments out;
  bool flags_ended = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (flags_ended || arg == "-" || !absl::StartsWith(arg, "--")) {
      out.positional_.push_back(arg);
      continue;
    }
    if (arg == "--") {
      flags_ended = true;
      continue;
    }
    std::string name = arg.substr(2);
    std::string value;
    const size_t equals = name.find('=');
    const bool has_value = equals != std::string::npos;
    if (has_value) {
      value = name.substr(equals + 1);
      name.resize(equals);
    }
    const FlagSpec* spec = nullptr;
    for (const FlagSpec& candidate : specs) {
      if (name == candidate.name) spec = &candidate;
    }
    if (spec == nullptr) return absl::InvalidArgumentError(absl::StrCat("unknown flag --", name));
    if (!spec->takes_value) {
      if (has_value) return absl::InvalidArgumentError(absl::StrCat("--", name, " takes no value"));
      out.flags_[name].push_back("");
      continue;
    }
    if (!has_value) {
      if (i + 1 >= args.size()) return absl::InvalidArgumentError(absl::StrCat("--", name, ": a value is required"));
      value = args[++i];
    }
    if (IsEmptyValue(value)) return absl::InvalidArgumentError(absl::StrCat("--", name, ": empty value"));
    std::vector<std::string>& values = out.flags_[name];
    if (!spec->repeatable && !values.empty()) {
      return absl::InvalidArgumentError(absl::StrCat("--", name, ": given twice (\"", values.front(), "\" and \"",
                                                     value, "\"); give it once"));
    }
    values.push_back(value);
  }
  return out;
}

}  // namespace cli
}  // namespace interdict
