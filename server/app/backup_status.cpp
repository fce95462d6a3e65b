#include "server/app/backup_status.h"

#include "kernel/calendar.h"

namespace lophoc::app {

void BackupStatus::RecordSuccess(TimePoint at, const std::string& file, uint64_t bytes) {
  std::lock_guard<std::mutex> lock(mu_);
  // The newest backup file found at start must not replace one made since.
  if (values_.last_success && *values_.last_success > at) return;
  values_.last_success = at;
  values_.last_file = file;
  values_.last_bytes = bytes;
}

void BackupStatus::RecordFailure(TimePoint at, const std::string& message) {
  std::lock_guard<std::mutex> lock(mu_);
  values_.last_failure = at;
  values_.last_error = message;
}

struct BackupStatus::Snapshot BackupStatus::Snapshot() const {
  std::lock_guard<std::mutex> lock(mu_);
  return values_;
}

namespace {

std::string Hours(std::chrono::seconds d) {
  return std::to_string(std::chrono::duration_cast<std::chrono::hours>(d).count()) + " h";
}

}  // namespace

lophoc::Result<std::string> BackupReadiness(const struct BackupStatus::Snapshot& s, bool enabled,
                                            BackupStatus::TimePoint now,
                                            BackupStatus::TimePoint started,
                                            std::chrono::seconds max_age) {
  if (!enabled) return std::string("off (no backup-dir)");
  if (s.last_failure && (!s.last_success || *s.last_failure > *s.last_success)) {
    return Status::IOError("the last backup failed at " + FormatIso8601(*s.last_failure) + ": " +
                           s.last_error);
  }
  if (!s.last_success) {
    if (now - started <= max_age) return std::string("none yet");
    return Status::IOError("no backup since the start, " + Hours(max_age) + " ago");
  }
  const auto age = std::chrono::duration_cast<std::chrono::seconds>(now - *s.last_success);
  if (age > max_age) {
    return Status::IOError("the last backup (" + FormatIso8601(*s.last_success) + ") is older than " +
                           Hours(max_age));
  }
  return "last " + FormatIso8601(*s.last_success) + ", " + std::to_string(s.last_bytes) + " bytes";
}

}  // namespace lophoc::app
