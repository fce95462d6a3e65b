// SqliteOrgChangeStore: people::OrgChangeStore over SQLite (migration 0017).
// Build it through storage::OpenStores (server/storage/stores.h).
#pragma once

#include "people/org_change_store.h"
#include "server/storage/database.h"

namespace lophoc::storage {

class SqliteOrgChangeStore : public people::OrgChangeStore, private SqliteStore {
 public:
  using SqliteStore::SqliteStore;

  Result<std::vector<people::OrgLevelInfo>> ListOrgLevels() override;
  Result<people::OrgChangeOutcome> Apply(const std::vector<people::OrgChange>& changes,
                                         const people::Scope& scope, const std::string& batch,
                                         bool dry_run, const people::AuditEntry& audit) override;
  Result<std::vector<people::OrgChangeRecord>> List(const people::Scope& scope,
                                                    const std::string& from,
                                                    const std::string& to) override;
};

}  // namespace lophoc::storage
