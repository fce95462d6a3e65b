// The report pages (docs/reports.md): /reports (the index of the reports for
// managers and admins), /reports/training (a GET form, the table per child
// unit, per site type and per site, a bar chart, the targets, the rule under
// the table, drill-down links and the CSV link) and /reports/training/people.
// Thin handlers over ReportService, as the API; the numbers are formatted by
// report_presenters so page, JSON and CSV agree.
#include <nlohmann/json.hpp>

#include "people/vocabulary.h"
#include "server/app/programme_service.h"
#include "server/app/report_service.h"
#include "server/http/admin_pages.h"
#include "server/http/charts.h"
#include "server/http/report_presenters.h"
#include "server/http/request_util.h"
#include "server/http/shown_text.h"
#include "server/http/web_app.h"

namespace lophoc::http {
namespace {

using nlohmann::json;

std::string Query(const std::string& org, const std::string& programme, const std::string& as_of,
                  const std::string& target) {
  std::string q = "programme=" + PercentEncode(programme);
  if (!org.empty()) q += "&org=" + PercentEncode(org);
  if (!as_of.empty()) q += "&as_of=" + PercentEncode(as_of);
  if (!target.empty()) q += "&target=" + PercentEncode(target);
  return q;
}

json CountsModel(const training::Counts& c) {
  return {{"population", c.population()},
          {"trained", c.trained()},
          {"percent", PercentText(c.percent())},
          {"due", c.due},
          {"overdue", c.overdue},
          {"exempt", c.exempt},
          {"in_grace", c.in_grace}};
}

void TargetModel(json& row, const app::TrainingReport& r, const training::Counts& c) {
  if (!r.target) return;
  const double want = r.target->target.percent;
  const auto have = c.percent();
  row["target"] = PercentText(want);
  if (have) {
    const double rounded_have = std::stod(PercentText(have));
    row["gap"] = PercentText(want - rounded_have);
    row["on_track"] = rounded_have >= want;
    row["behind"] = rounded_have < want;
  }
}

json ProgrammeOptions(const WebContext& ctx, const std::string& chosen, const std::string& lang) {
  json out = json::array();
  auto all = ctx.programmes->List();
  if (!all.ok()) return out;
  for (const auto& s : *all) {
    if (s.retired()) continue;
    const auto& p = s.programme;
    json option = {{"slug", p.slug}, {"selected", p.slug == chosen}};
    PutShown(option, lang, p.title, p.title_en, "vi", "title", "title_lang");
    out.push_back(std::move(option));
  }
  return out;
}

HttpResponse ReportsIndex(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireAdminArea(ctx, req)) return *refused;
  json m = AdminPageModel(ctx, req, Say(ctx, req, "reports_title"));
  m["section"] = {{"reports", true}};
  return PageResponse(ctx, req, "reports", m);
}

HttpResponse TrainingPage(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireAdminArea(ctx, req)) return *refused;
  const std::string lang = ChooseLanguage(req);
  json m = AdminPageModel(ctx, req, Say(ctx, req, "training_report_title"));
  m["section"] = {{"reports", true}};
  const std::string org = req.Query("org");
  const std::string programme = req.Query("programme");
  const std::string as_of = req.Query("as_of");
  const std::string target = req.Query("target");
  m["org"] = org;
  m["as_of"] = as_of;
  m["programmes"] = ProgrammeOptions(ctx, programme, lang);
  if (programme.empty()) return PageResponse(ctx, req, "reports_training", m);
  auto q = TrainingQueryOf(req);
  if (!q.ok()) return StatusResponse(ctx, req, q.status());
  auto r = ctx.reports->Training(req.visitor.actor(), *q);
  if (!r.ok()) return StatusResponse(ctx, req, r.status());
  const std::string day = FormatIsoDate(r->day);
  json rows = json::array();
  TargetBarChart chart;
  chart.lang = lang;
  chart.text = {"training-chart", Say(ctx, req, "training_report_title"),
                r->unit.name + " " + FormatLocalDate(r->day)};
  for (const auto& row : r->figures.units) {
    const auto& u = r->rows->units.at(row.unit_id);
    json j = CountsModel(row.counts);
    j["name"] = u.name;
    j["direct"] = row.direct;
    if (!row.direct) j["url"] = "/reports/training?" + Query(u.code, programme, day, target);
    j["people_url"] = "/reports/training/people?" + Query(u.code, programme, day, target);
    TargetModel(j, *r, row.counts);
    rows.push_back(j);
    TargetBarRow bar;
    bar.label = u.name;
    bar.percent = row.counts.percent();
    if (r->target) {
      bar.target_percent = r->target->target.percent;
      bar.behind = bar.percent && *bar.percent < r->target->target.percent;
    }
    chart.rows.push_back(bar);
  }
  json types = json::array();
  for (const auto& row : r->figures.types) {
    json j = CountsModel(row.counts);
    const auto type = people::ParseSiteType(row.site_type);
    j["name"] = type ? people::SiteTypeInfo(*type).Label(lang) : row.site_type;
    TargetModel(j, *r, row.counts);
    types.push_back(j);
  }
  json sites = json::array();
  for (const auto& row : r->figures.sites) {
    const auto& s = r->rows->sites.at(row.site_id);
    json j = CountsModel(row.counts);
    j["name"] = s.name;
    j["people_url"] = "/reports/training/people?" + Query("", programme, day, target) +
                      "&site=" + PercentEncode(s.code);
    sites.push_back(j);
  }
  json targets = json::array();
  for (const auto& t : r->targets) {
    targets.push_back({{"title", t.target.title},
                       {"source", t.target.source},
                       {"percent", PercentText(t.target.percent)},
                       {"deadline", FormatLocalDate(t.target.deadline)},
                       {"actual", PercentText(t.percent)},
                       {"on_track", t.on_track},
                       {"url", "/reports/training?" + Query(r->unit.code, programme, day,
                                                            std::to_string(t.target.id))}});
  }
  json total = CountsModel(r->figures.total);
  TargetModel(total, *r, r->figures.total);
  m["report"] = {
      {"unit", r->unit.name},
      {"day", FormatLocalDate(r->day)},
      {"not_existed", !r->scope.existed},
      {"has_target", r->target.has_value()},
      {"rows", rows},
      {"types", types},
      {"sites", sites},
      {"has_sites", !sites.empty()},
      {"targets", targets},
      {"has_targets", !targets.empty()},
      {"total", total},
      {"chart_html", RenderTargetBarChart(chart)},
      {"csv_url",
       "/api/v1/reports/training?" + Query(r->unit.code, programme, day, target) + "&format=csv"},
      {"people_url", "/reports/training/people?" + Query(r->unit.code, programme, day, target)}};
  return PageResponse(ctx, req, "reports_training", m);
}

