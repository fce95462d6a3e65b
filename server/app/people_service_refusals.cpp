// The refusals PeopleService gives (people_service_refusals.h).
#include "server/app/people_service_refusals.h"

#include "server/app/people_service.h"

#include "people/people.h"

namespace lophoc::app {

Status NoWriteScope() {
  return Status::PermissionDenied("only admins and managers change org units, sites and accounts")
      .WithReason("no_write_scope");
}

Status CodeTaken(const std::string& code) {
  return Status::AlreadyExists("code '" + code + "' already exists")
      .WithReason("code_taken")
      .WithField("code")
      .WithParam("value", code);
}

Status UsernameTaken(const std::string& username) {
  return Status::AlreadyExists("username '" + username + "' already exists")
      .WithReason("username_taken")
      .WithField("username")
      .WithParam("value", username);
}

Status OrgNotFound(const std::string& code, const std::string& field) {
  return Status::NotFound("org unit '" + code + "' not found")
      .WithReason("org_not_found")
      .WithField(field)
      .WithParam("value", code);
}

Status UserNotFound(const std::string& id) {
  return Status::NotFound("user " + id + " not found")
      .WithReason("user_not_found")
      .WithParam("value", id);
}

Status ApiTokenNotFound() {
  return Status::NotFound("API token not found").WithReason("api_token_not_found");
}

Status SiteNotFound(const std::string& code, const std::string& field) {
  return Status::NotFound("site '" + code + "' not found")
      .WithReason("site_not_found")
      .WithField(field)
      .WithParam("value", code);
}

Status OrgLookup(const Status& s, const std::string& code, const std::string& field) {
  return s.code() == StatusCode::kNotFound ? OrgNotFound(code, field) : s;
}
Status SiteLookup(const Status& s, const std::string& code, const std::string& field) {
  return s.code() == StatusCode::kNotFound ? SiteNotFound(code, field) : s;
}

Status LevelInvalid(const std::string& level) {
  return Status::InvalidArgument("level must be nation, province, district or commune")
      .WithReason("level_invalid")
      .WithField("level")
      .WithParam("value", level);
}

Status TypeInvalid(const std::string& type) {
  return Status::InvalidArgument(
             "type must be provincial_library, district_library, commune_library, "
             "post_office_cultural_point, school_library, vocational_library or "
             "armed_forces_library")
      .WithReason("type_invalid")
      .WithField("type")
      .WithParam("value", type);
}

Status ParentCycle(const std::string& code, const std::string& parent) {
  return Status::Conflict("org unit '" + code + "' cannot move under '" + parent +
                          "': that would make a cycle in the org tree")
      .WithReason("parent_cycle")
      .WithField("parent")
      .WithParam("value", parent);
}

Status OutsideScope(const std::string& code, const std::string& field) {
  return Status::PermissionDenied("org unit '" + code + "' is outside your scope")
      .WithReason("outside_scope")
      .WithField(field)
      .WithParam("value", code);
}

Status MayNotChange(const std::string& what) {
  return Status::PermissionDenied("you may not change " + what).WithReason("may_not_change");
}

Status MayNotGrant(people::Role r) {
  return Status::PermissionDenied(std::string("you may not grant the ") + people::RoleName(r) +
                                  " role")
      .WithReason("role_not_allowed")
      .WithField("roles")
      .WithParam("value", people::RoleName(r));
}

Status Taken(const Status& s, Status taken) {
  return s.code() == StatusCode::kAlreadyExists ? std::move(taken) : s;
}

Status CheckStaffCategory(const std::string& category) {
  if (category.empty()) return Status::Ok();
  Status s = people::ValidateStaffCategory(category);
  if (s.ok()) return s;
  if (s.reason().empty()) s = std::move(s).WithReason("staff_category_invalid");
  if (s.field().empty()) s = std::move(s).WithField("staff_category");
  return s;
}

}  // namespace lophoc::app
