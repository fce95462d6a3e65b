// AnnualReportService: the yearly report a province sends (issue 13;
// docs/annual-report.md): for a scope, a year and an as-of day, the training
// report and the due counts of every programme that concerns the scope, the
// growth of learners and visits over five years and the sites operating;
// and the reports saved as sent (snapshots), frozen. It composes
// ReportService and ActivityReportService, which decide who may read what
// (managers their subtree, admins everything). No HTTP, no SQL. Thread-safe
// as its parts are.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kernel/calendar.h"
#include "kernel/clock.h"
#include "people/people.h"
#include "server/app/activity_report_service.h"
#include "server/app/people_service.h"
#include "server/app/programme_service.h"
#include "server/app/report_service.h"
#include "training/snapshot_store.h"

namespace lophoc::app {

struct AnnualQuery {
  std::string org;                 // empty: the actor's unit (the root for an admin)
  std::optional<int> year;         // nullopt: this year
  std::optional<LocalDate> as_of;  // nullopt: 31 December of the year, or today
};

struct AnnualReport {
  int year = 0;
  LocalDate as_of;
  std::string made_at;   // UTC ISO 8601
  people::OrgUnit unit;  // today's unit (for saving); the reports name it as on as_of
  // One per programme in use with people in scope or a target: its training
  // report (report) and its due counts in the 90 days after as_of.
  std::vector<DueByUnit> programmes;
  GrowthReport growth;  // the year and the four before
  SitesReport sites;    // activity in the 90 days up to as_of
};

class AnnualReportService {
 public:
  static constexpr int kDueDays = 90;
  static constexpr int kGrowthYears = 5;
  static constexpr int kActiveDays = 90;

  AnnualReportService(ReportService* reports, ActivityReportService* activity,
                      ProgrammeService* programmes, PeopleService* people,
                      training::SnapshotStore* snapshots, const Clock* clock)
      : reports_(reports),
        activity_(activity),
        programmes_(programmes),
        people_(people),
        snapshots_(snapshots),
        clock_(clock) {}

  // The report. Refused: InvalidArgument annual_year_invalid (a year before
  // 2000 or after this one), annual_as_of_outside_year (an as-of day in
  // another year); and whatever the reports refuse (report_managers_only,
  // org_not_found, as_of_future).
  Result<AnnualReport> Build(const people::Actor& a, const AnnualQuery& q);

  // Saves `body` (the report's JSON, as answered) as sent, for r's unit,
  // year and as-of day. Managers and admins who may read the unit.
  Result<training::ReportSnapshot> Save(const people::Actor& a, const AnnualReport& r,
                                        const std::string& body, const std::string& title);
  // A saved report the actor may read; NotFound (snapshot_not_found) for
  // one outside their subtree as for one that does not exist.
  Result<training::ReportSnapshot> Find(const people::Actor& a, int64_t id);
  // The saved reports of `org`'s subtree (empty: everything the actor
  // reads), newest first.
  Result<std::vector<training::ReportSnapshot>> List(const people::Actor& a, const std::string& org,
                                                     std::optional<int> year);

 private:
  LocalDate Today() const { return LocalDateOf(clock_->Now()); }

  ReportService* reports_;
  ActivityReportService* activity_;
  ProgrammeService* programmes_;
  PeopleService* people_;
  training::SnapshotStore* snapshots_;
  const Clock* clock_;
};

}  // namespace lophoc::app
