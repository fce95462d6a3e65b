// Who authors which course, over the API (docs/openapi.json, docs/authoring.md
// "Who edits which course"): the courses the caller may author, and a
// course's owner and named authors. The editing itself is the web editor's.
#include <nlohmann/json.hpp>

#include "server/app/authoring_service.h"
#include "server/http/request_util.h"
#include "server/http/web_app.h"

namespace lophoc::http {
namespace {

using nlohmann::json;

json AuthoringJson(const std::string& slug, const courses::CourseAuthoring& a) {
  return {{"slug", slug},
          {"owner", a.owner_code.empty() ? json() : json(a.owner_code)},
          {"authors", a.author_ids}};
}

HttpResponse ListCourses(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  auto list = ctx.authoring->ListCourses(req.visitor.actor());
  if (!list.ok()) return StatusResponse(ctx, req, list.status());
  json items = json::array();
  for (const auto& c : *list) {
    json item = AuthoringJson(c.slug, c.authoring);
    item["title"] = c.title;
    item["published"] = c.published;
    item["revision"] = c.revision_number;
    items.push_back(std::move(item));
  }
  return JsonResponse({{"items", std::move(items)}});
}

HttpResponse ChangeAuthoring(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  const std::string& slug = req.params.at("slug");
  auto f = JsonFields::Parse(req.body, {"owner", "authors"});
  if (!f.ok()) return StatusResponse(ctx, req, f.status());
  std::optional<std::string> owner = f->NullableString("owner");
  std::optional<std::vector<int64_t>> authors = f->Ids("authors");
  if (!f->status().ok()) return StatusResponse(ctx, req, f->status());
  const people::Actor actor = req.visitor.actor();
  // Read first: a course out of reach is not found, whatever was asked.
  auto before = ctx.authoring->Authoring(actor, slug);
  if (!before.ok()) return StatusResponse(ctx, req, before.status());
  if (owner) {
    Status s = ctx.authoring->SetOwner(actor, slug, *owner);
    if (!s.ok()) return StatusResponse(ctx, req, s);
  }
  if (authors) {
    Status s = ctx.authoring->SetAuthors(actor, slug, *authors);
    if (!s.ok()) return StatusResponse(ctx, req, s);
  }
  auto after = ctx.authoring->Authoring(actor, slug);
  if (!after.ok()) {
    // An admin always keeps reach; anyone else may have given the course away.
    if (after.status().code() == StatusCode::kNotFound) return JsonResponse({{"slug", slug}});
    return StatusResponse(ctx, req, after.status());
  }
  return JsonResponse(AuthoringJson(slug, *after));
}

}  // namespace

void AddAuthorApiRoutes(Router& r, const WebContext& ctx) {
  const RouteList on(r, ctx);
  on("GET", "/api/v1/author/courses", ListCourses);
  on("PATCH", "/api/v1/author/courses/:slug", ChangeAuthoring);
}

}  // namespace lophoc::http
