// The admin area: the dashboard, org units, sites (and their public
// computers), the audit log, and CSV import and export. Account
// administration is in admin_user_pages.cpp; the pieces all people pages
// share (admin_pages.h) are defined in people_page_parts below.
//
// What an actor may see and change is PeopleService's answer: these pages
// only hide the forms of an actor who may change nothing.
#include "server/http/admin_pages.h"

#include <array>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "courses/text.h"
#include "server/app/people_csv.h"
#include "server/http/auth.h"
#include "server/http/multipart.h"
#include "server/http/people_presenters.h"
#include "server/http/request_util.h"
#include "server/http/site.h"

namespace lophoc::http {

using nlohmann::json;

// --- people_page_parts: the shared pieces of admin_pages.h ---

std::optional<FormFields> FormFields::Read(const HttpRequest& req) {
  auto fields = req.Form();
  if (!fields) return std::nullopt;
  return FormFields(std::move(*fields));
}

std::string FormFields::Get(const std::string& key) const {
  auto it = fields_.find(key);
  return it == fields_.end() ? "" : it->second;
}

std::string FormFields::Trimmed(const std::string& key) const {
  return std::string(Trim(Get(key)));
}

bool FormFields::Checked(const std::string& key) const {
  auto it = fields_.find(key);
  return it != fields_.end() && !it->second.empty() && it->second != "0";
}

std::vector<std::string> FormFields::All(const std::string& key) const {
  std::vector<std::string> out;
  auto range = fields_.equal_range(key);
  for (auto it = range.first; it != range.second; ++it) out.push_back(it->second);
  return out;
}

void FormErrors::Add(const std::string& field, const std::string& message) {
  items_.emplace_back(field, message);
}

void FormErrors::Into(json& model) const {
  json list = json::array();
  json by_field = json::object();
  for (const auto& [field, message] : items_) {
    // kainjow's sections take "" as true: leave the field out instead.
    json item = {{"message", message}};
    if (!field.empty()) item["field"] = field;
    list.push_back(std::move(item));
    if (!field.empty() && !by_field.contains(field)) by_field[field] = message;
  }
  model["has_errors"] = !items_.empty();
  model["errors"] = std::move(list);
  model["error"] = std::move(by_field);
}

std::string Say(const SiteContext& ctx, const HttpRequest& req, const std::string& key) {
  return ctx.i18n->Text(ChooseLanguage(req), key);
}

namespace {

// How a domain message is said in the catalogue. `subject` is the field it
// is about: "" the whole form, "*" the message's first word (the domain
// names the field: "name is empty", "code must be ...").
struct Rule {
  const char* needle;
  const char* also;  // a second text the message must contain, or ""
  const char* subject;
  const char* key;
};

// Checked in order: the password rules come before the general name rules.
constexpr std::array<Rule, 41> kRules = {{
    {"wrong username or password", "", "", "login_failed"},
    {"can only refer to what is already in the database", "", "*", "msg_csv_not_in_db"},
    {"cannot tell what the file holds", "", "", "msg_csv_kind_unknown"},
    {"must be 1 or 0", "", "*", "msg_csv_flag"},
    {"org is empty: a site hangs", "", "org", "msg_csv_site_org_empty"},
    {"not valid UTF-8 (save", "", "", "msg_csv_not_utf8"},
    {"current password is wrong", "", "current_password", "msg_current_password_wrong"},
    {"must differ from the old", "", "new_password", "msg_password_same"},
    {"password must have at least", "", "password", "msg_password_short"},
    {"most common passwords", "", "password", "msg_password_common"},
    {"password must not be the username", "", "password", "msg_password_is_username"},
    {"password is longer than", "", "password", "msg_password_long"},
    {"username must be", "", "username", "msg_username_invalid"},
    {"username", "is taken", "username", "msg_username_taken"},
    {"already exists", "", "code", "msg_code_taken"},
    {"must be 1-32 ASCII", "", "*", "msg_code_invalid"},
    {"that would make a cycle", "", "parent", "msg_parent_cycle"},
    {"is not under org unit", "", "site", "msg_site_not_under_org"},
    {"org unit '", "not found", "org", "msg_org_not_found"},
    {"org unit '", "outside your scope", "org", "msg_outside_scope"},
    {"site '", "not found", "site", "msg_site_not_found"},
    {"only admins create top-level", "", "parent", "msg_top_level_admin_only"},
    {"only admins create accounts outside", "", "org", "msg_outside_tree_admin_only"},
    {"disable your own account", "", "", "msg_not_yourself"},
    {"last active admin", "", "", "msg_last_admin"},
    {"only admins change admin accounts", "", "", "msg_admin_accounts"},
    {"not marked as having public computers", "", "", "msg_kiosk_flag_needed"},
    {"only admins and managers change", "", "", "msg_no_write_scope"},
    {"only managers and admins", "", "", "msg_no_write_scope"},
    {"you may not change", "", "", "msg_may_not_change"},
    {"at least one role", "", "roles", "msg_roles_empty"},
    {"may not grant", "", "roles", "msg_role_not_allowed"},
    {"unknown role", "", "roles", "msg_role_unknown"},
    {"phone must be", "", "phone", "msg_phone_invalid"},
    {"staff_category must be", "", "staff_category", "msg_staff_category_invalid"},
    {"level must be", "", "level", "msg_level_invalid"},
    {"type must be", "", "type", "msg_type_invalid"},
    {" is empty", "", "*", "msg_name_empty"},
    {" is longer than", "", "*", "msg_name_long"},
    {"contains a control character", "", "*", "msg_name_control"},
    {"is not valid UTF-8", "", "*", "msg_not_utf8"},
}};

}  // namespace

FieldMessage Explain(const SiteContext& ctx, const HttpRequest& req, const Status& s,
                     const std::set<std::string>& fields,
                     const std::map<std::string, std::string>& aliases) {
  const std::string& m = s.message();
  for (const Rule& r : kRules) {
    if (m.find(r.needle) == std::string::npos) continue;
    if (*r.also != '\0' && m.find(r.also) == std::string::npos) continue;
    std::string subject = r.subject;
    if (subject == "*") subject = m.substr(0, m.find_first_of(" :"));
    auto alias = aliases.find(subject);
    if (alias != aliases.end()) subject = alias->second;
    if (fields.count(subject) == 0) subject.clear();
    return {subject, Say(ctx, req, r.key)};
  }
  return {"", m};
}

void NoStore(HttpResponse& res) {
  res.SetHeader("Cache-Control", "no-store");
  res.SetHeader("Pragma", "no-cache");
}

HttpResponse BadForm(const SiteContext& ctx, const HttpRequest& req) {
  return ErrorResponse(ctx, req, 400, "invalid_argument", "the form could not be read");
}

std::optional<HttpResponse> RequireAdminArea(const SiteContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return refused;
  const courses::User& u = *req.visitor.user;
  if (u.Has(courses::Role::kAdmin) || u.Has(courses::Role::kManager) ||
      u.Has(courses::Role::kTrainer)) {
    return std::nullopt;
  }
  return ErrorResponse(ctx, req, 403, "permission_denied",
                       "the admin area is for admins, managers and trainers");
}

json AdminPageModel(const SiteContext& ctx, const HttpRequest& req, const std::string& title) {
  json m = PageModel(ctx, req, title);
  const courses::Actor actor = req.visitor.actor();
  m["is_admin"] = actor.Has(courses::Role::kAdmin);
  m["may_write"] = !courses::WriteScope(actor).nothing();
  m["has_csv"] = ctx.people_csv != nullptr;
  // The section of the admin navigation this page belongs to.
  static const std::pair<const char*, const char*> kSections[] = {{"/admin/org-units", "org_units"},
                                                                  {"/admin/sites", "sites"},
                                                                  {"/admin/users", "users"},
                                                                  {"/admin/audit", "audit"},
                                                                  {"/admin/import", "import"}};
  std::string section = req.path == "/admin" ? "home" : "";
  for (const auto& [prefix, name] : kSections) {
    if (req.path.rfind(prefix, 0) == 0) section = name;
  }
  if (!section.empty()) m["section"] = {{section, true}};
  return m;
}

json PagerJson(const std::string& path, const std::string& org, int limit, int64_t offset,
               int64_t shown, int64_t total) {
  auto url = [&](int64_t at) {
    std::string q;
    if (!org.empty()) q += "org=" + PercentEncode(org) + "&";
    if (limit != Paging().limit) q += "limit=" + std::to_string(limit) + "&";
    q += "offset=" + std::to_string(at);
    return path + "?" + q;
  };
  json p = {{"from", std::to_string(shown > 0 ? offset + 1 : 0)},
            {"to", std::to_string(offset + shown)},
            {"total", std::to_string(total)}};
  if (offset > 0) p["prev_url"] = url(std::max<int64_t>(0, offset - limit));
  if (offset + shown < total) p["next_url"] = url(offset + limit);
  p["has_links"] = p.contains("prev_url") || p.contains("next_url");
  return p;
}

std::string RoleLabels(const SiteContext& ctx, const HttpRequest& req,
                       const std::vector<courses::Role>& roles) {
  std::string out;
  for (courses::Role r : roles) {
    if (!out.empty()) out += ", ";
    out += Say(ctx, req, std::string("role_") + courses::RoleName(r));
  }
  return out;
}

std::string LocalTime(const std::string& iso) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0;
  if (iso.size() < 16 || iso[10] != 'T' ||
      std::sscanf(iso.c_str(), "%4d-%2d-%2dT%2d:%2d", &y, &mo, &d, &h, &mi) != 5) {
    return iso;
  }
  // Days from the civil date (H. Hinnant's algorithm), then 7 hours later.
  const int yy = y - (mo <= 2);
  const int era = (yy >= 0 ? yy : yy - 399) / 400;
  const int yoe = yy - era * 400;
  const int doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  long long days = era * 146097LL + doe - 719468;
  h += 7;
  if (h >= 24) {
    h -= 24;
    ++days;
  }
  // Back to the civil date.
  days += 719468;
  const long long era2 = (days >= 0 ? days : days - 146096) / 146097;
  const long long doe2 = days - era2 * 146097;
  const long long yoe2 = (doe2 - doe2 / 1460 + doe2 / 36524 - doe2 / 146096) / 365;
  const long long doy2 = doe2 - (365 * yoe2 + yoe2 / 4 - yoe2 / 100);
  const long long mp = (5 * doy2 + 2) / 153;
  const long long day = doy2 - (153 * mp + 2) / 5 + 1;
  const long long month = mp < 10 ? mp + 3 : mp - 9;
  const long long year = yoe2 + era2 * 400 + (month <= 2);
  char out[64];
  std::snprintf(out, sizeof out, "%02lld/%02lld/%04lld %02d:%02d", day, month, year, h, mi);
  return out;
}

