#include "server/storage/snapshot_store_sqlite.h"

#include <nlohmann/json.hpp>

#include "server/storage/people_rows.h"
#include "server/storage/statements.h"

namespace lophoc::storage {
namespace {

using training::ReportSnapshot;

// `body` is the 7th column: lists select '' instead.
std::string Select(bool with_body) {
  return std::string("SELECT r.id, r.kind, r.org_unit_id, r.year, r.as_of, r.title, ") +
         (with_body ? "r.body" : "''") +
         ", r.saved_by, r.saved_at, o.code, o.name, o.path, u.display_name "
         "FROM report_snapshots r JOIN org_units o ON o.id = r.org_unit_id "
         "JOIN users u ON u.id = r.saved_by ";
}

ReportSnapshot ReadSnapshot(const Statement& st) {
  ReportSnapshot s;
  std::string as_of;
  ReadColumns(st, 0, s.id, s.kind, s.org_unit_id, s.year, as_of, s.title, s.body, s.saved_by,
              s.saved_at, s.org_code, s.org_name, s.org_path, s.saved_by_name);
  s.as_of = ParseIsoDate(as_of).value_or(LocalDate{});  // the CHECK keeps the form
  return s;
}

}  // namespace

Result<ReportSnapshot> SqliteSnapshotStore::SaveSnapshot(const ReportSnapshot& s,
                                                         const training::ChangedBy& by) {
  return InTransaction(db_, [&](Connection& conn) -> Result<ReportSnapshot> {
    LOPHOC_ASSIGN_OR_RETURN(
        auto unit, QueryOptional(
                       conn, "SELECT code FROM org_units WHERE id = ?",
                       [](const Statement& st) { return st.ColumnText(0); }, s.org_unit_id));
    if (!unit) {
      return Status::NotFound("no org unit " + std::to_string(s.org_unit_id))
          .WithReason("org_not_found");
    }
    LOPHOC_RETURN_IF_ERROR(Execute(
        conn,
        "INSERT INTO report_snapshots (kind, org_unit_id, year, as_of, title, body, saved_by, "
        "saved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        s.kind, s.org_unit_id, s.year, FormatIsoDate(s.as_of), s.title, s.body, s.saved_by, by.at));
    const int64_t id = conn.LastInsertId();
    people::AuditEntry a;
    a.at = by.at;
    a.actor_user_id = by.user_id;
    a.actor = by.name;
    a.action = "report.save_snapshot";
    a.object_type = "report_snapshot";
    a.object_key = std::to_string(id);
    a.details_json = nlohmann::json{
        {"kind", s.kind},
        {"org", *unit},
        {"year", s.year},
        {"as_of", FormatIsoDate(s.as_of)},
        {"title",
         s.title}}.dump();
    LOPHOC_RETURN_IF_ERROR(people_rows::WriteAudit(conn, a));
    return QueryOne(conn, Select(true) + "WHERE r.id = ?", ReadSnapshot, "snapshot vanished", id);
  });
}

Result<ReportSnapshot> SqliteSnapshotStore::FindSnapshot(int64_t id) {
  auto conn = db_->Acquire();
  LOPHOC_ASSIGN_OR_RETURN(auto found,
                          QueryOptional(*conn, Select(true) + "WHERE r.id = ?", ReadSnapshot, id));
  if (!found) {
    return Status::NotFound("no saved report " + std::to_string(id))
        .WithReason("snapshot_not_found")
        .WithParam("id", id);
  }
  return std::move(*found);
}

Result<std::vector<ReportSnapshot>> SqliteSnapshotStore::ListSnapshots(
    const training::SnapshotFilter& f) {
  auto conn = db_->Acquire();
  return QueryAll(*conn,
                  Select(false) + "WHERE " + people_rows::ScopeCondition("o.path") +
                      " AND (?3 IS NULL OR r.org_unit_id = ?3) AND (?4 IS NULL OR r.year = ?4) "
                      "ORDER BY r.id DESC LIMIT ?5",
                  ReadSnapshot, f.everything ? 1 : 0, f.path, f.org_unit_id, f.year, f.limit);
}

}  // namespace lophoc::storage
