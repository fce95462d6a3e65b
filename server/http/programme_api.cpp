// The programmes API (docs/openapi.json): the programmes in force, with
// their rule, paths, staff categories and site types, for any signed-in
// account. Thin handlers: one ProgrammeService read, presented as JSON.
#include <nlohmann/json.hpp>

#include "courses/programme_loader.h"
#include "kernel/calendar.h"
#include "server/app/certification_service.h"
#include "server/app/programme_service.h"
#include "server/http/json_views.h"
#include "server/http/programme_presenters.h"
#include "server/http/request_util.h"
#include "server/http/web_app.h"

namespace lophoc::http {
namespace {

using nlohmann::json;

// The signed-in person's programmes, with their standing on ?as_of (today by
// default); certifications their completions earned are recorded first
// (StandingsOf).
HttpResponse MyProgrammes(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  auto as_of = AsOfQuery(req);
  if (!as_of.ok()) return StatusResponse(ctx, req, as_of.status());
  const Reader reader{ctx.i18n, ChooseLanguage(req), ""};
  return JsonAnswer(ctx, req, ctx.certifications->StandingsOf(*req.visitor.user, *as_of),
                    [&reader](const auto& all) {
                      return ItemsJson(all, [&reader](const app::ProgrammeStanding& s) {
                        return StandingJson(reader, s);
                      });
                    });
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
  on("GET", "/api/v1/me/programmes", MyProgrammes);
}

}  // namespace lophoc::http
