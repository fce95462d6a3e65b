// Rows of the people tables shared by the SQLite people stores
// (people_stores_sqlite.h) and read by the course and learning stores: the
// audit row, scope filters, paged listings, and looking units, sites and
// accounts up. Internal to server/storage/.
#pragma once

#include <string>

#include "people/people_store.h"
#include "server/storage/database.h"
#include "server/storage/statements.h"

namespace lophoc::storage::people_rows {

// Inserts one audit_log row on `conn` (inside the caller's transaction).
inline Status WriteAudit(Connection& conn, const people::AuditEntry& a) {
  return Execute(conn,
                 "INSERT INTO audit_log (at, actor_user_id, actor, action, object_type, "
                 "object_key, details) VALUES (?, ?, ?, ?, ?, ?, ?)",
                 a.at, a.actor_user_id, a.actor, a.action, a.object_type, a.object_key,
                 a.details_json);
}

// Runs `body(conn)` in one transaction and writes `audit` with it.
template <typename Body>
auto Audited(Database* db, const people::AuditEntry& audit, Body body) {
  return InTransaction(db, [&](Connection& conn) {
    auto result = body(conn);
    if (result.ok()) {
      Status written = WriteAudit(conn, audit);
      if (!written.ok()) return decltype(result)(written);
    }
    return result;
  });
}

// SQL condition true when the org path in `column` lies in the scope bound
// at parameters ?everything and ?path (see BindScope).
inline std::string ScopeCondition(const std::string& column) {
  return "(?1 = 1 OR (?2 <> '' AND substr(" + column + ", 1, length(?2)) = ?2))";
}

inline void BindScope(Statement& st, const people::Scope& scope) {
  st.Bind(1, scope.everything() ? 1 : 0).Bind(2, scope.path());
}

// One-row lookups; NotFound naming the code or id.
Result<people::OrgUnit> UnitByCode(Connection& conn, const std::string& code);
Result<people::Site> SiteByCode(Connection& conn, const std::string& code);
Result<people::User> UserById(Connection& conn, int64_t id);

// OK when org_levels holds `level`; InvalidArgument (reason level_invalid,
// field level) otherwise.
Status CheckLevel(Connection& conn, const people::OrgLevel& level);

// Inserts without an audit row (the caller writes it): the errors of
// DirectoryStore::CreateOrgUnit and CreateSite.
Result<people::OrgUnit> InsertUnit(Connection& conn, const people::OrgUnitFields& f,
                                   const std::string& at);
Result<people::Site> InsertSite(Connection& conn, const people::SiteFields& f,
                                const std::string& at);

// "%text%" for LIKE ... ESCAPE '\', with the wildcards of `text` taken literally.
std::string LikePattern(const std::string& text);

// A paged listing: `from_where` filters by scope (parameters ?1, ?2) and,
// when the filter has a query, by ?5 (a LIKE pattern); rows ordered by `order`.
template <typename Read>
Result<people::Page<RowType<Read>>> ListPage(Connection& conn, const std::string& select,
                                             const std::string& from_where,
                                             const std::string& order,
                                             const people::ListFilter& f, Read read) {
  auto bind = [&](Statement& st) {
    BindScope(st, f.scope);
    if (!f.query.empty()) st.Bind(5, LikePattern(f.query));
  };
  people::Page<RowType<Read>> page;
  {
    LOPHOC_ASSIGN_OR_RETURN(Statement count, conn.Prepare("SELECT count(*) " + from_where));
    bind(count);
    LOPHOC_RETURN_IF_ERROR(count.Step().status());
    page.total = count.ColumnInt(0);
  }
  LOPHOC_ASSIGN_OR_RETURN(Statement st,
      conn.Prepare(select + from_where + " ORDER BY " + order + " LIMIT ?3 OFFSET ?4"));
  bind(st);
  st.Bind(3, f.limit).Bind(4, f.offset);
  for (;;) {
    auto row = st.Step();
    if (!row.ok()) return row.status();
    if (!*row) return page;
    page.items.push_back(read(static_cast<const Statement&>(st)));
  }
}

}  // namespace lophoc::storage::people_rows
