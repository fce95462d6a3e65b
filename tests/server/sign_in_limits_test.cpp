// The sign-in limits over a real loopback socket (docs/people.md "Sign-in
// limits"): failures per account and address, per address, a growing delay
// per account that never locks the owner out of their usual address; the
// password change under the same limits, ending the session that guesses;
// and the rate of password hashes per account. Different client addresses
// are different 127.x.y.z sources.
#include <nlohmann/json.hpp>

#include <catch2/catch.hpp>

#include "tests/support/http_client.h"
#include "tests/support/test_world.h"

namespace lophoc::http {
namespace {

using people::Role;
using nlohmann::json;
using testing::ClientResponse;
using testing::HttpFetchFrom;
using testing::kPassword;
using testing::SessionHeaders;
constexpr const char* kOwnerAddress = "127.0.0.2";  // where the owner signs in

struct World : testing::TestWorld {
  World() {
    Must(t.people().CreateOrgUnit(cli, {"A", "Tỉnh A", "province", ""}));
    AddAccounts({{"thu.thu", {Role::kLearner}, "A", "", "", "Người dùng"},
                 {"quan.tri", {Role::kAdmin}, "A", "", "", "Người dùng"}});
    Start();
  }
  ClientResponse Login(const std::string& from, const std::string& user,
                       const std::string& password) {
    return HttpFetchFrom(from, port, "POST", "/api/v1/auth/login",
                         {{"Content-Type", "application/json"}},
                         json{{"username", user}, {"password", password}}.dump());
  }
};

std::string PasswordChange(const std::string& current, const std::string& next) {
  return json{{"current_password", current}, {"new_password", next}}.dump();
}

TEST_CASE("a stranger's wrong passwords do not lock the owner out of their usual address",
          "[people_api][limits]") {
  World w;
  REQUIRE(w.Login(kOwnerAddress, "quan.tri", kPassword).status == 200);
  // Someone elsewhere guesses the admin's password from four computers.
  int refused = 0, slowed = 0;
  for (int computer = 1; computer <= 4; ++computer) {
    const std::string from = "127.0.1." + std::to_string(computer);
    for (int i = 0; i < 5; ++i) {
      auto r = w.Login(from, "quan.tri", "đoán mò số " + std::to_string(i));
      if (r.status == 401) ++refused;
      if (r.status == 429) {
        ++slowed;
        CHECK(std::stoi(r.Header("retry-after")) > 0);
      }
    }
  }
  CHECK(refused == 10);  // then each further guess must wait
  CHECK(slowed == 10);
  // A new computer is slowed down too...
  auto stranger = w.Login("127.0.2.1", "quan.tri", kPassword);
  CHECK(stranger.status == 429);
  CHECK(std::stoi(stranger.Header("retry-after")) >= 1);
  // ...but the owner signs in from their usual computer at once.
  CHECK(w.Login(kOwnerAddress, "quan.tri", kPassword).status == 200);
}

TEST_CASE("an account's own failures slow it down progressively, never lock it",
          "[people_api][limits]") {
  World w;
  // One computer: 5 failures block this account from it for 15 minutes.
  for (int i = 0; i < 5; ++i) CHECK(w.Login("127.0.3.1", "thu.thu", "sai " + std::to_string(i)).status == 401);
  auto pair = w.Login("127.0.3.1", "thu.thu", kPassword);
  CHECK(pair.status == 429);
  CHECK(pair.Header("retry-after") == "900");
  // From anywhere: after 10 failures the waits grow 1 s, 2 s, 4 s, ...
  for (int i = 0; i < 5; ++i) CHECK(w.Login("127.0.3.2", "thu.thu", "sai " + std::to_string(i)).status == 401);
  std::vector<std::string> waits;
  for (int i = 0; i < 4; ++i) {
    auto r = w.Login("127.0.4." + std::to_string(i), "thu.thu", "sai nữa");
    REQUIRE(r.status == 429);
    waits.push_back(r.Header("retry-after"));
    w.t.clock().Set(w.t.clock().Now() + std::chrono::seconds(std::stoi(r.Header("retry-after"))));
    CHECK(w.Login("127.0.4." + std::to_string(i), "thu.thu", "sai nữa").status == 401);
  }
  CHECK(waits == std::vector<std::string>{"1", "2", "4", "8"});
  // ...up to five minutes, and the right password then gets in.
  for (int i = 0; i < 10; ++i) {
    w.t.clock().Set(w.t.clock().Now() + std::chrono::minutes(5));
    CHECK(w.Login("127.0.5." + std::to_string(i), "thu.thu", "sai nữa").status == 401);
  }
  CHECK(w.Login("127.0.6.1", "thu.thu", kPassword).Header("retry-after") == "300");
  w.t.clock().Set(w.t.clock().Now() + std::chrono::minutes(5));
  CHECK(w.Login("127.0.6.1", "thu.thu", kPassword).status == 200);
}

TEST_CASE("password change: wrong current passwords count as failed logins and five end the "
          "session",
          "[people_api][limits]") {
  World w;
  auto login = w.Login("127.0.7.1", "thu.thu", kPassword);
  REQUIRE(login.status == 200);
  const auto h = SessionHeaders(login);
  for (int i = 0; i < 4; ++i) {
    auto r = HttpFetchFrom("127.0.7.1", w.port, "POST", "/api/v1/me/password", h,
                           PasswordChange("đoán " + std::to_string(i), "mùa lúa chín vàng"));
    CHECK(r.status == 400);
  }
  auto fifth = HttpFetchFrom("127.0.7.1", w.port, "POST", "/api/v1/me/password", h,
                             PasswordChange("đoán 5", "mùa lúa chín vàng"));
  CHECK(fifth.status == 401);
  CHECK(fifth.Header("set-cookie").find("lophoc_session=;") != std::string::npos);
  // The session is gone: the right current password no longer helps.
  CHECK(HttpFetchFrom("127.0.7.1", w.port, "GET", "/api/v1/me", h).status == 401);
  CHECK(HttpFetchFrom("127.0.7.1", w.port, "POST", "/api/v1/me/password", h,
                      PasswordChange(kPassword, "mùa lúa chín vàng"))
            .status == 401);
  // The same limit as login: this account is blocked from this address...
  CHECK(w.Login("127.0.7.1", "thu.thu", kPassword).status == 429);
  // ...and the password did not change.
  CHECK(w.Login("127.0.7.2", "thu.thu", kPassword).status == 200);
}

TEST_CASE("password change: a blocked address gets 429 with Retry-After", "[people_api][limits]") {
  World w;
  auto login = w.Login("127.0.8.1", "thu.thu", kPassword);
  REQUIRE(login.status == 200);
  // Failed logins from this address count against the password change too.
  for (int i = 0; i < 5; ++i) CHECK(w.Login("127.0.8.1", "thu.thu", "sai " + std::to_string(i)).status == 401);
  auto r = HttpFetchFrom("127.0.8.1", w.port, "POST", "/api/v1/me/password", SessionHeaders(login),
                         PasswordChange(kPassword, "mùa lúa chín vàng"));
  CHECK(r.status == 429);
  CHECK(json::parse(r.body)["error"]["code"] == "rate_limited");
  CHECK(std::stoi(r.Header("retry-after")) > 0);
}

TEST_CASE("the web form /account/password: five wrong current passwords sign the browser out",
          "[people_api][limits]") {
  World w;
  auto login = w.Login("127.0.9.1", "thu.thu", kPassword);
  REQUIRE(login.status == 200);
  const auto api = SessionHeaders(login);
  const std::map<std::string, std::string> form = {
      {"Content-Type", "application/x-www-form-urlencoded"}, {"Cookie", api.at("Cookie")}};
  auto post = [&](const std::string& current) {
    return HttpFetchFrom("127.0.9.1", w.port, "POST", "/account/password", form,
                         "csrf_token=" + api.at("X-CSRF-Token") + "&current_password=" + current +
                             "&new_password=mua+lua+chin+vang&confirm_password=mua+lua+chin+vang");
  };
  for (int i = 0; i < 4; ++i) {
    auto r = post("sai" + std::to_string(i));
    CHECK(r.status == 400);
    CHECK(r.body.find("Mật khẩu hiện tại không đúng") != std::string::npos);
  }
  auto fifth = post("sai5");
  CHECK(fifth.status == 303);
  CHECK(fifth.Header("location") == "/login?signed_out=1");
  CHECK(fifth.Header("set-cookie").find("lophoc_session=;") != std::string::npos);
  auto page = HttpFetchFrom("127.0.9.1", w.port, "GET", "/login?signed_out=1");
  CHECK(page.body.find("phiên đăng nhập đã kết thúc") != std::string::npos);
  CHECK(HttpFetchFrom("127.0.9.1", w.port, "GET", "/api/v1/me", api).status == 401);
}

TEST_CASE("password hashing is rate limited per account", "[people_api][limits]") {
  World w;
  // Right passwords too: each login costs an argon2 hash.
  for (int i = 0; i < 20; ++i) REQUIRE(w.Login("127.0.10.1", "thu.thu", kPassword).status == 200);
  auto busy = w.Login("127.0.10.2", "thu.thu", kPassword);
  CHECK(busy.status == 429);
  CHECK(std::stoi(busy.Header("retry-after")) <= 60);
  // Other accounts are not held up, and after a minute this one signs in again.
  CHECK(w.Login("127.0.10.2", "quan.tri", kPassword).status == 200);
  w.t.clock().Set(w.t.clock().Now() + std::chrono::seconds(61));
  CHECK(w.Login("127.0.10.2", "thu.thu", kPassword).status == 200);
}

}  // namespace
}  // namespace lophoc::http
