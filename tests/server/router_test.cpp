// Route policy (server/http/router.h): what a route allows is a flag set where
// the route is registered, and the site obeys the flags (over a real server).
#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "tests/support/http_client.h"
#include "tests/support/test_site.h"
#include "tests/support/test_world.h"

namespace lophoc::http {
namespace {

using nlohmann::json;
using testing::ClientResponse;
using testing::HttpFetch;
using testing::TestSite;

using RouteSet = std::set<std::pair<std::string, std::string>>;

template <typename Pred>
RouteSet RoutesWhere(const Router& router, Pred pred) {
  RouteSet out;
  for (const RouteEntry& e : router.Entries()) {
    if (pred(e.options)) out.emplace(e.method, e.pattern);
  }
  return out;
}

// A path `pattern` matches: each ":name" segment becomes params[name] (or
// "x"), a final "*" the site's stylesheet.
std::string PathFor(const std::string& pattern,
                    const std::map<std::string, std::string>& params = {}) {
  std::string out;
  size_t pos = 1;
  while (pos <= pattern.size()) {
    size_t end = pattern.find('/', pos);
    if (end == std::string::npos) end = pattern.size();
    std::string seg = pattern.substr(pos, end - pos);
    if (seg == "*") {
      seg = "css/site.css";
    } else if (!seg.empty() && seg[0] == ':') {
      auto it = params.find(seg.substr(1));
      seg = it == params.end() ? "x" : it->second;
    }
    out += "/" + seg;
    pos = end + 1;
  }
  return out;
}

}  // namespace

TEST_CASE("route policy: the flags are set on these routes and no others", "[router][route_policy]") {
  TestSite t;
  const Router& router = t.site().router();
  CHECK(RoutesWhere(router, [](const RouteOptions& o) { return o.allowed_before_password_change; }) ==
        RouteSet{{"GET", "/login"},
                 {"POST", "/login"},
                 {"POST", "/logout"},
                 {"GET", "/account/password"},
                 {"POST", "/account/password"},
                 {"POST", "/api/v1/auth/login"},
                 {"POST", "/api/v1/auth/logout"},
                 {"GET", "/api/v1/me"},
                 {"POST", "/api/v1/me/password"},
                 {"GET", "/static/*"},
                 {"GET", "/healthz"},
                 {"GET", "/readyz"},
                 {"GET", "/metrics"},
                 {"GET", "/api/v1/version"},
                 {"GET", "/api/v1/open-data/training.csv"},
                 {"GET", "/api/v1/open-data/training.json"}});
  CHECK(RoutesWhere(router, [](const RouteOptions& o) { return o.starts_session; }) ==
        RouteSet{{"POST", "/login"},
                 {"POST", "/register"},
                 {"POST", "/api/v1/auth/login"},
                 {"POST", "/api/v1/register"}});
  CHECK(RoutesWhere(router, [](const RouteOptions& o) { return o.serves == Serves::kMedia; }) ==
        RouteSet{{"GET", "/courses/:slug/media/*"}, {"GET", "/author/courses/:slug/media/*"}});
  CHECK(RoutesWhere(router, [](const RouteOptions& o) { return o.serves == Serves::kAsset; }) ==
        RouteSet{{"GET", "/static/*"}});
  CHECK(RoutesWhere(router, [](const RouteOptions& o) { return o.serves == Serves::kProbe; }) ==
        RouteSet{{"GET", "/healthz"}, {"GET", "/readyz"}, {"GET", "/metrics"}});
  CHECK(RoutesWhere(router, [](const RouteOptions& o) { return o.anonymous; }) ==
        RouteSet{{"GET", "/metrics"},
                 {"GET", "/api/v1/open-data/training.csv"},
                 {"GET", "/api/v1/open-data/training.json"}});
  CHECK(RoutesWhere(router, [](const RouteOptions& o) { return o.caching == Caching::kByContent; }) ==
        RouteSet{{"GET", "/"},
                 {"GET", "/api"},
                 {"GET", "/courses/:slug"},
                 {"GET", "/courses/:slug/:lesson"},
                 {"GET", "/api/v1/courses"},
                 {"GET", "/api/v1/courses/:slug"},
                 {"GET", "/api/v1/courses/:slug/lessons/:lesson"}});
  CHECK(RoutesWhere(router, [](const RouteOptions& o) {
          return o.caching == Caching::kByContentAndQuery;
        }) == RouteSet{{"GET", "/search"}, {"GET", "/api/v1/search"}});
}

TEST_CASE("route policy: an account that must change its password reaches exactly the flagged routes",
          "[router][route_policy]") {
  TestSite t;
  const std::string one_time = testing::MakeAccountWithOneTimePassword(
      t.people(), {"doi.mat.khau", {people::Role::kAdmin}, "", "", "", "Người đổi mật khẩu"});
  const uint16_t port = t.StartServer(64 * 1024);

  struct Session {
    std::string cookie;
    std::string csrf;
  };
  auto sign_in = [&] {
    ClientResponse r = HttpFetch(port, "POST", "/api/v1/auth/login",
                                 {{"Content-Type", "application/json"}},
                                 json{{"username", "doi.mat.khau"}, {"password", one_time}}.dump());
    REQUIRE(r.status == 200);
    const std::string all = r.Header("set-cookie");
    const size_t at = all.find("lophoc_session=");
    REQUIRE(at != std::string::npos);
    Session s;
    s.csrf = json::parse(r.body)["csrf_token"].get<std::string>();
    // The pre-session cookie holds the same token, so that routes that start
    // a session (which follow the guest rule) pass their CSRF check too.
    s.cookie = all.substr(at, all.find(';', at) - at) + "; lophoc_csrf=" + s.csrf;
    return s;
  };

  Session s = sign_in();
  int reached = 0;
  for (const RouteEntry& e : t.site().router().Entries()) {
    const std::string path = PathFor(e.pattern);
    HttpRequest probe;
    probe.method = e.method;
    probe.path = path;
    REQUIRE(t.site().router().Route(probe).pattern == e.pattern);
    const bool api = path.rfind("/api/", 0) == 0;
    std::map<std::string, std::string> headers = {{"Cookie", s.cookie}, {"X-CSRF-Token", s.csrf}};
    std::string body;
    if (e.method != "GET") {
      headers["Content-Type"] = api ? "application/json" : "application/x-www-form-urlencoded";
      body = api ? "{}" : "csrf_token=" + s.csrf;
    }
    ClientResponse res = HttpFetch(port, e.method, path, headers, body);
    CAPTURE(e.method, e.pattern, res.status, res.body.substr(0, 200));
    json error = json::parse(res.body, nullptr, false);
    const bool refused =
        api ? res.status == 403 && error.is_object() &&
                  error["error"].value("code", "") == "password_change_required"
            : res.status == 303 && res.Header("location") == "/account/password";
    CHECK(refused == !e.options.allowed_before_password_change);
    if (!refused) ++reached;
    if (e.pattern.find("logout") != std::string::npos) s = sign_in();  // signed out: again
  }
  CHECK(reached == 16);
}

}  // namespace lophoc::http
