// BackupStatus: what the server knows of its latest backups, for /readyz and
// the metrics (backup age). Written by the scheduled backup job and by the
// backup made before migrating at start; read by request handlers.
//
// Thread-safe: every member may be called from any thread at any time.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

#include "kernel/status.h"

namespace lophoc::app {

class BackupStatus {
 public:
  using TimePoint = std::chrono::system_clock::time_point;

  struct Snapshot {
    std::optional<TimePoint> last_success;  // nullopt: no backup known
    std::string last_file;                  // of the last success
    uint64_t last_bytes = 0;                // of the last success
    std::optional<TimePoint> last_failure;  // nullopt: none since start
    std::string last_error;                 // of the last failure
  };

  // A backup written at `at` to `file`, `bytes` long. An older `at` than the
  // success already known changes nothing.
  void RecordSuccess(TimePoint at, const std::string& file, uint64_t bytes);
  // A backup that failed at `at`, and why.
  void RecordFailure(TimePoint at, const std::string& message);

  // Everything recorded so far, read at once.
  struct Snapshot Snapshot() const;

 private:
  mutable std::mutex mu_;
  struct Snapshot values_;
};

// /readyz's view of the backups: what it found, or why the server is not
// ready. `enabled`: scheduled backups are configured (otherwise always ready,
// "off"). Not ready when the latest attempt failed, when the last backup is
// older than `max_age`, or when there has been none although the server has
// run for longer than `max_age` (a new install waits for its first hour).
lophoc::Result<std::string> BackupReadiness(const struct BackupStatus::Snapshot& s, bool enabled,
                                            BackupStatus::TimePoint now,
                                            BackupStatus::TimePoint started,
                                            std::chrono::seconds max_age);

}  // namespace lophoc::app
