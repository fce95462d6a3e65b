#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "server/http/multipart.h"

namespace lophoc::http {
namespace {

using namespace std::string_literals;

const std::string kType = "multipart/form-data; boundary=XyZ";

// One part as browsers write it: delimiter line, header lines, blank line, data.
std::string Part(const std::string& headers, const std::string& data,
                 const std::string& boundary = "XyZ") {
  return "--" + boundary + "\r\n" + headers + "\r\n" + data + "\r\n";
}

std::string Field(const std::string& name, const std::string& value) {
  return Part("Content-Disposition: form-data; name=\"" + name + "\"\r\n", value);
}

std::string FilePart(const std::string& filename, const std::string& data) {
  return Part("Content-Disposition: form-data; name=\"f\"; filename=\"" + filename + "\"\r\n", data);
}

std::string Close(const std::string& boundary = "XyZ") { return "--" + boundary + "--\r\n"; }

std::string Printable(const std::string& s) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7F && c != '\\') {
      out += c;
    } else {
      out += "\\x";
      out += kHex[u >> 4];
      out += kHex[u & 0xF];
    }
  }
  return out;
}

// One line per part, so a failing comparison shows which field differs.
std::string Describe(const std::vector<FormPart>& parts) {
  std::string out;
  for (const FormPart& p : parts) {
    out += "name=" + Printable(p.name) + " filename=" + Printable(p.filename) +
           " type=" + Printable(p.content_type) + " data=" + Printable(p.data) + "\n";
  }
  return out;
}

std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// Test-only writer for round trips: the inverse of ParseMultipart.
std::string Write(const std::vector<FormPart>& parts, const std::string& boundary) {
  std::string out = "preamble\r\n";
  for (const FormPart& p : parts) {
    std::string headers = "Content-Disposition: form-data; name=" + Quote(p.name);
    if (!p.filename.empty()) headers += "; filename=" + Quote(p.filename);
    headers += "\r\n";
    if (!p.content_type.empty()) headers += "Content-Type: " + p.content_type + "\r\n";
    out += Part(headers, p.data, boundary);
  }
  return out + Close(boundary);
}

const std::string kChromiumType =
    "multipart/form-data; boundary=----WebKitFormBoundaryQ7xvPmL3Zk2TgA9d";
// Exactly what Chromium sends for a form with a text field, a chosen file and
// a file input left empty.
const std::string kChromiumBody =
    "------WebKitFormBoundaryQ7xvPmL3Zk2TgA9d\r\n"
    "Content-Disposition: form-data; name=\"title\"\r\n"
    "\r\n"
    "Nhân viên chi nhánh Hà Đông\r\n"
    "------WebKitFormBoundaryQ7xvPmL3Zk2TgA9d\r\n"
    "Content-Disposition: form-data; name=\"accounts\"; filename=\"nhan-vien.csv\"\r\n"
    "Content-Type: text/csv\r\n"
    "\r\n"
    "email,name\r\nan@thuvien.vn,An\r\n"
    "\r\n"
    "------WebKitFormBoundaryQ7xvPmL3Zk2TgA9d\r\n"
    "Content-Disposition: form-data; name=\"image\"; filename=\"\"\r\n"
    "Content-Type: application/octet-stream\r\n"
    "\r\n"
    "\r\n"
    "------WebKitFormBoundaryQ7xvPmL3Zk2TgA9d--\r\n";

// NUL bytes, "\r\n--" not followed by the boundary, the boundary with more
// after it, after a bare LF and in mid-line, and a CR right before the delimiter.
const std::string kBinary =
    "PK\x03\x04\0\x01\r\n--\r\n--XyZX\r\n--Xy\n--XyZ\r\nab--XyZ\r\n\xFF\xFE\0\r"s;

struct Parsed {
  std::string what;
  std::string content_type;
  std::string body;
  std::vector<FormPart> expected;
};

}  // namespace

