// The changes of units in Applier (org_change_applier.h): unit_create,
// unit_rename, unit_relevel, unit_move, unit_merge and unit_dissolve.
#include "people/vocabulary.h"
#include "server/storage/org_change_applier.h"
#include "server/storage/people_rows.h"
#include "server/storage/statements.h"

namespace lophoc::storage::org_changes {

Status Applier::UnitCreate(const OrgChange& ch, OrgChangeEffect& e) {
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

Status Applier::UnitRelabel(const OrgChange& ch, OrgChangeEffect& e) {
  LOPHOC_ASSIGN_OR_RETURN(OrgUnit unit, UnitIn(ch.subject, "subject", true));
  LOPHOC_RETURN_IF_ERROR(ActiveUnit(unit, ch.effective_on, "subject").status());
  std::string name = unit.name;
  std::string level = unit.level.code;
  if (ch.kind == "unit_rename") {
    Status v = people::ValidateName("name", ch.name);
    if (!v.ok()) return Refuse(v, v.reason().empty() ? "text_empty" : v.reason(), "name", ch.name);
    if (ch.name == unit.name) return Unchanged(ch.subject);
    name = ch.name;
    details_ = {{"from", unit.name}, {"to", name}};
  } else {
    auto parsed = people::ParseOrgLevel(ch.level);
    if (!parsed || !people_rows::CheckLevel(c_, *parsed).ok()) {
      return Refuse(Status::InvalidArgument("level '" + ch.level + "' is not a level of the tree"),
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

Status Applier::NotBelow(const OrgUnit& unit, const OrgUnit& target, const std::string& field) {
  if (target.path.compare(0, unit.path.size(), unit.path) == 0) {
    return Refuse(Status::Conflict("org unit '" + unit.code + "' cannot go under '" + target.code +
                                   "': that would make a cycle in the org tree"),
                  "org_change_cycle", field, target.code);
  }
  return Status::Ok();
}

Status Applier::UnitMove(const OrgChange& ch, OrgChangeEffect& e) {
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

Status Applier::UnitEnd(const OrgChange& ch, OrgChangeEffect& e) {
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
}  // namespace lophoc::storage::org_changes
