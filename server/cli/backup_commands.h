// What lophoc serve needs for its backups (docs/operations.md, "Backups and
// restores"): the --backup-* options, the daily backup job, and the backup
// status it keeps. lophoc backup and lophoc restore are BackupCommands()
// (cli_support.h).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "kernel/clock.h"
#include "server/app/backup_schedule.h"
#include "server/app/backup_status.h"
#include "server/app/periodic.h"
#include "server/cli/options.h"
#include "server/storage/stores.h"

namespace lophoc::cli {

// How often lophoc serve looks whether the day's backup is due.
inline constexpr std::chrono::minutes kBackupTick{5};

// --backup-dir, --backup-hour, --backup-keep-daily, --backup-keep-monthly.
std::vector<OptionSpec> BackupOptionSpecs();

// The schedule `parsed` asks for (dir empty: no scheduled backups), or
// nullopt after printing "lophoc serve: why" on stderr.
std::optional<app::BackupScheduleOptions> ReadBackupSchedule(const ParsedArgs& parsed);

// lophoc serve's backups: records the backup OpenStores made before
// migrating (if any) in `status`; then, when `options.dir` is set, creates
// that folder and every kBackupTick runs the daily job (BackupSchedule)
// with storage::BackupDatabase on `db`, logging each run on stderr (a failure
// as a level=error line). Stops (and joins) when destroyed. `status` and
// `clock` must outlive it.
class ScheduledBackups {
 public:
  ScheduledBackups(const app::BackupScheduleOptions& options, const std::string& db,
                   const storage::Stores& stores, app::BackupStatus& status, const Clock& clock);
  // False (after printing why) when the backup folder cannot be made.
  bool ok() const { return ok_; }
  void Stop() { periodic_.Stop(); }

 private:
  bool ok_ = true;
  std::optional<app::BackupSchedule> schedule_;  // only the periodic's thread uses it
  app::Periodic periodic_{app::Periodic::AtStop::kJustStop};
};

}  // namespace lophoc::cli
