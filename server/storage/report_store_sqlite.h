// SQLite implementation of training::ReportStore (schema: migrations 0010,
// 0013, 0014, 0016, 0017, 0018). Each ReadDay is seven queries, whatever the
// number of people; the per-person assembly is a pass over sorted rows.
// ReadDay reads PersonRows::started only when `courses` is not empty: it is
// the dearest read (a scan of completions) and tells not_started from
// in_progress only, which changes no count.
// Thread-safe: every call takes its own pooled connection.
#pragma once

#include "server/storage/database.h"
#include "training/report_store.h"

namespace lophoc::storage {

class SqliteReportStore : public training::ReportStore, private SqliteStore {
 public:
  using SqliteStore::SqliteStore;

  Result<training::DayRows> ReadDay(int64_t programme_id, const std::vector<std::string>& courses,
                                    LocalDate day) override;
  Result<int64_t> ProgrammeId(const std::string& slug) override;
  Result<std::vector<TrainedTarget>> TrainedTargets(int64_t programme_id) override;
  uint64_t DataGeneration() override { return db_->WriteGeneration(); }
};

}  // namespace lophoc::storage