TEST_CASE("ParseMultipart reads valid bodies and they round-trip", "[multipart]") {
  const auto c = GENERATE(values<Parsed>({
      {"simple fields", kType, Field("a", "1") + Field("b", "") + Close(),
       {{"a", "", "", "1"}, {"b", "", "", ""}}},
      {"binary file data", kType,
       Part("Content-Disposition: form-data; name=\"pkg\"; filename=\"k.zip\"\r\n"
            "Content-Type: application/zip\r\n",
            kBinary) +
           Close(),
       {{"pkg", "k.zip", "application/zip", kBinary}}},
      {"quoted boundary, case-insensitive type and parameter",
       "Multipart/Form-Data; charset=utf-8; BOUNDARY=\"a b:c=d\"",
       Field("x", "y").replace(2, 3, "a b:c=d") + Close("a b:c=d"), {{"x", "", "", "y"}}},
      {"Chromium", kChromiumType, kChromiumBody,
       {{"title", "", "", "Nhân viên chi nhánh Hà Đông"},
        {"accounts", "nhan-vien.csv", "text/csv", "email,name\r\nan@thuvien.vn,An\r\n"},
        {"image", "", "application/octet-stream", ""}}},
      {"Vietnamese names, values and filenames", kType,
       Field("họ_tên", "Nguyễn Thị Hồng Nhung") +
           FilePart("Danh sách nhân viên.csv", "Tên,Thư điện tử\r\n") + Close(),
       {{"họ_tên", "", "", "Nguyễn Thị Hồng Nhung"},
        {"f", "Danh sách nhân viên.csv", "", "Tên,Thư điện tử\r\n"}}},
      {"preamble, transport padding, epilogue", kType,
       "This is a preamble.\r\n--XyZ \t\r\n"
       "Content-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n" + Close() + "epilogue --XyZ\r\n",
       {{"a", "", "", "1"}}},
      {"no CRLF after the closing delimiter", kType, Field("a", "1") + "--XyZ--",
       {{"a", "", "", "1"}}},
      {"header and parameter names in any case, unknown headers and filename*", kType,
       Part("content-disposition: FORM-DATA; NAME=a; FileName=\"r.txt\"; filename*=UTF-8''x.txt\r\n"
            "X-Extra: ignored\r\nCONTENT-TYPE:text/plain\r\n",
            "hi") +
           Close(),
       {{"a", "r.txt", "text/plain", "hi"}}},
      {"escaped quote in a name, escapes kept as sent", kType,
       Part("Content-Disposition: form-data; name=\"say \\\"hi\\\"\"; filename=\"b%22c.txt\"\r\n",
            "x") +
           Close(),
       {{"say \"hi\"", "b%22c.txt", "", "x"}}},
      {"only the closing delimiter", kType, Close(), {}},
      {"boundary of 70 characters", "multipart/form-data; boundary=" + std::string(70, 'b'),
       Field("a", "1").replace(2, 3, std::string(70, 'b')) + Close(std::string(70, 'b')),
       {{"a", "", "", "1"}}},
  }));
  CAPTURE(c.what);
  Result<std::vector<FormPart>> parts = ParseMultipart(c.content_type, c.body);
  INFO(parts.status().ToString());
  REQUIRE(parts.ok());
  CHECK(Describe(*parts) == Describe(c.expected));

  Result<std::vector<FormPart>> again =
      ParseMultipart("multipart/form-data; boundary=RoundTrip", Write(*parts, "RoundTrip"));
  REQUIRE(again.ok());
  CHECK(Describe(*again) == Describe(*parts));
}

TEST_CASE("ParseMultipart keeps only the last path component of a filename", "[multipart]") {
  const auto [sent, expected] = GENERATE(table<std::string, std::string>({
      {"../../etc/passwd", "passwd"},
      {"C:\\x\\y.csv", "y.csv"},          // as old IE sends it, unescaped
      {"C:\\\\x\\\\y.csv", "y.csv"},      // the same path with escaped backslashes
      {"..\\..\\boot.ini", "boot.ini"},
      {"/var/tmp/ảnh bìa.png", "ảnh bìa.png"},
      {"a/b\\c/d.txt", "d.txt"},
      {"...txt", "...txt"},
      {"report", "report"},
      {"", ""},  // a file input left empty
  }));
  CAPTURE(sent);
  Result<std::vector<FormPart>> parts = ParseMultipart(kType, FilePart(sent, "data") + Close());
  INFO(parts.status().ToString());
  REQUIRE(parts.ok());
  REQUIRE(parts->size() == 1);
  CHECK(parts->front().filename == expected);
  CHECK(parts->front().data == "data");
}

TEST_CASE("ParseMultipart rejects filenames with no usable last component", "[multipart]") {
  const auto [sent, message] = GENERATE(table<std::string, std::string>({
      {"..", "filename is \"..\""},
      {".", "filename is \".\""},
      {"a/..", "filename is \"..\""},
      {"..\\..", "filename is \"..\""},
      {"../", "ends in a path separator"},
      {"C:\\\\x\\\\", "ends in a path separator"},
      {"dir/", "ends in a path separator"},
  }));
  CAPTURE(sent);
  Result<std::vector<FormPart>> parts = ParseMultipart(kType, FilePart(sent, "data") + Close());
  REQUIRE_FALSE(parts.ok());
  CHECK(parts.status().code() == StatusCode::kInvalidArgument);
  CHECK_THAT(parts.status().message(), Catch::Contains(message));
}

