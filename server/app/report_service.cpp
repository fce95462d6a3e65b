#include "server/app/report_service.h"

#include <malloc.h>

#include <algorithm>
#include <map>

#include "server/app/reminder_service.h"

namespace lophoc::app {
namespace {

bool StartsWith(const std::string& text, const std::string& prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

Status Managers() {
  return Status::PermissionDenied("reports are for managers and admins")
      .WithReason("report_managers_only");
}

Status SiteNotFound(const std::string& code) {
  return Status::NotFound("site '" + code + "' not found")
      .WithReason("site_not_found")
      .WithField("site")
      .WithParam("value", code);
}

// The root of today's tree: the active unit whose path names itself only.
std::optional<int64_t> TodayRoot(const training::DayRows& rows) {
  for (const auto& [id, u] : rows.units) {
    if (u.today_state == "active" && u.today_path == "/" + std::to_string(id) + "/") return id;
  }
  return std::nullopt;
}

TargetStanding Against(const training::ReportStore::TrainedTarget& t,
                       const training::Counts& counts) {
  TargetStanding s;
  s.target = t;
  s.percent = counts.percent();
  if (s.percent) {
    s.gap = t.percent - *s.percent;
    s.on_track = *s.percent >= t.percent;
  }
  return s;
}

}  // namespace

Result<TrainingReport> ReportService::Training(const people::Actor& a,
                                               const TrainingReportQuery& q) {
  return Build(a, q, false);
}

Result<TrainingReport> ReportService::TrainingPeople(const people::Actor& a,
                                                     const TrainingReportQuery& q) {
  return Build(a, q, true);
}

Result<DueByUnit> ReportService::Due(const people::Actor& a, const TrainingReportQuery& q,
                                     int days) {
  if (days < 0 || days > 3650) {
    return Status::InvalidArgument("days must be a number of days from 0 to 3650")
        .WithReason("due_days_invalid")
        .WithField("days")
        .WithParam("max", "3650");
  }
  DueByUnit out;
  out.days = days;
  LOPHOC_ASSIGN_OR_RETURN(out.report, Build(a, q, false));
  const TrainingReport& r = out.report;
  std::map<int64_t, DueUnitRow> by_row;
  for (const auto& s : *r.standings) {
    if (!training::InScope(*r.rows, r.scope, s) || !DueWithin(s.on, r.day, days)) continue;
    DueUnitRow& row = by_row[training::RowOfUnit(*r.rows, r.scope, s.unit_id)];
    switch (s.on.standing) {
      case training::Standing::kDue:
        ++row.due;
        break;
      case training::Standing::kOverdue:
        ++row.overdue;
        break;
      default:
        ++row.expiring;
    }
  }
  for (const auto& u : r.figures.units) {
    DueUnitRow row = by_row[u.unit_id];
    row.unit_id = u.unit_id;
    row.direct = u.direct;
    out.rows.push_back(row);
  }
  return out;
}

Result<TrainingReport> ReportService::Published(const TrainingReportQuery& q) {
  TrainingReportQuery open = q;
  open.target.reset();
  open.site.clear();
  return Build(people::Actor::CommandLine(), open, false);
}

Result<TrainingReport> ReportService::Build(const people::Actor& a, const TrainingReportQuery& q,
                                            bool with_people) {
  if (!a.Has(people::Role::kAdmin) && !(a.Has(people::Role::kManager) && a.org_unit_id)) {
    return Managers();
  }
  const LocalDate today = LocalDateOf(clock_->Now());
  const LocalDate day = q.as_of.value_or(today);
  if (today < day) {
    return Status::InvalidArgument("as_of cannot be after today")
        .WithReason("as_of_future")
        .WithField("as_of")
        .WithParam("value", FormatIsoDate(day));
  }
  // The scope unit by today's tree: who may read it is decided there.
  std::optional<people::OrgUnit> unit;
  if (!q.org.empty()) {
    LOPHOC_ASSIGN_OR_RETURN(unit, people_->GetOrgUnit(a, q.org));
  } else if (!a.Has(people::Role::kAdmin) || a.org_unit_id) {
    people::OrgUnit mine;
    mine.id = *a.org_unit_id;
    mine.path = a.org_path;
    unit = mine;
  }
  // Before any read a kept day depends on (the programme's rule too).
  const uint64_t generation = reports_->DataGeneration();
  LOPHOC_ASSIGN_OR_RETURN(int64_t programme_id, reports_->ProgrammeId(q.programme));
  TrainingReport r;
  r.day = day;
  LOPHOC_ASSIGN_OR_RETURN(r.programme, programmes_->LoadProgramme(q.programme));
  const courses::Programme& p = r.programme.programme;
  std::vector<std::string> courses;  // only the people list shows learning started
  if (with_people) {
    courses = p.initial_courses;
    courses.insert(courses.end(), p.refresher_courses.begin(), p.refresher_courses.end());
  }
  LOPHOC_ASSIGN_OR_RETURN(auto kept, StandingsOf(programme_id, p, courses, day, generation));
  r.rows = std::shared_ptr<const training::DayRows>(kept, &kept->rows);
  r.standings =
      std::shared_ptr<const std::vector<training::PersonStanding>>(kept, &kept->standings);
  const training::DayRows& rows = *r.rows;
  if (!unit) {
    const auto root = TodayRoot(rows);
    if (!root) return Status::NotFound("no org tree").WithReason("org_not_found");
    unit = people::OrgUnit{};
    unit->id = *root;
    unit->path = rows.units.at(*root).today_path;
  }
  const auto found = rows.units.find(unit->id);
  if (found == rows.units.end()) {
    return Status::NotFound("org unit not found").WithReason("org_not_found").WithField("org");
  }
  r.unit = found->second;
  r.scope = training::ScopeOf(rows, kept->tree, unit->id, unit->path);

  // Targets set for this unit or one above it today, for this programme.
  LOPHOC_ASSIGN_OR_RETURN(auto targets, reports_->TrainedTargets(programme_id));
  std::vector<training::ReportStore::TrainedTarget> applying;
  for (const auto& t : targets) {
    if (StartsWith(unit->path, t.org_path)) applying.push_back(t);
  }
  training::PopulationFilter filter;
  if (q.target) {
    const auto t = std::find_if(applying.begin(), applying.end(),
                                [&](const auto& x) { return x.id == *q.target; });
    if (t == applying.end()) {
      return Status::NotFound("target " + std::to_string(*q.target) + " does not apply here")
          .WithReason("target_not_found")
          .WithField("target");
    }
    filter = {t->site_types, t->staff_categories};
  }
  const auto& standings = *r.standings;
  r.figures = training::Aggregate(rows, r.scope, standings, filter);
  for (const auto& t : applying) {
    const auto figures =
        training::Aggregate(rows, r.scope, standings, {t.site_types, t.staff_categories});
    r.targets.push_back(Against(t, figures.total));
    if (q.target && t.id == *q.target) r.target = r.targets.back();
  }
  // Targets set for units inside the scope as it stood on the day (a
  // province merged since, a district dissolved since): each measured on its
  // own unit's subtree of that day, so a plan written for the old map is
  // still reported against the units it was written for.
  for (const auto& t : targets) {
    if (StartsWith(unit->path, t.org_path) || t.org_unit_id == unit->id) continue;
    if (r.scope.row_of.count(t.org_unit_id) == 0) continue;
    const auto own = training::ScopeOf(rows, kept->tree, t.org_unit_id, t.org_path);
    const auto figures =
        training::Aggregate(rows, own, standings, {t.site_types, t.staff_categories});
    r.targets.push_back(Against(t, figures.total));
  }
  if (!with_people) return r;

  std::optional<int64_t> site;
  if (!q.site.empty()) {
    const auto s = std::find_if(rows.sites.begin(), rows.sites.end(),
                                [&](const auto& x) { return x.second.code == q.site; });
    if (s == rows.sites.end() || !people::ReadScope(a).Contains(s->second.today_unit_path)) {
      return SiteNotFound(q.site);
    }
    site = s->first;
  }
  for (const auto& s : standings) {
    if (site ? s.site_id != *site : !training::InScope(rows, r.scope, s)) continue;
    if (!filter.Admits(s)) continue;
    r.people.push_back(s);
  }
  std::sort(r.people.begin(), r.people.end(), [&](const auto& x, const auto& y) {
    const auto& sx = rows.sites.at(x.site_id).name;
    const auto& sy = rows.sites.at(y.site_id).name;
    if (sx != sy) return sx < sy;
    return x.person->display_name < y.person->display_name;
  });
  return r;
}

Result<std::shared_ptr<const ReportService::DayStandings>> ReportService::StandingsOf(
    int64_t programme_id, const courses::Programme& programme,
    const std::vector<std::string>& courses, LocalDate day, uint64_t generation) {
  const auto same = [&](const DayStandings& d) {
    return d.programme_id == programme_id && d.day == day && d.courses == courses;
  };
  const auto kept = [&]() -> std::shared_ptr<const DayStandings> {
    std::lock_guard<std::mutex> lock(days_mu_);
    for (auto& d : days_) {
      if (same(*d) && d->generation == generation) {
        d->last_used = ++uses_;
        return d;
      }
    }
    return nullptr;
  };
  if (auto d = kept()) return d;
  // One day is read at a time: requests that arrive while it is read wait
  // for it instead of reading it again (and holding twice the memory).
  std::lock_guard<std::mutex> reading(read_mu_);
  if (auto d = kept()) return d;
  {
    // Days read before a write can never be served again: free them first.
    std::lock_guard<std::mutex> lock(days_mu_);
    days_.erase(std::remove_if(days_.begin(), days_.end(),
                               [&](const auto& d) { return d->generation < generation; }),
                days_.end());
  }
  auto made = std::make_shared<DayStandings>();
  made->programme_id = programme_id;
  made->day = day;
  made->courses = courses;
  made->generation = generation;
  LOPHOC_ASSIGN_OR_RETURN(made->rows, reports_->ReadDay(programme_id, courses, day));
  made->standings = training::StandingsOnDay(
      made->rows, programme.rule,
      training::Audience{programme.staff_categories, programme.site_types});
  // What the reports show of a person is their names and standing: drop the
  // facts it was computed from (most of a day's memory) before keeping it.
  for (auto& person : made->rows.people) {
    person.placements = {};
    person.assignments = {};
    person.certifications = {};
    person.exemptions = {};
  }
  made->tree = training::TreeOf(made->rows);
  std::shared_ptr<const DayStandings> out = made;
  {
    std::lock_guard<std::mutex> lock(days_mu_);
    made->last_used = ++uses_;
    // Drop what this replaces and what a write has made stale; then the
    // least recently used beyond kDaysKept.
    days_.erase(
        std::remove_if(days_.begin(), days_.end(),
                       [&](const auto& d) { return same(*d) || d->generation < generation; }),
        days_.end());
    days_.push_back(out);
    if (days_.size() > kDaysKept) {
      days_.erase(std::min_element(days_.begin(), days_.end(), [](const auto& x, const auto& y) {
        return x->last_used < y->last_used;
      }));
    }
  }
  // Reading a day allocates and frees a lot (statements' rows, the rows of
  // the day it replaces): give the freed memory back to the system.
  malloc_trim(0);
  return out;
}

}  // namespace lophoc::app
