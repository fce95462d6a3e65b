// SqliteSessionStore: browser sessions and personal API tokens.
#include "server/storage/people_rows.h"
#include "server/storage/people_stores_sqlite.h"
#include "server/storage/statements.h"

namespace lophoc::storage {
namespace {

using people::ApiToken;
using people::AuditEntry;

constexpr const char* kTokenSelect =
    "SELECT id, user_id, name, created_at, last_used_at, revoked_at FROM api_tokens ";

ApiToken ReadToken(const Statement& st) {
  return {st.ColumnInt(0),  st.ColumnInt(1),  st.ColumnText(2),
          st.ColumnText(3), st.ColumnText(4), st.ColumnText(5)};
}

people::SessionRecord ReadSession(const Statement& st) {
  return {st.ColumnText(0), st.ColumnInt(1),  st.ColumnText(2),
          st.ColumnText(3), st.ColumnText(4), st.ColumnText(5)};
}

template <typename V>
Result<ApiToken> TokenWhere(Connection& conn, const std::string& where, const V& value) {
  return QueryOne(conn, std::string(kTokenSelect) + where, ReadToken, "API token not found",
                  value);
}

}  // namespace

Status SqliteSessionStore::CreateSession(const people::SessionRecord& s) {
  auto conn = db_->Acquire();
  return Execute(*conn,
                 "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at, "
                 "expires_at) VALUES (?, ?, ?, ?, ?, ?)",
                 s.id_hash, s.user_id, s.csrf_token, s.created_at, s.last_seen_at, s.expires_at);
}

Result<people::SessionRecord> SqliteSessionStore::FindSession(const std::string& id_hash) {
  auto conn = db_->Acquire();
  return QueryOne(*conn,
                  "SELECT id_hash, user_id, csrf_token, created_at, last_seen_at, expires_at "
                  "FROM sessions WHERE id_hash = ?",
                  ReadSession, "session not found", id_hash);
}

Status SqliteSessionStore::TouchSession(const std::string& id_hash,
                                        const std::string& last_seen_at,
                                        const std::string& expires_at) {
  auto conn = db_->Acquire();
  return Execute(*conn, "UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE id_hash = ?",
                 last_seen_at, expires_at, id_hash);
}

Status SqliteSessionStore::DeleteSession(const std::string& id_hash) {
  auto conn = db_->Acquire();
  return Execute(*conn, "DELETE FROM sessions WHERE id_hash = ?", id_hash);
}

Result<int64_t> SqliteSessionStore::DeleteExpiredSessions(const std::string& now) {
  auto conn = db_->Acquire();
  LOPHOC_RETURN_IF_ERROR(Execute(*conn, "DELETE FROM sessions WHERE expires_at <= ?", now));
  return static_cast<int64_t>(conn->Changes());
}

Result<int64_t> SqliteSessionStore::CountActiveSessions(const std::string& now) {
  auto conn = db_->Acquire();
  return QueryInt(*conn, "SELECT count(*) FROM sessions WHERE expires_at > ?", "no count", now);
}

Result<ApiToken> SqliteSessionStore::CreateApiToken(int64_t user_id, const std::string& name,
                                                    const std::string& token_hash,
                                                    const std::string& created_at,
                                                    const AuditEntry& audit) {
  return InTransaction(db_, [&](Connection& c) -> Result<ApiToken> {
    LOPHOC_RETURN_IF_ERROR(Execute(c,
        "INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?)",
        user_id, name, token_hash, created_at));
    const int64_t id = c.LastInsertId();
    AuditEntry a = audit;
    a.object_key = std::to_string(id);
    LOPHOC_RETURN_IF_ERROR(people_rows::WriteAudit(c, a));
    return TokenWhere(c, "WHERE id = ?1", id);
  });
}

Result<ApiToken> SqliteSessionStore::FindApiToken(const std::string& token_hash) {
  auto conn = db_->Acquire();
  return TokenWhere(*conn, "WHERE token_hash = ?1", token_hash);
}

Result<ApiToken> SqliteSessionStore::FindApiTokenById(int64_t id) {
  auto conn = db_->Acquire();
  return TokenWhere(*conn, "WHERE id = ?1", id);
}

Result<std::vector<ApiToken>> SqliteSessionStore::ListApiTokens(int64_t user_id) {
  auto conn = db_->Acquire();
  return QueryAll(*conn, std::string(kTokenSelect) + "WHERE user_id = ? ORDER BY id", ReadToken,
                  user_id);
}

Status SqliteSessionStore::TouchApiToken(int64_t id, const std::string& at) {
  auto conn = db_->Acquire();
  return Execute(*conn, "UPDATE api_tokens SET last_used_at = ? WHERE id = ?", at, id);
}

Status SqliteSessionStore::RevokeApiToken(int64_t id, const std::string& at,
                                          const AuditEntry& audit) {
  return people_rows::Audited(db_, audit, [&](Connection& c) -> Status {
    LOPHOC_RETURN_IF_ERROR(Execute(c,
        "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", at, id));
    if (c.Changes() == 0) return Status::NotFound("API token not found or already revoked");
    return Status::Ok();
  });
}

}  // namespace lophoc::storage