namespace {
struct Rejected {
  std::string what;
  std::string content_type;
  std::string body;
  std::string message;  // a fragment of the expected message
};
}  // namespace

TEST_CASE("ParseMultipart rejects malformed bodies and says why", "[multipart]") {
  const std::string disposition_a = "Content-Disposition: form-data; name=\"a\"\r\n";
  const auto c = GENERATE_COPY(values<Rejected>({
      {"form-urlencoded", "application/x-www-form-urlencoded", "a=1", "not multipart/form-data"},
      {"multipart/mixed", "multipart/mixed; boundary=XyZ", Field("a", "1") + Close(),
       "not multipart/form-data"},
      {"empty Content-Type", "", Field("a", "1") + Close(), "no type"},
      {"no boundary", "multipart/form-data", Field("a", "1") + Close(), "no boundary"},
      {"boundary without value", "multipart/form-data; boundary=", "", "has no value"},
      {"empty quoted boundary", "multipart/form-data; boundary=\"\"", "", "1-70"},
      {"boundary of 71 characters", "multipart/form-data; boundary=" + std::string(71, 'b'),
       Field("a", "1").replace(2, 3, std::string(71, 'b')) + Close(std::string(71, 'b')), "1-70"},
      {"boundary with '@'", "multipart/form-data; boundary=\"a@b\"", "", "1-70"},
      {"boundary ending in a space", "multipart/form-data; boundary=\"ab \"", "", "1-70"},
      {"repeated boundary", "multipart/form-data; boundary=XyZ; boundary=XyZ",
       Field("a", "1") + Close(), "repeats boundary"},
      {"unterminated quoted boundary", "multipart/form-data; boundary=\"XyZ", "", "unterminated"},
      {"empty body", kType, "", "no delimiter"},
      {"body without the boundary", kType, "hello", "no delimiter"},
      {"LF-only line ends", kType,
       "--XyZ\nContent-Disposition: form-data; name=\"a\"\n\n1\n--XyZ--\n", "no delimiter"},
      {"missing closing delimiter", kType, Field("a", "1"), "closing delimiter --XyZ--"},
      {"truncated after the boundary", kType, Field("a", "1") + "--XyZ", "closing delimiter"},
      {"delimiter followed by other bytes", kType, Field("a", "1") + "--XyZ!\r\n",
       "closing delimiter"},
      {"no name", kType, Part("Content-Disposition: form-data; filename=\"a.txt\"\r\n", "x") + Close(),
       "no name"},
      {"empty name", kType, Field("", "x") + Close(), "no name"},
      {"no Content-Disposition", kType, Part("Content-Type: text/plain\r\n", "x") + Close(),
       "no Content-Disposition"},
      {"not form-data", kType, Part("Content-Disposition: attachment; name=\"a\"\r\n", "x") + Close(),
       "not form-data"},
      {"header line without colon", kType, Part(disposition_a + "garbage\r\n", "x") + Close(),
       "header line without a name"},
      {"header line starting with colon", kType, Part(disposition_a + ": x\r\n", "x") + Close(),
       "header line without a name"},
      {"header name with a space", kType, Part(disposition_a + "X Y: z\r\n", "x") + Close(),
       "header name with invalid characters"},
      {"bare LF in headers", kType,
       "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\n\r\nx\r\n" + Close(), "bare CR or LF"},
      {"folded header line", kType,
       Part("Content-Disposition: form-data;\r\n name=\"a\"\r\n", "x") + Close(), "folded"},
      {"NUL in headers", kType, Part(disposition_a + "X-A: \0\r\n"s, "x") + Close(),
       "control character"},
      {"headers without blank line", kType, "--XyZ\r\n" + disposition_a, "not ended by a blank line"},
      {"repeated Content-Disposition", kType, Part(disposition_a + disposition_a, "x") + Close(),
       "repeated Content-Disposition"},
      {"repeated Content-Type", kType,
       Part(disposition_a + "Content-Type: a/b\r\nContent-Type: c/d\r\n", "x") + Close(),
       "repeated Content-Type"},
      {"repeated name parameter", kType,
       Part("Content-Disposition: form-data; name=a; name=b\r\n", "x") + Close(), "repeats name"},
      {"unterminated quoted name", kType,
       Part("Content-Disposition: form-data; name=\"a\r\n", "x") + Close(), "unterminated"},
      {"junk after a parameter", kType,
       Part("Content-Disposition: form-data; name=\"a\" junk\r\n", "x") + Close(),
       "unexpected character after parameter name"},
      {"name not UTF-8", kType, Field("\xFF", "x") + Close(), "name is not valid UTF-8"},
      {"name with a tab", kType, Field("a\tb", "x") + Close(), "name holds control characters"},
      {"name with a C1 control", kType, Field("a\xC2\x85" "b", "x") + Close(),
       "name holds control characters"},
      {"filename not UTF-8", kType, FilePart("\xC3(.csv", "x") + Close(),
       "filename is not valid UTF-8"},
      {"filename with a tab", kType, FilePart("a\t.csv", "x") + Close(),
       "filename holds control characters"},
      {"text field not UTF-8", kType, Field("ok", "1") + Field("comment", "caf\xE9") + Close(),
       "part 2: field \"comment\" is not valid UTF-8"},
      {"empty file input with data not UTF-8", kType, FilePart("", "\xFF") + Close(),
       "field \"f\" is not valid UTF-8"},
  }));
  CAPTURE(c.what);
  Result<std::vector<FormPart>> parts = ParseMultipart(c.content_type, c.body);
  REQUIRE_FALSE(parts.ok());
  CHECK(parts.status().code() == StatusCode::kInvalidArgument);
  CHECK_THAT(parts.status().message(), Catch::Contains(c.message));
}

