// Tests of strict civil date/time parsing and time zone loading.
#include "policy/internal/civil_time.h"

#include <string>

#include "absl/strings/str_format.h"
#include "gtest/gtest.h"

namespace interdict {
namespace policy_internal {
namespace {

TEST(CivilTimeTest, ParsesDatesWithOptionalTimes) {
  EXPECT_EQ(*ParseCivilDateTime("2024-09-29", ""), absl::CivilSecond(2024, 9, 29, 0, 0, 0));
  EXPECT_EQ(*ParseCivilDateTime("2024-09-29", "18:30"), absl::CivilSecond(2024, 9, 29, 18, 30, 0));
  EXPECT_EQ(*ParseCivilDateTime("2024-02-29", "23:59:59"), absl::CivilSecond(2024, 2, 29, 23, 59, 59));
}

TEST(CivilTimeTest, RejectsImpossibleOrMalformedDates) {
  for (const char* date : {"2024-02-30", "2023-02-29", "2024-2-01", "2024/02/01", "24-02-01"}) {
    absl::StatusOr<absl::CivilSecond> parsed = ParseCivilDateTime(date, "");
    EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument) << date;
    EXPECT_EQ(parsed.status().message(),
              std::string("invalid date \"") + date + "\": expected YYYY-MM-DD, a real calendar day");
  }
  EXPECT_EQ(ParseCivilDateTime("", "").status().message(), "missing date");
}

TEST(CivilTimeTest, AcceptsExactlyTheDaysOfTheCalendar) {
  // Every month 0-13 and day 0-32 of common, leap and century years, against
  // absl::CivilDay: a date is read when the civil day it names keeps its fields.
  for (int year : {1, 1600, 1900, 2000, 2023, 2024, 2100, 9999}) {
    for (int month = 0; month <= 13; ++month) {
      for (int day = 0; day <= 32; ++day) {
        const std::string date = absl::StrFormat("%04d-%02d-%02d", year, month, day);
        const absl::CivilDay civil(year, month, day);
        const bool real = civil.year() == year && civil.month() == month && civil.day() == day;
        EXPECT_EQ(ParseCivilDateTime(date, "").ok(), real) << date;
      }
    }
  }
}

TEST(CivilTimeTest, RejectsOutOfRangeTimes) {
  for (const char* time : {"24:00", "12:60", "12:00:60", "9:00", "12h00"}) {
    EXPECT_EQ(ParseCivilDateTime("2024-01-01", time).status().message(),
              std::string("invalid time \"") + time + "\": expected HH:MM or HH:MM:SS, 24-hour")
        << time;
  }
}

TEST(CivilTimeTest, ResolvesDeadlinesInTheirZone) {
  TimeZoneCache zones;
  absl::StatusOr<absl::TimeZone> new_york = zones.Load("America/New_York");
  ASSERT_TRUE(new_york.ok()) << new_york.status();
  EXPECT_EQ(absl::FromCivil(*ParseCivilDateTime("2024-09-29", "00:00"), *new_york),
            absl::FromUnixSeconds(1727582400));  // 2024-09-29T04:00:00Z
  absl::StatusOr<absl::TimeZone> seoul = zones.Load("Asia/Seoul");
  ASSERT_TRUE(seoul.ok());
  EXPECT_EQ(absl::FromCivil(*ParseCivilDateTime("2025-02-15", "18:00"), *seoul),
            absl::FromUnixSeconds(1739610000));  // 2025-02-15T09:00:00Z
}

TEST(CivilTimeTest, CivilToTimeAgreesWithFromCivil) {
  TimeZoneCache zones;
  for (const char* name : {"UTC", "America/New_York", "Australia/Lord_Howe"}) {
    absl::StatusOr<absl::TimeZone> zone = zones.Load(name);
    ASSERT_TRUE(zone.ok()) << name;
    for (const char* date : {"0001-01-01", "1969-12-31", "1970-01-01", "2024-02-29", "2024-03-10",
                             "2024-11-03", "9999-12-31"}) {
      for (const char* time : {"00:00", "01:30", "02:30:59", "23:59:59"}) {
        const absl::CivilSecond civil = *ParseCivilDateTime(date, time);
        EXPECT_EQ(CivilToTime(civil, *zone), absl::FromCivil(civil, *zone)) << name << " " << date << " " << time;
      }
    }
  }
  EXPECT_TRUE(*zones.Load("UTC") == absl::UTCTimeZone());  // The fast path is taken.
}

TEST(CivilTimeTest, ZonesLoadedInTurnAreEachTheirOwn) {
  TimeZoneCache zones;
  // Several zones, each asked for again after others.
  for (const char* name : {"Asia/Seoul", "Asia/Seoul", "UTC", "Asia/Seoul", "Mars/Base", "America/New_York",
                           "Europe/Berlin", "Australia/Lord_Howe", "America/Chicago", "UTC", "Asia/Seoul",
                           "Europe/Berlin", "Mars/Base", "America/New_York"}) {
    absl::StatusOr<absl::TimeZone> zone = zones.Load(name);
    if (std::string(name) == "Mars/Base") {
      EXPECT_FALSE(zone.ok());
      continue;
    }
    ASSERT_TRUE(zone.ok()) << name;
    EXPECT_EQ(zone->name(), name);
  }
}

TEST(CivilTimeTest, UnknownAndMissingZonesAreErrors) {
  TimeZoneCache zones;
  EXPECT_EQ(zones.Load("Mars/Base").status().message(), "unknown time zone \"Mars/Base\"");
  EXPECT_EQ(zones.Load("").status().message(), "missing time zone");
}

}  // namespace
}  // namespace policy_internal
}  // namespace interdict
