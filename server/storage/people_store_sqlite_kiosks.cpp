// SqliteKioskStore: browsers registered as a site's public computer.
#include "server/storage/people_rows.h"
#include "server/storage/people_stores_sqlite.h"
#include "server/storage/statements.h"

namespace lophoc::storage {

Result<int64_t> SqliteKioskStore::CreateKiosk(int64_t site_id, const std::string& token_hash,
                                              const std::string& label,
                                              const people::AuditEntry& audit) {
  return InTransaction(db_, [&](Connection& c) -> Result<int64_t> {
    LOPHOC_RETURN_IF_ERROR(Execute(c,
        "INSERT INTO kiosks (token_hash, site_id, label, created_at, created_by) "
        "VALUES (?, ?, ?, ?, ?)",
        token_hash, site_id, label, audit.at, audit.actor_user_id));
    const int64_t id = c.LastInsertId();
    people::AuditEntry a = audit;
    a.object_key = std::to_string(id);
    LOPHOC_RETURN_IF_ERROR(people_rows::WriteAudit(c, a));
    return id;
  });
}

Result<people::Site> SqliteKioskStore::FindKioskSite(const std::string& token_hash) {
  auto conn = db_->Acquire();
  auto code = QueryOne(
      *conn,
      "SELECT s.code FROM kiosks k JOIN sites s ON s.id = k.site_id "
      "WHERE k.token_hash = ? AND k.revoked_at IS NULL AND s.kiosk = 1",
      [](const Statement& st) { return st.ColumnText(0); }, "not a kiosk", token_hash);
  if (!code.ok()) return code.status();
  return people_rows::SiteByCode(*conn, *code);
}

Status SqliteKioskStore::RevokeKiosk(const std::string& token_hash,
                                     const people::AuditEntry& audit) {
  return InTransaction(db_, [&](Connection& c) -> Status {
    LOPHOC_ASSIGN_OR_RETURN(
        int64_t id, QueryInt(c, "SELECT id FROM kiosks WHERE token_hash = ? AND revoked_at IS NULL",
                             "not a kiosk", token_hash));
    LOPHOC_RETURN_IF_ERROR(
        Execute(c, "UPDATE kiosks SET revoked_at = ? WHERE id = ?", audit.at, id));
    people::AuditEntry a = audit;
    a.object_key = std::to_string(id);
    return people_rows::WriteAudit(c, a);
  });
}

}  // namespace lophoc::storage
