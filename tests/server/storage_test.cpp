#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <thread>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "server/storage/course_store_sqlite.h"
#include "server/storage/database.h"
#include "server/storage/migrations.h"
#include "server/storage/statements.h"
#include "server/storage/stores.h"
#include "tests/support/temp_dir.h"

namespace lophoc::storage {
namespace {

// A fresh database in memory, migrated, with one connection.
std::unique_ptr<Database> MemoryDatabase() {
  auto db = Database::Open(":memory:", 1);
  REQUIRE(db.ok());
  return std::move(*db);
}

}  // namespace

TEST_CASE("migrations bring a new database to the newest version", "[storage][migrations]") {
  auto db = MemoryDatabase();
  auto conn = db->Acquire();
  auto version = SchemaVersion(*conn);
  REQUIRE(version.ok());
  CHECK(*version == AllMigrations().back().version);
  auto st = conn->Prepare("SELECT count(*) FROM sqlite_master WHERE name IN "
                          "('courses','course_revisions','lessons','package_files','search_index')");
  REQUIRE(st.ok());
  REQUIRE(*st->Step());
  CHECK(st->ColumnInt(0) == 5);
  // Applying again is a no-op.
  CHECK(ApplyMigrations(*conn).ok());
}

TEST_CASE("migration 2 adds the people tables, also to a version-1 database",
          "[storage][migrations]") {
  CHECK(AllMigrations().back().version >= 2);
  const std::string path = (std::filesystem::temp_directory_path() / "lophoc-v1-test.db").string();
  testing::RemoveDatabaseFiles(path);
  {
    auto conn = Connection::Open(path);
    REQUIRE(conn.ok());
    REQUIRE((*conn)->Exec(AllMigrations().at(0).sql).ok());
    REQUIRE((*conn)->Exec("PRAGMA user_version = 1").ok());
  }
  {
    auto db = Database::Open(path, 1);
    REQUIRE(db.ok());
    auto conn = (*db)->Acquire();
    auto st = conn->Prepare(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('org_units', "
        "'sites', 'users', 'user_roles', 'sessions', 'api_tokens', 'audit_log', 'visits')");
    REQUIRE(st.ok());
    REQUIRE(*st->Step());
    CHECK(st->ColumnInt(0) == 8);
    auto version = SchemaVersion(*conn);
    REQUIRE(version.ok());
    CHECK(*version == AllMigrations().back().version);
  }
  testing::RemoveDatabaseFiles(path);
}

TEST_CASE("migration 7 makes bundled courses national and editor courses their maker's",
          "[storage][migrations]") {
  const std::string path = (std::filesystem::temp_directory_path() / "lophoc-v6-test.db").string();
  testing::RemoveDatabaseFiles(path);
  {
    auto conn = Connection::Open(path);
    REQUIRE(conn.ok());
    for (const auto& m : AllMigrations()) {
      if (m.version <= 6) REQUIRE((*conn)->Exec(m.sql).ok());
    }
    REQUIRE((*conn)->Exec("PRAGMA user_version = 6").ok());
    REQUIRE((*conn)->Exec(
        "INSERT INTO org_units (id, code, name, level, path, created_at) VALUES "
        "(1, 'A', 'Tỉnh A', 'province', '/1/', 't');"
        "INSERT INTO users (id, username, display_name, password_hash, org_unit_id, created_at) "
        "VALUES (1, 'co.lan', 'Cô Lan', 'x', 1, 't');"
        "INSERT INTO courses (id, slug, created_at) VALUES (1, 'bundled', 't'), (2, 'mine', 't');"
        "INSERT INTO course_revisions (course_id, number, content_hash, title, summary, audience, "
        "language, completion, source, created_at, created_by) VALUES "
        "(1, 1, 'h1', 'B', 's', 'all', 'vi', 'quiz_only', 'bundled', 't', NULL), "
        "(1, 2, 'h2', 'B', 's', 'all', 'vi', 'quiz_only', 'editor', 't', 'co.lan'), "
        "(2, 1, 'h3', 'M', 's', 'all', 'vi', 'quiz_only', 'editor', 't', 'CO.LAN');").ok());
  }
  {
    auto db = Database::Open(path, 1);
    REQUIRE(db.ok());
    auto conn = (*db)->Acquire();
    auto st = conn->Prepare("SELECT slug, coalesce(owner_org_id, 0) FROM courses ORDER BY slug");
    REQUIRE(st.ok());
    std::vector<std::pair<std::string, int64_t>> owners;
    while (*st->Step()) owners.emplace_back(st->ColumnText(0), st->ColumnInt(1));
    // A bundled course stays national even after a trainer edited it.
    CHECK(owners == std::vector<std::pair<std::string, int64_t>>{{"bundled", 0}, {"mine", 1}});
  }
  testing::RemoveDatabaseFiles(path);
}

TEST_CASE("migrations are numbered from 1 without gaps", "[storage][migrations]") {
  int expected = 1;
  for (const auto& m : AllMigrations()) CHECK(m.version == expected++);
}

TEST_CASE("a database newer than the binary is refused with a clear message",
          "[storage][migrations]") {
  const std::string path = (std::filesystem::temp_directory_path() / "lophoc-newer-test.db").string();
  std::remove(path.c_str());
  {
    auto conn = Connection::Open(path);
    REQUIRE(conn.ok());
    REQUIRE((*conn)->Exec("PRAGMA user_version = 999").ok());
  }
  auto db = Database::Open(path, 1);
  REQUIRE_FALSE(db.ok());
  CHECK(db.status().message().find("schema version 999") != std::string::npos);
  CHECK(db.status().message().find("newer") != std::string::npos);
  testing::RemoveDatabaseFiles(path);
}

TEST_CASE("file databases use WAL and foreign keys", "[storage]") {
  const std::string path = (std::filesystem::temp_directory_path() / "lophoc-wal-test.db").string();
  std::remove(path.c_str());
  {
    auto db = Database::Open(path, 2);
    REQUIRE(db.ok());
    auto conn = (*db)->Acquire();
    auto mode = conn->Prepare("PRAGMA journal_mode");
    REQUIRE(*mode->Step());
    CHECK(mode->ColumnText(0) == "wal");
    auto fk = conn->Prepare("PRAGMA foreign_keys");
    REQUIRE(*fk->Step());
    CHECK(fk->ColumnInt(0) == 1);
    auto bad = conn->Prepare("INSERT INTO lessons (revision_id, position, number, slug, title, markdown) "
                             "VALUES (12345, 1, 1, 'x', 'x', 'x')");
    REQUIRE(bad.ok());
    Status s = bad->Run();
    CHECK(s.code() == StatusCode::kConflict);  // foreign key violation
  }
  testing::RemoveDatabaseFiles(path);
}

TEST_CASE("a transaction that is not committed leaves nothing behind", "[storage]") {
  auto db = MemoryDatabase();
  auto conn = db->Acquire();
  {
    Transaction tx(*conn);
    REQUIRE(tx.status().ok());
    REQUIRE(conn->Exec("INSERT INTO courses (slug, created_at) VALUES ('x', 'now')").ok());
  }
  auto st = conn->Prepare("SELECT count(*) FROM courses");
  REQUIRE(*st->Step());
  CHECK(st->ColumnInt(0) == 0);
}

TEST_CASE("bound parameters carry quotes and Vietnamese text unchanged", "[storage]") {
  auto db = MemoryDatabase();
  auto conn = db->Acquire();
  const std::string evil = "x'); DROP TABLE courses; -- Đăng ký";
  auto ins = conn->Prepare("INSERT INTO courses (slug, created_at) VALUES (?, ?)");
  ins->Bind(1, evil).Bind(2, "t");
  REQUIRE(ins->Run().ok());
  auto st = conn->Prepare("SELECT slug FROM courses");
  REQUIRE(*st->Step());
  CHECK(st->ColumnText(0) == evil);
}

TEST_CASE("kept statements are reset and unbound, and nested use still works",
          "[storage][statements]") {
  auto db = MemoryDatabase();
  auto conn = db->Acquire();
  REQUIRE(conn->Exec("CREATE TABLE t (n INTEGER); INSERT INTO t VALUES (1), (2), (3);").ok());
  const char* sql = "SELECT n FROM t WHERE n >= ? ORDER BY n";
  {
    auto st = conn->Prepare(sql);
    REQUIRE(st.ok());
    st->Bind(1, 2);
    REQUIRE(*st->Step());
    CHECK(st->ColumnInt(0) == 2);
    // Leave it mid-iteration: the next user must start from the beginning.
  }
  {
    auto st = conn->Prepare(sql);
    REQUIRE(st.ok());
    // Not bound this time: the old binding (2) must be gone, NULL matches nothing.
    CHECK_FALSE(*st->Step());
  }
  // Two uses of the same text at once: the inner one gets its own statement.
  auto outer = conn->Prepare(sql);
  REQUIRE(outer.ok());
  outer->Bind(1, 1);
  int rows = 0;
  while (*outer->Step()) {
    auto inner = conn->Prepare(sql);
    REQUIRE(inner.ok());
    inner->Bind(1, outer->ColumnInt(0));
    int inner_rows = 0;
    while (*inner->Step()) ++inner_rows;
    CHECK(inner_rows == 3 - rows);
    ++rows;
  }
  CHECK(rows == 3);
}

TEST_CASE("statement helpers bind in order and tell one row, no row and every row apart",
          "[storage][statements]") {
  auto db = MemoryDatabase();
  auto conn = db->Acquire();
  REQUIRE(conn->Exec("CREATE TABLE t (n INTEGER, s TEXT, b INTEGER, o TEXT)").ok());
  const std::optional<std::string> none;
  REQUIRE(Execute(*conn, "INSERT INTO t VALUES (?, ?, ?, ?)", 1, "một", true, none).ok());
  REQUIRE(Execute(*conn, "INSERT INTO t VALUES (?, ?, ?, ?)", int64_t{2}, std::string("hai"),
                  false, std::optional<std::string>("x"))
              .ok());
  auto text = [](const Statement& st) { return st.ColumnText(0); };

  auto one = QueryOne(*conn, "SELECT s FROM t WHERE n = ? AND b = ?", text, "missing", 1, true);
  REQUIRE(one.ok());
  CHECK(*one == "một");
  auto missing = QueryOne(*conn, "SELECT s FROM t WHERE n = ?", text, "no row 9", 9);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().code() == StatusCode::kNotFound);
  CHECK(missing.status().message() == "no row 9");
  auto optional = QueryOptional(*conn, "SELECT s FROM t WHERE n = ?", text, 9);
  REQUIRE(optional.ok());
  CHECK_FALSE(optional->has_value());
  CHECK(*QueryInt(*conn, "SELECT count(*) FROM t WHERE o IS NULL", "") == 1);
  auto all = QueryAll(*conn, "SELECT s FROM t WHERE n >= ? ORDER BY n DESC", text, 1);
  REQUIRE(all.ok());
  CHECK(*all == std::vector<std::string>{"hai", "một"});
  CHECK(Execute(*conn, "INSERT INTO nowhere VALUES (?)", 1).code() != StatusCode::kOk);
}

TEST_CASE("InTransaction keeps nothing of a body that fails", "[storage][statements]") {
  auto db = MemoryDatabase();
  {
    auto conn = db->Acquire();
    REQUIRE(conn->Exec("CREATE TABLE t (n INTEGER)").ok());
  }
  Status failed = InTransaction(db.get(), [](Connection& c) -> Status {
    LOPHOC_RETURN_IF_ERROR(Execute(c, "INSERT INTO t VALUES (?)", 1));
    return Status::Conflict("changed my mind");
  });
  CHECK(failed.code() == StatusCode::kConflict);
  auto kept = InTransaction(db.get(), [](Connection& c) -> Result<int64_t> {
    LOPHOC_RETURN_IF_ERROR(Execute(c, "INSERT INTO t VALUES (?)", 2));
    return c.LastInsertId();
  });
  REQUIRE(kept.ok());
  auto conn = db->Acquire();
  auto rows = QueryAll(*conn, "SELECT n FROM t", [](const Statement& st) { return st.ColumnInt(0); });
  REQUIRE(rows.ok());
  CHECK(*rows == std::vector<int64_t>{2});
}

TEST_CASE("the content generation another process commits is seen within the recheck time",
          "[storage][stores]") {
  testing::TempDir dir;
  const std::string path = (dir.path / "generation.db").string();
  auto server = OpenStores(path, {2});
  REQUIRE(server.ok());
  auto cli = OpenStores(path, {1});  // as `lophoc import` beside a running server
  REQUIRE(cli.ok());
  auto before = (*server)->courses().ContentGeneration();
  REQUIRE(before.ok());
  REQUIRE((*cli)->sqlite()->Acquire()->Exec(
                  "UPDATE meta SET value = value + 1 WHERE key = 'content_generation'")
              .ok());
  std::this_thread::sleep_for(
      std::chrono::nanoseconds(SqliteCourseStore::kGenerationRecheckNs + 50'000'000));
  auto after = (*server)->courses().ContentGeneration();
  REQUIRE(after.ok());
  CHECK(*after == *before + 1);
}

TEST_CASE("OpenStores picks the engine: SQLite paths, and PostgreSQL refused for now",
          "[storage][stores]") {
  const char* url = GENERATE("postgresql://lophoc@localhost/lophoc", "postgres://db/lophoc");
  CAPTURE(url);
  auto refused = OpenStores(url);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().code() == StatusCode::kUnsupported);