namespace {

#define LOPHOC_ADMIN_AREA(ctx, req) \
  if (auto refused = RequireAdminArea((ctx), (req))) return *refused

#define LOPHOC_FORM(name, ctx, req)  \
  auto name = FormFields::Read(req); \
  if (!name) return BadForm((ctx), (req))

#define LOPHOC_PAGING(name, ctx, req)                                       \
  auto name##_or = ParsePaging(req);                                        \
  if (!name##_or.ok()) return StatusResponse(ctx, req, name##_or.status()); \
  const Paging name = *name##_or

constexpr long long kKioskCookieSeconds = 5LL * 365 * 24 * 3600;

// <option>s of a select, the one equal to `selected` marked.
json Options(const SiteContext& ctx, const HttpRequest& req, const std::string& prefix,
             const std::vector<std::string>& values, const std::string& selected) {
  json out = json::array();
  for (const auto& v : values) {
    out.push_back(
        {{"value", v}, {"label", Say(ctx, req, prefix + v)}, {"selected", v == selected}});
  }
  return out;
}

const std::vector<std::string>& LevelNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (auto l : {courses::OrgLevel::kNation, courses::OrgLevel::kProvince,
                   courses::OrgLevel::kDistrict, courses::OrgLevel::kCommune}) {
      v.push_back(courses::OrgLevelName(l));
    }
    return v;
  }();
  return names;
}

