#include "server/storage/migrations.h"

#include "server/storage/backup.h"
#include "server/storage/org_history_migration.h"
#include "server/storage/phone_migration.h"

namespace lophoc::storage {
namespace {

// The part of a migration that SQL cannot do, run after its SQL in the same
// transaction (so a failure leaves the database at the version before).
Status RunCodeStep(int version, Connection& conn) {
  if (version == 11) return NormalizeStoredPhones(conn);
  if (version == 17) return OrgLevelsAsData(conn);
  return Status::Ok();
}

}  // namespace

Result<int> SchemaVersion(Connection& conn) {
  auto stmt = conn.Prepare("PRAGMA user_version");
  if (!stmt.ok()) return stmt.status();
  auto row = stmt->Step();
  if (!row.ok()) return row.status();
  return static_cast<int>(stmt->ColumnInt(0));
}

Status ApplyMigrations(Connection& conn) { return ApplyMigrations(conn, AllMigrations()); }

Status ApplyMigrations(Connection& conn, const std::vector<Migration>& all) {
  auto current = SchemaVersion(conn);
  if (!current.ok()) return current.status();
  const int newest = all.empty() ? 0 : all.back().version;
  if (*current > newest) {
    return Status::Conflict("the database has schema version " + std::to_string(*current) +
                            ", newer than this lophoc knows (" + std::to_string(newest) +
                            "): run a newer lophoc, or restore a backup made by this version");
  }
  for (const auto& m : all) {
    if (m.version <= *current) continue;
    Transaction tx(conn);
    if (!tx.status().ok()) return tx.status();
    Status s = conn.Exec(m.sql);
    if (s.ok()) s = RunCodeStep(m.version, conn);
    if (s.ok()) s = conn.Exec("PRAGMA user_version = " + std::to_string(m.version));
    if (s.ok()) s = tx.Commit();
    if (!s.ok()) {
      return Status::IOError("migration " + std::to_string(m.version) + " (" + m.name +
                             ") failed: " + s.message());
    }
  }
  return Status::Ok();
}

Result<std::optional<MigrationBackup>> UpgradeDatabase(Connection& conn, const std::string& path,
                                                       const std::vector<Migration>& migrations,
                                                       std::chrono::system_clock::time_point now) {
  LOPHOC_ASSIGN_OR_RETURN(const int old_version, SchemaVersion(conn));
  const int newest = migrations.empty() ? 0 : migrations.back().version;
  std::optional<MigrationBackup> backup;
  if (path != ":memory:" && old_version > 0 && old_version < newest) {
    const std::string file =
        path + ".pre-migration-v" + std::to_string(old_version) + "-" + BackupStamp(now, false);
    auto copy = BackupFromConnection(conn, file, false, old_version);
    if (!copy.ok()) {
      return Status::IOError("the database was not migrated: the backup before migrating (to " +
                             file + ") failed: " + copy.status().message());
    }
    backup = MigrationBackup{copy->file, copy->bytes, old_version, now};
  }
  Status s = ApplyMigrations(conn, migrations);
  if (!s.ok() && backup) {
    auto left_at = SchemaVersion(conn);
    return Status::IOError(s.message() + "; the database was left at schema version " +
                           (left_at.ok() ? std::to_string(*left_at) : "unknown") +
                           ". The copy made before migrating is " + backup->file +
                           ": to go back to it, stop lophoc and run: lophoc restore " +
                           backup->file + " --db " + path);
  }
  if (!s.ok()) return s;
  return backup;
}

}  // namespace lophoc::storage
