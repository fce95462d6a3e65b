#include "server/http/client_address.h"

#include <arpa/inet.h>
#include <netinet/in.h>

namespace lophoc::http {

std::optional<std::string> CanonicalIpAddress(const std::string& text) {
  char out[INET6_ADDRSTRLEN] = {};
  in_addr v4{};
  if (inet_pton(AF_INET, text.c_str(), &v4) == 1) {
    return inet_ntop(AF_INET, &v4, out, sizeof out) ? std::optional<std::string>(out)
                                                    : std::nullopt;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, text.c_str(), &v6) == 1) {
    return inet_ntop(AF_INET6, &v6, out, sizeof out) ? std::optional<std::string>(out)
                                                     : std::nullopt;
  }
  return std::nullopt;
}

std::string ClientAddressBehind(const HttpRequest& req, const std::string& trusted_proxy) {
  if (trusted_proxy.empty() || CanonicalIpAddress(req.client_address) != trusted_proxy) {
    return req.client_address;
  }
  // Repeated headers arrive joined with ", " (http_wire.cpp): the last entry
  // is still the one the proxy added.
  const std::string forwarded = req.Header("x-forwarded-for");
  const size_t comma = forwarded.rfind(',');
  std::string last = comma == std::string::npos ? forwarded : forwarded.substr(comma + 1);
  const size_t begin = last.find_first_not_of(" \t");
  const size_t end = last.find_last_not_of(" \t");
  last = begin == std::string::npos ? "" : last.substr(begin, end - begin + 1);
  return CanonicalIpAddress(last).value_or(req.client_address);
}

}  // namespace lophoc::http
