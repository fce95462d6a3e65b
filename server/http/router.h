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

// What a successful GET of a route adds to the visit counts (growth reports).
enum class Counts { kNothing, kVisit, kLessonView };

// How large a request body a route takes: a form or JSON body, or an
// upload (CSV files, course packages) up to SiteOptions::max_upload_bytes.
enum class Body { kSmall, kUpload };

// Whether a route's requests hash a password (argon2id: log in, register,
// password change and reset, accounts with one-time passwords): those run on
// a pool of their own, so that they can never hold up other writes.
enum class Work { kOrdinary, kHashing };

struct RouteOptions {
  Caching caching = Caching::kNone;
  Counts counts = Counts::kNothing;
  Body body = Body::kSmall;
  Work work = Work::kOrdinary;
};
inline const RouteOptions kCachedByContent{Caching::kByContent, Counts::kNothing, Body::kSmall};
inline const RouteOptions kUploadRoute{Caching::kNone, Counts::kNothing, Body::kUpload};
inline const RouteOptions kHashingRoute{Caching::kNone, Counts::kNothing, Body::kSmall,
                                        Work::kHashing};
inline const RouteOptions kHashingUploadRoute{Caching::kNone, Counts::kNothing, Body::kUpload,
                                              Work::kHashing};

struct RouteMatch {
  enum class Kind { kFound, kNotFound, kMethodNotAllowed };
  Kind kind = Kind::kNotFound;
  const Handler* handler = nullptr;
  std::string allowed;  // "GET, HEAD" for kMethodNotAllowed
  std::string pattern;  // the matched pattern, for logs and tests
  RouteOptions options;
};

class Router {
 public:
  void Add(const std::string& method, const std::string& pattern, Handler handler,
           RouteOptions options = {});

  // Matches `req.path`; on kFound fills req.params. HEAD matches GET routes.
  RouteMatch Route(HttpRequest& req) const;
  // The options of the route `method` and `path` match; defaults when none.
  RouteOptions OptionsFor(const std::string& method, const std::string& path) const;

  // Patterns of all routes starting with `prefix`, with their methods
  // (e.g. for checking the OpenAPI document).
  std::vector<std::pair<std::string, std::string>> Routes(const std::string& prefix) const;

 private:
  struct Route_ {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    Handler handler;
    RouteOptions options;
  };
  std::vector<Route_> routes_;
};

}  // namespace lophoc::http
