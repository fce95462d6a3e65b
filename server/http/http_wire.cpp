#include "server/http/http_wire.h"

#include <algorithm>
#include <string_view>

namespace lophoc::http {

bool ToHttpRequest(FramedRequest&& in, const std::string& client, HttpRequest& out) {
  out.method = std::move(in.method);
  out.client_address = client;
  for (auto& [name, value] : in.headers) {
    auto it = out.headers.find(name);
    if (it == out.headers.end()) {
      out.headers.emplace(name, std::move(value));
    } else {
      it->second += (name == "cookie" ? "; " : ", ") + value;
    }
  }
  out.body = std::move(in.body);
  const std::string& target = in.target;
  const size_t q = target.find('?');
  const size_t end = std::min(q, target.find('#'));
  auto path = PercentDecode(std::string_view(target).substr(0, end), false);
  if (!path || path->empty() || (*path)[0] != '/') return false;
  out.path = std::move(*path);
  if (q != std::string::npos) {
    const size_t qend = target.find('#', q);
    out.raw_query = target.substr(q + 1, qend == std::string::npos ? std::string::npos : qend - q - 1);
    auto query = ParseQuery(out.raw_query);
    if (!query) return false;
    out.query = std::move(*query);
  }
  return true;
}

std::optional<std::string> TargetPath(const std::string& target) {
  auto path = PercentDecode(std::string_view(target).substr(0, target.find_first_of("?#")), false);
  if (!path || path->empty() || (*path)[0] != '/') return std::nullopt;
  return path;
}

HttpRequest RefusedRequest(const FramedRequest& partial, const std::string& client) {
  HttpRequest req;
  req.method = partial.method.empty() ? "GET" : partial.method;
  req.client_address = client;
  for (const auto& [name, value] : partial.headers) req.headers[name] = value;
  req.path = TargetPath(partial.target).value_or("/");
  return req;
}

std::string LastResponseBytes(const HttpResponse& res, const std::string& reason_phrase) {
  std::string out = "HTTP/1.1 " + std::to_string(res.status) + " " + reason_phrase + "\r\n";
  out += "Content-Type: " + res.content_type + "\r\n";
  for (const auto& [name, value] : res.headers) {
    if (name != "Connection") out += name + ": " + value + "\r\n";
  }
  out += "Content-Length: " + std::to_string(res.body.size()) + "\r\nConnection: close\r\n\r\n";
  out += res.body;
  return out;
}

HttpResponse JsonError(int status, const std::string& code, const std::string& message) {
  std::string body = R"({"error":{"code":")" + code + R"(","message":")";
  for (char c : message) {
    if (c == '"' || c == '\\') body += '\\';
    body += c;
  }
  body += "\"}}";
  return HttpResponse{status, "application/json", std::move(body), {}};
}

HttpResponse BusyResponse() {
  HttpResponse res =
      JsonError(503, "unavailable", "the server is busy; try again in a few seconds");
  res.SetHeader("Retry-After", "2");
  return res;
}

}  // namespace lophoc::http
