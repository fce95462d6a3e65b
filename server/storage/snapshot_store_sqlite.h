// SQLite implementation of training::SnapshotStore (schema: migrations/0018).
// Thread-safe: every call takes its own pooled connection.
#pragma once

#include "server/storage/database.h"
#include "training/snapshot_store.h"

namespace lophoc::storage {

class SqliteSnapshotStore : public training::SnapshotStore, private SqliteStore {
 public:
  using SqliteStore::SqliteStore;

  Result<training::ReportSnapshot> SaveSnapshot(const training::ReportSnapshot& s,
                                                const training::ChangedBy& by) override;
  Result<training::ReportSnapshot> FindSnapshot(int64_t id) override;
  Result<std::vector<training::ReportSnapshot>> ListSnapshots(
      const training::SnapshotFilter& f) override;
};

}  // namespace lophoc::storage
