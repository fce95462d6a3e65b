// SqliteAuditStore and SqliteVisitStore: the audit log, visits and the
// server secret.
#include "server/storage/people_rows.h"
#include "server/storage/people_stores_sqlite.h"
#include "server/storage/statements.h"

namespace lophoc::storage {
namespace {

people::AuditEntry ReadAudit(const Statement& st) {
  people::AuditEntry a;
  ReadColumns(st, 0, a.id, a.at, a.actor_user_id, a.actor, a.action, a.object_type, a.object_key,
              a.details_json);
  return a;
}

}  // namespace

Status SqliteAuditStore::AppendAudit(const people::AuditEntry& audit) {
  auto conn = db_->Acquire();
  return people_rows::WriteAudit(*conn, audit);
}

Result<people::Page<people::AuditEntry>> SqliteAuditStore::ListAudit(int limit, int64_t offset) {
  auto conn = db_->Acquire();
  people::Page<people::AuditEntry> page;
  LOPHOC_ASSIGN_OR_RETURN(page.total, QueryInt(*conn, "SELECT count(*) FROM audit_log", ""));
  LOPHOC_ASSIGN_OR_RETURN(page.items,
      QueryAll(*conn,
               "SELECT id, at, actor_user_id, actor, action, object_type, object_key, details "
               "FROM audit_log ORDER BY id DESC LIMIT ? OFFSET ?",
               ReadAudit, limit, offset));
  return page;
}

namespace {

// What one visits row adds to its day's aggregate (visit_days).
struct VisitRow {
  int64_t site_id = 0;  // 0: no known site
  bool signed_in = false;
  int64_t lesson_views = 0;
};

Result<std::optional<VisitRow>> ReadVisitRow(Connection& conn, const people::Visit& v) {
  return QueryOptional(
      conn,
      "SELECT coalesce(site_id, 0), user_id IS NOT NULL, lesson_views FROM visits "
      "WHERE day = ? AND visitor_key = ?",
      [](const Statement& st) {
        VisitRow r;
        ReadColumns(st, 0, r.site_id, r.signed_in, r.lesson_views);
        return r;
      },
      v.day, v.visitor_key);
}

// Adds (or, with negative numbers, takes away) one row's share of a day.
Status AddToVisitDay(Connection& conn, const std::string& day, int64_t site_id, int64_t visits,
                     int64_t signed_in, int64_t lesson_views) {
  return Execute(conn,
                 "INSERT INTO visit_days (day, site_id, visits, signed_in, lesson_views) "
                 "VALUES (?1, ?2, max(?3, 0), max(?4, 0), max(?5, 0)) "
                 "ON CONFLICT (day, site_id) DO UPDATE SET "
                 "visits = max(0, visits + ?3), signed_in = max(0, signed_in + ?4), "
                 "lesson_views = max(0, lesson_views + ?5)",
                 day, site_id, visits, signed_in, lesson_views);
}

}  // namespace

// The visit row and the aggregates the reports read (visit_days,
// learner_years: migration 0019) change together in one transaction: the
// row's old share of its day is taken away and its new share added (a row
// may gain its site or account on a later flush), and an account that has
// opened a lesson counts as a learner of the year, at the site of the first
// day it did. The aggregates always equal a recount from `visits`.
Status SqliteVisitStore::RecordVisit(const people::Visit& v) {
  return InTransaction(db_, [&](Connection& conn) -> Status {
    LOPHOC_ASSIGN_OR_RETURN(std::optional<VisitRow> before, ReadVisitRow(conn, v));
    LOPHOC_RETURN_IF_ERROR(Execute(conn,
        "INSERT INTO visits (day, site_id, user_id, visitor_key, lesson_views) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (day, visitor_key) DO UPDATE SET "
        "lesson_views = lesson_views + excluded.lesson_views, "
        "site_id = coalesce(visits.site_id, excluded.site_id), "
        "user_id = coalesce(visits.user_id, excluded.user_id)",
        v.day, v.site_id, v.user_id, v.visitor_key, v.lesson_views));
    LOPHOC_ASSIGN_OR_RETURN(std::optional<VisitRow> after, ReadVisitRow(conn, v));
    if (!after) return Status::Corruption("visit row vanished");
    if (before && before->site_id != after->site_id) {
      LOPHOC_RETURN_IF_ERROR(AddToVisitDay(conn, v.day, before->site_id, -1,
                                           before->signed_in ? -1 : 0, -before->lesson_views));
      before.reset();
    }
    LOPHOC_RETURN_IF_ERROR(AddToVisitDay(
        conn, v.day, after->site_id, before ? 0 : 1,
        (after->signed_in ? 1 : 0) - (before && before->signed_in ? 1 : 0),
        after->lesson_views - (before ? before->lesson_views : 0)));
    if (!after->signed_in || after->lesson_views <= 0) return Status::Ok();
    // The first day of the year wins; on that day, a known site beats none.
    return Execute(conn,
                   "INSERT INTO learner_years (year, user_id, site_id, first_on) "
                   "SELECT CAST(substr(day, 1, 4) AS INTEGER), user_id, coalesce(site_id, 0), day "
                   "FROM visits WHERE day = ?1 AND visitor_key = ?2 "
                   "ON CONFLICT (year, user_id) DO UPDATE SET "
                   "site_id = CASE WHEN excluded.first_on < learner_years.first_on OR "
                   "(excluded.first_on = learner_years.first_on AND learner_years.site_id = 0) "
                   "THEN excluded.site_id ELSE learner_years.site_id END, "
                   "first_on = min(learner_years.first_on, excluded.first_on)",
                   v.day, v.visitor_key);
  });
}

Result<std::string> SqliteVisitStore::ServerSecret(const std::string& name,
                                                   const std::string& candidate,
                                                   const std::string& created_at) {
  auto conn = db_->Acquire();
  LOPHOC_RETURN_IF_ERROR(Execute(*conn,
      "INSERT INTO server_secrets (name, value, created_at) VALUES (?, ?, ?) "
      "ON CONFLICT (name) DO NOTHING",
      name, candidate, created_at));
  auto value = QueryOne(*conn, "SELECT value FROM server_secrets WHERE name = ?",
                        [](const Statement& st) { return st.ColumnText(0); }, "", name);
  if (!value.ok() && value.status().code() == StatusCode::kNotFound) {
    return Status::Corruption("server secret '" + name + "' vanished");
  }
  return value;
}

}  // namespace lophoc::storage
