// /admin/org-changes: record a dated change of the org tree (a form per
// kind, no JavaScript), see its preview (a dry run: which units, sites and
// how many people it moves), confirm it (CSRF like every form), list the
// changes recorded in the actor's scope, and import a whole reorganisation
// as CSV text with the same preview and confirmation. OrgChangeService says
// who may do what.
#include <nlohmann/json.hpp>

#include "server/app/org_change_service.h"
#include "server/http/admin_pages.h"
#include "server/http/org_change_views.h"
#include "server/http/request_util.h"
#include "server/http/web_app.h"

namespace lophoc::http {
namespace {

using nlohmann::json;

const std::vector<std::string>& ChangeFields() {
  static const std::vector<std::string> fields = {
      "kind",   "effective_on", "subject",   "name", "level",
      "parent", "successor",    "site_type", "site", "staff_category"};
  return fields;
}

// The fields each kind's form shows (besides effective_on and subject).
std::vector<std::string> FieldsOf(const std::string& kind) {
  if (kind == "unit_create") return {"name", "level", "parent"};
  if (kind == "unit_rename" || kind == "site_rename") return {"name"};
  if (kind == "unit_move" || kind == "unit_dissolve" || kind == "site_move") return {"parent"};
  if (kind == "unit_relevel") return {"level"};
  if (kind == "unit_merge") return {"successor"};
  if (kind == "site_create") return {"name", "site_type", "parent"};
  if (kind == "site_retype") return {"site_type"};
  if (kind == "person_move") return {"site", "staff_category"};
  return {};
}

people::OrgChange ChangeFrom(const FormFields& form) {
  people::OrgChange ch;
  ch.kind = form.Trimmed("kind");
  ch.effective_on = form.Trimmed("effective_on");
  ch.subject = form.Trimmed("subject");
  ch.name = form.Trimmed("name");
  ch.level = form.Trimmed("level");
  ch.parent = form.Trimmed("parent");
  ch.successor = form.Trimmed("successor");
  ch.site_type = form.Trimmed("site_type");
  ch.site = form.Trimmed("site");
  ch.staff_category = form.Trimmed("staff_category");
  return ch;
}

json ChangeValues(const people::OrgChange& ch) {
  return {{"kind", ch.kind},           {"effective_on", ch.effective_on},
          {"subject", ch.subject},     {"name", ch.name},
          {"level", ch.level},         {"parent", ch.parent},
          {"successor", ch.successor}, {"site_type", ch.site_type},
          {"site", ch.site},           {"staff_category", ch.staff_category}};
}

json KindForms(const WebContext& ctx, const HttpRequest& req, const json& values) {
  json levels = json::array();
  if (auto all = ctx.org_changes->Levels(); all.ok()) {
    const bool vi = ChooseLanguage(req) != "en";
    for (const auto& l : *all) {
      levels.push_back({{"value", l.code}, {"label", vi ? l.name_vi : l.name_en}});
    }
  }
  json forms = json::array();
  for (const auto& kind : app::OrgChangeKinds()) {
    json f = {{"kind", kind}, {"label", Say(ctx, req, "org_change_kind_" + kind)}};
    for (const auto& field : FieldsOf(kind)) f["has_" + field] = true;
    if (values.value("kind", "") == kind) {
      f["open"] = true;
      f["values"] = values;
    }
    f["levels"] = levels;
    f["site_types"] = SiteTypeOptions(req, "");
    f["staff_categories"] = StaffCategoryOptions(req, "");
    forms.push_back(std::move(f));
  }
  return forms;
}

HttpResponse ChangesPage(const WebContext& ctx, const HttpRequest& req, const FormErrors& errors,
                         const json& values, const std::string& csv, int status) {
  json m = AdminPageModel(ctx, req, Say(ctx, req, "org_changes_title"));
  m["forms"] = KindForms(ctx, req, values);
  m["csv"] = csv;
  m["saved"] = req.Query("saved") == "1";
  auto past = ctx.org_changes->List(req.visitor.actor(), req.Query("org"), "", "");
  json items = json::array();
  if (past.ok()) {
    for (const auto& r : *past) {
      json item = OrgChangeRecordJson(r);
      item["kind_label"] = Say(ctx, req, "org_change_kind_" + r.kind);
      item["created_at"] = LocalTime(r.created_at);
      items.push_back(std::move(item));
    }
  }
  m["changes"] = items;
  m["has_changes"] = !items.empty();
  return FormPage(ctx, req, "admin_org_changes", std::move(m), errors, status);
}

HttpResponse Refused(const WebContext& ctx, const HttpRequest& req, const Status& s,
                     const json& values, const std::string& csv) {
  std::set<std::string> fields(ChangeFields().begin(), ChangeFields().end());
  return RefusedForm(ctx, req, s, fields, {}, [&](const FormErrors& e, int status) {
    return ChangesPage(ctx, req, e, values, csv, status);
  });
}

HttpResponse Changes(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireAdminArea(ctx, req)) return *refused;
  return ChangesPage(ctx, req, FormErrors(), json::object(), "", 200);
}

// The preview: what the dry run moves, and a form that saves the same change.
HttpResponse PreviewPage(const WebContext& ctx, const HttpRequest& req,
                         const people::OrgChangeOutcome& o, json hidden) {
  json m = AdminPageModel(ctx, req, Say(ctx, req, "org_changes_preview_title"));
  json preview = OrgChangeOutcomeJson(o);
  for (auto& c : preview["changes"]) {
    c["kind_label"] = Say(ctx, req, "org_change_kind_" + c["kind"].get<std::string>());
    c["has_units"] = !c["units"].empty();
    c["has_sites"] = !c["sites"].empty();
  }
  m["preview"] = preview;
  json fields = json::array();
  for (auto& [k, v] : hidden.items()) fields.push_back({{"name", k}, {"value", v}});
  m["hidden"] = fields;
  m["action"] = hidden.contains("csv") ? "/admin/org-changes/import" : "/admin/org-changes";
  return PageResponse(ctx, req, "admin_org_change_preview", m);
}

HttpResponse Preview(const WebContext& ctx, const HttpRequest& req, const FormFields& form) {
  const people::OrgChange ch = ChangeFrom(form);
  const json values = ChangeValues(ch);
  auto out = ctx.org_changes->Apply(req.visitor.actor(), {ch}, "", true);
  if (!out.ok()) return Refused(ctx, req, out.status(), values, "");
  return PreviewPage(ctx, req, *out, values);
}

HttpResponse Save(const WebContext& ctx, const HttpRequest& req, const FormFields& form) {
  const people::OrgChange ch = ChangeFrom(form);
  auto out = ctx.org_changes->Apply(req.visitor.actor(), {ch}, "", false);
  if (!out.ok()) return Refused(ctx, req, out.status(), ChangeValues(ch), "");
  return Redirect("/admin/org-changes?saved=1");
}

// A reorganisation pasted as CSV: previewed unless "confirm" is set.
HttpResponse Import(const WebContext& ctx, const HttpRequest& req, const FormFields& form) {
  const std::string csv = form.Get("csv");
  const bool confirm = form.Get("confirm") == "1";
  auto out = ctx.org_changes->ImportCsv(req.visitor.actor(), csv, "", !confirm);
  if (!out.ok()) return Refused(ctx, req, out.status(), json::object(), csv);
  if (confirm) return Redirect("/admin/org-changes?saved=1");
  return PreviewPage(ctx, req, *out, {{"csv", csv}, {"confirm", "1"}});
}

}  // namespace

void AddOrgChangePageRoutes(Router& router, const WebContext& ctx) {
  const RouteList on(router, ctx);
  on("GET", "/admin/org-changes", Changes);
  on("POST", "/admin/org-changes", PostedForm<RequireAdminArea, Save>);
  on("POST", "/admin/org-changes/preview", PostedForm<RequireAdminArea, Preview>);
  on("POST", "/admin/org-changes/import", PostedForm<RequireAdminArea, Import>);
}

}  // namespace lophoc::http
