#include "server/http/report_presenters.h"

#include <cmath>
#include <cstdio>

#include "kernel/csv.h"
#include "server/http/programme_presenters.h"

namespace lophoc::http {
namespace {

using nlohmann::json;
using training::Counts;

constexpr const char* kRule =
    "Population: staff on the day to whom the programme applies, without the exempt and those "
    "inside their grace period (both shown apart). Trained: valid or due on the day. "
    "Percent = trained / population.";

// One decimal, as every format shows it.
std::optional<double> Rounded(const std::optional<double>& x) {
  if (!x) return std::nullopt;
  return std::round(*x * 10) / 10;
}

json Number(const std::optional<double>& x) {
  const auto r = Rounded(x);
  return r ? json(*r) : json(nullptr);
}

json CountsJson(const Counts& c) {
  return {{"population", c.population()},
          {"trained", c.trained()},
          {"percent", Number(c.percent())},
          {"valid", c.valid},
          {"due", c.due},
          {"overdue", c.overdue},
          {"exempt", c.exempt},
          {"in_grace", c.in_grace}};
}

// Against the target asked for, when there is one.
void AddTarget(json& row, const app::TrainingReport& r, const Counts& c) {
  if (!r.target) return;
  const double want = r.target->target.percent;
  const auto have = Rounded(c.percent());
  row["target_percent"] = want;
  row["gap"] = have ? json(*Rounded(want - *have)) : json(nullptr);
  row["on_track"] = have ? json(*have >= want) : json(nullptr);
}

std::vector<std::string> CountCells(const Counts& c) {
  return {std::to_string(c.population()), std::to_string(c.trained()), PercentText(c.percent()),
          std::to_string(c.valid),        std::to_string(c.due),       std::to_string(c.overdue),
          std::to_string(c.exempt),       std::to_string(c.in_grace)};
}

std::string Iso(const std::optional<LocalDate>& d) { return d ? FormatIsoDate(*d) : ""; }

// The last valid day a standing shows: valid and due ones.
std::optional<LocalDate> ValidUntil(const training::StandingOn& on) {
  if (on.standing == training::Standing::kValid || on.standing == training::Standing::kDue) {
    return on.until;
  }
  return std::nullopt;
}

}  // namespace

Result<app::TrainingReportQuery> TrainingQueryOf(const HttpRequest& req) {
  app::TrainingReportQuery q;
  q.org = req.Query("org");
  q.programme = req.Query("programme");
  q.site = req.Query("site");
  if (q.programme.empty()) {
    return Status::InvalidArgument("programme is required: a programme's slug")
        .WithReason("programme_required")
        .WithField("programme");
  }
  if (!req.Query("as_of").empty()) {
    LOPHOC_ASSIGN_OR_RETURN(q.as_of, AsOfQuery(req));
  }
  const std::string target = req.Query("target");
  if (!target.empty()) {
    const bool digits =
        target.size() <= 12 && target.find_first_not_of("0123456789") == std::string::npos;
    if (!digits) {
      return Status::InvalidArgument("target must be a target's id")
          .WithReason("target_invalid")
          .WithField("target")
          .WithParam("value", target);
    }
    q.target = std::stoll(target);
  }
  return q;
}

bool WantsCsv(const HttpRequest& req) {
  return req.Query("format") == "csv" || req.Header("accept").find("text/csv") != std::string::npos;
}

std::string PercentText(const std::optional<double>& percent) {
  const auto r = Rounded(percent);
  if (!r) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", *r);
  return buf;
}

json TrainingReportJson(const app::TrainingReport& r) {
  const courses::Programme& p = r.programme.programme;
  json units = json::array();
  for (const auto& row : r.figures.units) {
    const auto& u = r.rows->units.at(row.unit_id);
    json j = {{"code", u.code}, {"name", u.name}, {"level", u.level}, {"direct", row.direct}};
    j.update(CountsJson(row.counts));
    AddTarget(j, r, row.counts);
    units.push_back(j);
  }
  json types = json::array();
  for (const auto& row : r.figures.types) {
    json j = {{"site_type", row.site_type}};
    j.update(CountsJson(row.counts));
    AddTarget(j, r, row.counts);
    types.push_back(j);
  }
  json sites = json::array();
  for (const auto& row : r.figures.sites) {
    const auto& s = r.rows->sites.at(row.site_id);
    json j = {{"code", s.code}, {"name", s.name}, {"site_type", s.type}};
    j.update(CountsJson(row.counts));
    sites.push_back(j);
  }
  json targets = json::array();
  for (const auto& t : r.targets) {
    targets.push_back({{"id", t.target.id},
                       {"title", t.target.title},
                       {"source", t.target.source},
                       {"org", t.target.org_code},
                       {"percent", t.target.percent},
                       {"deadline", FormatIsoDate(t.target.deadline)},
                       {"site_types", t.target.site_types},
                       {"staff_categories", t.target.staff_categories},
                       {"actual_percent", Number(t.percent)},
                       {"gap", t.percent ? json(*Rounded(t.target.percent - *Rounded(t.percent)))
                                         : json(nullptr)},
                       {"on_track", t.on_track}});
  }
  json total = CountsJson(r.figures.total);
  AddTarget(total, r, r.figures.total);
  return {{"as_of", FormatIsoDate(r.day)},
          {"programme", {{"slug", p.slug}, {"title", p.title}, {"title_en", p.title_en}}},
          {"org",
           {{"code", r.unit.code},
            {"name", r.unit.name},
            {"level", r.unit.level},
            {"existed_on_day", r.scope.existed}}},
          {"target", r.target ? json(r.target->target.id) : json(nullptr)},
          {"total", total},
          {"units", units},
          {"site_types", types},
          {"sites", sites},
          {"targets", targets},
          {"rule", kRule}};
}

std::string TrainingReportCsv(const app::TrainingReport& r) {
  CsvWriter csv({"section", "code", "name", "site_type", "population", "trained", "percent",
                 "valid", "due", "overdue", "exempt", "in_grace", "target_percent", "gap",
                 "on_track"});
  const auto line = [&](const std::string& section, const std::string& code,
                        const std::string& name, const std::string& type, const Counts& c,
                        bool with_target) {
    std::vector<std::string> cells = {section, code, name, type};
    for (auto& cell : CountCells(c)) cells.push_back(std::move(cell));
    json t;
    if (with_target) AddTarget(t, r, c);
    const auto text = [&](const char* key) -> std::string {
      if (!t.contains(key) || t[key].is_null()) return "";
      if (t[key].is_boolean()) return t[key].get<bool>() ? "yes" : "no";
      return PercentText(t[key].get<double>());
    };
    cells.push_back(text("target_percent"));
    cells.push_back(text("gap"));
    cells.push_back(text("on_track"));
    csv.Row(cells);
  };
  line("total", r.unit.code, r.unit.name, "", r.figures.total, true);
  for (const auto& row : r.figures.units) {
    const auto& u = r.rows->units.at(row.unit_id);
    line(row.direct ? "direct" : "unit", u.code, u.name, "", row.counts, true);
  }
  for (const auto& row : r.figures.types)
    line("site_type", "", "", row.site_type, row.counts, true);
  for (const auto& row : r.figures.sites) {
    const auto& s = r.rows->sites.at(row.site_id);
    line("site", s.code, s.name, s.type, row.counts, false);
  }
  return csv.Take();
}

json DueByUnitJson(const app::DueByUnit& d) {
  json items = json::array();
  for (const auto& row : d.rows) {
    const auto& u = d.report.rows->units.at(row.unit_id);
    items.push_back({{"code", u.code},
                     {"name", u.name},
                     {"direct", row.direct},
                     {"due", row.due},
                     {"overdue", row.overdue},
                     {"expiring", row.expiring}});
  }
  return {{"as_of", FormatIsoDate(d.report.day)},
          {"days", d.days},
          {"programme", d.report.programme.programme.slug},
          {"org", d.report.unit.code},
          {"items", items}};
}

std::string DueByUnitCsv(const app::DueByUnit& d) {
  CsvWriter csv({"code", "name", "direct", "due", "overdue", "expiring"});
  for (const auto& row : d.rows) {
    const auto& u = d.report.rows->units.at(row.unit_id);
    csv.Row({u.code, u.name, row.direct ? "yes" : "no", std::to_string(row.due),
             std::to_string(row.overdue), std::to_string(row.expiring)});
  }
  return csv.Take();
}

json TrainingPeopleJson(const app::TrainingReport& r) {
  json items = json::array();
  for (const auto& p : r.people) {
    const auto& s = r.rows->sites.at(p.site_id);
    items.push_back({{"username", p.person->username},
                     {"display_name", p.person->display_name},
                     {"site", s.code},
                     {"site_name", s.name},
                     {"site_type", s.type},
                     {"staff_category", p.staff_category},
                     {"standing", std::string(training::StandingName(p.on.standing))},
                     {"valid_until", Iso(ValidUntil(p.on))},
                     {"until", Iso(p.on.until)},
                     {"since", Iso(p.on.since)}});
  }
  return {{"as_of", FormatIsoDate(r.day)},
          {"programme", r.programme.programme.slug},
          {"org", r.unit.code},
          {"items", items}};
}

std::string TrainingPeopleCsv(const app::TrainingReport& r) {
  CsvWriter csv({"username", "display_name", "site", "site_type", "staff_category", "standing",
                 "valid_until", "until", "since"});
  for (const auto& p : r.people) {
    const auto& s = r.rows->sites.at(p.site_id);
    csv.Row({p.person->username, p.person->display_name, s.code, s.type, p.staff_category,
             std::string(training::StandingName(p.on.standing)), Iso(ValidUntil(p.on)),
             Iso(p.on.until), Iso(p.on.since)});
  }
  return csv.Take();
}

}  // namespace lophoc::http
