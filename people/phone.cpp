#include "people/phone.h"

#include <algorithm>

namespace lophoc::people {
namespace {

constexpr size_t kMaxPhoneChars = 32;

bool IsSeparator(char c) { return c == ' ' || c == '.' || c == '-' || c == '(' || c == ')'; }

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// The national significant number is a current mobile or landline number.
bool IsNationalNumber(std::string_view nsn) {
  if (nsn.size() == 9) return std::string_view("35789").find(nsn[0]) != std::string_view::npos;
  return nsn.size() == 10 && nsn[0] == '2';
}

}  // namespace

std::optional<std::string> CanonicalPhone(std::string_view text) {
  if (text.size() > kMaxPhoneChars) return std::nullopt;
  // Digits only, remembering a '+' that may come first (after separators).
  std::string digits;
  bool plus = false;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      digits += c;
    } else if (c == '+' && digits.empty() && !plus) {
      plus = true;
    } else if (!IsSeparator(c)) {
      return std::nullopt;
    }
  }
  std::string_view nsn = digits;
  bool international = true;
  if (plus) {
    if (!StartsWith(nsn, "84")) return std::nullopt;
    nsn.remove_prefix(2);
  } else if (StartsWith(nsn, "0084")) {
    nsn.remove_prefix(4);
  } else if (StartsWith(nsn, "84")) {
    // Never a national number: those start with the trunk 0.
    nsn.remove_prefix(2);
  } else if (StartsWith(nsn, "0")) {
    nsn.remove_prefix(1);
    international = false;
  } else {
    return std::nullopt;
  }
  // "+84 (0)912..." and "+840912...": the trunk 0 written after the country code.
  if (international && StartsWith(nsn, "0")) nsn.remove_prefix(1);
  if (!IsNationalNumber(nsn)) return std::nullopt;
  return "+84" + std::string(nsn);
}

bool LooksLikePhoneNumber(std::string_view text) {
  if (text.empty() || (text[0] != '0' && text[0] != '+')) return false;
  size_t digits = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (!IsSeparator(c) && !(c == '+' && i == 0)) {
      return false;
    }
  }
  return digits >= 9;
}

bool IsVietnamesePhoneNumber(std::string_view s) { return CanonicalPhone(s).has_value(); }

Result<std::string> NormalizePhone(std::string_view text, std::string_view field) {
  if (auto canonical = CanonicalPhone(text)) return *canonical;
  return Status::InvalidArgument(std::string(field) + " must be a Vietnamese phone number")
      .WithReason("phone_invalid")
      .WithField(std::string(field))
      .WithParam("value", std::string(text));
}

Status ValidatePhone(std::string_view phone) { return NormalizePhone(phone).status(); }

std::string CanonicalUsername(std::string_view username) {
  if (auto canonical = CanonicalPhone(username)) return *canonical;
  return std::string(username);
}

}  // namespace lophoc::people
