// The daily backups of lophoc serve: file names, retention (a pure function
// with hand-written expectations), the once-a-day job over a real folder with
// a fake writer, and the thread-safe status it records.
#include "server/app/backup_schedule.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "tests/support/check_split.h"
#include "tests/support/temp_dir.h"

namespace lophoc::app {
namespace {

namespace fs = std::filesystem;

TimePoint At(int y, int mo, int d, int h, int mi = 0, int s = 0) {
  return ToInstant(LocalDateTime{*MakeDate(y, mo, d), h, mi, s});
}

LocalDate Day(int y, int mo, int d) { return *MakeDate(y, mo, d); }

void WriteFile(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
  REQUIRE(out.good());
}

std::set<std::string> FilesIn(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.insert(e.path().filename().string());
  return names;
}

}  // namespace

TEST_CASE("backup file names carry the local time and read back", "[backup]") {
  // 03:15:04Z is 10:15:04 in Vietnam; 17:30Z is already the next day there.
  CHECK(BackupFileName(*ParseIso8601("2026-11-22T03:15:04Z")) == "lophoc-20261122-101504.db");
  CHECK(BackupFileName(*ParseIso8601("2026-12-31T17:30:00Z")) == "lophoc-20270101-003000.db");
  const auto back = ParseBackupFileName("lophoc-20261122-101504.db");
  REQUIRE(back);
  CHECK(back->date == Day(2026, 11, 22));
  CHECK((back->hour == 10 && back->minute == 15 && back->second == 4));
  CHECK(BackupFileName(ToInstant(*back)) == "lophoc-20261122-101504.db");
  testing::CheckSplit(
      [](const std::string& n) { return ParseBackupFileName(n).has_value(); },
      {"lophoc-20261122-101504.db", "lophoc-20280229-000000.db"},
      {"lophoc-20261122-101504.db.partial-a1B2c3", "lophoc-20261122101504.db",
       "lophoc-20270229-000000.db", "lophoc-20261122-241504.db", "lophoc-2026112x-101504.db",
       "lophoc.db", "notes.txt", "lophoc.db.pre-migration-v15-20261122101504",
       "xlophoc-20261122-101504.db", "lophoc-20261122-101504.db.bak"});
}

TEST_CASE("retention keeps the newest of each recent day and month", "[backup]") {
  const std::vector<std::string> names = {
      "lophoc-20261122-020000.db",  // today, but not today's newest
      "lophoc-20261122-150000.db",  // today's newest
      "lophoc-20261121-020000.db",  // yesterday
      "lophoc-20261116-020000.db",  // 6 days ago: the 7th day
      "lophoc-20261115-020000.db",  // 7 days ago: only November's newest counts
      "lophoc-20261031-020000.db",  // October's newest
      "lophoc-20261030-020000.db",
      "lophoc-20251201-020000.db",  // December 2025: 11 months ago, the 12th month
      "lophoc-20251130-020000.db",  // 12 months ago
      "lophoc-20261123-020000.db",  // after today: a clock set back keeps it
      "notes.txt",
      "lophoc-20261101-020000.db.partial-a1B2c3",
      "lophoc-20260230-020000.db",  // no such day: not a backup name
  };
  CHECK(BackupsToDelete(names, Day(2026, 11, 22), RetentionPolicy{7, 12}) ==
        std::vector<std::string>{"lophoc-20251130-020000.db", "lophoc-20261030-020000.db",
                                 "lophoc-20261115-020000.db", "lophoc-20261122-020000.db"});
  // One day, no months: only today's newest (and the future one) stay.
  CHECK(BackupsToDelete(names, Day(2026, 11, 22), RetentionPolicy{1, 0}) ==
        std::vector<std::string>{"lophoc-20251130-020000.db", "lophoc-20251201-020000.db",
                                 "lophoc-20261030-020000.db", "lophoc-20261031-020000.db",
                                 "lophoc-20261115-020000.db", "lophoc-20261116-020000.db",
                                 "lophoc-20261121-020000.db", "lophoc-20261122-020000.db"});
}

TEST_CASE("retention counts days and months across the turn of the year", "[backup]") {
  const std::vector<std::string> names = {
      "lophoc-20270103-020000.db", "lophoc-20261228-020000.db",  // days 0 and 6
      "lophoc-20261227-020000.db",                               // day 7: December has newer
      "lophoc-20261231-020000.db",                               // day 3
      "lophoc-20261130-020000.db", "lophoc-20261129-020000.db",  // November: 2 months ago
      "lophoc-20261031-020000.db",                               // October: 3 months ago
  };
  CHECK(BackupsToDelete(names, Day(2027, 1, 3), RetentionPolicy{7, 3}) ==
        std::vector<std::string>{"lophoc-20261031-020000.db", "lophoc-20261129-020000.db",
                                 "lophoc-20261227-020000.db"});
  CHECK(BackupsToDelete({}, Day(2027, 1, 3), RetentionPolicy{7, 3}).empty());
}

TEST_CASE("the daily backup runs once a day from its hour and prunes the folder", "[backup]") {
  testing::TempDir dir("lophoc-backup-schedule");
  WriteFile(dir.path / "lophoc-20261119-020000.db", "older");
  WriteFile(dir.path / "lophoc-20261120-013000.db", "before the hour");
  WriteFile(dir.path / "notes.txt", "not a backup");
  BackupStatus status;
  std::vector<std::string> written;
  bool fail = false;
  BackupScheduleOptions options;
  options.dir = dir.path.string();
  options.hour = 2;
  options.retention = RetentionPolicy{2, 0};
  BackupSchedule schedule(
      options,
      [&](const std::string& dest) -> Result<uint64_t> {
        if (fail) return Status::IOError("disk full");
        WriteFile(dest, "backup");
        written.push_back(fs::path(dest).filename().string());
        return uint64_t{6};
      },
      &status);

  // At start, the newest backup in the folder is the last success.
  auto seen = status.Snapshot();
  REQUIRE(seen.last_success);
  CHECK(*seen.last_success == At(2026, 11, 20, 1, 30));
  CHECK(seen.last_file == (dir.path / "lophoc-20261120-013000.db").string());
  CHECK(seen.last_bytes == 15);
  CHECK_FALSE(seen.last_failure);

  // That one was made before the hour, so 20/11 still gets its backup, from 02:00 only.
  CHECK_FALSE(schedule.RunIfDue(At(2026, 11, 20, 1, 55)));
  auto first = schedule.RunIfDue(At(2026, 11, 20, 2, 5));
  REQUIRE(first);
  CHECK(first->status.ok());
  CHECK(first->file == (dir.path / "lophoc-20261120-020500.db").string());
  // Keep two days: 19/11's one stays, 20/11 keeps its newest only.
  CHECK(first->deleted == std::vector<std::string>{"lophoc-20261120-013000.db"});
  CHECK_FALSE(schedule.RunIfDue(At(2026, 11, 20, 23, 50)));
  CHECK(status.Snapshot().last_success == At(2026, 11, 20, 2, 5));

  // A failure is recorded and tried again at the next look.
  fail = true;
  auto failed = schedule.RunIfDue(At(2026, 11, 21, 2, 0));
  REQUIRE(failed);
  CHECK_FALSE(failed->status.ok());
  seen = status.Snapshot();
  CHECK(seen.last_failure == At(2026, 11, 21, 2, 0));
  CHECK(seen.last_error == "disk full");
  CHECK(seen.last_success == At(2026, 11, 20, 2, 5));
  fail = false;
  auto retried = schedule.RunIfDue(At(2026, 11, 21, 2, 5));
  REQUIRE(retried);
  CHECK(retried->status.ok());
  CHECK(retried->deleted == std::vector<std::string>{"lophoc-20261119-020000.db"});
  CHECK(written ==
        std::vector<std::string>{"lophoc-20261120-020500.db", "lophoc-20261121-020500.db"});
  CHECK(FilesIn(dir.path) == std::set<std::string>{"lophoc-20261120-020500.db",
                                                   "lophoc-20261121-020500.db", "notes.txt"});
}

TEST_CASE("a restart on the day of a backup made after the hour does not back up again",
          "[backup]") {
  testing::TempDir dir("lophoc-backup-restart");
  WriteFile(dir.path / "lophoc-20261120-020500.db", "backup");
  BackupStatus status;
  int runs = 0;
  BackupScheduleOptions options;
  options.dir = dir.path.string();
  BackupSchedule schedule(
      options,
      [&](const std::string& dest) -> Result<uint64_t> {
        ++runs;
        WriteFile(dest, "x");
        return uint64_t{1};
      },
      &status);
  CHECK_FALSE(schedule.RunIfDue(At(2026, 11, 20, 10, 0)));
  CHECK(schedule.RunIfDue(At(2026, 11, 21, 2, 0)));
  CHECK(runs == 1);
}

TEST_CASE("the backup status keeps the newest success and is safe across threads", "[backup]") {
  BackupStatus status;
  CHECK_FALSE(status.Snapshot().last_success);
  status.RecordSuccess(At(2026, 11, 21, 2, 0), "b.db", 4);
  status.RecordSuccess(At(2026, 11, 20, 2, 0), "old-a.db", 8);  // older: ignored
  CHECK(status.Snapshot().last_file == "b.db");
  CHECK(status.Snapshot().last_bytes == 4);

  std::atomic<bool> torn{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&status, t] {
      for (int i = 0; i < 2000; ++i) {
        const std::string name = "file-" + std::to_string(t) + "-" + std::to_string(i);
        status.RecordSuccess(At(2026, 12, 1, 2, 0, 0) + std::chrono::seconds(i), name,
                             static_cast<uint64_t>(name.size()));
        status.RecordFailure(At(2026, 12, 1, 2), "error " + name);
      }
    });
  }
  threads.emplace_back([&] {
    for (int i = 0; i < 2000; ++i) {
      auto s = status.Snapshot();
      // File and size are recorded together, so a reader never sees them apart.
      if (s.last_file.size() != s.last_bytes) torn = true;
    }
  });
  for (auto& th : threads) th.join();
  CHECK_FALSE(torn);
  CHECK(status.Snapshot().last_success == At(2026, 12, 1, 2, 0, 0) + std::chrono::seconds(1999));
}

}  // namespace lophoc::app
