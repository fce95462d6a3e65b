#include "assessments/quiz_numbers.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "kernel/text.h"

namespace lophoc::assessments {
namespace {

constexpr std::string_view kPlusMinus = "\xC2\xB1";  // ±

bool IsNumberChar(char c) {
  return (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E';
}

// Parses "(N%)" exactly (spaces allowed inside the parentheses).
std::optional<double> ParseWeightToken(std::string_view token) {
  if (token.size() < 3 || token.front() != '(' || token.back() != ')') return std::nullopt;
  std::string_view inner = Trim(token.substr(1, token.size() - 2));
  if (inner.empty() || inner.back() != '%') return std::nullopt;
  inner.remove_suffix(1);
  return ParseDecimal(inner);
}

}  // namespace

std::optional<double> ParseDecimal(std::string_view text) {
  std::string s(Trim(text));
  if (!s.empty() && s.front() == '+') s.erase(0, 1);
  if (s.empty()) return std::nullopt;
  const size_t commas = std::count(s.begin(), s.end(), ',');
  if (commas > 0) {
    // ',' is a decimal separator, never a thousands separator.
    if (commas > 1 || s.find('.') != std::string::npos) return std::nullopt;
    s[s.find(',')] = '.';
  }
  if (!std::all_of(s.begin(), s.end(), IsNumberChar)) return std::nullopt;
  double value = 0;
  const char* last = s.data() + s.size();
  auto [ptr, ec] = std::from_chars(s.data(), last, value);
  if (ec != std::errc() || ptr != last || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::string FormatDecimal(double value) {
  char buf[64];
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, value);
  if (ec != std::errc()) return "0";
  return std::string(buf, ptr);
}

Result<NumericRange> ParseNumericRange(std::string_view text) {
  const std::string_view t = Trim(text);
  const Status unreadable =
      Status::InvalidArgument("cannot read '" + std::string(t) +
                              "' as a numeric answer: write 3.5, 3.5 ± 0.1 or 3..4")
          .WithReason("numeric_unreadable")
          .WithParam("value", std::string(t));
  size_t op = t.find(kPlusMinus);
  size_t op_len = kPlusMinus.size();
  if (op == std::string_view::npos) {
    op = t.find("+-");
    op_len = 2;
  }
  if (op != std::string_view::npos) {
    auto value = ParseDecimal(t.substr(0, op));
    auto tolerance = ParseDecimal(t.substr(op + op_len));
    if (!value || !tolerance) return unreadable;
    if (*tolerance < 0) {
      return Status::InvalidArgument("tolerance must not be negative in '" + std::string(t) + "'")
          .WithReason("numeric_tolerance_negative")
          .WithParam("value", std::string(t));
    }
    return NumericRange{*value - *tolerance, *value + *tolerance};
  }
  const size_t dots = t.find("..");
  if (dots != std::string_view::npos) {
    auto min = ParseDecimal(t.substr(0, dots));
    auto max = ParseDecimal(t.substr(dots + 2));
    if (!min || !max) return unreadable;
    if (*min > *max) {
      return Status::InvalidArgument("minimum is greater than maximum in '" + std::string(t) +
                                     "': write min..max")
          .WithReason("numeric_min_over_max")
          .WithParam("value", std::string(t));
    }
    return NumericRange{*min, *max};
  }
  auto value = ParseDecimal(t);
  if (!value) return unreadable;
  return NumericRange{*value, *value};
}

std::optional<double> TakeLeadingWeight(std::string_view& text) {
  std::string_view t = Trim(text);
  const size_t close = t.find(')');
  if (t.empty() || t.front() != '(' || close == std::string_view::npos) return std::nullopt;
  auto weight = ParseWeightToken(t.substr(0, close + 1));
  if (weight) text = Trim(t.substr(close + 1));
  return weight;
}

std::optional<double> TakeTrailingWeight(std::string_view& text) {
  std::string_view t = Trim(text);
  const size_t open = t.rfind('(');
  if (t.empty() || t.back() != ')' || open == std::string_view::npos) return std::nullopt;
  auto weight = ParseWeightToken(t.substr(open));
  if (weight) text = Trim(t.substr(0, open));
  return weight;
}

}  // namespace lophoc::assessments
