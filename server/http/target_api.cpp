// The targets' API (docs/openapi.json; docs/targets.md): list (JSON, or CSV
// with ?format=csv), create, read one, retire (POST .../retire: a target is
// never changed nor deleted). Thin handlers: parse, one TargetService use
// case (which checks role and scope), present.
#include <nlohmann/json.hpp>

#include "server/app/target_service.h"
#include "server/http/request_util.h"
#include "server/http/target_views.h"
#include "server/http/web_app.h"

namespace lophoc::http {
namespace {

using nlohmann::json;

Status NoTarget(const HttpRequest& req) {
  return Status::NotFound("no target " + req.params.at("id"))
      .WithReason("target_not_found")
      .WithParam("id", req.params.at("id"));
}

Status WrongType(const char* field, const char* reason, const std::string& what) {
  return Status::InvalidArgument(std::string(field) + " must be " + what)
      .WithReason(reason)
      .WithField(field)
      .WithParam("field", field);
}

// A string, or a number written as text ("percent": 70 or "70,5").
Result<std::string> Text(const json& body, const char* field, bool numbers) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return std::string();
  if (it->is_string()) return it->get<std::string>();
  if (numbers && it->is_number_integer()) return std::to_string(it->get<int64_t>());
  if (numbers && it->is_number()) return training::FormatPercent(it->get<double>());
  return WrongType(field, numbers ? "field_not_int" : "field_not_string",
                   numbers ? "a number" : "a string");
}

Result<std::vector<std::string>> Codes(const json& body, const char* field) {
  std::vector<std::string> out;
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return out;
  if (!it->is_array()) return WrongType(field, "field_not_strings", "an array of strings");
  for (const auto& v : *it) {
    if (!v.is_string()) return WrongType(field, "field_not_strings", "an array of strings");
    out.push_back(v.get<std::string>());
  }
  return out;
}

Result<app::TargetInput> ReadInput(const std::string& body_text) {
  LOPHOC_ASSIGN_OR_RETURN(
      json body, JsonObject(body_text, {"kind", "title", "source", "org", "programme", "site_types",
                                        "staff_categories", "percent", "starts_on", "deadline",
                                        "window_days"}));
  app::TargetInput in;
  LOPHOC_ASSIGN_OR_RETURN(in.kind, Text(body, "kind", false));
  LOPHOC_ASSIGN_OR_RETURN(in.title, Text(body, "title", false));
  LOPHOC_ASSIGN_OR_RETURN(in.source, Text(body, "source", false));
  LOPHOC_ASSIGN_OR_RETURN(in.org, Text(body, "org", false));
  LOPHOC_ASSIGN_OR_RETURN(in.programme, Text(body, "programme", false));
  LOPHOC_ASSIGN_OR_RETURN(in.site_types, Codes(body, "site_types"));
  LOPHOC_ASSIGN_OR_RETURN(in.staff_categories, Codes(body, "staff_categories"));
  LOPHOC_ASSIGN_OR_RETURN(in.percent, Text(body, "percent", true));
  LOPHOC_ASSIGN_OR_RETURN(in.starts_on, Text(body, "starts_on", false));
  LOPHOC_ASSIGN_OR_RETURN(in.deadline, Text(body, "deadline", false));
  LOPHOC_ASSIGN_OR_RETURN(in.window_days, Text(body, "window_days", true));
  return in;
}

// ?org= (a code: its subtree), ?kind=, ?programme=, ?include_retired=1.
Result<app::TargetQuery> ReadQuery(const HttpRequest& req) {
  app::TargetQuery q;
  q.org = req.Query("org");
  q.programme = req.Query("programme");
  if (!req.Query("kind").empty()) {
    q.kind = training::ParseTargetKind(req.Query("kind"));
    if (!q.kind) {
      return Status::InvalidArgument(
                 "kind must be trained, learners_growth, visits_growth or "
                 "sites_active")
          .WithReason("target_kind_invalid")
          .WithField("kind")
          .WithParam("value", req.Query("kind").substr(0, 40));
    }
  }
  const std::string retired = req.Query("include_retired");
  q.include_retired = retired == "1" || retired == "true";
  return q;
}

HttpResponse ListTargets(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  auto q = ReadQuery(req);
  if (!q.ok()) return StatusResponse(ctx, req, q.status());
  auto list = ctx.targets->List(req.visitor.actor(), *q);
  if (!list.ok()) return StatusResponse(ctx, req, list.status());
  if (req.Query("format") == "csv" || req.Header("accept").rfind("text/csv", 0) == 0) {
    return Attachment("text/csv; charset=utf-8", TargetsCsv(*list), "chi-tieu.csv");
  }
  json items = json::array();
  for (const auto& t : *list) items.push_back(TargetJson(t));
  return JsonResponse({{"items", items}});
}

HttpResponse CreateTarget(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  auto in = ReadInput(req.body);
  if (!in.ok()) return StatusResponse(ctx, req, in.status());
  return JsonAnswer(ctx, req, ctx.targets->Create(req.visitor.actor(), *in), TargetJson, 201);
}

HttpResponse GetTarget(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  auto id = ParseId(req.params.at("id"));
  if (!id) return StatusResponse(ctx, req, NoTarget(req));
  return JsonAnswer(ctx, req, ctx.targets->Get(req.visitor.actor(), *id), TargetJson);
}

HttpResponse RetireTarget(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  auto id = ParseId(req.params.at("id"));
  if (!id) return StatusResponse(ctx, req, NoTarget(req));
  return JsonAnswer(ctx, req, ctx.targets->Retire(req.visitor.actor(), *id), TargetJson);
}

}  // namespace

void AddTargetApiRoutes(Router& router, const WebContext& ctx) {
  const RouteList on(router, ctx);
  on("GET", "/api/v1/targets", ListTargets);
  on("POST", "/api/v1/targets", CreateTarget);
  on("GET", "/api/v1/targets/:id", GetTarget);
  on("POST", "/api/v1/targets/:id/retire", RetireTarget);
}

}  // namespace lophoc::http
