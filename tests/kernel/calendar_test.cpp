#include "kernel/calendar.h"

#include <catch2/catch.hpp>

namespace lophoc {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

LocalDate D(int y, int m, int d) {
  auto date = MakeDate(y, m, d);
  REQUIRE(date);
  return *date;
}

TimePoint At(std::string_view iso) {
  auto t = ParseIso8601(iso);
  REQUIRE(t);
  return *t;
}

// The seconds since 1970 that an instant stands for (never the wall clock).
long long Epoch(TimePoint t) {
  return std::chrono::duration_cast<seconds>(t.time_since_epoch()).count();
}

}  // namespace

}  // namespace lophoc

namespace Catch {
template <>
struct StringMaker<lophoc::LocalDate> {
  static std::string convert(const lophoc::LocalDate& d) { return lophoc::FormatIsoDate(d); }
};
}  // namespace Catch

namespace lophoc {

TEST_CASE("MakeDate knows which days exist", "[calendar]") {
  auto [y, m, d, exists] = GENERATE(table<int, int, int, bool>({
      {2028, 2, 29, true},   // divisible by 4
      {2027, 2, 29, false},  // not a leap year
      {2000, 2, 29, true},   // divisible by 400
      {1900, 2, 29, false},  // divisible by 100 only
      {2100, 2, 29, false},
      {2026, 4, 30, true},
      {2026, 4, 31, false},
      {2026, 12, 31, true},
      {2026, 13, 1, false},
      {2026, 0, 10, false},
      {2026, 1, 0, false},
      {2026, 1, 32, false},
  }));
  CAPTURE(y, m, d);
  CHECK(MakeDate(y, m, d).has_value() == exists);
}

TEST_CASE("ISO 8601 instants round-trip through time points", "[calendar]") {
  auto [text, epoch] = GENERATE(table<std::string, long long>({
      {"1970-01-01T00:00:00Z", 0},
      {"2026-11-22T03:15:04Z", 1795317304},
      {"2028-02-29T23:59:59Z", 1835481599},
      {"1969-12-31T23:59:59Z", -1},
  }));
  CAPTURE(text);
  const auto t = ParseIso8601(text);
  REQUIRE(t);
  CHECK(Epoch(*t) == epoch);
  CHECK(FormatIso8601(*t) == text);
}

TEST_CASE("ParseIso8601 keeps fractions and FormatIso8601 drops them", "[calendar]") {
  const TimePoint t = At("2027-02-28T17:00:00.123Z");
  CHECK(t - At("2027-02-28T17:00:00Z") == milliseconds(123));
  CHECK(At("2027-02-28T17:00:00.5Z") - At("2027-02-28T17:00:00Z") == milliseconds(500));
  CHECK(At("2027-02-28T17:00:00.000000001Z") - At("2027-02-28T17:00:00Z") ==
        std::chrono::nanoseconds(1));
  CHECK(FormatIso8601(t) == "2027-02-28T17:00:00Z");
  CHECK(FormatIso8601(At("1969-12-31T23:59:59.900Z")) == "1969-12-31T23:59:59Z");
}

TEST_CASE("ParseIso8601 refuses what is not a stored time", "[calendar]") {
  auto text = GENERATE(as<std::string>{}, "", "not a time", "2026-11-22", "2026-11-22T03:15Z",
                       "2026-11-22T03:15:04", "2026-11-22 03:15:04Z", "2026-11-22T03:15:04+07:00",
                       "2026-11-22t03:15:04Z", "2026-11-22T03:15:04z", "2026-02-30T00:00:00Z",
                       "2026-13-01T00:00:00Z", "2026-11-22T24:00:00Z", "2026-11-22T23:60:00Z",
                       "2026-11-22T23:59:60Z", "2026-11-22T03:15:04.Z",
                       "2026-11-22T03:15:04.1234567890Z", "2026-11-22T03:15:04,5Z",
                       "+026-11-22T03:15:04Z", "2026-1-22T03:15:04Z", " 2026-11-22T03:15:04Z",
                       "2026-11-22T03:15:04Z ", "2026-11-22T0a:15:04Z");
  CAPTURE(text);
  CHECK_FALSE(ParseIso8601(text));
}

TEST_CASE("Vietnam's day begins at 17:00 UTC", "[calendar]") {
  auto [iso, local, shown] = GENERATE(table<std::string, std::string, std::string>({
      {"2026-11-22T03:15:04Z", "2026-11-22", "22/11/2026 10:15"},
      {"2026-11-22T16:59:59Z", "2026-11-22", "22/11/2026 23:59"},
      {"2026-11-22T17:00:00Z", "2026-11-23", "23/11/2026 00:00"},
      {"2026-12-31T20:00:00Z", "2027-01-01", "01/01/2027 03:00"},  // a new year in Vietnam
      {"2028-02-28T18:30:00Z", "2028-02-29", "29/02/2028 01:30"},  // a leap day
      {"2027-02-28T17:00:00Z", "2027-03-01", "01/03/2027 00:00"},  // no leap day
      {"2026-04-30T17:00:00Z", "2026-05-01", "01/05/2026 00:00"},
  }));
  CAPTURE(iso);
  const TimePoint t = At(iso);
  CHECK(FormatIsoDate(LocalDateOf(t)) == local);
  CHECK(FormatLocalDateTime(t) == shown);
  const LocalDateTime l = ToLocal(t);
  CHECK(ToInstant(l) == std::chrono::time_point_cast<seconds>(t));
  CHECK(StartOfDay(l.date) <= t);
  CHECK(t < StartOfDay(AddDays(l.date, 1)));
}

TEST_CASE("StartOfDay and ToInstant place Vietnam's wall clock in UTC", "[calendar]") {
  CHECK(FormatIso8601(StartOfDay(D(2026, 1, 1))) == "2025-12-31T17:00:00Z");
  CHECK(FormatIso8601(ToInstant({D(2026, 11, 22), 10, 15, 4})) == "2026-11-22T03:15:04Z");
  CHECK(FormatIso8601(ToInstant({D(2028, 3, 1), 6, 59, 59})) == "2028-02-29T23:59:59Z");
  const LocalDateTime l = ToLocal(At("2026-11-22T03:15:04.999Z"));
  CHECK(l.date == D(2026, 11, 22));
  CHECK((l.hour == 10 && l.minute == 15 && l.second == 4));
}

TEST_CASE("AddMonths clamps the day to the end of the month", "[calendar]") {
  auto [from, months, to] = GENERATE(table<std::string, int, std::string>({
      {"2027-01-31", 1, "2027-02-28"},
      {"2028-01-31", 1, "2028-02-29"},  // leap year
      {"2026-03-31", 1, "2026-04-30"},
      {"2026-01-15", 1, "2026-02-15"},
      {"2026-11-30", 2, "2027-01-30"},  // over the year's end
      {"2026-12-31", 1, "2027-01-31"},
      {"2026-02-28", 24, "2028-02-28"},
      {"2028-02-29", 12, "2029-02-28"},
      {"2028-02-29", 48, "2032-02-29"},
      {"2026-03-31", -1, "2026-02-28"},
      {"2026-01-31", -2, "2025-11-30"},
      {"2026-05-20", 0, "2026-05-20"},
  }));
  CAPTURE(from, months);
  const auto d = ParseIsoDate(from);
  REQUIRE(d);
  CHECK(FormatIsoDate(AddMonths(*d, months)) == to);
}

TEST_CASE("LastDayOfMonth", "[calendar]") {
  auto [in, last] = GENERATE(table<std::string, std::string>({
      {"2026-01-01", "2026-01-31"},
      {"2027-02-10", "2027-02-28"},
      {"2028-02-10", "2028-02-29"},
      {"2100-02-01", "2100-02-28"},
      {"2000-02-01", "2000-02-29"},
      {"2026-04-30", "2026-04-30"},
      {"2026-12-25", "2026-12-31"},
  }));
  CAPTURE(in);
  CHECK(FormatIsoDate(LastDayOfMonth(*ParseIsoDate(in))) == last);
}

TEST_CASE("Days before and between dates", "[calendar]") {
  auto [date, days, before] = GENERATE(table<std::string, int, std::string>({
      {"2026-03-01", 1, "2026-02-28"},
      {"2028-03-01", 1, "2028-02-29"},
      {"2027-01-01", 1, "2026-12-31"},
      {"2027-01-15", 60, "2026-11-16"},
      {"2028-12-31", 366, "2027-12-31"},  // 2028 has 366 days
      {"2026-05-20", 0, "2026-05-20"},
      {"2026-05-20", -11, "2026-05-31"},
  }));
  CAPTURE(date, days);
  const LocalDate d = *ParseIsoDate(date);
  const LocalDate b = DaysBefore(d, days);
  CHECK(FormatIsoDate(b) == before);
  CHECK(DaysBetween(b, d) == days);
  CHECK(AddDays(b, days) == d);
}

TEST_CASE("Dates compare in calendar order", "[calendar]") {
  CHECK(D(2026, 12, 31) < D(2027, 1, 1));
  CHECK(D(2026, 2, 28) < D(2026, 3, 1));
  CHECK(D(2026, 3, 1) > D(2026, 2, 28));
  CHECK(D(2026, 3, 1) <= D(2026, 3, 1));
  CHECK(D(2026, 3, 1) >= D(2026, 3, 1));
  CHECK(D(2026, 3, 1) != D(2026, 3, 2));
}

TEST_CASE("ISO dates and the day-first local form", "[calendar]") {
  CHECK(FormatLocalDate(D(2027, 1, 5)) == "05/01/2027");
  CHECK(FormatIsoDate(D(2027, 1, 5)) == "2027-01-05");
  CHECK(ParseIsoDate("2028-02-29") == D(2028, 2, 29));
  auto bad = GENERATE(as<std::string>{}, "", "2027-02-29", "2027-2-28", "2027-02-28T00:00:00Z",
                      "27-02-2028", "2027/02/28", "2027-02-2x");
  CAPTURE(bad);
  CHECK_FALSE(ParseIsoDate(bad));
}

TEST_CASE("HTTP dates are IMF-fixdates in English", "[calendar]") {
  CHECK(FormatHttpDate(At("2026-11-22T03:15:04Z")) == "Sun, 22 Nov 2026 03:15:04 GMT");
  CHECK(FormatHttpDate(TimePoint{}) == "Thu, 01 Jan 1970 00:00:00 GMT");
  CHECK(FormatHttpDate(At("2028-02-29T23:59:59.999Z")) == "Tue, 29 Feb 2028 23:59:59 GMT");
}

TEST_CASE("ParseDayText reads ISO and day-first dates and nothing ambiguous", "[calendar]") {
  const LocalDate last{2026, 12, 31};
  CHECK(ParseDayText("2026-12-31") == std::optional<LocalDate>(last));
  CHECK(ParseDayText("31/12/2026") == std::optional<LocalDate>(last));
  CHECK(ParseDayText("1/2/2026") == std::optional<LocalDate>(LocalDate{2026, 2, 1}));
  CHECK(ParseDayText("01/02/2026") == std::optional<LocalDate>(LocalDate{2026, 2, 1}));
  CHECK(ParseDayText("29/02/2028") == std::optional<LocalDate>(LocalDate{2028, 2, 29}));
  for (const char* bad : {"12/31/2026", "30/02/2026", "29/02/2027", "31-12-2026", "31/12/26",
                          "31/12/02026", "/12/2026", "031/12/2026", "31/12", "31/12/2026/1",
                          "2026/12/31", " 31/12/2026", "", "31.12.2026"}) {
    CAPTURE(bad);
    CHECK_FALSE(ParseDayText(bad));
  }
}

}  // namespace lophoc
