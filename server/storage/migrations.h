// Numbered, forward-only schema migrations (server/storage/migrations/NNNN_*.sql),
// compiled into the binary and applied in order by PRAGMA user_version.
#pragma once

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

// The schema version of an open database.
Result<int> SchemaVersion(Connection& conn);

}  // namespace lophoc::storage
