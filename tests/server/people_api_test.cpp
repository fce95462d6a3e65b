// The people API over a real loopback socket: a role × action × status table
// for every resource, sessions and CSRF, login answers and rate limits, and
// the bad inputs of issue 4.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <tuple>

#include "server/app/log.h"
#include "server/app/periodic.h"
#include "server/http/auth.h"
#include "tests/support/http_client.h"
#include "tests/support/test_world.h"

namespace lophoc::http {
namespace {

using people::Role;
using nlohmann::json;
using testing::ClientResponse;
using testing::TestSite;
using testing::kPassword;
using testing::SessionCookieOf;
const std::map<std::string, std::string> kJson = {{"Content-Type", "application/json"}};

// Province A (district A1, site SA1 with public computers), province B (site
// SB), and one account per role, each with an API token.
struct World : testing::TestWorld {
  World() {
    StandardTree(testing::TreeOptions().PublicComputersAtSA1().SiteNames("Thư viện huyện A1",
                                                                         "Thư viện tỉnh B"));
    AddAllWithTokens({{"admin", {Role::kAdmin}},
                      {"manager.a", {Role::kManager}, "A"},
                      {"manager.b", {Role::kManager}, "B"},
                      {"trainer.a1", {Role::kTrainer}, "A1"},
                      {"learner.a1", {Role::kLearner}, "", "SA1"},
                      {"learner.b", {Role::kLearner}, "", "SB"},
                      {"reset.a1", {Role::kLearner}, "A1"},
                      {"citizen", {Role::kLearner}}});
    Start();
  }
};

std::string ErrorCode(const ClientResponse& r) {
  auto j = json::parse(r.body, nullptr, false);
  return j.is_object() && j.contains("error") ? j["error"]["code"].get<std::string>() : "";
}

const std::vector<std::string> kRoles = {"anonymous", "citizen",   "learner.a1", "trainer.a1",
                                         "manager.a", "manager.b", "admin"};

struct Row {
  std::string action;
  std::string method;
  std::string target;  // "{learner.a1}" is replaced by that account's id
  std::string body;    // "{who}" is replaced by a per-role suffix to keep codes unique
  std::vector<int> expected;  // one per kRoles entry
};

std::string Expand(std::string s, World& w, const std::string& who) {
  // "{self}": the acting account's id; "{roles}": its roles as JSON strings.
  const auto me = w.users.find(who);
  std::string roles = "\"learner\"";
  if (me != w.users.end()) {
    roles.clear();
    for (Role r : me->second.roles) roles += (roles.empty() ? "\"" : ",\"") + std::string(people::RoleName(r)) + "\"";
  }
  const std::string self = me == w.users.end() ? "0" : std::to_string(me->second.id);
  for (size_t at = s.find("{self}"); at != std::string::npos; at = s.find("{self}")) s.replace(at, 6, self);
  for (size_t at = s.find("{roles}"); at != std::string::npos; at = s.find("{roles}")) s.replace(at, 7, roles);
  for (const auto& [name, user] : w.users) {
    const std::string key = "{" + name + "}";
    for (size_t at = s.find(key); at != std::string::npos; at = s.find(key)) {
      s.replace(at, key.size(), std::to_string(user.id));
    }
  }
  std::string suffix;
  for (char c : who) suffix += (c == '.') ? '-' : c;
  for (size_t at = s.find("{who}"); at != std::string::npos; at = s.find("{who}")) {
    s.replace(at, 5, suffix);
  }
  return s;
}

TEST_CASE("role x action x status over HTTP: every read and write checks role and subtree",
          "[people_api][scope]") {
  World w;
  // clang-format off
  const std::vector<Row> rows = {
    //                                                                                         anon cit  lrn  trn  mgA  mgB  adm
    {"read own province",  "GET",   "/api/v1/org-units/A", "",                                {401, 404, 404, 404, 200, 404, 200}},
    {"read province B",    "GET",   "/api/v1/org-units/B", "",                                {401, 404, 404, 404, 404, 200, 200}},
    {"create district",    "POST",  "/api/v1/org-units",
       R"({"code":"D-{who}","name":"Huyện mới","level":"district","parent":"A"})",          {401, 404, 404, 404, 201, 404, 201}},
    {"create province",    "POST",  "/api/v1/org-units",
       R"({"code":"P-{who}","name":"Tỉnh mới","level":"province"})",                        {401, 403, 403, 403, 403, 403, 201}},
    {"rename province B",  "PATCH", "/api/v1/org-units/B", R"({"name":"Tỉnh B mới"})",        {401, 404, 404, 404, 404, 403, 200}},
    {"list units in B",    "GET",   "/api/v1/org-units?org=B", "",                            {401, 404, 404, 404, 404, 200, 200}},
    {"read site in A1",    "GET",   "/api/v1/sites/SA1", "",                                  {401, 404, 404, 200, 200, 404, 200}},
    {"read site in B",     "GET",   "/api/v1/sites/SB", "",                                   {401, 404, 404, 404, 404, 200, 200}},
    {"create site in A1",  "POST",  "/api/v1/sites",
       R"({"code":"S-{who}","name":"Điểm BĐVHX","type":"post_office_cultural_point","org":"A1"})",
                                                                                              {401, 404, 404, 403, 201, 404, 201}},
    {"create site in B",   "POST",  "/api/v1/sites",
       R"({"code":"T-{who}","name":"Thư viện xã","type":"commune_library","org":"B"})",    {401, 404, 404, 404, 404, 201, 201}},
    {"edit site in B",     "PATCH", "/api/v1/sites/SB", R"({"kiosk":true})",                  {401, 404, 404, 404, 404, 200, 200}},
    {"read learner in A1", "GET",   "/api/v1/users/{learner.a1}", "",                         {401, 404, 200, 200, 200, 404, 200}},
    {"read learner in B",  "GET",   "/api/v1/users/{learner.b}", "",                          {401, 404, 404, 404, 404, 200, 200}},
    {"create staff in A1", "POST",  "/api/v1/users",
       R"({"username":"u-{who}","display_name":"Cán bộ","site":"SA1","staff_category":"district_librarian"})",
                                                                                              {401, 403, 403, 403, 201, 404, 201}},
    {"create staff in B",  "POST",  "/api/v1/users",
       R"({"username":"v-{who}","display_name":"Cán bộ","org":"B"})",                       {401, 403, 403, 403, 404, 201, 201}},
    {"grant admin in A",   "POST",  "/api/v1/users",
       R"({"username":"w-{who}","display_name":"Quản trị","org":"A","roles":["admin"]})",   {401, 403, 403, 403, 403, 403, 201}},
    {"edit learner in A1", "PATCH", "/api/v1/users/{learner.a1}", R"({"display_name":"Tên mới"})",
                                                                                              {401, 404, 403, 403, 200, 404, 200}},
    {"edit learner in B",  "PATCH", "/api/v1/users/{learner.b}", R"({"display_name":"Tên mới"})",
                                                                                              {401, 404, 404, 404, 404, 200, 200}},
    {"make learner admin", "PATCH", "/api/v1/users/{learner.b}", R"({"roles":["learner","admin"]})",
                                                                                              {401, 404, 404, 404, 404, 403, 200}},
    {"reset a password",   "POST",  "/api/v1/users/{reset.a1}/password-reset", "",            {401, 404, 404, 403, 200, 404, 200}},
    {"list users in B",    "GET",   "/api/v1/users?org=B", "",                                {401, 404, 404, 404, 404, 200, 200}},
    {"read the audit log", "GET",   "/api/v1/audit", "",                                      {401, 403, 403, 403, 403, 403, 200}},
    // A manager grants roles to others in their subtree, never to themself:
    // a manager of one province who made themself a trainer could author every course.
    {"grant trainer in A1", "PATCH", "/api/v1/users/{learner.a1}", R"({"roles":["learner","trainer"]})",
                                                                                              {401, 404, 403, 403, 200, 404, 200}},
    {"grant self trainer", "PATCH", "/api/v1/users/{self}", R"({"roles":[{roles},"trainer"]})",
                                                                                              {401, 403, 403, 403, 403, 403, 200}},
    {"grant self manager", "PATCH", "/api/v1/users/{self}", R"({"roles":[{roles},"manager"]})",
                                                                                              {401, 403, 403, 403, 200, 200, 200}},
  };
  // clang-format on
  for (const Row& row : rows) {
    for (size_t i = 0; i < kRoles.size(); ++i) {
      const std::string& who = kRoles[i];
      const auto res = w.As(who, row.method, Expand(row.target, w, who), Expand(row.body, w, who));
      CAPTURE(row.action, who, res.body);
      CHECK(res.status == row.expected[i]);
      if (res.status == 404) {
        // A refusal never shows the object.
        CHECK(res.body.find("Người learner.b") == std::string::npos);
        CHECK(res.body.find("Tỉnh B") == std::string::npos);
      }
    }
  }
}

TEST_CASE("listings hold only the caller's subtree, paged", "[people_api][scope]") {
  World w;
  auto a = json::parse(w.As("manager.a", "GET", "/api/v1/users?limit=500").body);
  std::set<std::string> names;
  for (const auto& u : a["items"]) names.insert(u["username"]);
  CHECK(names == std::set<std::string>{"manager.a", "trainer.a1", "learner.a1", "reset.a1"});
  CHECK(a["total"] == 4);
  auto page = json::parse(w.As("admin", "GET", "/api/v1/users?limit=2&offset=2").body);
  CHECK(page["items"].size() == 2);
  CHECK(page["total"] == 8);
  CHECK(page["offset"] == 2);
  auto learner = json::parse(w.As("learner.a1", "GET", "/api/v1/users").body);
  CHECK(learner["total"] == 0);
  auto sites = json::parse(w.As("trainer.a1", "GET", "/api/v1/sites").body);
  REQUIRE(sites["items"].size() == 1);
  CHECK(sites["items"][0]["code"] == "SA1");
  // ?q= finds by part of the username or the display name, within the scope.
  auto found = json::parse(w.As("manager.a", "GET", "/api/v1/users?q=A1").body);
  std::set<std::string> hits;
  for (const auto& u : found["items"]) hits.insert(u["username"]);
  CHECK(hits == std::set<std::string>{"trainer.a1", "learner.a1", "reset.a1"});
  CHECK(found["total"] == 3);
  CHECK(json::parse(w.As("manager.a", "GET", "/api/v1/users?q=learner.b").body)["total"] == 0);
  CHECK(json::parse(w.As("admin", "GET", "/api/v1/users?q=Ng%C6%B0%E1%BB%9Di%20learner").body)["total"] == 2);
  CHECK(json::parse(w.As("admin", "GET", "/api/v1/users?q=%25").body)["total"] == 0);  // '%' is literal
  CHECK(w.As("admin", "GET", "/api/v1/users?q=" + std::string(201, 'x')).status == 400);
  CHECK(w.As("admin", "GET", "/api/v1/users?limit=0").status == 400);
  CHECK(w.As("admin", "GET", "/api/v1/users?limit=501").status == 400);
  CHECK(w.As("admin", "GET", "/api/v1/users?offset=-1").status == 400);
  CHECK(w.As("admin", "GET", "/api/v1/users?org=NOPE").status == 404);
  // The user JSON never carries a password hash.
  CHECK(w.As("admin", "GET", "/api/v1/users/" + w.Id("admin")).body.find("argon2") ==
        std::string::npos);
}

TEST_CASE("sessions: HttpOnly cookie, CSRF on every change, rotation, logout, expiry",
          "[people_api][auth]") {
  World w;
  auto login = w.Login("manager.a", kPassword);
  REQUIRE(login.status == 200);
  const std::string set_cookie = login.Header("set-cookie");
  CHECK(set_cookie.find("HttpOnly") != std::string::npos);
  CHECK(set_cookie.find("SameSite=Lax") != std::string::npos);
  CHECK(set_cookie.find("Secure") == std::string::npos);  // not configured for HTTPS here
  const std::string cookie = SessionCookieOf(login);
  REQUIRE(cookie.size() > 40);
  const std::string csrf = json::parse(login.body)["csrf_token"];

  std::map<std::string, std::string> h = kJson;
  h["Cookie"] = cookie;
  auto me = w.Fetch("GET", "/api/v1/me", h);
  REQUIRE(me.status == 200);
  CHECK(json::parse(me.body)["user"]["username"] == "manager.a");
  CHECK(json::parse(me.body)["csrf_token"] == csrf);

  const std::string body = R"({"code":"A9","name":"Huyện 9","level":"district","parent":"A"})";
  auto no_token = w.Fetch("POST", "/api/v1/org-units", h, body);
  CHECK(no_token.status == 403);
  CHECK(no_token.body.find("CSRF") != std::string::npos);
  auto wrong = h;
  wrong["X-CSRF-Token"] = csrf.substr(1) + "x";
  CHECK(w.Fetch("POST", "/api/v1/org-units", wrong, body).status == 403);
  auto cross = h;
  cross["X-CSRF-Token"] = csrf;
  cross["Origin"] = "http://evil.example";
  CHECK(w.Fetch("POST", "/api/v1/org-units", cross, body).status == 403);
  auto good = h;
  good["X-CSRF-Token"] = csrf;
  CHECK(w.Fetch("POST", "/api/v1/org-units", good, body).status == 201);
  CHECK(w.Must(w.t.people().GetOrgUnit(w.cli, "A9")).name == "Huyện 9");

  SECTION("a new login rotates the session id and ends the old one") {
    auto again = w.Login("manager.a", kPassword, cookie);
    REQUIRE(again.status == 200);
    CHECK(SessionCookieOf(again) != cookie);
    CHECK(w.Fetch("GET", "/api/v1/me", h).status == 401);
  }
  SECTION("logout ends the session on the server") {
    auto out = w.Fetch("POST", "/api/v1/auth/logout", good);
    CHECK(out.status == 204);
    CHECK(out.Header("set-cookie").find("Max-Age=0") != std::string::npos);
    auto after = w.Fetch("GET", "/api/v1/me", h);
    CHECK(after.status == 401);
    // The dead cookie is cleared.
    CHECK(after.Header("set-cookie").find("lophoc_session=;") != std::string::npos);
  }
  SECTION("sessions end after an hour idle") {
    w.t.clock().Set(w.t.clock().Now() + std::chrono::minutes(61));
    CHECK(w.Fetch("GET", "/api/v1/me", h).status == 401);
  }
  SECTION("a session stays alive while used") {
    for (int i = 0; i < 3; ++i) {
      w.t.clock().Set(w.t.clock().Now() + std::chrono::minutes(40));
      CHECK(w.Fetch("GET", "/api/v1/me", h).status == 200);
    }
  }
  SECTION("disabling the account ends its sessions") {
    w.Must(w.t.people().SetUserActive(w.cli, w.users["manager.a"].id, false));
    CHECK(w.Fetch("GET", "/api/v1/me", h).status == 401);
  }
}

TEST_CASE("login: one answer for unknown user, wrong password and disabled account, 429 after "
          "5 failures",
          "[people_api][auth]") {
  World w;
  w.Must(w.t.people().SetUserActive(w.cli, w.users["learner.b"].id, false));
  auto unknown = w.Login("nobody", kPassword);
  auto wrong = w.Login("learner.a1", "wrong password 123");
  auto disabled = w.Login("learner.b", kPassword);
  CHECK(unknown.status == 401);
  CHECK(wrong.status == 401);
  CHECK(disabled.status == 401);
  CHECK(unknown.body == wrong.body);
  CHECK(wrong.body == disabled.body);
  CHECK(SessionCookieOf(wrong).empty());

  for (int i = 0; i < 5; ++i) CHECK(w.Login("trainer.a1", "guess number " + std::to_string(i)).status == 401);
  auto blocked = w.Login("trainer.a1", kPassword);  // the right password, too late
  CHECK(blocked.status == 429);
  CHECK(ErrorCode(blocked) == "rate_limited");
  CHECK(std::stoi(blocked.Header("retry-after")) > 0);
  w.t.clock().Set(w.t.clock().Now() + std::chrono::minutes(16));
  CHECK(w.Login("trainer.a1", kPassword).status == 200);
}

TEST_CASE("citizens register with a name, a username or phone number and a password",
          "[people_api][auth]") {
  World w;
  auto reg = w.Fetch(
      "POST", "/api/v1/register", kJson,
      R"({"display_name":"Bà Nguyễn Thị Lan","username":"0912345678","password":"hoa sen nở sớm"})");
  REQUIRE(reg.status == 201);
  auto user = json::parse(reg.body)["user"];
  CHECK(user["roles"] == json::array({"learner"}));
  CHECK(user["org"].is_null());
  CHECK(user["phone"] == "+84912345678");  // stored in one spelling (docs/people.md)
  std::map<std::string, std::string> h = {{"Cookie", SessionCookieOf(reg)}};
  CHECK(w.Fetch("GET", "/api/v1/me", h).status == 200);

  auto taken =
      w.Fetch("POST", "/api/v1/register", kJson,
              R"({"display_name":"Khác","username":"0912345678","password":"hoa sen nở sớm"})");
  CHECK(taken.status == 409);
  auto weak = w.Fetch("POST", "/api/v1/register", kJson,
                      R"({"display_name":"Khác","username":"khac","password":"123456789a"})");
  CHECK(weak.status == 400);
  auto missing = w.Fetch("POST", "/api/v1/register", kJson, R"({"username":"x1"})");
  CHECK(missing.status == 400);
  // Nothing half-written: the refused registrations left no account.
  CHECK(w.t.people().GetUserByName(w.cli, "khac").status().code() == StatusCode::kNotFound);
}

TEST_CASE("a reset password must be changed before anything else", "[people_api][auth]") {
  World w;
  auto reset = w.As("admin", "POST", "/api/v1/users/" + w.Id("reset.a1") + "/password-reset");
  REQUIRE(reset.status == 200);
  const std::string one_time = json::parse(reset.body)["one_time_password"];
  auto login = w.Login("reset.a1", one_time);
  REQUIRE(login.status == 200);
  CHECK(json::parse(login.body)["user"]["must_change_password"] == true);
  auto h = kJson;
  h["Cookie"] = SessionCookieOf(login);
  h["X-CSRF-Token"] = json::parse(login.body)["csrf_token"];
  auto blocked = w.Fetch("GET", "/api/v1/sites", h);
  CHECK(blocked.status == 403);
  CHECK(ErrorCode(blocked) == "password_change_required");
  auto changed =
      w.Fetch("POST", "/api/v1/me/password", h,
              json{{"current_password", one_time}, {"new_password", "mùa lúa chín vàng"}}.dump());
  CHECK(changed.status == 200);
  CHECK(w.Fetch("GET", "/api/v1/sites", h).status == 200);
  CHECK(w.Login("reset.a1", "mùa lúa chín vàng").status == 200);
}

TEST_CASE("personal API tokens: made by their owner, shown once, revocable", "[people_api][auth]") {
  World w;
  // Made from a signed-in session (a token cannot make tokens, see [credentials]).
  auto login = w.Login("learner.a1", kPassword);
  REQUIRE(login.status == 200);
  auto session = kJson;
  session["Cookie"] = SessionCookieOf(login);
  session["X-CSRF-Token"] = json::parse(login.body)["csrf_token"];
  auto made = w.Fetch("POST", "/api/v1/me/tokens", session, R"({"name":"điện thoại"})");
  REQUIRE(made.status == 201);
  const std::string secret = json::parse(made.body)["secret"];
  const int64_t id = json::parse(made.body)["token"]["id"];
  auto list = w.As("learner.a1", "GET", "/api/v1/me/tokens");
  CHECK(list.body.find(secret) == std::string::npos);
  CHECK(list.body.find("điện thoại") != std::string::npos);
  std::map<std::string, std::string> bearer = {{"Authorization", "Bearer " + secret}};
  CHECK(w.Fetch("GET", "/api/v1/me", bearer).status == 200);
  CHECK(w.As("learner.b", "DELETE", "/api/v1/me/tokens/" + std::to_string(id)).status == 404);
  CHECK(w.As("learner.a1", "DELETE", "/api/v1/me/tokens/" + std::to_string(id)).status == 204);
  CHECK(w.Fetch("GET", "/api/v1/me", bearer).status == 401);
  CHECK(w.Fetch("GET", "/api/v1/me", {{"Authorization", "Bearer lophoc_forged"}}).status == 401);
  CHECK(w.Fetch("GET", "/api/v1/me", {{"Authorization", "Basic abc"}}).status == 401);
}

TEST_CASE("bad input gets a clear error and changes nothing", "[people_api][bad_input]") {
  World w;
  struct Case {
    std::string what, method, target, body;
    int status;
    std::string message_part;
  };
  const std::string long_name(201, 'x');
  const std::vector<Case> cases = {
      {"malformed JSON", "POST", "/api/v1/org-units", R"({"code":"X1",)", 400, "not valid JSON"},
      {"not an object", "POST", "/api/v1/org-units", R"(["X1"])", 400, "JSON object"},
      {"unknown field", "POST", "/api/v1/sites",
       R"({"code":"X1","name":"n","type":"commune_library","org":"A","colour":"red"})", 400, "colour"},
      {"wrong type", "POST", "/api/v1/sites",
       R"({"code":"X1","name":"n","type":"commune_library","org":"A","kiosk":"yes"})", 400, "kiosk"},
      {"missing field", "POST", "/api/v1/org-units", R"({"code":"X1","level":"district"})", 400, "name"},
      {"bad level", "POST", "/api/v1/org-units", R"({"code":"X1","name":"n","level":"village"})", 400, "level"},
      {"bad code", "POST", "/api/v1/org-units", R"({"code":"../x","name":"n","level":"province"})", 400, "code"},
      {"over-long name", "POST", "/api/v1/org-units",
       R"({"code":"X1","name":")" + long_name + R"(","level":"province"})", 400, "200"},
      {"control characters", "POST", "/api/v1/org-units", R"({"code":"X1","name":"a\u0007b","level":"province"})", 400, "name"},
      {"invalid UTF-8", "POST", "/api/v1/org-units", "{\"code\":\"X1\",\"name\":\"\xff\xfe\",\"level\":\"province\"}", 400, "JSON"},
      {"unknown parent", "POST", "/api/v1/org-units", R"({"code":"X1","name":"n","level":"district","parent":"NOPE"})", 404, "NOPE"},
      {"duplicate code", "POST", "/api/v1/org-units", R"({"code":"a1","name":"n","level":"district","parent":"A"})", 409, "already exists"},
      {"cycle in the tree", "PATCH", "/api/v1/org-units/A", R"({"parent":"A1"})", 409, ""},
      {"unknown site", "POST", "/api/v1/users", R"({"username":"x.y","display_name":"n","site":"NOPE"})", 404, "NOPE"},
      {"site outside the org", "POST", "/api/v1/users", R"({"username":"x.y","display_name":"n","org":"B","site":"SA1"})", 400, "SA1"},
      {"bad role", "POST", "/api/v1/users", R"({"username":"x.y","display_name":"n","roles":["boss"]})", 400, "boss"},
      {"bad username", "POST", "/api/v1/users", R"({"username":"a b","display_name":"n"})", 400, "username"},
      {"duplicate username", "POST", "/api/v1/users", R"({"username":"LEARNER.A1","display_name":"n"})", 409, ""},
      {"weak password", "POST", "/api/v1/users", R"({"username":"x.y","display_name":"n","password":"matkhau123"})", 400, "common"},
      {"unknown user id", "GET", "/api/v1/users/999999", "", 404, ""},
      {"non-numeric id", "GET", "/api/v1/users/abc", "", 404, ""},
      {"id overflow", "PATCH", "/api/v1/users/99999999999999999999999", R"({"display_name":"n"})", 404, ""},
      {"unknown site code", "PATCH", "/api/v1/sites/NOPE", R"({"name":"n"})", 404, ""},
      {"last admin", "PATCH", "/api/v1/users/{admin}", R"({"active":false})", 403, ""},
  };
  auto counts = [&] {
    auto conn = w.t.db().Acquire();
    std::vector<int64_t> out;
    for (const char* table : {"org_units", "sites", "users", "audit_log"}) {
      auto st = conn->Prepare(std::string("SELECT count(*) FROM ") + table);
      REQUIRE(st.ok());
      REQUIRE(*st->Step());
      out.push_back(st->ColumnInt(0));
    }
    return out;
  };
  const auto before = counts();
  for (const auto& c : cases) {
    auto res = w.As("admin", c.method, Expand(c.target, w, "admin"), c.body);
    CAPTURE(c.what, res.body);
    CHECK(res.status == c.status);
    CHECK(res.Header("content-type").rfind("application/json", 0) == 0);
    CHECK_FALSE(ErrorCode(res).empty());
    CHECK(res.body.find(c.message_part) != std::string::npos);
  }
  CHECK(counts() == before);

  SECTION("a body over the limit is refused") {
    const std::string huge = R"({"code":"X1","name":")" + std::string(70 * 1024, 'a') + R"(","level":"province"})";
    CHECK(w.As("admin", "POST", "/api/v1/org-units", huge).status == 413);
  }
  SECTION("a body that is not JSON") {
    auto res =
        w.Fetch("POST", "/api/v1/org-units",
                {{"Authorization", "Bearer " + w.tokens["admin"]}, {"Content-Type", "text/plain"}},
                "code=X1");
    CHECK(res.status == 415);
  }
  SECTION("script in names is stored and returned as text") {
    auto res = w.As("admin", "POST", "/api/v1/users",
                    R"({"username":"xss","display_name":"<script>alert(1)</script>"})");
    REQUIRE(res.status == 201);
    CHECK(json::parse(res.body)["user"]["display_name"] == "<script>alert(1)</script>");
  }
}

TEST_CASE("every administrative change is in the audit log, without secrets",
          "[people_api][audit]") {
  World w;
  CHECK(w.As("admin", "POST", "/api/v1/sites",
             R"({"code":"SX","name":"Điểm BĐVHX X","type":"post_office_cultural_point","org":"A1"})")
            .status == 201);
  CHECK(w.As("admin", "PATCH", "/api/v1/users/" + w.Id("learner.a1"),
             R"({"staff_category":"commune_librarian"})")
            .status == 200);
  auto reset = w.As("admin", "POST", "/api/v1/users/" + w.Id("reset.a1") + "/password-reset");
  const std::string one_time = json::parse(reset.body)["one_time_password"];
  auto audit = json::parse(w.As("admin", "GET", "/api/v1/audit?limit=3").body);
  REQUIRE(audit["items"].size() == 3);
  CHECK(audit["items"][0]["action"] == "user.password_reset");
  CHECK(audit["items"][1]["action"] == "user.update");
  CHECK(audit["items"][1]["details"]["staff_category"] == "commune_librarian");
  CHECK(audit["items"][2]["action"] == "site.create");
  CHECK(audit["items"][2]["actor"] == "admin");
  auto all = w.As("admin", "GET", "/api/v1/audit?limit=500").body;
  CHECK(all.find(one_time) == std::string::npos);
  CHECK(all.find(kPassword) == std::string::npos);
  for (const auto& [name, token] : w.tokens) CHECK(all.find(token) == std::string::npos);
}

TEST_CASE("visits: a guest's browsing session and a kiosk's site are counted", "[people_api][visits]") {
  World w;
  // The first page sets the visit cookie; a client that never returns it is not counted.
  for (int i = 0; i < 3; ++i) {
    CHECK(w.Fetch("GET", "/courses/tin-hoc-co-ban/man-hinh").status == 200);
  }
  auto first = w.Fetch("GET", "/");
  REQUIRE(first.status == 200);
  const std::string set = first.Header("set-cookie");
  const size_t at = set.find("lophoc_visit=");
  REQUIRE(at != std::string::npos);
  const std::string visit_cookie = set.substr(at, set.find(';', at) - at);
  CHECK(w.Fetch("GET", "/courses/tin-hoc-co-ban/man-hinh", {{"Cookie", visit_cookie}}).status ==
        200);
  CHECK(w.Fetch("GET", "/courses/tin-hoc-co-ban/chuot", {{"Cookie", visit_cookie}}).status == 200);
  CHECK(w.Fetch("GET", "/courses/tin-hoc-co-ban", {{"Cookie", visit_cookie}}).status == 200);
  // A signed-in learner of site SA1.
  CHECK(w.As("learner.a1", "GET", "/courses/tin-hoc-co-ban/man-hinh").status == 200);
  // A guest on the kiosk of SA1.
  const std::string kiosk = w.Must(w.t.people().RegisterKiosk(
      people::Actor::ForUser(w.users["manager.a"]), "SA1", "Máy 1"));
  const std::string kiosk_set = w.Fetch("GET", "/").Header("set-cookie");
  const size_t kiosk_at = kiosk_set.find("lophoc_visit=");
  REQUIRE(kiosk_at != std::string::npos);
  const std::string kiosk_visit = kiosk_set.substr(kiosk_at, kiosk_set.find(';', kiosk_at) - kiosk_at);
  CHECK(w.Fetch("GET", "/courses/tin-hoc-co-ban/man-hinh",
                {{"Cookie", "lophoc_kiosk=" + kiosk + "; " + kiosk_visit}})
            .status == 200);
  REQUIRE(w.t.visits().Flush().ok());
  std::vector<std::tuple<int64_t, int64_t, int64_t>> rows;
  {
    auto conn = w.t.db().Acquire();
    auto st = conn->Prepare(
        "SELECT coalesce(user_id, 0), coalesce(site_id, 0), lesson_views FROM visits "
        "ORDER BY lesson_views DESC, user_id DESC");
    REQUIRE(st.ok());
    while (*st->Step()) rows.emplace_back(st->ColumnInt(0), st->ColumnInt(1), st->ColumnInt(2));
  }
  const int64_t sa1 = w.users["learner.a1"].site_id.value();
  REQUIRE(rows.size() == 3);
  CHECK(rows[0] == std::make_tuple(int64_t{0}, int64_t{0}, int64_t{2}));  // the guest: two lessons
  CHECK(rows[1] == std::make_tuple(w.users["learner.a1"].id, sa1, int64_t{1}));
  CHECK(rows[2] == std::make_tuple(int64_t{0}, sa1, int64_t{1}));  // the kiosk guest
  CHECK(w.t.people().StopKiosk(kiosk).ok());
  CHECK(w.t.people().KioskSite(kiosk).status().code() == StatusCode::kNotFound);
}

TEST_CASE("signed-in answers are private and never come from the shared page cache",
          "[people_api][cache]") {
  World w;
  auto guest = w.Fetch("GET", "/");
  auto login = w.Login("learner.a1", kPassword);
  auto mine = w.Fetch("GET", "/", {{"Cookie", SessionCookieOf(login)}});
  REQUIRE(mine.status == 200);
  CHECK(mine.Header("cache-control") == "private, no-store");
  CHECK(guest.Header("cache-control") != "private, no-store");
  CHECK(w.Fetch("GET", "/").body.find("Người learner.a1") == std::string::npos);
}

}  // namespace
}  // namespace lophoc::http

