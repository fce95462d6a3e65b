#include "server/storage/org_history_migration.h"

#include <string>

#include "server/storage/statements.h"

namespace lophoc::storage {
namespace {

constexpr const char* kOldLevel =
    "level      TEXT NOT NULL CHECK (level IN ('nation', 'province', 'district', 'commune')),";
constexpr const char* kNewLevel = "level      TEXT NOT NULL REFERENCES org_levels(code),";

}  // namespace

Status OrgLevelsAsData(Connection& conn) {
  auto read =
      conn.Prepare("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'org_units'");
  if (!read.ok()) return read.status();
  auto row = read->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::Corruption("org_units is missing");
  std::string sql = read->ColumnText(0);
  const auto at = sql.find(kOldLevel);
  if (at == std::string::npos) {
    return Status::Corruption("org_units is not declared as migration 0002 wrote it: not changed");
  }
  sql.replace(at, std::string(kOldLevel).size(), kNewLevel);

  auto version = conn.Prepare("PRAGMA schema_version");
  if (!version.ok()) return version.status();
  auto vrow = version->Step();
  if (!vrow.ok()) return vrow.status();
  const int64_t schema_version = version->ColumnInt(0);

  LOPHOC_RETURN_IF_ERROR(conn.Exec("PRAGMA writable_schema = ON"));
  Status s = Execute(
      conn, "UPDATE sqlite_schema SET sql = ? WHERE type = 'table' AND name = 'org_units'", sql);
  // A new schema version makes every connection read the declaration again.
  if (s.ok()) s = conn.Exec("PRAGMA schema_version = " + std::to_string(schema_version + 1));
  Status off = conn.Exec("PRAGMA writable_schema = OFF");
  if (!s.ok()) return s;
  return off;
}

}  // namespace lophoc::storage
