// Open data over HTTP (docs/open-data.md, docs/annual-report.md):
// GET /api/v1/open-data/training.csv and /api/v1/open-data/training.json.
// Anyone may read them: they hold only aggregates, per unit (as the tree
// stood on the day) and site type, after small-cell suppression with the
// server's k (--open-data-k). No names, no ids of people, no site codes.
#include <map>

#include "people/vocabulary.h"
#include "server/app/open_data.h"
#include "server/app/report_service.h"
#include "server/http/report_presenters.h"
#include "server/http/request_util.h"
#include "server/http/web_app.h"
#include "training/suppression.h"
#include "training/training_report.h"

namespace lophoc::http {
namespace {

// The report's rows (child units, then the scope's own sites) by site type,
// counted from the standings the report was made of.
Result<app::OpenDataTable> TableOf(const app::TrainingReport& r, int64_t k) {
  app::OpenDataTable t;
  t.programme = r.programme.programme.slug;
  t.programme_title = r.programme.programme.title;
  t.as_of = r.day;
  t.scope = {r.unit.code, r.unit.name};
  t.options.k = k;
  std::map<int64_t, size_t> row_of_unit;
  for (const auto& row : r.figures.units) {
    row_of_unit[row.unit_id] = t.rows.size();
    const auto& u = r.rows->units.at(row.unit_id);
    t.rows.push_back({u.code, u.name});
  }
  std::map<std::string, size_t> col_of_type;
  for (const auto& type : people::SiteTypes()) {
    col_of_type[type.code] = t.cols.size();
    t.cols.push_back({type.code, type.label_vi});
  }
  std::vector<std::vector<training::Counts>> counts(t.rows.size(),
                                                    std::vector<training::Counts>(t.cols.size()));
  for (const auto& p : *r.standings) {
    if (!training::InScope(*r.rows, r.scope, p)) continue;
    const auto row = row_of_unit.find(training::RowOfUnit(*r.rows, r.scope, p.unit_id));
    const auto col = col_of_type.find(p.site_type);
    if (row == row_of_unit.end() || col == col_of_type.end()) continue;
    counts[row->second][col->second].Add(p.on.standing);
  }
  training::CountTable table;
  for (const auto& row : t.rows) table.rows.push_back(row.code);
  for (const auto& col : t.cols) table.cols.push_back(col.code);
  for (const auto& line : counts) {
    table.cells.emplace_back();
    for (const auto& c : line) table.cells.back().push_back({c.population(), c.trained()});
  }
  if (table.rows.empty()) {  // a unit without child units or sites: one row, itself
    table.rows.push_back(r.unit.code);
    table.cells.emplace_back(t.cols.size());
    t.rows.push_back({r.unit.code, r.unit.name});
  }
  LOPHOC_ASSIGN_OR_RETURN(t.table, training::Suppress(table, t.options));
  return t;
}

Result<app::OpenDataTable> OpenTable(const WebContext& ctx, const HttpRequest& req) {
  LOPHOC_ASSIGN_OR_RETURN(auto q, TrainingQueryOf(req));
  LOPHOC_ASSIGN_OR_RETURN(auto r, ctx.reports->Published(q));
  return TableOf(r, ctx.options.open_data_k);
}

HttpResponse TrainingCsv(const WebContext& ctx, const HttpRequest& req) {
  auto t = OpenTable(ctx, req);
  if (!t.ok()) return StatusResponse(ctx, req, t.status());
  return Attachment("text/csv; charset=utf-8", app::OpenDataCsv(*t), "du-lieu-mo-dao-tao.csv");
}

HttpResponse TrainingJson(const WebContext& ctx, const HttpRequest& req) {
  auto t = OpenTable(ctx, req);
  if (!t.ok()) return StatusResponse(ctx, req, t.status());
  return JsonResponse(app::OpenDataJson(*t));
}

}  // namespace

void AddOpenDataRoutes(Router& router, const WebContext& ctx) {
  const RouteList on(router, ctx);
  // Public figures: read as a guest, by anyone (also an account that must
  // change its password first, which is a guest here).
  const RouteOptions open = kOrdinaryRoute.Anonymous().AllowedBeforePasswordChange();
  on("GET", "/api/v1/open-data/training.csv", TrainingCsv, open);
  on("GET", "/api/v1/open-data/training.json", TrainingJson, open);
}

}  // namespace lophoc::http
