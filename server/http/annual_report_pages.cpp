// The annual report and the reports saved as sent, over HTTP
// (docs/annual-report.md; docs/openapi.json):
//   GET  /api/v1/reports/annual?org=&year=&as_of=   the report as JSON
//   GET  /reports/annual                            the printable page
//   GET  /reports/annual.pdf                        the same page as a PDF (weasyprint)
//   POST /api/v1/reports/snapshots                  save as sent {org, year, as_of, title}
//   GET  /api/v1/reports/snapshots?org=&year=       the saved reports
//   GET  /api/v1/reports/snapshots/:id              one, with the live figures and the differences
//   POST /reports/snapshots (form), GET /reports/snapshots, GET /reports/snapshots/:id
// The report is JSON first: the page renders that JSON, a snapshot freezes
// it, and the snapshot page renders the frozen JSON beside the differences
// with the live one, so what was sent and what is shown cannot drift apart.
#include <nlohmann/json.hpp>

#include "server/app/annual_report_service.h"
#include "server/app/report_diff.h"
#include "server/http/admin_pages.h"
#include "server/http/annual_report_presenters.h"
#include "server/http/pdf_pages.h"
#include "server/http/programme_presenters.h"
#include "server/http/report_presenters.h"
#include "server/http/request_util.h"
#include "server/http/static_files.h"
#include "server/http/web_app.h"

