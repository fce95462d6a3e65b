// The test world, built once for every test file: the org tree the tests
// share, accounts with a known password, and signed-in clients for them.
//
// Two worlds with the same builders:
// - PeopleWorld: a PeopleService over a fresh ":memory:" database and a fake
//   clock, for tests of the people use cases (no site, no content).
// - TestWorld: a whole TestSite (content, templates, every service), for
//   handler tests through Browser and, after Start(), tests over a real
//   loopback socket with API tokens or signed-in API sessions.
//
// Everything is made as the command line would make it, in the order the
// test asks for it, so that ids and the audit log are the same in every run.
// A failure to build the world fails the test (REQUIRE). Not thread-safe.
#pragma once

#include <catch2/catch.hpp>

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "tests/support/http_client.h"
#include "tests/support/test_browser.h"
#include "tests/support/test_site.h"

namespace lophoc::testing {

// The password of every account a world makes unless told otherwise.
inline constexpr const char* kPassword = "Thư viện xanh 2026";
inline constexpr const char* kJsonType = "application/json";
inline constexpr const char* kFormType = "application/x-www-form-urlencoded";

// An account to make. An empty display name becomes "Người <username>".
struct Account {
  Account(std::string name, std::vector<people::Role> role_list, std::string unit = "",
          std::string place = "", std::string staff_category = "", std::string display = "")
      : username(std::move(name)),
        roles(std::move(role_list)),
        org(std::move(unit)),
        site(std::move(place)),
        category(std::move(staff_category)),
        display_name(std::move(display)) {}

  std::string username;
  std::vector<people::Role> roles;
  std::string org;
  std::string site;
  std::string category;
  std::string display_name;
};

// The standard tree: provinces A "Tỉnh A" and B "Tỉnh B", district A1
// "Huyện A1" in A, the district library SA1 "Thư viện A1" in A1 and the
// provincial library SB "Thư viện B" in B. The setters change it:
//   StandardTree(TreeOptions().NationalRoot().NoSites());
struct TreeOptions {
  bool national_root = false;  // the nation VN "Việt Nam" above A and B
  bool sites = true;
  bool sa1_public_computers = false;
  std::string sa1_name = "Thư viện A1";
  std::string sb_name = "Thư viện B";

  TreeOptions& NationalRoot() { national_root = true; return *this; }
  TreeOptions& NoSites() { sites = false; return *this; }
  TreeOptions& PublicComputersAtSA1() { sa1_public_computers = true; return *this; }
  TreeOptions& SiteNames(std::string sa1, std::string sb) {
    sa1_name = std::move(sa1);
    sb_name = std::move(sb);
    return *this;
  }
};

// The standard tree in `people`, made by the command line.
void MakeStandardTree(app::PeopleService& people, const TreeOptions& options = {});

// Makes `account` with `password` as the command line would; returns it.
people::User MakeAccount(app::PeopleService& people, const Account& account,
                         const std::string& password = kPassword);

// Makes `account` without a password, as the admin's form does: it gets a
// one-time password and must change it when it signs in (both REQUIREd).
// Returns the one-time password.
std::string MakeAccountWithOneTimePassword(app::PeopleService& people, const Account& account);

// Rows in `table`.
int64_t CountRows(storage::Database& db, const std::string& table);

// A browser of `site` signed in through the login form as `username`; then,
// if `landing` is not empty, on that page (which must answer 200), so that it
// holds the session's CSRF token.
Browser SignedIn(http::WebApp& site, const std::string& username, const std::string& landing = "",
                 const std::string& password = kPassword);

// Posts the login form from `b` (after opening it); the answer to the post.
http::HttpResponse SignIn(Browser& b, const std::string& username, const std::string& password,
                          const std::string& next = "");

// The page `target` as `b` opens it; it must answer 200 (REQUIRE).
http::HttpResponse Page(Browser& b, const std::string& target);

// CHECKs that `text` holds each of `shown` and none of `hidden`.
void CheckShows(const std::string& text, const std::vector<std::string>& shown,
                const std::vector<std::string>& hidden = {});

// CHECKs that `res` answers `status` with a body that holds each of `shown`
// and none of `hidden`.
void CheckAnswer(const http::HttpResponse& res, int status, const std::vector<std::string>& shown,
                 const std::vector<std::string>& hidden = {});

// The opening tag of the message a refused form shows at `field`.
inline std::string FieldErrorTag(const std::string& field) {
  return "<p class=\"field-error\" id=\"f-" + field + "-error\">";
}

// CHECKs that `res` is a 303 to `location`.
void CheckRedirect(const http::HttpResponse& res, const std::string& location);

// "lophoc_session=VALUE" from the Set-Cookie lines of a response, or "".
std::string SessionCookieOf(const ClientResponse& r);

// The headers of a JSON client signed in by the API answer `login`: the
// JSON type, the session cookie and the CSRF token. Fails the test when
// `login` made no session.
std::map<std::string, std::string> SessionHeaders(const ClientResponse& login);

// What both worlds share: the command-line actor, the accounts made so far
// by username, and the builders that fill them.
class WorldBase {
 public:
  people::Actor cli = people::Actor::CommandLine();
  std::map<std::string, people::User> users;