namespace lophoc::http {
namespace {

TEST_CASE("CSV over the API: dry run, line-numbered errors, all-or-nothing import, export",
          "[people_api][csv]") {
  World w;
  auto csv_post = [&](const std::string& who, const std::string& target, const std::string& body) {
    return w.Fetch("POST", target,
                   {{"Authorization", "Bearer " + w.tokens.at(who)}, {"Content-Type", "text/csv"}},
                   body);
  };
  // Three bad lines after a good one; `good` below is the file put right.
  const std::string head_and_thu_ha =
      "username,display_name,site,staff_category\n"
      "thu.ha,Nguyễn Thu Hà,SA1,district_librarian\n";
  const std::string users = head_and_thu_ha +
                            "bad name,Tên sai,SA1,\n"
                            "minh.tri,\"Trần Minh Trí, thủ thư\",NOPE,\n"
                            "thu.ha,Trùng tên,SA1,\n";
  auto dry = csv_post("manager.a", "/api/v1/users/import?dry_run=1", users);
  REQUIRE(dry.status == 200);
  auto report = json::parse(dry.body);
  CHECK(report["kind"] == "users");
  CHECK(report["rows"] == 4);
  std::vector<int> lines;
  for (const auto& e : report["errors"]) lines.push_back(e["line"]);
  CHECK(lines == std::vector<int>{3, 4, 5});
  auto real = csv_post("manager.a", "/api/v1/users/import", users);
  CHECK(real.status == 422);
  CHECK(w.t.people().GetUserByName(w.cli, "thu.ha").status().code() == StatusCode::kNotFound);

  const std::string good = head_and_thu_ha + "minh.tri,\"Trần Minh Trí, thủ thư\",SA1,\n";
  auto done = csv_post("manager.a", "/api/v1/users/import", good);
  REQUIRE(done.status == 200);
  auto made = json::parse(done.body);
  CHECK(made["created"] == 2);
  REQUIRE(made["one_time_passwords"].size() == 2);
  CHECK(done.Header("cache-control") == "no-store");
  const std::string otp = made["one_time_passwords"][0]["one_time_password"];
  CHECK(w.Login(made["one_time_passwords"][0]["username"], otp).status == 200);

  // Province B's manager cannot place people in province A, nor learn that SA1 exists.
  auto other = csv_post("manager.b", "/api/v1/users/import?dry_run=1",
                        "username,display_name,site\nkhac.b,Người B,SA1\n");
  REQUIRE(other.status == 200);
  CHECK(json::parse(other.body)["errors"].size() == 1);
  CHECK(csv_post("learner.a1", "/api/v1/users/import?dry_run=1", good).status == 403);
  // A file of another kind is sent to the right import.
  CHECK(csv_post("admin", "/api/v1/users/import", "code,name,level\nX,Tỉnh X,province\n").status == 400);
  CHECK(csv_post("admin", "/api/v1/org-units/import?dry_run=maybe", "code,name,level\n").status == 400);
  CHECK(csv_post("admin", "/api/v1/org-units/import", "code,name,level\n\"X,Tỉnh X,province\n").status == 400);

  auto exported =
      w.Fetch("GET", "/api/v1/users?org=A1",
              {{"Authorization", "Bearer " + w.tokens.at("manager.a")}, {"Accept", "text/csv"}});
  REQUIRE(exported.status == 200);
  CHECK(exported.Header("content-type") == "text/csv; charset=utf-8");
  CHECK(exported.Header("content-disposition").find("users.csv") != std::string::npos);
  CHECK(exported.body.find("Nguyễn Thu Hà") != std::string::npos);
  CHECK(exported.body.find("Người learner.b") == std::string::npos);
  CHECK(exported.body.find("argon2") == std::string::npos);
}

TEST_CASE("a refusal in JSON carries its reason, field and parameters", "[people_api][refusals]") {
  World w;
  auto post = [&](const std::string& target, const std::string& type, const std::string& body,
                  const std::string& lang = "vi") {
    return w.Fetch("POST", target,
                   {{"Authorization", "Bearer " + w.tokens.at("admin")},
                    {"Content-Type", type},
                    {"Accept-Language", lang}},
                   body);
  };
  const auto* i18n = w.t.site().context().i18n;

  // A whole file refused: the line it is about is a parameter, not prose to parse.
  auto file = post("/api/v1/org-units/import", "text/csv", "code,name,level\n\"X,Tỉnh X,province\n",
                   "en");
  REQUIRE(file.status == 400);
  json error = json::parse(file.body)["error"];
  CHECK(error["code"] == "invalid_argument");
  CHECK(error["reason"] == "csv_quote_unclosed");
  CHECK(error["params"]["line"] == "2");
  CHECK(error["text"] == i18n->Text("en", "msg_csv_quote_unclosed"));
  CHECK_FALSE(error.contains("field"));

  // A bad value in a row: each row's refusal is data too.
  auto rows = post("/api/v1/sites/import", "text/csv",
                   "code,name,type,org,kiosk\nS8,Điểm 8,school_library,A1,1\nS9,Điểm 9,school_library,A1,maybe\n");
  REQUIRE(rows.status == 422);
  json row = json::parse(rows.body)["errors"][0];
  CHECK(row["line"] == 3);
  CHECK(row["column"] == "kiosk");
  CHECK(row["reason"] == "csv_bad_flag");
  CHECK(row["params"] == json{{"line", "3"}, {"column", "kiosk"}, {"value", "maybe"}});
  CHECK(row["text"] == i18n->Text("vi", "msg_csv_flag"));

  // A refused query parameter names its field.
  auto flag = post("/api/v1/sites/import?dry_run=maybe", "text/csv", "code,name,type,org\n");
  REQUIRE(flag.status == 400);
  error = json::parse(flag.body)["error"];
  CHECK(error["reason"] == "csv_bad_flag");
  CHECK(error["field"] == "dry_run");
  CHECK(error["params"]["value"] == "maybe");

  // A taken code, from the service.
  auto taken = post("/api/v1/org-units", "application/json",
                    R"({"code":"a1","name":"n","level":"district","parent":"A"})");
  REQUIRE(taken.status == 409);
  error = json::parse(taken.body)["error"];
  CHECK(error["code"] == "already_exists");
  CHECK(error["reason"] == "code_taken");
  CHECK(error["field"] == "code");
  CHECK(error["params"]["value"] == "a1");
  CHECK(error["text"] == i18n->Text("vi", "msg_code_taken"));

  // JSON sent to an import: the old code for clients, a reason for people.
  auto type = post("/api/v1/sites/import", "application/json", R"({"code":"S9"})");
  REQUIRE(type.status == 415);
  error = json::parse(type.body)["error"];
  CHECK(error["code"] == "unsupported_media_type");
  CHECK(error["reason"] == "csv_content_type");
}

}  // namespace
}  // namespace lophoc::http

