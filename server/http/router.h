// Router: maps method + path to a handler. Patterns are '/'-separated;
// ":name" matches one segment into params["name"]; a final "*" matches the
// rest of the path (one or more segments) into params["*"]. Literal segments
// win over ":name" at the same depth. Built once at start-up, then read-only:
// Route() is thread-safe.
#pragma once

#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "server/http/http_types.h"

namespace lophoc::http {

using Handler = std::function<HttpResponse(const HttpRequest&)>;

// Whether a route's GET answers may be served from the ResponseCache: only
// when they depend on nothing but the published content, the language and
// the path (kByContent), or those and the `q` parameter (kByContentAndQuery:
// search, kept in a smaller cache of its own so that odd queries never push
// lesson pages out).
enum class Caching { kNone, kByContent, kByContentAndQuery };

// What a successful GET of a route adds to the visit counts (growth reports).
enum class Counts { kNothing, kVisit, kLessonView };

// How large a request body a route takes: a form or JSON body, or an
// upload (CSV files, course packages) up to SiteOptions::max_upload_bytes.
enum class Body { kSmall, kUpload };

// Whether a route's requests hash a password (argon2id: log in, register,
// password change and reset, accounts with one-time passwords): those run on
// a pool of their own, so that they can never hold up other writes.
enum class Work { kOrdinary, kHashing };

// What a route serves, which decides what the site adds to its answers.
enum class Serves {
  kPage,   // a page or an API answer (the default)
  kMedia,  // files of a course package, answered under a sandboxing CSP (pictures
           // may be SVG, which can carry script)
  kAsset,  // the site's own static files: no cookies are given with them
  kProbe,  // the health check, for monitors: no cookies, and refusals in JSON
           // though it is outside /api/
};

// A route's policy, given where the route is registered (the Add*Routes
// functions); the site reads it instead of testing paths.
struct RouteOptions {
  Caching caching = Caching::kNone;
  Counts counts = Counts::kNothing;
  Body body = Body::kSmall;
  Work work = Work::kOrdinary;
  Serves serves = Serves::kPage;
  // Reachable by an account that must change its password before anything
  // else (signing in and out, the password change, "who am I", the site's
  // files, the health check); every other route refuses it.
  bool allowed_before_password_change = false;
  // Signs a visitor in (log in, register): its CSRF check follows the guest
  // rule even when a session cookie came with it.
  bool starts_session = false;
  // Never reads a session cookie or an API token (the visitor stays a
  // guest): the handler checks access itself, e.g. /metrics with a bearer
  // token of its own.
  bool anonymous = false;

  // Copies with one property more, for registration lines such as
  // `kHashingRoute.StartingSession().AllowedBeforePasswordChange()`.
  RouteOptions Counting(Counts c) const {
    RouteOptions o = *this;
    o.counts = c;
    return o;
  }
  RouteOptions Serving(Serves s) const {
    RouteOptions o = *this;
    o.serves = s;
    return o;
  }
  RouteOptions AllowedBeforePasswordChange() const {
    RouteOptions o = *this;
    o.allowed_before_password_change = true;
    return o;
  }
  RouteOptions StartingSession() const {
    RouteOptions o = *this;
    o.starts_session = true;
    return o;
  }
  RouteOptions Anonymous() const {
    RouteOptions o = *this;
    o.anonymous = true;
    return o;
  }
};
inline const RouteOptions kOrdinaryRoute{};
// Answers that may be kept in the shared cache (server/http/response_cache.h)
// and served to anyone: they must never hold a CSRF token or a person's name.
inline const RouteOptions kCachedByContent{Caching::kByContent};
inline const RouteOptions kCachedByContentAndQuery{Caching::kByContentAndQuery};
inline const RouteOptions kUploadRoute{Caching::kNone, Counts::kNothing, Body::kUpload};
inline const RouteOptions kHashingRoute{Caching::kNone, Counts::kNothing, Body::kSmall,
                                        Work::kHashing};
inline const RouteOptions kHashingUploadRoute{Caching::kNone, Counts::kNothing, Body::kUpload,
                                              Work::kHashing};

// A route's pattern as logs, metrics and the OpenAPI document write it:
// "/courses/:slug" -> "/courses/{slug}".
std::string RouteLabel(const std::string& pattern);
// What logs and metrics say for a request no route matched (any path, so
// that the raw path never becomes a label).
inline constexpr const char* kUnmatchedRoute = "unmatched";

struct RouteMatch {
  enum class Kind { kFound, kNotFound, kMethodNotAllowed };
  Kind kind = Kind::kNotFound;
  const Handler* handler = nullptr;
  int index = -1;       // kFound: the route's place in Router::Entries()
  std::string allowed;  // "GET, HEAD" for kMethodNotAllowed
  std::string pattern;  // the matched pattern, for logs and tests
  RouteOptions options;  // kFound: the route's; otherwise those of the path's GET
                         // route, when it has one (how to answer a refusal)
};

struct RouteEntry {
  std::string method;
  std::string pattern;
  RouteOptions options;
};

class Router {
 public:
  void Add(const std::string& method, const std::string& pattern, Handler handler,
           RouteOptions options = {});

  // Matches `req.path`; on kFound fills req.params. HEAD matches GET routes.
  RouteMatch Route(HttpRequest& req) const;
  // The options of the route `method` and `path` match (see RouteMatch::options).
  RouteOptions OptionsFor(const std::string& method, const std::string& path) const;

  // Patterns of all routes starting with `prefix`, with their methods
  // (e.g. for checking the OpenAPI document).
  std::vector<std::pair<std::string, std::string>> Routes(const std::string& prefix) const;
  // Every route with its options, in the order they were added.
  std::vector<RouteEntry> Entries() const;

 private:
  struct Route_ {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    Handler handler;
    RouteOptions options;
  };
  // The routes (indexes into routes_, ascending) that may match a path whose
  // first segment is the key, and those whose first segment is ":name" or
  // "*" (any path). Route() looks at these only: a linear scan of every route
  // with string compares was a tenth of a cached page's time (issue 17).
  std::vector<size_t> Candidates(const std::string& first_segment) const;

  std::vector<Route_> routes_;
  std::unordered_map<std::string, std::vector<size_t>> by_first_;
  std::vector<size_t> any_first_;
};

}  // namespace lophoc::http
