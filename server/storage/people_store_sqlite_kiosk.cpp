// Kiosks of SqlitePeopleStore: browsers registered as a site's public computer.
#include "server/storage/people_rows.h"
#include "server/storage/people_store_sqlite.h"

namespace lophoc::storage {

using people_rows::WriteAudit;

Result<int64_t> SqlitePeopleStore::CreateKiosk(int64_t site_id, const std::string& token_hash,
                                               const std::string& label,
                                               const people::AuditEntry& audit) {
  auto conn = db_->Acquire();
  Transaction tx(*conn);
  LOPHOC_RETURN_IF_ERROR(tx.status());
  int64_t id = 0;
  {
    LOPHOC_ASSIGN_OR_RETURN(Statement st,
        conn->Prepare("INSERT INTO kiosks (token_hash, site_id, label, created_at, created_by) "
                      "VALUES (?, ?, ?, ?, ?)"));
    st.Bind(1, token_hash).Bind(2, site_id).Bind(3, label).Bind(4, audit.at);
    st.Bind(5, audit.actor_user_id);
    LOPHOC_RETURN_IF_ERROR(st.Run());
    id = conn->LastInsertId();
  }
  people::AuditEntry a = audit;
  a.object_key = std::to_string(id);
  LOPHOC_RETURN_IF_ERROR(WriteAudit(*conn, a));
  LOPHOC_RETURN_IF_ERROR(tx.Commit());
  return id;
}

Result<people::Site> SqlitePeopleStore::FindKioskSite(const std::string& token_hash) {
  std::string code;
  {
    auto conn = db_->Acquire();
    LOPHOC_ASSIGN_OR_RETURN(Statement st,
        conn->Prepare("SELECT s.code FROM kiosks k JOIN sites s ON s.id = k.site_id "
                      "WHERE k.token_hash = ? AND k.revoked_at IS NULL AND s.kiosk = 1"));
    st.Bind(1, token_hash);
    auto row = st.Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::NotFound("not a kiosk");
    code = st.ColumnText(0);
  }
  return FindSite(code);
}

Status SqlitePeopleStore::RevokeKiosk(const std::string& token_hash,
                                      const people::AuditEntry& audit) {
  auto conn = db_->Acquire();
  Transaction tx(*conn);
  LOPHOC_RETURN_IF_ERROR(tx.status());
  int64_t id = 0;
  {
    LOPHOC_ASSIGN_OR_RETURN(Statement find,
        conn->Prepare("SELECT id FROM kiosks WHERE token_hash = ? AND revoked_at IS NULL"));
    find.Bind(1, token_hash);
    auto row = find.Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::NotFound("not a kiosk");
    id = find.ColumnInt(0);
  }
  {
    LOPHOC_ASSIGN_OR_RETURN(Statement st,
        conn->Prepare("UPDATE kiosks SET revoked_at = ? WHERE id = ?"));
    st.Bind(1, audit.at).Bind(2, id);
    LOPHOC_RETURN_IF_ERROR(st.Run());
  }
  people::AuditEntry a = audit;
  a.object_key = std::to_string(id);
  LOPHOC_RETURN_IF_ERROR(WriteAudit(*conn, a));
  return tx.Commit();
}

}  // namespace lophoc::storage
