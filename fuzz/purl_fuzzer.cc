// Fuzz target: a package URL (the whole input), through both parsers of package_url.h:
// ParsePackageUrl, the allocation-free one evaluation runs on artifacts' purls, and
// PackageUrl::Parse, the owned one the compiler runs on policies' purls.
//
// Invariants: the two accept the same inputs and read the same components (so an
// artifact's purl and a policy's meet in one normal form); the canonical form
// (ToString) reads back to the same purl and to itself; a version has a full version
// unless its epoch is unusable.
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "fuzz/fuzz_check.h"
#include "policy/internal/package_url.h"

namespace interdict {
namespace fuzzing {
namespace {

using policy_internal::PackageUrl;

bool SameComponents(const PackageUrl& a, const PackageUrl& b) {
  return a.type == b.type && a.namespace_ == b.namespace_ && a.name == b.name && a.version == b.version &&
         a.qualifiers == b.qualifiers && a.subpath == b.subpath;
}

void CheckPurl(absl::string_view text) {
  policy_internal::PackageUrlBuffer buffer;
  policy_internal::PackageUrlView view;
  const char* problem = policy_internal::ParsePackageUrl(text, &buffer, &view);
  const absl::StatusOr<PackageUrl> owned = PackageUrl::Parse(text);
  FUZZ_CHECK((problem == nullptr) == owned.ok(),
             absl::StrCat(problem == nullptr ? "" : problem, " / ", owned.status().ToString()));
  if (!owned.ok()) return;
  const std::string what = absl::StrCat("\"", text, "\"");
  FUZZ_CHECK(view.type == owned->type && view.namespace_ == owned->namespace_ && view.name == owned->name &&
                 view.version == owned->version && view.subpath == owned->subpath,
             what);
  FUZZ_CHECK(view.version.empty() ? view.full_version.empty()
                                  : view.epoch_problem != nullptr || !view.full_version.empty(),
             what);
  const std::string canonical = owned->ToString();
  // Encoding may lengthen a purl past what the parsers take; those are compared by
  // their components, never re-read.
  if (canonical.size() > policy_internal::kMaxPackageUrlBytes) return;
  const absl::StatusOr<PackageUrl> again = PackageUrl::Parse(canonical);
  FUZZ_CHECK(again.ok(), absl::StrCat(what, " -> \"", canonical, "\": ", again.status().ToString()));
  FUZZ_CHECK(SameComponents(*owned, *again), absl::StrCat(what, " -> \"", canonical, "\""));
  FUZZ_CHECK(again->ToString() == canonical,
             absl::StrCat(what, " -> \"", canonical, "\" -> \"", again->ToString(), "\""));
}

}  // namespace
}  // namespace fuzzing
}  // namespace interdict

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  interdict::fuzzing::CheckPurl(absl::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
