// The org tree over time (docs/org-history.md, docs/openapi.json): the
// levels of the tree, dated org changes with their preview (dry run), the
// list of saved changes, and a whole reorganisation from CSV. Thin handlers
// over OrgChangeService.
#include <nlohmann/json.hpp>

#include "server/app/org_change_service.h"
#include "server/http/org_change_views.h"
#include "server/http/request_util.h"
#include "server/http/web_app.h"

namespace lophoc::http {
namespace {

using nlohmann::json;

const std::initializer_list<const char*> kChangeFields = {
    "kind",      "effective_on", "subject", "name",           "level",  "parent",
    "successor", "site_type",    "site",    "staff_category", "dry_run"};

HttpResponse Unavailable(const WebContext& ctx, const HttpRequest& req) {
  return StatusResponse(ctx, req, Status::NotFound("org changes are not served here"));
}

// ?dry_run=1|0|true|false (or the body's "dry_run": true).
Result<bool> DryRunQuery(const HttpRequest& req) {
  const std::string dry = req.Query("dry_run");
  if (!dry.empty() && dry != "0" && dry != "1" && dry != "true" && dry != "false") {
    return Status::InvalidArgument("dry_run must be 1 or 0")
        .WithReason("csv_bad_flag")
        .WithField("dry_run")
        .WithParam("value", dry);
  }
  return dry == "1" || dry == "true";
}

HttpResponse Levels(const WebContext& ctx, const HttpRequest& req) {
  if (!ctx.org_changes) return Unavailable(ctx, req);
  return JsonAnswer(ctx, req, ctx.org_changes->Levels(), [](const auto& levels) {
    json items = json::array();
    for (const auto& l : levels) items.push_back(OrgLevelJson(l));
    return json{{"items", items}};
  });
}

HttpResponse ListChanges(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  if (!ctx.org_changes) return Unavailable(ctx, req);
  return JsonAnswer(ctx, req,
                    ctx.org_changes->List(req.visitor.actor(), req.Query("org"), req.Query("from"),
                                          req.Query("to")),
                    [](const auto& records) {
                      json items = json::array();
                      for (const auto& r : records) items.push_back(OrgChangeRecordJson(r));
                      return json{{"items", items}};
                    });
}

HttpResponse PostChange(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  if (!ctx.org_changes) return Unavailable(ctx, req);
  auto dry = DryRunQuery(req);
  if (!dry.ok()) return StatusResponse(ctx, req, dry.status());
  auto body = JsonObject(req.body.empty() ? "{}" : req.body, kChangeFields);
  if (!body.ok()) return StatusResponse(ctx, req, body.status());
  people::OrgChange ch;
  std::string* targets[] = {&ch.kind,  &ch.effective_on,  &ch.subject,   &ch.name,
                            &ch.level, &ch.parent,        &ch.successor, &ch.site_type,
                            &ch.site,  &ch.staff_category};
  size_t i = 0;
  for (const char* key : kChangeFields) {
    if (i == 10) break;
    auto v = OptionalString(*body, key);
    if (!v.ok()) return StatusResponse(ctx, req, v.status());
    *targets[i++] = v->value_or("");
  }
  bool dry_run = *dry;
  if (auto it = body->find("dry_run"); it != body->end() && !it->is_null()) {
    if (!it->is_boolean()) {
      return StatusResponse(ctx, req,
                            Status::InvalidArgument("dry_run must be true or false")
                                .WithReason("csv_bad_flag")
                                .WithField("dry_run")
                                .WithParam("value", it->dump()));
    }
    dry_run = dry_run || it->get<bool>();
  }
  auto out = ctx.org_changes->Apply(req.visitor.actor(), {ch}, "", dry_run);
  if (!out.ok()) return StatusResponse(ctx, req, out.status());
  return JsonResponse(OrgChangeOutcomeJson(*out), dry_run ? 200 : 201);
}

HttpResponse ImportReorganisation(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  if (!ctx.org_changes) return Unavailable(ctx, req);
  auto dry = CsvUploadDryRun(req);
  if (!dry.ok()) return StatusResponse(ctx, req, dry.status());
  auto out = ctx.org_changes->ImportCsv(req.visitor.actor(), req.body, req.Query("batch"), *dry);
  if (!out.ok()) return StatusResponse(ctx, req, out.status());
  return JsonResponse(OrgChangeOutcomeJson(*out), *dry ? 200 : 201);
}

}  // namespace

void AddOrgChangeApiRoutes(Router& router, const WebContext& ctx) {
  const RouteList on(router, ctx);
  on("GET", "/api/v1/org-levels", Levels);
  on("GET", "/api/v1/org-changes", ListChanges);
  on("POST", "/api/v1/org-changes", PostChange);
  on("POST", "/api/v1/org-changes/import", ImportReorganisation, kUploadRoute);
}

}  // namespace lophoc::http
