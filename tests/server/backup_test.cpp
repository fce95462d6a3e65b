// Backups, restores and upgrades of real SQLite files: copies are verified,
// restores refuse what they cannot trust and keep what they replace, and a
// migration that fails leaves the database as it was, next to a copy made
// before it ran.
#include "server/storage/backup.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "kernel/calendar.h"
#include "server/storage/database.h"
#include "server/storage/migrations.h"
#include "tests/support/temp_dir.h"

namespace lophoc::storage {
namespace {

namespace fs = std::filesystem;

int Newest() { return AllMigrations().back().version; }

// Rows in `table` of the database file at `path`, read without changing it.
int64_t Rows(const std::string& path, const std::string& table) {
  auto conn = Connection::Open(path, OpenMode::kReadOnly);
  REQUIRE(conn.ok());
  auto st = (*conn)->Prepare("SELECT count(*) FROM " + table);
  INFO(st.status().ToString());
  REQUIRE(st.ok());
  REQUIRE(*st->Step());
  return st->ColumnInt(0);
}

int VersionOf(const std::string& path) {
  auto conn = Connection::Open(path, OpenMode::kReadOnly);
  REQUIRE(conn.ok());
  auto v = SchemaVersion(**conn);
  REQUIRE(v.ok());
  return *v;
}

// A lophoc database at `path` with the schema up to `version` and two org
// units and three accounts in it.
void MakeDatabase(const std::string& path, int version) {
  auto conn = Connection::Open(path);
  REQUIRE(conn.ok());
  for (const auto& m : AllMigrations()) {
    if (m.version <= version) REQUIRE((*conn)->Exec(m.sql).ok());
  }
  REQUIRE((*conn)->Exec("PRAGMA user_version = " + std::to_string(version)).ok());
  REQUIRE((*conn)
              ->Exec("INSERT INTO org_units (id, code, name, level, path, created_at) VALUES "
                     "(1, 'A', 'Tỉnh A', 'province', '/1/', 't'), "
                     "(2, 'B', 'Tỉnh B', 'province', '/2/', 't');"
                     "INSERT INTO users (id, username, display_name, password_hash, org_unit_id, "
                     "created_at) VALUES (1, 'lan', 'Cô Lan', 'x', 1, 't'), "
                     "(2, 'binh', 'Anh Bình', 'x', 1, 't'), (3, 'hoa', 'Chị Hoa', 'x', 2, 't');")
              .ok());
}

// The files in `dir` whose names start with `prefix`.
std::vector<fs::path> FilesStartingWith(const fs::path& dir, const std::string& prefix) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().filename().string().rfind(prefix, 0) == 0) out.push_back(e.path());
  }
  return out;
}