const std::vector<std::string>& SiteTypeNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (int t = 0; t <= static_cast<int>(courses::SiteType::kArmedForcesLibrary); ++t) {
      v.push_back(courses::SiteTypeName(static_cast<courses::SiteType>(t)));
    }
    return v;
  }();
  return names;
}

json UnitItem(const SiteContext& ctx, const HttpRequest& req, const courses::OrgUnit& u) {
  json item = OrgUnitJson(u);
  item["level_label"] = Say(ctx, req, std::string("level_") + courses::OrgLevelName(u.level));
  item["url"] = "/admin/org-units/" + PercentEncode(u.code);
  return item;
}

json SiteItem(const SiteContext& ctx, const HttpRequest& req, const courses::Site& s) {
  json item = SiteJson(s);
  item["type_label"] = Say(ctx, req, std::string("site_type_") + courses::SiteTypeName(s.type));
  item["url"] = "/admin/sites/" + PercentEncode(s.code);
  return item;
}

// A refusal of a form: the page again (with `render`), or the error page
// for a server failure.
template <typename Render>
HttpResponse Refused(const SiteContext& ctx, const HttpRequest& req, const Status& s,
                     const std::set<std::string>& fields,
                     const std::map<std::string, std::string>& aliases, Render render) {
  if (HttpStatusFor(s) >= 500) return StatusResponse(ctx, req, s);
  FormErrors errors;
  FieldMessage why = Explain(ctx, req, s, fields, aliases);
  errors.Add(why.field, why.text);
  return render(errors, HttpStatusFor(s));
}

// --- dashboard ---

