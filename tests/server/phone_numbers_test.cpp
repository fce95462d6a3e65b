// Phone numbers are identities (docs/people.md, "Phone numbers"): one
// spelling stored, one account per number, sign-in with any spelling, and
// migration 0011 over rows stored before (collisions kept, never merged).
#include <cstdio>
#include <filesystem>

#include <nlohmann/json.hpp>

#include <catch2/catch.hpp>

#include "server/app/people_csv.h"
#include "server/storage/database.h"
#include "server/storage/migrations.h"
#include "server/storage/statements.h"
#include "server/storage/stores.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_world.h"

namespace lophoc {
namespace {

using nlohmann::json;
using people::Role;
using testing::kJsonType;
using testing::kPassword;

const std::map<std::string, std::string> kJson = {{"Content-Type", kJsonType}};

// A site with an admin and one staff account whose phone is 0987 654 321.
struct World : testing::TestWorld {
  World() {
    StandardTree();
    AddAllWithTokens({{"admin", {Role::kAdmin}}});
    app::UserPatch p;
    p.phone = std::optional<std::string>("0987 654 321");
    auto binh = AddAccount({"binh", {Role::kLearner}, "A1"});
    Must(t.people().UpdateUser(cli, binh.id, p));
    Start();
  }
  testing::ClientResponse Register(const std::string& username) {
    return Fetch(
        "POST", "/api/v1/register", kJson,
        json{{"display_name", "Bà Lan"}, {"username", username}, {"password", kPassword}}.dump());
  }
  json Error(const testing::ClientResponse& r) { return json::parse(r.body)["error"]; }
};

TEST_CASE("a number registered in one spelling signs in with any other", "[phone][people_api]") {
  World w;
  auto reg = w.Register("0912 345 678");
  REQUIRE(reg.status == 201);
  const json user = json::parse(reg.body)["user"];
  CHECK(user["username"] == "+84912345678");
  CHECK(user["phone"] == "+84912345678");
  for (const char* spelling : {"0912345678", "+84 912 345 678", "84912345678", "0912.345.678"}) {
    CAPTURE(spelling);
    CHECK(w.Login(spelling, kPassword).status == 200);
  }
  CHECK(w.Login("0912345679", kPassword).status == 401);

  // The account whose username is a name signs in with its phone too.
  auto by_phone = w.Login("+84 98 765 4321", kPassword);
  REQUIRE(by_phone.status == 200);
  CHECK(json::parse(by_phone.body)["user"]["username"] == "binh");
}

TEST_CASE("a second account for a number is refused, whatever the spelling",
          "[phone][people_api]") {
  World w;
  REQUIRE(w.Register("+84912000111").status == 201);
  auto again = w.Register("0912 000 111");
  CHECK(again.status == 409);
  CHECK(w.Error(again)["reason"] == "phone_taken");
  CHECK(w.Error(again)["field"] == "username");

  // binh's phone, typed as a new citizen's username.
  auto held = w.Register("0987.654.321");
  CHECK(held.status == 409);
  CHECK(w.Error(held)["reason"] == "phone_taken");
  CHECK(w.Error(held)["field"] == "username");
  CHECK(w.Error(held)["params"]["value"] == "+84987654321");

  // Written like a number but none today: said so, not taken as a name.
  for (const char* no_number : {"0612 345 678", "01234567890"}) {
    CAPTURE(no_number);
    auto refused = w.Register(no_number);
    CHECK(refused.status == 400);
    CHECK(w.Error(refused)["reason"] == "phone_invalid");
    CHECK(w.Error(refused)["field"] == "username");
  }

  auto made = w.As("admin", "POST", "/api/v1/users",
                   json{{"username", "lan.nguyen"},
                        {"display_name", "Lan"},
                        {"phone", "+84 912 000 111"},
                        {"org", "A"}}
                       .dump());
  CHECK(made.status == 409);
  CHECK(w.Error(made)["reason"] == "phone_taken");
  CHECK(w.Error(made)["field"] == "phone");
  CHECK(w.Error(made)["text"] ==
        "Số điện thoại +84912000111 đã được dùng cho một tài khoản khác. Nếu đó là tài khoản "
        "của bạn, hãy đăng nhập bằng số này.");

  const std::string binh = w.Id("binh");
  auto stolen = w.As("admin", "PATCH", "/api/v1/users/" + binh, R"({"phone":"0912000111"})");
  CHECK(stolen.status == 409);
  CHECK(w.Error(stolen)["reason"] == "phone_taken");
  auto respelled = w.As("admin", "PATCH", "/api/v1/users/" + binh, R"({"phone":"84-987-654-321"})");
  REQUIRE(respelled.status == 200);
  CHECK(json::parse(respelled.body)["phone"] == "+84987654321");
  // Staff find an account by its number as the person says it.
  auto found = w.As("admin", "GET", "/api/v1/users?q=0987%20654%20321");
  REQUIRE(found.status == 200);
  const json items = json::parse(found.body)["items"];
  REQUIRE(items.size() == 1);
  CHECK(items[0]["username"] == "binh");
  auto bad = w.As("admin", "PATCH", "/api/v1/users/" + binh, R"({"phone":"0612 345 678"})");
  CHECK(bad.status == 400);
  CHECK(w.Error(bad)["reason"] == "phone_invalid");
}

TEST_CASE("the pages show a number's refusal at the field it was typed in", "[phone][pages]") {
  World w;
  testing::Browser guest(w.t);
  REQUIRE(guest.Get("/register").status == 200);
  auto registered = guest.Post("/register", {{"display_name", "Bà Lan"},
                                             {"username", "0987 654 321"},
                                             {"password", kPassword},
                                             {"confirm_password", kPassword}});
  testing::CheckAnswer(registered, 409,
                       {testing::FieldErrorTag("username") +
                        "Số điện thoại +84987654321 đã được dùng cho một tài khoản khác."});

  testing::Browser admin = w.SignedIn("admin", "/admin/users/new");
  auto created = admin.Post("/admin/users", {{"username", "lan.nguyen"},
                                             {"display_name", "Lan"},
                                             {"phone", "(098) 765-4321"},
                                             {"roles", "learner"},
                                             {"org", "A"},
                                             {"password", ""}});
  testing::CheckAnswer(
      created, 409,
      {testing::FieldErrorTag("phone") + "Số điện thoại +84987654321", "value=\"(098) 765-4321\""});
  CHECK(w.t.people().GetUserByName(w.cli, "lan.nguyen").status().code() == StatusCode::kNotFound);
}

TEST_CASE("a CSV file of accounts: any spelling stored canonical, a number twice refused",
          "[phone][csv]") {
  testing::PeopleWorld w;
  w.StandardTree();
  w.AddAccount({"admin", {Role::kAdmin}});
  app::PeopleCsv csv(&w.people);
  const std::string file =
      "username,display_name,org,phone\n"
      "thu,Thu,A,0912 345 678\n"
      "0913.000.222,Bình,A,\n"
      "hoa,Hoa,A,+84 24 3825 1234\n"
      "lan,Lan,A,84912345678\n"
      "+84913000222,Bình hai,A,\n";
  auto checked = csv.Import(w.cli, file, true);
  REQUIRE(checked.ok());
  REQUIRE(checked->errors.size() == 2);
  CHECK(checked->errors[0].line == 5);
  CHECK(checked->errors[0].column == "phone");
  CHECK(checked->errors[0].why.reason() == "csv_duplicate");
  CHECK(checked->errors[0].why.params().at("first_line") == "2");
  CHECK(checked->errors[1].line == 6);
  CHECK(checked->errors[1].column == "username");
  CHECK(checked->errors[1].why.reason() == "csv_duplicate");
  CHECK(checked->errors[1].why.params().at("first_line") == "3");

  // Without the two repeats the file is written, every number canonical.
  auto done = csv.Import(w.cli,
                         "username,display_name,org,phone\n"
                         "thu,Thu,A,0912 345 678\n"
                         "0913.000.222,Bình,A,\n"
                         "hoa,Hoa,A,+84 24 3825 1234\n",
                         false);
  REQUIRE(done.ok());
  REQUIRE(done->errors.empty());
  CHECK(w.Must(w.people.GetUserByName(w.cli, "thu")).phone ==
        std::optional<std::string>("+84912345678"));
  const people::User binh = w.Must(w.people.GetUserByName(w.cli, "+84913000222"));
  CHECK(binh.phone == std::optional<std::string>("+84913000222"));
  CHECK(w.Must(w.people.GetUserByName(w.cli, "hoa")).phone ==
        std::optional<std::string>("+842438251234"));

  // A number the database holds, in another spelling, is refused too.
  auto held =
      csv.Import(w.cli, "username,display_name,org,phone\nan.nguyen,An,A,0912-345-678\n", true);
  REQUIRE(held.ok());
  REQUIRE(held->errors.size() == 1);
  CHECK(held->errors[0].column == "phone");
  CHECK(held->errors[0].why.reason() == "phone_taken");
  auto old_number = csv.Import(w.cli, "username,display_name,org\n0168 123 4567,Số cũ,A\n", true);
  REQUIRE(old_number.ok());
  REQUIRE(old_number->errors.size() == 1);
  CHECK(old_number->errors[0].column == "username");
  CHECK(old_number->errors[0].why.reason() == "phone_invalid");
}

// A database at version 8 holding `rows` (SQL), then opened by this lophoc.
std::unique_ptr<storage::Stores> MigratedFromVersion8(const std::string& path,
                                                      const std::string& rows) {
  testing::RemoveDatabaseFiles(path);
  {
    auto conn = storage::Connection::Open(path);
    REQUIRE(conn.ok());
    for (const auto& m : storage::AllMigrations()) {
      if (m.version <= 8) REQUIRE((*conn)->Exec(m.sql).ok());
    }
    REQUIRE((*conn)->Exec("PRAGMA user_version = 8").ok());
    REQUIRE((*conn)->Exec(rows).ok());
  }
  auto stores = storage::OpenStores(path, {});
  REQUIRE(stores.ok());
  return std::move(*stores);
}

TEST_CASE("migration 0011 rewrites stored phones and keeps collisions apart",
          "[phone][storage][migrations]") {
  const std::string path =
      (std::filesystem::temp_directory_path() / "lophoc-v8-phones-test.db").string();
  struct Cleanup {
    std::string path;
    ~Cleanup() {
      testing::RemoveDatabaseFiles(path);
    }
  } cleanup{path};
  auto stores = MigratedFromVersion8(
      path,
      "INSERT INTO users (id, username, display_name, phone, password_hash, created_at) VALUES "
      "(1, 'lan', 'Lan', '0912 345 678', 'x', 't'),"
      "(2, 'binh', 'Bình', '+84912345678', 'x', 't'),"
      "(3, 'hoa', 'Hoa', '84-987.654.321', 'x', 't'),"
      "(4, 'thu', 'Thu', '0987654321', 'x', 't'),"
      "(5, 'an', 'An', '024 3825 1234', 'x', 't'),"
      "(6, 'cuc', 'Cúc', '0911111111', 'x', 't'),"
      "(7, 'dao', 'Đào', '0911111111', 'x', 't'),"
      "(8, 'cu', 'Cũ', '0123456789', 'x', 't'),"
      "(9, '0922000333', 'Số', NULL, 'x', 't'),"
      "(10, '+84922000333', 'Số mới', NULL, 'x', 't');");
  {
    auto conn = stores->sqlite()->Acquire();
    auto phones = storage::QueryAll(
        *conn, "SELECT username, phone, coalesce(phone_collides_with, 0) FROM users ORDER BY id",
        [](const storage::Statement& st) {
          return std::make_tuple(st.ColumnText(0), st.ColumnText(1), st.ColumnInt(2));
        });
    REQUIRE(phones.ok());
    using Row = std::tuple<std::string, std::string, int64_t>;
    CHECK(*phones == std::vector<Row>{
                         {"lan", "0912 345 678", 2},  // binh held the number already
                         {"binh", "+84912345678", 0},
                         {"hoa", "+84987654321", 0},
                         {"thu", "0987654321", 3},  // hoa's, once rewritten
                         {"an", "+842438251234", 0},
                         {"cuc", "+84911111111", 0},
                         {"dao", "0911111111", 6},  // the same spelling as cuc's
                         {"cu", "0123456789", 0},   // no number today: as it was
                         {"0922000333", "", 0},
                         {"+84922000333", "", 0},
                     });
    auto actions = storage::QueryAll(
        *conn, "SELECT action, object_key FROM audit_log WHERE actor = 'system' ORDER BY id",
        [](const storage::Statement& st) { return st.ColumnText(0) + " " + st.ColumnText(1); });
    REQUIRE(actions.ok());
    CHECK(*actions ==
          std::vector<std::string>{"user.phone_collision dao", "user.phone_collision lan",
                                   "user.phone_normalize hoa", "user.phone_collision thu",
                                   "user.phone_normalize an", "user.phone_normalize cuc"});
  }

  // The report groups every account that shares a number, usernames included.
  auto claims = stores->people().directory->ListPhoneCollisions();
  REQUIRE(claims.ok());
  std::vector<std::string> report;
  for (const auto& c : *claims) report.push_back(c.number + " " + c.user.username + " " + c.field);
  CHECK(report == std::vector<std::string>{"+84911111111 cuc phone", "+84911111111 dao phone",
                                           "+84912345678 lan phone", "+84912345678 binh phone",
                                           "+84922000333 0922000333 username",
                                           "+84922000333 +84922000333 username",
                                           "+84987654321 hoa phone", "+84987654321 thu phone"});

  // The database itself keeps one account per number from now on.
  auto conn = stores->sqlite()->Acquire();
  auto twin = storage::Execute(*conn, "UPDATE users SET phone = '+84987654321' WHERE id = 5");
  CHECK(twin.code() == StatusCode::kConflict);
  // Correcting a colliding account's phone takes it back under that rule.
  CHECK(storage::Execute(*conn,
                         "UPDATE users SET phone = '+84977000111', phone_collides_with = NULL "
                         "WHERE id = 4")
            .ok());
}

}  // namespace
}  // namespace lophoc
