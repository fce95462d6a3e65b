// The SQL constraints on site types and staff categories against the one
// vocabulary of people/vocabulary.h, and migration 0008 that brought the
// stored staff categories to it.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "people/vocabulary.h"
#include "server/storage/database.h"
#include "server/storage/migrations.h"

namespace lophoc::storage {
namespace {

std::unique_ptr<Connection> Migrated() {
  auto conn = Connection::Open(":memory:");
  REQUIRE(conn.ok());
  REQUIRE(ApplyMigrations(**conn).ok());
  REQUIRE((*conn)->Exec("INSERT INTO org_units (id, code, name, level, path, created_at) "
                        "VALUES (1, 'A', 'Tỉnh A', 'province', '/1/', 't')")
              .ok());
  return std::move(*conn);
}

Status InsertSite(Connection& c, const std::string& code, const std::string& type) {
  auto st = c.Prepare("INSERT INTO sites (code, name, type, org_unit_id, created_at) "
                      "VALUES (?, 'x', ?, 1, 't')");
  if (!st.ok()) return st.status();
  st->Bind(1, code).Bind(2, type);
  return st->Run();
}

Status InsertUser(Connection& c, const std::string& username,
                  const std::optional<std::string>& category) {
  auto st = c.Prepare("INSERT INTO users (username, display_name, password_hash, staff_category, "
                      "created_at) VALUES (?, 'x', 'x', ?, 't')");
  if (!st.ok()) return st.status();
  st->Bind(1, username).Bind(2, category);
  return st->Run();
}

// Not codes of the vocabulary: near misses, former spellings, the other table's codes.
const std::vector<std::string> kNotSiteTypes = {
    "", "library", "Commune_library", "commune-library", "commune_library ", "commune_librarian",
    "post_office"};
const std::vector<std::string> kNotStaffCategories = {
    "", "librarian", "Commune_librarian", "commune-library", "commune_library",
    "commune_librarian ", "post-office", "district-library"};

}  // namespace

TEST_CASE("sites.type accepts exactly the vocabulary's site types", "[storage][vocabulary]") {
  auto c = Migrated();
  int n = 0;
  for (const auto& t : people::SiteTypes()) {
    CAPTURE(t.code);
    CHECK(InsertSite(*c, "S" + std::to_string(n++), t.code).ok());
  }
  for (const auto& bad : kNotSiteTypes) {
    CAPTURE(bad);
    CHECK_FALSE(InsertSite(*c, "S" + std::to_string(n++), bad).ok());
  }
}

TEST_CASE("users.staff_category accepts exactly the vocabulary's codes or NULL",
          "[storage][vocabulary]") {
  auto c = Migrated();
  int n = 0;
  CHECK(InsertUser(*c, "citizen", std::nullopt).ok());
  for (const auto& s : people::StaffCategories()) {
    CAPTURE(s.code);
    CHECK(InsertUser(*c, "u" + std::to_string(n++), std::string(s.code)).ok());
  }
  for (const auto& bad : kNotStaffCategories) {
    CAPTURE(bad);
    CHECK_FALSE(InsertUser(*c, "u" + std::to_string(n++), bad).ok());
    auto st = c->Prepare("UPDATE users SET staff_category = ? WHERE username = 'citizen'");
    REQUIRE(st.ok());
    st->Bind(1, bad);
    CHECK_FALSE(st->Run().ok());
  }
  auto clear = c->Prepare("UPDATE users SET staff_category = NULL WHERE username = 'u0'");
  REQUIRE(clear.ok());
  CHECK(clear->Run().ok());
}

TEST_CASE("migration 8 turns former staff categories into codes and clears the rest",
          "[storage][migrations][vocabulary]") {
  auto conn = Connection::Open(":memory:");
  REQUIRE(conn.ok());
  Connection& c = **conn;
  for (const auto& m : AllMigrations()) {
    if (m.version <= 7) REQUIRE(c.Exec(m.sql).ok());
  }
  REQUIRE(c.Exec("PRAGMA user_version = 7").ok());
  // Every former spelling and every code, as the vocabulary lists them.
  std::vector<std::pair<std::string, std::string>> expected;  // username -> code after
  for (const auto& s : people::StaffCategories()) {
    for (const char* former : s.former_codes) expected.emplace_back(former, s.code);
    expected.emplace_back(s.code, s.code);
  }
  for (const auto& [before, after] : expected) {
    REQUIRE(InsertUser(c, "user-" + before, before).ok());
  }
  REQUIRE(InsertUser(c, "user-own", std::string("thu_thu_rieng")).ok());
  REQUIRE(InsertUser(c, "user-empty", std::string("")).ok());
  REQUIRE(InsertUser(c, "user-none", std::nullopt).ok());

  REQUIRE(ApplyMigrations(c).ok());

  auto category = [&c](const std::string& username) -> std::optional<std::string> {
    auto st = c.Prepare("SELECT staff_category FROM users WHERE username = ?");
    REQUIRE(st.ok());
    st->Bind(1, username);
    REQUIRE(*st->Step());
    if (st->ColumnIsNull(0)) return std::nullopt;
    return st->ColumnText(0);
  };
  for (const auto& [before, after] : expected) {
    CAPTURE(before);
    CHECK(category("user-" + before) == after);
  }
  CHECK(category("user-own") == std::nullopt);
  CHECK(category("user-empty") == std::nullopt);
  CHECK(category("user-none") == std::nullopt);

  // The cleared value is kept in the audit log, once.
  auto st = c.Prepare("SELECT object_key, json_extract(details, '$.former_staff_category') "
                      "FROM audit_log WHERE actor = 'system'");
  REQUIRE(st.ok());
  std::vector<std::pair<std::string, std::string>> audit;
  while (*st->Step()) audit.emplace_back(st->ColumnText(0), st->ColumnText(1));
  CHECK(audit == std::vector<std::pair<std::string, std::string>>{{"user-own", "thu_thu_rieng"}});
}

}  // namespace lophoc::storage