HttpResponse Dashboard(const SiteContext& ctx, const HttpRequest& req) {
  LOPHOC_ADMIN_AREA(ctx, req);
  const courses::Actor actor = req.visitor.actor();
  auto units = ctx.people->ListOrgUnits(actor, "", 1, 0);
  if (!units.ok()) return StatusResponse(ctx, req, units.status());
  auto sites = ctx.people->ListSites(actor, "", 1, 0);
  if (!sites.ok()) return StatusResponse(ctx, req, sites.status());
  auto users = ctx.people->ListUsers(actor, "", 1, 0);
  if (!users.ok()) return StatusResponse(ctx, req, users.status());
  json m = AdminPageModel(ctx, req, Say(ctx, req, "admin_title"));
  m["counts"] = json::array({
      {{"label", Say(ctx, req, "admin_org_units")},
       {"url", "/admin/org-units"},
       {"count", std::to_string(units->total)}},
      {{"label", Say(ctx, req, "admin_sites")},
       {"url", "/admin/sites"},
       {"count", std::to_string(sites->total)}},
      {{"label", Say(ctx, req, "admin_users")},
       {"url", "/admin/users"},
       {"count", std::to_string(users->total)}},
  });
  return PageResponse(ctx, req, "admin", m);
}

// --- org units ---

const std::set<std::string> kUnitFields = {"code", "name", "level", "parent"};
const std::map<std::string, std::string> kUnitAliases = {{"org", "parent"}};

HttpResponse OrgUnitsPage(const SiteContext& ctx, const HttpRequest& req, const FormErrors& errors,
                          json form, int status) {
  LOPHOC_PAGING(p, ctx, req);
  const std::string org = req.Query("org");
  auto page = ctx.people->ListOrgUnits(req.visitor.actor(), org, p.limit, p.offset);
  if (!page.ok()) return StatusResponse(ctx, req, page.status());
  json m = AdminPageModel(ctx, req, Say(ctx, req, "org_units_title"));
  json items = json::array();
  for (const auto& u : page->items) items.push_back(UnitItem(ctx, req, u));
  m["has_units"] = !items.empty();
  m["units"] = std::move(items);
  m["pager"] = PagerJson("/admin/org-units", org, p.limit, p.offset,
                         static_cast<int64_t>(page->items.size()), page->total);
  if (!org.empty()) m["org"] = org;  // sections take "" as true
  m["export_url"] = "/admin/export/org-units" + (org.empty() ? "" : "?org=" + PercentEncode(org));
  if (form.is_null()) form = {{"code", ""}, {"name", ""}, {"level", "province"}, {"parent", org}};
  m["levels"] = Options(ctx, req, "level_", LevelNames(), form.value("level", ""));
  m["form"] = std::move(form);
  errors.Into(m);
  return PageResponse(ctx, req, "admin_org_units", m, status);
}

HttpResponse OrgUnits(const SiteContext& ctx, const HttpRequest& req) {
  LOPHOC_ADMIN_AREA(ctx, req);
  return OrgUnitsPage(ctx, req, FormErrors(), json(), 200);
}

HttpResponse CreateOrgUnit(const SiteContext& ctx, const HttpRequest& req) {
  LOPHOC_ADMIN_AREA(ctx, req);
  LOPHOC_FORM(form, ctx, req);
  app::OrgUnitInput in{form->Trimmed("code"), form->Trimmed("name"), form->Trimmed("level"),
                       form->Trimmed("parent")};
  json values = {{"code", in.code}, {"name", in.name}, {"level", in.level}, {"parent", in.parent}};
  FormErrors errors;
  if (in.code.empty()) errors.Add("code", Say(ctx, req, "form_required"));
  if (in.name.empty()) errors.Add("name", Say(ctx, req, "form_required"));
  if (!errors.empty()) return OrgUnitsPage(ctx, req, errors, values, 400);
  auto unit = ctx.people->CreateOrgUnit(req.visitor.actor(), in);
  if (!unit.ok()) {
    return Refused(
        ctx, req, unit.status(), kUnitFields, kUnitAliases,
        [&](const FormErrors& e, int status) { return OrgUnitsPage(ctx, req, e, values, status); });
  }
  return Redirect("/admin/org-units/" + PercentEncode(unit->code) + "?created=1");
}

HttpResponse OrgUnitPage(const SiteContext& ctx, const HttpRequest& req,
                         const courses::OrgUnit& unit, const FormErrors& errors, json form,
                         int status) {
  const courses::Actor actor = req.visitor.actor();
  constexpr int kShown = 50;
  auto below = ctx.people->ListOrgUnits(actor, unit.code, kShown + 1, 0);
  if (!below.ok()) return StatusResponse(ctx, req, below.status());
  auto sites = ctx.people->ListSites(actor, unit.code, kShown, 0);
  if (!sites.ok()) return StatusResponse(ctx, req, sites.status());
  json m = AdminPageModel(ctx, req, unit.name);
  json subunits = json::array();
  for (const auto& u : below->items) {
    if (u.code != unit.code && subunits.size() < kShown) subunits.push_back(UnitItem(ctx, req, u));
  }
  json site_items = json::array();
  for (const auto& s : sites->items) site_items.push_back(SiteItem(ctx, req, s));
  m["unit"] = UnitItem(ctx, req, unit);
  m["has_subunits"] = !subunits.empty();
  m["subunits"] = std::move(subunits);
  m["more_subunits"] = below->total - 1 > kShown;
  m["subunits_url"] = "/admin/org-units?org=" + PercentEncode(unit.code);
  m["has_sites"] = !site_items.empty();
  m["sites"] = std::move(site_items);
  m["more_sites"] = sites->total > kShown;
  m["sites_url"] = "/admin/sites?org=" + PercentEncode(unit.code);
  m["users_url"] = "/admin/users?org=" + PercentEncode(unit.code);
  m["saved"] = req.HasQuery("saved");
  m["created"] = req.HasQuery("created");
  if (form.is_null()) {
    form = {{"name", unit.name},
            {"level", courses::OrgLevelName(unit.level)},
            {"parent", unit.parent_code}};
  }
  m["levels"] = Options(ctx, req, "level_", LevelNames(), form.value("level", ""));
  m["form"] = std::move(form);
  errors.Into(m);
  return PageResponse(ctx, req, "admin_org_unit", m, status);
}

