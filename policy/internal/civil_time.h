// File: policy/internal/civil_time.h
// -----------------------------------------------------------------------------
//
// Strict parsing of the civil dates and times policy authors write, their
// resolution to absolute instants in IANA time zones, and the one format in which
// messages and explanations write instants.
//
// Accepted forms: dates "YYYY-MM-DD"; times "HH:MM" or "HH:MM:SS" (24-hour);
// timestamps "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM[:SS]". Out-of-range fields
// ("2024-02-30", "24:00") are errors, never normalised into another day.
// A civil time that a daylight-saving change skips or repeats resolves as
// absl::FromCivil does: to the instant using the offset in force before the change.
//
// Example:
//
//   TimeZoneCache zones;
//   absl::StatusOr<absl::TimeZone> ny = zones.Load("America/New_York");
//   absl::StatusOr<absl::CivilSecond> cs = ParseCivilDateTime("2024-09-29", "00:00");
//   absl::Time t = absl::FromCivil(*cs, *ny);  // 2024-09-29T04:00:00Z
//
// Thread safety: the functions are pure; a TimeZoneCache is thread-hostile.

#ifndef INTERDICT_POLICY_INTERNAL_CIVIL_TIME_H_
#define INTERDICT_POLICY_INTERNAL_CIVIL_TIME_H_

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace interdict {
namespace policy_internal {

// Parses a date and an optional time of day (empty: 00:00:00).
// Errors (kInvalidArgument) name the offending text, e.g.
// `invalid date "2024-02-30": expected YYYY-MM-DD, a real calendar day`.
absl::StatusOr<absl::CivilSecond> ParseCivilDateTime(absl::string_view date,
                                                     absl::string_view time);

// The instant of `civil` in `zone`: absl::FromCivil, with UTC worked out directly
// (most instants in generated policies are UTC; the zone lookup costs more than the
// rest of compiling a step).
absl::Time CivilToTime(absl::CivilSecond civil, absl::TimeZone zone);

// "2024-09-29T04:00:00Z": how messages and explanations write an instant (UTC).
std::string FormatInstant(absl::Time instant);

// Loads IANA time zones once each.
class TimeZoneCache {
 public:
  // kInvalidArgument `unknown time zone "Mars/Base"` when the zone cannot be loaded;
  // an empty name is `missing time zone`.
  absl::StatusOr<absl::TimeZone> Load(absl::string_view name);

 private:
  absl::flat_hash_map<std::string, absl::TimeZone> zones_;
};

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_CIVIL_TIME_H_
