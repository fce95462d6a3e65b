// Small pieces every people handler needs: reading a JSON object body field
// by field with clear messages, paging parameters, numeric ids, the
// "sign in first" answers, and safe redirects. Pure functions.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "people/people.h"
#include "kernel/status.h"
#include "server/http/http_types.h"

namespace lophoc::http {

struct WebContext;

// Reads a JSON object body. Every field must be one of `known`; a field read
// with the wrong type records an error. Check status() after reading.
class JsonFields {
 public:
  // InvalidArgument when the body is not a JSON object or has unknown fields.
  static Result<JsonFields> Parse(const std::string& body, const std::set<std::string>& known);

  std::optional<std::string> String(const std::string& key);  // nullopt when absent
  // A string, or null meaning "clear" (returned as ""); nullopt when absent.
  std::optional<std::string> NullableString(const std::string& key);
  std::optional<bool> Bool(const std::string& key);
  std::optional<std::vector<people::Role>> Roles(const std::string& key);
  // An array of positive integer ids; nullopt when absent.
  std::optional<std::vector<int64_t>> Ids(const std::string& key);
  // Required string: records an error when absent.
  std::string Required(const std::string& key);
  const Status& status() const { return status_; }

 private:
  nlohmann::json obj_;
  Status status_;
  void Fail(Status s);  // keeps the first failure
};

struct Paging {
  int limit = 50;
  int64_t offset = 0;
};
// ?limit= (1-500, default 50) and ?offset= (>= 0); InvalidArgument otherwise.
Result<Paging> ParsePaging(const HttpRequest& req);

// A positive decimal id, or nullopt.
std::optional<int64_t> ParseId(const std::string& s);

// A same-site path to go back to after signing in: starts with one '/',
// no "//", no backslash, no control characters; otherwise "/".
std::string SafeNext(const std::string& next);

// 303 See Other to `location`.
HttpResponse Redirect(const std::string& location);

// The answer for a request that needs a signed-in visitor: 401 JSON for the
// API, a redirect to the login page (coming back here) for pages; nullopt
// when the visitor is signed in.
std::optional<HttpResponse> RequireSignIn(const WebContext& ctx, const HttpRequest& req);


}  // namespace lophoc::http
