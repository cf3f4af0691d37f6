// Fuzz target: CPE 2.3 formatted strings (cpe.h), up to three, one per line, as
// policies' criteria and artifacts' CPEs.
//
// Invariants: a CPE that parses has its attributes as written (RawCpeAttribute); a
// name matches itself exactly when it has no wildcards (NISTIR 7696 leaves a target
// with wildcards undefined, which is no match); matching is transitive (a superset of
// a superset is a superset).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "fuzz/fuzz_check.h"
#include "policy/internal/cpe.h"

namespace interdict {
namespace fuzzing {
namespace {

using policy_internal::CpeAttribute;
using policy_internal::CpeMatches;

struct ParsedCpe {
  absl::string_view text;
  policy_internal::CpeBuffer buffer;
  policy_internal::CpeView view;
};

void CheckCpes(absl::string_view input) {
  const std::vector<absl::string_view> lines = absl::StrSplit(input, absl::MaxSplits('\n', 2));
  std::vector<ParsedCpe> parsed(lines.size());
  size_t valid = 0;
  for (absl::string_view text : lines) {
    ParsedCpe& cpe = parsed[valid];
    cpe.text = text;
    if (policy_internal::ParseCpe(text, &cpe.buffer, &cpe.view) != nullptr) continue;
    ++valid;
    const std::string what = absl::StrCat("\"", text, "\"");
    for (auto index : {policy_internal::kCpePart, policy_internal::kCpeVendor, policy_internal::kCpeProduct,
                       policy_internal::kCpeVersion}) {
      FUZZ_CHECK(!policy_internal::RawCpeAttribute(text, index).empty(), absl::StrCat(what, ", attribute ", index));
    }
    bool wildcards = false;
    for (const CpeAttribute& attribute : cpe.view.attributes) wildcards = wildcards || attribute.has_wildcards();
    FUZZ_CHECK(CpeMatches(cpe.view, cpe.view) == !wildcards, what);
  }
  parsed.resize(valid);
  for (const ParsedCpe& a : parsed) {
    for (const ParsedCpe& b : parsed) {
      for (const ParsedCpe& c : parsed) {
        if (CpeMatches(a.view, b.view) && CpeMatches(b.view, c.view)) {
          FUZZ_CHECK(CpeMatches(a.view, c.view), absl::StrCat("\"", a.text, "\" matches \"", b.text,
                                                              "\", which matches \"", c.text, "\""));
        }
      }
    }
  }
}

}  // namespace
}  // namespace fuzzing
}  // namespace interdict

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  interdict::fuzzing::CheckCpes(absl::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
