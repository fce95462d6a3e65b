// The shared part of Applier (org_change_applier.h): which change goes where,
// the refusals (with the change's line), the checks of today's state and
// history every kind of change makes, the version and placement writes they
// share, and the org_changes row that records a change.
#include "server/storage/org_change_applier.h"

#include "people/vocabulary.h"
#include "server/storage/people_rows.h"
#include "server/storage/statements.h"

namespace lophoc::storage::org_changes {
namespace {

// `s` with "line N: " before its message (its code kept).
Status OnLine(const Status& s, int line) {
  std::string msg = "line " + std::to_string(line) + ": " + s.message();
  switch (s.code()) {
    case StatusCode::kNotFound:
      return Status::NotFound(std::move(msg));
    case StatusCode::kInvalidArgument:
      return Status::InvalidArgument(std::move(msg));
    case StatusCode::kAlreadyExists:
      return Status::AlreadyExists(std::move(msg));
    case StatusCode::kPermissionDenied:
      return Status::PermissionDenied(std::move(msg));
    case StatusCode::kConflict:
      return Status::Conflict(std::move(msg));
    default:
      return s;
  }
}

}  // namespace

Result<OrgChangeEffect> Applier::Apply(const OrgChange& ch) {
  line_ = ch.line;
  OrgChangeEffect e;
  e.change = ch;
  const std::string family = ch.kind.compare(0, 5, "unit_") == 0   ? "unit:"
                             : ch.kind.compare(0, 5, "site_") == 0 ? "site:"
                                                                   : "person:";
  if (!seen_.insert(family + ch.subject).second) {
    return Refuse(Status::InvalidArgument("'" + ch.subject +
                                          "' is the subject of two changes of one "
                                          "reorganisation"),
                  "org_change_duplicate", "subject", ch.subject);
  }
  Status s = Dispatch(ch, e);
  if (!s.ok()) return s;
  LOPHOC_ASSIGN_OR_RETURN(e.id, Record(ch, e));
  return e;
}

Status Applier::Dispatch(const OrgChange& ch, OrgChangeEffect& e) {
  const std::string& k = ch.kind;
  if (k == "unit_create") return UnitCreate(ch, e);
  if (k == "unit_rename" || k == "unit_relevel") return UnitRelabel(ch, e);
  if (k == "unit_move") return UnitMove(ch, e);
  if (k == "unit_merge" || k == "unit_dissolve") return UnitEnd(ch, e);
  if (k == "site_create") return SiteCreate(ch, e);
  if (k == "site_move" || k == "site_retype" || k == "site_rename" || k == "site_close") {
    return SiteChange(ch, e);
  }
  if (k == "person_move") return PersonMove(ch, e);
  return Refuse(Status::InvalidArgument("unknown kind of org change '" + k + "'"),
                "org_change_kind_invalid", "kind", k);
}

Status Applier::Refuse(Status s, const std::string& reason, const std::string& field,
                       const std::string& value) const {
  if (line_ > 0) s = OnLine(s, line_);
  s = std::move(s).WithReason(reason).WithField(field).WithParam("value", value);
  if (line_ > 0) s = std::move(s).WithParam("line", static_cast<int64_t>(line_));
  return s;
}

Status Applier::Required(const std::string& field, const std::string& kind) const {
  return Refuse(Status::InvalidArgument(kind + " needs " + field), "org_change_field_required",
                field, field);
}

Result<OrgUnit> Applier::UnitIn(const std::string& code, const std::string& field, bool strict) {
  auto unit = people_rows::UnitByCode(c_, code);
  if (!unit.ok() && unit.status().code() != StatusCode::kNotFound) return unit.status();
  if (!unit.ok() || !scope_.Contains(unit->path)) {
    return Refuse(Status::NotFound("org unit '" + code + "' not found"), "org_not_found", field,
                  code);
  }
  if (strict && !scope_.everything() && unit->path == scope_.path()) {
    return Refuse(Status::PermissionDenied("you may not change org unit '" + code + "'"),
                  "may_not_change", field, code);
  }
  return unit;
}

Result<Site> Applier::SiteIn(const std::string& code, const std::string& field) {
  auto site = people_rows::SiteByCode(c_, code);
  if (!site.ok() && site.status().code() != StatusCode::kNotFound) return site.status();
  if (!site.ok() || !scope_.Contains(site->org_path)) {
    return Refuse(Status::NotFound("site '" + code + "' not found"), "site_not_found", field, code);
  }
  return site;
}

Result<History> Applier::HistoryOf(const char* table, const char* key, int64_t id) {
  return QueryOne(
      c_,
      std::string("SELECT (SELECT min(valid_from) FROM ") + table + " WHERE " + key +
          " = ?1), valid_from, state FROM " + table + " WHERE " + key +
          " = ?1 ORDER BY valid_from DESC LIMIT 1",
      [](const Statement& st) {
        History h;
        ReadColumns(st, 0, h.first, h.newest, h.state);
        return h;
      },
      "no history", id);
}

Status Applier::Dated(const std::string& day, const History& h, const std::string& code) {
  if (day < h.first) {
    return Refuse(Status::Conflict("the change is dated " + day + ", before '" + code +
                                   "' existed (" + h.first + ")"),
                  "org_change_before_unit", "effective_on", day);
  }
  if (day < h.newest) {
    return Refuse(Status::Conflict("the change is dated " + day +
                                   ", before the latest change "
                                   "of '" +
                                   code + "' (" + h.newest + ")"),
                  "org_change_before_history", "effective_on", day);
  }
  return Status::Ok();
}

Result<History> Applier::ActiveUnit(const OrgUnit& u, const std::string& day,
                                    const std::string& field) {
  LOPHOC_ASSIGN_OR_RETURN(History h, HistoryOf("org_unit_versions", "unit_id", u.id));
  if (h.state != "active") {
    return Refuse(Status::Conflict("org unit '" + u.code + "' was " + h.state + " on " + h.newest),
                  "org_unit_not_active", field, u.code);
  }
  LOPHOC_RETURN_IF_ERROR(Dated(day, h, u.code));
  return h;
}

Result<History> Applier::OpenSite(const Site& s, const std::string& day, const std::string& field) {
  LOPHOC_ASSIGN_OR_RETURN(History h, HistoryOf("site_versions", "site_id", s.id));
  if (h.state != "open") {
    return Refuse(Status::Conflict("site '" + s.code + "' was closed on " + h.newest),
                  "site_closed", field, s.code);
  }
  LOPHOC_RETURN_IF_ERROR(Dated(day, h, s.code));
  return h;
}

Status Applier::Unchanged(const std::string& what) const {
  return Refuse(Status::Conflict("the change changes nothing: " + what), "org_change_unchanged", "",
                what);
}

Result<int64_t> Applier::PeopleUnder(const std::string& path) {
  return QueryInt(c_,
                  "SELECT count(*) FROM users u JOIN sites s ON s.id = u.site_id "
                  "JOIN org_units so ON so.id = s.org_unit_id WHERE u.active = 1 AND "
                  "substr(so.path, 1, length(?1)) = ?1",
                  "count", path);
}

Result<int64_t> Applier::PeopleAt(int64_t site_id) {
  return QueryInt(c_, "SELECT count(*) FROM users WHERE active = 1 AND site_id = ?", "count",
                  site_id);
}

Status Applier::UnitVersion(const std::string& day, int64_t unit_id, const std::string& name,
                            const std::string& level, std::optional<int64_t> parent_id,
                            const std::string& state, std::optional<int64_t> successor_id) {
  return Execute(c_,
                 "INSERT INTO org_unit_versions (unit_id, valid_from, name, level, parent_id, "
                 "state, successor_id, change_id) VALUES (?, ?, ?, ?, ?, ?, ?, NULL) "
                 "ON CONFLICT (unit_id, valid_from) DO UPDATE SET name = excluded.name, "
                 "level = excluded.level, parent_id = excluded.parent_id, "
                 "state = excluded.state, successor_id = excluded.successor_id",
                 unit_id, day, name, level, parent_id, state, successor_id);
}

Status Applier::SiteVersion(const std::string& day, int64_t site_id, const std::string& name,
                            const std::string& type, int64_t unit_id, const std::string& state) {
  return Execute(c_,
                 "INSERT INTO site_versions (site_id, valid_from, name, type, org_unit_id, "
                 "state, change_id) VALUES (?, ?, ?, ?, ?, ?, NULL) "
                 "ON CONFLICT (site_id, valid_from) DO UPDATE SET name = excluded.name, "
                 "type = excluded.type, org_unit_id = excluded.org_unit_id, "
                 "state = excluded.state",
                 site_id, day, name, type, unit_id, state);
}

Status Applier::Reparent(const OrgUnit& unit, const OrgUnit& parent) {
  LOPHOC_RETURN_IF_ERROR(
      Execute(c_, "UPDATE org_units SET parent_id = ? WHERE id = ?", parent.id, unit.id));
  const std::string new_path = parent.path + std::to_string(unit.id) + "/";
  return Execute(c_,
                 "UPDATE org_units SET path = ?1 || substr(path, length(?2) + 1) "
                 "WHERE substr(path, 1, length(?2)) = ?2",
                 new_path, unit.path);
}

Status Applier::MoveSite(const std::string& day, const Site& s, const OrgUnit& to) {
  LOPHOC_ASSIGN_OR_RETURN(History h, HistoryOf("site_versions", "site_id", s.id));
  LOPHOC_RETURN_IF_ERROR(
      SiteVersion(day, s.id, s.name, people::SiteTypeName(s.type), to.id, h.state));
  LOPHOC_RETURN_IF_ERROR(Execute(c_, "UPDATE sites SET org_unit_id = ? WHERE id = ?", to.id, s.id));
  // People at the site follow it.
  return Execute(c_, "UPDATE users SET org_unit_id = ? WHERE site_id = ? AND org_unit_id = ?",
                 to.id, s.id, s.org_unit_id);
}

Result<std::vector<OrgUnit>> Applier::ChildrenOf(const OrgUnit& u) {
  std::vector<std::string> codes;
  LOPHOC_RETURN_IF_ERROR(ForEachRow(
      c_, "SELECT code FROM org_units WHERE parent_id = ? ORDER BY code",
      [&](const Statement& st) { codes.push_back(st.ColumnText(0)); }, u.id));
  std::vector<OrgUnit> out;
  for (const auto& code : codes) {
    LOPHOC_ASSIGN_OR_RETURN(OrgUnit child, people_rows::UnitByCode(c_, code));
    out.push_back(std::move(child));
  }
  return out;
}

Result<std::vector<Site>> Applier::SitesOf(const OrgUnit& u) {
  std::vector<std::string> codes;
  LOPHOC_RETURN_IF_ERROR(ForEachRow(
      c_, "SELECT code FROM sites WHERE org_unit_id = ? ORDER BY code",
      [&](const Statement& st) { codes.push_back(st.ColumnText(0)); }, u.id));
  std::vector<Site> out;
  for (const auto& code : codes) {
    LOPHOC_ASSIGN_OR_RETURN(Site s, people_rows::SiteByCode(c_, code));
    out.push_back(std::move(s));
  }
  return out;
}

Result<int64_t> Applier::Record(const OrgChange& ch, const OrgChangeEffect& e) {
  json units = json::array();
  for (const auto& u : e.units) units.push_back({{"code", u.code}, {"from", u.from}, {"to", u.to}});
  json sites = json::array();
  for (const auto& s : e.sites) sites.push_back({{"code", s.code}, {"from", s.from}, {"to", s.to}});
  json details = details_;
  details["units"] = units;
  details["sites"] = sites;
  details["people"] = e.people;
  details_ = json::object();
  std::optional<std::string> batch;
  if (!batch_.empty()) batch = batch_;
  LOPHOC_RETURN_IF_ERROR(Execute(c_,
                                 "INSERT INTO org_changes (kind, effective_on, subject, details, "
                                 "batch, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                                 ch.kind, ch.effective_on, ch.subject, details.dump(), batch,
                                 audit_.actor_user_id, audit_.at));
  const int64_t id = c_.LastInsertId();
  for (const auto& v : versions_) {
    const std::string key = v.table == std::string("org_unit_versions") ? "unit_id" : "site_id";
    LOPHOC_RETURN_IF_ERROR(Execute(c_,
                                   std::string("UPDATE ") + v.table + " SET change_id = ? WHERE " +
                                       key + " = ? AND valid_from = ?",
                                   id, v.id, v.day));
  }
  versions_.clear();
  return id;
}
}  // namespace lophoc::storage::org_changes
