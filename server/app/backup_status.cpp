#include "server/app/backup_status.h"

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

}  // namespace lophoc::app