namespace lophoc::http {
namespace {

// Runs `body` with standard error sent to a file; returns what was written.
template <typename F>
std::string CaptureStderr(F body) {
  char path[] = "/tmp/lophoc-stderr-XXXXXX";
  const int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  std::fflush(stderr);
  const int saved = dup(2);
  dup2(fd, 2);
  body();
  std::fflush(stderr);
  dup2(saved, 2);
  close(saved);
  close(fd);
  std::ifstream in(path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::remove(path);
  return text;
}

// Signs thu.thu in through the API with kPassword, reads with the session
// and with `token`, searches with secret words in the query and tries a
// wrong password: everything the logs must not repeat. The session id.
std::string UseSecrets(TestSite& t, const std::string& token) {
  HttpRequest login;
  login.method = "POST";
  login.path = "/api/v1/auth/login";
  login.headers = {{"content-type", "application/json"}};
  login.body = json{{"username", "thu.thu"}, {"password", kPassword}}.dump();
  auto res = t.Send(login);
  REQUIRE(res.status == 200);
  const std::string cookie = res.HeaderValue("Set-Cookie");
  const std::string session =
      cookie.substr(cookie.find('=') + 1, cookie.find(';') - cookie.find('=') - 1);
  t.Get("/api/v1/me", {{"cookie", "lophoc_session=" + session}});
  t.Get("/api/v1/users?org=", {{"authorization", "Bearer " + token}});
  t.Get("/search?q=m%E1%BA%ADt+kh%E1%BA%A9u+b%C3%AD+m%E1%BA%ADt");
  HttpRequest wrong = login;
  wrong.body = json{{"username", "thu.thu"}, {"password", "sai mật khẩu rồi"}}.dump();
  t.Send(wrong);
  return session;
}

TEST_CASE("the access log holds no password, token, session id or query text",
          "[people_api][logs]") {
  TestSite t(testing::FixturePath("content-good"), ":memory:", LogLevel::kInfo);
  auto& people = t.people();
  const auto cli = people::Actor::CommandLine();
  REQUIRE(people.CreateUser(cli, {"thu.thu", "Thủ thư", std::nullopt, {people::Role::kAdmin}, "", "", "", true},
                            kPassword).ok());
  const std::string token = people.CreateApiToken(cli, people.GetUserByName(cli, "thu.thu")->id, "t")->secret;
  std::string session;
  const std::string log = CaptureStderr([&] {
    session = UseSecrets(t, token);
  });
  REQUIRE(session.size() > 40);
  CHECK(log.find("path=\"/api/v1/auth/login\"") != std::string::npos);  // the log works
  CHECK(log.find(kPassword) == std::string::npos);
  CHECK(log.find("sai mật khẩu") == std::string::npos);
  CHECK(log.find(session) == std::string::npos);
  CHECK(log.find(token) == std::string::npos);
  CHECK(log.find("mật khẩu bí mật") == std::string::npos);
}

// Switches the process's log to JSON for one scope.
struct JsonLogFormat {
  JsonLogFormat() { app::SetLogFormat(app::LogFormat::kJson); }
  ~JsonLogFormat() { app::SetLogFormat(app::LogFormat::kText); }
};

TEST_CASE("the JSON log: one object per line, request ids, and no secret",
          "[people_api][logs][observability]") {
  TestSite t(testing::FixturePath("content-good"), ":memory:", LogLevel::kInfo);
  auto& people = t.people();
  const auto cli = people::Actor::CommandLine();
  REQUIRE(people
              .CreateUser(
                  cli,
                  {"thu.thu", "Thủ thư", std::nullopt, {people::Role::kAdmin}, "", "", "", true},
                  kPassword)
              .ok());
  const int64_t user_id = people.GetUserByName(cli, "thu.thu")->id;
  const std::string token = people.CreateApiToken(cli, user_id, "t")->secret;
  const std::string new_password = "Mật khẩu mới của thủ thư 2027";
  std::string session;
  HttpResponse echoed;
  HttpResponse replaced;
  std::string log;
  {
    JsonLogFormat json_log;
    log = CaptureStderr([&] {
      session = UseSecrets(t, token);
      // The password-change form of a browser signed in through the login form.
      testing::Browser b = testing::SignedIn(t.site(), "thu.thu", "/account/password");
      auto changed = b.Post("/account/password", {{"current_password", kPassword},
                                                  {"new_password", new_password},
                                                  {"confirm_password", new_password}});
      CHECK(changed.status == 303);
      echoed = t.Get("/healthz", {{"x-request-id", "lb-7f3a.9_Z"}});
      replaced = t.Get("/healthz", {{"x-request-id", "không hợp lệ\r\nX: y"}});
    });
  }
  REQUIRE(session.size() > 40);
  for (const std::string& secret :
       {std::string(kPassword), std::string("sai mật khẩu"), session, token, new_password,
        std::string("mật khẩu bí mật"), std::string("m%E1%BA%ADt"), std::string("q=")}) {
    CAPTURE(secret);
    CHECK(log.find(secret) == std::string::npos);
  }
  // Every line is one JSON object with time, level and msg; each request
  // line names the route pattern and the path without its query.
  std::vector<json> requests;
  size_t pos = 0;
  while (pos < log.size()) {
    const size_t end = log.find('\n', pos);
    REQUIRE(end != std::string::npos);
    const std::string line = log.substr(pos, end - pos);
    pos = end + 1;
    CAPTURE(line);
    const json j = json::parse(line, nullptr, false);
    REQUIRE(j.is_object());
    CHECK(j["time"].get<std::string>().size() == std::string("2026-11-22T03:15:04.123Z").size());
    CHECK(j["level"].is_string());
    CHECK(j["msg"].is_string());
    if (j["msg"] == "request") requests.push_back(j);
  }
  REQUIRE(requests.size() >= 9);
  for (const json& r : requests) {
    CAPTURE(r.dump());
    for (const char* key :
         {"request_id", "method", "route", "path", "status", "bytes", "duration_ms"}) {
      CHECK(r.contains(key));
    }
    CHECK(r["status"].is_number_integer());
    CHECK(r["duration_ms"].is_number());
  }
  const json& first = requests.front();
  CHECK(first["method"] == "POST");
  CHECK(first["route"] == "/api/v1/auth/login");
  CHECK(first["status"] == 200);
  CHECK(!first.contains("user_id"));  // a guest until the answer
  CHECK(requests[1]["route"] == "/api/v1/me");
  CHECK(requests[1]["user_id"] == user_id);
  CHECK(requests[2]["user_id"] == user_id);  // by API token
  CHECK(requests[3]["path"] == "/search");
  // The client's sane request id is kept; any other is replaced.
  CHECK(echoed.HeaderValue("X-Request-Id") == "lb-7f3a.9_Z");
  CHECK(requests[requests.size() - 2]["request_id"] == "lb-7f3a.9_Z");
  const std::string fresh = replaced.HeaderValue("X-Request-Id");
  CHECK(std::regex_match(fresh, std::regex("[0-9a-f]{16}")));
  CHECK(requests.back()["request_id"] == fresh);
  CHECK(requests.back()["route"] == "/healthz");
}

TEST_CASE("housekeeping runs once more when stopped", "[app][periodic]") {
  app::Periodic task;
  int runs = 0;
  task.Start(std::chrono::hours(1), [&runs] { ++runs; });
  task.Stop();
  CHECK(runs == 1);
}

}  // namespace
}  // namespace lophoc::http

namespace lophoc::http {
namespace {

TEST_CASE("session cookies are Secure when the site is served over HTTPS", "[people_api][auth]") {
  WebContext https;
  https.options.secure_cookies = true;
  const std::string on = SessionCookie(https, "abc");
  CHECK(on.find("; Secure") != std::string::npos);
  CHECK(on.find("; HttpOnly") != std::string::npos);
  CHECK(on.find("SameSite=Lax") != std::string::npos);
  CHECK(on.find("Max-Age") == std::string::npos);  // ends with the browser session
  WebContext http_only;
  CHECK(SessionCookie(http_only, "abc").find("Secure") == std::string::npos);
}

}  // namespace
}  // namespace lophoc::http

namespace lophoc::http {
namespace {

// "lophoc_visit=VALUE" from a response, or "".
std::string VisitCookieOf(const ClientResponse& r) {
  const std::string set = r.Header("set-cookie");
  const size_t at = set.find("lophoc_visit=");
  if (at == std::string::npos) return "";
  return set.substr(at, set.find(';', at) - at);
}

int64_t VisitRows(TestSite& t) {
  REQUIRE(t.visits().Flush().ok());
  auto conn = t.db().Acquire();
  auto st = conn->Prepare("SELECT count(*) FROM visits");
  REQUIRE(st.ok());
  REQUIRE(*st->Step());
  return st->ColumnInt(0);
}

TEST_CASE("visit cookies are signed by the server, invented ones are ignored",
          "[people_api][visits]") {
  World w;
  const std::string lesson = "/courses/tin-hoc-co-ban/man-hinh";
  // A client inventing cookies of every shape adds no row, and is offered a real one.
  for (const std::string& forged :
       {std::string(43, 'k'), std::string(22, 'a') + "." + std::string(43, 'b'),
        std::string("x"), std::string(200, 'z')}) {
    CAPTURE(forged);
    auto r = w.Fetch("GET", lesson, {{"Cookie", "lophoc_visit=" + forged}});
    CHECK(r.status == 200);
    CHECK_FALSE(VisitCookieOf(r).empty());
  }
  CHECK(VisitRows(w.t) == 0);
  // The server's own cookie counts, and is not replaced.
  const std::string real = VisitCookieOf(w.Fetch("GET", "/"));
  REQUIRE(real.size() == std::string("lophoc_visit=").size() + 22 + 1 + 43);
  auto counted = w.Fetch("GET", lesson, {{"Cookie", real}});
  CHECK(counted.status == 200);
  CHECK(VisitCookieOf(counted).empty());
  CHECK(VisitRows(w.t) == 1);
  // Changing one character of its signature makes it a stranger's.
  std::string tampered = real;
  const size_t mac_at = real.find('.') + 1;
  tampered[mac_at] = tampered[mac_at] == 'A' ? 'B' : 'A';
  w.Fetch("GET", lesson, {{"Cookie", tampered}});
  CHECK(VisitRows(w.t) == 1);
}

}  // namespace
}  // namespace lophoc::http
