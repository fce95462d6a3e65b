// Browser: a cookie jar and the last page's CSRF token over a Site, for
// handler tests of the web pages that sign in, post forms (URL-encoded or
// multipart) and follow the site's cookies as a real browser would, without
// a socket. Not thread-safe.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "tests/support/test_site.h"

namespace lophoc::testing {

using Fields = std::vector<std::pair<std::string, std::string>>;
using http::HttpRequest;
using http::HttpResponse;

inline bool Contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

inline std::vector<std::string> SetCookies(const HttpResponse& res) {
  std::vector<std::string> out;
  for (const auto& [name, value] : res.headers) {
    if (name == "Set-Cookie") out.push_back(value);
  }
  return out;
}

// The value of the first form field `name` on a page (name="..." value="..."),
// or "".
inline std::string FieldValue(const std::string& html, const std::string& name) {
  const std::string mark = "name=\"" + name + "\" value=\"";
  const size_t at = html.find(mark);
  if (at == std::string::npos) return "";
  const size_t from = at + mark.size();
  return html.substr(from, html.find('"', from) - from);
}

// A multipart/form-data body: `fields`, then a part "file" named `file_name`
// of type `file_type` holding `data`.
inline std::string MultipartBody(const std::string& boundary, const Fields& fields,
                                 const std::string& file_name, const std::string& file_type,
                                 const std::string& data) {
  std::string body;
  for (const auto& [k, v] : fields) {
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n" +
            v + "\r\n";
  }
  return body + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" +
         file_name + "\"\r\nContent-Type: " + file_type + "\r\n\r\n" + data + "\r\n--" +
         boundary + "--\r\n";
}

// A browser with a cookie jar. Remembers the csrf_token of the last page that
// had a form and sends it with Post unless told not to.
class Browser {
 public:
  explicit Browser(http::WebApp& site) : site_(site) {}
  explicit Browser(TestSite& t) : site_(t.site()) {}

  HttpResponse Get(const std::string& target) { return Send("GET", target, "", ""); }

  HttpResponse Post(const std::string& target, Fields fields, bool with_csrf = true) {
    if (with_csrf) fields.emplace_back("csrf_token", csrf_);
    std::string body;
    for (const auto& [k, v] : fields) {
      body += (body.empty() ? "" : "&") + http::PercentEncode(k) + "=" + http::PercentEncode(v);
    }
    return Send("POST", target, body, "application/x-www-form-urlencoded");
  }

  // A multipart/form-data form, as the import page sends it.
  HttpResponse PostMultipart(const std::string& target, Fields fields, const std::string& file) {
    fields.emplace_back("csrf_token", csrf_);
    const std::string boundary = "----lophocTestBoundary7MA4YWxk";
    return Send("POST", target, MultipartBody(boundary, fields, "nguoi.csv", "text/csv", file),
                "multipart/form-data; boundary=" + boundary);
  }

  HttpResponse Send(const std::string& method, const std::string& target, const std::string& body,
                    const std::string& type) {
    HttpRequest req;
    req.method = method;
    const size_t q = target.find('?');
    req.path = target.substr(0, q);
    if (q != std::string::npos) {
      req.raw_query = target.substr(q + 1);
      req.query = http::ParseQuery(req.raw_query).value();
    }
    std::string cookie;
    for (const auto& [k, v] : jar_) cookie += (cookie.empty() ? "" : "; ") + k + "=" + v;
    if (!cookie.empty()) req.headers["cookie"] = cookie;
    if (!type.empty()) req.headers["content-type"] = type;
    req.body = body;
    req.client_address = "127.0.0.1";
    HttpResponse res = site_.Handle(std::move(req));
    for (const auto& c : SetCookies(res)) {
      const size_t eq = c.find('='), end = c.find(';');
      const std::string name = c.substr(0, eq), value = c.substr(eq + 1, end - eq - 1);
      if (Contains(c, "Max-Age=0")) {
        jar_.erase(name);
      } else {
        jar_[name] = value;
      }
    }
    // A page with a form holds the session's token (an empty one too).
    if (Contains(res.body, "name=\"csrf_token\" value=\"")) {
      csrf_ = FieldValue(res.body, "csrf_token");
    }
    return res;
  }

  std::string Cookie(const std::string& name) const {
    auto it = jar_.find(name);
    return it == jar_.end() ? "" : it->second;
  }
  void SetCookie(const std::string& name, const std::string& value) { jar_[name] = value; }

 private:
  http::WebApp& site_;
  std::map<std::string, std::string> jar_;
  std::string csrf_;
};

}  // namespace lophoc::testing
