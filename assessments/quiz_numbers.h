// Numbers as quiz authors and learners write them (docs/quiz-format.md):
// decimals with '.' or ',', numeric answer ranges and `(N%)` weights.
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "kernel/status.h"

namespace lophoc::assessments {

// Reads a finite decimal number: optional sign, digits with at most one
// decimal separator ('.' or ','), optional exponent; spaces at both ends are
// ignored. Returns nullopt for anything else ("", "abc", "1.000,5", "inf").
std::optional<double> ParseDecimal(std::string_view text);

// The shortest text that ParseDecimal reads back as exactly `value`
// ("80", "1.5", "-0.25"). REQUIRES: value is finite.
std::string FormatDecimal(double value);

// An inclusive range of accepted numbers.
struct NumericRange {
  double min = 0;
  double max = 0;
};

// Reads a numeric answer: `value`, `value ± tolerance`, `value +- tolerance`
// or `min..max`. Returns InvalidArgument, with a message meant for the quiz
// author, when the text is unreadable, the tolerance is negative or min > max.
Result<NumericRange> ParseNumericRange(std::string_view text);

// When `text` starts (or ends) with a weight written `(N%)`, N a decimal,
// returns N and removes the weight and the spaces next to it from `text`.
// Otherwise returns nullopt and leaves `text` alone ("(a) first" is text).
// N is not range-checked here.
std::optional<double> TakeLeadingWeight(std::string_view& text);
std::optional<double> TakeTrailingWeight(std::string_view& text);

}  // namespace lophoc::assessments
