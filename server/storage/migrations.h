// Numbered, forward-only schema migrations (server/storage/migrations/NNNN_*.sql),
// compiled into the binary and applied in order by PRAGMA user_version.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "kernel/status.h"
#include "server/storage/database.h"

namespace lophoc::storage {

struct Migration {
  int version;
  std::string name;
  std::string sql;
};

// All migrations known to this binary, in version order (generated at build time).
const std::vector<Migration>& AllMigrations();

// Applies pending migrations, each in its own transaction together with its
// user_version bump. Refuses (FailedPrecondition-like Conflict) a database
// whose user_version is newer than the newest migration known.
Status ApplyMigrations(Connection& conn);
// The same with `migrations` (in version order) instead of AllMigrations().
Status ApplyMigrations(Connection& conn, const std::vector<Migration>& migrations);

// What Database::Open does to the file at `path` (open as `conn`) before
// serving it: when it holds a lophoc schema (user_version > 0) older than
// the newest of `migrations`, first copies it next to itself as
// `<path>.pre-migration-v<old>-YYYYMMDDHHMMSS` (local time of `now`),
// verified like BackupDatabase, then applies the pending migrations.
// Returns that copy, or nullopt when none was made (nothing pending, a new
// database, ":memory:"). Errors: as ApplyMigrations; a failed copy leaves
// the database unmigrated (IOError); a failed migration is rolled back and
// the IOError names it, the version the database was left at and the copy
// to restore.
Result<std::optional<MigrationBackup>> UpgradeDatabase(Connection& conn, const std::string& path,
                                                       const std::vector<Migration>& migrations,
                                                       std::chrono::system_clock::time_point now);

// The schema version of an open database.
Result<int> SchemaVersion(Connection& conn);

}  // namespace lophoc::storage
