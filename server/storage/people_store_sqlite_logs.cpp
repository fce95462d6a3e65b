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

Status SqliteVisitStore::RecordVisit(const people::Visit& v) {
  auto conn = db_->Acquire();
  return Execute(*conn,
                 "INSERT INTO visits (day, site_id, user_id, visitor_key, lesson_views) "
                 "VALUES (?, ?, ?, ?, ?) ON CONFLICT (day, visitor_key) DO UPDATE SET "
                 "lesson_views = lesson_views + excluded.lesson_views, "
                 "site_id = coalesce(visits.site_id, excluded.site_id), "
                 "user_id = coalesce(visits.user_id, excluded.user_id)",
                 v.day, v.site_id, v.user_id, v.visitor_key, v.lesson_views);
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
