// The admin area: the dashboard, org units, sites (and their public
// computers). The audit log is in admin_audit_pages.cpp, CSV import and export are in
// admin_csv_pages.cpp, account administration in admin_user_pages.cpp, and
// the pieces all people pages share (admin_pages.h) in people_page_parts.cpp.
//
// What an actor may see and change is PeopleService's answer: these pages
// only hide the forms of an actor who may change nothing.
#include "server/http/admin_pages.h"

#include <nlohmann/json.hpp>

#include "server/app/org_change_service.h"
#include "server/http/admin_audit_pages.h"
#include "server/http/auth.h"
#include "server/http/people_presenters.h"
#include "server/http/request_util.h"
#include "server/http/web_app.h"

namespace lophoc::http {

using nlohmann::json;

namespace {

constexpr long long kKioskCookieSeconds = 5LL * 365 * 24 * 3600;

// <option>s of a select, the one equal to `selected` marked.
json Options(const WebContext& ctx, const HttpRequest& req, const std::string& prefix,
             const std::vector<std::string>& values, const std::string& selected) {
  json out = json::array();
  for (const auto& v : values) {
    out.push_back(
        {{"value", v}, {"label", Say(ctx, req, prefix + v)}, {"selected", v == selected}});
  }
  return out;
}

// The levels of the tree (org_levels, by rank): levels are data.
std::vector<std::string> LevelNames(const WebContext& ctx) {
  std::vector<std::string> v;
  if (ctx.org_changes != nullptr) {
    auto levels = ctx.org_changes->Levels();
    if (levels.ok()) {
      for (const auto& l : *levels) v.push_back(l.code);
      return v;
    }
  }
  for (const auto* l : {&people::OrgLevel::kNation, &people::OrgLevel::kProvince,
                        &people::OrgLevel::kDistrict, &people::OrgLevel::kCommune}) {
    v.push_back(l->code);
  }
  return v;
}

json UnitItem(const WebContext& ctx, const HttpRequest& req, const people::OrgUnit& u) {
  json item = OrgUnitJson(u);
  item["level_label"] = Say(ctx, req, std::string("level_") + people::OrgLevelName(u.level));
  item["url"] = "/admin/org-units/" + PercentEncode(u.code);
  return item;
}

json SiteItem(const HttpRequest& req, const people::Site& s) {
  json item = SiteJson(s);
  item["type_label"] = people::SiteTypeInfo(s.type).Label(ChooseLanguage(req));
  item["url"] = "/admin/sites/" + PercentEncode(s.code);
  return item;
}

// --- dashboard ---

HttpResponse Dashboard(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireAdminArea(ctx, req)) return *refused;
  const people::Actor actor = req.visitor.actor();
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

HttpResponse OrgUnitsPage(const WebContext& ctx, const HttpRequest& req, const FormErrors& errors,
                          json form, int status) {
  const std::string org = req.Query("org");
  auto listed = ListRequested(req, [&](const Paging& p) {
    return ctx.people->ListOrgUnits(req.visitor.actor(), org, p.limit, p.offset);
  });
  if (!listed.ok()) return StatusResponse(ctx, req, listed.status());
  const Paging& p = listed->paging;
  json items = json::array();
  for (const auto& u : listed->page.items) items.push_back(UnitItem(ctx, req, u));
  json m = AdminListModel(ctx, req, Say(ctx, req, "org_units_title"), "/admin/org-units",
                          "org-units", "units", std::move(items), p.limit, p.offset,
                          listed->page.total, org);
  if (form.is_null()) form = {{"code", ""}, {"name", ""}, {"level", "province"}, {"parent", org}};
  m["levels"] = Options(ctx, req, "level_", LevelNames(ctx), form.value("level", ""));
  m["form"] = std::move(form);
  return FormPage(ctx, req, "admin_org_units", std::move(m), errors, status);
}

HttpResponse OrgUnits(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireAdminArea(ctx, req)) return *refused;
  return OrgUnitsPage(ctx, req, FormErrors(), json(), 200);
}

HttpResponse CreateOrgUnit(const WebContext& ctx, const HttpRequest& req, const FormFields& form) {
  app::OrgUnitInput in{form.Trimmed("code"), form.Trimmed("name"), form.Trimmed("level"),
                       form.Trimmed("parent")};
  json values = {{"code", in.code}, {"name", in.name}, {"level", in.level}, {"parent", in.parent}};
  FormErrors errors;
  if (in.code.empty()) errors.Add("code", Say(ctx, req, "form_required"));
  if (in.name.empty()) errors.Add("name", Say(ctx, req, "form_required"));
  if (!errors.empty()) return OrgUnitsPage(ctx, req, errors, values, 400);
  auto unit = ctx.people->CreateOrgUnit(req.visitor.actor(), in);
  if (!unit.ok()) {
    return RefusedForm(
        ctx, req, unit.status(), kUnitFields, {},
        [&](const FormErrors& e, int status) { return OrgUnitsPage(ctx, req, e, values, status); });
  }
  return Redirect("/admin/org-units/" + PercentEncode(unit->code) + "?created=1");
}

HttpResponse OrgUnitPage(const WebContext& ctx, const HttpRequest& req,
                         const people::OrgUnit& unit, const FormErrors& errors, json form,
                         int status) {
  const people::Actor actor = req.visitor.actor();
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
  for (const auto& s : sites->items) site_items.push_back(SiteItem(req, s));
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
            {"level", people::OrgLevelName(unit.level)},
            {"parent", unit.parent_code}};
  }
  m["levels"] = Options(ctx, req, "level_", LevelNames(ctx), form.value("level", ""));
  m["form"] = std::move(form);
  return FormPage(ctx, req, "admin_org_unit", std::move(m), errors, status);
}

