// The programmes API (docs/openapi.json): the programmes in force, with
// their rule, paths, staff categories and site types, for any signed-in
// account. Thin handlers: one ProgrammeService read, presented as JSON.
#include <nlohmann/json.hpp>

#include "courses/programme_loader.h"
#include "server/app/programme_service.h"
#include "server/http/json_views.h"
#include "server/http/request_util.h"
#include "server/http/web_app.h"

namespace lophoc::http {
namespace {

using nlohmann::json;

json RuleJson(const training::ValidityRule& r) {
  const bool fixed = r.rule == training::DateRule::kFixedDate;
  return {
      {"date_rule", std::string(training::DateRuleName(r.rule))},
      {"validity_months", r.validity_months},
      {"renewal_window_days", r.renewal_window_days},
      {"fixed_day", fixed ? json(courses::FixedDayText(r.fixed_day)) : json(nullptr)},
      {"min_validity_months", r.min_validity_months},
      {"grace_days", r.grace_days},
  };
}

json ProgrammeJson(const courses::StoredProgramme& s) {
  const courses::Programme& p = s.programme;
  return {
      {"slug", p.slug},
      {"title", p.title},
      {"title_en", NullIfEmpty(p.title_en)},
      {"description_markdown", p.description_markdown},
      {"staff_categories", p.staff_categories},
      {"site_types", p.site_types},
      {"paths", {{"initial", p.initial_courses}, {"refresher", p.refresher_courses}}},
      {"rule", RuleJson(p.rule)},
      {"revision", s.revision_number},
      {"revised_at", s.created_at},
  };
}

HttpResponse ListProgrammes(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  return JsonAnswer(ctx, req, ctx.programmes->List(),
                    [](const auto& all) { return ItemsJson(all, ProgrammeJson); });
}

HttpResponse GetProgramme(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  return JsonAnswer(ctx, req, ctx.programmes->Get(req.params.at("slug")), ProgrammeJson);
}

}  // namespace

void AddProgrammeApiRoutes(Router& router, const WebContext& ctx) {
  const RouteList on(router, ctx);
  on("GET", "/api/v1/programmes", ListProgrammes);
  on("GET", "/api/v1/programmes/:slug", GetProgramme);
}

}  // namespace lophoc::http
