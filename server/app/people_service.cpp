// Org units, sites and accounts. Passwords, login, sessions, tokens, the audit
// log and visits are in people_service_auth.cpp.
#include "server/app/people_service.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "server/app/people_service_refusals.h"

namespace lophoc::app {
namespace {

using people::OrgUnit;
using people::Role;
using people::Scope;
using people::Site;
using people::User;

int ClampLimit(int limit) { return std::clamp(limit, 1, 500); }

nlohmann::json UserDetails(const people::UserFields& f) {
  nlohmann::json d = {{"display_name", f.display_name}, {"roles", people::JoinRoles(f.roles)},
                      {"org", f.org_code}, {"site", f.site_code},
                      {"staff_category", f.staff_category}, {"active", f.active}};
  if (!f.email.empty()) d["email"] = f.email;
  return d;
}

// The audit details of a created or changed site.
std::string SiteDetails(const SiteInput& in, const people::SiteFields& f) {
  const nlohmann::json d = {{"name", f.name}, {"type", in.type}, {"org", f.org_code},
                            {"kiosk", f.kiosk}};
  return d.dump();
}

people::UserFields FieldsOf(const User& u) {
  return {u.display_name, u.phone,          u.roles,  u.org_code,
          u.site_code,    u.staff_category, u.active, u.email};
}

}  // namespace

PeopleService::PeopleService(const people::PeopleStores& stores, const Clock* clock,
                             PeopleOptions options)
    : store_(stores.directory),
      sessions_(stores.sessions),
      kiosks_(stores.kiosks),
      audit_(stores.audit),
      clock_(clock),
      options_(options),
      dummy_hash_(HashPassword(RandomToken(16), options.password_cost)),
      pair_limiter_(clock, options.max_login_failures, options.failure_window,
                    options.max_limiter_keys),
      address_limiter_(clock, options.max_address_failures, options.failure_window,
                       options.max_limiter_keys),
      account_delay_(clock, options.account_free_failures, options.account_max_delay,
                     options.account_failure_window, options.max_limiter_keys),
      known_addresses_(clock, options.known_address_ttl, options.max_limiter_keys),
      credential_failures_(clock, options.max_session_password_failures, options.failure_window,
                           options.max_limiter_keys),
      account_hashes_(clock, options.max_hashes_per_account, options.hash_window,
                      options.max_limiter_keys),
      address_hashes_(clock, options.max_hashes_per_address, options.hash_window,
                      options.max_limiter_keys),
      registration_limiter_(clock, options.max_registrations, options.registration_window,
                            options.max_limiter_keys),
      session_cache_(options.session_cache_ttl, kMaxCachedSessions) {}

std::string PeopleService::Now() const { return FormatIso8601(clock_->Now()); }

people::AuditEntry PeopleService::Audit(const Actor& a, const std::string& action,
                                         const std::string& type, const std::string& key,
                                         const std::string& details_json) const {
  people::AuditEntry e;
  e.at = Now();
  e.actor_user_id = a.user_id;
  e.actor = a.username;
  e.action = action;
  e.object_type = type;
  e.object_key = key;
  e.details_json = details_json;
  return e;
}

Status PeopleService::CheckOrgUnitInput(const Actor& a, const OrgUnitInput& in,
                                        const std::string& parent_path,
                                        people::OrgUnitFields* out) const {
  const Scope ws = people::WriteScope(a);
  if (ws.nothing()) return NoWriteScope();
  if (in.parent.empty() && !ws.everything()) {
    return Status::PermissionDenied("only admins create top-level org units")
        .WithReason("top_level_admin_only")
        .WithField("parent");
  }
  if (!in.parent.empty() && !ws.Contains(parent_path)) return OutsideScope(in.parent, "parent");
  LOPHOC_RETURN_IF_ERROR(people::ValidateCode("code", in.code));
  LOPHOC_RETURN_IF_ERROR(people::ValidateName("name", in.name));
  auto level = people::ParseOrgLevel(in.level);
  if (!level) return LevelInvalid(in.level);
  // Levels are data (org_levels): the code must name one of them.
  LOPHOC_ASSIGN_OR_RETURN(std::vector<people::OrgLevelInfo> levels, store_->ListOrgLevels());
  bool known = false;
  for (const auto& l : levels) known = known || l.code == level->code;
  if (!known) return LevelInvalid(in.level);
  *out = {in.code, in.name, *level, in.parent};
  return Status::Ok();
}

Result<std::string> PeopleService::ParentPath(const Actor& a, const std::string& parent) {
  if (parent.empty()) return std::string();
  auto unit = GetOrgUnit(a, parent);
  if (!unit.ok()) return OrgLookup(unit.status(), parent, "parent");
  return unit->path;
}

Result<OrgUnit> PeopleService::CreateOrgUnit(const Actor& a, const OrgUnitInput& in) {
  LOPHOC_ASSIGN_OR_RETURN(std::string parent_path, ParentPath(a, in.parent));
  people::OrgUnitFields f;
  LOPHOC_RETURN_IF_ERROR(CheckOrgUnitInput(a, in, parent_path, &f));
  const nlohmann::json d = {{"name", f.name}, {"level", in.level}, {"parent", f.parent_code}};
  auto unit = store_->CreateOrgUnit(f, Audit(a, "org_unit.create", "org_unit", f.code, d.dump()));
  if (!unit.ok()) return Taken(unit.status(), CodeTaken(f.code));
  return unit;
}

Result<OrgUnit> PeopleService::UpdateOrgUnit(const Actor& a, const std::string& code,
                                             const OrgUnitPatch& p) {
  auto unit = GetOrgUnit(a, code);
  if (!unit.ok()) return unit.status();
  const Scope ws = people::WriteScope(a);
  if (!ws.Contains(unit->path) || (!ws.everything() && unit->path == ws.path())) {
    return MayNotChange("org unit '" + unit->code + "'");
  }
  OrgUnitInput in{unit->code, p.name.value_or(unit->name),
                  p.level.value_or(people::OrgLevelName(unit->level)),
                  p.parent.value_or(unit->parent_code)};
  LOPHOC_ASSIGN_OR_RETURN(std::string parent_path, ParentPath(a, in.parent));
  people::OrgUnitFields f;
  LOPHOC_RETURN_IF_ERROR(CheckOrgUnitInput(a, in, parent_path, &f));
  if (!in.parent.empty() && parent_path.compare(0, unit->path.size(), unit->path) == 0) {
    return ParentCycle(unit->code, in.parent);
  }
  const nlohmann::json d = {{"name", f.name}, {"level", in.level}, {"parent", f.parent_code}};
  return AfterWrite(store_->UpdateOrgUnit(
      unit->code, f, Audit(a, "org_unit.update", "org_unit", unit->code, d.dump())));
}

Result<OrgUnit> PeopleService::GetOrgUnit(const Actor& a, const std::string& code) {
  auto unit = store_->FindOrgUnit(code);
  if (!unit.ok()) return OrgLookup(unit.status(), code, "");
  if (!people::ReadScope(a).Contains(unit->path)) return OrgNotFound(code);
  return unit;
}

Result<people::ListFilter> PeopleService::ListFilterFor(const Actor& a, const std::string& org,
                                                        int limit, int64_t offset,
                                                        const std::string& query) {
  Scope scope = people::ReadScope(a);
  if (!org.empty()) {
    auto unit = GetOrgUnit(a, org);
    if (!unit.ok()) return unit.status();
    scope = Scope::Subtree(unit->path);
  }
  return people::ListFilter{scope, ClampLimit(limit), std::max<int64_t>(offset, 0), query};
}

Result<people::Page<OrgUnit>> PeopleService::ListOrgUnits(const Actor& a, const std::string& org,
                                                           int limit, int64_t offset) {
  LOPHOC_ASSIGN_OR_RETURN(people::ListFilter filter, ListFilterFor(a, org, limit, offset, ""));
  return store_->ListOrgUnits(filter);
}

Status PeopleService::CheckSiteInput(const Actor& a, const SiteInput& in,
                                     const std::string& org_path, people::SiteFields* out) const {
  const Scope ws = people::WriteScope(a);
  if (ws.nothing()) return NoWriteScope();
  if (!ws.Contains(org_path)) return OutsideScope(in.org, "org");
  LOPHOC_RETURN_IF_ERROR(people::ValidateCode("code", in.code));
  LOPHOC_RETURN_IF_ERROR(people::ValidateName("name", in.name));
  auto type = people::ParseSiteType(in.type);
  if (!type) return TypeInvalid(in.type);
  *out = {in.code, in.name, *type, in.org, in.kiosk};
  return Status::Ok();
}

Result<Site> PeopleService::CreateSite(const Actor& a, const SiteInput& in) {
  auto unit = GetOrgUnit(a, in.org);
  if (!unit.ok()) return OrgLookup(unit.status(), in.org, "org");
  people::SiteFields f;
  LOPHOC_RETURN_IF_ERROR(CheckSiteInput(a, in, unit->path, &f));
  const std::string d = SiteDetails(in, f);
  auto site = store_->CreateSite(f, Audit(a, "site.create", "site", f.code, d));
  if (!site.ok()) return Taken(site.status(), CodeTaken(f.code));
  return site;
}

Result<Site> PeopleService::UpdateSite(const Actor& a, const std::string& code,
                                       const SitePatch& p) {
  auto site = GetSite(a, code);
  if (!site.ok()) return site.status();
  if (!people::WriteScope(a).Contains(site->org_path)) {
    return MayNotChange("site '" + site->code + "'");
  }
  SiteInput in{site->code, p.name.value_or(site->name),
               p.type.value_or(people::SiteTypeName(site->type)), p.org.value_or(site->org_code),
               p.kiosk.value_or(site->kiosk)};
  auto unit = GetOrgUnit(a, in.org);
  if (!unit.ok()) return OrgLookup(unit.status(), in.org, "org");
  people::SiteFields f;
  LOPHOC_RETURN_IF_ERROR(CheckSiteInput(a, in, unit->path, &f));
  const std::string d = SiteDetails(in, f);
  return AfterWrite(
      store_->UpdateSite(site->code, f, Audit(a, "site.update", "site", site->code, d)));
}

Result<Site> PeopleService::GetSite(const Actor& a, const std::string& code) {
  auto site = store_->FindSite(code);
  if (!site.ok()) return SiteLookup(site.status(), code, "");
  if (!people::ReadScope(a).Contains(site->org_path)) return SiteNotFound(code);
  return site;
}

Result<people::Page<Site>> PeopleService::ListSites(const Actor& a, const std::string& org,
                                                     int limit, int64_t offset) {
  LOPHOC_ASSIGN_OR_RETURN(people::ListFilter filter, ListFilterFor(a, org, limit, offset, ""));
  return store_->ListSites(filter);
}

Result<std::string> PeopleService::PathOfPlacement(const Actor& a, const std::string& org,
                                                   const std::string& site,
                                                   std::string* resolved_org) {
  // Scoped reads: a unit or site the actor cannot see is "not found", so a
  // placement never reveals what lies outside the actor's subtree.
  *resolved_org = org;
  std::string path;
  if (!org.empty()) {
    auto unit = GetOrgUnit(a, org);
    if (!unit.ok()) return OrgLookup(unit.status(), org, "org");
    path = unit->path;
  }
  if (!site.empty()) {
    auto s = GetSite(a, site);
    if (!s.ok()) return SiteLookup(s.status(), site, "site");
    if (org.empty()) {
      *resolved_org = s->org_code;
      path = s->org_path;
    } else if (s->org_path.compare(0, path.size(), path) != 0) {
      return Status::InvalidArgument("site '" + site + "' is not under org unit '" + org + "'")
          .WithReason("site_not_under_org")
          .WithField("site")
          .WithParam("value", site)
          .WithParam("org", org);
    }
  }
  return path;
}

Result<people::NewUser> PeopleService::PrepareUser(const Actor& a, const UserInput& given,
                                                    const std::string& password,
                                                    bool hash_password, std::string* one_time) {
  const Scope ws = people::WriteScope(a);
  if (ws.nothing()) return NoWriteScope();
  UserInput in = given;
  std::string phone_field;
  LOPHOC_RETURN_IF_ERROR(NormalizeNumbers(&in, &phone_field));
  LOPHOC_RETURN_IF_ERROR(people::ValidateUsername(in.username));
  LOPHOC_RETURN_IF_ERROR(people::ValidateName("display_name", in.display_name));
  LOPHOC_RETURN_IF_ERROR(CheckStaffCategory(in.staff_category));
  LOPHOC_ASSIGN_OR_RETURN(std::string email, NormalizeEmail(in.email));
  people::NewUser u;
  u.username = in.username;
  u.fields = {in.display_name, in.phone,  in.roles, in.org,
              in.site,         in.staff_category, in.active, email};
  if (u.fields.roles.empty()) u.fields.roles = {Role::kLearner};
  for (Role r : u.fields.roles) {
    if (!people::MayGrant(a, r)) return MayNotGrant(r);
  }
  auto path = PathOfPlacement(a, in.org, in.site, &u.fields.org_code);
  if (!path.ok()) return path.status();
  if (!ws.Contains(*path)) {
    if (path->empty()) {
      return Status::PermissionDenied("only admins create accounts outside the org tree")
          .WithReason("outside_tree_admin_only")
          .WithField("org");
    }
    // The placement was given as a site alone, or as an org unit.
    const std::string placed_by = in.org.empty() ? "site" : "org";
    if (!people::ReadScope(a).Contains(*path)) return OrgNotFound(u.fields.org_code, placed_by);
    return OutsideScope(u.fields.org_code, placed_by);
  }
  // After the scope checks: who may not place the account learns nothing of numbers.
  if (in.phone) LOPHOC_RETURN_IF_ERROR(CheckNumberFree(*in.phone, std::nullopt, phone_field));
  std::string pw = password;
  if (pw.empty()) {
    pw = NewOneTimePassword();
    u.must_change_password = true;
    if (one_time != nullptr) *one_time = pw;
  } else {
    LOPHOC_RETURN_IF_ERROR(people::CheckPasswordPolicy(pw, in.username));
  }
  if (hash_password) {
    // A generated password is 79 random bits: the minimum argon2 cost is as
    // safe for it and keeps bulk imports fast (see PasswordCost::OneTime).
    u.password_hash = HashPassword(
        pw, u.must_change_password ? PasswordCost::OneTime() : options_.password_cost);
    if (u.password_hash.empty()) return Status::Unavailable("out of memory hashing the password");
  }
  return u;
}

Result<CreatedUser> PeopleService::CreateUser(const Actor& a, const UserInput& in,
                                              const std::string& password) {
  CreatedUser out;
  auto u = PrepareUser(a, in, password, true, &out.one_time_password);
  if (!u.ok()) return u.status();
  auto user = store_->CreateUser(
      *u, Audit(a, "user.create", "user", u->username, UserDetails(u->fields).dump()));
  if (!user.ok()) return Taken(user.status(), UsernameTaken(u->username));
  out.user = std::move(*user);
  return out;
}

Result<CreatedUser> PeopleService::CreateFirstAdmin(const UserInput& in,
                                                    const std::string& password, bool force) {
  auto admins = store_->CountActiveAdmins();
  if (!admins.ok()) return admins.status();
  if (*admins > 0 && !force) {
    return Status::Conflict("an admin account already exists (use --force to add another)");
  }
  if (password.empty()) return Status::InvalidArgument("an admin account needs a password");
  UserInput admin = in;
  if (std::find(admin.roles.begin(), admin.roles.end(), Role::kAdmin) == admin.roles.end()) {
    admin.roles.push_back(Role::kAdmin);
  }
  return CreateUser(Actor::CommandLine(), admin, password);
}

Result<User> PeopleService::GetUser(const Actor& a, int64_t id) {
  const Status not_found = UserNotFound(std::to_string(id));
  auto user = store_->FindUser(id);
  if (!user.ok()) return user.status().code() == StatusCode::kNotFound ? not_found : user;
  if (a.user_id != id && !people::ReadScope(a).Contains(user->org_path)) return not_found;
  return user;
}

Result<User> PeopleService::GetUserByName(const Actor& a, const std::string& username) {
  auto creds = store_->FindUserByUsername(username);
  if (!creds.ok()) {
    if (creds.status().code() != StatusCode::kNotFound) return creds.status();
    return Status::NotFound("user '" + username + "' not found")
        .WithReason("user_not_found")
        .WithParam("value", username);
  }
  return GetUser(a, creds->user.id);
}

Result<people::Page<User>> PeopleService::ListUsers(const Actor& a, const std::string& org,
                                                     int limit, int64_t offset,
                                                     const std::string& query) {
  if (query.size() > people::kMaxNameBytes) {
    return Status::InvalidArgument("q is longer than 200 bytes")
        .WithReason("text_too_long")
        .WithField("q")
        .WithParam("limit", static_cast<int64_t>(people::kMaxNameBytes));
  }
  // A number in any spelling finds the account that has it.
  LOPHOC_ASSIGN_OR_RETURN(people::ListFilter filter, ListFilterFor(a, org, limit, offset,
                                                                   people::CanonicalUsername(query)));
  return store_->ListUsers(filter);
}

Result<User> PeopleService::UserToChange(const Actor& a, int64_t id) {
  auto user = GetUser(a, id);
  if (!user.ok()) return user;
  if (!people::WriteScope(a).Contains(user->org_path)) {
    return MayNotChange("the account '" + user->username + "'");
  }
  if (user->Has(Role::kAdmin) && !a.Has(Role::kAdmin)) {
    return Status::PermissionDenied("only admins change admin accounts")
        .WithReason("admin_accounts_admin_only");
  }
  return user;
}

Result<User> PeopleService::ApplyUserFields(const Actor& a, const User& old,
                                            const people::UserFields& f,
                                            const std::string& action) {
  LOPHOC_RETURN_IF_ERROR(people::ValidateName("display_name", f.display_name));
  people::UserFields placed = f;
  LOPHOC_RETURN_IF_ERROR(NormalizeChangedPhone(old, &placed.phone));
  LOPHOC_RETURN_IF_ERROR(CheckStaffCategory(f.staff_category));
  LOPHOC_ASSIGN_OR_RETURN(placed.email, NormalizeEmail(f.email));
  if (f.roles.empty()) {
    return Status::InvalidArgument("an account needs at least one role")
        .WithReason("roles_empty")
        .WithField("roles");
  }
  for (Role r : f.roles) {
    if (old.Has(r)) continue;
    if (!people::MayGrant(a, r)) return MayNotGrant(r);
    if (!people::MayGrantTo(a, old.id)) {
      return Status::PermissionDenied(std::string("you may not grant yourself the ") +
                                      people::RoleName(r) + " role; ask an admin")
          .WithReason("role_not_self")
          .WithField("roles")
          .WithParam("value", people::RoleName(r));
    }
  }
  const bool loses_admin = old.Has(Role::kAdmin) && old.active &&
                           (!f.active || std::find(f.roles.begin(), f.roles.end(),
                                                   Role::kAdmin) == f.roles.end());
  if (a.user_id == old.id && (!f.active || loses_admin)) {
    return Status::PermissionDenied("you cannot disable your own account or drop your admin role")
        .WithReason("not_yourself");
  }
  if (loses_admin) {
    auto admins = store_->CountActiveAdmins();
    if (!admins.ok()) return admins.status();
    if (*admins <= 1) {
      return Status::Conflict("the last active admin must stay an active admin")
          .WithReason("last_admin");
    }
  }
  auto path = PathOfPlacement(a, f.org_code, f.site_code, &placed.org_code);
  if (!path.ok()) return path.status();
  if (!people::WriteScope(a).Contains(*path)) {
    return OutsideScope(placed.org_code, f.org_code.empty() ? "site" : "org");
  }
  return AfterWrite(store_->UpdateUser(
      old.id, placed, Audit(a, action, "user", old.username, UserDetails(placed).dump())));
}

Result<User> PeopleService::UpdateUser(const Actor& a, int64_t id, const UserPatch& p) {
  auto old = UserToChange(a, id);
  if (!old.ok()) return old;
  people::UserFields f = FieldsOf(*old);
  if (p.display_name) f.display_name = *p.display_name;
  if (p.phone) f.phone = *p.phone;
  if (p.roles) f.roles = *p.roles;
  if (p.org) f.org_code = *p.org;
  if (p.site) f.site_code = *p.site;
  if (p.org && !p.site && !f.site_code.empty()) {
    // Moving the account elsewhere without naming a site: keep the site only if it still fits.
    auto s = store_->FindSite(f.site_code);
    auto u = f.org_code.empty() ? Result<OrgUnit>(Status::NotFound("")) : store_->FindOrgUnit(f.org_code);
    if (s.ok() && u.ok() && s->org_path.compare(0, u->path.size(), u->path) != 0) f.site_code.clear();
  }
  if (p.staff_category) f.staff_category = *p.staff_category;
  if (p.active) f.active = *p.active;
  if (p.email) f.email = *p.email;
  return ApplyUserFields(a, *old, f, "user.update");
}

Status PeopleService::SetOwnContact(const Actor& a, const std::string& email,
                                    const std::string& language) {
  if (!a.user_id) return Status::PermissionDenied("only a signed-in person sets their contact");
  LOPHOC_ASSIGN_OR_RETURN(std::string address, NormalizeEmail(email));
  if (language != "vi" && language != "en") {
    return Status::InvalidArgument("language must be vi or en")
        .WithReason("language_invalid")
        .WithField("language");
  }
  const nlohmann::json details = {{"email", address}, {"language", language}};
  return AfterWrite(store_->SetContact(
      *a.user_id, address, language, Audit(a, "user.contact", "user", a.username, details.dump())));
}

Result<User> PeopleService::SetUserActive(const Actor& a, int64_t id, bool active) {
  auto old = UserToChange(a, id);
  if (!old.ok()) return old;
  people::UserFields f = FieldsOf(*old);
  f.active = active;
  return ApplyUserFields(a, *old, f, active ? "user.enable" : "user.disable");
}

}  // namespace lophoc::app
