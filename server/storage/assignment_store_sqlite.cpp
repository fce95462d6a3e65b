#include "server/storage/assignment_store_sqlite.h"

#include "server/storage/people_rows.h"
#include "server/storage/statements.h"

namespace lophoc::storage {
namespace {

using courses::AssignmentRecord;
using people_rows::Audited;

constexpr const char* kSelect =
    "SELECT a.id, a.user_id, p.slug, a.starts_on, a.ends_on, a.reason, a.assigned_by, "
    "coalesce(u.display_name, 'cli'), a.created_at, a.ended_by, coalesce(a.ended_at, '') "
    "FROM programme_assignments a JOIN programmes p ON p.id = a.programme_id "
    "LEFT JOIN users u ON u.id = a.assigned_by ";

AssignmentRecord ReadAssignment(const Statement& st) {
  AssignmentRecord a;
  std::string starts;
  std::optional<std::string> ends;
  ReadColumns(st, 0, a.id, a.user_id, a.programme, starts, ends, a.reason, a.assigned_by,
              a.assigned_by_name, a.created_at, a.ended_by, a.ended_at);
  // The CHECK constraints keep the days in this form.
  a.starts_on = ParseIsoDate(starts).value_or(LocalDate{});
  if (ends) a.ends_on = ParseIsoDate(*ends);
  return a;
}

Result<AssignmentRecord> ById(Connection& conn, int64_t id) {
  return QueryOne(conn, std::string(kSelect) + "WHERE a.id = ?", ReadAssignment,
                  "assignment " + std::to_string(id) + " not found", id);
}

}  // namespace

Status RecordPlacement(Connection& conn, int64_t user_id, const std::string& at) {
  return Execute(conn,
                 "INSERT INTO staff_placements (user_id, staff_category, site_id, from_at) "
                 "SELECT u.id, u.staff_category, u.site_id, ?2 FROM users u WHERE u.id = ?1 AND "
                 "NOT EXISTS (SELECT 1 FROM (SELECT staff_category, site_id FROM staff_placements "
                 "WHERE user_id = ?1 ORDER BY from_at DESC, id DESC LIMIT 1) l "
                 "WHERE l.staff_category IS u.staff_category AND l.site_id IS u.site_id)",
                 user_id, at);
}

Result<std::vector<training::Placement>> SqliteAssignmentStore::PlacementsOf(int64_t user_id) {
  auto conn = db_->Acquire();
  std::vector<training::Placement> out;
  LOPHOC_RETURN_IF_ERROR(ForEachRow(
      *conn,
      "SELECT pl.from_at, coalesce(pl.staff_category, ''), coalesce(s.type, '') "
      "FROM staff_placements pl LEFT JOIN sites s ON s.id = pl.site_id "
      "WHERE pl.user_id = ? ORDER BY pl.from_at, pl.id",
      [&](const Statement& st) {
        const auto at = ParseIso8601(st.ColumnText(0));
        if (!at) return;  // written by RecordPlacement: always an instant
        out.push_back({LocalDateOf(*at), st.ColumnText(1), st.ColumnText(2)});
      },
      user_id));
  return out;
}

Result<std::vector<AssignmentRecord>> SqliteAssignmentStore::AssignmentsOf(int64_t user_id) {
  auto conn = db_->Acquire();
  return QueryAll(*conn, std::string(kSelect) + "WHERE a.user_id = ? ORDER BY a.starts_on, a.id",
                  ReadAssignment, user_id);
}

Result<AssignmentRecord> SqliteAssignmentStore::FindAssignment(int64_t id) {
  auto conn = db_->Acquire();
  return ById(*conn, id);
}

Result<AssignmentRecord> SqliteAssignmentStore::Assign(const AssignmentRecord& a,
                                                       const people::AuditEntry& audit) {
  return Audited(db_, audit, [&](Connection& conn) -> Result<AssignmentRecord> {
    auto programme = QueryInt(conn, "SELECT id FROM programmes WHERE slug = ?", "", a.programme);
    if (!programme.ok()) {
      if (programme.status().code() != StatusCode::kNotFound) return programme.status();
      return Status::NotFound("no programme '" + a.programme + "'")
          .WithReason("programme_not_found");
    }
    LOPHOC_ASSIGN_OR_RETURN(auto open,
                            QueryOptional(
                                conn,
                                "SELECT 1 FROM programme_assignments WHERE user_id = ? AND "
                                "programme_id = ? AND ends_on IS NULL",
                                [](const Statement&) { return true; }, a.user_id, *programme));
    if (open) {
      return Status::Conflict("the person has this programme assigned already")
          .WithReason("assignment_exists");
    }
    LOPHOC_RETURN_IF_ERROR(Execute(
        conn,
        "INSERT INTO programme_assignments (user_id, programme_id, starts_on, reason, "
        "assigned_by, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        a.user_id, *programme, FormatIsoDate(a.starts_on), a.reason, a.assigned_by, audit.at));
    return ById(conn, conn.LastInsertId());
  });
}

Result<AssignmentRecord> SqliteAssignmentStore::EndAssignment(int64_t id, LocalDate last_day,
                                                              std::optional<int64_t> by,
                                                              const people::AuditEntry& audit) {
  return Audited(db_, audit, [&](Connection& conn) -> Result<AssignmentRecord> {
    LOPHOC_ASSIGN_OR_RETURN(AssignmentRecord a, ById(conn, id));
    if (!a.ended_at.empty()) {
      return Status::Conflict("this assignment has ended already").WithReason("assignment_ended");
    }
    if (last_day < a.starts_on) {
      return Status::InvalidArgument("an assignment cannot end before its first day")
          .WithReason("assignment_end_before_start")
          .WithField("on");
    }
    LOPHOC_RETURN_IF_ERROR(Execute(
        conn,
        "UPDATE programme_assignments SET ends_on = ?, ended_by = ?, ended_at = ? WHERE id = ?",
        FormatIsoDate(last_day), by, audit.at, id));
    return ById(conn, id);
  });
}

}  // namespace lophoc::storage
