#include "assessments/quiz_numbers.h"

#include <catch2/catch.hpp>

namespace lophoc::assessments {

TEST_CASE("ParseDecimal reads '.' and ',' decimals and nothing else", "[assessments][numbers]") {
  auto [text, expected] = GENERATE(table<std::string, std::optional<double>>({
      {"3", 3.0},
      {" 3.5 ", 3.5},
      {"3,5", 3.5},
      {"-0,25", -0.25},
      {"+2", 2.0},
      {"1e3", 1000.0},
      {"", std::nullopt},
      {"abc", std::nullopt},
      {"1.000,5", std::nullopt},
      {"1,5,5", std::nullopt},
      {"inf", std::nullopt},
      {"nan", std::nullopt},
      {"3 4", std::nullopt},
      {"0x10", std::nullopt},
      {"12kg", std::nullopt},
  }));
  CAPTURE(text);
  CHECK(ParseDecimal(text) == expected);
}

TEST_CASE("FormatDecimal is the shortest text that reads back", "[assessments][numbers]") {
  CHECK(FormatDecimal(80) == "80");
  CHECK(FormatDecimal(1.5) == "1.5");
  CHECK(FormatDecimal(-0.25) == "-0.25");
  const double awkward = 0.1 + 0.2;
  CHECK(ParseDecimal(FormatDecimal(awkward)) == awkward);
}

TEST_CASE("ParseNumericRange reads the four forms", "[assessments][numbers]") {
  auto [text, min, max] = GENERATE(table<std::string, double, double>({
      {"42", 42, 42},
      {"3.5 ± 0.5", 3, 4},
      {"3,5 +- 0,5", 3, 4},
      {"3.5+-0.5", 3, 4},
      {"3..4", 3, 4},
      {"3,5..4,5", 3.5, 4.5},
      {"-3..-1", -3, -1},
      {" -2 ± 1 ", -3, -1},
  }));
  CAPTURE(text);
  auto range = ParseNumericRange(text);
  REQUIRE(range.ok());
  CHECK(range->min == min);
  CHECK(range->max == max);
}

TEST_CASE("ParseNumericRange explains what is wrong", "[assessments][numbers]") {
  auto [text, message] = GENERATE(table<std::string, std::string>({
      {"", "cannot read '' as a numeric answer"},
      {"ba", "cannot read 'ba' as a numeric answer"},
      {"3..", "cannot read '3..' as a numeric answer"},
      {"3 ± x", "cannot read '3 ± x' as a numeric answer"},
      {"4..3", "minimum is greater than maximum in '4..3'"},
      {"3 ± -1", "tolerance must not be negative in '3 ± -1'"},
  }));
  CAPTURE(text);
  auto range = ParseNumericRange(text);
  REQUIRE_FALSE(range.ok());
  CHECK(range.status().code() == StatusCode::kInvalidArgument);
  CHECK(range.status().message().rfind(message, 0) == 0);
}

TEST_CASE("weights are taken from either end only when well formed", "[assessments][numbers]") {
  std::string_view text = "(50%) thu muc";
  CHECK(TakeLeadingWeight(text) == 50.0);
  CHECK(text == "thu muc");

  text = "( -33,5 % )  x";
  CHECK(TakeLeadingWeight(text) == -33.5);
  CHECK(text == "x");

  text = "(a) first option";
  CHECK_FALSE(TakeLeadingWeight(text));
  CHECK(text == "(a) first option");

  text = "(150%) too much";  // range is the caller's business
  CHECK(TakeLeadingWeight(text) == 150.0);

  text = "3..4 (50%)";
  CHECK(TakeTrailingWeight(text) == 50.0);
  CHECK(text == "3..4");

  text = "3..4 (about)";
  CHECK_FALSE(TakeTrailingWeight(text));
  CHECK(text == "3..4 (about)");
}

}  // namespace lophoc::assessments
