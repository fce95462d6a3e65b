// The targets' admin page (docs/targets.md): /admin/targets lists the
// targets in the visitor's scope (kind, scope, population, programme,
// percent, dates, source) with the form that adds one (every field; every
// problem of a refused form listed at once), and /admin/targets/{id}/retire
// asks before a target is retired. Forms carry the CSRF token (checked by the
// site); TargetService checks role and scope.
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "people/vocabulary.h"
#include "server/app/programme_service.h"
#include "server/app/target_service.h"
#include "server/http/admin_pages.h"
#include "server/http/request_util.h"
#include "server/http/shown_text.h"
#include "server/http/web_app.h"

namespace lophoc::http {
namespace {

using nlohmann::json;
using training::Target;

const std::set<std::string> kFields = {"kind",      "title",      "source",           "org",
                                       "programme", "site_types", "staff_categories", "percent",
                                       "starts_on", "deadline",   "window_days"};

std::string Population(const WebContext& ctx, const HttpRequest& req, const Target& t) {
  const std::string lang = ChooseLanguage(req);
  std::string out;
  for (const auto& code : t.site_types) {
    auto type = people::ParseSiteType(code);
    out += (out.empty() ? "" : ", ") +
           std::string(type ? people::SiteTypeInfo(*type).Label(lang) : code.c_str());
  }
  for (const auto& code : t.staff_categories) {
    const auto* category = people::FindStaffCategory(code);
    out += (out.empty() ? "" : ", ") + std::string(category ? category->Label(lang) : code.c_str());
  }
  return out.empty() ? Say(ctx, req, "targets_everyone") : out;
}

json TargetRow(const WebContext& ctx, const HttpRequest& req, const Target& t) {
  json row = {
      {"id", t.id},
      {"kind", Say(ctx, req, std::string("targets_kind_") + training::TargetKindName(t.kind))},
      {"title", t.title},
      {"source", t.source},
      {"org", t.org_code},
      {"org_name", t.org_name},
      {"population", Population(ctx, req, t)},
      {"programme", t.programme},
      {"percent", training::FormatPercent(t.percent)},
      {"starts_on", FormatLocalDate(t.starts_on)},
      {"deadline", FormatLocalDate(t.deadline)},
      {"retired", t.retired()},
      {"retire_url", "/admin/targets/" + std::to_string(t.id) + "/retire"}};
  if (t.window_days) row["window_days"] = std::to_string(*t.window_days);
  if (t.retired()) row["retired_at"] = LocalTime(t.retired_at);
  return row;
}

// The <option>s / checkboxes of the form, `form` (the values kept) marking
// the chosen ones.
void AddChoices(const WebContext& ctx, const HttpRequest& req, const json& form, json& m) {
  const std::string lang = ChooseLanguage(req);
  const std::string kind = form.value("kind", "trained");
  json kinds = json::array();
  for (auto k : training::TargetKinds()) {
    const std::string name = training::TargetKindName(k);
    kinds.push_back({{"value", name},
                     {"label", Say(ctx, req, "targets_kind_" + name)},
                     {"selected", name == kind}});
  }
  m["kinds"] = kinds;
  const auto chosen = [&](const char* key, const std::string& code) {
    if (!form.contains(key)) return false;
    for (const auto& v : form[key]) {
      if (v == code) return true;
    }
    return false;
  };
  json site_types = json::array();
  for (const auto& e : people::SiteTypes()) {
    site_types.push_back(
        {{"value", e.code}, {"label", e.Label(lang)}, {"checked", chosen("site_types", e.code)}});
  }
  m["site_types"] = site_types;
  json categories = json::array();
  for (const auto& e : people::StaffCategories()) {
    categories.push_back({{"value", e.code},
                          {"label", e.Label(lang)},
                          {"checked", chosen("staff_categories", e.code)}});
  }
  m["staff_categories"] = categories;
  json programmes = json::array();
  const std::string programme = form.value("programme", "");
  if (ctx.programmes != nullptr) {
    if (auto all = ctx.programmes->List(); all.ok()) {
      for (const auto& s : *all) {
        const courses::Programme& p = s.programme;
        json option = {{"value", p.slug}, {"selected", p.slug == programme}};
        PutShown(option, lang, p.title, p.title_en, "vi", "label", "label_lang");
        programmes.push_back(std::move(option));
      }
    }
  }
  m["programmes"] = programmes;
}

HttpResponse TargetsPage(const WebContext& ctx, const HttpRequest& req, const FormErrors& errors,
                         const json& form, int status) {
  const people::Actor a = req.visitor.actor();
  app::TargetQuery q;
  q.org = req.Query("org");
  q.include_retired = req.Query("include_retired") == "1";
  auto list = ctx.targets->List(a, q);
  if (!list.ok()) return StatusResponse(ctx, req, list.status());
  json m = AdminPageModel(ctx, req, Say(ctx, req, "targets_title"));
  json rows = json::array();
  for (const auto& t : *list) rows.push_back(TargetRow(ctx, req, t));
  m["targets"] = rows;
  m["has_targets"] = !rows.empty();
  m["org"] = q.org;
  m["include_retired"] = q.include_retired;
  std::string csv = "/api/v1/targets?format=csv";
  if (!q.org.empty()) csv += "&org=" + PercentEncode(q.org);
  if (q.include_retired) csv += "&include_retired=1";
  m["csv_url"] = csv;
  m["form"] = form.is_object() ? form : json::object();
  if (req.Query("done") == "created" || req.Query("done") == "retired") {
    m["done"] = Say(ctx, req, "targets_done_" + req.Query("done"));
  }
  const json kept = m["form"];
  AddChoices(ctx, req, kept, m);
  return FormPage(ctx, req, "admin_targets", std::move(m), errors, status);
}

HttpResponse ShowTargets(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireAdminArea(ctx, req)) return *refused;
  return TargetsPage(ctx, req, FormErrors(), json(), 200);
}

HttpResponse AddTarget(const WebContext& ctx, const HttpRequest& req, const FormFields& form) {
  app::TargetInput in;
  in.kind = form.Get("kind");
  in.title = form.Get("title");
  in.source = form.Get("source");
  in.org = form.Trimmed("org");
  in.programme = form.Get("programme");
  in.site_types = form.All("site_types");
  in.staff_categories = form.All("staff_categories");
  in.percent = form.Get("percent");
  in.starts_on = form.Get("starts_on");
  in.deadline = form.Get("deadline");
  in.window_days = form.Get("window_days");
  // Only a 'trained' target has a programme, only a 'sites_active' one a
  // window: the form shows both fields, people fill what their kind asks.
  if (in.kind != "trained") in.programme.clear();
  if (in.kind != "sites_active") in.window_days.clear();
  std::vector<Status> problems;
  auto t = ctx.targets->Create(req.visitor.actor(), in, &problems);
  if (t.ok()) return Redirect("/admin/targets?done=created");
  const int status = HttpStatusFor(t.status());
  if (status >= 500 || status == 403) return StatusResponse(ctx, req, t.status());
  if (problems.empty()) problems.push_back(t.status());
  FormErrors errors;
  for (const auto& p : problems) {
    FieldMessage why = Explain(ctx, req, p, kFields);
    errors.Add(why.field, why.text);
  }
  const json kept = {{"kind", in.kind},
                     {"title", in.title},
                     {"source", in.source},
                     {"org", in.org},
                     {"programme", form.Get("programme")},
                     {"site_types", in.site_types},
                     {"staff_categories", in.staff_categories},
                     {"percent", in.percent},
                     {"starts_on", in.starts_on},
                     {"deadline", in.deadline},
                     {"window_days", form.Get("window_days")}};
  return TargetsPage(ctx, req, errors, kept, status);
}

Status NoTarget(const HttpRequest& req) {
  return Status::NotFound("no target " + req.params.at("id"))
      .WithReason("target_not_found")
      .WithParam("id", req.params.at("id"));
}

// The question before retiring: the target, and one button.
HttpResponse ConfirmRetire(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireAdminArea(ctx, req)) return *refused;
  auto id = ParseId(req.params.at("id"));
  if (!id) return StatusResponse(ctx, req, NoTarget(req));
  auto t = ctx.targets->Get(req.visitor.actor(), *id);
  if (!t.ok()) return StatusResponse(ctx, req, t.status());
  json m = AdminPageModel(ctx, req, Say(ctx, req, "targets_retire_title"));
  m["target"] = TargetRow(ctx, req, *t);
  return PageResponse(ctx, req, "admin_target_retire", m);
}

HttpResponse Retire(const WebContext& ctx, const HttpRequest& req, const FormFields&) {
  auto id = ParseId(req.params.at("id"));
  if (!id) return StatusResponse(ctx, req, NoTarget(req));
  auto t = ctx.targets->Retire(req.visitor.actor(), *id);
  if (!t.ok()) return StatusResponse(ctx, req, t.status());
  return Redirect("/admin/targets?done=retired");
}

}  // namespace

void AddTargetPageRoutes(Router& router, const WebContext& ctx) {
  const RouteList on(router, ctx);
  on("GET", "/admin/targets", ShowTargets);
  on("POST", "/admin/targets", PostedForm<RequireAdminArea, AddTarget>);
  on("GET", "/admin/targets/:id/retire", ConfirmRetire);
  on("POST", "/admin/targets/:id/retire", PostedForm<RequireAdminArea, Retire>);
}

}  // namespace lophoc::http
