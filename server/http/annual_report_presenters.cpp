// The annual report's JSON and the page's view of it (docs/annual-report.md):
// the report is JSON first; the page, the PDF and a saved report's page all
// render that JSON through ReportModel, so what was sent and what is shown
// cannot drift apart.
#include "server/http/annual_report_presenters.h"

#include <algorithm>

#include "people/vocabulary.h"
#include "server/http/activity_presenters.h"
#include "server/http/admin_pages.h"
#include "server/http/charts.h"
#include "server/http/report_presenters.h"

namespace lophoc::http {
namespace {

using nlohmann::json;

constexpr size_t kInactiveShown = 200;  // the page lists this many; the CSV of /reports/sites all
using nlohmann::json;

// "2025" -> 2025; InvalidArgument annual_year_invalid otherwise.
Result<std::optional<int>> YearOfImpl(const std::string& text) {
  if (text.empty()) return std::optional<int>();
  const bool digits = text.size() == 4 && text.find_first_not_of("0123456789") == std::string::npos;
  if (!digits) {
    return Status::InvalidArgument("year must be a year such as 2025")
        .WithReason("annual_year_invalid")
        .WithField("year")
        .WithParam("value", text);
  }
  return std::optional<int>(std::stoi(text));
}

Result<std::optional<LocalDate>> DayOf(const std::string& text) {
  if (text.empty()) return std::optional<LocalDate>();
  auto day = ParseDayText(text);
  if (!day) {
    return Status::InvalidArgument("as_of must be a date YYYY-MM-DD or DD/MM/YYYY")
        .WithReason("as_of_invalid")
        .WithField("as_of")
        .WithParam("value", text);
  }
  return std::optional<LocalDate>(day);
}

Result<app::AnnualQuery> QueryOfImpl(const std::string& org, const std::string& year,
                                     const std::string& as_of) {
  app::AnnualQuery q;
  q.org = org;
  LOPHOC_ASSIGN_OR_RETURN(q.year, YearOfImpl(year));
  LOPHOC_ASSIGN_OR_RETURN(q.as_of, DayOf(as_of));
  return q;
}

Result<app::AnnualQuery> QueryOfImpl(const HttpRequest& req) {
  return QueryOfImpl(req.Query("org"), req.Query("year"), req.Query("as_of"));
}

// The report as the API answers it and a snapshot freezes it.
json AnnualJsonImpl(const app::AnnualReport& r) {
  json programmes = json::array();
  for (const auto& d : r.programmes) {
    const auto& p = d.report.programme.programme;
    programmes.push_back({{"code", p.slug},
                          {"name", p.title},
                          {"training", TrainingReportJson(d.report)},
                          {"due", DueByUnitJson(d)}});
  }
  json growth = ActivityGrowthJson(r.growth);
  growth.erase("sites");  // every site for five years: the growth report's CSV has them
  return {{"kind", "annual"},     {"org", {{"code", r.unit.code}, {"name", r.unit.name}}},
          {"year", r.year},       {"as_of", FormatIsoDate(r.as_of)},
          {"made_at", r.made_at}, {"programmes", programmes},
          {"growth", growth},     {"sites", ActivitySitesJson(r.sites)}};
}

// j[key], or null when j is no object or has no such key.
const json& At(const json& j, const char* key) {
  static const json kNull;
  if (!j.is_object()) return kNull;
  auto it = j.find(key);
  return it == j.end() ? kNull : *it;
}

std::string Text(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_float()) return PercentText(it->get<double>());
  return it->dump();
}

std::optional<double> Number(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

// Mustache takes "" for true: a section such as {{#source}} must find no
// key at all when there is nothing to show.
json DropEmpty(json j, std::initializer_list<const char*> keys) {
  for (const char* k : keys) {
    auto it = j.find(k);
    if (it != j.end() && it->is_string() && it->get<std::string>().empty()) j.erase(it);
  }
  return j;
}

// "2026-12-07T21:23:05Z" as people read it in Vietnam: "08/12/2026 04:23".
std::string MadeAt(const std::string& iso) {
  auto t = ParseIso8601(iso);
  return t ? FormatLocalDateTime(*t) : iso;
}

std::string DayText(const std::string& iso) {
  auto d = ParseIsoDate(iso);
  return d ? FormatLocalDate(*d) : iso;
}

json CountsRow(const json& row) {
  return {{"name", Text(row, "name")},       {"population", Text(row, "population")},
          {"trained", Text(row, "trained")}, {"percent", Text(row, "percent")},
          {"due", Text(row, "due")},         {"overdue", Text(row, "overdue")},
          {"exempt", Text(row, "exempt")},   {"in_grace", Text(row, "in_grace")}};
}

// The page's view of one programme's part of the report.
json ProgrammeModel(const json& p, const std::string& lang, size_t index) {
  const json& t = At(p, "training");
  json rows = json::array();
  TargetBarChart chart;
  chart.lang = lang;
  chart.text = {"annual-chart-" + std::to_string(index), Text(p, "name"),
                Text(At(t, "org"), "name") + " " + DayText(Text(t, "as_of"))};
  std::optional<double> target;
  for (const auto& tg : At(t, "targets")) {
    if (auto pc = Number(tg, "percent")) target = target ? std::max(*target, *pc) : *pc;
  }
  for (const auto& u : At(t, "units")) {
    rows.push_back(CountsRow(u));
    TargetBarRow bar;
    bar.label = Text(u, "name");
    bar.percent = Number(u, "percent");
    bar.suppressed_text = "–";  // nobody in the population there
    bar.target_percent = target;
    bar.behind = target && bar.percent && *bar.percent < *target;
    chart.rows.push_back(bar);
  }
  json types = json::array();
  for (const auto& ty : At(t, "site_types")) {
    json row = CountsRow(ty);
    const auto type = people::ParseSiteType(Text(ty, "site_type"));
    row["name"] = type ? people::SiteTypeInfo(*type).Label(lang) : Text(ty, "site_type");
    types.push_back(row);
  }
  json targets = json::array();
  for (const auto& tg : At(t, "targets")) {
    targets.push_back(DropEmpty({{"title", Text(tg, "title")},
                                 {"source", Text(tg, "source")},
                                 {"percent", Text(tg, "percent")},
                                 {"deadline", DayText(Text(tg, "deadline"))},
                                 {"actual", Text(tg, "actual_percent")},
                                 {"on_track", At(tg, "on_track") == json(true)}},
                                {"source"}));
  }
  json due = json::array();
  for (const auto& d : At(At(p, "due"), "items")) {
    due.push_back({{"name", Text(d, "name")},
                   {"due", Text(d, "due")},
                   {"overdue", Text(d, "overdue")},
                   {"expiring", Text(d, "expiring")}});
  }
  json total = CountsRow(At(t, "total"));
  return {{"name", Text(p, "name")},
          {"rows", rows},
          {"total", total},
          {"types", types},
          {"targets", targets},
          {"has_targets", !targets.empty()},
          {"due", due},
          {"due_days", Text(At(p, "due"), "days")},
          {"chart_html", chart.rows.empty() ? "" : RenderTargetBarChart(chart)}};
}

json GrowthModel(const json& g, const std::string& lang, const std::string& learners_word,
                 const std::string& visits_word) {
  json years = json::array();
  GrowthChart learners;
  GrowthChart visits;
  learners.lang = visits.lang = lang;
  learners.text = {"annual-learners", learners_word, Text(At(g, "scope"), "name")};
  visits.text = {"annual-visits", visits_word, Text(At(g, "scope"), "name")};
  learners.series = {{learners_word, {}}};
  visits.series = {{visits_word, {}}};
  for (const auto& y : At(At(g, "total"), "years")) {
    years.push_back({{"year", Text(y, "year")},
                     {"learners", Text(y, "learners")},
                     {"visits", Text(y, "visits")},
                     {"learners_change", Text(y, "learners_change")},
                     {"visits_change", Text(y, "visits_change")},
                     {"learners_target", Text(At(y, "learners_target"), "percent")},
                     {"visits_target", Text(At(y, "visits_target"), "percent")}});
    learners.years.push_back(y.value("year", 0));
    visits.years.push_back(y.value("year", 0));
    learners.series[0].values.push_back(Number(y, "learners"));
    visits.series[0].values.push_back(Number(y, "visits"));
  }
  return {{"years", years},
          {"learners_chart_html", years.empty() ? "" : RenderGrowthChart(learners)},
          {"visits_chart_html", years.empty() ? "" : RenderGrowthChart(visits)}};
}

json SitesModel(const json& s) {
  json units = json::array();
  for (const auto& u : At(s, "units")) {
    units.push_back({{"name", Text(u, "name")},
                     {"open", Text(u, "open")},
                     {"active", Text(u, "active")},
                     {"percent", Text(u, "percent")},
                     {"target", Text(At(u, "target"), "percent")}});
  }
  json inactive = json::array();
  for (const auto& i : At(s, "inactive")) {
    if (inactive.size() == kInactiveShown) break;
    inactive.push_back(DropEmpty({{"name", Text(i, "name")},
                                  {"unit", Text(i, "unit_name")},
                                  {"last_activity", DayText(Text(i, "last_activity"))}},
                                 {"last_activity"}));
  }
  const size_t all = At(s, "inactive").size();
  return DropEmpty(
      {{"days", Text(s, "days")},
       {"window_from", DayText(Text(s, "window_from"))},
       {"total", DropEmpty({{"open", Text(At(s, "total"), "open")},
                            {"active", Text(At(s, "total"), "active")},
                            {"percent", Text(At(s, "total"), "percent")},
                            {"target", Text(At(At(s, "total"), "target"), "percent")},
                            {"behind", At(At(s, "total"), "behind") == json(true)}},
                           {"target"})},
       {"units", units},
       {"inactive", inactive},
       {"has_inactive", !inactive.empty()},
       {"inactive_more", all > kInactiveShown ? std::to_string(all - kInactiveShown) : ""}},
      {"inactive_more"});
}

// The page's view of a report's JSON: the same for the live report and a
// snapshot.
json ReportModelImpl(const WebContext& ctx, const HttpRequest& req, const json& r) {
  const std::string lang = ChooseLanguage(req);
  json programmes = json::array();
  size_t index = 0;
  for (const auto& p : At(r, "programmes")) programmes.push_back(ProgrammeModel(p, lang, ++index));
  return {{"org", Text(At(r, "org"), "name")},
          {"org_code", Text(At(r, "org"), "code")},
          {"year", Text(r, "year")},
          {"as_of", DayText(Text(r, "as_of"))},
          {"as_of_iso", Text(r, "as_of")},
          {"made_at", MadeAt(Text(r, "made_at"))},
          {"programmes", programmes},
          {"has_programmes", !programmes.empty()},
          {"growth", GrowthModel(At(r, "growth"), lang, Say(ctx, req, "annual_learners"),
                                 Say(ctx, req, "annual_visits"))},
          {"sites", SitesModel(At(r, "sites"))}};
}

std::string ReportQueryImpl(const json& r) {
  return "org=" + PercentEncode(Text(At(r, "org"), "code")) + "&year=" + Text(r, "year") +
         "&as_of=" + PercentEncode(Text(r, "as_of"));
}

}  // namespace

Result<std::optional<int>> YearOf(const std::string& text) { return YearOfImpl(text); }
Result<app::AnnualQuery> QueryOf(const std::string& org, const std::string& year,
                                 const std::string& as_of) {
  return QueryOfImpl(org, year, as_of);
}
Result<app::AnnualQuery> QueryOf(const HttpRequest& req) { return QueryOfImpl(req); }
json AnnualJson(const app::AnnualReport& r) { return AnnualJsonImpl(r); }
std::string JsonText(const json& j, const char* key) { return Text(j, key); }
json ReportModel(const WebContext& ctx, const HttpRequest& req, const json& r) {
  return ReportModelImpl(ctx, req, r);
}
std::string ReportQuery(const json& r) { return ReportQueryImpl(r); }

}  // namespace lophoc::http