HttpResponse ShowOrgUnit(const SiteContext& ctx, const HttpRequest& req) {
  LOPHOC_ADMIN_AREA(ctx, req);
  auto unit = ctx.people->GetOrgUnit(req.visitor.actor(), req.params.at("code"));
  if (!unit.ok()) return StatusResponse(ctx, req, unit.status());
  return OrgUnitPage(ctx, req, *unit, FormErrors(), json(), 200);
}

HttpResponse UpdateOrgUnit(const SiteContext& ctx, const HttpRequest& req) {
  LOPHOC_ADMIN_AREA(ctx, req);
  const courses::Actor actor = req.visitor.actor();
  auto unit = ctx.people->GetOrgUnit(actor, req.params.at("code"));
  if (!unit.ok()) return StatusResponse(ctx, req, unit.status());
  LOPHOC_FORM(form, ctx, req);
  app::OrgUnitPatch p{form->Trimmed("name"), form->Trimmed("level"), form->Trimmed("parent")};
  json values = {{"name", *p.name}, {"level", *p.level}, {"parent", *p.parent}};
  FormErrors errors;
  if (p.name->empty()) errors.Add("name", Say(ctx, req, "form_required"));
  if (!errors.empty()) return OrgUnitPage(ctx, req, *unit, errors, values, 400);
  auto updated = ctx.people->UpdateOrgUnit(actor, unit->code, p);
  if (!updated.ok()) {
    return Refused(ctx, req, updated.status(), kUnitFields, kUnitAliases,
                   [&](const FormErrors& e, int status) {
                     return OrgUnitPage(ctx, req, *unit, e, values, status);
                   });
  }
  return Redirect("/admin/org-units/" + PercentEncode(unit->code) + "?saved=1");
}

// --- sites ---

const std::set<std::string> kSiteFields = {"code", "name", "type", "org", "label"};

HttpResponse SitesPage(const SiteContext& ctx, const HttpRequest& req, const FormErrors& errors,
                       json form, int status) {
  LOPHOC_PAGING(p, ctx, req);
  const std::string org = req.Query("org");
  auto page = ctx.people->ListSites(req.visitor.actor(), org, p.limit, p.offset);
  if (!page.ok()) return StatusResponse(ctx, req, page.status());
  json m = AdminPageModel(ctx, req, Say(ctx, req, "sites_title"));
  json items = json::array();
  for (const auto& s : page->items) items.push_back(SiteItem(ctx, req, s));
  m["has_sites"] = !items.empty();
  m["sites"] = std::move(items);
  m["pager"] = PagerJson("/admin/sites", org, p.limit, p.offset,
                         static_cast<int64_t>(page->items.size()), page->total);
  if (!org.empty()) m["org"] = org;  // sections take "" as true
  m["export_url"] = "/admin/export/sites" + (org.empty() ? "" : "?org=" + PercentEncode(org));
  if (form.is_null()) {
    form = {
        {"code", ""}, {"name", ""}, {"type", "commune_library"}, {"org", org}, {"kiosk", false}};
  }
  m["types"] = Options(ctx, req, "site_type_", SiteTypeNames(), form.value("type", ""));
  m["form"] = std::move(form);
  errors.Into(m);
  return PageResponse(ctx, req, "admin_sites", m, status);
}

HttpResponse Sites(const SiteContext& ctx, const HttpRequest& req) {
  LOPHOC_ADMIN_AREA(ctx, req);
  return SitesPage(ctx, req, FormErrors(), json(), 200);
}