TEST_CASE("ParseMultipart limits the number of parts", "[multipart]") {
  const auto [max_parts, sent, ok] = GENERATE(table<size_t, size_t, bool>({
      {2, 2, true},
      {2, 3, false},
      {64, 64, true},
      {64, 65, false},
  }));
  CAPTURE(max_parts, sent);
  std::string body;
  for (size_t i = 0; i < sent; ++i) body += Field("f" + std::to_string(i), "v");
  body += Close();
  MultipartLimits limits;
  limits.max_parts = max_parts;
  Result<std::vector<FormPart>> parts = ParseMultipart(kType, body, limits);
  if (ok) {
    REQUIRE(parts.ok());
    CHECK(parts->size() == sent);
  } else {
    REQUIRE_FALSE(parts.ok());
    CHECK(parts.status().code() == StatusCode::kTooLarge);
    CHECK(parts.status().message() == "more than " + std::to_string(max_parts) + " parts");
  }
}

TEST_CASE("ParseMultipart limits the size of a part's headers", "[multipart]") {
  const std::string disposition = "Content-Disposition: form-data; name=\"a\"\r\n";
  const size_t max_header_bytes = 200;
  // Header bytes: the disposition line, "X-Pad: " + padding + CRLF, and the blank line.
  const size_t fixed = disposition.size() + 7 + 2 + 2;
  const auto [padding, ok] = GENERATE_COPY(table<size_t, bool>({
      {max_header_bytes - fixed - 1, true},
      {max_header_bytes - fixed, true},
      {max_header_bytes - fixed + 1, false},
      {5000, false},
  }));
  CAPTURE(padding);
  const std::string body =
      Part(disposition + "X-Pad: " + std::string(padding, 'p') + "\r\n", "v") + Close();
  MultipartLimits limits;
  limits.max_header_bytes = max_header_bytes;
  Result<std::vector<FormPart>> parts = ParseMultipart(kType, body, limits);
  if (ok) {
    INFO(parts.status().ToString());
    REQUIRE(parts.ok());
    CHECK(parts->front().data == "v");
  } else {
    REQUIRE_FALSE(parts.ok());
    CHECK(parts.status().code() == StatusCode::kTooLarge);
    CHECK(parts.status().message() == "part 1: headers longer than 200 bytes");
  }
}

TEST_CASE("ParseMultipart keeps large data full of near-delimiters intact", "[multipart]") {
  std::string data;
  for (int i = 0; i < 100000; ++i) data += "\r\n--XyZ-\r\n--Xy";
  data += "\r\n--XyZX";
  Result<std::vector<FormPart>> parts =
      ParseMultipart(kType, FilePart("big.bin", data) + Field("after", "ok") + Close());
  REQUIRE(parts.ok());
  REQUIRE(parts->size() == 2);
  CHECK(parts->at(0).data == data);
  CHECK(parts->at(1).data == "ok");
}

TEST_CASE("FindPart returns the first part with the name", "[multipart]") {
  const std::vector<FormPart> parts = {
      {"a", "", "", "1"}, {"b", "x.csv", "text/csv", "2"}, {"a", "", "", "3"}};
  const auto [name, expected] = GENERATE(table<std::string, std::string>({
      {"a", "1"},
      {"b", "2"},
      {"c", ""},
      {"", ""},
  }));
  CAPTURE(name);
  const FormPart* p = FindPart(parts, name);
  if (expected.empty()) {
    CHECK(p == nullptr);
  } else {
    REQUIRE(p != nullptr);
    CHECK(p->data == expected);
  }
}

}  // namespace lophoc::http
