// The metrics lophoc serve exposes besides the site's own HTTP ones
// (server/http/request_metrics.h) and the process's (app::AddProcessMetrics):
// what the database holds and how often it was busy, and the HTTP server's
// queues. Everything here is read at scrape time; the totals are COUNT(*)s
// of tables whose rows are never deleted, so they survive restarts.
#pragma once

#include "kernel/clock.h"
#include "server/app/backup_status.h"
#include "server/app/metrics.h"
#include "server/http/pistache_adapter.h"
#include "server/storage/stores.h"

namespace lophoc::cli {

// lophoc_sessions_active, lophoc_enrolments_total, lophoc_quiz_attempts_total,
// lophoc_certifications_total and lophoc_db_busy_*_total. `stores` and
// `clock` must outlive the metrics' last Render.
void AddStoreMetrics(app::Metrics& metrics, storage::Stores& stores, const Clock& clock);

// lophoc_http_queue_depth and lophoc_http_queue_refusals_total, by pool
// ("write", "hash"). `server` must outlive the metrics' last Render.
void AddServerMetrics(app::Metrics& metrics, const http::HttpServer& server);

// lophoc_backup_last_success_timestamp_seconds (0: none known),
// lophoc_backup_age_seconds (-1: none known) and lophoc_backup_last_failed (1
// when the latest attempt failed). `status` and `clock` must outlive the
// metrics' last Render.
void AddBackupMetrics(app::Metrics& metrics, const app::BackupStatus& status, const Clock& clock);

}  // namespace lophoc::cli