HttpResponse ShowOrgUnit(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireAdminArea(ctx, req)) return *refused;
  auto unit = ctx.people->GetOrgUnit(req.visitor.actor(), req.params.at("code"));
  if (!unit.ok()) return StatusResponse(ctx, req, unit.status());
  return OrgUnitPage(ctx, req, *unit, FormErrors(), json(), 200);
}

HttpResponse UpdateOrgUnit(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireAdminArea(ctx, req)) return *refused;
  const people::Actor actor = req.visitor.actor();
  auto unit = ctx.people->GetOrgUnit(actor, req.params.at("code"));
  if (!unit.ok()) return StatusResponse(ctx, req, unit.status());
  auto form = FormFields::Read(req);
  if (!form) return BadForm(ctx, req);
  app::OrgUnitPatch p{form->Trimmed("name"), form->Trimmed("level"), form->Trimmed("parent")};
  json values = {{"name", *p.name}, {"level", *p.level}, {"parent", *p.parent}};
  FormErrors errors;
  if (p.name->empty()) errors.Add("name", Say(ctx, req, "form_required"));
  if (!errors.empty()) return OrgUnitPage(ctx, req, *unit, errors, values, 400);
  auto updated = ctx.people->UpdateOrgUnit(actor, unit->code, p);
  if (!updated.ok()) {
    return RefusedForm(ctx, req, updated.status(), kUnitFields, {},
                   [&](const FormErrors& e, int status) {
                     return OrgUnitPage(ctx, req, *unit, e, values, status);
                   });
  }
  return Redirect("/admin/org-units/" + PercentEncode(unit->code) + "?saved=1");
}

// --- sites ---

const std::set<std::string> kSiteFields = {"code", "name", "type", "org", "label"};

