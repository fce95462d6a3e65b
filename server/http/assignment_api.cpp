// Individual programme assignments (docs/openapi.json, docs/retraining.md
// "Assignment"): a manager gives a programme to one person of their subtree
// and ends it. Thin handlers over AssignmentService.
#include <nlohmann/json.hpp>

#include "server/app/assignment_service.h"
#include "server/http/json_views.h"
#include "server/http/programme_presenters.h"
#include "server/http/request_util.h"
#include "server/http/web_app.h"

namespace lophoc::http {
namespace {

using nlohmann::json;

// An optional day field: YYYY-MM-DD or DD/MM/YYYY.
Result<std::optional<LocalDate>> DayField(const json& body, const char* key) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return std::optional<LocalDate>();
  const std::string text = it->is_string() ? it->get<std::string>() : it->dump();
  auto day = it->is_string() ? ParseDayText(text) : std::nullopt;
  if (!day) {
    return Status::InvalidArgument(std::string(key) + " must be a date YYYY-MM-DD or DD/MM/YYYY")
        .WithReason("date_invalid")
        .WithField(key)
        .WithParam("value", text.substr(0, 40));
  }
  return std::optional<LocalDate>(day);
}

// The body (empty: no fields) with every field of `known` a string or null.
Result<json> Body(const HttpRequest& req, std::initializer_list<const char*> known) {
  auto j = JsonObject(req.body.empty() ? "{}" : req.body, known);
  if (!j.ok()) return j;
  for (const char* k : known) LOPHOC_RETURN_IF_ERROR(OptionalString(*j, k).status());
  return j;
}

std::string Text(const json& j, const char* key) {
  auto it = j.find(key);
  return it == j.end() || it->is_null() ? std::string() : it->get<std::string>();
}

HttpResponse UserNotFound(const WebContext& ctx, const HttpRequest& req) {
  return StatusResponse(ctx, req, Status::NotFound("no such user").WithReason("user_not_found"));
}

HttpResponse ListAssignments(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  auto id = ParseId(req.params.at("id"));
  if (!id) return UserNotFound(ctx, req);
  return JsonAnswer(ctx, req, ctx.assignments->Of(req.visitor.actor(), *id),
                    [](const auto& all) { return ItemsJson(all, AssignmentJson); });
}

HttpResponse Assign(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  auto id = ParseId(req.params.at("id"));
  if (!id) return UserNotFound(ctx, req);
  auto body = Body(req, {"programme", "reason", "starts_on"});
  if (!body.ok()) return StatusResponse(ctx, req, body.status());
  app::AssignInput in;
  in.programme = Text(*body, "programme");
  in.reason = Text(*body, "reason");
  if (in.programme.empty()) {
    return StatusResponse(ctx, req,
                          Status::InvalidArgument("programme is required")
                              .WithReason("field_required")
                              .WithField("programme")
                              .WithParam("field", "programme"));
  }
  auto starts = DayField(*body, "starts_on");
  if (!starts.ok()) return StatusResponse(ctx, req, starts.status());
  in.starts_on = *starts;
  auto out = ctx.assignments->Assign(req.visitor.actor(), *id, in);
  if (!out.ok()) return StatusResponse(ctx, req, out.status());
  return JsonResponse(AssignmentJson(*out), 201);
}

HttpResponse EndAssignment(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  auto id = ParseId(req.params.at("id"));
  if (!id) {
    return StatusResponse(
        ctx, req, Status::NotFound("no such assignment").WithReason("assignment_not_found"));
  }
  auto body = Body(req, {"on"});
  if (!body.ok()) return StatusResponse(ctx, req, body.status());
  auto on = DayField(*body, "on");
  if (!on.ok()) return StatusResponse(ctx, req, on.status());
  return JsonAnswer(ctx, req, ctx.assignments->End(req.visitor.actor(), *id, *on), AssignmentJson);
}

}  // namespace

void AddAssignmentApiRoutes(Router& router, const WebContext& ctx) {
  const RouteList on(router, ctx);
  on("GET", "/api/v1/users/:id/assignments", ListAssignments);
  on("POST", "/api/v1/users/:id/assignments", Assign);
  on("POST", "/api/v1/assignments/:id/end", EndAssignment);
}

}  // namespace lophoc::http
