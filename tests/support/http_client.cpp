#include "tests/support/http_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <stdexcept>

namespace lophoc::testing {
namespace {

size_t OnBody(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

size_t OnHeader(char* data, size_t size, size_t n, void* out) {
  std::string line(data, size * n);
  const size_t colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(), ::tolower);
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n')) value.pop_back();
    auto& all = *static_cast<std::map<std::string, std::string>*>(out);
    // Several Set-Cookie headers are kept, one per line.
    if (name == "set-cookie" && all.count(name) > 0) all[name] += "\n" + value;
    else all[name] = value;
  }
  return size * n;
}

}  // namespace

ClientResponse HttpFetch(uint16_t port, const std::string& method, const std::string& target,
                         const std::map<std::string, std::string>& headers, const std::string& body) {
  return HttpFetchFrom("", port, method, target, headers, body);
}

ClientResponse HttpFetchFrom(const std::string& source_address, uint16_t port,
                             const std::string& method, const std::string& target,
                             const std::map<std::string, std::string>& headers,
                             const std::string& body) {
  CURL* curl = curl_easy_init();
  if (curl == nullptr) throw std::runtime_error("curl_easy_init");
  const std::string interface = "host!" + source_address;
  if (!source_address.empty()) curl_easy_setopt(curl, CURLOPT_INTERFACE, interface.c_str());
  ClientResponse res;
  const std::string url = "http://127.0.0.1:" + std::to_string(port) + target;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_PATH_AS_IS, 1L);
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  if (method == "HEAD") curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &res.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &res.headers);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 10L);
  curl_slist* list = curl_slist_append(nullptr, "Expect:");  // Pistache never answers 100-continue
  for (const auto& [k, v] : headers) list = curl_slist_append(list, (k + ": " + v).c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
  if (!body.empty() || method == "POST") {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  }
  const CURLcode rc = curl_easy_perform(curl);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &res.status);
  curl_slist_free_all(list);
  curl_easy_cleanup(curl);
  if (rc != CURLE_OK) throw std::runtime_error(std::string("curl: ") + curl_easy_strerror(rc));
  return res;
}

}  // namespace lophoc::testing
