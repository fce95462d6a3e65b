// The JSON API, /api/v1/... (described in docs/openapi.json).
#include <nlohmann/json.hpp>

#include "server/app/build_info.h"
#include "server/http/presenters.h"
#include "server/http/web_app.h"

namespace lophoc::http {
namespace {

using nlohmann::json;

constexpr int kApiSearchLimit = 50;

HttpResponse ListCourses(const WebContext& ctx, const HttpRequest& req) {
  auto snap = ctx.courses->Catalog();
  if (!snap.ok()) return StatusResponse(ctx, req, snap.status());
  const std::string audience = req.Query("audience");
  if (!audience.empty() && audience != "citizen" && audience != "staff" && audience != "all") {
    return StatusResponse(ctx, req,
                          Status::InvalidArgument("audience must be citizen, staff or all")
                              .WithReason("audience_invalid")
                              .WithField("audience"));
  }
  json list = json::array();
  for (const auto& c : (*snap)->courses) {
    const std::string a = courses::AudienceName(c.package.audience);
    if (!audience.empty() && a != "all" && a != audience) continue;
    list.push_back(CourseSummaryJson(c, ChooseLanguage(req)));
  }
  return JsonResponse({{"courses", list}, {"count", list.size()}});
}

HttpResponse GetCourse(const WebContext& ctx, const HttpRequest& req) {
  auto v = ctx.courses->GetCourse(req.params.at("slug"));
  if (!v.ok()) return StatusResponse(ctx, req, v.status());
  return JsonResponse(CourseJson(*v, ChooseLanguage(req)));
}

HttpResponse GetLesson(const WebContext& ctx, const HttpRequest& req) {
  auto v = ctx.courses->GetLesson(req.params.at("slug"), req.params.at("lesson"));
  if (!v.ok()) return StatusResponse(ctx, req, v.status());
  return JsonResponse(LessonJson(*v, ChooseLanguage(req)));
}

HttpResponse Search(const WebContext& ctx, const HttpRequest& req) {
  if (!req.HasQuery("q")) {
    return StatusResponse(ctx, req,
                          Status::InvalidArgument("the parameter q is required")
                              .WithReason("field_required")
                              .WithField("q")
                              .WithParam("field", "q"));
  }
  auto r = ctx.courses->Search(req.Query("q"), kApiSearchLimit);
  if (!r.ok()) return StatusResponse(ctx, req, r.status());
  return JsonResponse(SearchJson(*r, ChooseLanguage(req)));
}

// What is running, for monitors and support: public, like /healthz.
HttpResponse Version(const WebContext&, const HttpRequest&) {
  return JsonResponse({{"version", app::kVersion}, {"commit", app::kCommit}});
}

HttpResponse OpenApi(const WebContext& ctx, const HttpRequest&) {
  HttpResponse res;
  res.content_type = "application/json; charset=utf-8";
  res.body = ctx.openapi_json;
  return res;
}

}  // namespace

void AddApiRoutes(Router& r, const WebContext& ctx) {
  const RouteList on(r, ctx);
  const RouteOptions cached = kCachedByContent;
  on("GET", "/api/v1/courses", ListCourses, cached);
  on("GET", "/api/v1/courses/:slug", GetCourse, cached);
  on("GET", "/api/v1/courses/:slug/lessons/:lesson", GetLesson, cached);
  on("GET", "/api/v1/search", Search, kCachedByContentAndQuery);
  on("GET", "/api/v1/openapi.json", OpenApi);
  on("GET", "/api/v1/version", Version, kOrdinaryRoute.AllowedBeforePasswordChange());
}

}  // namespace lophoc::http
