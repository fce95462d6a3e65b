#include "server/cli/serve_metrics.h"

#include <cmath>

#include "server/storage/database.h"

namespace lophoc::cli {
namespace {

// A count for a metric; NaN when the database cannot say.
double Value(const Result<int64_t>& n) { return n.ok() ? static_cast<double>(*n) : std::nan(""); }

}  // namespace

void AddStoreMetrics(app::Metrics& metrics, storage::Stores& stores, const Clock& clock) {
  people::SessionStore* sessions = stores.people().sessions;
  metrics.AddGauge("lophoc_sessions_active", "Browser sessions that have not expired",
                   [sessions, &clock] {
                     return Value(sessions->CountActiveSessions(FormatIso8601(clock.Now())));
                   });
  courses::LearningStore* learning = &stores.learning();
  metrics.AddCounter("lophoc_enrolments_total",
                     "Enrolments ever made, withdrawn ones too (rows in the database)", {},
                     [learning] { return Value(learning->CountEnrolments()); });
  assessments::AttemptStore* attempts = &stores.attempts();
  metrics.AddCounter("lophoc_quiz_attempts_total",
                     "Quiz attempts submitted or expired (rows in the database)", {},
                     [attempts] { return Value(attempts->CountSubmittedAttempts()); });
  training::CertificationStore* certifications = &stores.certifications();
  metrics.AddCounter("lophoc_certifications_total",
                     "Certifications ever recorded, revoked ones too (rows in the database)", {},
                     [certifications] { return Value(certifications->CountCertifications()); });
  metrics.AddCounter("lophoc_db_busy_waits_total",
                     "Database statements that found the database locked and waited", {},
                     [] { return static_cast<double>(storage::BusyStats().waits); });
  metrics.AddCounter("lophoc_db_busy_retries_total",
                     "Retries of statements waiting for a locked database", {},
                     [] { return static_cast<double>(storage::BusyStats().retries); });
  metrics.AddCounter("lophoc_db_busy_failures_total",
                     "Database statements that failed busy or locked (after waiting up to 5 s)", {},
                     [] { return static_cast<double>(storage::BusyStats().failures); });
}

void AddServerMetrics(app::Metrics& metrics, const http::HttpServer& server) {
  const char* kDepth = "lophoc_http_queue_depth";
  const char* kDepthHelp = "Requests waiting for a worker thread, by pool";
  const char* kRefused = "lophoc_http_queue_refusals_total";
  const char* kRefusedHelp = "Requests answered 503 because their pool's queue was full";
  for (const auto& [name, lane] :
       {std::pair{"write", http::Lane::kWrite}, std::pair{"hash", http::Lane::kHash}}) {
    const http::Lane l = lane;
    metrics.AddGauge(kDepth, kDepthHelp, {{"pool", name}},
                     [&server, l] { return static_cast<double>(server.Stats(l).queued); });
  }
  for (const auto& [name, lane] :
       {std::pair{"write", http::Lane::kWrite}, std::pair{"hash", http::Lane::kHash}}) {
    const http::Lane l = lane;
    metrics.AddCounter(kRefused, kRefusedHelp, {{"pool", name}},
                       [&server, l] { return static_cast<double>(server.Stats(l).refused); });
  }
}

void AddBackupMetrics(app::Metrics& metrics, const app::BackupStatus& status, const Clock& clock) {
  using std::chrono::duration;
  metrics.AddGauge("lophoc_backup_last_success_timestamp_seconds",
                   "When the last verified backup was made, Unix time (0: none known)",
                   [&status] {
                     const auto s = status.Snapshot();
                     return s.last_success
                                ? duration<double>(s.last_success->time_since_epoch()).count()
                                : 0.0;
                   });
  metrics.AddGauge("lophoc_backup_age_seconds",
                   "Seconds since the last verified backup (-1: none known)", [&status, &clock] {
                     const auto s = status.Snapshot();
                     return s.last_success
                                ? duration<double>(clock.Now() - *s.last_success).count()
                                : -1.0;
                   });
  metrics.AddGauge("lophoc_backup_last_failed", "1 when the latest backup attempt failed",
                   [&status] {
                     const auto s = status.Snapshot();
                     return s.last_failure && (!s.last_success || *s.last_failure > *s.last_success)
                                ? 1.0
                                : 0.0;
                   });
}

}  // namespace lophoc::cli
