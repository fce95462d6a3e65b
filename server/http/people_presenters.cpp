#include "server/http/people_presenters.h"

#include "server/http/json_views.h"

namespace lophoc::http {

using nlohmann::json;

json OrgUnitJson(const people::OrgUnit& u) {
  return {{"code", u.code},
          {"name", u.name},
          {"level", people::OrgLevelName(u.level)},
          {"parent", NullIfEmpty(u.parent_code)},
          {"created_at", u.created_at}};
}

json SiteJson(const people::Site& s) {
  return {{"code", s.code},
          {"name", s.name},
          {"type", people::SiteTypeName(s.type)},
          {"org", s.org_code},
          {"kiosk", s.kiosk},
          {"created_at", s.created_at}};
}

bool IsStaffAccount(const people::User& u) {
  if (!u.staff_category.empty() || !u.org_code.empty()) return true;
  for (people::Role r : u.roles) {
    if (r != people::Role::kLearner) return true;
  }
  return false;
}

json UserJson(const people::User& u) {
  json roles = json::array();
  for (auto r : u.roles) roles.push_back(people::RoleName(r));
  return {{"id", u.id},
          {"username", u.username},
          {"display_name", u.display_name},
          {"phone", u.phone ? json(*u.phone) : json(nullptr)},
          {"roles", std::move(roles)},
          {"org", NullIfEmpty(u.org_code)},
          {"site", NullIfEmpty(u.site_code)},
          {"staff_category", NullIfEmpty(u.staff_category)},
          {"email", NullIfEmpty(u.email)},
          {"active", u.active},
          {"must_change_password", u.must_change_password},
          {"created_at", u.created_at},
          {"last_login_at", NullIfEmpty(u.last_login_at)}};
}

json ApiTokenJson(const people::ApiToken& t) {
  return {{"id", t.id},
          {"name", t.name},
          {"created_at", t.created_at},
          {"last_used_at", NullIfEmpty(t.last_used_at)},
          {"revoked_at", NullIfEmpty(t.revoked_at)}};
}

json AuditJson(const people::AuditEntry& e) {
  json details = json::parse(e.details_json, nullptr, false);
  if (details.is_discarded()) details = json::object();
  return {{"id", e.id},
          {"at", e.at},
          {"actor", e.actor},
          {"action", e.action},
          {"object_type", e.object_type},
          {"object_key", e.object_key},
          {"details", std::move(details)}};
}

}  // namespace lophoc::http
