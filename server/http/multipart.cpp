#include "server/http/multipart.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "kernel/text.h"

namespace lophoc::http {
namespace {

constexpr size_t kNone = std::string_view::npos;
constexpr size_t kMaxBoundaryLength = 70;  // RFC 2046 5.1.1

char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (LowerAscii(a[i]) != LowerAscii(b[i])) return false;
  }
  return true;
}

bool IsOws(char c) { return c == ' ' || c == '\t'; }

std::string_view TrimOws(std::string_view s) {
  while (!s.empty() && IsOws(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsOws(s.back())) s.remove_suffix(1);
  return s;
}

// RFC 7230 tchar: header and parameter names.
bool IsTokenChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return c != '\0' && std::strchr("!#$%&'*+-.^_`|~", c) != nullptr;
}

// An unquoted parameter value is read up to white space or ';'. This is wider
// than a token so that boundaries such as "a:b/c" sent unquoted still parse;
// the boundary and the names are checked on their own afterwards.
bool IsBareValueChar(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u > 0x20 && u != 0x7F && c != ';' && c != '"';
}

// RFC 2046 bchars: DIGIT / ALPHA / "'()+_,-./:=?" / space, and not ending in space.
bool IsValidBoundary(std::string_view b) {
  if (b.empty() || b.size() > kMaxBoundaryLength || b.back() == ' ') return false;
  for (char c : b) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum && (c == '\0' || std::strchr("'()+_,-./:=? ", c) == nullptr)) return false;
  }
  return true;
}

// C0 controls, DEL and C1 controls (U+0080-U+009F). REQUIRES: valid UTF-8.
bool HasControl(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    const auto u = static_cast<unsigned char>(s[i]);
    if (u < 0x20 || u == 0x7F) return true;
    if (u == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) <= 0x9F) return true;
  }
  return false;
}

Status CheckText(const char* what, std::string_view s) {
  if (!IsValidUtf8(s)) return Status::InvalidArgument(std::string(what) + " is not valid UTF-8");
  if (HasControl(s)) return Status::InvalidArgument(std::string(what) + " holds control characters");
  return Status::Ok();
}

struct Param {
  std::string name;  // lower case
  std::string value;
};

// Reads a quoted string at v[i] == '"'. A backslash escapes only '"' and '\',
// so unescaped Windows paths from old browsers keep their backslashes.
Status ReadQuoted(std::string_view v, size_t& i, std::string& out) {
  for (++i; i < v.size(); ++i) {
    const char c = v[i];
    if (c == '\\' && i + 1 < v.size() && (v[i + 1] == '"' || v[i + 1] == '\\')) {
      out += v[++i];
    } else if (c == '"') {
      ++i;
      return Status::Ok();
    } else {
      out += c;
    }
  }
  return Status::InvalidArgument("unterminated quoted string");
}

// Splits `type; a=1; b="x y"` into the type (trimmed, unchecked) and its
// parameters in order. A trailing ';' is tolerated.
Status ParseParams(std::string_view v, std::string_view& type, std::vector<Param>& params) {
  size_t i = v.find(';');
  type = TrimOws(v.substr(0, i));
  if (type.empty()) return Status::InvalidArgument("value has no type");
  while (i < v.size()) {  // v[i] == ';'
    for (++i; i < v.size() && IsOws(v[i]); ++i) {}
    if (i == v.size()) break;
    const size_t name_start = i;
    while (i < v.size() && IsTokenChar(v[i])) ++i;
    if (i == name_start) return Status::InvalidArgument("expected a parameter name");
    Param p;
    for (char c : v.substr(name_start, i - name_start)) p.name += LowerAscii(c);
    while (i < v.size() && IsOws(v[i])) ++i;
    if (i == v.size() || v[i] != '=') {
      return Status::InvalidArgument("parameter " + p.name + " has no value");
    }
    for (++i; i < v.size() && IsOws(v[i]); ++i) {}
    if (i < v.size() && v[i] == '"') {
      Status s = ReadQuoted(v, i, p.value);
      if (!s.ok()) return Status::InvalidArgument("parameter " + p.name + ": " + s.message());
    } else {
      const size_t value_start = i;
      while (i < v.size() && IsBareValueChar(v[i])) ++i;
      if (i == value_start) return Status::InvalidArgument("parameter " + p.name + " has no value");
      p.value = std::string(v.substr(value_start, i - value_start));
    }
    while (i < v.size() && IsOws(v[i])) ++i;
    if (i < v.size() && v[i] != ';') {
      return Status::InvalidArgument("unexpected character after parameter " + p.name);
    }
    params.push_back(std::move(p));
  }
  return Status::Ok();
}

