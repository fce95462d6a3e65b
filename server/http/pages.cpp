// Web pages for people: catalogue, course, lesson, search, package media,
// static files and the health check.
#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/app/certification_service.h"
#include "server/app/readiness.h"
#include "server/http/api_reference.h"
#include "server/http/learning_pages.h"
#include "server/http/people_presenters.h"
#include "server/http/presenters.h"
#include "server/http/shown_text.h"
#include "server/http/web_app.h"

namespace lophoc::http {
namespace {

using nlohmann::json;

constexpr int kSearchLimit = 30;

// The message catalogue key for what is wrong with a search text, or null.
const char* QueryProblemKey(app::QueryProblem p) {
  switch (p) {
    case app::QueryProblem::kInvalidUtf8: return "search_error_utf8";
    case app::QueryProblem::kTooLong: return "search_error_long";
    case app::QueryProblem::kNoTerms: return "search_error_empty";
    case app::QueryProblem::kNone: break;
  }
  return nullptr;
}

// The courses of the programmes `u` must take now (the path each is on), by
// slug; empty when the standings cannot be read (the catalogue still shows).
std::set<std::string> RequiredCourses(const WebContext& ctx, const people::User& u) {
  std::set<std::string> out;
  if (ctx.certifications == nullptr) return out;
  auto standings = ctx.certifications->StandingsOf(u, std::nullopt);
  if (!standings.ok()) return out;
  for (const auto& s : *standings) {
    if (s.on.standing == training::Standing::kNotAssigned ||
        s.on.standing == training::Standing::kExempt) {
      continue;
    }
    const courses::Programme& p = s.programme.programme;
    const auto& list = s.path == training::Path::kInitial ? p.initial_courses : p.refresher_courses;
    out.insert(list.begin(), list.end());
  }
  return out;
}

// The catalogue's groups in the order the visitor needs them: a staff
// member's required courses, then courses for staff; for guests and
// citizens, courses for citizens first. Within a group, the catalogue's own
// order (by slug).
json CatalogueGroups(const WebContext& ctx, const HttpRequest& req,
                     const app::CatalogSnapshot& snap, const std::string& audience) {
  const std::string lang = ChooseLanguage(req);
  const bool staff = req.visitor.signed_in() && IsStaffAccount(*req.visitor.user);
  const std::set<std::string> required =
      staff ? RequiredCourses(ctx, *req.visitor.user) : std::set<std::string>();
  const std::vector<std::string> order =
      staff ? std::vector<std::string>{"required", "staff", "all", "citizen"}
            : std::vector<std::string>{"citizen", "all", "staff"};
  std::map<std::string, json> groups;
  for (const auto& c : snap.courses) {
    const std::string a = courses::AudienceName(c.package.audience);
    if (!audience.empty() && a != "all" && a != audience) continue;
    json item = CourseSummaryJson(c, lang);
    item["audience_label"] = ctx.i18n->Text(lang, "audience_" + a);
    const std::string group = required.count(c.package.slug) > 0 ? "required" : a;
    groups[group].push_back(std::move(item));
  }
  json out = json::array();
  for (const auto& g : order) {
    auto it = groups.find(g);
    if (it == groups.end()) continue;
    out.push_back({{"id", "group-" + g},
                   {"heading", ctx.i18n->Text(lang, "path_group_" + g)},
                   {"courses", std::move(it->second)}});
  }
  return out;
}

HttpResponse Catalogue(const WebContext& ctx, const HttpRequest& req) {
  auto snap = ctx.courses->Catalog();
  if (!snap.ok()) return StatusResponse(ctx, req, snap.status());
  const std::string lang = ChooseLanguage(req);
  const std::string audience = req.Query("audience");
  if (!audience.empty() && audience != "citizen" && audience != "staff") {
    return StatusResponse(ctx, req,
                          Status::InvalidArgument("audience must be citizen or staff")
                              .WithReason("audience_invalid")
                              .WithField("audience"));
  }
  json m = PageModel(ctx, req, ctx.i18n->Text(lang, "catalogue_title"));
  json groups = CatalogueGroups(ctx, req, **snap, audience);
  m["has_courses"] = !groups.empty();
  m["groups"] = std::move(groups);
  m["filter_all"] = audience.empty();
  m["filter_citizen"] = audience == "citizen";
  m["filter_staff"] = audience == "staff";
  m["is_home"] = true;
  return PageResponse(ctx, req, "catalogue", m);
}

HttpResponse CoursePage(const WebContext& ctx, const HttpRequest& req) {
  auto v = ctx.courses->GetCourse(req.params.at("slug"));
  if (!v.ok()) return StatusResponse(ctx, req, v.status());
  const std::string lang = ChooseLanguage(req);
  json course = CourseJson(*v, lang);
  course["audience_label"] = ctx.i18n->Text(lang, "audience_" + course["audience"].get<std::string>());
  json m = PageModel(ctx, req, course["display_title"]);
  if (!v->course->package.lessons.empty()) m["first_lesson_url"] = course["lessons"][0]["url"];
  m["course"] = std::move(course);
  AddCourseStanding(ctx, req, v->course->package, m);
  return PageResponse(ctx, req, "course", m);
}

HttpResponse LessonPage(const WebContext& ctx, const HttpRequest& req) {
  auto v = ctx.courses->GetLesson(req.params.at("slug"), req.params.at("lesson"));
  if (!v.ok()) return StatusResponse(ctx, req, v.status());
  const std::string lang = ChooseLanguage(req);
  json lesson = LessonJson(*v, lang);
  json m = PageModel(ctx, req, lesson["display_title"].get<std::string>() + " – " +
                                   lesson["course"]["display_title"].get<std::string>());
  lesson["html_html"] = std::move(lesson["html"]);  // rendered by cmark in safe mode
  m["has_toc"] = !lesson["toc"].empty();
  // The headings are the lesson's, in its course's language.
  lesson["toc_lang"] = LangOrNull(ShowText(lang, "", "", v->course->package.language).lang);
  m["lesson"] = std::move(lesson);
  json outline = json::array();
  int position = 0;
  for (const auto& l : v->course->package.lessons) {
    const bool current = &l == v->lesson;
    json item = {{"position", ++position},
                 {"url", LessonUrl(v->course->package.slug, l.slug)},
                 {"current", current}};
    PutShown(item, lang, l.title, l.title_en, v->course->package.language);
    outline.push_back(std::move(item));
  }
  m["outline"] = std::move(outline);
  m["progress_text"] = ctx.i18n->Text(lang, "lesson_position") + " " +
                       std::to_string(v->index + 1) + "/" + std::to_string(position);
  AddLessonStanding(ctx, req, v->course->package, v->lesson->slug, m);
  return PageResponse(ctx, req, "lesson", m);
}

HttpResponse SearchPage(const WebContext& ctx, const HttpRequest& req) {
  const std::string lang = ChooseLanguage(req);
  const std::string q = req.Query("q");
  json m = PageModel(ctx, req, ctx.i18n->Text(lang, "search_title"));
  m["query"] = q;
  if (q.empty()) {
    m["searched"] = false;
    return PageResponse(ctx, req, "search", m);
  }
  if (const char* key = QueryProblemKey(app::CheckQuery(q))) {
    m["searched"] = false;
    m["error"] = ctx.i18n->Text(lang, key);
    return PageResponse(ctx, req, "search", m, 400);
  }
  auto r = ctx.courses->Search(q, kSearchLimit);
  if (!r.ok()) return StatusResponse(ctx, req, r.status());
  json results = SearchJson(*r, lang);
  m["searched"] = true;
  m["results"] = results["results"];
  m["count"] = std::to_string(results["count"].get<size_t>());
  m["has_results"] = results["count"].get<size_t>() > 0;
  return PageResponse(ctx, req, "search", m);
}

HttpResponse Media(const WebContext& ctx, const HttpRequest& req) {
  const std::string& path = req.params.at("*");
  if (path.find("..") != std::string::npos || path.find('\\') != std::string::npos) {
    return StatusResponse(ctx, req, Status::NotFound("no such file").WithReason("file_not_found"));
  }
  auto f = ctx.courses->GetFile(req.params.at("slug"), path);
  if (!f.ok()) return StatusResponse(ctx, req, f.status());
  // Package files are addressed by path but served for the current revision,
  // so revalidate with the ETag rather than cache for a year.
  return CachedResponse(req, f->content_type, f->bytes, "\"" + f->sha256.substr(0, 32) + "\"",
                        "public, max-age=300");
}

HttpResponse Health(const WebContext& ctx, const HttpRequest& req) {
  Status s = ctx.courses->Health();
  if (!s.ok()) {
    // The probe's own answer, not a refusal: monitors read 503 "unavailable"
    // (StatusResponse would log it and say "internal").
    return ErrorResponse(ctx, req, 503, "unavailable", "database is not reachable");
  }
  return JsonResponse({{"status", "ok"}});
}

// Ready for traffic: 200 with every check's finding, or 503 naming the
// checks that failed. Never cached; answers the same to everyone (the
// findings hold no personal data).
HttpResponse Ready(const WebContext& ctx, const HttpRequest&) {
  nlohmann::json checks = nlohmann::json::object();
  bool ready = true;
  if (ctx.readiness != nullptr) {
    for (const auto& f : ctx.readiness->Check()) {
      checks[f.name] = {{"ok", f.ok}, {"detail", f.detail}};
      ready = ready && f.ok;
    }
  }
  HttpResponse res =
      JsonResponse({{"status", ready ? "ready" : "not_ready"}, {"checks", checks}}, ready ? 200 : 503);
  res.SetHeader("Cache-Control", "no-store");
  return res;
}

}  // namespace

void AddPageRoutes(Router& r, const WebContext& ctx) {
  const RouteList on(r, ctx);
  const RouteOptions cached = kCachedByContent;
  on("GET", "/", Catalogue, cached);
  on("GET", "/courses/:slug", CoursePage, cached.Counting(Counts::kVisit));
  on("GET", "/courses/:slug/:lesson", LessonPage, cached.Counting(Counts::kLessonView));
  on("GET", "/courses/:slug/media/*", Media, kOrdinaryRoute.Serving(Serves::kMedia));
  on("GET", "/search", SearchPage, kCachedByContentAndQuery);
  on("GET", "/api", ApiReferencePage, cached);
  on("GET", "/healthz", Health, kOrdinaryRoute.Serving(Serves::kProbe).AllowedBeforePasswordChange());
  on("GET", "/readyz", Ready, kOrdinaryRoute.Serving(Serves::kProbe).AllowedBeforePasswordChange());
  const WebContext* c = &ctx;
  r.Add("GET", "/static/*", [c](const HttpRequest& req) {
    return c->statics->Serve(req, req.params.at("*"));
  }, kOrdinaryRoute.Serving(Serves::kAsset).AllowedBeforePasswordChange());
}

}  // namespace lophoc::http
