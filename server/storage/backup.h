// Backups and restores of a lophoc SQLite database: consistent online
// copies, verified before they are given their name, and restores that keep
// the database they replace. The command line (lophoc backup, lophoc
// restore), the scheduled backups of lophoc serve and the backup made before
// migrating (UpgradeDatabase) all copy through here; nothing else copies a
// database file.
//
// Thread-safety: the functions are thread-safe; each opens its own
// connections. Copies are safe while other connections and processes write
// to the database; a restore is not (it refuses when it can tell).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "kernel/status.h"

namespace lophoc::storage {

class Connection;

// A verified copy of a lophoc database.
struct BackupCopy {
  std::string file;    // where it was written
  uint64_t bytes = 0;  // its size
  int schema_version = 0;
  std::chrono::milliseconds duration{0};
};

// The copy of a database made before migrating it (see UpgradeDatabase in
// server/storage/migrations.h).
struct MigrationBackup {
  std::string file;
  uint64_t bytes = 0;
  int from_version = 0;
  std::chrono::system_clock::time_point at;
};

// What RestoreDatabase did.
struct RestoreReport {
  std::string database;    // the file restored into
  std::string set_aside;   // the database it replaced, kept under this name; "" when none
  int schema_version = 0;  // of the restored copy
  uint64_t bytes = 0;
};

// Checks that the file at `path` is a lophoc database this binary can open:
// a SQLite file whose PRAGMA integrity_check says ok, with a user_version
// from 1 to the newest migration known and the lophoc tables. Returns its
// schema version. Opens the file read-only (its journal mode is untouched).
// Errors: NotFound (no such file), Corruption (not a SQLite database, or
// damaged), InvalidArgument (a SQLite database that is not lophoc's),
// Conflict (a schema newer than this binary; the message names both).
Result<int> VerifyDatabaseFile(const std::string& path);

// Copies the lophoc database at `db_path` to `dest`, consistently, while
// servers may be writing to it: written to a temporary file next to `dest`,
// fsynced, verified (VerifyDatabaseFile, and the same schema version as the
// source), then given the name `dest` atomically. An existing `dest` is
// refused (AlreadyExists) unless `overwrite`. Nothing is left behind on
// failure. Errors: NotFound (no database at `db_path`), InvalidArgument and
// Conflict as VerifyDatabaseFile says of the source, IOError, Corruption
// (the copy failed verification).
Result<BackupCopy> BackupDatabase(const std::string& db_path, const std::string& dest,
                                  bool overwrite = false);

// The same from an open connection (the backup before migrating, made on the
// connection that will migrate). `expected_version` is the schema version
// the copy must have.
Result<BackupCopy> BackupFromConnection(Connection& source, const std::string& dest, bool overwrite,
                                        int expected_version);

// Replaces the database at `db_path` with a copy of the backup `src`:
// refuses a `src` that VerifyDatabaseFile refuses (an older schema is
// accepted: migrations run at the next start); refuses (Conflict) while
// another connection or process has `db_path` open, as far as an exclusive
// lock can tell; keeps the current database (after a WAL checkpoint, with
// any -wal and -shm files) as `<db_path>.before-restore-YYYYMMDD-HHMMSS`
// (local time of `now`); writes the copy next to `db_path`, verifies it and
// renames it into place, then verifies the result. A failure before the
// rename leaves the current database where it was.
Result<RestoreReport> RestoreDatabase(const std::string& src, const std::string& db_path,
                                      std::chrono::system_clock::time_point now);

// "20261122-101504" (with_dash) or "20261122101504": the local (Vietnam)
// time of `t`, for backup file names.
std::string BackupStamp(std::chrono::system_clock::time_point t, bool with_dash);

}  // namespace lophoc::storage