// The parameters of the value of header `header`, whose type must be
// `expected`; the refusal names the header.
Result<std::vector<Param>> ParamsOf(const std::string& header, std::string_view value,
                                    std::string_view expected) {
  std::string_view type;
  std::vector<Param> params;
  Status s = ParseParams(value, type, params);
  if (!s.ok()) return Status::InvalidArgument(header + ": " + s.message());
  if (!EqualsIgnoreCase(type, expected)) {
    return Status::InvalidArgument(header + " is not " + std::string(expected));
  }
  return params;
}

Result<std::string> BoundaryFrom(std::string_view content_type) {
  auto params = ParamsOf("Content-Type", content_type, "multipart/form-data");
  if (!params.ok()) return params.status();
  const std::string* boundary = nullptr;
  for (const Param& p : *params) {
    if (p.name != "boundary") continue;
    if (boundary != nullptr) return Status::InvalidArgument("Content-Type repeats boundary");
    boundary = &p.value;
  }
  if (boundary == nullptr) return Status::InvalidArgument("Content-Type has no boundary");
  if (!IsValidBoundary(*boundary)) {
    return Status::InvalidArgument(
        "boundary must be 1-70 letters, digits or '()+_,-./:=? and not end in a space");
  }
  return *boundary;
}

struct Delimiter {
  size_t start = kNone;  // first byte of the delimiter (its CRLF), kNone when not found
  size_t next = 0;       // first byte after the delimiter line
  bool closing = false;
};

// Whether the bytes after "--boundary" at `pos` end a delimiter: "--" closes,
// transport padding then CRLF opens the next part.
bool MatchTail(std::string_view body, size_t pos, Delimiter& d) {
  if (body.substr(pos, 2) == "--") {
    d.closing = true;
    d.next = pos + 2;
    return true;
  }
  while (pos < body.size() && IsOws(body[pos])) ++pos;
  if (body.substr(pos, 2) != "\r\n") return false;
  d.closing = false;
  d.next = pos + 2;
  return true;
}

// The first delimiter ("\r\n--boundary" plus tail) at or after `from`.
// Candidates with another tail are data; the scan is linear because the
// delimiter is at most 74 bytes.
Delimiter FindDelimiter(std::string_view body, size_t from, std::string_view delim) {
  Delimiter d;
  for (size_t pos = body.find(delim, from); pos != kNone; pos = body.find(delim, pos + 1)) {
    if (MatchTail(body, pos + delim.size(), d)) {
      d.start = pos;
      return d;
    }
  }
  return Delimiter{};
}

// The opening delimiter may also start the body, with no CRLF before it.
Delimiter FindOpeningDelimiter(std::string_view body, std::string_view delim) {
  const std::string_view dash_boundary = delim.substr(2);
  Delimiter d;
  if (body.substr(0, dash_boundary.size()) == dash_boundary &&
      MatchTail(body, dash_boundary.size(), d)) {
    d.start = 0;
    return d;
  }
  return FindDelimiter(body, 0, delim);
}

struct PartHeaders {
  std::string_view disposition;
  std::string_view content_type;
  bool has_disposition = false;
  bool has_content_type = false;
};

Status CheckHeaderLine(std::string_view line) {
  if (IsOws(line.front())) return Status::InvalidArgument("folded header lines are not accepted");
  for (char c : line) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '\r' || c == '\n') {
      return Status::InvalidArgument("bare CR or LF in headers (lines must end with CRLF)");
    }
    if ((u < 0x20 && c != '\t') || u == 0x7F) {
      return Status::InvalidArgument("control character in headers");
    }
  }
  const size_t colon = line.find(':');
  if (colon == kNone || colon == 0) return Status::InvalidArgument("header line without a name");
  for (char c : line.substr(0, colon)) {
    if (!IsTokenChar(c)) return Status::InvalidArgument("header name with invalid characters");
  }
  return Status::Ok();
}

// Reads header lines from `pos` through the blank line; on success `pos` is
// the first data byte. Unknown headers are skipped.
Status ReadPartHeaders(std::string_view body, size_t& pos, size_t max_bytes, PartHeaders& out) {
  const std::string_view window = body.substr(0, pos + std::min(max_bytes, body.size() - pos));
  for (;;) {
    const size_t eol = window.find("\r\n", pos);
    if (eol == kNone) {
      if (window.size() < body.size()) {
        return Status::TooLarge("headers longer than " + std::to_string(max_bytes) + " bytes");
      }
      return Status::InvalidArgument("headers not ended by a blank line");
    }
    const std::string_view line = window.substr(pos, eol - pos);
    pos = eol + 2;
    if (line.empty()) return Status::Ok();
    Status s = CheckHeaderLine(line);
    if (!s.ok()) return s;
    const size_t colon = line.find(':');
    const std::string_view name = line.substr(0, colon);
    const std::string_view value = TrimOws(line.substr(colon + 1));
    if (EqualsIgnoreCase(name, "content-disposition")) {
      if (out.has_disposition) return Status::InvalidArgument("repeated Content-Disposition");
      out.has_disposition = true;
      out.disposition = value;
    } else if (EqualsIgnoreCase(name, "content-type")) {
      if (out.has_content_type) return Status::InvalidArgument("repeated Content-Type");
      out.has_content_type = true;
      out.content_type = value;
    }
  }
}

