// The refusals PeopleService gives (people_service_refusals.h).
#include "server/app/people_service_refusals.h"

#include "server/app/people_service.h"

#include <cctype>

#include "people/people.h"

namespace lophoc::app {
namespace {

// `s` as a refusal of the `value` given for `field` ("" for none): its
// reason, its field, and the value as parameter "value".
Status AboutValue(Status s, std::string reason, std::string field, std::string value) {
  return std::move(s)
      .WithReason(std::move(reason))
      .WithField(std::move(field))
      .WithParam("value", std::move(value));
}

}  // namespace

Status NoWriteScope() {
  return Status::PermissionDenied("only admins and managers change org units, sites and accounts")
      .WithReason("no_write_scope");
}

Status CodeTaken(const std::string& code) {
  return AboutValue(Status::AlreadyExists("code '" + code + "' already exists"), "code_taken",
                    "code", code);
}

Status UsernameTaken(const std::string& username) {
  return AboutValue(Status::AlreadyExists("username '" + username + "' already exists"),
                    "username_taken", "username", username);
}

Status OrgNotFound(const std::string& code, const std::string& field) {
  return AboutValue(Status::NotFound("org unit '" + code + "' not found"), "org_not_found",
                    field, code);
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
  return AboutValue(Status::NotFound("site '" + code + "' not found"), "site_not_found", field,
                    code);
}

Status OrgLookup(const Status& s, const std::string& code, const std::string& field) {
  return s.code() == StatusCode::kNotFound ? OrgNotFound(code, field) : s;
}
Status SiteLookup(const Status& s, const std::string& code, const std::string& field) {
  return s.code() == StatusCode::kNotFound ? SiteNotFound(code, field) : s;
}

Status LevelInvalid(const std::string& level) {
  return AboutValue(
      Status::InvalidArgument(
          "level must be a level of the org tree (nation, province, commune, ward, ...)"),
      "level_invalid", "level", level);
}

Status TypeInvalid(const std::string& type) {
  return AboutValue(Status::InvalidArgument(
                        "type must be provincial_library, district_library, commune_library, "
                        "post_office_cultural_point, school_library, vocational_library or "
                        "armed_forces_library"),
                    "type_invalid", "type", type);
}

Status ParentCycle(const std::string& code, const std::string& parent) {
  return AboutValue(Status::Conflict("org unit '" + code + "' cannot move under '" + parent +
                                     "': that would make a cycle in the org tree"),
                    "parent_cycle", "parent", parent);
}

Status OutsideScope(const std::string& code, const std::string& field) {
  return AboutValue(Status::PermissionDenied("org unit '" + code + "' is outside your scope"),
                    "outside_scope", field, code);
}

Status MayNotChange(const std::string& what) {
  return Status::PermissionDenied("you may not change " + what).WithReason("may_not_change");
}

Status MayNotGrant(people::Role r) {
  return AboutValue(Status::PermissionDenied(std::string("you may not grant the ") +
                                             people::RoleName(r) + " role"),
                    "role_not_allowed", "roles", people::RoleName(r));
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

Result<std::string> NormalizeEmail(const std::string& given) {
  // Trimmed, the domain in lower case; one '@' with text on both sides and a
  // dot in the domain, no spaces or control characters, at most 254 bytes
  // (RFC 5321's path limit). Deliverability is the mail server's to say.
  const size_t first = given.find_first_not_of(" \t");
  if (first == std::string::npos) return std::string();
  const std::string e = given.substr(first, given.find_last_not_of(" \t") - first + 1);
  const size_t at = e.find('@');
  bool ok = e.size() <= 254 && at != std::string::npos && at > 0 && at + 1 < e.size() &&
            e.find('@', at + 1) == std::string::npos;
  const std::string domain = ok ? e.substr(at + 1) : std::string();
  ok = ok && domain.find('.') != std::string::npos && domain.front() != '.' &&
       domain.back() != '.' && domain.find("..") == std::string::npos;
  for (unsigned char c : e) ok = ok && c > 0x20 && c != 0x7f && c != ',' && c != ';';
  if (!ok) {
    return Status::InvalidArgument("not an email address")
        .WithReason("email_invalid")
        .WithField("email")
        .WithParam("value", given.substr(0, 80));
  }
  std::string lower = domain;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return e.substr(0, at + 1) + lower;
}

}  // namespace lophoc::app
