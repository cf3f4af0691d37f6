// File: policy/internal/rpm_version.h
// -----------------------------------------------------------------------------
//
// RPM versions (`[epoch:]version[-release]`), ordered and matched as rpm does, without
// allocating.
//
// - epoch: decimal digits; absent means 0.
// - version and release (after the last `-`): letters, digits and `._+~^`.
// Each of epoch, version and release is compared by rpmvercmp: runs of digits
// (numerically) and of letters (as bytes) taken in turn, other bytes separating
// them; a digit run beats a letter run; `~` sorts before everything, even the end
// ("1.0~rc1" < "1.0"); `^` sorts after the end but before anything else
// ("1.0" < "1.0^git1" < "1.0.1"); when all runs tie, the longer string wins.
//
// rpm has two comparisons, and so does this file:
// - Two versions (sorting, equality, the order of range bounds): rpmverCmp
//   (rpmio/rpmver.cc), where a missing release sorts before any release:
//   "2.0" < "2.0-1".
// - A version against a bound (a range's min or max, a vers constraint): rpm's
//   dependency matching, rpmdsCompare -> rpmverOverlap, the version being a package
//   "= EVR". When only one side has a release, the releases are not compared: a bound
//   without one covers every release of its version ("2.0-1" is inside `= 2.0`,
//   `<= 2.0` and `>= 2.0`, outside `< 2.0` and `> 2.0`), and a version without one
//   meets every bound on its version (rpm: "a missing release is handled as all/any
//   release", so "2.0" is inside `< 2.0-5` and `> 2.0-5` alike).
//
// Example:
//
//   RpmVersionProblem("1:2.4.6-3.el9") == nullptr
//   CompareRpmVersions("1.0a", "1.0") > 0
//   CompareRpmVersions("2.0-1", "2.0") > 0                              // rpmverCmp
//   RpmRangesOverlap("2.0-1", kRpmSenseEqual, "2.0", kRpmSenseLess) == false  // "< 2.0"
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

// <0, 0 or >0 as EVR `a` sorts before, equal to or after `b` (rpmverCmp). Both must be
// valid.
int CompareRpmVersions(absl::string_view a, absl::string_view b);

// rpm's sense flags (RPMSENSE_LESS, _GREATER and _EQUAL of rpmds.h): the comparison of a
// dependency, e.g. kRpmSenseLess | kRpmSenseEqual for "<=". A package's own version is
// kRpmSenseEqual.
using RpmSense = unsigned;
inline constexpr RpmSense kRpmSenseLess = 1u << 1;
inline constexpr RpmSense kRpmSenseGreater = 1u << 2;
inline constexpr RpmSense kRpmSenseEqual = 1u << 3;

// rpmverOverlap: whether the range "sense_a a" shares a version with "sense_b b", as rpm
// decides when it matches a provide against a requirement. Both EVRs must be valid.
bool RpmRangesOverlap(absl::string_view a, RpmSense sense_a, absl::string_view b, RpmSense sense_b);

// rpmverOverlap's last step: whether "sense_a a" and "sense_b b" meet, given the order
// of a against b (<0, 0, >0). It holds for any total order of versions.
bool RpmSensesOverlap(RpmSense sense_a, RpmSense sense_b, int order);

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_RPM_VERSION_H_
