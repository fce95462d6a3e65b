#include "server/storage/report_store_sqlite.h"

#include <nlohmann/json.hpp>
#include <unordered_map>

#include "server/storage/statements.h"
#include "training/exemption_store.h"

namespace lophoc::storage {
namespace {

using training::DayRows;
using training::PersonRows;

// A stored day; the CHECK constraints keep them in this form.
std::optional<LocalDate> Day(const Statement& st, int col) {
  if (st.ColumnIsNull(col)) return std::nullopt;
  return ParseIsoDate(st.ColumnText(col));
}

// The first instant after local day `day`, as stored times are written:
// midnight in Vietnam is 17:00 UTC the day before.
std::string EndOfDay(LocalDate day) { return FormatIsoDate(day) + "T17:00:00Z"; }

Status ReadUnits(Connection& conn, LocalDate day, DayRows& out) {
  LOPHOC_RETURN_IF_ERROR(ForEachRow(
      conn,
      "SELECT u.id, u.code, v.name, v.level, v.parent_id, v.state, v.successor_id, u.path, "
      "t.state, t.successor_id FROM org_units u "
      "JOIN org_unit_versions v ON v.unit_id = u.id AND v.valid_from = (SELECT max(valid_from) "
      "FROM org_unit_versions w WHERE w.unit_id = u.id AND w.valid_from <= ?1) "
      "JOIN org_unit_versions t ON t.unit_id = u.id AND t.valid_from = (SELECT max(valid_from) "
      "FROM org_unit_versions w WHERE w.unit_id = u.id)",
      [&](const Statement& st) {
        training::UnitOnDay u;
        ReadColumns(st, 0, u.id, u.code, u.name, u.level, u.parent_id, u.state, u.successor_id,
                    u.today_path, u.today_state, u.today_successor_id);
        out.units.emplace(u.id, std::move(u));
      },
      FormatIsoDate(day)));
  // A unit that did not exist yet on the day (all its versions are later):
  // kept with state "none", for its today's state and for successor chains
  // that lead into it.
  LOPHOC_RETURN_IF_ERROR(ForEachRow(
      conn,
      "SELECT u.id, u.code, t.name, t.level, t.parent_id, t.path_state, t.successor_id, u.path "
      "FROM org_units u JOIN (SELECT v.unit_id, v.name, v.level, v.parent_id, v.state AS "
      "path_state, v.successor_id FROM org_unit_versions v WHERE v.valid_from = (SELECT "
      "max(valid_from) FROM org_unit_versions w WHERE w.unit_id = v.unit_id)) t ON t.unit_id = "
      "u.id WHERE NOT EXISTS (SELECT 1 FROM org_unit_versions w WHERE w.unit_id = u.id AND "
      "w.valid_from <= ?1)",
      [&](const Statement& st) {
        training::UnitOnDay u;
        ReadColumns(st, 0, u.id, u.code, u.name, u.level, u.parent_id, u.today_state,
                    u.today_successor_id, u.today_path);
        u.state = "none";
        out.units.emplace(u.id, std::move(u));
      },
      FormatIsoDate(day)));
  // A unit without any version (made by code that does not write them yet)
  // reads as the contract's undated state: today's row, for every day.
  return ForEachRow(conn,
                    "SELECT u.id, u.code, u.name, u.level, u.parent_id, u.path FROM org_units u "
                    "WHERE NOT EXISTS (SELECT 1 FROM org_unit_versions w WHERE w.unit_id = u.id)",
                    [&](const Statement& st) {
                      training::UnitOnDay u;
                      ReadColumns(st, 0, u.id, u.code, u.name, u.level, u.parent_id, u.today_path);
                      out.units.emplace(u.id, std::move(u));
                    });
}

Status ReadSites(Connection& conn, LocalDate day, DayRows& out) {
  LOPHOC_RETURN_IF_ERROR(ForEachRow(
      conn,
      "SELECT s.id, s.code, v.name, v.type, v.org_unit_id, v.state = 'open', o.path FROM sites s "
      "JOIN org_units o ON o.id = s.org_unit_id JOIN site_versions v ON v.site_id = s.id AND "
      "v.valid_from = (SELECT max(valid_from) "
      "FROM site_versions w WHERE w.site_id = s.id AND w.valid_from <= ?1)",
      [&](const Statement& st) {
        training::SiteOnDay s;
        ReadColumns(st, 0, s.id, s.code, s.name, s.type, s.unit_id, s.open, s.today_unit_path);
        out.sites.emplace(s.id, std::move(s));
      },
      FormatIsoDate(day)));
  // As for units: a site without any version is today's row on every day.
  return ForEachRow(conn,
                    "SELECT s.id, s.code, s.name, s.type, s.org_unit_id, 1, o.path FROM sites s "
                    "JOIN org_units o ON o.id = s.org_unit_id "
                    "WHERE NOT EXISTS (SELECT 1 FROM site_versions w WHERE w.site_id = s.id)",
                    [&](const Statement& st) {
                      training::SiteOnDay s;
                      ReadColumns(st, 0, s.id, s.code, s.name, s.type, s.unit_id, s.open,
                                  s.today_unit_path);
                      out.sites.emplace(s.id, std::move(s));
                    });
}

// Every placement made before the day ended, person by person, of the
// people who ever had a staff category (citizens never do: most of the table,
// skipped through the partial index staff_placements_staff, migration 0020);
// keeps those whose last placement names a category and an open site.
Status ReadPlacements(Connection& conn, LocalDate day, DayRows& out) {
  PersonRows current;
  auto flush = [&] {
    if (current.user_id == 0) return;
    const auto site = current.site_id ? out.sites.find(*current.site_id) : out.sites.end();
    if (!current.staff_category.empty() && site != out.sites.end() && site->second.open) {
      out.people.push_back(std::move(current));
    }
    current = PersonRows{};
  };
  LOPHOC_RETURN_IF_ERROR(ForEachRow(
      conn,
      "SELECT p.user_id, p.from_at, coalesce(p.staff_category, ''), p.site_id, u.username, "
      "u.display_name FROM staff_placements p JOIN users u ON u.id = p.user_id "
      "WHERE p.from_at < ?1 AND p.user_id IN (SELECT user_id FROM staff_placements "
      "WHERE staff_category IS NOT NULL) ORDER BY p.user_id, p.from_at, p.id",
      [&](const Statement& st) {
        const int64_t user = st.ColumnInt(0);
        if (user != current.user_id) {
          flush();
          current.user_id = user;
          current.username = st.ColumnText(4);
          current.display_name = st.ColumnText(5);
        }
        const auto at = ParseIso8601(st.ColumnText(1));
        if (!at) return;  // written by RecordPlacement: always an instant
        current.staff_category = st.ColumnText(2);
        current.site_id =
            st.ColumnIsNull(3) ? std::nullopt : std::optional<int64_t>(st.ColumnInt(3));
        std::string type;
        if (current.site_id) {
          const auto s = out.sites.find(*current.site_id);
          if (s != out.sites.end()) type = s->second.type;
        }
        current.placements.push_back({LocalDateOf(*at), current.staff_category, type});
      },
      EndOfDay(day)));
  flush();
  return Status::Ok();
}

// The people's other rows for the programme, attached through `by_user`.
Status ReadFacts(Connection& conn, int64_t programme_id, const std::vector<std::string>& courses,
                 LocalDate day, DayRows& out) {
  std::unordered_map<int64_t, PersonRows*> by_user;
  for (auto& p : out.people) by_user[p.user_id] = &p;
  const std::string d = FormatIsoDate(day);
  LOPHOC_RETURN_IF_ERROR(ForEachRow(
      conn,
      "SELECT user_id, id, starts_on, ends_on, reason FROM programme_assignments "
      "WHERE programme_id = ?1 AND starts_on <= ?2 ORDER BY user_id, starts_on, id",
      [&](const Statement& st) {
        auto it = by_user.find(st.ColumnInt(0));
        if (it == by_user.end()) return;
        training::IndividualAssignment a;
        a.id = st.ColumnInt(1);
        a.from = Day(st, 2).value_or(LocalDate{});
        a.until = Day(st, 3);
        a.reason = st.ColumnText(4);
        it->second->assignments.push_back(std::move(a));
      },
      programme_id, d));
  std::unordered_map<int64_t, training::CertificationRecord*> by_cert;
  LOPHOC_RETURN_IF_ERROR(ForEachRow(
      conn,
      "SELECT user_id, id, completed_on, valid_until, basis, revoked_on FROM certifications "
      "WHERE programme_id = ?1 AND completed_on <= ?2 ORDER BY user_id, completed_on, id",
      [&](const Statement& st) {
        auto it = by_user.find(st.ColumnInt(0));
        if (it == by_user.end()) return;
        training::CertificationRecord c;
        c.user_id = st.ColumnInt(0);
        c.id = st.ColumnInt(1);
        c.completed = Day(st, 2).value_or(LocalDate{});
        c.valid_until = Day(st, 3);
        c.basis = training::BasisFromName(st.ColumnText(4)).value_or(training::Basis{});
        c.revoked_on = Day(st, 5);
        it->second->certifications.push_back(std::move(c));
      },
      programme_id, d));
  for (auto& p : out.people) {
    for (auto& c : p.certifications) by_cert[c.id] = &c;
  }
  LOPHOC_RETURN_IF_ERROR(ForEachRow(
      conn,
      "SELECT d.certification_id, d.previous_valid_until, d.previous_basis, d.new_valid_until, "
      "d.new_basis, d.effective_on FROM certification_redatings d JOIN certifications c ON "
      "c.id = d.certification_id WHERE c.programme_id = ?1 AND c.completed_on <= ?2 "
      "ORDER BY d.certification_id, d.id",
      [&](const Statement& st) {
        auto it = by_cert.find(st.ColumnInt(0));
        if (it == by_cert.end()) return;
        training::Redating r;
        r.certification_id = it->first;
        r.previous_until = Day(st, 1);
        r.previous_basis = training::BasisFromName(st.ColumnText(2)).value_or(training::Basis{});
        r.new_until = Day(st, 3);
        r.new_basis = training::BasisFromName(st.ColumnText(4)).value_or(training::Basis{});
        r.effective_on = Day(st, 5).value_or(LocalDate{});
        it->second->redatings.push_back(std::move(r));
      },
      programme_id, d));
  for (auto& p : out.people) {
    for (auto& c : p.certifications) {
      // With the dates in force on that day; a revocation after it was not
      // known on it (as CertificationService::StandingsOf reads them).
      c = training::DatedOn(c, day);
      if (c.revoked_on && *c.revoked_on > day) c.revoked_on.reset();
    }
  }
  LOPHOC_RETURN_IF_ERROR(ForEachRow(
      conn,
      "SELECT user_id, starts_on, ends_on, ended_on FROM exemptions "
      "WHERE (programme_id IS NULL OR programme_id = ?1) AND starts_on <= ?2 "
      "ORDER BY user_id, starts_on, id",
      [&](const Statement& st) {
        auto it = by_user.find(st.ColumnInt(0));
        if (it == by_user.end()) return;
        training::ExemptionRecord e;
        e.starts_on = Day(st, 1).value_or(LocalDate{});
        e.ends_on = Day(st, 2).value_or(LocalDate{});
        e.ended_on = Day(st, 3);
        if (auto rule = e.AsRule()) it->second->exemptions.push_back(*rule);
      },
      programme_id, d));
  // Scanning completions is the dearest read; only the people list needs it.
  if (courses.empty()) return Status::Ok();
  return ForEachRow(
      conn,
      "SELECT k.user_id, min(k.completed_at) FROM completions k JOIN courses c ON "
      "c.id = k.course_id WHERE c.slug IN (SELECT value FROM json_each(?1)) AND "
      "k.completed_at < ?2 GROUP BY k.user_id",
      [&](const Statement& st) {
        auto it = by_user.find(st.ColumnInt(0));
        if (it == by_user.end()) return;
        if (auto at = ParseIso8601(st.ColumnText(1))) it->second->started = LocalDateOf(*at);
      },
      nlohmann::json(courses).dump(), EndOfDay(day));
}

std::vector<std::string> Codes(const std::string& json_text) {
  std::vector<std::string> out;
  const auto j = nlohmann::json::parse(json_text, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& v : j) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

}  // namespace

Result<DayRows> SqliteReportStore::ReadDay(int64_t programme_id,
                                           const std::vector<std::string>& courses, LocalDate day) {
  auto conn = db_->Acquire();
  DayRows out;
  out.day = day;
  // One read transaction: every query sees the same rows.
  LOPHOC_RETURN_IF_ERROR(Execute(*conn, "BEGIN"));
  Status st = ReadUnits(*conn, day, out);
  if (st.ok()) st = ReadSites(*conn, day, out);
  if (st.ok()) st = ReadPlacements(*conn, day, out);
  if (st.ok()) st = ReadFacts(*conn, programme_id, courses, day, out);
  const Status ended = Execute(*conn, "COMMIT");
  LOPHOC_RETURN_IF_ERROR(st);
  LOPHOC_RETURN_IF_ERROR(ended);
  return out;
}

Result<int64_t> SqliteReportStore::ProgrammeId(const std::string& slug) {
  auto conn = db_->Acquire();
  auto id = QueryInt(*conn, "SELECT id FROM programmes WHERE slug = ?", "", slug);
  if (!id.ok() && id.status().code() == StatusCode::kNotFound) {
    return Status::NotFound("no programme '" + slug + "'")
        .WithReason("programme_not_found")
        .WithParam("slug", slug);
  }
  return id;
}

Result<std::vector<training::ReportStore::TrainedTarget>> SqliteReportStore::TrainedTargets(
    int64_t programme_id) {
  auto conn = db_->Acquire();
  std::vector<TrainedTarget> out;
  LOPHOC_RETURN_IF_ERROR(ForEachRow(
      *conn,
      "SELECT t.id, t.title, t.source, t.org_unit_id, o.code, o.path, t.site_types, "
      "t.staff_categories, t.percent, t.starts_on, t.deadline FROM targets t "
      "JOIN org_units o ON o.id = t.org_unit_id WHERE t.kind = 'trained' AND "
      "t.programme_id = ? AND t.retired_at IS NULL ORDER BY t.deadline, t.id",
      [&](const Statement& st) {
        TrainedTarget t;
        ReadColumns(st, 0, t.id, t.title, t.source, t.org_unit_id, t.org_code, t.org_path);
        t.site_types = Codes(st.ColumnText(6));
        t.staff_categories = Codes(st.ColumnText(7));
        t.percent = st.ColumnDouble(8);
        t.starts_on = Day(st, 9).value_or(LocalDate{});
        t.deadline = Day(st, 10).value_or(LocalDate{});
        out.push_back(std::move(t));
      },
      programme_id));
  return out;
}

}  // namespace lophoc::storage
