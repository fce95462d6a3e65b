// Sessions, API tokens, the audit log and visits of SqlitePeopleStore.
#include "server/storage/people_rows.h"
#include "server/storage/people_store_sqlite.h"

namespace lophoc::storage {
namespace {

using people::ApiToken;
using people::AuditEntry;
using people_rows::WriteAudit;

constexpr const char* kTokenSelect =
    "SELECT id, user_id, name, created_at, last_used_at, revoked_at FROM api_tokens ";

ApiToken ReadToken(const Statement& st) {
  ApiToken t;
  t.id = st.ColumnInt(0);
  t.user_id = st.ColumnInt(1);
  t.name = st.ColumnText(2);
  t.created_at = st.ColumnText(3);
  t.last_used_at = st.ColumnText(4);
  t.revoked_at = st.ColumnText(5);
  return t;
}

template <typename V>
Result<ApiToken> TokenWhere(Connection& conn, const std::string& where, const V& value) {
  LOPHOC_ASSIGN_OR_RETURN(Statement st, conn.Prepare(std::string(kTokenSelect) + where));
  st.Bind(1, value);
  auto row = st.Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::NotFound("API token not found");
  return ReadToken(st);
}

}  // namespace

Status SqlitePeopleStore::CreateSession(const people::SessionRecord& s) {
  auto conn = db_->Acquire();
  LOPHOC_ASSIGN_OR_RETURN(Statement st,
      conn->Prepare("INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, "
                    "last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)"));
  st.Bind(1, s.id_hash).Bind(2, s.user_id).Bind(3, s.csrf_token).Bind(4, s.created_at);
  st.Bind(5, s.last_seen_at).Bind(6, s.expires_at);
  return st.Run();
}

Result<people::SessionRecord> SqlitePeopleStore::FindSession(const std::string& id_hash) {
  auto conn = db_->Acquire();
  LOPHOC_ASSIGN_OR_RETURN(Statement st,
      conn->Prepare("SELECT id_hash, user_id, csrf_token, created_at, last_seen_at, expires_at "
                    "FROM sessions WHERE id_hash = ?"));
  st.Bind(1, id_hash);
  auto row = st.Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::NotFound("session not found");
  people::SessionRecord s;
  s.id_hash = st.ColumnText(0);
  s.user_id = st.ColumnInt(1);
  s.csrf_token = st.ColumnText(2);
  s.created_at = st.ColumnText(3);
  s.last_seen_at = st.ColumnText(4);
  s.expires_at = st.ColumnText(5);
  return s;
}

Status SqlitePeopleStore::TouchSession(const std::string& id_hash, const std::string& last_seen_at,
                                       const std::string& expires_at) {
  auto conn = db_->Acquire();
  LOPHOC_ASSIGN_OR_RETURN(Statement st,
      conn->Prepare("UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE id_hash = ?"));
  st.Bind(1, last_seen_at).Bind(2, expires_at).Bind(3, id_hash);
  return st.Run();
}

Status SqlitePeopleStore::DeleteSession(const std::string& id_hash) {
  auto conn = db_->Acquire();
  LOPHOC_ASSIGN_OR_RETURN(Statement st, conn->Prepare("DELETE FROM sessions WHERE id_hash = ?"));
  st.Bind(1, id_hash);
  return st.Run();
}

Result<int64_t> SqlitePeopleStore::DeleteExpiredSessions(const std::string& now) {
  auto conn = db_->Acquire();
  LOPHOC_ASSIGN_OR_RETURN(Statement st,
      conn->Prepare("DELETE FROM sessions WHERE expires_at <= ?"));
  st.Bind(1, now);
  LOPHOC_RETURN_IF_ERROR(st.Run());
  return static_cast<int64_t>(conn->Changes());
}

Result<ApiToken> SqlitePeopleStore::CreateApiToken(int64_t user_id, const std::string& name,
                                                   const std::string& token_hash,
                                                   const std::string& created_at,
                                                   const AuditEntry& audit) {
  auto conn = db_->Acquire();
  Transaction tx(*conn);
  LOPHOC_RETURN_IF_ERROR(tx.status());
  {
    LOPHOC_ASSIGN_OR_RETURN(Statement st,
        conn->Prepare("INSERT INTO api_tokens (user_id, name, token_hash, created_at) "
                      "VALUES (?, ?, ?, ?)"));
    st.Bind(1, user_id).Bind(2, name).Bind(3, token_hash).Bind(4, created_at);
    LOPHOC_RETURN_IF_ERROR(st.Run());
  }
  const int64_t id = conn->LastInsertId();
  AuditEntry a = audit;
  a.object_key = std::to_string(id);
  LOPHOC_RETURN_IF_ERROR(WriteAudit(*conn, a));
  auto token = TokenWhere(*conn, "WHERE id = ?1", id);
  if (!token.ok()) return token;
  LOPHOC_RETURN_IF_ERROR(tx.Commit());
  return token;
}

Result<ApiToken> SqlitePeopleStore::FindApiToken(const std::string& token_hash) {
  auto conn = db_->Acquire();
  return TokenWhere(*conn, "WHERE token_hash = ?1", token_hash);
}

Result<ApiToken> SqlitePeopleStore::FindApiTokenById(int64_t id) {
  auto conn = db_->Acquire();
  return TokenWhere(*conn, "WHERE id = ?1", id);
}

Result<std::vector<ApiToken>> SqlitePeopleStore::ListApiTokens(int64_t user_id) {
  auto conn = db_->Acquire();
  LOPHOC_ASSIGN_OR_RETURN(Statement st,
      conn->Prepare(std::string(kTokenSelect) + "WHERE user_id = ? ORDER BY id"));
  st.Bind(1, user_id);
  std::vector<ApiToken> out;
  for (;;) {
    auto row = st.Step();
    if (!row.ok()) return row.status();
    if (!*row) return out;
    out.push_back(ReadToken(st));
  }
}

Status SqlitePeopleStore::TouchApiToken(int64_t id, const std::string& at) {
  auto conn = db_->Acquire();
  LOPHOC_ASSIGN_OR_RETURN(Statement st,
      conn->Prepare("UPDATE api_tokens SET last_used_at = ? WHERE id = ?"));
  st.Bind(1, at).Bind(2, id);
  return st.Run();
}

Status SqlitePeopleStore::RevokeApiToken(int64_t id, const std::string& at,
                                         const AuditEntry& audit) {
  auto conn = db_->Acquire();
  Transaction tx(*conn);
  LOPHOC_RETURN_IF_ERROR(tx.status());
  {
    LOPHOC_ASSIGN_OR_RETURN(Statement st,
        conn->Prepare("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL"));
    st.Bind(1, at).Bind(2, id);
    LOPHOC_RETURN_IF_ERROR(st.Run());
    if (conn->Changes() == 0) return Status::NotFound("API token not found or already revoked");
  }
  LOPHOC_RETURN_IF_ERROR(WriteAudit(*conn, audit));
  return tx.Commit();
}

Status SqlitePeopleStore::AppendAudit(const AuditEntry& audit) {
  auto conn = db_->Acquire();
  return WriteAudit(*conn, audit);
}

Result<people::Page<AuditEntry>> SqlitePeopleStore::ListAudit(int limit, int64_t offset) {
  auto conn = db_->Acquire();
  people::Page<AuditEntry> page;
  {
    LOPHOC_ASSIGN_OR_RETURN(Statement count, conn->Prepare("SELECT count(*) FROM audit_log"));
    auto row = count.Step();
    if (!row.ok()) return row.status();
    page.total = count.ColumnInt(0);
  }
  LOPHOC_ASSIGN_OR_RETURN(Statement st,
      conn->Prepare("SELECT id, at, actor_user_id, actor, action, object_type, object_key, "
                    "details FROM audit_log ORDER BY id DESC LIMIT ? OFFSET ?"));
  st.Bind(1, static_cast<int64_t>(limit)).Bind(2, offset);
  for (;;) {
    auto row = st.Step();
    if (!row.ok()) return row.status();
    if (!*row) return page;
    AuditEntry a;
    a.id = st.ColumnInt(0);
    a.at = st.ColumnText(1);
    if (!st.ColumnIsNull(2)) a.actor_user_id = st.ColumnInt(2);
    a.actor = st.ColumnText(3);
    a.action = st.ColumnText(4);
    a.object_type = st.ColumnText(5);
    a.object_key = st.ColumnText(6);
    a.details_json = st.ColumnText(7);
    page.items.push_back(std::move(a));
  }
}

Status SqlitePeopleStore::RecordVisit(const people::Visit& v) {
  auto conn = db_->Acquire();
  LOPHOC_ASSIGN_OR_RETURN(Statement st,
      conn->Prepare("INSERT INTO visits (day, site_id, user_id, visitor_key, lesson_views) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (day, visitor_key) DO UPDATE SET "
                    "lesson_views = lesson_views + excluded.lesson_views, "
                    "site_id = coalesce(visits.site_id, excluded.site_id), "
                    "user_id = coalesce(visits.user_id, excluded.user_id)"));
  st.Bind(1, v.day).Bind(2, v.site_id).Bind(3, v.user_id).Bind(4, v.visitor_key);
  st.Bind(5, v.lesson_views);
  return st.Run();
}

Result<std::string> SqlitePeopleStore::ServerSecret(const std::string& name,
                                                    const std::string& candidate,
                                                    const std::string& created_at) {
  auto conn = db_->Acquire();
  {
    LOPHOC_ASSIGN_OR_RETURN(Statement put,
        conn->Prepare("INSERT INTO server_secrets (name, value, created_at) VALUES (?, ?, ?) "
                      "ON CONFLICT (name) DO NOTHING"));
    put.Bind(1, name).Bind(2, candidate).Bind(3, created_at);
    LOPHOC_RETURN_IF_ERROR(put.Run());
  }
  LOPHOC_ASSIGN_OR_RETURN(Statement st,
      conn->Prepare("SELECT value FROM server_secrets WHERE name = ?"));
  st.Bind(1, name);
  auto row = st.Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::Corruption("server secret '" + name + "' vanished");
  return st.ColumnText(0);
}

}  // namespace lophoc::storage
