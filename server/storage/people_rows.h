// Helpers shared by the two halves of SqlitePeopleStore (people_store_sqlite*.cpp):
// error propagation, the audit row, and scope filters. Internal to server/storage/.
#pragma once

#include <string>

#include "people/people_store.h"
#include "server/storage/database.h"


// Declares `name` as the Statement prepared from `sql`, or returns the error.

namespace lophoc::storage::people_rows {

// Inserts one audit_log row on `conn` (inside the caller's transaction).
inline Status WriteAudit(Connection& conn, const people::AuditEntry& a) {
  LOPHOC_ASSIGN_OR_RETURN(Statement st,
      conn.Prepare("INSERT INTO audit_log (at, actor_user_id, actor, action, object_type, "
                   "object_key, details) VALUES (?, ?, ?, ?, ?, ?, ?)"));
  st.Bind(1, a.at).Bind(2, a.actor_user_id).Bind(3, a.actor).Bind(4, a.action);
  st.Bind(5, a.object_type).Bind(6, a.object_key).Bind(7, a.details_json);
  return st.Run();
}

// SQL condition true when the org path in `column` lies in the scope bound
// at parameters ?everything and ?path (see BindScope).
inline std::string ScopeCondition(const std::string& column) {
  return "(?1 = 1 OR (?2 <> '' AND substr(" + column + ", 1, length(?2)) = ?2))";
}

inline void BindScope(Statement& st, const people::Scope& scope) {
  st.Bind(1, scope.everything() ? 1 : 0).Bind(2, scope.path());
}

}  // namespace lophoc::storage::people_rows