void WriteFile(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
  REQUIRE(out.good());
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

TEST_CASE("a backup is a verified copy and never overwrites unless told", "[backup]") {
  testing::TempDir dir("lophoc-backup");
  const std::string db = (dir.path / "lophoc.db").string();
  MakeDatabase(db, Newest());
  const std::string dest = (dir.path / "copy.db").string();
  auto copy = BackupDatabase(db, dest);
  INFO(copy.status().ToString());
  REQUIRE(copy.ok());
  CHECK(copy->file == dest);
  CHECK(copy->schema_version == Newest());
  CHECK(copy->bytes == fs::file_size(dest));
  CHECK(Rows(dest, "users") == 3);
  CHECK(VerifyDatabaseFile(dest).value() == Newest());
  // The copy stands alone: rollback-journal mode, no -wal beside it.
  CHECK(ReadFile(dest).substr(18, 2) == std::string("\x01\x01"));
  CHECK_FALSE(fs::exists(dest + "-wal"));

  auto again = BackupDatabase(db, dest);
  CHECK(again.status().code() == StatusCode::kAlreadyExists);
  CHECK(BackupDatabase(db, dest, true).ok());
  // Nothing half-written is left beside it.
  CHECK(FilesStartingWith(dir.path, "copy.db").size() == 1);

  CHECK(BackupDatabase((dir.path / "missing.db").string(), dest + "2").status().code() ==
        StatusCode::kNotFound);
  CHECK_FALSE(fs::exists(dest + "2"));
}

TEST_CASE("restore refuses files it cannot trust and leaves the database alone", "[backup]") {
  testing::TempDir dir("lophoc-restore-refusals");
  const std::string db = (dir.path / "lophoc.db").string();
  MakeDatabase(db, Newest());
  const std::string good = (dir.path / "good.db").string();
  REQUIRE(BackupDatabase(db, good).ok());

  WriteFile(dir.path / "text.db", "Đây không phải cơ sở dữ liệu.\n");
  const std::string whole = ReadFile(good);
  WriteFile(dir.path / "truncated.db", whole.substr(0, whole.size() / 2));
  std::string damaged = whole;
  for (size_t i = 4096; i < damaged.size(); i += 97) damaged[i] = '\x5a';  // past page 1
  WriteFile(dir.path / "damaged.db", damaged);
  const std::string newer = (dir.path / "newer.db").string();
  REQUIRE(BackupDatabase(db, newer).ok());
  {
    auto conn = Connection::Open(newer, OpenMode::kReadWriteExisting);
    REQUIRE(conn.ok());
    REQUIRE((*conn)->Exec("PRAGMA user_version = " + std::to_string(Newest() + 1)).ok());
  }
  const std::string empty = (dir.path / "empty.db").string();
  {
    auto conn = Connection::Open(empty);
    REQUIRE(conn.ok());
    REQUIRE((*conn)->Exec("CREATE TABLE notes (x TEXT)").ok());
  }
  WriteFile(dir.path / "zero.db", "");

  struct Case {
    std::string file;
    StatusCode code;
    std::string says;
  };
  const std::vector<Case> cases = {
      {"text.db", StatusCode::kCorruption, "not a readable SQLite database"},
      {"truncated.db", StatusCode::kCorruption, "truncated.db"},
      {"damaged.db", StatusCode::kCorruption, "damaged.db"},
      {"newer.db", StatusCode::kConflict,
       "schema version " + std::to_string(Newest() + 1) + ", newer than this lophoc knows (" +
           std::to_string(Newest()) + ")"},
      {"empty.db", StatusCode::kInvalidArgument, "not a lophoc one (schema version 0"},
      {"zero.db", StatusCode::kInvalidArgument, "not a lophoc one"},
      {"absent.db", StatusCode::kNotFound, "no database file"},
      {"lophoc.db", StatusCode::kInvalidArgument, "is the database itself"},
  };
  const auto now = *ParseIso8601("2026-11-22T03:15:04Z");
  for (const Case& c : cases) {
    CAPTURE(c.file);
    auto r = RestoreDatabase((dir.path / c.file).string(), db, now);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == c.code);
    CHECK_THAT(r.status().message(), Catch::Contains(c.says));
  }
  CHECK(Rows(db, "users") == 3);
  CHECK(FilesStartingWith(dir.path, "lophoc.db.").empty());
}

TEST_CASE("restore refuses a database another connection has open", "[backup]") {
  testing::TempDir dir("lophoc-restore-busy");
  const std::string db = (dir.path / "lophoc.db").string();
  MakeDatabase(db, Newest());
  const std::string good = (dir.path / "good.db").string();
  REQUIRE(BackupDatabase(db, good).ok());
  const auto now = *ParseIso8601("2026-11-22T03:15:04Z");
  {
    auto serving = Database::Open(db, 2);  // as lophoc serve holds it, idle
    REQUIRE(serving.ok());
    auto r = RestoreDatabase(good, db, now);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == StatusCode::kConflict);
    CHECK_THAT(r.status().message(), Catch::Contains("stop it before restoring"));
  }
  CHECK(FilesStartingWith(dir.path, "lophoc.db.").empty());
  CHECK(RestoreDatabase(good, db, now).ok());
}

TEST_CASE("restore keeps the database it replaces, with what its WAL held", "[backup]") {
  testing::TempDir dir("lophoc-restore");
  const std::string live = (dir.path / "live.db").string();
  MakeDatabase(live, Newest());
  const std::string backup = (dir.path / "backup.db").string();
  REQUIRE(BackupDatabase(live, backup).ok());
  // A server stopped hard: a fourth account written after the backup is
  // still only in the WAL.
  const std::string db = (dir.path / "lophoc.db").string();
  {
    auto serving = Database::Open(live, 1);
    REQUIRE(serving.ok());
    auto conn = (*serving)->Acquire();
    REQUIRE(conn->Exec("PRAGMA wal_autocheckpoint = 0").ok());
    REQUIRE(conn->Exec("INSERT INTO users (id, username, display_name, password_hash, "
                       "org_unit_id, created_at) VALUES (4, 'tu', 'Tú', 'x', 2, 't')")
                .ok());
    fs::copy_file(live, db);
    fs::copy_file(live + "-wal", db + "-wal");
  }
  REQUIRE(fs::file_size(db + "-wal") > 0);
  fs::permissions(db, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);

  auto r = RestoreDatabase(backup, db, *ParseIso8601("2026-11-22T03:15:04Z"));
  INFO(r.status().ToString());
  REQUIRE(r.ok());
  CHECK(r->database == db);
  CHECK(r->set_aside == db + ".before-restore-20261122-101504");
  CHECK(r->schema_version == Newest());
  CHECK(r->bytes == fs::file_size(db));
  // The service's user keeps the access it had.
  CHECK(fs::status(db).permissions() ==
        (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read));
  // No WAL of the old database is left to be replayed into the restored one.
  CHECK_FALSE(fs::exists(db + "-wal"));
  CHECK(Rows(db, "users") == 3);
  CHECK(Rows(r->set_aside, "users") == 4);
  CHECK(VerifyDatabaseFile(r->set_aside).value() == Newest());
  // The restored database opens and serves.
  CHECK(Database::Open(db, 1).ok());

  // The same second again: the kept file is not overwritten.
  auto twice = RestoreDatabase(backup, db, *ParseIso8601("2026-11-22T03:15:04Z"));
  CHECK(twice.status().code() == StatusCode::kAlreadyExists);
}

