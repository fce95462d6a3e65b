#include "server/storage/activity_store_sqlite.h"

#include "server/storage/statements.h"

namespace lophoc::storage {

Result<std::vector<training::UnitNow>> SqliteActivityStore::Units() {
  auto conn = db_->Acquire();
  // The newest version of each unit (its state today): org_unit_versions is
  // UNIQUE (unit_id, valid_from), so the correlated max is an index seek.
  return QueryAll(
      *conn,
      "SELECT u.id, u.code, u.name, u.level, u.parent_id, u.path, "
      "coalesce(v.state, 'active'), v.successor_id FROM org_units u "
      "LEFT JOIN org_unit_versions v ON v.unit_id = u.id AND v.valid_from = "
      "(SELECT max(valid_from) FROM org_unit_versions WHERE unit_id = u.id) ORDER BY u.path",
      [](const Statement& st) {
        training::UnitNow u;
        ReadColumns(st, 0, u.id, u.code, u.name, u.level, u.parent_id, u.path, u.state,
                    u.successor_id);
        return u;
      });
}

Result<std::vector<training::SitePlacedOn>> SqliteActivityStore::SitesOn(const std::string& day) {
  auto conn = db_->Acquire();
  return QueryAll(
      *conn,
      "SELECT s.id, s.code, v.name, v.type, v.org_unit_id, v.state = 'open' FROM sites s "
      "JOIN site_versions v ON v.site_id = s.id AND v.valid_from = "
      "(SELECT max(valid_from) FROM site_versions WHERE site_id = s.id AND valid_from <= ?1) "
      "ORDER BY s.code",
      [](const Statement& st) {
        training::SitePlacedOn s;
        ReadColumns(st, 0, s.site_id, s.code, s.name, s.type, s.unit_id, s.open);
        return s;
      },
      day);
}

Result<std::map<int64_t, int64_t>> SqliteActivityStore::VisitsBySite(const std::string& from,
                                                                     const std::string& to) {
  auto conn = db_->Acquire();
  std::map<int64_t, int64_t> out;
  LOPHOC_RETURN_IF_ERROR(ForEachRow(
      *conn,
      "SELECT site_id, sum(visits) FROM visit_days WHERE day BETWEEN ? AND ? GROUP BY site_id",
      [&](const Statement& st) { out[st.ColumnInt(0)] = st.ColumnInt(1); }, from, to));
  return out;
}

Result<std::map<int64_t, int64_t>> SqliteActivityStore::LearnersBySite(int year) {
  auto conn = db_->Acquire();
  std::map<int64_t, int64_t> out;
  LOPHOC_RETURN_IF_ERROR(ForEachRow(
      *conn, "SELECT site_id, count(*) FROM learner_years WHERE year = ? GROUP BY site_id",
      [&](const Statement& st) { out[st.ColumnInt(0)] = st.ColumnInt(1); }, year));
  return out;
}

Result<std::map<int64_t, std::string>> SqliteActivityStore::LessonDaysBySite(
    const std::string& from, const std::string& to) {
  auto conn = db_->Acquire();
  std::map<int64_t, std::string> out;
  LOPHOC_RETURN_IF_ERROR(ForEachRow(
      *conn,
      "SELECT site_id, max(day) FROM visit_days WHERE day BETWEEN ? AND ? AND lesson_views > 0 "
      "GROUP BY site_id",
      [&](const Statement& st) { out[st.ColumnInt(0)] = st.ColumnText(1); }, from, to));
  return out;
}

Result<std::string> SqliteActivityStore::LastLessonDay(int64_t site_id, const std::string& to) {
  auto conn = db_->Acquire();
  LOPHOC_ASSIGN_OR_RETURN(auto day,
                          QueryOptional(
                              *conn,
                              "SELECT day FROM visit_days WHERE site_id = ? AND day <= ? AND "
                              "lesson_views > 0 ORDER BY day DESC LIMIT 1",
                              [](const Statement& st) { return st.ColumnText(0); }, site_id, to));
  return day.value_or("");
}

Result<std::vector<training::ActivityTarget>> SqliteActivityStore::Targets() {
  auto conn = db_->Acquire();
  return QueryAll(
      *conn,
      "SELECT id, kind, title, source, org_unit_id, percent, starts_on, deadline, window_days "
      "FROM targets WHERE retired_at IS NULL AND kind IN ('learners_growth', 'visits_growth', "
      "'sites_active') ORDER BY id",
      [](const Statement& st) {
        training::ActivityTarget t;
        ReadColumns(st, 0, t.id, t.kind, t.title, t.source, t.org_unit_id, t.percent, t.starts_on,
                    t.deadline, t.window_days);
        return t;
      });
}

}  // namespace lophoc::storage
