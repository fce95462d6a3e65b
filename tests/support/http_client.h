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

}  // namespace lophoc::testing
