#include "server/storage/migrations.h"

#include "server/storage/phone_migration.h"

namespace lophoc::storage {
namespace {

// The part of a migration that SQL cannot do, run after its SQL in the same
// transaction (so a failure leaves the database at the version before).
Status RunCodeStep(int version, Connection& conn) {
  if (version == 11) return NormalizeStoredPhones(conn);
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

Status ApplyMigrations(Connection& conn) {
  auto current = SchemaVersion(conn);
  if (!current.ok()) return current.status();
  const auto& all = AllMigrations();
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

}  // namespace lophoc::storage
