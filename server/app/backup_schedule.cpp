#include "server/app/backup_schedule.h"

#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <system_error>

#include "server/app/reminder_service.h"  // DailyRunDue

namespace lophoc::app {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kPrefix = "lophoc-";
constexpr std::string_view kSuffix = ".db";

// The number in `text` when it is all digits.
std::optional<int> Digits(std::string_view text) {
  int v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

int MonthIndex(LocalDate d) { return d.year * 12 + (d.month - 1); }

// The backup names in `dir`, in no order; an unreadable folder has none.
std::vector<std::string> BackupNamesIn(const std::string& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (it->is_regular_file(ec) && ParseBackupFileName(name)) names.push_back(name);
  }
  return names;
}

}  // namespace

std::string BackupFileName(TimePoint at) {
  const LocalDateTime l = ToLocal(at);
  char buf[40];
  std::snprintf(buf, sizeof buf, "lophoc-%04d%02d%02d-%02d%02d%02d.db", l.date.year, l.date.month,
                l.date.day, l.hour, l.minute, l.second);
  return buf;
}

std::optional<LocalDateTime> ParseBackupFileName(std::string_view name) {
  // lophoc-YYYYMMDD-HHMMSS.db
  if (name.size() != kPrefix.size() + 15 + kSuffix.size()) return std::nullopt;
  if (name.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  if (name.substr(name.size() - kSuffix.size()) != kSuffix) return std::nullopt;
  const std::string_view stamp = name.substr(kPrefix.size(), 15);
  if (stamp[8] != '-') return std::nullopt;
  const auto year = Digits(stamp.substr(0, 4));
  const auto month = Digits(stamp.substr(4, 2));
  const auto day = Digits(stamp.substr(6, 2));
  const auto hour = Digits(stamp.substr(9, 2));
  const auto minute = Digits(stamp.substr(11, 2));
  const auto second = Digits(stamp.substr(13, 2));
  if (!year || !month || !day || !hour || !minute || !second) return std::nullopt;
  const auto date = MakeDate(*year, *month, *day);
  if (!date || *hour > 23 || *minute > 59 || *second > 59) return std::nullopt;
  return LocalDateTime{*date, *hour, *minute, *second};
}

std::vector<std::string> BackupsToDelete(const std::vector<std::string>& names, LocalDate today,
                                         const RetentionPolicy& policy) {
  // The names are fixed-width, so the newest of a group is the greatest name.
  std::map<int, std::string> newest_of_day;    // by days before today
  std::map<int, std::string> newest_of_month;  // by months before this one
  std::set<std::string> backups;
  std::set<std::string> keep;
  for (const std::string& name : names) {
    const auto at = ParseBackupFileName(name);
    if (!at) continue;
    backups.insert(name);
    if (at->date > today) {
      keep.insert(name);
      continue;
    }
    const int days_ago = DaysBetween(at->date, today);
    if (days_ago < policy.keep_daily) {
      std::string& best = newest_of_day[days_ago];
      if (name > best) best = name;
    }
    const int months_ago = MonthIndex(today) - MonthIndex(at->date);
    if (months_ago < policy.keep_monthly) {
      std::string& best = newest_of_month[months_ago];
      if (name > best) best = name;
    }
  }
  for (const auto& [days_ago, name] : newest_of_day) keep.insert(name);
  for (const auto& [months_ago, name] : newest_of_month) keep.insert(name);
  std::vector<std::string> out;
  for (const std::string& name : backups) {
    if (keep.count(name) == 0) out.push_back(name);
  }
  return out;
}

BackupSchedule::BackupSchedule(BackupScheduleOptions options, BackupWriter writer,
                               BackupStatus* status)
    : options_(std::move(options)), writer_(std::move(writer)), status_(status) {
  std::string newest;
  for (const std::string& name : BackupNamesIn(options_.dir)) {
    if (name > newest) newest = name;
  }
  if (newest.empty()) return;
  const LocalDateTime at = *ParseBackupFileName(newest);
  const std::string file = (fs::path(options_.dir) / newest).string();
  std::error_code ec;
  const auto bytes = fs::file_size(file, ec);
  status_->RecordSuccess(ToInstant(at), file, ec ? 0 : bytes);
  if (at.hour >= options_.hour) last_run_ = at.date;
}

std::optional<BackupRun> BackupSchedule::RunIfDue(TimePoint now) {
  if (!DailyRunDue(ToLocal(now), options_.hour, last_run_)) return std::nullopt;
  return Run(now);
}

BackupRun BackupSchedule::Run(TimePoint now) {
  BackupRun run;
  const std::string file = (fs::path(options_.dir) / BackupFileName(now)).string();
  auto written = writer_(file);
  if (!written.ok()) {
    run.status = written.status();
    status_->RecordFailure(now, written.status().message());
    return run;
  }
  run.file = file;
  run.bytes = *written;
  status_->RecordSuccess(now, file, run.bytes);
  last_run_ = LocalDateOf(now);
  for (const std::string& name :
       BackupsToDelete(BackupNamesIn(options_.dir), LocalDateOf(now), options_.retention)) {
    std::error_code ec;
    if (fs::remove(fs::path(options_.dir) / name, ec)) {
      run.deleted.push_back(name);
    } else if (ec) {
      run.not_deleted.push_back(name + ": " + ec.message());
    }
  }
  return run;
}

}  // namespace lophoc::app