namespace lophoc::http {
namespace {

using nlohmann::json;

// Keys that say when a report was made, not what it says.
const std::vector<std::string> kNotCompared = {"made_at", "today", "rule"};
constexpr size_t kMaxTitleChars = 200;

Result<json> LiveReport(const WebContext& ctx, const HttpRequest& req, const app::AnnualQuery& q) {
  LOPHOC_ASSIGN_OR_RETURN(auto r, ctx.annual->Build(req.visitor.actor(), q));
  return AnnualJson(r);
}

json SnapshotMeta(const training::ReportSnapshot& s) {
  return {{"id", s.id},
          {"kind", s.kind},
          {"org", {{"code", s.org_code}, {"name", s.org_name}}},
          {"year", s.year},
          {"as_of", FormatIsoDate(s.as_of)},
          {"title", s.title},
          {"saved_by", s.saved_by_name},
          {"saved_at", s.saved_at}};
}

json DifferencesJson(const std::vector<app::ReportDifference>& diffs) {
  json out = json::array();
  for (const auto& d : diffs) {
    json where = json::array();
    for (const auto& w : d.where) where.push_back(w);
    out.push_back({{"where", where}, {"saved", d.saved}, {"live", d.live}});
  }
  return out;
}

// The saved report `id`, the live one for the same scope, year and day, and
// what differs.
struct Compared {
  training::ReportSnapshot snapshot;
  json saved;
  json live;
  std::vector<app::ReportDifference> differences;
};

Result<Compared> Compare(const WebContext& ctx, const HttpRequest& req, int64_t id) {
  Compared c;
  LOPHOC_ASSIGN_OR_RETURN(c.snapshot, ctx.annual->Find(req.visitor.actor(), id));
  c.saved = json::parse(c.snapshot.body, nullptr, false);  // stored by us: valid JSON
  app::AnnualQuery q;
  q.org = c.snapshot.org_code;
  q.year = c.snapshot.year;
  q.as_of = c.snapshot.as_of;
  LOPHOC_ASSIGN_OR_RETURN(c.live, LiveReport(ctx, req, q));
  c.differences = app::DiffReports(c.saved, c.live, kNotCompared);
  return c;
}

Status SnapshotNotFound() {
  return Status::NotFound("no such saved report").WithReason("snapshot_not_found");
}

// --- API -------------------------------------------------------------------

HttpResponse AnnualApi(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  auto q = QueryOf(req);
  if (!q.ok()) return StatusResponse(ctx, req, q.status());
  auto r = LiveReport(ctx, req, *q);
  if (!r.ok()) return StatusResponse(ctx, req, r.status());
  return JsonResponse(*r);
}

Result<training::ReportSnapshot> SaveSnapshot(const WebContext& ctx, const HttpRequest& req,
                                              const std::string& org, const std::string& year,
                                              const std::string& as_of, const std::string& title) {
  if (title.size() > kMaxTitleChars) {
    return Status::InvalidArgument("the title is longer than " + std::to_string(kMaxTitleChars) +
                                   " bytes")
        .WithReason("snapshot_title_too_long")
        .WithField("title")
        .WithParam("max", std::to_string(kMaxTitleChars));
  }
  LOPHOC_ASSIGN_OR_RETURN(auto q, QueryOf(org, year, as_of));
  LOPHOC_ASSIGN_OR_RETURN(auto r, ctx.annual->Build(req.visitor.actor(), q));
  return ctx.annual->Save(req.visitor.actor(), r, AnnualJson(r).dump(), title);
}

HttpResponse SaveApi(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  auto body = JsonObject(req.body.empty() ? "{}" : req.body, {"org", "year", "as_of", "title"});
  if (!body.ok()) return StatusResponse(ctx, req, body.status());
  std::string fields[4];
  const char* keys[4] = {"org", "year", "as_of", "title"};
  for (int i = 0; i < 4; ++i) {
    auto it = body->find(keys[i]);
    if (it == body->end() || it->is_null()) continue;
    if (it->is_number_integer() && std::string(keys[i]) == "year") {
      fields[i] = std::to_string(it->get<int64_t>());
      continue;
    }
    auto text = OptionalString(*body, keys[i]);
    if (!text.ok()) return StatusResponse(ctx, req, text.status());
    fields[i] = text->value_or("");
  }
  auto saved = SaveSnapshot(ctx, req, fields[0], fields[1], fields[2], fields[3]);
  if (!saved.ok()) return StatusResponse(ctx, req, saved.status());
  json out = SnapshotMeta(*saved);
  out["report"] = json::parse(saved->body, nullptr, false);
  return JsonResponse(out, 201);
}

HttpResponse ListApi(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  auto year = YearOf(req.Query("year"));
  if (!year.ok()) return StatusResponse(ctx, req, year.status());
  auto all = ctx.annual->List(req.visitor.actor(), req.Query("org"), *year);
  if (!all.ok()) return StatusResponse(ctx, req, all.status());
  json items = json::array();
  for (const auto& s : *all) items.push_back(SnapshotMeta(s));
  return JsonResponse({{"items", items}});
}

HttpResponse OneApi(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  auto id = ParseId(req.params.at("id"));
  if (!id) return StatusResponse(ctx, req, SnapshotNotFound());
  auto c = Compare(ctx, req, *id);
  if (!c.ok()) return StatusResponse(ctx, req, c.status());
  json out = SnapshotMeta(c->snapshot);
  out["report"] = c->saved;
  out["live"] = c->live;
  out["differences"] = DifferencesJson(c->differences);
  return JsonResponse(out);
}

// --- Pages -----------------------------------------------------------------

json AnnualPageModel(const WebContext& ctx, const HttpRequest& req) {
  json m = AdminPageModel(ctx, req, Say(ctx, req, "annual_title"));
  m["section"] = {{"reports", true}};
  m["form_org"] = req.Query("org");
  m["form_year"] = req.Query("year");
  m["form_as_of"] = req.Query("as_of");
  return m;
}

HttpResponse AnnualPageOf(const WebContext& ctx, const HttpRequest& req, json& m) {
  auto q = QueryOf(req);
  if (!q.ok()) return StatusResponse(ctx, req, q.status());
  auto r = LiveReport(ctx, req, *q);
  if (!r.ok()) return StatusResponse(ctx, req, r.status());
  m["report"] = ReportModel(ctx, req, *r);
  m["report"]["pdf_url"] = "/reports/annual.pdf?" + ReportQuery(*r);
  m["report"]["save"] = {{"org", JsonText((*r)["org"], "code")},
                         {"year", JsonText(*r, "year")},
                         {"as_of", JsonText(*r, "as_of")}};
  m["pdf_available"] = PdfAvailable();
  return PageResponse(ctx, req, "reports_annual", m);
}

HttpResponse AnnualPage(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireAdminArea(ctx, req)) return *refused;
  json m = AnnualPageModel(ctx, req);
  return AnnualPageOf(ctx, req, m);
}

HttpResponse AnnualPdf(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireAdminArea(ctx, req)) return *refused;
  json m = AnnualPageModel(ctx, req);
  m["pdf"] = true;
  return PdfOfPage(ctx, req, AnnualPageOf(ctx, req, m),
                   "bao-cao-nam-" + req.Query("year") + ".pdf");
}

