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

}  // namespace lophoc::app