HttpResponse SitesPage(const WebContext& ctx, const HttpRequest& req, const FormErrors& errors,
                       json form, int status) {
  const std::string org = req.Query("org");
  auto listed = ListRequested(req, [&](const Paging& p) {
    return ctx.people->ListSites(req.visitor.actor(), org, p.limit, p.offset);
  });
  if (!listed.ok()) return StatusResponse(ctx, req, listed.status());
  const Paging& p = listed->paging;
  json items = json::array();
  for (const auto& s : listed->page.items) items.push_back(SiteItem(req, s));
  json m = AdminListModel(ctx, req, Say(ctx, req, "sites_title"), "/admin/sites", "sites", "sites",
                          std::move(items), p.limit, p.offset, listed->page.total, org);
  if (form.is_null()) {
    form = {
        {"code", ""}, {"name", ""}, {"type", "commune_library"}, {"org", org}, {"kiosk", false}};
  }
  m["types"] = SiteTypeOptions(req, form.value("type", ""));
  m["form"] = std::move(form);
  return FormPage(ctx, req, "admin_sites", std::move(m), errors, status);
}

HttpResponse Sites(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireAdminArea(ctx, req)) return *refused;
  return SitesPage(ctx, req, FormErrors(), json(), 200);
}

HttpResponse CreateSite(const WebContext& ctx, const HttpRequest& req, const FormFields& form) {
  app::SiteInput in{form.Trimmed("code"), form.Trimmed("name"), form.Trimmed("type"),
                    form.Trimmed("org"), form.Checked("kiosk")};
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
    return RefusedForm(ctx, req, site.status(), kSiteFields, {},
                       [&](const FormErrors& e, int status) {
                         return SitesPage(ctx, req, e, values, status);
                       });
  }
  return Redirect("/admin/sites/" + PercentEncode(site->code) + "?created=1");
}

HttpResponse SitePage(const WebContext& ctx, const HttpRequest& req, const people::Site& site,
                      const FormErrors& errors, json form, const std::string& label, int status) {
  json m = AdminPageModel(ctx, req, site.name);
  m["site"] = SiteItem(req, site);
  m["org_url"] = "/admin/org-units/" + PercentEncode(site.org_code);
  m["users_url"] = "/admin/users?org=" + PercentEncode(site.org_code);
  m["saved"] = req.HasQuery("saved");
  m["created"] = req.HasQuery("created");
  m["kiosk_done"] = req.HasQuery("kiosk");
  m["this_browser_is_kiosk"] = req.visitor.kiosk_site == site.code;
  m["label"] = label;
  if (form.is_null()) {
    form = {{"name", site.name},
            {"type", people::SiteTypeName(site.type)},
            {"org", site.org_code},
            {"kiosk", site.kiosk}};
  }
  m["types"] = SiteTypeOptions(req, form.value("type", ""));
  m["form"] = std::move(form);
  return FormPage(ctx, req, "admin_site", std::move(m), errors, status);
}

HttpResponse ShowSite(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireAdminArea(ctx, req)) return *refused;
  auto site = ctx.people->GetSite(req.visitor.actor(), req.params.at("code"));
  if (!site.ok()) return StatusResponse(ctx, req, site.status());
  return SitePage(ctx, req, *site, FormErrors(), json(), "", 200);
}

HttpResponse UpdateSite(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireAdminArea(ctx, req)) return *refused;
  const people::Actor actor = req.visitor.actor();
  auto site = ctx.people->GetSite(actor, req.params.at("code"));
  if (!site.ok()) return StatusResponse(ctx, req, site.status());
  auto form = FormFields::Read(req);
  if (!form) return BadForm(ctx, req);
  app::SitePatch p{form->Trimmed("name"), form->Trimmed("type"), form->Trimmed("org"),
                   form->Checked("kiosk")};
  json values = {{"name", *p.name}, {"type", *p.type}, {"org", *p.org}, {"kiosk", *p.kiosk}};
  FormErrors errors;
  if (p.name->empty()) errors.Add("name", Say(ctx, req, "form_required"));
  if (p.org->empty()) errors.Add("org", Say(ctx, req, "form_required"));
  if (!errors.empty()) return SitePage(ctx, req, *site, errors, values, "", 400);
  auto updated = ctx.people->UpdateSite(actor, site->code, p);
  if (!updated.ok()) {
    return RefusedForm(ctx, req, updated.status(), kSiteFields, {},
                   [&](const FormErrors& e, int status) {
                     return SitePage(ctx, req, *site, e, values, "", status);
                   });
  }
  return Redirect("/admin/sites/" + PercentEncode(site->code) + "?saved=1");
}

