// File: policy/internal/rpm_version.h
// -----------------------------------------------------------------------------
//
// RPM versions (`[epoch:]version[-release]`), ordered as rpm orders EVRs, without
// allocating.
//
// - epoch: decimal digits; absent means 0.
// - version and release (after the last `-`): letters, digits and `._+~^`.
// Each of epoch, version and release is compared by rpmvercmp: runs of digits
// (numerically) and of letters (as bytes) taken in turn, other bytes separating
// them; a digit run beats a letter run; `~` sorts before everything, even the end
// ("1.0~rc1" < "1.0"); `^` sorts after the end but before anything else
// ("1.0" < "1.0^git1" < "1.0.1"); when all runs tie, the longer string wins. As in
// rpm, a release is compared only when both sides have one, so a bound written
// without a release ("2.0") equals every release of that version.
//
// Example:
//
//   RpmVersionProblem("1:2.4.6-3.el9") == nullptr
//   CompareRpmVersions("1.0a", "1.0") > 0
//   CompareRpmVersions("2.0-1", "2.0") == 0     // no release on one side
//
// Thread safety: pure functions.

#ifndef INTERDICT_POLICY_INTERNAL_RPM_VERSION_H_
#define INTERDICT_POLICY_INTERNAL_RPM_VERSION_H_

#include "absl/strings/string_view.h"

namespace interdict {
namespace policy_internal {

// nullptr when `version` is a valid RPM EVR; otherwise a static description of its
// first problem, e.g. "release is empty".
const char* RpmVersionProblem(absl::string_view version);

// rpmvercmp on one segment (a version or a release): <0, 0 or >0.
int RpmVerCmp(absl::string_view a, absl::string_view b);

// <0, 0 or >0 as EVR `a` sorts before, equal to or after `b`. Both must be valid.
int CompareRpmVersions(absl::string_view a, absl::string_view b);

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_RPM_VERSION_H_
