// SQLite implementation of training::TargetStore (schema: migrations/0018).
// Thread-safe: every call takes its own pooled connection.
#pragma once

#include "server/storage/database.h"
#include "training/target_store.h"

namespace lophoc::storage {

class SqliteTargetStore : public training::TargetStore, private SqliteStore {
 public:
  using SqliteStore::SqliteStore;

  Result<std::vector<training::Target>> CreateTargets(const std::vector<training::Target>& targets,
                                                      const training::ChangedBy& by) override;
  Result<training::Target> FindTarget(int64_t id) override;
  Result<std::vector<training::Target>> ListTargets(const training::TargetFilter& f) override;
  Result<training::Target> RetireTarget(int64_t id, const training::ChangedBy& by) override;
};

}  // namespace lophoc::storage
