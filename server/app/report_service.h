// ReportService: the training report as of a day (issue 13; docs/reports.md
// "Training report"): for a scope unit, a programme and a day, the counts per
// child unit, per site type and per site, the targets that apply, and the
// people behind the counts. The rows come from training::ReportStore in a
// few bulk reads; the counting is training/training_report.h; this service
// decides who may read what (managers their subtree of today's tree, admins
// everything) and checks the input. No HTTP, no SQL. Thread-safe as its
// stores are.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "courses/programme_store.h"
#include "kernel/calendar.h"
#include "kernel/clock.h"
#include "people/people.h"
#include "server/app/people_service.h"
#include "training/report_store.h"
#include "training/training_report.h"

namespace lophoc::app {

// What a training report is asked for. Empty org: the actor's unit (the
// root of today's tree for an admin without one); nullopt as_of: today.
struct TrainingReportQuery {
  std::string org;
  std::string programme;  // slug
  std::optional<LocalDate> as_of;
  std::optional<int64_t> target;  // a target's id: its population and figures
  std::string site;               // people only: one site's code instead of a unit
};

// A target that applies to the report, and where the scope stands against it.
struct TargetStanding {
  training::ReportStore::TrainedTarget target;
  std::optional<double> percent;  // trained / population of its population, on the day
  // target percent - percent (points, > 0: short of the target); nullopt
  // for an empty population.
  std::optional<double> gap;
  bool on_track = false;  // percent >= the target's percent
};

struct TrainingReport {
  LocalDate day;
  courses::StoredProgramme programme;
  training::UnitOnDay
      unit;  // the scope unit, as it stood on the day (or today, when it did not exist)
  training::ScopeOnDay scope;
  training::TrainingFigures figures;
  std::vector<TargetStanding> targets;   // every trained target that applies
  std::optional<TargetStanding> target;  // the one asked for: figures count its population
  // What the figures were computed from, shared with ReportService's cache
  // of the day (never null in a report it returned). Its people keep their
  // names, category, site and `started`; their placements, assignments,
  // certifications and exemptions are dropped once `standings` are made.
  std::shared_ptr<const training::DayRows> rows;
  std::vector<training::PersonStanding> people;  // in scope (and in the target's population)
  // Everyone the programme applies to (points into *rows; never null).
  std::shared_ptr<const std::vector<training::PersonStanding>> standings;
};

// One row of the due report per unit: a child unit of the scope (or its
// direct row), and how many people are due, overdue, or valid with at most
// `days` left on the day (the due list's rule, app::DueWithin).
struct DueUnitRow {
  int64_t unit_id = 0;
  bool direct = false;
  int due = 0;
  int overdue = 0;
  int expiring = 0;
};
struct DueByUnit {
  TrainingReport report;  // its figures; people left empty
  int days = 0;
  std::vector<DueUnitRow> rows;  // as report.figures.units
};

class ReportService {
 public:
  ReportService(PeopleService* people, courses::ProgrammeStore* programmes,
                training::ReportStore* reports, const Clock* clock)
      : people_(people), programmes_(programmes), reports_(reports), clock_(clock) {}

  // The training report. Refused: PermissionDenied (report_managers_only)
  // for anyone but managers with an org unit and admins; NotFound
  // (org_not_found) for an org outside the actor's subtree or unknown;
  // NotFound (programme_not_found); InvalidArgument (as_of_future) for a
  // day after today; NotFound (target_not_found) for a target that does not
  // apply to this scope and programme.
  Result<TrainingReport> Training(const people::Actor& a, const TrainingReportQuery& q);
  // The same figures for open data, which anyone may read: any unit, no
  // people list, no target. The caller publishes only suppressed aggregates
  // (server/app/open_data.h). Refusals as Training's but the role check.
  Result<TrainingReport> Published(const TrainingReportQuery& q);

  // The same, with `people` sorted by site then name; with q.site, only that
  // site's people (NotFound site_not_found outside the actor's subtree).
  Result<TrainingReport> TrainingPeople(const people::Actor& a, const TrainingReportQuery& q);

  // The due report per unit (issue 13, "Due and overdue in the next N days,
  // per unit") for one programme, with the bulk reads of the training
  // report: refusals as Training, and InvalidArgument (due_days_invalid)
  // for `days` outside 0-3650.
  Result<DueByUnit> Due(const people::Actor& a, const TrainingReportQuery& q, int days);

 private:
  // One programme's rows and standings on one day: the same for every
  // scope, so kept (a few days at a time) until anything is written to the
  // database (ReportStore::DataGeneration); never stale.
  struct DayStandings {
    int64_t programme_id = 0;
    LocalDate day;
    std::vector<std::string> courses;  // the people list's read of learning started
    uint64_t generation = 0;           // read before the rows were
    mutable uint64_t last_used = 0;    // under days_mu_
    training::DayRows rows;
    std::vector<training::PersonStanding> standings;
    training::DayTree tree;  // rows' tree, indexed for ScopeOf
  };
  static constexpr size_t kDaysKept = 4;

  Result<TrainingReport> Build(const people::Actor& a, const TrainingReportQuery& q,
                               bool with_people);
  // The day's standings for `programme`, from the cache when current.
  // `generation`: DataGeneration() read before the programme was.
  Result<std::shared_ptr<const DayStandings>> StandingsOf(int64_t programme_id,
                                                          const courses::Programme& programme,
                                                          const std::vector<std::string>& courses,
                                                          LocalDate day, uint64_t generation);

  PeopleService* people_;
  courses::ProgrammeStore* programmes_;
  training::ReportStore* reports_;
  const Clock* clock_;
  std::mutex read_mu_;  // held while a day is read
  std::mutex days_mu_;
  std::vector<std::shared_ptr<const DayStandings>> days_;  // at most kDaysKept
  uint64_t uses_ = 0;
};

// The Vietnamese-first sentence every table of the report carries, as
// catalogue key: "training_report_rule".

}  // namespace lophoc::app
