// The shared response cache (server/http/response_cache.h): what it keeps is
// shown to anyone, so it never keeps a CSRF token or a person's name.
#include <catch2/catch.hpp>

#include <regex>
#include <string>
#include <vector>

#include "server/http/response_cache.h"
#include "tests/support/test_browser.h"
#include "tests/support/test_site.h"
#include "tests/support/test_world.h"

namespace lophoc::http {
namespace {

using testing::Browser;
using testing::Contains;
using testing::TestSite;

// Distinctive, so that finding it in a page can only mean the page shows it.
constexpr const char* kPersonName = "Zephyrine Hoàng Quý Phi";

Visitor SignedIn(const std::string& display_name, const std::string& username) {
  Visitor v;
  v.via = Visitor::Via::kSession;
  people::User u;
  u.id = 7;
  u.display_name = display_name;
  u.username = username;
  v.user = u;
  v.session_id = "session-id-of-this-visitor";
  v.csrf_token = "csrf-token-of-this-visitor";
  return v;
}

HttpResponse Page(const std::string& body) {
  HttpResponse res;
  res.content_type = "text/html; charset=utf-8";
  res.body = body;
  return res;
}

// A CSRF token written into a page's form, or into JSON.
bool HoldsAnyCsrfToken(const std::string& body) {
  static const std::regex kFormToken(R"re(name="csrf_token" value="[^"])re");
  return std::regex_search(body, kFormToken) || Contains(body, "\"csrf_token\"");
}

// The paths of every cached-by-content route, for the fixture's first course
// and one of its lessons.
std::vector<std::string> CachedPaths(const WebApp& site) {
  std::vector<std::string> out;
  for (const RouteEntry& e : site.router().Entries()) {
    if (e.options.caching != Caching::kByContent) continue;
    std::string path = e.pattern;
    for (const auto& [param, value] : {std::pair<std::string, std::string>{":slug", "tin-hoc-co-ban"},
                                       {":lesson", "chuot"}}) {
      const size_t at = path.find(param);
      if (at != std::string::npos) path.replace(at, param.size(), value);
    }
    out.push_back(path);
  }
  return out;
}

}  // namespace

TEST_CASE("response cache: a visitor's token, session and name are found as pages and JSON write them",
          "[http][cache]") {
  const Visitor v = SignedIn("Lê \"Bông\" & Mai", "le.bong");
  auto [body, found] = GENERATE(table<std::string, std::string>({
      {"<p>Lê &quot;Bông&quot; &amp; Mai</p>", "display_name"},
      {R"({"name":"Lê \"Bông\" & Mai"})", "display_name"},
      {"<p>le.bong</p>", "username"},
      {R"(<input name="csrf_token" value="csrf-token-of-this-visitor">)", "csrf_token"},
      {"session-id-of-this-visitor", "session_id"},
      {"<p>Lê Bông Mai, le-bong</p>", ""},
  }));
  CAPTURE(body);
  const char* personal = PersonalDataIn(body, v);
  CHECK(std::string(personal ? personal : "") == found);
  CHECK(PersonalDataIn(body, Visitor{}) == nullptr);  // a guest without a token: nothing of theirs
}

TEST_CASE("response cache: an answer holding its visitor's own data is not kept", "[http][cache]") {
  ResponseCache cache(1024 * 1024);
  const Visitor v = SignedIn("Nguyễn Thị Lan", "lan.nguyen");
  CHECK(cache.Put(1, "vi /", Page("<p>Chào Nguyễn Thị Lan</p>"), v) == nullptr);
  CHECK(cache.Put(1, "vi /a", Page("<input name=\"csrf_token\" value=\"csrf-token-of-this-visitor\">"),
                  v) == nullptr);
  CHECK(cache.entries() == 0);
  CHECK(cache.Find(1, "vi /") == nullptr);
  REQUIRE(cache.Put(1, "vi /", Page("<p>Chào bạn</p>"), v) != nullptr);
  CHECK(cache.entries() == 1);
}

TEST_CASE("response cache: a guest gets no person's name and no CSRF token from the shared cache",
          "[http][cache][site]") {
  TestSite t;
  testing::MakeAccount(t.people(), {"zephyrine", {people::Role::kAdmin}, "", "", "", kPersonName});
  const std::vector<std::string> paths = CachedPaths(t.site());
  REQUIRE(paths.size() >= 6);

  // A signed-in person reads every cached-by-content page in both languages.
  Browser person = testing::SignedIn(t.site(), "zephyrine");
  const HttpResponse home = person.Get("/");
  std::smatch token;
  REQUIRE(std::regex_search(home.body, token, std::regex(R"re(name="csrf_token" value="([^"]+)")re")));
  const std::string person_token = token[1];
  for (const std::string& lang : {"vi", "en"}) {
    for (const std::string& path : paths) {
      CAPTURE(path, lang);
      const HttpResponse res = person.Get(path + "?lang=" + lang);
      REQUIRE(res.status == 200);
      // The person sees their name: finding it is what the checks below look for.
      if (res.content_type.rfind("text/html", 0) == 0) CHECK(Contains(res.body, kPersonName));
    }
  }

  // A guest whose browser holds a pre-session CSRF token reads them (filling
  // the cache), then another guest gets them from the cache.
  Browser first(t);
  REQUIRE(first.Get("/login").status == 200);
  const std::string first_token = first.Cookie("lophoc_csrf");
  REQUIRE(first_token.size() == 43);
  Browser second(t);
  for (Browser* guest : {&first, &second}) {
    for (const std::string& lang : {"vi", "en"}) {
      for (const std::string& path : paths) {
        CAPTURE(path, lang, guest == &first);
        const HttpResponse res = guest->Get(path + "?lang=" + lang);
        REQUIRE(res.status == 200);
        CHECK_FALSE(Contains(res.body, kPersonName));
        CHECK_FALSE(Contains(res.body, "zephyrine"));
        CHECK_FALSE(Contains(res.body, person_token));
        CHECK_FALSE(Contains(res.body, first_token));
        CHECK_FALSE(HoldsAnyCsrfToken(res.body));
      }
    }
    CHECK(t.site().cache().entries() == 2 * paths.size());
  }
}

TEST_CASE("response cache: a cached-by-content handler that leaks its visitor's token is served to no one else",
          "[http][cache][site]") {
  TestSite t;
  // A handler that breaks the rule of cached-by-content routes: it writes the
  // visitor's CSRF token into its page.
  WebApp site(t.site().context(), [](Router& r, const WebContext&) {
    r.Add("GET", "/leak", [](const HttpRequest& req) {
      HttpResponse res;
      res.content_type = "text/html; charset=utf-8";
      res.body = "<form><input name=\"csrf_token\" value=\"" + req.visitor.csrf_token + "\"></form>";
      return res;
    }, kCachedByContent);
  });
  Browser first(site);
  REQUIRE(first.Get("/login").status == 200);
  const std::string first_token = first.Cookie("lophoc_csrf");
  REQUIRE_FALSE(first_token.empty());
  const HttpResponse own = first.Get("/leak");
  REQUIRE(own.status == 200);
  CHECK(Contains(own.body, first_token));  // their own page
  CHECK(site.cache().entries() == 0);       // but not kept

  Browser second(site);
  REQUIRE(second.Get("/login").status == 200);
  const HttpResponse other = second.Get("/leak");
  REQUIRE(other.status == 200);
  CHECK_FALSE(Contains(other.body, first_token));
  CHECK(Contains(other.body, second.Cookie("lophoc_csrf")));
}

}  // namespace lophoc::http
