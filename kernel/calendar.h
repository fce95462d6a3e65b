// Calendar dates and the text forms of times. Instants are
// std::chrono::system_clock time points (UTC); a calendar day is a LocalDate in
// Vietnam (Asia/Ho_Chi_Minh). Stored times are ISO 8601 UTC text
// ("2026-11-22T03:15:04Z"); code compares them as time points after
// ParseIso8601, never as strings. Pages show local "dd/mm/yyyy HH:MM".
//
// Vietnam keeps UTC+7 all year (no daylight saving since 1975), so local
// time is the fixed offset kVietnamUtcOffset, not a time-zone database
// lookup (docs/architecture.md, "Dates"). The arithmetic is Howard Hinnant's
// date library, which enters lophoc only through calendar.cpp.
// All functions are pure and thread-safe.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>

namespace lophoc {

using TimePoint = std::chrono::system_clock::time_point;

// Vietnam's offset from UTC.
constexpr std::chrono::hours kVietnamUtcOffset{7};

// A day of the proleptic Gregorian calendar, as lived in Vietnam. Values
// made by MakeDate, ParseIsoDate or the functions below are always valid
// dates; the REQUIRES below ask for one.
struct LocalDate {
  int year = 1970;
  int month = 1;  // 1-12
  int day = 1;    // 1-31
};
bool operator==(const LocalDate& a, const LocalDate& b);
bool operator!=(const LocalDate& a, const LocalDate& b);
bool operator<(const LocalDate& a, const LocalDate& b);
bool operator<=(const LocalDate& a, const LocalDate& b);
bool operator>(const LocalDate& a, const LocalDate& b);
bool operator>=(const LocalDate& a, const LocalDate& b);

// A wall-clock time in Vietnam, to the second.
struct LocalDateTime {
  LocalDate date;
  int hour = 0;    // 0-23
  int minute = 0;  // 0-59
  int second = 0;  // 0-59
};

// The date, or nullopt when there is no such day (30 February, month 13).
std::optional<LocalDate> MakeDate(int year, int month, int day);

// The wall-clock time in Vietnam at instant `t` (sub-seconds dropped, toward
// the past): 2026-11-22T17:00:00Z is 23/11/2026 00:00:00.
LocalDateTime ToLocal(TimePoint t);
// The day in Vietnam at instant `t`.
LocalDate LocalDateOf(TimePoint t);
// The instant of a wall-clock time in Vietnam. REQUIRES: a valid date and
// hour/minute/second in range.
TimePoint ToInstant(const LocalDateTime& t);
// The instant a day begins in Vietnam (17:00Z the day before).
TimePoint StartOfDay(LocalDate d);

// `months` calendar months after (negative: before) `d`, the day clamped to
// the end of the month: 31/01/2027 + 1 month = 28/02/2027, 31/01/2028 + 1
// month = 29/02/2028. REQUIRES: `d` valid.
LocalDate AddMonths(LocalDate d, int months);
// `days` days after (negative: before) `d`. REQUIRES: `d` valid.
LocalDate AddDays(LocalDate d, int days);
// `days` days before `d`: the first day of a window that ends on `d`
// (a renewal window of 60 days before an expiry). REQUIRES: `d` valid.
LocalDate DaysBefore(LocalDate d, int days);
// Days from `from` to `to`: positive when `to` is later. REQUIRES: both valid.
int DaysBetween(LocalDate from, LocalDate to);
// The last day of `d`'s month (28, 29, 30 or 31). REQUIRES: `d` valid.
LocalDate LastDayOfMonth(LocalDate d);

// "2026-11-22T03:15:04Z", the form every stored time has: UTC, whole seconds
// (sub-seconds dropped, toward the past).
std::string FormatIso8601(TimePoint t);
// Reads exactly "YYYY-MM-DDTHH:MM:SSZ", optionally with 1-9 digits of
// fractions after the seconds ("...04.123Z"). nullopt for anything else:
// another shape, an offset other than Z, no such day, hour 24, second 60.
std::optional<TimePoint> ParseIso8601(std::string_view text);

// "2026-11-22" (ISO 8601 calendar date) and back; ParseIsoDate refuses any
// other shape and days that do not exist.
std::string FormatIsoDate(LocalDate d);
std::optional<LocalDate> ParseIsoDate(std::string_view text);
// A day as people type it: ISO "2026-12-31", or Vietnam's day first
// "31/12/2026" (also "1/2/2026"). The year has four digits in both, so the
// forms cannot be confused; nullopt for any other shape ("12/31/2026" is
// refused: there is no month 31) and for days that do not exist.
std::optional<LocalDate> ParseDayText(std::string_view text);

// The forms Vietnamese pages show: "22/11/2026", and "22/11/2026 10:15" for
// an instant in Vietnam's time.
std::string FormatLocalDate(LocalDate d);
std::string FormatLocalDateTime(TimePoint t);

// "Sun, 22 Nov 2026 03:15:04 GMT": the IMF-fixdate of HTTP headers
// (RFC 9110, 5.6.7), English names whatever the process locale.
std::string FormatHttpDate(TimePoint t);

}  // namespace lophoc