HttpResponse CreateSite(const SiteContext& ctx, const HttpRequest& req) {
  LOPHOC_ADMIN_AREA(ctx, req);
  LOPHOC_FORM(form, ctx, req);
  app::SiteInput in{form->Trimmed("code"), form->Trimmed("name"), form->Trimmed("type"),
                    form->Trimmed("org"), form->Checked("kiosk")};
  json values = {{"code", in.code},
                 {"name", in.name},
                 {"type", in.type},
                 {"org", in.org},
                 {"kiosk", in.kiosk}};
  FormErrors errors;
  if (in.code.empty()) errors.Add("code", Say(ctx, req, "form_required"));
  if (in.name.empty()) errors.Add("name", Say(ctx, req, "form_required"));
  if (in.org.empty()) errors.Add("org", Say(ctx, req, "form_required"));
  if (!errors.empty()) return SitesPage(ctx, req, errors, values, 400);
  auto site = ctx.people->CreateSite(req.visitor.actor(), in);
  if (!site.ok()) {
    return Refused(ctx, req, site.status(), kSiteFields, {}, [&](const FormErrors& e, int status) {
      return SitesPage(ctx, req, e, values, status);
    });
  }
  return Redirect("/admin/sites/" + PercentEncode(site->code) + "?created=1");
}

HttpResponse SitePage(const SiteContext& ctx, const HttpRequest& req, const courses::Site& site,
                      const FormErrors& errors, json form, const std::string& label, int status) {
  json m = AdminPageModel(ctx, req, site.name);
  m["site"] = SiteItem(ctx, req, site);
  m["org_url"] = "/admin/org-units/" + PercentEncode(site.org_code);
  m["users_url"] = "/admin/users?org=" + PercentEncode(site.org_code);
  m["saved"] = req.HasQuery("saved");
  m["created"] = req.HasQuery("created");
  m["kiosk_done"] = req.HasQuery("kiosk");
  m["this_browser_is_kiosk"] = req.visitor.kiosk_site == site.code;
  m["label"] = label;
  if (form.is_null()) {
    form = {{"name", site.name},
            {"type", courses::SiteTypeName(site.type)},
            {"org", site.org_code},
            {"kiosk", site.kiosk}};
  }
  m["types"] = Options(ctx, req, "site_type_", SiteTypeNames(), form.value("type", ""));
  m["form"] = std::move(form);
  errors.Into(m);
  return PageResponse(ctx, req, "admin_site", m, status);
}

HttpResponse ShowSite(const SiteContext& ctx, const HttpRequest& req) {
  LOPHOC_ADMIN_AREA(ctx, req);
  auto site = ctx.people->GetSite(req.visitor.actor(), req.params.at("code"));
  if (!site.ok()) return StatusResponse(ctx, req, site.status());
  return SitePage(ctx, req, *site, FormErrors(), json(), "", 200);
}

HttpResponse UpdateSite(const SiteContext& ctx, const HttpRequest& req) {
  LOPHOC_ADMIN_AREA(ctx, req);
  const courses::Actor actor = req.visitor.actor();
  auto site = ctx.people->GetSite(actor, req.params.at("code"));
  if (!site.ok()) return StatusResponse(ctx, req, site.status());
  LOPHOC_FORM(form, ctx, req);
  app::SitePatch p{form->Trimmed("name"), form->Trimmed("type"), form->Trimmed("org"),
                   form->Checked("kiosk")};
  json values = {{"name", *p.name}, {"type", *p.type}, {"org", *p.org}, {"kiosk", *p.kiosk}};
  FormErrors errors;
  if (p.name->empty()) errors.Add("name", Say(ctx, req, "form_required"));
  if (p.org->empty()) errors.Add("org", Say(ctx, req, "form_required"));
  if (!errors.empty()) return SitePage(ctx, req, *site, errors, values, "", 400);
  auto updated = ctx.people->UpdateSite(actor, site->code, p);
  if (!updated.ok()) {
    return Refused(ctx, req, updated.status(), kSiteFields, {},
                   [&](const FormErrors& e, int status) {
                     return SitePage(ctx, req, *site, e, values, "", status);
                   });
  }
  return Redirect("/admin/sites/" + PercentEncode(site->code) + "?saved=1");
}

HttpResponse RegisterKiosk(const SiteContext& ctx, const HttpRequest& req) {
  LOPHOC_ADMIN_AREA(ctx, req);
  const courses::Actor actor = req.visitor.actor();
  auto site = ctx.people->GetSite(actor, req.params.at("code"));
  if (!site.ok()) return StatusResponse(ctx, req, site.status());
  LOPHOC_FORM(form, ctx, req);
  const std::string label = form->Trimmed("label");
  if (label.empty()) {
    FormErrors errors;
    errors.Add("label", Say(ctx, req, "form_required"));
    return SitePage(ctx, req, *site, errors, json(), label, 400);
  }
  auto token = ctx.people->RegisterKiosk(actor, site->code, label);
  if (!token.ok()) {
    return Refused(ctx, req, token.status(), {"label"}, {}, [&](const FormErrors& e, int status) {
      return SitePage(ctx, req, *site, e, json(), label, status);
    });
  }
  HttpResponse res = Redirect("/admin/sites/" + PercentEncode(site->code) + "?kiosk=1");
  res.headers.emplace_back("Set-Cookie", SetCookieValue(kKioskCookie, *token, kKioskCookieSeconds,
                                                        ctx.options.secure_cookies));
  return res;
}

