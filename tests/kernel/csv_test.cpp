#include "kernel/csv.h"

#include <catch2/catch.hpp>

namespace lophoc::courses {
namespace {

using Rows = std::vector<std::vector<std::string>>;

// Header then records, as plain cells.
Rows Cells(const CsvTable& t) {
  Rows out = {t.header};
  for (const auto& r : t.records) out.push_back(r.fields);
  return out;
}

std::vector<size_t> Lines(const CsvTable& t) {
  std::vector<size_t> out;
  for (const auto& r : t.records) out.push_back(r.line);
  return out;
}

}  // namespace

TEST_CASE("ParseCsv reads what spreadsheets write", "[csv]") {
  auto [name, text, cells] = GENERATE(table<std::string, std::string, Rows>({
      {"LF", "a,b\n1,2\n", {{"a", "b"}, {"1", "2"}}},
      {"CRLF", "a,b\r\n1,2\r\n", {{"a", "b"}, {"1", "2"}}},
      {"no trailing newline", "a,b\n1,2", {{"a", "b"}, {"1", "2"}}},
      {"BOM", "\xEF\xBB\xBF" "a,b\n1,2\n", {{"a", "b"}, {"1", "2"}}},
      {"quoted separator", "a,b\n\"x,y\",2\n", {{"a", "b"}, {"x,y", "2"}}},
      {"doubled quote", "a\n\"say \"\"hi\"\"\"\n", {{"a"}, {"say \"hi\""}}},
      {"quoted newline", "a,b\n\"l1\nl2\",2\n", {{"a", "b"}, {"l1\nl2", "2"}}},
      {"empty fields", "a,b,c\n,,x\n", {{"a", "b", "c"}, {"", "", "x"}}},
      {"empty quoted field", "a,b\n\"\",x\n", {{"a", "b"}, {"", "x"}}},
      {"trailing separator", "a,b\nx,\n", {{"a", "b"}, {"x", ""}}},
      {"blank lines skipped", "\na,b\n\n1,2\r\n\r\n3,4\n\n", {{"a", "b"}, {"1", "2"}, {"3", "4"}}},
      {"empty spreadsheet rows skipped", "a,b\n1,2\n,\n , \n", {{"a", "b"}, {"1", "2"}}},
      {"semicolons (vi-VN Excel)", "a;b\n1,5;2\n", {{"a", "b"}, {"1,5", "2"}}},
      {"comma wins over ';' in the header", "a,b;c\n1,2;3\n", {{"a", "b;c"}, {"1", "2;3"}}},
      {"Vietnamese", "tên,mã\nNguyễn Thị Ánh,ĐBVH\n", {{"tên", "mã"}, {"Nguyễn Thị Ánh", "ĐBVH"}}},
      {"lone CR stays in a field", "a\nx\ry\n", {{"a"}, {"x\ry"}}},
      {"quote inside a plain field", "a\n5\" nail\n", {{"a"}, {"5\" nail"}}},
  }));
  CAPTURE(name);
  auto t = ParseCsv(text);
  INFO(t.status().ToString());
  REQUIRE(t.ok());
  CHECK(Cells(*t) == cells);
}

TEST_CASE("ParseCsv detects the separator from the header line", "[csv]") {
  CHECK(ParseCsv("a;b\n1;2\n")->separator == ';');
  CHECK(ParseCsv("a,b\n1;2,3\n")->separator == ',');
  CHECK(ParseCsv("\n\na;b\n1;2\n")->separator == ';');
  CHECK(ParseCsv("a\n1\n")->separator == ',');
}

TEST_CASE("ParseCsv numbers records by the physical line they start on", "[csv]") {
  auto [name, text, header_line, lines] =
      GENERATE(table<std::string, std::string, size_t, std::vector<size_t>>({
          {"plain", "a\nx\ny\n", 1, {2, 3}},
          {"blank lines", "\n\na\n\nx\n\n\ny\n", 3, {5, 8}},
          {"embedded newlines", "a,b\n\"1\n2\n3\",x\ny,z\n", 1, {2, 5}},
          {"embedded CRLF", "a\r\n\"1\r\n2\"\r\ny\r\n", 1, {2, 4}},
          {"newline in the header", "\"a\nb\",c\nx,y\n", 1, {3}},
      }));
  CAPTURE(name);
  auto t = ParseCsv(text);
  REQUIRE(t.ok());
  CHECK(t->header_line == header_line);
  CHECK(Lines(*t) == lines);
}

TEST_CASE("ParseCsv refuses malformed text, naming the line", "[csv]") {
  auto [name, text, code, message] =
      GENERATE(table<std::string, std::string, StatusCode, std::string>({
          {"empty", "", StatusCode::kInvalidArgument, "line 1: the file is empty"},
          {"only a BOM", "\xEF\xBB\xBF", StatusCode::kInvalidArgument, "line 1: the file is empty"},
          {"only blank lines", "\n\r\n\n", StatusCode::kInvalidArgument, "line 1: the file is empty"},
          {"invalid UTF-8", "a\nok\nb\xC3(\n", StatusCode::kInvalidArgument,
           "line 3: not valid UTF-8"},
          {"Latin-1 text", "a\nNguy\xEAn\n", StatusCode::kInvalidArgument, "line 2: not valid UTF-8"},
          {"unterminated quote", "a\nx\n\"open\nmore\n", StatusCode::kInvalidArgument,
           "line 3: a quoted field is never closed"},
          {"text after a closing quote", "a,b\n\"x\"y,1\n", StatusCode::kInvalidArgument,
           "line 2: text after the closing quote"},
          {"text after a multi-line quote", "a\n\"x\ny\" z\n", StatusCode::kInvalidArgument,
           "line 3: text after the closing quote"},
          {"too few fields", "a,b,c\n1,2,3\n1,2\n", StatusCode::kInvalidArgument,
           "line 3: 2 fields, but the header has 3"},
          {"too many fields", "a\n1,2\n", StatusCode::kInvalidArgument,
           "line 2: 2 fields, but the header has 1"},
      }));
  CAPTURE(name);
  auto t = ParseCsv(text);
  REQUIRE_FALSE(t.ok());
  CHECK(t.status().code() == code);
  CHECK_THAT(t.status().message(), Catch::StartsWith(message));
}

TEST_CASE("ParseCsv enforces its limits", "[csv]") {
  CsvLimits small;
  small.max_field_bytes = 5;
  small.max_fields = 3;
  small.max_records = 2;
  auto [name, text, message] = GENERATE(table<std::string, std::string, std::string>({
      {"long plain field", "a\n123456\n", "line 2: a field is longer than 5 bytes"},
      {"long quoted field", "a\nx\n\"12\n3456\"\n", "line 3: a field is longer than 5 bytes"},
      {"too many fields", "a,b,c,d\n", "line 1: more than 3 fields"},
      {"too many records", "a\n1\n2\n3\n", "line 4: more than 2 records"},
  }));
  CAPTURE(name);
  auto t = ParseCsv(text, small);
  REQUIRE_FALSE(t.ok());
  CHECK(t.status().code() == StatusCode::kTooLarge);
  CHECK_THAT(t.status().message(), Catch::StartsWith(message));
  // At the limits exactly, all is well.
  CHECK(ParseCsv("a,b,c\n12345,,\n\"12345\",,\n", small).ok());
}

TEST_CASE("ParseCsv default limits: 1000-byte fields", "[csv]") {
  CHECK(ParseCsv("a\n" + std::string(1000, 'x') + "\n").ok());
  CHECK(ParseCsv("a\n" + std::string(1001, 'x') + "\n").status().code() == StatusCode::kTooLarge);
}

TEST_CASE("CsvField quotes only when it must", "[csv]") {
  auto [cell, written] = GENERATE(table<std::string, std::string>({
      {"plain", "plain"},
      {"", ""},
      {"Nguyễn Văn A", "Nguyễn Văn A"},
      {"a,b", "\"a,b\""},
      {"a;b", "\"a;b\""},
      {"say \"hi\"", "\"say \"\"hi\"\"\""},
      {"l1\nl2", "\"l1\nl2\""},
      {"cr\r", "\"cr\r\""},
      {" lead", "\" lead\""},
      {"trail ", "\"trail \""},
      {"in ner", "in ner"},
  }));
  CAPTURE(cell);
  CHECK(CsvField(cell) == written);
}

TEST_CASE("CsvLine joins with commas and ends in CRLF", "[csv]") {
  CHECK(CsvLine({"a", "b,c", ""}) == "a,\"b,c\",\r\n");
}

TEST_CASE("ProtectFormula guards cells a spreadsheet would run", "[csv]") {
  auto [cell, written] = GENERATE(table<std::string, std::string>({
      {"=1+1", "'=1+1"},
      {"=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"},
      {"@SUM(A1)", "'@SUM(A1)"},
      {"\tx", "'\tx"},
      {"\rx", "'\rx"},
      {"+cmd", "'+cmd"},
      {"-2+3", "'-2+3"},
      {"+", "'+"},
      {"-", "'-"},
      {"+84912345678", "+84912345678"},
      {"-5", "-5"},
      {"0912345678", "0912345678"},
      {"Hà Nội", "Hà Nội"},
      {"a=b", "a=b"},
      {"'quoted", "'quoted"},
      {"", ""},
  }));
  CAPTURE(cell);
  CHECK(ProtectFormula(cell) == written);
  CHECK(UnprotectFormula(ProtectFormula(cell)) == cell);
}

TEST_CASE("UnprotectFormula drops exactly one guarding quote", "[csv]") {
  auto [cell, read] = GENERATE(table<std::string, std::string>({
      {"'=x", "=x"},
      {"''=x", "''=x"},
      {"'@x", "@x"},
      {"'+x", "+x"},
      {"'-x", "-x"},
      {"'\tx", "\tx"},
      {"'x", "'x"},
      {"'", "'"},
      {"x'=", "x'="},
  }));
  CAPTURE(cell);
  CHECK(UnprotectFormula(cell) == read);
}

TEST_CASE("CSV round trip: write then parse gives the same cells", "[csv]") {
  const Rows rows = {
      {"code", "name", "note"},
      {"HN", "Thư viện Hà Nội", "plain"},
      {"a,b", "say \"xin chào\"", "dòng 1\ndòng 2"},
      {" space ", "crlf\r\ninside", "semi;colon"},
      {"=1+1", "@SUM(A1)", "+cmd"},
      {"-5", "+84912345678", "'quoted"},
      {"", "Đ", ""},
  };
  std::string text = "\xEF\xBB\xBF";
  for (const auto& r : rows) {
    std::vector<std::string> guarded;
    for (const auto& c : r) guarded.push_back(ProtectFormula(c));
    text += CsvLine(guarded);
  }
  auto t = ParseCsv(text);
  INFO(t.status().ToString());
  REQUIRE(t.ok());
  Rows back = Cells(*t);
  for (auto& r : back) {
    for (auto& c : r) c = std::string(UnprotectFormula(c));
  }
  CHECK(back == rows);
  CHECK(Lines(*t) == std::vector<size_t>{2, 3, 5, 7, 8, 9});
}

TEST_CASE("CsvWriter: byte order mark, quoting, CRLF and formula guards on every cell", "[csv]") {
  CsvWriter w({"username", "one_time_password"});
  w.Row({"=cmd|' /C calc'!A0", "abcd-efgh"});
  w.Row({"Nguyễn, Thu Hà", "+84912345678"});
  w.Row({"@SUM(A1)", "-5"});
  const std::string text = w.Take();
  CHECK(text ==
        "\xEF\xBB\xBFusername,one_time_password\r\n"
        "'=cmd|' /C calc'!A0,abcd-efgh\r\n"
        "\"Nguyễn, Thu Hà\",+84912345678\r\n"
        "'@SUM(A1),-5\r\n");
  // and it reads back as written
  auto table = ParseCsv(text);
  REQUIRE(table.ok());
  REQUIRE(table->records.size() == 3);
  CHECK(UnprotectFormula(table->records[0].fields[0]) == "=cmd|' /C calc'!A0");
  CHECK(table->records[1].fields[0] == "Nguyễn, Thu Hà");
}

}  // namespace lophoc::courses
