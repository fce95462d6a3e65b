// SQLite implementation of training::ExemptionStore (schema: migrations/0014).
// Thread-safe: every call takes its own pooled connection.
#pragma once

#include "server/storage/database.h"
#include "training/exemption_store.h"

namespace lophoc::storage {

class SqliteExemptionStore : public training::ExemptionStore, private SqliteStore {
 public:
  using SqliteStore::SqliteStore;

  Result<training::ExemptionRecord> CreateExemption(const training::ExemptionRecord& e,
                                                    const training::ChangedBy& by) override;
  Result<training::ExemptionRecord> FindExemption(int64_t id) override;
  Result<std::vector<training::ExemptionRecord>> ExemptionsOf(int64_t user_id) override;
  Result<std::vector<training::ExemptionRecord>> ListExemptions(
      const training::ExemptionFilter& f) override;
  Result<training::ExemptionRecord> EndExemption(int64_t id, LocalDate on,
                                                 const training::ChangedBy& by) override;
};

}  // namespace lophoc::storage
