#include "server/http/http_types.h"

#include <cctype>

#include "kernel/calendar.h"
#include "kernel/encode.h"
#include "kernel/text.h"

namespace lophoc::http {

std::string HttpRequest::Query(const std::string& key) const {
  auto it = query.find(key);
  return it == query.end() ? std::string() : it->second;
}

std::string HttpRequest::Header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? std::string() : it->second;
}

std::string HttpRequest::Cookie(const std::string& name) const {
  const std::string all = Header("cookie");
  size_t pos = 0;
  while (pos < all.size()) {
    size_t end = all.find(';', pos);
    if (end == std::string::npos) end = all.size();
    std::string_view part = Trim(std::string_view(all).substr(pos, end - pos));
    const size_t eq = part.find('=');
    if (eq != std::string_view::npos && part.substr(0, eq) == name) {
      return std::string(part.substr(eq + 1));
    }
    pos = end + 1;
  }
  return "";
}

std::optional<std::multimap<std::string, std::string>> HttpRequest::Form() const {
  const std::string type = Header("content-type");
  const std::string_view form = "application/x-www-form-urlencoded";
  if (type.compare(0, form.size(), form) != 0) return std::nullopt;
  if (type.size() > form.size() && type[form.size()] != ';' && type[form.size()] != ' ') {
    return std::nullopt;
  }
  return ParseQuery(body);
}

std::string SetCookieValue(std::string_view name, std::string_view value, long long max_age_seconds,
                           bool secure, bool script_visible) {
  std::string out = std::string(name) + "=" + std::string(value) + "; Path=/; SameSite=Lax";
  if (max_age_seconds >= 0) out += "; Max-Age=" + std::to_string(max_age_seconds);
  if (!script_visible) out += "; HttpOnly";
  if (secure) out += "; Secure";
  return out;
}

void HttpResponse::SetHeader(std::string name, std::string value) {
  for (auto& h : headers) {
    if (h.first == name) {
      h.second = std::move(value);
      return;
    }
  }
  headers.emplace_back(std::move(name), std::move(value));
}

std::string HttpResponse::HeaderValue(std::string_view name) const {
  for (const auto& h : headers) {
    if (h.first == name) return h.second;
  }
  return "";
}

std::optional<std::string> PercentDecode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size()) return std::nullopt;
      auto hex = [](char h) -> int {
        if (h >= '0' && h <= '9') return h - '0';
        if (h >= 'a' && h <= 'f') return h - 'a' + 10;
        if (h >= 'A' && h <= 'F') return h - 'A' + 10;
        return -1;
      };
      const int hi = hex(s[i + 1]);
      const int lo = hex(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  if (!IsValidUtf8(out) || out.find('\0') != std::string::npos) return std::nullopt;
  return ToNfc(out);  // what people typed, composed (docs/architecture.md, "Text in one form")
}

std::string PercentEncode(std::string_view s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::optional<std::multimap<std::string, std::string>> ParseQuery(std::string_view raw) {
  std::multimap<std::string, std::string> out;
  size_t pos = 0;
  while (pos <= raw.size() && !raw.empty()) {
    size_t end = raw.find('&', pos);
    if (end == std::string_view::npos) end = raw.size();
    std::string_view part = raw.substr(pos, end - pos);
    if (!part.empty()) {
      const size_t eq = part.find('=');
      auto key = PercentDecode(part.substr(0, eq), true);
      auto value = PercentDecode(eq == std::string_view::npos ? "" : part.substr(eq + 1), true);
      if (!key || !value) return std::nullopt;
      out.emplace(std::move(*key), std::move(*value));
    }
    pos = end + 1;
  }
  return out;
}

std::string HtmlEscape(std::string_view s) { return EscapeHtml(s); }

std::string HttpDate(long long unix_seconds) {
  return FormatHttpDate(TimePoint(std::chrono::seconds(unix_seconds)));
}

std::optional<std::string> ParsePublicUrl(std::string_view url) {
  std::string_view rest;
  if (url.rfind("https://", 0) == 0) {
    rest = url.substr(8);
  } else if (url.rfind("http://", 0) == 0) {
    rest = url.substr(7);
  } else {
    return std::nullopt;
  }
  if (rest.empty() || url.size() > 200) return std::nullopt;
  const size_t slash = rest.find('/');
  const std::string_view authority = rest.substr(0, slash);
  if (authority.empty()) return std::nullopt;
  for (char c : authority) {
    const auto u = static_cast<unsigned char>(c);
    if (!(std::isalnum(u) || c == '.' || c == '-' || c == ':' || c == '[' || c == ']')) {
      return std::nullopt;
    }
  }
  if (slash != std::string_view::npos) {
    for (char c : rest.substr(slash)) {
      const auto u = static_cast<unsigned char>(c);
      if (!(std::isalnum(u) || c == '/' || c == '.' || c == '-' || c == '_' || c == '~')) {
        return std::nullopt;
      }
    }
  }
  std::string out(url);
  while (!out.empty() && out.back() == '/') out.pop_back();
  return out;
}

bool IsLoopbackAddress(std::string_view bind) {
  return bind == "localhost" || bind == "::1" || bind == "[::1]" || bind.rfind("127.", 0) == 0;
}

}  // namespace lophoc::http