  const std::string path = (std::filesystem::temp_directory_path() / "lophoc-stores-test.db").string();
  testing::RemoveDatabaseFiles(path);
  for (const std::string& name : {path, "sqlite:" + path}) {
    CAPTURE(name);
    auto stores = OpenStores(name, {2});
    REQUIRE(stores.ok());
    REQUIRE((*stores)->sqlite() != nullptr);
    CHECK((*stores)->sqlite()->path() == path);
  }
  testing::RemoveDatabaseFiles(path);
}

TEST_CASE("the stores OpenStores builds share one database", "[storage][stores]") {
  auto opened = OpenStores(":memory:");
  REQUIRE(opened.ok());
  Stores& stores = **opened;
  const people::PeopleStores& p = stores.people();
  REQUIRE(p.directory != nullptr);
  REQUIRE(p.sessions != nullptr);
  REQUIRE(p.kiosks != nullptr);
  REQUIRE(p.audit != nullptr);
  REQUIRE(p.visits != nullptr);
  people::AuditEntry audit;
  audit.at = "2026-11-22T08:00:00Z";
  audit.actor = "cli";
  audit.action = "user.create";
  people::NewUser u;
  u.username = "lan";
  u.fields.display_name = "Lan";
  u.password_hash = "x";
  auto made = p.directory->CreateUser(u, audit);
  REQUIRE(made.ok());
  // A session (a foreign key to the account) and the audit row are seen
  // through the other stores.
  REQUIRE(p.sessions->CreateSession({"h", made->id, "c", "t0", "t0", "t9"}).ok());
  CHECK(p.sessions->FindSession("h")->user_id == made->id);
  auto log = p.audit->ListAudit(10, 0);
  REQUIRE(log.ok());
  CHECK(log->total == 1);
  CHECK(stores.courses().ContentGeneration().ok());
}

}  // namespace lophoc::storage
