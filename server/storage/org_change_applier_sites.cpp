// The changes of sites and people in Applier (org_change_applier.h):
// site_create, site_move, site_retype, site_rename, site_close and
// person_move.
#include "kernel/calendar.h"
#include "people/vocabulary.h"
#include "server/storage/org_change_applier.h"
#include "server/storage/people_rows.h"
#include "server/storage/statements.h"

namespace lophoc::storage::org_changes {
namespace {

struct Person {
  int64_t id = 0;
  std::string username;
  std::optional<int64_t> site_id;
  std::string site_code;
  std::string staff_category;
  std::string path;  // of its unit (or its site's unit)
};

}  // namespace

Status Applier::SiteTypeOf(const std::string& text, people::SiteType* out) {
  auto type = people::ParseSiteType(text);
  if (!type) {
    return Refuse(Status::InvalidArgument("'" + text + "' is not a site type"), "type_invalid",
                  "site_type", text);
  }
  *out = *type;
  return Status::Ok();
}

Status Applier::SiteCreate(const OrgChange& ch, OrgChangeEffect& e) {
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

Status Applier::SiteChange(const OrgChange& ch, OrgChangeEffect& e) {
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
    if (!v.ok()) return Refuse(v, v.reason().empty() ? "text_empty" : v.reason(), "name", ch.name);
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

Status Applier::PersonMove(const OrgChange& ch, OrgChangeEffect& e) {
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
}  // namespace lophoc::storage::org_changes
