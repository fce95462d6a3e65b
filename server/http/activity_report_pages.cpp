// The growth and sites-operating reports over HTTP (docs/growth.md;
// docs/openapi.json): GET /api/v1/reports/growth and /api/v1/reports/sites
// (JSON, or CSV with ?format=csv or "Accept: text/csv": the same numbers),
// and the pages /reports/growth and /reports/sites (a GET form, the tables,
// SVG charts, the CSV link and the rule in words). Thin handlers: parse, one
// ActivityReportService call, a presenter. Who sees what is the service's
// answer (managers within their subtree, admins anywhere).
#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "kernel/calendar.h"
#include "kernel/csv.h"
#include "server/app/activity_report_service.h"
#include "server/http/activity_presenters.h"
#include "server/http/admin_pages.h"
#include "server/http/charts.h"
#include "server/http/i18n.h"
#include "server/http/programme_presenters.h"
#include "server/http/request_util.h"
#include "server/http/web_app.h"

namespace lophoc::http {
namespace {

using nlohmann::json;

bool Digits(const std::string& s, size_t max) {
  return !s.empty() && s.size() <= max &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Result<std::optional<int>> YearQuery(const HttpRequest& req, const std::string& name) {
  const std::string text = req.Query(name);
  if (text.empty()) return std::optional<int>();
  // Not a year: the service refuses it with the range it takes.
  if (!Digits(text, 4)) return std::optional<int>(-1);
  return std::optional<int>(std::stoi(text));
}

Result<std::optional<int>> DaysQuery(const HttpRequest& req) {
  const std::string text = req.Query("days");
  if (text.empty()) return std::optional<int>();
  if (!Digits(text, 4)) {
    return Status::InvalidArgument("days must be a number of days from 1 to 3650")
        .WithReason("sites_days_invalid")
        .WithField("days")
        .WithParam("max", "3650");
  }
  return std::optional<int>(std::stoi(text));
}

// AsOfQuery, where an empty ?as_of= (a GET form's field left blank) is today.
Result<std::optional<LocalDate>> AsOf(const HttpRequest& req) {
  if (req.Query("as_of").empty()) return std::optional<LocalDate>();
  return AsOfQuery(req);
}

bool WantsCsv(const HttpRequest& req) {
  return req.Query("format") == "csv" || req.Header("accept").rfind("text/csv", 0) == 0;
}

// A percentage as the CSV writes it: one decimal, "" for none.
std::string Pct(const std::optional<double>& p) {
  if (!p) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", *p);
  return buf;
}

json Opt(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }
json Opt(const std::optional<bool>& v) { return v ? json(*v) : json(nullptr); }

json TargetJson(const std::optional<app::ActivityTargetRef>& t) {
  if (!t) return nullptr;
  return {{"percent", t->percent}, {"title", t->title}, {"source", t->source}};
}

constexpr const char* kGrowthRule =
    "A year's activity at a site counts for the unit the site hung under on 31 December of that "
    "year (today for the current year, counted up to today), followed to today's tree (a merged "
    "unit counts as its successor). Learners: accounts that opened a lesson in the year, once "
    "each, at the site where they first did. Visits: one per visitor and day. Change: percent "
    "more than the year before. Activity with no known site counts only in the national total.";

constexpr const char* kSitesRule =
    "Open sites on the as-of day under the scope (the site's unit on that day, followed to "
    "today's tree); a site is active when a lesson was opened there in the window (the days "
    "from window_from to as_of, both included). Share = active / open.";

json GrowthRowJson(const app::GrowthRow& row) {
  json years = json::array();
  for (const auto& y : row.years) {
    years.push_back({{"year", y.year},
                     {"learners", y.learners},
                     {"visits", y.visits},
                     {"learners_change", Opt(y.learners_change)},
                     {"visits_change", Opt(y.visits_change)},
                     {"learners_target", TargetJson(y.learners_target)},
                     {"visits_target", TargetJson(y.visits_target)},
                     {"learners_behind", Opt(y.learners_behind)},
                     {"visits_behind", Opt(y.visits_behind)}});
  }
  json out = {{"code", row.code}, {"name", row.name}, {"years", years}};
  if (!row.site_type.empty()) out["site_type"] = row.site_type;
  return out;
}

json GrowthJson(const app::GrowthReport& r) {
  json units = json::array();
  for (const auto& u : r.units) units.push_back(GrowthRowJson(u));
  json sites = json::array();
  for (const auto& s : r.sites) sites.push_back(GrowthRowJson(s));
  return {{"scope", {{"code", r.scope.code}, {"name", r.scope.name}}},
          {"from", r.from},
          {"to", r.to},
          {"today", r.today},
          {"rule", kGrowthRule},
          {"total", GrowthRowJson(r.total)},
          {"units", units},
          {"sites", sites}};
}

std::string GrowthCsv(const app::GrowthReport& r) {
  CsvWriter csv({"row", "code", "name", "year", "learners", "visits", "learners_change",
                 "visits_change", "learners_target", "visits_target"});
  auto rows = [&](const char* kind, const app::GrowthRow& row) {
    for (const auto& y : row.years) {
      csv.Row({kind, row.code, row.name, std::to_string(y.year), std::to_string(y.learners),
               std::to_string(y.visits), Pct(y.learners_change), Pct(y.visits_change),
               y.learners_target ? Pct(y.learners_target->percent) : "",
               y.visits_target ? Pct(y.visits_target->percent) : ""});
    }
  };
  rows("total", r.total);
  for (const auto& u : r.units) rows("unit", u);
  for (const auto& s : r.sites) rows("site", s);
  return csv.Take();
}

json SitesRowJson(const app::SitesRow& row) {
  return {{"code", row.code},
          {"name", row.name},
          {"open", row.open},
          {"active", row.active},
          {"percent", Opt(row.percent)},
          {"target", TargetJson(row.target)},
          {"behind", Opt(row.behind)}};
}

json SitesJson(const app::SitesReport& r) {
  json units = json::array();
  for (const auto& u : r.units) units.push_back(SitesRowJson(u));
  json inactive = json::array();
  for (const auto& i : r.inactive) {
    inactive.push_back(
        {{"code", i.code},
         {"name", i.name},
         {"type", i.type},
         {"unit_code", i.unit_code},
         {"unit_name", i.unit_name},
         {"last_activity", i.last_activity.empty() ? json(nullptr) : json(i.last_activity)}});
  }
  return {{"scope", {{"code", r.scope.code}, {"name", r.scope.name}}},
          {"as_of", r.as_of},
          {"days", r.days},
          {"window_from", r.window_from},
          {"rule", kSitesRule},
          {"total", SitesRowJson(r.total)},
          {"units", units},
          {"inactive", inactive}};
}

std::string SitesCsv(const app::SitesReport& r) {
  CsvWriter csv({"row", "code", "name", "type", "unit", "open", "active", "percent", "target",
                 "last_activity"});
  auto row = [&](const char* kind, const app::SitesRow& s) {
    csv.Row({kind, s.code, s.name, "", "", std::to_string(s.open), std::to_string(s.active),
             Pct(s.percent), s.target ? Pct(s.target->percent) : "", ""});
  };
  row("total", r.total);
  for (const auto& u : r.units) row("unit", u);
  for (const auto& i : r.inactive) {
    csv.Row({"inactive", i.code, i.name, i.type, i.unit_code, "", "", "", "", i.last_activity});
  }
  return csv.Take();
}

}  // namespace

json ActivityGrowthJson(const app::GrowthReport& r) { return GrowthJson(r); }
json ActivitySitesJson(const app::SitesReport& r) { return SitesJson(r); }

namespace {

Result<app::GrowthReport> ReadGrowth(const WebContext& ctx, const HttpRequest& req) {
  LOPHOC_ASSIGN_OR_RETURN(auto year, YearQuery(req, "year"));
  LOPHOC_ASSIGN_OR_RETURN(auto from, YearQuery(req, "from"));
  return ctx.activity->Growth(req.visitor.actor(), req.Query("org"), year, from);
}

Result<app::SitesReport> ReadSites(const WebContext& ctx, const HttpRequest& req) {
  LOPHOC_ASSIGN_OR_RETURN(auto days, DaysQuery(req));
  LOPHOC_ASSIGN_OR_RETURN(auto as_of, AsOf(req));
  return ctx.activity->Sites(req.visitor.actor(), req.Query("org"), days, as_of);
}

HttpResponse GrowthApi(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  auto report = ReadGrowth(ctx, req);
  if (!report.ok()) return StatusResponse(ctx, req, report.status());
  if (WantsCsv(req))
    return Attachment("text/csv; charset=utf-8", GrowthCsv(*report), "tang-truong.csv");
  return JsonResponse(GrowthJson(*report));
}

HttpResponse SitesApi(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  auto report = ReadSites(ctx, req);
  if (!report.ok()) return StatusResponse(ctx, req, report.status());
  if (WantsCsv(req))
    return Attachment("text/csv; charset=utf-8", SitesCsv(*report), "diem-hoat-dong.csv");
  return JsonResponse(SitesJson(*report));
}

std::string Query(const HttpRequest& req, std::initializer_list<const char*> names) {
  std::string q;
  for (const char* n : names) {
    const std::string v = req.Query(n);
    if (!v.empty()) q += std::string(n) + "=" + PercentEncode(v) + "&";
  }
  return q;
}

std::string Num(const std::optional<double>& v, const std::string& lang) {
  if (!v) return "";
  std::string s = Pct(v);
  if (lang != "en") std::replace(s.begin(), s.end(), '.', ',');
  return s + " %";
}

json GrowthCells(const app::GrowthRow& row, const std::string& lang) {
  json cells = json::array();
  for (const auto& y : row.years) {
    cells.push_back(
        {{"learners", std::to_string(y.learners)},
         {"visits", std::to_string(y.visits)},
         {"learners_change", Num(y.learners_change, lang)},
         {"visits_change", Num(y.visits_change, lang)},
         {"learners_target", y.learners_target ? Num(y.learners_target->percent, lang) : ""},
         {"visits_target", y.visits_target ? Num(y.visits_target->percent, lang) : ""},
         {"behind",
          (y.learners_behind && *y.learners_behind) || (y.visits_behind && *y.visits_behind)}});
  }
  return cells;
}

std::string GrowthChartSvg(const app::GrowthReport& r, bool learners, const std::string& title,
                           const std::string& lang) {
  GrowthChart chart;
  chart.text.id_prefix = learners ? "growth-learners" : "growth-visits";
  chart.text.title = title;
  chart.text.description = title + " " + std::to_string(r.from) + "-" + std::to_string(r.to);
  chart.lang = lang;
  GrowthSeries series;
  series.name = title;
  bool any_target = false;
  const app::GrowthYear* before = nullptr;
  for (const auto& y : r.total.years) {
    chart.years.push_back(y.year);
    series.values.push_back(static_cast<double>(learners ? y.learners : y.visits));
    const auto& target = learners ? y.learners_target : y.visits_target;
    if (target && before != nullptr) {
      const double prev = static_cast<double>(learners ? before->learners : before->visits);
      chart.target.push_back(prev * (1.0 + target->percent / 100.0));
      any_target = true;
    } else {
      chart.target.push_back(std::nullopt);
    }
    before = &y;
  }
  if (!any_target) chart.target.clear();
  chart.series.push_back(std::move(series));
  return RenderGrowthChart(chart);
}

HttpResponse GrowthPage(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireAdminArea(ctx, req)) return *refused;
  auto report = ReadGrowth(ctx, req);
  if (!report.ok()) return StatusResponse(ctx, req, report.status());
  const std::string lang = ChooseLanguage(req);
  json m = AdminPageModel(ctx, req, Say(ctx, req, "growth_title"));
  json years = json::array();
  for (int y = report->from; y <= report->to; ++y) years.push_back({{"year", std::to_string(y)}});
  auto row_model = [&](const app::GrowthRow& row) {
    return json{{"code", row.code}, {"name", row.name}, {"cells", GrowthCells(row, lang)}};
  };
  json units = json::array();
  for (const auto& u : report->units) units.push_back(row_model(u));
  json sites = json::array();
  for (const auto& s : report->sites) sites.push_back(row_model(s));
  m["years"] = years;
  m["total"] = row_model(report->total);
  m["units"] = units;
  m["has_units"] = !units.empty();
  m["sites"] = sites;
  m["has_sites"] = !sites.empty();
  m["scope_name"] = report->scope.name;
  m["org"] = req.Query("org");
  m["year"] = std::to_string(report->to);
  m["from"] = std::to_string(report->from);
  m["csv_url"] = "/api/v1/reports/growth?" + Query(req, {"org", "year", "from"}) + "format=csv";
  m["learners_chart_svg"] = GrowthChartSvg(*report, true, Say(ctx, req, "growth_learners"), lang);
  m["visits_chart_svg"] = GrowthChartSvg(*report, false, Say(ctx, req, "growth_visits"), lang);
  return PageResponse(ctx, req, "reports_growth", m);
}

HttpResponse SitesPage(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireAdminArea(ctx, req)) return *refused;
  auto report = ReadSites(ctx, req);
  if (!report.ok()) return StatusResponse(ctx, req, report.status());
  const std::string lang = ChooseLanguage(req);
  json m = AdminPageModel(ctx, req, Say(ctx, req, "sites_report_title"));
  auto row_model = [&](const app::SitesRow& r) {
    return json{{"code", r.code},
                {"name", r.name},
                {"open", std::to_string(r.open)},
                {"active", std::to_string(r.active)},
                {"percent", Num(r.percent, lang)},
                {"target", r.target ? Num(r.target->percent, lang) : ""},
                {"behind", r.behind.value_or(false)}};
  };
  json units = json::array();
  TargetBarChart chart;
  chart.text.id_prefix = "sites-active";
  chart.text.title = Say(ctx, req, "sites_report_title");
  chart.text.description = chart.text.title + " " + FormatLocalDate(*ParseIsoDate(report->as_of));
  chart.lang = lang;
  for (const auto& u : report->units) {
    units.push_back(row_model(u));
    TargetBarRow bar;
    bar.label = u.name;
    bar.percent = u.percent;
    if (!u.percent) bar.suppressed_text = "-";
    if (u.target) bar.target_percent = u.target->percent;
    bar.behind = u.behind.value_or(false);
    chart.rows.push_back(bar);
  }
  json inactive = json::array();
  for (const auto& i : report->inactive) {
    inactive.push_back({{"code", i.code},
                        {"name", i.name},
                        {"type", i.type},
                        {"unit", i.unit_name},
                        {"last_activity", i.last_activity.empty()
                                              ? Say(ctx, req, "sites_never")
                                              : FormatLocalDate(*ParseIsoDate(i.last_activity))}});
  }
  m["total"] = row_model(report->total);
  m["units"] = units;
  m["has_units"] = !units.empty();
  m["inactive"] = inactive;
  m["has_inactive"] = !inactive.empty();
  m["scope_name"] = report->scope.name;
  m["org"] = req.Query("org");
  m["days"] = std::to_string(report->days);
  m["as_of"] = req.Query("as_of");
  m["as_of_text"] = FormatLocalDate(*ParseIsoDate(report->as_of));
  m["window_from_text"] = FormatLocalDate(*ParseIsoDate(report->window_from));
  m["csv_url"] = "/api/v1/reports/sites?" + Query(req, {"org", "days", "as_of"}) + "format=csv";
  m["chart_svg"] = chart.rows.empty() ? "" : RenderTargetBarChart(chart);
  return PageResponse(ctx, req, "reports_sites", m);
}

}  // namespace

void AddActivityReportRoutes(Router& router, const WebContext& ctx) {
  const RouteList on(router, ctx);
  on("GET", "/api/v1/reports/growth", GrowthApi);
  on("GET", "/api/v1/reports/sites", SitesApi);
  on("GET", "/reports/growth", GrowthPage);
  on("GET", "/reports/sites", SitesPage);
}

}  // namespace lophoc::http
