#include <catch2/catch.hpp>

#include "server/http/gzip.h"
#include "server/http/http_types.h"
#include "server/http/i18n.h"
#include "server/http/router.h"
#include "tests/support/check_split.h"

namespace lophoc::http {

TEST_CASE("PercentDecode", "[http]") {
  CHECK(PercentDecode("t%E1%BB%8Dc", false) == std::optional<std::string>("tọc"));
  CHECK(PercentDecode("a+b", true) == std::optional<std::string>("a b"));
  CHECK(PercentDecode("a+b", false) == std::optional<std::string>("a+b"));
  CHECK(PercentDecode("%2e%2e%2f", false) == std::optional<std::string>("../"));
  auto bad = GENERATE(as<std::string>{}, "%", "%4", "%zz", "%FF", "%C3%28", "a%00b");
  CAPTURE(bad);
  CHECK_FALSE(PercentDecode(bad, true).has_value());
}

TEST_CASE("ParseQuery decodes Vietnamese and rejects malformed parts", "[http]") {
  auto q = ParseQuery("q=dang+k%C3%BD&lang=en&empty=");
  REQUIRE(q);
  CHECK(q->find("q")->second == "dang ký");
  CHECK(q->find("lang")->second == "en");
  CHECK(q->find("empty")->second.empty());
  CHECK_FALSE(ParseQuery("q=%FF").has_value());
}

TEST_CASE("Router matches literals before parameters, splats, 405 with Allow", "[http][router]") {
  Router r;
  auto h = [](const char* name) {
    return [name](const HttpRequest&) { return HttpResponse{200, "text/plain", name, {}}; };
  };
  r.Add("GET", "/courses/:slug", h("course"));
  r.Add("GET", "/courses/:slug/:lesson", h("lesson"));
  r.Add("GET", "/courses/:slug/media/*", h("media"));
  r.Add("GET", "/static/*", h("static"));
  r.Add("POST", "/api/v1/things", h("post"));
  auto [path, method, expected] = GENERATE(table<std::string, std::string, std::string>({
      {"/courses/a", "GET", "course"},
      {"/courses/a/b", "GET", "lesson"},
      {"/courses/a/media/images/x.svg", "GET", "media"},
      {"/courses/a/media", "GET", "lesson"},
      {"/static/css/site.css", "GET", "static"},
      {"/courses/a", "HEAD", "course"},
      {"/nothing", "GET", "404"},
      {"/courses/", "GET", "404"},
      {"/static/", "GET", "404"},
      {"/api/v1/things", "GET", "405:POST"},
      {"/courses/a", "DELETE", "405:GET, HEAD"},
  }));
  HttpRequest req;
  req.method = method;
  req.path = path;
  CAPTURE(path, method);
  RouteMatch m = r.Route(req);
  if (expected == "404") {
    CHECK(m.kind == RouteMatch::Kind::kNotFound);
  } else if (expected.rfind("405:", 0) == 0) {
    CHECK(m.kind == RouteMatch::Kind::kMethodNotAllowed);
    CHECK(m.allowed == expected.substr(4));
  } else {
    REQUIRE(m.kind == RouteMatch::Kind::kFound);
    CHECK((*m.handler)(req).body == expected);
  }
}

TEST_CASE("router fills parameters", "[http][router]") {
  Router r;
  r.Add("GET", "/courses/:slug/:lesson", [](const HttpRequest&) { return HttpResponse{}; });
  HttpRequest req;
  req.method = "GET";
  req.path = "/courses/tin-hoc/bai-1";
  REQUIRE(r.Route(req).kind == RouteMatch::Kind::kFound);
  CHECK(req.params["slug"] == "tin-hoc");
  CHECK(req.params["lesson"] == "bai-1");
}

TEST_CASE("language: ?lang, then cookie, then Accept-Language, then vi", "[http][i18n]") {
  auto [query, cookie, accept, expected] = GENERATE(table<std::string, std::string, std::string, std::string>({
      {"", "", "", "vi"},
      {"en", "", "", "en"},
      {"fr", "", "", "vi"},
      {"", "lang=en", "", "en"},
      {"vi", "lang=en", "en", "vi"},
      {"", "", "fr-FR,en;q=0.8", "en"},
      {"", "", "vi-VN,vi;q=0.9,en;q=0.5", "vi"},
      {"", "other=1; lang=en", "vi", "en"},
  }));
  HttpRequest req;
  if (!query.empty()) req.query.emplace("lang", query);
  if (!cookie.empty()) req.headers["cookie"] = cookie;
  if (!accept.empty()) req.headers["accept-language"] = accept;
  CAPTURE(query, cookie, accept);
  CHECK(ChooseLanguage(req) == expected);
}

TEST_CASE("gzip negotiation", "[http][gzip]") {
  testing::CheckSplit(AcceptsGzip, {"gzip, deflate, br", "br;q=1.0, gzip;q=0.8", "*"},
                      {"gzip;q=0", "br", ""});
  auto gz = Gzip(std::string(5000, 'a'));
  REQUIRE(gz);
  CHECK(gz->size() < 200);
  CHECK(static_cast<unsigned char>((*gz)[0]) == 0x1f);
  CHECK(static_cast<unsigned char>((*gz)[1]) == 0x8b);
}

TEST_CASE("HtmlEscape", "[http]") {
  CHECK(HtmlEscape("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
}

}  // namespace lophoc::http

namespace lophoc::http {

TEST_CASE("form bodies are read only when declared as forms", "[http][forms]") {
  HttpRequest req;
  req.body = "username=lan&display_name=Nguy%E1%BB%85n+Th%E1%BB%8B+Lan&x=";
  CHECK_FALSE(req.Form().has_value());  // no content type
  req.headers["content-type"] = "application/json";
  CHECK_FALSE(req.Form().has_value());
  req.headers["content-type"] = "application/x-www-form-urlencoded-nope";
  CHECK_FALSE(req.Form().has_value());
  req.headers["content-type"] = "application/x-www-form-urlencoded; charset=UTF-8";
  auto form = req.Form();
  REQUIRE(form.has_value());
  CHECK(form->find("display_name")->second == "Nguyễn Thị Lan");
  CHECK(form->find("x")->second.empty());
  req.body = "name=%FF";  // not UTF-8
  CHECK_FALSE(req.Form().has_value());
}

TEST_CASE("Set-Cookie values carry the safe defaults", "[http][cookies]") {
  CHECK(SetCookieValue("sid", "abc", -1, false) == "sid=abc; Path=/; SameSite=Lax; HttpOnly");
  CHECK(SetCookieValue("sid", "", 0, true) ==
        "sid=; Path=/; SameSite=Lax; Max-Age=0; HttpOnly; Secure");
  CHECK(SetCookieValue("lang", "en", 60, false, true) == "lang=en; Path=/; SameSite=Lax; Max-Age=60");
}

}  // namespace lophoc::http