// Fills name and filename from a Content-Disposition value. `filename*` and
// other parameters are ignored.
Status ReadDisposition(std::string_view value, FormPart& part) {
  auto params = ParamsOf("Content-Disposition", value, "form-data");
  if (!params.ok()) return params.status();
  bool has_name = false;
  bool has_filename = false;
  for (Param& p : *params) {
    bool* seen = p.name == "name" ? &has_name : p.name == "filename" ? &has_filename : nullptr;
    if (seen == nullptr) continue;
    if (*seen) return Status::InvalidArgument("Content-Disposition repeats " + p.name);
    *seen = true;
    (p.name == "name" ? part.name : part.filename) = std::move(p.value);
  }
  if (part.name.empty()) return Status::InvalidArgument("Content-Disposition has no name");
  Status s = CheckText("name", part.name);
  if (!s.ok()) return s;
  s = CheckText("filename", part.filename);
  if (!s.ok()) return s;
  // Only the last path component reaches the caller, so "../../x" cannot.
  const size_t cut = part.filename.find_last_of("/\\");
  if (cut != std::string::npos) part.filename.erase(0, cut + 1);
  if (has_filename && cut != std::string::npos && part.filename.empty()) {
    return Status::InvalidArgument("filename ends in a path separator");
  }
  if (part.filename == "." || part.filename == "..") {
    return Status::InvalidArgument("filename is \"" + part.filename + "\"");
  }
  return Status::Ok();
}

// Reads the part after delimiter `d`; on success `d` is the delimiter after it.
Status ReadPart(std::string_view body, std::string_view delim, const MultipartLimits& limits,
                Delimiter& d, FormPart& part) {
  size_t pos = d.next;
  PartHeaders headers;
  Status s = ReadPartHeaders(body, pos, limits.max_header_bytes, headers);
  if (!s.ok()) return s;
  if (!headers.has_disposition) return Status::InvalidArgument("no Content-Disposition header");
  s = ReadDisposition(headers.disposition, part);
  if (!s.ok()) return s;
  part.content_type = std::string(headers.content_type);
  d = FindDelimiter(body, pos, delim);
  if (d.start == kNone) {
    return Status::InvalidArgument("the body ends without the closing delimiter --" +
                                   std::string(delim.substr(4)) + "--");
  }
  part.data = std::string(body.substr(pos, d.start - pos));
  if (part.filename.empty() && IsValidUtf8(part.data)) part.data = ToNfc(part.data);
  if (part.filename.empty() && !IsValidUtf8(part.data)) {
    return Status::InvalidArgument("field \"" + part.name + "\" is not valid UTF-8");
  }
  return Status::Ok();
}

Status InPart(size_t number, const Status& s) {
  std::string msg = "part " + std::to_string(number) + ": " + s.message();
  return s.code() == StatusCode::kTooLarge ? Status::TooLarge(std::move(msg))
                                           : Status::InvalidArgument(std::move(msg));
}

}  // namespace

Result<std::vector<FormPart>> ParseMultipart(std::string_view content_type,
                                             std::string_view body,
                                             const MultipartLimits& limits) {
  Result<std::string> boundary = BoundaryFrom(content_type);
  if (!boundary.ok()) return boundary.status();
  const std::string delim = "\r\n--" + *boundary;
  Delimiter d = FindOpeningDelimiter(body, delim);
  if (d.start == kNone) {
    return Status::InvalidArgument("the body has no delimiter --" + *boundary);
  }
  std::vector<FormPart> parts;
  while (!d.closing) {
    if (parts.size() >= limits.max_parts) {
      return Status::TooLarge("more than " + std::to_string(limits.max_parts) + " parts");
    }
    FormPart part;
    Status s = ReadPart(body, delim, limits, d, part);
    if (!s.ok()) return InPart(parts.size() + 1, s);
    parts.push_back(std::move(part));
  }
  return parts;
}

const FormPart* FindPart(const std::vector<FormPart>& parts, std::string_view name) {
  for (const FormPart& p : parts) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

}  // namespace lophoc::http
