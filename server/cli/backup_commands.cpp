// lophoc backup and lophoc restore, and the daily backups of lophoc serve
// (docs/operations.md, "Backups and restores").
#include "server/cli/backup_commands.h"

#include <cstdio>
#include <filesystem>
#include <iostream>

#include "server/app/log.h"
#include "server/cli/cli_support.h"
#include "server/storage/backup.h"
#include "server/storage/migrations.h"

namespace lophoc::cli {
namespace {

namespace fs = std::filesystem;

// The database file --db names ("sqlite:PATH" is PATH).
std::string DatabaseFile(const std::string& db) {
  return db.rfind("sqlite:", 0) == 0 ? db.substr(7) : db;
}

std::string Mebibytes(uint64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  return buf;
}

// The body of lophoc backup, after the preamble.
int Backup(const ParsedArgs& parsed) {
  SystemClock clock;
  std::string dest = parsed.positional[0];
  std::error_code ec;
  if (fs::is_directory(dest, ec))
    dest = (fs::path(dest) / app::BackupFileName(clock.Now())).string();
  auto copy = storage::BackupDatabase(DatabaseFile(parsed.Get("db")), dest, parsed.Flag("force"));
  if (!copy.ok()) {
    Fail("backup", copy.status());
    if (copy.status().code() == StatusCode::kAlreadyExists) {
      std::cerr << "(pass --force to replace it, or give a folder to get a new dated name)\n";
    }
    return 1;
  }
  std::cout << "backup written: " << copy->file << "\n"
            << "  " << copy->bytes << " bytes (" << Mebibytes(copy->bytes) << "), schema version "
            << copy->schema_version << ", integrity ok, in " << copy->duration.count() << " ms\n";
  return 0;
}

// Whether the person at the terminal types "yes".
bool Confirmed(const std::string& question) {
  std::cerr << question << " Type yes to go on: " << std::flush;
  std::string line;
  std::getline(std::cin, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line == "yes";
}

// The body of lophoc restore, after the preamble.
int Restore(const ParsedArgs& parsed) {
  const std::string src = parsed.positional[0];
  const std::string db = DatabaseFile(parsed.Get("db"));
  auto version = storage::VerifyDatabaseFile(src);
  if (!version.ok()) return Fail("restore", version.status());
  std::error_code ec;
  const bool replacing = fs::exists(db, ec);
  if (!parsed.Flag("yes") &&
      !Confirmed(
          "This replaces " + db + " with " + src + " (schema version " + std::to_string(*version) +
          ")" + (replacing ? "; the current database is kept as " + db + ".before-restore-…" : "") +
          ". Stop lophoc serve first.")) {
    std::cerr << "lophoc restore: nothing done\n";
    return 1;
  }
  SystemClock clock;
  auto restored = storage::RestoreDatabase(src, db, clock.Now());
  if (!restored.ok()) return Fail("restore", restored.status());
  std::cout << "restored " << src << " into " << restored->database << " (" << restored->bytes
            << " bytes, schema version " << restored->schema_version << ", integrity ok)\n";
  if (!restored->set_aside.empty()) {
    std::cout << "the previous database is kept as " << restored->set_aside << "\n";
  }
  const int newest = storage::AllMigrations().back().version;
  if (restored->schema_version < newest) {
    std::cout << "schema version " << restored->schema_version << " is older than this lophoc's ("
              << newest << "): the next start backs it up and migrates it\n";
  }
  return 0;
}

void LogRun(const app::BackupRun& run) {
  if (!run.status.ok()) {
    app::Log(app::LogLevel::kError, "backup failed", {{"error", run.status.message()}});
    return;
  }
  app::Log(app::LogLevel::kInfo, "backup written",
           {{"file", run.file}, {"bytes", run.bytes}, {"pruned", run.deleted.size()}});
  for (const std::string& why : run.not_deleted) {
    app::Log(app::LogLevel::kWarn, "old backup not pruned", {{"error", why}});
  }
}

}  // namespace

std::vector<OptionSpec> BackupOptionSpecs() {
  return {
      {"backup-dir", "LOPHOC_BACKUP_DIR", "",
       "folder for the daily backups lophoc-YYYYMMDD-HHMMSS.db (empty: no scheduled backups)"},
      {"backup-hour", "LOPHOC_BACKUP_HOUR", "2",
       "local hour (0-23) from which the daily backup is made"},
      {"backup-keep-daily", "LOPHOC_BACKUP_KEEP_DAILY", "7",
       "keep the newest backup of each of the last N days (1-3650)"},
      {"backup-keep-monthly", "LOPHOC_BACKUP_KEEP_MONTHLY", "12",
       "keep the newest backup of each of the last M months (0-1200)"},
  };
}

std::optional<app::BackupScheduleOptions> ReadBackupSchedule(const ParsedArgs& parsed) {
  const auto hour = ParseNumber(parsed.Get("backup-hour"), 0, 23);
  if (!hour) PrintBadValue("serve", parsed, "backup-hour", "an hour 0-23");
  const auto daily = ParseNumber(parsed.Get("backup-keep-daily"), 1, 3650);
  if (!daily) PrintBadValue("serve", parsed, "backup-keep-daily", "a number of days 1-3650");
  const auto monthly = ParseNumber(parsed.Get("backup-keep-monthly"), 0, 1200);
  if (!monthly) PrintBadValue("serve", parsed, "backup-keep-monthly", "a number of months 0-1200");
  if (!hour || !daily || !monthly) return std::nullopt;
  app::BackupScheduleOptions out;
  out.dir = parsed.Get("backup-dir");
  out.hour = static_cast<int>(*hour);
  out.retention.keep_daily = static_cast<int>(*daily);
  out.retention.keep_monthly = static_cast<int>(*monthly);
  if (!out.dir.empty() && DatabaseFile(parsed.Get("db")) == ":memory:") {
    PrintBadValue("serve", parsed, "backup-dir", "empty when the database is :memory:");
    return std::nullopt;
  }
  return out;
}

ScheduledBackups::ScheduledBackups(const app::BackupScheduleOptions& options, const std::string& db,
                                   const storage::Stores& stores, app::BackupStatus& status,
                                   const Clock& clock) {
  if (const auto made = stores.migration_backup()) {
    status.RecordSuccess(made->at, made->file, made->bytes);
    app::Log(app::LogLevel::kInfo, "backup before migrating",
             {{"file", made->file}, {"bytes", made->bytes}, {"from_version", made->from_version}});
  }
  if (options.dir.empty()) return;
  std::error_code ec;
  fs::create_directories(options.dir, ec);
  if (ec || !fs::is_directory(options.dir)) {
    app::Log(app::LogLevel::kError, "cannot make the backup folder",
             {{"backup_dir", options.dir}, {"error", ec ? ec.message() : "not a folder"}});
    ok_ = false;
    return;
  }
  const std::string file = DatabaseFile(db);
  schedule_.emplace(
      options,
      [file](const std::string& dest) -> Result<uint64_t> {
        auto copy = storage::BackupDatabase(file, dest);
        if (!copy.ok()) return copy.status();
        return copy->bytes;
      },
      &status);
  periodic_.Start(kBackupTick, [this, &clock] {
    if (auto run = schedule_->RunIfDue(clock.Now())) LogRun(*run);
  });
}

std::vector<CommandSpec> BackupCommands() {
  return {
      {
          "backup",
          "Usage: lophoc backup DEST [--db FILE] [--force]\n",
          "Copies the database consistently, also while lophoc serve writes to it, to the\n"
          "file DEST, or into the folder DEST as lophoc-YYYYMMDD-HHMMSS.db. The copy is\n"
          "written beside DEST, flushed to disk and verified (integrity check, schema\n"
          "version, lophoc tables) before it gets its name. An existing DEST is kept unless\n"
          "--force. Prints the file, its size and how long it took.\n",
          {
              DbOption(),
              {"force", "", "", "replace an existing DEST", true},
          },
          Positional(1),
          Backup,
      },
      {
          "restore",
          "Usage: lophoc restore SRC [--db FILE] [--yes]\n",
          "Replaces the database with the backup SRC. Stop lophoc serve first: a database\n"
          "another process has open is refused. SRC must be a sound lophoc database (an\n"
          "older schema is migrated at the next start, after a backup; a newer one is\n"
          "refused). The current database is kept as FILE.before-restore-YYYYMMDD-HHMMSS.\n"
          "Asks for confirmation unless --yes.\n",
          {
              DbOption(),
              {"yes", "", "", "do not ask for confirmation", true},
          },
          Positional(1),
          Restore,
      },
  };
}

}  // namespace lophoc::cli