  // The value of `r`; fails the test with its status when there is none.
  template <typename T>
  T Must(Result<T> r) {
    INFO(r.status().ToString());
    REQUIRE(r.ok());
    return std::move(*r);
  }

  void StandardTree(const TreeOptions& options = {}) { MakeStandardTree(Directory(), options); }
  // Makes the account (password kPassword) and remembers it in `users`.
  people::User AddAccount(const Account& account);
  void AddAccounts(const std::vector<Account>& accounts);
  std::string Id(const std::string& username) const {
    return std::to_string(users.at(username).id);
  }

 protected:
  WorldBase() = default;
  ~WorldBase() = default;
  virtual app::PeopleService& Directory() = 0;
};

// The people use cases alone over a fresh database. The tree and accounts are
// for the test to make.
class PeopleWorld : public WorldBase {
 public:
  PeopleWorld();

  std::unique_ptr<storage::Stores> stores;
  storage::Database* db;
  people::DirectoryStore& store;
  FakeClock clock;
  app::PeopleService people;

  int64_t Count(const std::string& table) { return CountRows(*db, table); }

 protected:
  app::PeopleService& Directory() override { return people; }
};

// A whole site over fresh content. The tree and accounts are for the test to
// make; Start() serves it on a loopback port for the socket helpers.
class TestWorld : public WorldBase {
 public:
  // Over a fresh ":memory:" database, or the database file `db_path`.
  explicit TestWorld(const std::string& content = FixturePath("content-good"),
                     const std::string& db_path = ":memory:");

  TestSite t;
  uint16_t port = 0;
  std::map<std::string, std::string> tokens;  // API token secrets by username

  // Makes the account and an API token named `token_name` for it.
  people::User AddWithToken(const Account& account, const std::string& token_name = "test");
  void AddAllWithTokens(const std::vector<Account>& accounts,
                        const std::string& token_name = "test");
  void Start(size_t max_request_bytes = 64 * 1024) { port = t.StartServer(max_request_bytes); }

  // A browser signed in as `username` (see SignedIn above), on this site or
  // on `site` when given.
  Browser SignedIn(const std::string& username, const std::string& landing = "",
                   http::WebApp* site = nullptr);

  // Over the socket (after Start()), with exactly `headers`.
  ClientResponse Fetch(const std::string& method, const std::string& target,
                       const std::map<std::string, std::string>& headers = {},
                       const std::string& body = "") {
    return HttpFetch(port, method, target, headers, body);
  }
  // Over the socket (after Start()). `who` sends its API token unless it is
  // "anonymous"; `type` is the Content-Type when given.
  ClientResponse Call(const std::string& who, const std::string& method, const std::string& target,
                      const std::string& body = "", const std::string& type = "");
  // The same, with a Content-Type of `type` only when there is a body.
  ClientResponse As(const std::string& who, const std::string& method, const std::string& target,
                    const std::string& body = "", const std::string& type = kJsonType) {
    return Call(who, method, target, body, body.empty() ? "" : type);
  }
  // POST /api/v1/auth/login with `client_cookie` as the Cookie when given.
  ClientResponse Login(const std::string& username, const std::string& password,
                       const std::string& client_cookie = "");
  // Signs in over the API; the headers of that session (JSON type, its cookie
  // and its CSRF token).
  std::map<std::string, std::string> Session(const std::string& username,
                                             const std::string& password = kPassword);

  int64_t Count(const std::string& table) { return CountRows(t.db(), table); }

 protected:
  app::PeopleService& Directory() override { return t.people(); }
};

}  // namespace lophoc::testing