HttpResponse SaveForm(const WebContext& ctx, const HttpRequest& req, const FormFields& f) {
  auto saved = SaveSnapshot(ctx, req, f.Trimmed("org"), f.Trimmed("year"), f.Trimmed("as_of"),
                            f.Trimmed("title"));
  if (!saved.ok()) return StatusResponse(ctx, req, saved.status());
  return Redirect("/reports/snapshots/" + std::to_string(saved->id) + "?saved=1");
}

HttpResponse ListPage(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireAdminArea(ctx, req)) return *refused;
  auto year = YearOf(req.Query("year"));
  if (!year.ok()) return StatusResponse(ctx, req, year.status());
  auto all = ctx.annual->List(req.visitor.actor(), req.Query("org"), *year);
  if (!all.ok()) return StatusResponse(ctx, req, all.status());
  json m = AdminPageModel(ctx, req, Say(ctx, req, "snapshots_title"));
  m["section"] = {{"reports", true}};
  json items = json::array();
  for (const auto& s : *all) {
    items.push_back({{"url", "/reports/snapshots/" + std::to_string(s.id)},
                     {"title", s.title.empty() ? std::to_string(s.year) : s.title},
                     {"org", s.org_name},
                     {"year", s.year},
                     {"as_of", FormatLocalDate(s.as_of)},
                     {"saved_by", s.saved_by_name},
                     {"saved_at", s.saved_at}});
  }
  m["items"] = items;
  m["has_items"] = !items.empty();
  return PageResponse(ctx, req, "reports_snapshots", m);
}

std::string ValueText(const json& v) {
  if (v.is_null()) return "—";
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_float()) return PercentText(v.get<double>());
  if (v.is_object() || v.is_array()) {
    const std::string name = v.is_object() ? JsonText(v, "name") : "";
    return name.empty() ? "…" : name;
  }
  return v.dump();
}

HttpResponse OnePage(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireAdminArea(ctx, req)) return *refused;
  auto id = ParseId(req.params.at("id"));
  if (!id) return StatusResponse(ctx, req, SnapshotNotFound());
  auto c = Compare(ctx, req, *id);
  if (!c.ok()) return StatusResponse(ctx, req, c.status());
  json m = AdminPageModel(ctx, req, Say(ctx, req, "snapshot_title"));
  m["section"] = {{"reports", true}};
  m["saved_now"] = req.Query("saved") == "1";
  m["snapshot"] = {{"title", c->snapshot.title},
                   {"saved_by", c->snapshot.saved_by_name},
                   {"saved_at", c->snapshot.saved_at},
                   {"live_url", "/reports/annual?" + ReportQuery(c->saved)}};
  json diffs = json::array();
  for (const auto& d : c->differences) {
    std::string where;
    for (const auto& w : d.where) where += (where.empty() ? "" : " › ") + w;
    diffs.push_back({{"where", where}, {"saved", ValueText(d.saved)}, {"live", ValueText(d.live)}});
  }
  m["differences"] = diffs;
  m["has_differences"] = !diffs.empty();
  m["report"] = ReportModel(ctx, req, c->saved);
  return PageResponse(ctx, req, "reports_snapshot", m);
}

}  // namespace

void AddAnnualReportRoutes(Router& router, const WebContext& ctx) {
  const RouteList on(router, ctx);
  on("GET", "/api/v1/reports/annual", AnnualApi);
  on("POST", "/api/v1/reports/snapshots", SaveApi);
  on("GET", "/api/v1/reports/snapshots", ListApi);
  on("GET", "/api/v1/reports/snapshots/:id", OneApi);
  on("GET", "/reports/annual", AnnualPage);
  on("GET", "/reports/annual.pdf", AnnualPdf);
  on("POST", "/reports/snapshots", PostedForm<RequireAdminArea, SaveForm>);
  on("GET", "/reports/snapshots", ListPage);
  on("GET", "/reports/snapshots/:id", OnePage);
}

}  // namespace lophoc::http