HttpResponse RegisterKiosk(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireAdminArea(ctx, req)) return *refused;
  const people::Actor actor = req.visitor.actor();
  auto site = ctx.people->GetSite(actor, req.params.at("code"));
  if (!site.ok()) return StatusResponse(ctx, req, site.status());
  auto form = FormFields::Read(req);
  if (!form) return BadForm(ctx, req);
  const std::string label = form->Trimmed("label");
  if (label.empty()) {
    FormErrors errors;
    errors.Add("label", Say(ctx, req, "form_required"));
    return SitePage(ctx, req, *site, errors, json(), label, 400);
  }
  auto token = ctx.people->RegisterKiosk(actor, site->code, label);
  if (!token.ok()) {
    return RefusedForm(ctx, req, token.status(), {"label"}, {},
                       [&](const FormErrors& e, int status) {
                         return SitePage(ctx, req, *site, e, json(), label, status);
                       });
  }
  HttpResponse res = Redirect("/admin/sites/" + PercentEncode(site->code) + "?kiosk=1");
  res.headers.emplace_back("Set-Cookie", SetCookieValue(kKioskCookie, *token, kKioskCookieSeconds,
                                                        ctx.options.secure_cookies));
  return res;
}

// Anyone at a public computer may end its kiosk mode.
HttpResponse StopKiosk(const WebContext& ctx, const HttpRequest& req) {
  const std::string token = req.Cookie(kKioskCookie);
  if (!token.empty()) {
    Status s = ctx.people->StopKiosk(token);
    if (!s.ok() && s.code() != StatusCode::kNotFound) return StatusResponse(ctx, req, s);
  }
  HttpResponse res = Redirect("/");
  res.headers.emplace_back("Set-Cookie", ClearCookie(ctx, kKioskCookie));
  return res;
}

}  // namespace

json SiteTypeOptions(const HttpRequest& req, const std::string& selected) {
  const std::string lang = ChooseLanguage(req);
  json out = json::array();
  for (const auto& t : people::SiteTypes()) {
    out.push_back({{"value", t.code}, {"label", t.Label(lang)}, {"selected", selected == t.code}});
  }
  return out;
}

json StaffCategoryOptions(const HttpRequest& req, const std::string& selected) {
  const std::string lang = ChooseLanguage(req);
  json out = json::array();
  for (const auto& c : people::StaffCategories()) {
    out.push_back({{"value", c.code}, {"label", c.Label(lang)}, {"selected", selected == c.code}});
  }
  return out;
}

void AddAdminPageRoutes(Router& r, const WebContext& ctx) {
  const RouteList on(r, ctx);
  on("GET", "/admin", Dashboard);
  on("GET", "/admin/org-units", OrgUnits);
  on("POST", "/admin/org-units", PostedForm<RequireAdminArea, CreateOrgUnit>);
  on("GET", "/admin/org-units/:code", ShowOrgUnit);
  on("POST", "/admin/org-units/:code", UpdateOrgUnit);
  on("GET", "/admin/sites", Sites);
  on("POST", "/admin/sites", PostedForm<RequireAdminArea, CreateSite>);
  on("GET", "/admin/sites/:code", ShowSite);
  on("POST", "/admin/sites/:code", UpdateSite);
  on("POST", "/admin/sites/:code/kiosk", RegisterKiosk);
  on("POST", "/kiosk/stop", StopKiosk);
  AddAdminAuditPageRoutes(r, ctx);
  AddAdminCsvPageRoutes(r, ctx);
  AddAdminUserPageRoutes(r, ctx);
}

}  // namespace lophoc::http