HttpResponse TrainingPeoplePage(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireAdminArea(ctx, req)) return *refused;
  auto q = TrainingQueryOf(req);
  if (!q.ok()) return StatusResponse(ctx, req, q.status());
  auto r = ctx.reports->TrainingPeople(req.visitor.actor(), *q);
  if (!r.ok()) return StatusResponse(ctx, req, r.status());
  json m = AdminPageModel(ctx, req, Say(ctx, req, "training_people_title"));
  m["section"] = {{"reports", true}};
  json people = json::array();
  for (const auto& p : r->people) {
    const std::string standing(training::StandingName(p.on.standing));
    const bool valid =
        p.on.standing == training::Standing::kValid || p.on.standing == training::Standing::kDue;
    people.push_back({{"name", p.person->display_name},
                      {"username", p.person->username},
                      {"site", r->rows->sites.at(p.site_id).name},
                      {"standing", standing},
                      {"standing_word", Say(ctx, req, "standing_" + standing)},
                      {"valid_until", valid && p.on.until ? FormatLocalDate(*p.on.until) : ""}});
  }
  m["people"] = people;
  m["has_people"] = !people.empty();
  m["day"] = FormatLocalDate(r->day);
  m["unit"] = q->site.empty() ? r->unit.name : q->site;
  m["csv_url"] = "/api/v1/reports/training/people?" + req.raw_query + "&format=csv";
  return PageResponse(ctx, req, "reports_training_people", m);
}

}  // namespace

void AddReportPages(Router& router, const WebContext& ctx) {
  const RouteList on(router, ctx);
  on("GET", "/reports", ReportsIndex);
  on("GET", "/reports/training", TrainingPage);
  on("GET", "/reports/training/people", TrainingPeoplePage);
}

}  // namespace lophoc::http
