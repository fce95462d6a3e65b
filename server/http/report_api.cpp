// The training report over HTTP (docs/reports.md "Training report";
// docs/openapi.json): GET /api/v1/reports/training (JSON, or CSV with
// Accept: text/csv or ?format=csv: the same numbers) and
// GET /api/v1/reports/training/people. Thin handlers: parse, one
// ReportService call, a presenter. Who sees what is the service's answer.
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "kernel/csv.h"
#include "server/app/report_service.h"
#include "server/http/programme_presenters.h"
#include "server/http/report_presenters.h"
#include "server/http/request_util.h"
#include "server/http/web_app.h"

namespace lophoc::http {
namespace {

using nlohmann::json;

HttpResponse TrainingReport(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  auto q = TrainingQueryOf(req);
  if (!q.ok()) return StatusResponse(ctx, req, q.status());
  auto r = ctx.reports->Training(req.visitor.actor(), *q);
  if (!r.ok()) return StatusResponse(ctx, req, r.status());
  if (WantsCsv(req)) {
    return Attachment("text/csv; charset=utf-8", TrainingReportCsv(*r), "dao-tao.csv");
  }
  return JsonResponse(TrainingReportJson(*r));
}

HttpResponse TrainingPeople(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  auto q = TrainingQueryOf(req);
  if (!q.ok()) return StatusResponse(ctx, req, q.status());
  auto r = ctx.reports->TrainingPeople(req.visitor.actor(), *q);
  if (!r.ok()) return StatusResponse(ctx, req, r.status());
  if (WantsCsv(req)) {
    return Attachment("text/csv; charset=utf-8", TrainingPeopleCsv(*r), "dao-tao-nguoi.csv");
  }
  return JsonResponse(TrainingPeopleJson(*r));
}

}  // namespace

void AddReportRoutes(Router& router, const WebContext& ctx) {
  const RouteList on(router, ctx);
  on("GET", "/api/v1/reports/training", TrainingReport);
  on("GET", "/api/v1/reports/training/people", TrainingPeople);
}

}  // namespace lophoc::http
