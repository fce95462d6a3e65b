// The server's scheduled backups: one a day into a folder, named
// lophoc-YYYYMMDD-HHMMSS.db (local time), then the folder pruned to the
// newest backup of each of the last N days and of each of the last M months.
// How a backup is written is injected (lophoc serve passes
// storage::BackupDatabase), so this file knows no database.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kernel/calendar.h"
#include "kernel/status.h"
#include "server/app/backup_status.h"

namespace lophoc::app {

// "lophoc-20261122-101504.db" for a backup made at local time 22/11/2026 10:15:04.
std::string BackupFileName(TimePoint at);
// The local time a backup file name holds; nullopt for any other name
// ("lophoc-20261122-101504.db.partial-x1Y2z3", "notes.txt", 30 February).
std::optional<LocalDateTime> ParseBackupFileName(std::string_view name);

// How many backups the folder keeps.
struct RetentionPolicy {
  int keep_daily = 7;     // the newest of each of the last N days (today included)
  int keep_monthly = 12;  // the newest of each of the last M months (this one included)
};

// The names among `names` to delete on `today` under `policy`: every backup
// name except the newest of each day from today - (keep_daily - 1) to today,
// the newest of each month from keep_monthly - 1 months back to this month,
// and any dated after today (a clock set back must not delete them). Names
// that are not backup names are never returned. Pure.
std::vector<std::string> BackupsToDelete(const std::vector<std::string>& names, LocalDate today,
                                         const RetentionPolicy& policy);

struct BackupScheduleOptions {
  std::string dir;  // where backups go; empty: no scheduled backups
  int hour = 2;     // the local hour (0-23) from which the day's backup is made
  RetentionPolicy retention;
};

// Writes a verified backup of the database to `dest` (which must not
// exist); returns its size in bytes.
using BackupWriter = std::function<Result<uint64_t>(const std::string& dest)>;

// What one run of the job did.
struct BackupRun {
  Status status;     // the backup's; pruning failures do not fail it
  std::string file;  // the backup written (when status is ok)
  uint64_t bytes = 0;
  std::vector<std::string> deleted;      // names pruned
  std::vector<std::string> not_deleted;  // "name: why" for files that could not be removed
};

// The daily job. Records every run in `status`. Thread-compatible: one
// thread runs it (lophoc serve's timer).
class BackupSchedule {
 public:
  // Records the newest backup already in options.dir as the last success
  // (so that a restart does not report "never"), and takes its day as the
  // last run when it was made at or after the hour. `status` must outlive it.
  BackupSchedule(BackupScheduleOptions options, BackupWriter writer, BackupStatus* status);

  // Runs the job when it is due at `now` (from the hour on, once a day, like
  // the reminder job): a backup into the folder, then pruning. nullopt when
  // not due. A failed backup is recorded and tried again at the next call.
  std::optional<BackupRun> RunIfDue(TimePoint now);
  // Runs the job at `now` whether due or not.
  BackupRun Run(TimePoint now);

 private:
  BackupScheduleOptions options_;
  BackupWriter writer_;
  BackupStatus* status_;
  std::optional<LocalDate> last_run_;
};

}  // namespace lophoc::app
