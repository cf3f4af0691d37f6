// Fuzz target: a vers range (first line) and versions to place in it (the other lines),
// as a policy's `package { vers: ... }` and artifacts' purl versions (vers_range.h).
//
// Invariants: what VersRange::Parse accepts, ParseVersSyntax accepts, and it has a
// constraint or is `*`; the canonical form (ToString) reads back to itself, in the
// same scheme, and places every version where the original range does; `*` contains
// every version; an unreadable version comes with its problem.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "fuzz/fuzz_check.h"
#include "policy/internal/vers_range.h"
#include "policy/internal/version_scheme.h"

namespace interdict {
namespace fuzzing {
namespace {

using policy_internal::VersionMembership;
using policy_internal::VersRange;

void CheckVers(absl::string_view text) {
  const std::vector<absl::string_view> lines = absl::StrSplit(text, '\n');
  const absl::string_view vers = lines[0];
  const absl::StatusOr<policy_internal::VersSyntax> syntax = policy_internal::ParseVersSyntax(vers);
  const absl::StatusOr<VersRange> range = VersRange::Parse(vers);
  if (syntax.ok()) FUZZ_CHECK(syntax->star || !syntax->constraints.empty(), vers);
  if (!range.ok()) return;
  FUZZ_CHECK(syntax.ok(), syntax.status().ToString());
  const std::string canonical = range->ToString();
  const std::string what = absl::StrCat("\"", vers, "\" -> \"", canonical, "\"");
  for (const std::string& warning : range->BoundWarnings()) FUZZ_CHECK(!warning.empty(), what);
  const absl::StatusOr<VersRange> again = VersRange::Parse(canonical);
  FUZZ_CHECK(again.ok(), absl::StrCat(what, ": ", again.status().ToString()));
  FUZZ_CHECK(again->ToString() == canonical && again->scheme() == range->scheme(), what);
  for (size_t i = 1; i < lines.size(); ++i) {
    const char* problem = nullptr;
    const VersionMembership membership = range->Classify(lines[i], &problem);
    const char* again_problem = nullptr;
    const std::string placing = absl::StrCat(what, ", version \"", lines[i], "\"");
    FUZZ_CHECK(again->Classify(lines[i], &again_problem) == membership, placing);
    FUZZ_CHECK((membership == VersionMembership::kUnreadable) == (problem != nullptr), placing);
    FUZZ_CHECK(!range->contains_every_version() || membership == VersionMembership::kInside, placing);
  }
}

}  // namespace
}  // namespace fuzzing
}  // namespace interdict

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  interdict::fuzzing::CheckVers(absl::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
