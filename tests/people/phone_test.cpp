#include "people/phone.h"

#include <catch2/catch.hpp>

namespace lophoc::people {
namespace {

TEST_CASE("every spelling of a Vietnamese number has one canonical form", "[people][phone]") {
  auto [written, canonical] = GENERATE(table<std::string, std::string>({
      // Mobile: 10 digits with the leading 0 (03, 05, 07, 08, 09 since 2018).
      {"0912345678", "+84912345678"},
      {"0912 345 678", "+84912345678"},
      {"0912.345.678", "+84912345678"},
      {"0912-345-678", "+84912345678"},
      {"(091) 234 5678", "+84912345678"},
      {" 0912345678 ", "+84912345678"},
      {"+84912345678", "+84912345678"},
      {"+84 912 345 678", "+84912345678"},
      {"(+84) 912-345-678", "+84912345678"},
      {"+84 (0)912 345 678", "+84912345678"},
      {"+840912345678", "+84912345678"},
      {"84912345678", "+84912345678"},
      {"0084 912 345 678", "+84912345678"},
      {"0321234567", "+84321234567"},
      {"0561234567", "+84561234567"},
      {"0701234567", "+84701234567"},
      {"0861234567", "+84861234567"},
      // Landline: area code 2x or 2xx, 11 digits with the leading 0 (since 2017).
      {"024 3825 1234", "+842438251234"},
      {"028.3823.4567", "+842838234567"},
      {"0205 3123 456", "+842053123456"},
      {"+84 24 3825 1234", "+842438251234"},
  }));
  CAPTURE(written);
  CHECK(CanonicalPhone(written) == std::optional<std::string>(canonical));
  CHECK(IsVietnamesePhoneNumber(written));
  CHECK(ValidatePhone(written).ok());
  CHECK(CanonicalUsername(written) == canonical);
  // The canonical form is its own canonical form.
  CHECK(CanonicalPhone(canonical) == std::optional<std::string>(canonical));
}

TEST_CASE("what is not a Vietnamese mobile or landline number is refused", "[people][phone]") {
  auto [written, why] = GENERATE(table<std::string, std::string>({
      {"", "empty"},
      {"912345678", "no 0 nor country code"},
      {"09123456", "too short"},
      {"09123456789", "a mobile number one digit too long"},
      {"01234567890", "an 11-digit mobile number from before 2018"},
      {"0612345678", "06 is no mobile prefix"},
      {"0412345678", "04 is no mobile prefix"},
      {"0012345678", "no national number after the 0"},
      {"024382512", "a landline number too short"},
      {"+1 202 555 0100", "another country"},
      {"+8491234567a", "a letter"},
      {"0912/345/678", "a slash"},
      {"0912+345678", "a plus inside"},
      {"++84912345678", "two plus signs"},
      {"1900 1234", "a service number"},
      {"+84 00 912 345 678", "two trunk zeros"},
      {"0912 345 678 0912 345 678 0912 345 678", "far too long"},
  }));
  CAPTURE(written, why);
  CHECK_FALSE(CanonicalPhone(written).has_value());
  CHECK_FALSE(IsVietnamesePhoneNumber(written));
  const auto refused = NormalizePhone(written, "mobile");
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().code() == StatusCode::kInvalidArgument);
  CHECK(refused.status().reason() == "phone_invalid");
  CHECK(refused.status().field() == "mobile");
  CHECK(refused.status().params().at("value") == written);
  // A username that is no number is left as it is.
  CHECK(CanonicalUsername(written) == written);
}

TEST_CASE("a username written like a phone number is taken for one", "[people][phone]") {
  auto [text, looks] = GENERATE(table<std::string, bool>({
      {"0612 345 678", true},
      {"01234567890", true},
      {"+1 202 555 0100", true},
      {"0912.345.678", true},
      {"0912345", false},       // too few digits to be meant as a number
      {"912345678", false},     // no 0 or + first
      {"0912abc678", false},    // letters: a name
      {"0912_345_678", false},  // '_' is a username's, not a number's
      {"thu.thu", false},
      {"", false},
  }));
  CAPTURE(text);
  CHECK(LooksLikePhoneNumber(text) == looks);
}

}  // namespace
}  // namespace lophoc::people
