// What outlives what, over a real loopback socket: API tokens end with a
// password reset or change and with disabling the account (and stay ended
// when it is enabled again); a token cannot make tokens.
#include <nlohmann/json.hpp>

#include <catch2/catch.hpp>

#include "tests/support/http_client.h"
#include "tests/support/test_world.h"

namespace lophoc::http {
namespace {

using people::Role;
using nlohmann::json;
using testing::ClientResponse;
using testing::kPassword;

// Province A with an admin, a manager and a learner in it, each with an API token.
struct World : testing::TestWorld {
  World() {
    Must(t.people().CreateOrgUnit(cli, {"A", "Tỉnh A", "province", ""}));
    AddAllWithTokens({{"admin", {Role::kAdmin}, "A"},
                      {"manager.a", {Role::kManager}, "A"},
                      {"thu.thu", {Role::kLearner}, "A"}},
                     "báo cáo");
    Start();
  }
  // Always as JSON, with a body or without.
  ClientResponse As(const std::string& who, const std::string& method, const std::string& target,
                    const std::string& body = "") {
    return Call(who, method, target, body, testing::kJsonType);
  }
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
    CHECK(w.Fetch("GET", "/api/v1/me", session).status == 401);
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
  auto changed =
      w.Fetch("POST", "/api/v1/me/password", mine,
              json{{"current_password", kPassword}, {"new_password", "mùa lúa chín vàng"}}.dump());
  REQUIRE(changed.status == 200);
  CHECK(w.Fetch("GET", "/api/v1/me", mine).status == 200);
  CHECK(w.Fetch("GET", "/api/v1/me", other).status == 401);
  CHECK(w.As("thu.thu", "GET", "/api/v1/me").status == 401);
  auto audit = json::parse(w.As("admin", "GET", "/api/v1/audit?limit=1").body);
  CHECK(audit["items"][0]["action"] == "user.password_change");
}

TEST_CASE("a token cannot make tokens, a signed-in session can", "[people_api][credentials]") {
  World w;
  auto by_token = w.As("thu.thu", "POST", "/api/v1/me/tokens", R"({"name":"kế tiếp"})");
  CHECK(by_token.status == 403);
  CHECK(json::parse(by_token.body)["error"]["code"] == "permission_denied");
  // Nor through the account page, which a bearer token can reach too.
  auto page = w.Fetch("POST", "/account/tokens",
                      {{"Authorization", "Bearer " + w.tokens["thu.thu"]},
                       {"Content-Type", "application/x-www-form-urlencoded"}},
                      "name=ke+tiep");
  CHECK(page.status == 403);
  auto list = json::parse(w.As("thu.thu", "GET", "/api/v1/me/tokens").body);
  CHECK(list["items"].size() == 1);
  auto by_session =
      w.Fetch("POST", "/api/v1/me/tokens", w.Session("thu.thu"), R"({"name":"kế tiếp"})");
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
  CHECK(w.Fetch("GET", "/api/v1/me", session).status == 401);
  CHECK(w.Session("thu.thu").count("Cookie") == 1);  // the password still signs in
}

}  // namespace
}  // namespace lophoc::http
