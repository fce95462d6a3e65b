#include "kernel/text.h"

#include <catch2/catch.hpp>

namespace lophoc {

TEST_CASE("FoldForSearch removes Vietnamese diacritics, đ included", "[courses][text]") {
  auto [in, out] = GENERATE(table<std::string, std::string>({
      {"Tin học", "tin hoc"},
      {"Đăng ký", "dang ky"},
      {"ĐĂNG KÝ", "dang ky"},
      {"Thư  điện   tử", "thu dien tu"},
      {"  Ơn   Ưu  ", "on uu"},
      {"Bưu điện - Văn hóa xã", "buu dien - van hoa xa"},
      {"Nguyễn Thị Ánh", "nguyen thi anh"},
      {"Cổng Dịch vụ công", "cong dich vu cong"},
      {"e\xCC\x81", "e"},  // decomposed é (e + combining acute)
      {"日本", "日本"},
  }));
  CAPTURE(in);
  CHECK(FoldForSearch(in) == out);
}

TEST_CASE("FoldCase lowers Vietnamese capitals but keeps marks", "[courses][text]") {
  CHECK(FoldCase("ĐĂNG  Ký") == "đăng ký");
  CHECK(FoldCase("THƯ MỤC") == "thư mục");
}

TEST_CASE("AsciiLower lowers A-Z and keeps every other byte", "[kernel][text]") {
  CHECK(AsciiLower("Username,Display_Name") == "username,display_name");
  CHECK(AsciiLower("BAI-1.ZIP") == "bai-1.zip");
  CHECK(AsciiLower("ĐĂNG Ký") == "ĐĂng ký");  // Đ, Ă and ý are not ASCII: kept as they are
  CHECK(AsciiLower("@[`{") == "@[`{");         // the neighbours of A-Z and a-z
  CHECK(AsciiLower("").empty());
}

TEST_CASE("DoubleQuoted escapes quotes and backslashes", "[kernel][text]") {
  CHECK(DoubleQuoted("") == "\"\"");
  CHECK(DoubleQuoted("Tin học") == "\"Tin học\"");
  CHECK(DoubleQuoted("a \"b\" c:\\d") == "\"a \\\"b\\\" c:\\\\d\"");
}

TEST_CASE("IsValidUtf8 rejects malformed sequences", "[courses][text]") {
  CHECK(IsValidUtf8("Tiếng Việt"));
  CHECK(IsValidUtf8(""));
  auto bad = GENERATE(as<std::string>{}, "\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80", "\xFF",
                      "abc\xE1\xBB", "\xF4\x90\x80\x80");
  CAPTURE(bad);
  CHECK_FALSE(IsValidUtf8(bad));
}

TEST_CASE("NormalizeNewlines drops the BOM and CR", "[courses][text]") {
  CHECK(NormalizeNewlines("\xEF\xBB\xBF" "a\r\nb\rc\n") == "a\nb\nc\n");
}

TEST_CASE("IsValidSlug", "[courses][text]") {
  CHECK(IsValidSlug("may-tinh-lan-dau"));
  CHECK(IsValidSlug("a1"));
  auto bad = GENERATE(as<std::string>{}, "", "a", "-ab", "ab-", "a--b", "Ab", "tin-học", "a_b",
                      "../x", std::string(65, 'a'));
  CAPTURE(bad);
  CHECK_FALSE(IsValidSlug(bad));
}

}  // namespace lophoc
