// A small blocking HTTP client over libcurl for integration tests against a
// server on 127.0.0.1. Not thread-safe per instance.
#pragma once

#include <map>
#include <string>

namespace lophoc::testing {

struct ClientResponse {
  long status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names; Set-Cookie lines joined by '\n'

  std::string Header(const std::string& lower) const {
    auto it = headers.find(lower);
    return it == headers.end() ? "" : it->second;
  }
};

// `target` is sent as written (no re-encoding), e.g. "/search?q=%FF".
ClientResponse HttpFetch(uint16_t port, const std::string& method, const std::string& target,
                         const std::map<std::string, std::string>& headers = {},
                         const std::string& body = "");

// The same from another computer: connects from `source_address` (any
// 127.x.y.z works on the Linux loopback), which the server sees as the
// client address.
ClientResponse HttpFetchFrom(const std::string& source_address, uint16_t port,
                             const std::string& method, const std::string& target,
                             const std::map<std::string, std::string>& headers = {},
                             const std::string& body = "");

}  // namespace lophoc::testing
