// What outlives what, over a real loopback socket: API tokens end with a
// password reset or change and with disabling the account (and stay ended
// when it is enabled again); a token cannot make tokens.
#include <nlohmann/json.hpp>

#include <catch2/catch.hpp>

#include "tests/support/http_client.h"
#include "tests/support/test_site.h"

namespace lophoc::http {
namespace {

using people::Role;
using nlohmann::json;
using testing::ClientResponse;
using testing::HttpFetch;
using testing::TestSite;

constexpr const char* kPassword = "Thư viện xanh 2026";
const std::map<std::string, std::string> kJson = {{"Content-Type", "application/json"}};

struct World {
  TestSite t;
  uint16_t port = 0;
  std::map<std::string, people::User> users;
  std::map<std::string, std::string> tokens;

  World() {
    const people::Actor cli = people::Actor::CommandLine();
    REQUIRE(t.people().CreateOrgUnit(cli, {"A", "Tỉnh A", "province", ""}).ok());
    Add("admin", Role::kAdmin);
    Add("manager.a", Role::kManager);
    Add("thu.thu", Role::kLearner);
    port = t.StartServer();
  }
  void Add(const std::string& name, Role role) {
    const people::Actor cli = people::Actor::CommandLine();
    app::UserInput in{name, "Người " + name, std::nullopt, {role}, "A", "", "", true};
    auto made = t.people().CreateUser(cli, in, kPassword);
    REQUIRE(made.ok());
    users[name] = made->user;
    auto token = t.people().CreateApiToken(cli, made->user.id, "báo cáo");
    REQUIRE(token.ok());
    tokens[name] = token->secret;
  }
  ClientResponse As(const std::string& who, const std::string& method, const std::string& target,
                    const std::string& body = "") {
    auto h = kJson;
    h["Authorization"] = "Bearer " + tokens.at(who);
    return HttpFetch(port, method, target, h, body);
  }
  // Signs in over the API; the headers of that session (cookie and CSRF token).
  std::map<std::string, std::string> Session(const std::string& who,
                                             const std::string& password = kPassword) {
    auto login = HttpFetch(port, "POST", "/api/v1/auth/login", kJson,
                           json{{"username", who}, {"password", password}}.dump());
    REQUIRE(login.status == 200);
    const std::string set = login.Header("set-cookie");
    const size_t at = set.find("lophoc_session=");
    auto h = kJson;
    h["Cookie"] = set.substr(at, set.find(';', at) - at);
    h["X-CSRF-Token"] = json::parse(login.body)["csrf_token"];
    return h;
  }
  std::string Id(const std::string& who) { return std::to_string(users.at(who).id); }
};

TEST_CASE("a password reset ends the account's API tokens and sessions", "[people_api][credentials]") {
  World w;
  const auto session = w.Session("thu.thu");
  REQUIRE(w.As("thu.thu", "GET", "/api/v1/me").status == 200);
  for (const char* by : {"manager.a", "admin"}) {
    CAPTURE(by);
    auto reset = w.As(by, "POST", "/api/v1/users/" + w.Id("thu.thu") + "/password-reset");
    REQUIRE(reset.status == 200);
    CHECK(w.As("thu.thu", "GET", "/api/v1/me").status == 401);
    CHECK(HttpFetch(w.port, "GET", "/api/v1/me", session).status == 401);
    // A new token made after the reset works until the next one.
    auto fresh = w.t.people().CreateApiToken(people::Actor::CommandLine(), w.users["thu.thu"].id, "mới");
    REQUIRE(fresh.ok());
    w.tokens["thu.thu"] = fresh->secret;
    CHECK(w.As("thu.thu", "GET", "/api/v1/me").status == 200);
  }
}

TEST_CASE("changing one's password ends the other sessions and every token, keeps this session",
          "[people_api][credentials]") {
  World w;
  const auto other = w.Session("thu.thu");
  const auto mine = w.Session("thu.thu");
  auto changed = HttpFetch(w.port, "POST", "/api/v1/me/password", mine,
                           json{{"current_password", kPassword}, {"new_password", "mùa lúa chín vàng"}}.dump());
  REQUIRE(changed.status == 200);
  CHECK(HttpFetch(w.port, "GET", "/api/v1/me", mine).status == 200);
  CHECK(HttpFetch(w.port, "GET", "/api/v1/me", other).status == 401);
  CHECK(w.As("thu.thu", "GET", "/api/v1/me").status == 401);
  auto audit = json::parse(w.As("admin", "GET", "/api/v1/audit?limit=1").body);
  CHECK(audit["items"][0]["action"] == "user.password_change");
}

TEST_CASE("a token cannot make tokens; a signed-in session can", "[people_api][credentials]") {
  World w;
  auto by_token = w.As("thu.thu", "POST", "/api/v1/me/tokens", R"({"name":"kế tiếp"})");
  CHECK(by_token.status == 403);
  CHECK(json::parse(by_token.body)["error"]["code"] == "permission_denied");
  // Nor through the account page, which a bearer token can reach too.
  auto page = HttpFetch(w.port, "POST", "/account/tokens",
                        {{"Authorization", "Bearer " + w.tokens["thu.thu"]},
                         {"Content-Type", "application/x-www-form-urlencoded"}},
                        "name=ke+tiep");
  CHECK(page.status == 403);
  auto list = json::parse(w.As("thu.thu", "GET", "/api/v1/me/tokens").body);
  CHECK(list["items"].size() == 1);
  auto by_session = HttpFetch(w.port, "POST", "/api/v1/me/tokens", w.Session("thu.thu"),
                              R"({"name":"kế tiếp"})");
  CHECK(by_session.status == 201);
}

TEST_CASE("enabling a disabled account again revives none of its tokens or sessions",
          "[people_api][credentials]") {
  World w;
  const auto session = w.Session("thu.thu");
  const std::string target = "/api/v1/users/" + w.Id("thu.thu");
  REQUIRE(w.As("manager.a", "PATCH", target, R"({"active":false})").status == 200);
  CHECK(w.As("thu.thu", "GET", "/api/v1/me").status == 401);
  REQUIRE(w.As("manager.a", "PATCH", target, R"({"active":true})").status == 200);
  CHECK(w.As("thu.thu", "GET", "/api/v1/me").status == 401);
  CHECK(HttpFetch(w.port, "GET", "/api/v1/me", session).status == 401);
  CHECK(w.Session("thu.thu").count("Cookie") == 1);  // the password still signs in
}

}  // namespace
}  // namespace lophoc::http
