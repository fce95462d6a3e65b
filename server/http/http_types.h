// Plain HTTP values passed between the Pistache adapter and the handlers, so
// handlers and their tests never touch a socket or Pistache types.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "server/http/visitor.h"

namespace lophoc::http {

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string path;    // percent-decoded, valid UTF-8 (the adapter checks)
  std::string raw_query;
  std::multimap<std::string, std::string> query;  // decoded
  std::map<std::string, std::string> headers;     // names lower-case
  std::string body;
  std::string client_address;
  std::map<std::string, std::string> params;  // filled by the router
  Visitor visitor;                            // filled by the site before handlers run
  // Refusals are answered in JSON outside /api/ too: set by the site for a
  // route that serves machines (the health check).
  bool json_refusals = false;
  // Set by the site: the client's sane X-Request-Id or a new one; sent back
  // as X-Request-Id and written in every log line about the request.
  std::string request_id;

  // First value of query parameter `key`, or empty.
  std::string Query(const std::string& key) const;
  bool HasQuery(const std::string& key) const { return query.count(key) > 0; }
  std::string Header(const std::string& lower_name) const;
  std::string Cookie(const std::string& name) const;
  bool IsApi() const { return path.rfind("/api/", 0) == 0; }
  // Whether a refusal is answered in JSON (else an HTML page).
  bool WantsJsonRefusal() const { return json_refusals || IsApi(); }
  // The fields of an application/x-www-form-urlencoded body; nullopt when the
  // body is of another type, malformed or not UTF-8.
  std::optional<std::multimap<std::string, std::string>> Form() const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  void SetHeader(std::string name, std::string value);
  // Value of the first header named `name` (exact case), or empty.
  std::string HeaderValue(std::string_view name) const;
};

// Decodes %XX escapes; `plus_is_space` for query strings. Returns nullopt on a
// malformed escape or when the result is not valid UTF-8.
std::optional<std::string> PercentDecode(std::string_view s, bool plus_is_space);

// Encodes everything but unreserved characters, for building URLs.
std::string PercentEncode(std::string_view s);

// Parses "a=1&b=%C3%A1"; nullopt when any part is malformed or not UTF-8.
std::optional<std::multimap<std::string, std::string>> ParseQuery(std::string_view raw);

// A Set-Cookie value: Path=/, SameSite=Lax, HttpOnly unless `script_visible`,
// Secure when `secure`; max_age_seconds < 0 makes a session cookie, 0
// deletes the cookie. `value` must be cookie-safe (tokens, "vi").
std::string SetCookieValue(std::string_view name, std::string_view value, long long max_age_seconds,
                           bool secure, bool script_visible = false);

// Escapes text for an HTML attribute or element (for the few strings built
// outside templates).
std::string HtmlEscape(std::string_view s);

// The public base URL people reach the site at, e.g. "https://hoc.example.vn"
// or "http://10.0.0.5:8080/lophoc": http or https, a host, an optional port
// and path; no query, fragment, user or spaces. Returned without a final '/';
// nullopt when malformed.
std::optional<std::string> ParsePublicUrl(std::string_view url);

// Whether a listening address reaches only this machine (127.0.0.0/8, ::1,
// localhost).
bool IsLoopbackAddress(std::string_view bind);

// RFC 7231 date, e.g. "Sun, 22 Nov 2026 03:15:04 GMT".
std::string HttpDate(long long unix_seconds);

}  // namespace lophoc::http
