// Router: maps method + path to a handler. Patterns are '/'-separated;
// ":name" matches one segment into params["name"]; a final "*" matches the
// rest of the path (one or more segments) into params["*"]. Literal segments
// win over ":name" at the same depth. Built once at start-up, then read-only:
// Route() is thread-safe.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "server/http/http_types.h"

namespace lophoc::http {

using Handler = std::function<HttpResponse(const HttpRequest&)>;

// Whether a route's GET answers may be served from the ResponseCache: only
// when they depend on nothing but the published content, the language and
// the path.
enum class Caching { kNone, kByContent };

struct RouteMatch {
  enum class Kind { kFound, kNotFound, kMethodNotAllowed };
  Kind kind = Kind::kNotFound;
  const Handler* handler = nullptr;
  std::string allowed;  // "GET, HEAD" for kMethodNotAllowed
  std::string pattern;  // the matched pattern, for logs and tests
  Caching caching = Caching::kNone;
};

class Router {
 public:
  void Add(const std::string& method, const std::string& pattern, Handler handler,
           Caching caching = Caching::kNone);

  // Matches `req.path`; on kFound fills req.params. HEAD matches GET routes.
  RouteMatch Route(HttpRequest& req) const;

  // Patterns of all routes starting with `prefix`, with their methods
  // (e.g. for checking the OpenAPI document).
  std::vector<std::pair<std::string, std::string>> Routes(const std::string& prefix) const;

 private:
  struct Route_ {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    Handler handler;
    Caching caching;
  };
  std::vector<Route_> routes_;
};

}  // namespace lophoc::http