TEST_CASE("restore into a new place, and of an older schema", "[backup]") {
  testing::TempDir dir("lophoc-restore-older");
  const std::string old_db = (dir.path / "old.db").string();
  MakeDatabase(old_db, Newest() - 1);
  const std::string target = (dir.path / "new").string();
  fs::create_directories(target);
  const std::string db = target + "/lophoc.db";
  auto r = RestoreDatabase(old_db, db, *ParseIso8601("2026-11-22T03:15:04Z"));
  INFO(r.status().ToString());
  REQUIRE(r.ok());
  CHECK(r->set_aside.empty());
  CHECK(r->schema_version == Newest() - 1);
  CHECK(Rows(db, "users") == 3);
}

TEST_CASE("pending migrations run after a verified backup beside the database",
          "[backup][migrations]") {
  testing::TempDir dir("lophoc-upgrade");
  const std::string db = (dir.path / "lophoc.db").string();
  MakeDatabase(db, Newest() - 1);
  auto opened = Database::Open(db, 1);
  INFO(opened.status().ToString());
  REQUIRE(opened.ok());
  const auto& made = (*opened)->migration_backup();
  REQUIRE(made);
  const std::string prefix = "lophoc.db.pre-migration-v" + std::to_string(Newest() - 1) + "-";
  const auto files = FilesStartingWith(dir.path, prefix);
  REQUIRE(files.size() == 1);
  CHECK(made->file == files[0].string());
  CHECK(made->from_version == Newest() - 1);
  CHECK(made->bytes == fs::file_size(files[0]));
  // yyyymmddhhmmss after the prefix.
  CHECK(files[0].filename().string().size() == prefix.size() + 14);
  CHECK(VerifyDatabaseFile(made->file).value() == Newest() - 1);
  CHECK(Rows(made->file, "users") == 3);
  opened->reset();
  CHECK(VersionOf(db) == Newest());

  // Nothing pending: no copy.
  auto again = Database::Open(db, 1);
  REQUIRE(again.ok());
  CHECK_FALSE((*again)->migration_backup());
  CHECK(FilesStartingWith(dir.path, "lophoc.db.pre-migration-").size() == 1);
}

TEST_CASE("a failing migration leaves the database as it was and names the backup to restore",
          "[backup][migrations]") {
  testing::TempDir dir("lophoc-failing-migration");
  const std::string db = (dir.path / "lophoc.db").string();
  MakeDatabase(db, Newest());
  std::vector<Migration> migrations = AllMigrations();
  const int broken = Newest() + 1;
  migrations.push_back({broken, "breaks_on_purpose",
                        "CREATE TABLE new_things (id INTEGER PRIMARY KEY);"
                        "DELETE FROM users WHERE id = 1;"
                        "INSERT INTO no_such_table VALUES (1);"});

  auto opened = Database::Open(db, 1, migrations);
  REQUIRE_FALSE(opened.ok());
  const std::string message = opened.status().message();
  INFO(message);
  const auto files =
      FilesStartingWith(dir.path, "lophoc.db.pre-migration-v" + std::to_string(Newest()) + "-");
  REQUIRE(files.size() == 1);
  const std::string backup = files[0].string();
  CHECK_THAT(message, Catch::Contains("migration " + std::to_string(broken) +
                                      " (breaks_on_purpose) failed"));
  CHECK_THAT(message, Catch::Contains("left at schema version " + std::to_string(Newest())));
  CHECK_THAT(message, Catch::Contains("lophoc restore " + backup + " --db " + db));

  // Rolled back: the old version, every row, no new table.
  CHECK(VersionOf(db) == Newest());
  CHECK(Rows(db, "users") == 3);
  CHECK(Rows(db, "org_units") == 2);
  CHECK(Rows(db, "sqlite_master WHERE name = 'new_things'") == 0);
  // The backup holds the database as it was before migrating.
  CHECK(VerifyDatabaseFile(backup).value() == Newest());
  CHECK(Rows(backup, "users") == 3);
  CHECK(Rows(backup, "org_units") == 2);

  // This binary (without the broken step) still opens it.
  CHECK(Database::Open(db, 1).ok());
}

}  // namespace lophoc::storage
