#include "tests/support/test_world.h"

#include <nlohmann/json.hpp>

#include "server/app/crypto.h"

namespace lophoc::testing {
namespace {

template <typename T>
T Must(Result<T> r) {
  INFO(r.status().ToString());
  REQUIRE(r.ok());
  return std::move(*r);
}

app::PeopleOptions FastHashing() {
  app::PeopleOptions o;
  o.password_cost = app::PasswordCost::ForTests();
  return o;
}

// What the command line would send to make `a` (an active account).
app::UserInput InputOf(const Account& a) {
  const std::string display = a.display_name.empty() ? "Người " + a.username : a.display_name;
  return {a.username, display, std::nullopt, a.roles, a.org, a.site, a.category, true};
}

}  // namespace

void MakeStandardTree(app::PeopleService& people, const TreeOptions& options) {
  const people::Actor cli = people::Actor::CommandLine();
  const std::string root = options.national_root ? "VN" : "";
  if (options.national_root) Must(people.CreateOrgUnit(cli, {"VN", "Việt Nam", "nation", ""}));
  Must(people.CreateOrgUnit(cli, {"A", "Tỉnh A", "province", root}));
  Must(people.CreateOrgUnit(cli, {"A1", "Huyện A1", "district", "A"}));
  Must(people.CreateOrgUnit(cli, {"B", "Tỉnh B", "province", root}));
  if (!options.sites) return;
  Must(people.CreateSite(
      cli, {"SA1", options.sa1_name, "district_library", "A1", options.sa1_public_computers}));
  Must(people.CreateSite(cli, {"SB", options.sb_name, "provincial_library", "B", false}));
}

people::User MakeAccount(app::PeopleService& people, const Account& a,
                         const std::string& password) {
  return Must(people.CreateUser(people::Actor::CommandLine(), InputOf(a), password)).user;
}

std::string MakeAccountWithOneTimePassword(app::PeopleService& people, const Account& a) {
  const app::CreatedUser made = Must(people.CreateUser(people::Actor::CommandLine(), InputOf(a), ""));
  REQUIRE(made.user.must_change_password);
  REQUIRE_FALSE(made.one_time_password.empty());
  return made.one_time_password;
}

int64_t CountRows(storage::Database& db, const std::string& table) {
  auto conn = db.Acquire();
  auto st = conn->Prepare("SELECT count(*) FROM " + table);
  REQUIRE(st.ok());
  auto row = st->Step();
  REQUIRE(row.ok());
  REQUIRE(*row);
  return st->ColumnInt(0);
}

http::HttpResponse SignIn(Browser& b, const std::string& username, const std::string& password,
                          const std::string& next) {
  REQUIRE(b.Get("/login").status == 200);
  return b.Post("/login", {{"username", username}, {"password", password}, {"next", next}});
}

Browser SignedIn(http::WebApp& site, const std::string& username, const std::string& landing,
                 const std::string& password) {
  Browser b(site);
  REQUIRE(b.Get("/login").status == 200);
  REQUIRE(b.Post("/login", {{"username", username}, {"password", password}}).status == 303);
  if (!landing.empty()) REQUIRE(b.Get(landing).status == 200);
  return b;
}

http::HttpResponse Page(Browser& b, const std::string& target) {
  INFO("page " << target);
  http::HttpResponse res = b.Get(target);
  REQUIRE(res.status == 200);
  return res;
}

void CheckShows(const std::string& text, const std::vector<std::string>& shown,
                const std::vector<std::string>& hidden) {
  for (const std::string& part : shown) {
    CAPTURE(part);
    CHECK(Contains(text, part));
  }
  for (const std::string& part : hidden) {
    CAPTURE(part);
    CHECK_FALSE(Contains(text, part));
  }
}

void CheckAnswer(const http::HttpResponse& res, int status, const std::vector<std::string>& shown,
                 const std::vector<std::string>& hidden) {
  CHECK(res.status == status);
  CheckShows(res.body, shown, hidden);
}

void CheckRedirect(const http::HttpResponse& res, const std::string& location) {
  CHECK(res.status == 303);
  CHECK(res.HeaderValue("Location") == location);
}

std::string SessionCookieOf(const ClientResponse& r) {
  const std::string all = r.Header("set-cookie");
  const size_t at = all.find("lophoc_session=");
  if (at == std::string::npos) return "";
  const size_t end = all.find(';', at);
  return all.substr(at, end - at);
}

std::map<std::string, std::string> SessionHeaders(const ClientResponse& login) {
  const std::string cookie = SessionCookieOf(login);
  REQUIRE_FALSE(cookie.empty());
  return {{"Content-Type", kJsonType},
          {"Cookie", cookie},
          {"X-CSRF-Token", nlohmann::json::parse(login.body)["csrf_token"].get<std::string>()}};
}

people::User WorldBase::AddAccount(const Account& account) {
  return users[account.username] = MakeAccount(Directory(), account);
}

void WorldBase::AddAccounts(const std::vector<Account>& accounts) {
  for (const Account& a : accounts) AddAccount(a);
}

PeopleWorld::PeopleWorld()
    : stores(storage::OpenStores(":memory:").value()),
      db(stores->sqlite()),
      store(*stores->people().directory),
      people(stores->people(), &clock, FastHashing()) {
  REQUIRE(app::InitCrypto());
}

TestWorld::TestWorld(const std::string& content, const std::string& db_path)
    : t(content, db_path) {}

people::User TestWorld::AddWithToken(const Account& account, const std::string& token_name) {
  const people::User u = AddAccount(account);
  tokens[account.username] = Must(t.people().CreateApiToken(cli, u.id, token_name)).secret;
  return u;
}

void TestWorld::AddAllWithTokens(const std::vector<Account>& accounts,
                                 const std::string& token_name) {
  for (const Account& a : accounts) AddWithToken(a, token_name);
}

Browser TestWorld::SignedIn(const std::string& username, const std::string& landing,
                            http::WebApp* site) {
  return testing::SignedIn(site != nullptr ? *site : t.site(), username, landing);
}

ClientResponse TestWorld::Call(const std::string& who, const std::string& method,
                               const std::string& target, const std::string& body,
                               const std::string& type) {
  std::map<std::string, std::string> h;
  if (!type.empty()) h["Content-Type"] = type;
  if (who != "anonymous") h["Authorization"] = "Bearer " + tokens.at(who);
  return HttpFetch(port, method, target, h, body);
}

ClientResponse TestWorld::Login(const std::string& username, const std::string& password,
                                const std::string& client_cookie) {
  std::map<std::string, std::string> h = {{"Content-Type", kJsonType}};
  if (!client_cookie.empty()) h["Cookie"] = client_cookie;
  return HttpFetch(port, "POST", "/api/v1/auth/login", h,
                   nlohmann::json{{"username", username}, {"password", password}}.dump());
}

std::map<std::string, std::string> TestWorld::Session(const std::string& username,
                                                      const std::string& password) {
  const ClientResponse login = Login(username, password);
  REQUIRE(login.status == 200);
  return SessionHeaders(login);
}

}  // namespace lophoc::testing
