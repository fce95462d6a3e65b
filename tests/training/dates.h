// Dates written by hand in the training tests, as on a calendar.
#pragma once

#include <optional>
#include <string>

#include <catch2/catch.hpp>

#include "kernel/calendar.h"

namespace lophoc::training {

// d(31, 12, 2026) is 31/12/2026; a day that does not exist fails the test.
inline LocalDate d(int day, int month, int year) {
  auto date = MakeDate(year, month, day);
  REQUIRE(date);
  return *date;
}

// "31/12/2026", or "never" for no day.
inline std::string Show(std::optional<LocalDate> date) {
  return date ? FormatLocalDate(*date) : std::string("never");
}

}  // namespace lophoc::training
