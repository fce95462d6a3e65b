#include "server/storage/target_store_sqlite.h"

#include <nlohmann/json.hpp>

#include "server/storage/people_rows.h"
#include "server/storage/statements.h"

namespace lophoc::storage {
namespace {

using nlohmann::json;
using training::Target;

constexpr const char* kSelect =
    "SELECT t.id, t.kind, t.title, t.source, t.org_unit_id, coalesce(p.slug, ''), t.site_types, "
    "t.staff_categories, t.percent, t.starts_on, t.deadline, t.window_days, t.created_by, "
    "t.created_at, coalesce(t.retired_at, ''), o.code, o.name, o.path FROM targets t JOIN "
    "org_units o ON o.id = t.org_unit_id LEFT JOIN programmes p ON p.id = t.programme_id ";

std::vector<std::string> Codes(const std::string& text) {
  std::vector<std::string> out;
  const json j = json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& v : j) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

Target ReadTarget(const Statement& st) {
  Target t;
  std::string kind;
  std::string site_types;
  std::string staff_categories;
  std::string starts;
  std::string deadline;
  ReadColumns(st, 0, t.id, kind, t.title, t.source, t.org_unit_id, t.programme, site_types,
              staff_categories, t.percent, starts, deadline, t.window_days, t.created_by,
              t.created_at, t.retired_at, t.org_code, t.org_name, t.org_path);
  // The CHECK constraints keep kinds and days in these forms.
  t.kind = training::ParseTargetKind(kind).value_or(training::TargetKind::kTrained);
  t.site_types = Codes(site_types);
  t.staff_categories = Codes(staff_categories);
  t.starts_on = ParseIsoDate(starts).value_or(LocalDate{});
  t.deadline = ParseIsoDate(deadline).value_or(LocalDate{});
  return t;
}

json Details(const Target& t) {
  return {{"kind", training::TargetKindName(t.kind)},
          {"title", t.title},
          {"source", t.source},
          {"org_unit_id", t.org_unit_id},
          {"programme", t.programme},
          {"site_types", t.site_types},
          {"staff_categories", t.staff_categories},
          {"percent", t.percent},
          {"starts_on", FormatIsoDate(t.starts_on)},
          {"deadline", FormatIsoDate(t.deadline)},
          {"window_days", t.window_days ? json(*t.window_days) : json()}};
}

people::AuditEntry AuditOf(const training::ChangedBy& by, const std::string& action, int64_t id,
                           const json& details) {
  people::AuditEntry a;
  a.at = by.at;
  a.actor_user_id = by.user_id;
  a.actor = by.name;
  a.action = action;
  a.object_type = "target";
  a.object_key = std::to_string(id);
  a.details_json = details.dump();
  return a;
}

Status NoTarget(int64_t id) {
  return Status::NotFound("no target " + std::to_string(id))
      .WithReason("target_not_found")
      .WithParam("id", id);
}

}  // namespace

Result<std::vector<Target>> SqliteTargetStore::CreateTargets(const std::vector<Target>& targets,
                                                             const training::ChangedBy& by) {
  return InTransaction(db_, [&](Connection& conn) -> Result<std::vector<Target>> {
    std::vector<Target> out;
    for (size_t i = 0; i < targets.size(); ++i) {
      const Target& t = targets[i];
      const int64_t index = static_cast<int64_t>(i);
      LOPHOC_ASSIGN_OR_RETURN(
          auto unit, QueryOptional(
                         conn, "SELECT id FROM org_units WHERE id = ?",
                         [](const Statement& st) { return st.ColumnInt(0); }, t.org_unit_id));
      if (!unit) {
        return Status::NotFound("no org unit " + std::to_string(t.org_unit_id))
            .WithReason("org_not_found")
            .WithField("org")
            .WithParam("index", index);
      }
      std::optional<int64_t> programme_id;
      if (!t.programme.empty()) {
        LOPHOC_ASSIGN_OR_RETURN(
            programme_id, QueryOptional(
                              conn, "SELECT id FROM programmes WHERE slug = ?",
                              [](const Statement& st) { return st.ColumnInt(0); }, t.programme));
        if (!programme_id) {
          return Status::NotFound("no programme '" + t.programme + "'")
              .WithReason("programme_not_found")
              .WithField("programme")
              .WithParam("slug", t.programme)
              .WithParam("index", index);
        }
      }
      LOPHOC_RETURN_IF_ERROR(Execute(
          conn,
          "INSERT INTO targets (kind, title, source, org_unit_id, programme_id, site_types, "
          "staff_categories, percent, starts_on, deadline, window_days, created_by, created_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          std::string(training::TargetKindName(t.kind)), t.title, t.source, t.org_unit_id,
          programme_id, json(t.site_types).dump(), json(t.staff_categories).dump(), t.percent,
          FormatIsoDate(t.starts_on), FormatIsoDate(t.deadline), t.window_days, by.user_id, by.at));
      const int64_t id = conn.LastInsertId();
      LOPHOC_RETURN_IF_ERROR(
          people_rows::WriteAudit(conn, AuditOf(by, "target.create", id, Details(t))));
      LOPHOC_ASSIGN_OR_RETURN(Target stored, QueryOne(conn, std::string(kSelect) + "WHERE t.id = ?",
                                                      ReadTarget, "target vanished", id));
      out.push_back(std::move(stored));
    }
    return out;
  });
}

Result<Target> SqliteTargetStore::FindTarget(int64_t id) {
  auto conn = db_->Acquire();
  LOPHOC_ASSIGN_OR_RETURN(
      auto found, QueryOptional(*conn, std::string(kSelect) + "WHERE t.id = ?", ReadTarget, id));
  if (!found) return NoTarget(id);
  return std::move(*found);
}

Result<std::vector<Target>> SqliteTargetStore::ListTargets(const training::TargetFilter& f) {
  auto conn = db_->Acquire();
  const bool by_ids = !f.unit_ids.empty();
  const std::optional<std::string> kind =
      f.kind ? std::optional<std::string>(training::TargetKindName(*f.kind)) : std::nullopt;
  return QueryAll(
      *conn,
      std::string(kSelect) +
          "WHERE (CASE WHEN ?3 = 1 THEN t.org_unit_id IN (SELECT value FROM "
          "json_each(?4)) ELSE " +
          people_rows::ScopeCondition("o.path") +
          " END) AND (?5 IS NULL OR t.kind = ?5) AND (?6 = '' OR p.slug = ?6) AND (?7 = 1 OR "
          "t.retired_at IS NULL) ORDER BY o.path, t.deadline, t.id LIMIT ?8",
      ReadTarget, f.everything ? 1 : 0, f.path, by_ids ? 1 : 0, json(f.unit_ids).dump(), kind,
      f.programme, f.include_retired ? 1 : 0, f.limit);
}

Result<Target> SqliteTargetStore::RetireTarget(int64_t id, const training::ChangedBy& by) {
  return InTransaction(db_, [&](Connection& conn) -> Result<Target> {
    LOPHOC_ASSIGN_OR_RETURN(auto retired,
                            QueryOptional(
                                conn, "SELECT retired_at IS NOT NULL FROM targets WHERE id = ?",
                                [](const Statement& st) { return st.ColumnInt(0) != 0; }, id));
    if (!retired) return NoTarget(id);
    if (*retired) {
      return Status::Conflict("target " + std::to_string(id) + " was retired already")
          .WithReason("target_retired_already")
          .WithParam("id", id);
    }
    LOPHOC_RETURN_IF_ERROR(
        Execute(conn, "UPDATE targets SET retired_at = ? WHERE id = ?", by.at, id));
    LOPHOC_RETURN_IF_ERROR(
        people_rows::WriteAudit(conn, AuditOf(by, "target.retire", id, json::object())));
    return QueryOne(conn, std::string(kSelect) + "WHERE t.id = ?", ReadTarget, "target vanished",
                    id);
  });
}

}  // namespace lophoc::storage
