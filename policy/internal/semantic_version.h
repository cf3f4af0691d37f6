// File: policy/internal/semantic_version.h
// -----------------------------------------------------------------------------
//
// Semantic Versioning 2.0.0 (semver.org), validated strictly and ordered by its
// precedence rules, without allocating.
//
// Grammar: MAJOR.MINOR.PATCH, each a number without leading zeros; an optional
// pre-release after `-` and optional build metadata after `+`, both dot-separated
// non-empty identifiers of [0-9A-Za-z-]; numeric pre-release identifiers have no
// leading zeros. Numbers may be of any length. A leading "v" is not part of a
// semantic version and is rejected.
// Precedence: major, minor, patch numerically; a version with a pre-release sorts
// before the same version without; pre-release identifiers compare one by one,
// numeric ones numerically and below alphanumeric ones, alphanumeric ones in ASCII
// order; a shorter list of equal identifiers sorts first. Build metadata is ignored.
//
// Example:
//
//   SemanticVersionProblem("1.0.0-alpha.1+build.5") == nullptr
//   SemanticVersionProblem("1.02.0")   // "minor has a leading zero"
//   CompareSemanticVersions("1.0.0-alpha", "1.0.0-alpha.1") < 0
//   CompareSemanticVersions("1.0.0+build.1", "1.0.0") == 0
//
// Thread safety: pure functions.

#ifndef INTERDICT_POLICY_INTERNAL_SEMANTIC_VERSION_H_
#define INTERDICT_POLICY_INTERNAL_SEMANTIC_VERSION_H_

#include "absl/strings/string_view.h"

namespace interdict {
namespace policy_internal {

// nullptr when `version` is a valid semantic version; otherwise a static
// description of its first problem.
const char* SemanticVersionProblem(absl::string_view version);

// <0, 0 or >0 by precedence. Both must be valid.
int CompareSemanticVersions(absl::string_view a, absl::string_view b);

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_SEMANTIC_VERSION_H_