// Anyone at a public computer may end its kiosk mode.
HttpResponse StopKiosk(const SiteContext& ctx, const HttpRequest& req) {
  const std::string token = req.Cookie(kKioskCookie);
  if (!token.empty()) {
    Status s = ctx.people->StopKiosk(token);
    if (!s.ok() && s.code() != StatusCode::kNotFound) return StatusResponse(ctx, req, s);
  }
  HttpResponse res = Redirect("/");
  res.headers.emplace_back("Set-Cookie", ClearCookie(ctx, kKioskCookie));
  return res;
}

// --- audit log ---

HttpResponse Audit(const SiteContext& ctx, const HttpRequest& req) {
  LOPHOC_ADMIN_AREA(ctx, req);
  LOPHOC_PAGING(p, ctx, req);
  auto page = ctx.people->ListAudit(req.visitor.actor(), p.limit, p.offset);
  if (!page.ok()) return StatusResponse(ctx, req, page.status());
  json m = AdminPageModel(ctx, req, Say(ctx, req, "audit_title"));
  json items = json::array();
  for (const auto& e : page->items) {
    items.push_back({{"at", LocalTime(e.at)},
                     {"at_iso", e.at},
                     {"actor", e.actor},
                     {"action", e.action},
                     {"object", e.object_type + (e.object_key.empty() ? "" : " " + e.object_key)},
                     {"details", e.details_json == "{}" ? "" : e.details_json}});
  }
  m["has_entries"] = !items.empty();
  m["entries"] = std::move(items);
  m["pager"] = PagerJson("/admin/audit", "", p.limit, p.offset,
                         static_cast<int64_t>(page->items.size()), page->total);
  return PageResponse(ctx, req, "admin_audit", m);
}

// --- CSV import and export ---

HttpResponse ImportPage(const SiteContext& ctx, const HttpRequest& req, const FormErrors& errors,
                        const std::string& csv, bool dry_run, int status) {
  json m = AdminPageModel(ctx, req, Say(ctx, req, "import_title"));
  const size_t limit = ctx.options.max_upload_bytes;
  m["max_size"] = limit >= 1024 * 1024 && limit % (1024 * 1024) == 0
                      ? std::to_string(limit / (1024 * 1024)) + " MiB"
                      : std::to_string(limit / 1024) + " KiB";
  m["csv"] = csv;
  m["dry_run"] = dry_run;
  errors.Into(m);
  return PageResponse(ctx, req, "admin_import", m, status);
}

HttpResponse ImportForm(const SiteContext& ctx, const HttpRequest& req) {
  LOPHOC_ADMIN_AREA(ctx, req);
  if (ctx.people_csv == nullptr) return ErrorResponse(ctx, req, 404, "not_found", "no CSV import");
  return ImportPage(ctx, req, FormErrors(), "", true, 200);
}

// The CSV of an import form: the uploaded file, else the pasted text.
struct ImportInput {
  std::string csv;
  bool dry_run = false;
};

// What is wrong with a whole CSV file ("line N: ..." from PeopleCsv), with
// its line number kept.
std::string FileProblem(const SiteContext& ctx, const HttpRequest& req, const Status& s) {
  const std::string& m = s.message();
  std::string line;
  size_t colon = std::string::npos;
  if (m.rfind("line ", 0) == 0) {
    colon = m.find(": ");
    if (colon != std::string::npos) line = m.substr(5, colon - 5);
  }
  const Status rest = line.empty() ? s : Status::InvalidArgument(m.substr(colon + 2));
  const std::string text = Explain(ctx, req, rest, {}).text;
  return line.empty() ? text : Say(ctx, req, "import_line") + " " + line + ": " + text;
}

Result<ImportInput> ReadImportForm(const HttpRequest& req) {
  ImportInput in;
  if (auto form = FormFields::Read(req)) {
    in.csv = form->Get("csv");
    in.dry_run = form->Checked("dry_run");
    return in;
  }
  auto parts = ParseMultipart(req.Header("content-type"), req.body);
  if (!parts.ok()) return parts.status();
  const FormPart* file = FindPart(*parts, "file");
  const FormPart* text = FindPart(*parts, "csv");
  const FormPart* dry = FindPart(*parts, "dry_run");
  if (file != nullptr && !file->data.empty()) {
    in.csv = file->data;
  } else if (text != nullptr) {
    in.csv = text->data;
  }
  in.dry_run = dry != nullptr && !dry->data.empty() && dry->data != "0";
  return in;
}

