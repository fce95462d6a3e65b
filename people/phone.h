// Vietnamese phone numbers as identities: one canonical spelling (E.164,
// "+84" and the national significant number) for every way people write a
// number. Pure functions; thread-safe. The rule is in docs/people.md
// ("Phone numbers").
//
// A number is accepted when, after dropping spaces, dots, dashes and
// parentheses, it is a national significant number (NSN) behind one of the
// prefixes 0, +84, 84 or 0084 (after a country code one trunk 0 may follow,
// as in "+84 (0)912 345 678"), and the NSN is
//   - a mobile number: 9 digits starting with 3, 5, 7, 8 or 9 (the 10-digit
//     numbers 03x, 05x, 07x, 08x, 09x since the 2018 conversion), or
//   - a landline number: 10 digits starting with 2 (area code 2x or 2xx and
//     the subscriber number: 11 digits with the leading 0 since 2017).
// Old 11-digit mobile numbers (01xx), service numbers (1800, 1900) and
// numbers of other countries are refused.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "kernel/status.h"

namespace lophoc::people {

// "+84912345678" for "0912 345 678", "84-912.345.678", "(+84) 912345678";
// nullopt when `text` is not a Vietnamese mobile or landline number.
std::optional<std::string> CanonicalPhone(std::string_view text);
// True when CanonicalPhone(s) has a value.
bool IsVietnamesePhoneNumber(std::string_view s);
// CanonicalPhone(text), or InvalidArgument with reason phone_invalid on
// `field` (parameter "value": the text as given).
Result<std::string> NormalizePhone(std::string_view text, std::string_view field = "phone");
// OK when IsVietnamesePhoneNumber(phone); else phone_invalid on field "phone".
Status ValidatePhone(std::string_view phone);
// True when `text` is written like a phone number: a 0 or '+' first, then
// only digits and the separators above, at least 9 digits. A username
// written so must be a number (people mean one), else phone_invalid.
bool LooksLikePhoneNumber(std::string_view text);
// A username that is a phone number in its canonical spelling; any other
// username as given. Applied wherever a username enters (register, create,
// import, sign in), so that "0912 345 678" and "+84912345678" are one name.
std::string CanonicalUsername(std::string_view username);

}  // namespace lophoc::people
