// SnapshotStore: reports saved as sent (migration 0018, report_snapshots;
// docs/reports.md, "Saved reports"). A snapshot is the report's JSON exactly
// as it was answered, frozen: there is no way to change or delete one.
// Declared by the domain, implemented in server/storage/. Thread-safe; a
// save is one transaction with its audit row.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kernel/calendar.h"
#include "kernel/status.h"
#include "training/certification_store.h"

namespace lophoc::training {

struct ReportSnapshot {
  int64_t id = 0;
  std::string kind = "annual";
  int64_t org_unit_id = 0;
  int year = 0;
  LocalDate as_of;
  std::string title;
  std::string body;  // the report's JSON
  int64_t saved_by = 0;
  std::string saved_at;  // UTC ISO 8601
  // Read with the snapshot, for lists and pages.
  std::string org_code;
  std::string org_name;
  std::string org_path;
  std::string saved_by_name;  // the account's display name
};

struct SnapshotFilter {
  bool everything = false;  // else only units whose path starts with `path`
  std::string path;
  std::optional<int64_t> org_unit_id;
  std::optional<int> year;
  int limit = 200;
};

class SnapshotStore {
 public:
  virtual ~SnapshotStore() = default;

  // Stores `s` (id and saved_at set here, from `by`). NotFound
  // (org_not_found) for an unknown unit.
  virtual Result<ReportSnapshot> SaveSnapshot(const ReportSnapshot& s, const ChangedBy& by) = 0;
  // NotFound (snapshot_not_found).
  virtual Result<ReportSnapshot> FindSnapshot(int64_t id) = 0;
  // Newest first; `body` is left empty (read one with FindSnapshot).
  virtual Result<std::vector<ReportSnapshot>> ListSnapshots(const SnapshotFilter& f) = 0;
};

}  // namespace lophoc::training