HttpResponse Import(const SiteContext& ctx, const HttpRequest& req) {
  LOPHOC_ADMIN_AREA(ctx, req);
  if (ctx.people_csv == nullptr) return ErrorResponse(ctx, req, 404, "not_found", "no CSV import");
  auto in = ReadImportForm(req);
  if (!in.ok()) return BadForm(ctx, req);
  FormErrors errors;
  if (Trim(in->csv).empty()) {
    errors.Add("file", Say(ctx, req, "import_empty"));
    return ImportPage(ctx, req, errors, "", in->dry_run, 400);
  }
  auto report = ctx.people_csv->Import(req.visitor.actor(), in->csv, in->dry_run);
  if (!report.ok()) {
    const int http = HttpStatusFor(report.status());
    if (http >= 500 || http == 403) return StatusResponse(ctx, req, report.status());
    errors.Add("file", FileProblem(ctx, req, report.status()));
    return ImportPage(ctx, req, errors, in->csv, in->dry_run, http);
  }
  json m = AdminPageModel(ctx, req, Say(ctx, req, "import_result_title"));
  const std::string kind = app::CsvKindName(report->kind);
  m["kind_label"] = Say(ctx, req, "csv_kind_" + kind);
  m["rows"] = std::to_string(report->rows);
  m["dry_run"] = in->dry_run;
  m["clean"] = report->errors.empty();
  m["created"] = std::to_string(report->created);
  json bad = json::array();
  for (const auto& e : report->errors) {
    bad.push_back({{"line", std::to_string(e.line)},
                   {"column", e.column},
                   {"message", Explain(ctx, req, Status::InvalidArgument(e.message), {}).text}});
  }
  m["row_errors"] = std::move(bad);
  json passwords = json::array();
  for (const auto& p : report->one_time_passwords) {
    passwords.push_back({{"username", p.username}, {"password", p.password}});
  }
  m["has_passwords"] = !passwords.empty();
  m["passwords"] = std::move(passwords);
  // After a clean dry run the same text can be imported for real.
  if (in->dry_run && report->errors.empty()) m["csv"] = in->csv;
  HttpResponse res =
      PageResponse(ctx, req, "admin_import_result", m, report->errors.empty() ? 200 : 400);
  if (!report->one_time_passwords.empty()) NoStore(res);
  return res;
}

HttpResponse Export(const SiteContext& ctx, const HttpRequest& req) {
  LOPHOC_ADMIN_AREA(ctx, req);
  const std::string& name = req.params.at("kind");
  std::optional<app::CsvKind> kind;
  if (name == "org-units") kind = app::CsvKind::kOrgUnits;
  if (name == "sites") kind = app::CsvKind::kSites;
  if (name == "users") kind = app::CsvKind::kUsers;
  if (!kind || ctx.people_csv == nullptr) {
    return ErrorResponse(ctx, req, 404, "not_found", "no export " + name);
  }
  auto csv = ctx.people_csv->Export(req.visitor.actor(), *kind, req.Query("org"));
  if (!csv.ok()) return StatusResponse(ctx, req, csv.status());
  HttpResponse res;
  res.content_type = "text/csv; charset=utf-8";
  res.body = std::move(*csv);
  res.SetHeader("Content-Disposition", "attachment; filename=\"" + name + ".csv\"");
  return res;
}

}  // namespace

void AddAdminPageRoutes(Router& r, const SiteContext& ctx) {
  const SiteContext* c = &ctx;
  auto on = [&r, c](const char* method, const char* pattern,
                    HttpResponse (*fn)(const SiteContext&, const HttpRequest&)) {
    r.Add(method, pattern, [c, fn](const HttpRequest& req) { return fn(*c, req); });
  };
  on("GET", "/admin", Dashboard);
  on("GET", "/admin/org-units", OrgUnits);
  on("POST", "/admin/org-units", CreateOrgUnit);
  on("GET", "/admin/org-units/:code", ShowOrgUnit);
  on("POST", "/admin/org-units/:code", UpdateOrgUnit);
  on("GET", "/admin/sites", Sites);
  on("POST", "/admin/sites", CreateSite);
  on("GET", "/admin/sites/:code", ShowSite);
  on("POST", "/admin/sites/:code", UpdateSite);
  on("POST", "/admin/sites/:code/kiosk", RegisterKiosk);
  on("POST", "/kiosk/stop", StopKiosk);
  on("GET", "/admin/audit", Audit);
  on("GET", "/admin/import", ImportForm);
  // A CSV file may be larger than a form: up to SiteOptions::max_upload_bytes.
  r.Add(
      "POST", "/admin/import", [c](const HttpRequest& req) { return Import(*c, req); },
      kUploadRoute);
  on("GET", "/admin/export/:kind", Export);
  AddAdminUserPageRoutes(r, ctx);
}

}  // namespace lophoc::http
