// SqliteOrgChangeStore: dated changes of the org tree (docs/org-history.md).
// Every change is checked against today's state (org_units, sites, users and
// the newest versions), then writes its versions, its org_changes row and the
// rows of today's state, in the one transaction of Apply.
#include "server/storage/org_change_store_sqlite.h"

#include <nlohmann/json.hpp>
#include <set>

#include "kernel/calendar.h"
#include "people/vocabulary.h"
#include "server/storage/people_rows.h"
#include "server/storage/statements.h"

namespace lophoc::storage {

using nlohmann::json;
using people::OrgChange;
using people::OrgChangeEffect;
using people::OrgUnit;
using people::Scope;
using people::Site;

namespace {

// The first and the newest version of a unit or site.
struct History {
  std::string first;
  std::string newest;
  std::string state;
};

struct Person {
  int64_t id = 0;
  std::string username;
  std::optional<int64_t> site_id;
  std::string site_code;
  std::string staff_category;
  std::string path;  // of its unit (or its site's unit)
};

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

class Applier {
 public:
  Applier(Connection& c, const Scope& scope, const people::AuditEntry& audit,
          const std::string& batch)
      : c_(c), scope_(scope), audit_(audit), batch_(batch) {}

  Result<OrgChangeEffect> Apply(const OrgChange& ch) {
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

 private:
  Status Dispatch(const OrgChange& ch, OrgChangeEffect& e) {
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

  // `s` with its reason, field, value and the change's line.
  Status Refuse(Status s, const std::string& reason, const std::string& field,
                const std::string& value) const {
    if (line_ > 0) s = OnLine(s, line_);
    s = std::move(s).WithReason(reason).WithField(field).WithParam("value", value);
    if (line_ > 0) s = std::move(s).WithParam("line", static_cast<int64_t>(line_));
    return s;
  }

  Status Required(const std::string& field, const std::string& kind) const {
    return Refuse(Status::InvalidArgument(kind + " needs " + field), "org_change_field_required",
                  field, field);
  }

  // A unit of today's tree inside the scope; with `strict`, a manager's own
  // unit is refused too (only what lies below it is theirs to change).
  Result<OrgUnit> UnitIn(const std::string& code, const std::string& field, bool strict = false) {
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

  Result<Site> SiteIn(const std::string& code, const std::string& field) {
    auto site = people_rows::SiteByCode(c_, code);
    if (!site.ok() && site.status().code() != StatusCode::kNotFound) return site.status();
    if (!site.ok() || !scope_.Contains(site->org_path)) {
      return Refuse(Status::NotFound("site '" + code + "' not found"), "site_not_found", field,
                    code);
    }
    return site;
  }

  Result<History> HistoryOf(const char* table, const char* key, int64_t id) {
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

  // Refused when `day` comes before `code` existed or before its newest version.
  Status Dated(const std::string& day, const History& h, const std::string& code) {
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

  // The unit's history, refused when it is not active or `day` is too early.
  Result<History> ActiveUnit(const OrgUnit& u, const std::string& day, const std::string& field) {
    LOPHOC_ASSIGN_OR_RETURN(History h, HistoryOf("org_unit_versions", "unit_id", u.id));
    if (h.state != "active") {
      return Refuse(
          Status::Conflict("org unit '" + u.code + "' was " + h.state + " on " + h.newest),
          "org_unit_not_active", field, u.code);
    }
    LOPHOC_RETURN_IF_ERROR(Dated(day, h, u.code));
    return h;
  }

  Result<History> OpenSite(const Site& s, const std::string& day, const std::string& field) {
    LOPHOC_ASSIGN_OR_RETURN(History h, HistoryOf("site_versions", "site_id", s.id));
    if (h.state != "open") {
      return Refuse(Status::Conflict("site '" + s.code + "' was closed on " + h.newest),
                    "site_closed", field, s.code);
    }
    LOPHOC_RETURN_IF_ERROR(Dated(day, h, s.code));
    return h;
  }

  Status Unchanged(const std::string& what) const {
    return Refuse(Status::Conflict("the change changes nothing: " + what), "org_change_unchanged",
                  "", what);
  }

  // Active accounts placed at a site in the subtree at `path`: the people
  // who follow their sites when the subtree moves.
  Result<int64_t> PeopleUnder(const std::string& path) {
    return QueryInt(c_,
                    "SELECT count(*) FROM users u JOIN sites s ON s.id = u.site_id "
                    "JOIN org_units so ON so.id = s.org_unit_id WHERE u.active = 1 AND "
                    "substr(so.path, 1, length(?1)) = ?1",
                    "count", path);
  }

  Result<int64_t> PeopleAt(int64_t site_id) {
    return QueryInt(c_, "SELECT count(*) FROM users WHERE active = 1 AND site_id = ?", "count",
                    site_id);
  }

  // The version of the unit from `day` (replacing one of the same day).
  Status UnitVersion(const std::string& day, int64_t unit_id, const std::string& name,
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

  Status SiteVersion(const std::string& day, int64_t site_id, const std::string& name,
                     const std::string& type, int64_t unit_id, const std::string& state) {
    return Execute(c_,
                   "INSERT INTO site_versions (site_id, valid_from, name, type, org_unit_id, "
                   "state, change_id) VALUES (?, ?, ?, ?, ?, ?, NULL) "
                   "ON CONFLICT (site_id, valid_from) DO UPDATE SET name = excluded.name, "
                   "type = excluded.type, org_unit_id = excluded.org_unit_id, "
                   "state = excluded.state",
                   site_id, day, name, type, unit_id, state);
  }

  // Today's state: `unit` (and its subtree) under `parent`.
  Status Reparent(const OrgUnit& unit, const OrgUnit& parent) {
    LOPHOC_RETURN_IF_ERROR(
        Execute(c_, "UPDATE org_units SET parent_id = ? WHERE id = ?", parent.id, unit.id));
    const std::string new_path = parent.path + std::to_string(unit.id) + "/";
    return Execute(c_,
                   "UPDATE org_units SET path = ?1 || substr(path, length(?2) + 1) "
                   "WHERE substr(path, 1, length(?2)) = ?2",
                   new_path, unit.path);
  }

  Status MoveSite(const std::string& day, const Site& s, const OrgUnit& to) {
    LOPHOC_ASSIGN_OR_RETURN(History h, HistoryOf("site_versions", "site_id", s.id));
    LOPHOC_RETURN_IF_ERROR(
        SiteVersion(day, s.id, s.name, people::SiteTypeName(s.type), to.id, h.state));
    LOPHOC_RETURN_IF_ERROR(
        Execute(c_, "UPDATE sites SET org_unit_id = ? WHERE id = ?", to.id, s.id));
    // People at the site follow it.
    return Execute(c_, "UPDATE users SET org_unit_id = ? WHERE site_id = ? AND org_unit_id = ?",
                   to.id, s.id, s.org_unit_id);
  }

  Result<std::vector<OrgUnit>> ChildrenOf(const OrgUnit& u) {
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

  Result<std::vector<Site>> SitesOf(const OrgUnit& u) {
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

  Status UnitCreate(const OrgChange& ch, OrgChangeEffect& e) {
    Status v = people::ValidateCode("subject", ch.subject);
    if (!v.ok()) return Refuse(v, "code_invalid", "subject", ch.subject);
    v = people::ValidateName("name", ch.name);
    if (!v.ok()) return Refuse(v, v.reason().empty() ? "text_empty" : v.reason(), "name", ch.name);
    auto level = people::ParseOrgLevel(ch.level);
    if (!level || !people_rows::CheckLevel(c_, *level).ok()) {
      return Refuse(Status::InvalidArgument("level '" + ch.level + "' is not a level of the tree"),
                    "level_invalid", "level", ch.level);
    }
    if (people_rows::UnitByCode(c_, ch.subject).ok()) {
      return Refuse(Status::AlreadyExists("code '" + ch.subject + "' already exists"), "code_taken",
                    "subject", ch.subject);
    }
    if (ch.parent.empty()) {
      if (!scope_.everything()) {
        return Refuse(Status::PermissionDenied("only admins create top-level org units"),
                      "top_level_admin_only", "parent", "");
      }
    } else {
      LOPHOC_ASSIGN_OR_RETURN(OrgUnit parent, UnitIn(ch.parent, "parent"));
      LOPHOC_RETURN_IF_ERROR(ActiveUnit(parent, ch.effective_on, "parent").status());
    }
    LOPHOC_ASSIGN_OR_RETURN(
        OrgUnit unit,
        people_rows::InsertUnit(c_, {ch.subject, ch.name, *level, ch.parent}, audit_.at));
    LOPHOC_RETURN_IF_ERROR(Execute(c_,
                                   "UPDATE org_unit_versions SET valid_from = ? WHERE unit_id = ?",
                                   ch.effective_on, unit.id));
    versions_.push_back({"org_unit_versions", unit.id, ch.effective_on});
    e.units.push_back({ch.subject, "", ch.parent});
    details_ = {{"name", ch.name}, {"level", ch.level}, {"parent", ch.parent}};
    return Status::Ok();
  }

  Status UnitRelabel(const OrgChange& ch, OrgChangeEffect& e) {
    LOPHOC_ASSIGN_OR_RETURN(OrgUnit unit, UnitIn(ch.subject, "subject", true));
    LOPHOC_RETURN_IF_ERROR(ActiveUnit(unit, ch.effective_on, "subject").status());
    std::string name = unit.name;
    std::string level = unit.level.code;
    if (ch.kind == "unit_rename") {
      Status v = people::ValidateName("name", ch.name);
      if (!v.ok())
        return Refuse(v, v.reason().empty() ? "text_empty" : v.reason(), "name", ch.name);
      if (ch.name == unit.name) return Unchanged(ch.subject);
      name = ch.name;
      details_ = {{"from", unit.name}, {"to", name}};
    } else {
      auto parsed = people::ParseOrgLevel(ch.level);
      if (!parsed || !people_rows::CheckLevel(c_, *parsed).ok()) {
        return Refuse(
            Status::InvalidArgument("level '" + ch.level + "' is not a level of the tree"),
            "level_invalid", "level", ch.level);
      }
      if (ch.level == level) return Unchanged(ch.subject);
      details_ = {{"from", level}, {"to", ch.level}};
      level = ch.level;
    }
    LOPHOC_RETURN_IF_ERROR(
        UnitVersion(ch.effective_on, unit.id, name, level, unit.parent_id, "active", std::nullopt));
    versions_.push_back({"org_unit_versions", unit.id, ch.effective_on});
    LOPHOC_RETURN_IF_ERROR(
        Execute(c_, "UPDATE org_units SET name = ?, level = ? WHERE id = ?", name, level, unit.id));
    (void)e;
    return Status::Ok();
  }

  // Refused when `target` is `unit` or lies below it.
  Status NotBelow(const OrgUnit& unit, const OrgUnit& target, const std::string& field) {
    if (target.path.compare(0, unit.path.size(), unit.path) == 0) {
      return Refuse(Status::Conflict("org unit '" + unit.code + "' cannot go under '" +
                                     target.code + "': that would make a cycle in the org tree"),
                    "org_change_cycle", field, target.code);
    }
    return Status::Ok();
  }

  Status UnitMove(const OrgChange& ch, OrgChangeEffect& e) {
    if (ch.parent.empty()) return Required("parent", ch.kind);
    LOPHOC_ASSIGN_OR_RETURN(OrgUnit unit, UnitIn(ch.subject, "subject", true));
    LOPHOC_ASSIGN_OR_RETURN(OrgUnit parent, UnitIn(ch.parent, "parent"));
    LOPHOC_RETURN_IF_ERROR(NotBelow(unit, parent, "parent"));
    if (unit.parent_id == parent.id) return Unchanged(ch.subject);
    LOPHOC_RETURN_IF_ERROR(ActiveUnit(unit, ch.effective_on, "subject").status());
    LOPHOC_RETURN_IF_ERROR(ActiveUnit(parent, ch.effective_on, "parent").status());
    LOPHOC_ASSIGN_OR_RETURN(e.people, PeopleUnder(unit.path));
    LOPHOC_RETURN_IF_ERROR(UnitVersion(ch.effective_on, unit.id, unit.name, unit.level.code,
                                       parent.id, "active", std::nullopt));
    versions_.push_back({"org_unit_versions", unit.id, ch.effective_on});
    LOPHOC_RETURN_IF_ERROR(Reparent(unit, parent));
    e.units.push_back({unit.code, unit.parent_code, parent.code});
    details_ = {{"from", unit.parent_code}, {"to", parent.code}};
    return Status::Ok();
  }

  // unit_merge (into `successor`) and unit_dissolve (children and sites to `parent`).
  Status UnitEnd(const OrgChange& ch, OrgChangeEffect& e) {
    const bool merge = ch.kind == "unit_merge";
    const std::string field = merge ? "successor" : "parent";
    const std::string& target_code = merge ? ch.successor : ch.parent;
    if (merge && target_code.empty()) return Required("successor", ch.kind);
    LOPHOC_ASSIGN_OR_RETURN(OrgUnit unit, UnitIn(ch.subject, "subject", true));
    if (target_code == unit.code) {
      return Refuse(Status::Conflict("org unit '" + unit.code + "' cannot be merged into itself"),
                    "org_merge_self", field, target_code);
    }
    // Units merged or dissolved earlier stay where they were: only live ones move.
    LOPHOC_ASSIGN_OR_RETURN(std::vector<OrgUnit> all_children, ChildrenOf(unit));
    std::vector<OrgUnit> children;
    for (auto& child : all_children) {
      LOPHOC_ASSIGN_OR_RETURN(History ch, HistoryOf("org_unit_versions", "unit_id", child.id));
      if (ch.state == "active") children.push_back(std::move(child));
    }
    LOPHOC_ASSIGN_OR_RETURN(std::vector<Site> sites, SitesOf(unit));
    std::optional<OrgUnit> target;
    if (!target_code.empty()) {
      LOPHOC_ASSIGN_OR_RETURN(target, UnitIn(target_code, field));
      LOPHOC_RETURN_IF_ERROR(NotBelow(unit, *target, field));
    } else if (!children.empty() || !sites.empty()) {
      return Refuse(Status::Conflict("dissolving org unit '" + unit.code + "' would leave " +
                                     std::to_string(children.size()) + " units and " +
                                     std::to_string(sites.size()) +
                                     " sites without a unit: name where they go"),
                    "org_change_orphans", "parent", "");
    }
    LOPHOC_ASSIGN_OR_RETURN(History h, ActiveUnit(unit, ch.effective_on, "subject"));
    if (target) LOPHOC_RETURN_IF_ERROR(ActiveUnit(*target, ch.effective_on, field).status());
    for (const auto& child : children) {
      LOPHOC_RETURN_IF_ERROR(ActiveUnit(child, ch.effective_on, "subject").status());
    }
    for (const auto& s : sites) {
      LOPHOC_ASSIGN_OR_RETURN(History sh, HistoryOf("site_versions", "site_id", s.id));
      LOPHOC_RETURN_IF_ERROR(Dated(ch.effective_on, sh, s.code));
    }
    LOPHOC_ASSIGN_OR_RETURN(e.people, PeopleUnder(unit.path));
    std::optional<int64_t> successor;
    if (merge) successor = target->id;
    LOPHOC_RETURN_IF_ERROR(UnitVersion(ch.effective_on, unit.id, unit.name, unit.level.code,
                                       unit.parent_id, merge ? "merged" : "dissolved", successor));
    versions_.push_back({"org_unit_versions", unit.id, ch.effective_on});
    for (const auto& child : children) {
      LOPHOC_RETURN_IF_ERROR(UnitVersion(ch.effective_on, child.id, child.name, child.level.code,
                                         target->id, "active", std::nullopt));
      versions_.push_back({"org_unit_versions", child.id, ch.effective_on});
      // The target's path may have changed with an earlier child: read it again.
      LOPHOC_ASSIGN_OR_RETURN(OrgUnit now, people_rows::UnitByCode(c_, child.code));
      LOPHOC_ASSIGN_OR_RETURN(OrgUnit to, people_rows::UnitByCode(c_, target->code));
      LOPHOC_RETURN_IF_ERROR(Reparent(now, to));
      e.units.push_back({child.code, unit.code, target->code});
    }
    for (const auto& s : sites) {
      LOPHOC_RETURN_IF_ERROR(MoveSite(ch.effective_on, s, *target));
      versions_.push_back({"site_versions", s.id, ch.effective_on});
      e.sites.push_back({s.code, unit.code, target->code});
    }
    details_ = {{field, target_code}};
    (void)h;
    return Status::Ok();
  }

  Status SiteTypeOf(const std::string& text, people::SiteType* out) {
    auto type = people::ParseSiteType(text);
    if (!type) {
      return Refuse(Status::InvalidArgument("'" + text + "' is not a site type"), "type_invalid",
                    "site_type", text);
    }
    *out = *type;
    return Status::Ok();
  }

  Status SiteCreate(const OrgChange& ch, OrgChangeEffect& e) {
    Status v = people::ValidateCode("subject", ch.subject);
    if (!v.ok()) return Refuse(v, "code_invalid", "subject", ch.subject);
    v = people::ValidateName("name", ch.name);
    if (!v.ok()) return Refuse(v, v.reason().empty() ? "text_empty" : v.reason(), "name", ch.name);
    people::SiteType type;
    LOPHOC_RETURN_IF_ERROR(SiteTypeOf(ch.site_type, &type));
    if (ch.parent.empty()) return Required("parent", ch.kind);
    if (people_rows::SiteByCode(c_, ch.subject).ok()) {
      return Refuse(Status::AlreadyExists("code '" + ch.subject + "' already exists"), "code_taken",
                    "subject", ch.subject);
    }
    LOPHOC_ASSIGN_OR_RETURN(OrgUnit unit, UnitIn(ch.parent, "parent"));
    LOPHOC_RETURN_IF_ERROR(ActiveUnit(unit, ch.effective_on, "parent").status());
    LOPHOC_ASSIGN_OR_RETURN(
        Site site, people_rows::InsertSite(c_, {ch.subject, ch.name, type, ch.parent}, audit_.at));
    LOPHOC_RETURN_IF_ERROR(Execute(c_, "UPDATE site_versions SET valid_from = ? WHERE site_id = ?",
                                   ch.effective_on, site.id));
    versions_.push_back({"site_versions", site.id, ch.effective_on});
    e.sites.push_back({site.code, "", unit.code});
    details_ = {{"name", ch.name}, {"type", ch.site_type}, {"unit", ch.parent}};
    return Status::Ok();
  }

  Status SiteChange(const OrgChange& ch, OrgChangeEffect& e) {
    LOPHOC_ASSIGN_OR_RETURN(Site site, SiteIn(ch.subject, "subject"));
    LOPHOC_RETURN_IF_ERROR(OpenSite(site, ch.effective_on, "subject").status());
    std::string name = site.name;
    people::SiteType type = site.type;
    std::string state = "open";
    if (ch.kind == "site_move") {
      if (ch.parent.empty()) return Required("parent", ch.kind);
      LOPHOC_ASSIGN_OR_RETURN(OrgUnit to, UnitIn(ch.parent, "parent"));
      if (to.id == site.org_unit_id) return Unchanged(ch.subject);
      LOPHOC_RETURN_IF_ERROR(ActiveUnit(to, ch.effective_on, "parent").status());
      LOPHOC_ASSIGN_OR_RETURN(e.people, PeopleAt(site.id));
      LOPHOC_RETURN_IF_ERROR(MoveSite(ch.effective_on, site, to));
      versions_.push_back({"site_versions", site.id, ch.effective_on});
      e.sites.push_back({site.code, site.org_code, to.code});
      details_ = {{"from", site.org_code}, {"to", to.code}};
      return Status::Ok();
    }
    if (ch.kind == "site_retype") {
      LOPHOC_RETURN_IF_ERROR(SiteTypeOf(ch.site_type, &type));
      if (type == site.type) return Unchanged(ch.subject);
      details_ = {{"from", people::SiteTypeName(site.type)}, {"to", ch.site_type}};
    } else if (ch.kind == "site_rename") {
      Status v = people::ValidateName("name", ch.name);
      if (!v.ok())
        return Refuse(v, v.reason().empty() ? "text_empty" : v.reason(), "name", ch.name);
      if (ch.name == site.name) return Unchanged(ch.subject);
      name = ch.name;
      details_ = {{"from", site.name}, {"to", name}};
    } else {
      state = "closed";
      LOPHOC_ASSIGN_OR_RETURN(e.people, PeopleAt(site.id));
      details_ = json::object();
    }
    LOPHOC_RETURN_IF_ERROR(SiteVersion(ch.effective_on, site.id, name, people::SiteTypeName(type),
                                       site.org_unit_id, state));
    versions_.push_back({"site_versions", site.id, ch.effective_on});
    return Execute(c_, "UPDATE sites SET name = ?, type = ? WHERE id = ?", name,
                   people::SiteTypeName(type), site.id);
  }

  Status PersonMove(const OrgChange& ch, OrgChangeEffect& e) {
    if (ch.site.empty() && ch.staff_category.empty()) return Required("site", ch.kind);
    auto person = QueryOptional(
        c_,
        "SELECT u.id, u.username, u.site_id, coalesce(s.code, ''), coalesce(u.staff_category, ''), "
        "coalesce(o.path, so.path, '') FROM users u LEFT JOIN org_units o ON o.id = u.org_unit_id "
        "LEFT JOIN sites s ON s.id = u.site_id LEFT JOIN org_units so ON so.id = s.org_unit_id "
        "WHERE u.username = ?",
        [](const Statement& st) {
          Person p;
          ReadColumns(st, 0, p.id, p.username, p.site_id, p.site_code, p.staff_category, p.path);
          return p;
        },
        ch.subject);
    if (!person.ok()) return person.status();
    if (!*person || !scope_.Contains((*person)->path)) {
      return Refuse(Status::NotFound("user '" + ch.subject + "' not found"), "user_not_found",
                    "subject", ch.subject);
    }
    const Person& p = **person;
    std::optional<int64_t> site_id = p.site_id;
    std::string site_code = p.site_code;
    std::optional<int64_t> unit_id;
    if (!ch.site.empty()) {
      LOPHOC_ASSIGN_OR_RETURN(Site site, SiteIn(ch.site, "site"));
      LOPHOC_RETURN_IF_ERROR(OpenSite(site, ch.effective_on, "site").status());
      site_id = site.id;
      site_code = site.code;
      unit_id = site.org_unit_id;
    }
    std::string category = p.staff_category;
    if (!ch.staff_category.empty()) {
      Status v = people::ValidateStaffCategory(ch.staff_category);
      if (!v.ok()) return Refuse(v, "staff_category_invalid", "staff_category", ch.staff_category);
      category = ch.staff_category;
    }
    if (site_code == p.site_code && category == p.staff_category) return Unchanged(ch.subject);
    // From local midnight of the day: 17:00 UTC the day before.
    const auto day = ParseIsoDate(ch.effective_on);
    const std::string from_at = FormatIsoDate(AddDays(*day, -1)) + "T17:00:00Z";
    LOPHOC_ASSIGN_OR_RETURN(
        int64_t later,
        QueryInt(c_, "SELECT count(*) FROM staff_placements WHERE user_id = ? AND from_at > ?",
                 "count", p.id, from_at));
    if (later > 0) {
      return Refuse(Status::Conflict("the change is dated " + ch.effective_on +
                                     ", before the latest change of '" + p.username + "'"),
                    "org_change_before_history", "effective_on", ch.effective_on);
    }
    std::optional<std::string> category_value;
    if (!category.empty()) category_value = category;
    LOPHOC_RETURN_IF_ERROR(Execute(c_,
                                   "INSERT INTO staff_placements (user_id, staff_category, "
                                   "site_id, from_at) VALUES (?, ?, ?, ?)",
                                   p.id, category_value, site_id, from_at));
    LOPHOC_RETURN_IF_ERROR(Execute(c_,
                                   "UPDATE users SET staff_category = ?, site_id = ? WHERE id = ?",
                                   category_value, site_id, p.id));
    if (unit_id) {
      LOPHOC_RETURN_IF_ERROR(
          Execute(c_, "UPDATE users SET org_unit_id = ? WHERE id = ?", *unit_id, p.id));
    }
    e.people = 1;
    details_ = {{"from_site", p.site_code},
                {"to_site", site_code},
                {"from_category", p.staff_category},
                {"to_category", category}};
    return Status::Ok();
  }

  Result<int64_t> Record(const OrgChange& ch, const OrgChangeEffect& e) {
    json units = json::array();
    for (const auto& u : e.units)
      units.push_back({{"code", u.code}, {"from", u.from}, {"to", u.to}});
    json sites = json::array();
    for (const auto& s : e.sites)
      sites.push_back({{"code", s.code}, {"from", s.from}, {"to", s.to}});
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
                                     std::string("UPDATE ") + v.table +
                                         " SET change_id = ? WHERE " + key +
                                         " = ? AND valid_from = ?",
                                     id, v.id, v.day));
    }
    versions_.clear();
    return id;
  }

  struct Written {
    const char* table;
    int64_t id;
    std::string day;
  };

  Connection& c_;
  const Scope& scope_;
  const people::AuditEntry& audit_;
  const std::string& batch_;
  int line_ = 0;
  std::set<std::string> seen_;
  json details_ = json::object();
  std::vector<Written> versions_;
};

}  // namespace

Result<std::vector<people::OrgLevelInfo>> SqliteOrgChangeStore::ListOrgLevels() {
  auto conn = db_->Acquire();
  return QueryAll(*conn, "SELECT code, name_vi, name_en, rank FROM org_levels ORDER BY rank, code",
                  [](const Statement& st) {
                    people::OrgLevelInfo l;
                    ReadColumns(st, 0, l.code, l.name_vi, l.name_en, l.rank);
                    return l;
                  });
}

Result<people::OrgChangeOutcome> SqliteOrgChangeStore::Apply(const std::vector<OrgChange>& changes,
                                                             const Scope& scope,
                                                             const std::string& batch, bool dry_run,
                                                             const people::AuditEntry& audit) {
  auto conn = db_->Acquire();
  Transaction tx(*conn);
  LOPHOC_RETURN_IF_ERROR(tx.status());
  people::OrgChangeOutcome out;
  out.dry_run = dry_run;
  out.batch = batch;
  Applier applier(*conn, scope, audit, batch);
  json summary = json::array();
  for (const auto& ch : changes) {
    LOPHOC_ASSIGN_OR_RETURN(OrgChangeEffect e, applier.Apply(ch));
    summary.push_back({{"id", e.id},
                       {"kind", ch.kind},
                       {"subject", ch.subject},
                       {"effective_on", ch.effective_on}});
    if (dry_run) e.id = 0;
    out.changes.push_back(std::move(e));
  }
  if (dry_run) return out;  // the transaction rolls back as it goes
  people::AuditEntry entry = audit;
  json details = {{"changes", summary}};
  if (!batch.empty()) details["batch"] = batch;
  entry.details_json = details.dump();
  LOPHOC_RETURN_IF_ERROR(people_rows::WriteAudit(*conn, entry));
  LOPHOC_RETURN_IF_ERROR(tx.Commit());
  return out;
}

Result<std::vector<people::OrgChangeRecord>> SqliteOrgChangeStore::List(const Scope& scope,
                                                                        const std::string& from,
                                                                        const std::string& to) {
  auto conn = db_->Acquire();
  // The subject's path today: a unit's, a site's unit's, a person's unit's.
  std::string sql =
      "SELECT c.id, c.kind, c.effective_on, c.subject, c.details, coalesce(c.batch, ''), "
      "coalesce(u.username, 'cli'), c.created_at FROM org_changes c "
      "LEFT JOIN users u ON u.id = c.created_by WHERE (?3 = '' OR c.effective_on >= ?3) AND "
      "(?4 = '' OR c.effective_on <= ?4) AND (?1 = 1 OR (?2 <> '' AND substr(coalesce("
      "(SELECT path FROM org_units WHERE code = c.subject AND c.kind LIKE 'unit_%'), "
      "(SELECT o.path FROM sites s JOIN org_units o ON o.id = s.org_unit_id "
      "WHERE s.code = c.subject AND c.kind LIKE 'site_%'), "
      "(SELECT coalesce(o.path, so.path) FROM users p LEFT JOIN org_units o ON o.id = "
      "p.org_unit_id LEFT JOIN sites s ON s.id = p.site_id LEFT JOIN org_units so ON so.id = "
      "s.org_unit_id WHERE p.username = c.subject AND c.kind = 'person_move'), ''), 1, "
      "length(?2)) = ?2)) ORDER BY c.effective_on DESC, c.id DESC LIMIT 500";
  return QueryAll(
      *conn, sql,
      [](const Statement& st) {
        people::OrgChangeRecord r;
        ReadColumns(st, 0, r.id, r.kind, r.effective_on, r.subject, r.details_json, r.batch,
                    r.created_by, r.created_at);
        return r;
      },
      static_cast<int64_t>(scope.everything() ? 1 : 0), scope.path(), from, to);
}

}  // namespace lophoc::storage
