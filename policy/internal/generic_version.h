// File: policy/internal/generic_version.h
// -----------------------------------------------------------------------------
//
// Orders version strings in the GENERIC scheme of interdict.v1.VersionScheme,
// without allocating.
//
// A version is read as runs of ASCII digits (compared numerically, leading zeros
// ignored, any length) and runs of ASCII letters (compared case-insensitively as
// ASCII); every other byte separates runs. Runs are compared pairwise from the
// left. When one version runs out: missing numeric runs count as 0 (so
// "1.2" == "1.2.0"), and a letter run sorts before a missing run, so
// "1.0rc1" < "1.0" and "1.0.a" < "1.0". A numeric run sorts after a letter run
// at the same position ("1.a" < "1.0").
//
// Example:
//
//   CompareGenericVersions("21.3.10.391", "21.3.9") > 0   // 10 > 9
//   CompareGenericVersions("1.2", "1.2.0") == 0
//
// GenericVersionKey is the same order, precomputed: a version read once into a few
// integers compares with each bound in a handful of instructions. Evaluation reads an
// artifact's version once and compares it with every version range of its candidates.
//
//   GenericVersionKey version, bound;
//   if (version.Assign("21.3.10.391") && bound.Assign("21.3.9")) {
//     CompareGenericVersionKeys(version, bound) > 0;   // as CompareGenericVersions
//   }
//
// Thread safety: pure functions; a GenericVersionKey is a value.

#ifndef INTERDICT_POLICY_INTERNAL_GENERIC_VERSION_H_
#define INTERDICT_POLICY_INTERNAL_GENERIC_VERSION_H_

#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"

namespace interdict {
namespace policy_internal {

// Returns <0, 0 or >0 as `a` sorts before, equal to or after `b`.
int CompareGenericVersions(absl::string_view a, absl::string_view b);

// A version's runs as codes whose order is the runs' order: a letter run is its
// lower-cased letters, big-endian, below 2^56 (so "a" < "ab" < "b"); a numeric run is
// 2^63 + its value; a missing run is 2^63, the code of the number 0. Trailing codes
// of 2^63 are dropped, so keys compare as sequences padded with 2^63.
class GenericVersionKey {
 public:
  // Versions with more runs than this are compared as text.
  static constexpr size_t kMaxRuns = 6;

  // Reads `version`. False (the key unusable) when a run does not fit a code: more
  // than kMaxRuns runs, a number of more than 18 digits (leading zeros aside) or a
  // letter run longer than 7. Then compare the text with CompareGenericVersions.
  bool Assign(absl::string_view version);

  // Whether the version had no run at all: no digit and no letter (GENERIC's only
  // invalid versions). Valid after Assign returned true.
  bool no_runs() const { return no_runs_; }

  // <0, 0 or >0 as CompareGenericVersions on the versions the keys were assigned.
  friend int CompareGenericVersionKeys(const GenericVersionKey& a, const GenericVersionKey& b) {
    const uint32_t size = a.size_ > b.size_ ? a.size_ : b.size_;
    for (uint32_t i = 0; i < size; ++i) {
      if (a.codes_[i] != b.codes_[i]) return a.codes_[i] < b.codes_[i] ? -1 : 1;
    }
    return 0;
  }

 private:
  // The code of the number 0, which is also that of a missing run.
  static constexpr uint64_t kZeroCode = uint64_t{1} << 63;

  uint64_t codes_[kMaxRuns];  // Past size_, kZeroCode.
  uint32_t size_ = 0;  // Codes up to the last that is not kZeroCode.
  bool no_runs_ = true;
};

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_GENERIC_VERSION_H_
