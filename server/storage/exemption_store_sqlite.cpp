#include "server/storage/exemption_store_sqlite.h"

#include <nlohmann/json.hpp>

#include "server/storage/people_rows.h"
#include "server/storage/statements.h"

namespace lophoc::storage {
namespace {

using training::ExemptionRecord;

constexpr const char* kSelect =
    "SELECT e.id, e.user_id, coalesce(p.slug, ''), e.reason, e.starts_on, e.ends_on, e.ended_on, "
    "e.created_by, e.created_at, e.ended_by, coalesce(e.ended_at, ''), u.username, "
    "u.display_name, coalesce(o.path, '') FROM exemptions e JOIN users u ON u.id = e.user_id "
    "LEFT JOIN org_units o ON o.id = u.org_unit_id LEFT JOIN programmes p ON p.id = "
    "e.programme_id ";

ExemptionRecord ReadExemption(const Statement& st) {
  ExemptionRecord e;
  std::string starts;
  std::string ends;
  std::optional<std::string> ended;
  ReadColumns(st, 0, e.id, e.user_id, e.programme, e.reason, starts, ends, ended, e.created_by,
              e.created_at, e.ended_by, e.ended_at, e.username, e.display_name, e.org_path);
  // The CHECK constraints keep the days in this form.
  e.starts_on = ParseIsoDate(starts).value_or(LocalDate{});
  e.ends_on = ParseIsoDate(ends).value_or(LocalDate{});
  if (ended) e.ended_on = ParseIsoDate(*ended);
  return e;
}

people::AuditEntry AuditOf(const training::ChangedBy& by, const std::string& action, int64_t id,
                           const nlohmann::json& details) {
  people::AuditEntry a;
  a.at = by.at;
  a.actor_user_id = by.user_id;
  a.actor = by.name;
  a.action = action;
  a.object_type = "exemption";
  a.object_key = std::to_string(id);
  a.details_json = details.dump();
  return a;
}

Status NoExemption(int64_t id) {
  return Status::NotFound("no exemption " + std::to_string(id))
      .WithReason("exemption_not_found")
      .WithParam("id", id);
}

}  // namespace

Result<ExemptionRecord> SqliteExemptionStore::CreateExemption(const ExemptionRecord& e,
                                                              const training::ChangedBy& by) {
  return InTransaction(db_, [&](Connection& conn) -> Result<ExemptionRecord> {
    std::optional<int64_t> programme_id;
    if (!e.programme.empty()) {
      LOPHOC_ASSIGN_OR_RETURN(
          programme_id, QueryOptional(
                            conn, "SELECT id FROM programmes WHERE slug = ?",
                            [](const Statement& st) { return st.ColumnInt(0); }, e.programme));
      if (!programme_id) {
        return Status::NotFound("no programme '" + e.programme + "'")
            .WithReason("programme_not_found")
            .WithParam("slug", e.programme);
      }
    }
    LOPHOC_RETURN_IF_ERROR(Execute(
        conn,
        "INSERT INTO exemptions (user_id, programme_id, reason, starts_on, ends_on, created_by, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        e.user_id, programme_id, e.reason, FormatIsoDate(e.starts_on), FormatIsoDate(e.ends_on),
        by.user_id, by.at));
    const int64_t id = conn.LastInsertId();
    LOPHOC_RETURN_IF_ERROR(
        people_rows::WriteAudit(conn, AuditOf(by, "exemption.create", id,
                                              {{"user_id", e.user_id},
                                               {"programme", e.programme},
                                               {"reason", e.reason},
                                               {"starts_on", FormatIsoDate(e.starts_on)},
                                               {"ends_on", FormatIsoDate(e.ends_on)}})));
    return QueryOne(conn, std::string(kSelect) + "WHERE e.id = ?", ReadExemption,
                    "exemption vanished", id);
  });
}

Result<ExemptionRecord> SqliteExemptionStore::FindExemption(int64_t id) {
  auto conn = db_->Acquire();
  LOPHOC_ASSIGN_OR_RETURN(
      auto found, QueryOptional(*conn, std::string(kSelect) + "WHERE e.id = ?", ReadExemption, id));
  if (!found) return NoExemption(id);
  return std::move(*found);
}

Result<std::vector<ExemptionRecord>> SqliteExemptionStore::ExemptionsOf(int64_t user_id) {
  auto conn = db_->Acquire();
  return QueryAll(*conn, std::string(kSelect) + "WHERE e.user_id = ? ORDER BY e.starts_on, e.id",
                  ReadExemption, user_id);
}

Result<std::vector<ExemptionRecord>> SqliteExemptionStore::ListExemptions(
    const training::ExemptionFilter& f) {
  auto conn = db_->Acquire();
  const std::optional<std::string> day =
      f.active_on ? std::optional<std::string>(FormatIsoDate(*f.active_on)) : std::nullopt;
  return QueryAll(
      *conn,
      std::string(kSelect) + "WHERE " + people_rows::ScopeCondition("o.path") +
          " AND (?3 IS NULL OR e.user_id = ?3) AND (?4 IS NULL OR (e.starts_on <= ?4 AND "
          "coalesce(e.ended_on, e.ends_on) >= ?4)) ORDER BY e.id DESC LIMIT ?5",
      ReadExemption, f.everything ? 1 : 0, f.path, f.user_id, day, f.limit);
}

Result<ExemptionRecord> SqliteExemptionStore::EndExemption(int64_t id, LocalDate on,
                                                           const training::ChangedBy& by) {
  return InTransaction(db_, [&](Connection& conn) -> Result<ExemptionRecord> {
    LOPHOC_ASSIGN_OR_RETURN(auto ended,
                            QueryOptional(
                                conn, "SELECT ended_on IS NOT NULL FROM exemptions WHERE id = ?",
                                [](const Statement& st) { return st.ColumnInt(0) != 0; }, id));
    if (!ended) return NoExemption(id);
    if (*ended) {
      return Status::Conflict("exemption " + std::to_string(id) + " was ended already")
          .WithReason("exemption_ended_already");
    }
    LOPHOC_RETURN_IF_ERROR(
        Execute(conn, "UPDATE exemptions SET ended_on = ?, ended_by = ?, ended_at = ? WHERE id = ?",
                FormatIsoDate(on), by.user_id, by.at, id));
    LOPHOC_RETURN_IF_ERROR(people_rows::WriteAudit(
        conn, AuditOf(by, "exemption.end", id, {{"on", FormatIsoDate(on)}})));
    return QueryOne(conn, std::string(kSelect) + "WHERE e.id = ?", ReadExemption,
                    "exemption vanished", id);
  });
}

}  // namespace lophoc::storage
