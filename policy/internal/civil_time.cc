// Strict civil date/time parsing and time zone loading for policy timelines.
#include "policy/internal/civil_time.h"

#include <cstddef>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace interdict {
namespace policy_internal {
namespace {

// Reads exactly `width` ASCII digits at `pos` of `text`.
bool ReadDigits(absl::string_view text, size_t pos, size_t width, int* value) {
  if (pos + width > text.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + width; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    v = v * 10 + (text[i] - '0');
  }
  *value = v;
  return true;
}

bool IsLeapYear(int year) { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0); }

// Days in `month` (1-12) of `year`, proleptic Gregorian as absl::CivilDay counts them.
int DaysInMonth(int year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

// Reads "YYYY-MM-DD", a real calendar day (checked by hand: constructing a civil day
// to compare costs more, and timelines have millions of dates).
bool ParseDate(absl::string_view text, int* y, int* m, int* d) {
  return text.size() == 10 && text[4] == '-' && text[7] == '-' && ReadDigits(text, 0, 4, y) &&
         ReadDigits(text, 5, 2, m) && ReadDigits(text, 8, 2, d) && *m >= 1 && *m <= 12 &&
         *d >= 1 && *d <= DaysInMonth(*y, *m);
}

bool ParseTime(absl::string_view text, int* h, int* m, int* s) {
  *s = 0;
  const bool has_seconds = text.size() == 8;
  if ((text.size() != 5 && !has_seconds) || text[2] != ':' || !ReadDigits(text, 0, 2, h) ||
      !ReadDigits(text, 3, 2, m)) {
    return false;
  }
  if (has_seconds && (text[5] != ':' || !ReadDigits(text, 6, 2, s))) return false;
  return *h < 24 && *m < 60 && *s < 60;
}

absl::Status DateError(absl::string_view date) {
  return absl::InvalidArgumentError(
      absl::StrCat("invalid date \"", date, "\": expected YYYY-MM-DD, a real calendar day"));
}

absl::Status TimeError(absl::string_view time) {
  return absl::InvalidArgumentError(
      absl::StrCat("invalid time \"", time, "\": expected HH:MM or HH:MM:SS, 24-hour"));
}

}  // namespace

absl::StatusOr<absl::CivilSecond> ParseCivilDateTime(absl::string_view date,
                                                     absl::string_view time) {
  if (date.empty()) return absl::InvalidArgumentError("missing date");
  int year = 0, month = 0, day = 0;
  if (!ParseDate(date, &year, &month, &day)) return DateError(date);
  int h = 0, m = 0, s = 0;
  if (!time.empty() && !ParseTime(time, &h, &m, &s)) return TimeError(time);
  return absl::CivilSecond(year, month, day, h, m, s);
}

absl::StatusOr<absl::TimeZone> TimeZoneCache::Load(absl::string_view name) {
  if (name.empty()) return absl::InvalidArgumentError("missing time zone");
  auto it = zones_.find(name);
  if (it != zones_.end()) return it->second;
  absl::TimeZone zone;
  if (!absl::LoadTimeZone(std::string(name), &zone)) {
    return absl::InvalidArgumentError(absl::StrCat("unknown time zone \"", name, "\""));
  }
  zones_.emplace(std::string(name), zone);
  return zone;
}

absl::Time CivilToTime(absl::CivilSecond civil, absl::TimeZone zone) {
  if (zone == absl::UTCTimeZone()) return absl::FromUnixSeconds(civil - absl::CivilSecond(1970, 1, 1));
  return absl::FromCivil(civil, zone);
}

std::string FormatInstant(absl::Time instant) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", instant, absl::UTCTimeZone());
}

}  // namespace policy_internal
}  // namespace interdict
