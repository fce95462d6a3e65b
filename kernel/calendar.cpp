#include "kernel/calendar.h"

#include <date/date.h>

#include <algorithm>
#include <cstdio>

namespace lophoc {
namespace {

using std::chrono::seconds;

date::year_month_day Ymd(LocalDate d) {
  return date::year{d.year} / date::month{static_cast<unsigned>(d.month)} /
         date::day{static_cast<unsigned>(d.day)};
}

LocalDate FromYmd(date::year_month_day ymd) {
  return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

// Days since 1970-01-01 of a valid date.
date::sys_days Days(LocalDate d) { return date::sys_days{Ymd(d)}; }

// Wall-clock seconds in Vietnam, counted like UTC seconds since the epoch.
date::local_seconds Local(TimePoint t) {
  return date::local_seconds{date::floor<seconds>(t).time_since_epoch() + kVietnamUtcOffset};
}

// Reads `n` decimal digits at `s[at]`; -1 when any is not a digit.
int Digits(std::string_view s, size_t at, size_t n) {
  int v = 0;
  for (size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

// "YYYY-MM-DD" at the start of `s` (which has at least 10 bytes).
std::optional<LocalDate> DatePart(std::string_view s) {
  if (s[4] != '-' || s[7] != '-') return std::nullopt;
  const int y = Digits(s, 0, 4), m = Digits(s, 5, 2), d = Digits(s, 8, 2);
  if (y < 0 || m < 0 || d < 0) return std::nullopt;
  return MakeDate(y, m, d);
}

}  // namespace

bool operator==(const LocalDate& a, const LocalDate& b) {
  return std::tie(a.year, a.month, a.day) == std::tie(b.year, b.month, b.day);
}
bool operator!=(const LocalDate& a, const LocalDate& b) { return !(a == b); }
bool operator<(const LocalDate& a, const LocalDate& b) {
  return std::tie(a.year, a.month, a.day) < std::tie(b.year, b.month, b.day);
}
bool operator<=(const LocalDate& a, const LocalDate& b) { return !(b < a); }
bool operator>(const LocalDate& a, const LocalDate& b) { return b < a; }
bool operator>=(const LocalDate& a, const LocalDate& b) { return !(a < b); }

std::optional<LocalDate> MakeDate(int year, int month, int day) {
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  const LocalDate d{year, month, day};
  if (!Ymd(d).ok()) return std::nullopt;
  return d;
}

LocalDateTime ToLocal(TimePoint t) {
  const date::local_seconds local = Local(t);
  const date::local_days day = date::floor<date::days>(local);
  const date::hh_mm_ss<seconds> time{local - day};
  return {FromYmd(date::year_month_day{day}), static_cast<int>(time.hours().count()),
          static_cast<int>(time.minutes().count()), static_cast<int>(time.seconds().count())};
}

LocalDate LocalDateOf(TimePoint t) { return ToLocal(t).date; }

TimePoint ToInstant(const LocalDateTime& t) {
  const seconds wall = Days(t.date).time_since_epoch() + std::chrono::hours(t.hour) +
                       std::chrono::minutes(t.minute) + seconds(t.second);
  return TimePoint(wall - kVietnamUtcOffset);
}

TimePoint StartOfDay(LocalDate d) { return ToInstant({d, 0, 0, 0}); }

LocalDate AddMonths(LocalDate d, int months) {
  date::year_month ym = date::year{d.year} / date::month{static_cast<unsigned>(d.month)};
  ym += date::months{months};
  const date::year_month_day_last last{ym.year(), date::month_day_last{ym.month()}};
  const date::day day = std::min(date::day{static_cast<unsigned>(d.day)}, last.day());
  return FromYmd(ym.year() / ym.month() / day);
}

LocalDate AddDays(LocalDate d, int days) {
  return FromYmd(date::year_month_day{Days(d) + date::days{days}});
}

LocalDate DaysBefore(LocalDate d, int days) { return AddDays(d, -days); }

int DaysBetween(LocalDate from, LocalDate to) {
  return static_cast<int>((Days(to) - Days(from)).count());
}

LocalDate LastDayOfMonth(LocalDate d) {
  const date::year_month_day_last last{date::year{d.year},
                                       date::month_day_last{date::month{static_cast<unsigned>(d.month)}}};
  return FromYmd(date::year_month_day{last});
}

std::string FormatIso8601(TimePoint t) {
  // By hand from the parts rather than date::format: this runs on every
  // request, and a stream costs more than the rest of the work.
  const date::sys_seconds utc = date::floor<seconds>(t);
  const date::sys_days day = date::floor<date::days>(utc);
  const LocalDate d = FromYmd(date::year_month_day{day});
  const date::hh_mm_ss<seconds> time{utc - day};
  char out[48];
  std::snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d:%02dZ", d.year, d.month, d.day,
                static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                static_cast<int>(time.seconds().count()));
  return out;
}

std::optional<TimePoint> ParseIso8601(std::string_view s) {
  if (s.size() < 20 || s.back() != 'Z' || s[10] != 'T' || s[13] != ':' || s[16] != ':') {
    return std::nullopt;
  }
  const auto day = DatePart(s);
  const int h = Digits(s, 11, 2), m = Digits(s, 14, 2), sec = Digits(s, 17, 2);
  if (!day || h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 59) return std::nullopt;
  // Optional fractions of a second: ".d" to ".ddddddddd", then the final Z.
  std::chrono::nanoseconds fraction{0};
  const std::string_view rest = s.substr(19, s.size() - 20);
  if (!rest.empty()) {
    if (rest.size() < 2 || rest.size() > 10 || rest[0] != '.') return std::nullopt;
    const int digits = static_cast<int>(rest.size()) - 1;
    const int value = Digits(rest, 1, static_cast<size_t>(digits));
    if (value < 0) return std::nullopt;
    long long ns = value;
    for (int i = digits; i < 9; ++i) ns *= 10;
    fraction = std::chrono::nanoseconds(ns);
  }
  const seconds utc = Days(*day).time_since_epoch() + std::chrono::hours(h) +
                      std::chrono::minutes(m) + seconds(sec);
  return TimePoint(std::chrono::duration_cast<TimePoint::duration>(utc + fraction));
}

std::string FormatIsoDate(LocalDate d) {
  char out[32];
  std::snprintf(out, sizeof out, "%04d-%02d-%02d", d.year, d.month, d.day);
  return out;
}

std::optional<LocalDate> ParseIsoDate(std::string_view s) {
  if (s.size() != 10) return std::nullopt;
  return DatePart(s);
}

std::optional<LocalDate> ParseDayText(std::string_view s) {
  if (auto iso = ParseIsoDate(s)) return iso;
  // d/m/yyyy or dd/mm/yyyy: one or two digits, '/', one or two, '/', four.
  int parts[3] = {0, 0, 0};
  size_t part = 0;
  size_t digits = 0;
  for (char c : s) {
    if (c == '/') {
      if (part == 2 || digits == 0 || digits > 2) return std::nullopt;
      ++part;
      digits = 0;
    } else if (c >= '0' && c <= '9') {
      parts[part] = parts[part] * 10 + (c - '0');
      ++digits;
    } else {
      return std::nullopt;
    }
  }
  if (part != 2 || digits != 4) return std::nullopt;
  return MakeDate(parts[2], parts[1], parts[0]);
}

std::string FormatLocalDate(LocalDate d) {
  char out[32];
  std::snprintf(out, sizeof out, "%02d/%02d/%04d", d.day, d.month, d.year);
  return out;
}

std::string FormatLocalDateTime(TimePoint t) {
  const LocalDateTime l = ToLocal(t);
  char out[16];
  std::snprintf(out, sizeof out, " %02d:%02d", l.hour, l.minute);
  return FormatLocalDate(l.date) + out;
}

std::string FormatHttpDate(TimePoint t) {
  return date::format("%a, %d %b %Y %H:%M:%S GMT", date::floor<seconds>(t));
}

}  // namespace lophoc
