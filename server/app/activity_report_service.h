// ActivityReportService: the growth and sites-operating reports (issue 13;
// docs/growth.md). Both read only the aggregates of migration 0019 through
// training::ActivityStore and place each site "as of" the tree:
//
//   A year's activity at a site counts for the unit the site hung under on
//   31 December of that year (today for the current year), as site_versions
//   says. That unit is then followed to today's tree: a unit merged since
//   counts as its successor (and so on), and its parents are today's. A
//   site counts for a scope when the scope's unit is on that chain, and for
//   the child row of the scope the chain passes through. Activity with no
//   known site counts only in the national total.
//
// Managers within their subtree (today's tree), admins anywhere; an org
// unit outside the actor's subtree is NotFound, as PeopleService says. No
// HTTP, no SQL. Thread-safe as its store is.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kernel/calendar.h"
#include "kernel/clock.h"
#include "people/people.h"
#include "server/app/people_service.h"
#include "training/activity_store.h"

namespace lophoc::app {

// The unit a report is about (code empty: the whole country, several roots).
struct ReportScope {
  std::string code;
  std::string name;
};

// A target a row is measured against.
struct ActivityTargetRef {
  double percent = 0;
  std::string title;
  std::string source;
};

struct GrowthYear {
  int year = 0;
  int64_t learners = 0;
  int64_t visits = 0;
  // Percent more than the year before (rounded to 0.1); nullopt when the
  // year before had none.
  std::optional<double> learners_change;
  std::optional<double> visits_change;
  std::optional<ActivityTargetRef> learners_target;
  std::optional<ActivityTargetRef> visits_target;
  // Set when both a change and a target exist: change < target.
  std::optional<bool> learners_behind;
  std::optional<bool> visits_behind;
};

struct GrowthRow {
  std::string code;  // unit or site code; empty for the total
  std::string name;
  std::string site_type;  // sites only
  std::vector<GrowthYear> years;
};

struct GrowthReport {
  ReportScope scope;
  int from = 0;
  int to = 0;
  std::string today;  // YYYY-MM-DD: the current year is counted up to it
  GrowthRow total;
  std::vector<GrowthRow> units;  // the scope's child units (today's tree), by code
  std::vector<GrowthRow> sites;  // every site in scope in some year, by code
};

struct SitesRow {
  std::string code;  // empty for the total
  std::string name;
  int64_t open = 0;
  int64_t active = 0;
  std::optional<double> percent;  // active / open, rounded to 0.1; nullopt when none open
  std::optional<ActivityTargetRef> target;
  std::optional<bool> behind;
};

struct InactiveSite {
  std::string code;
  std::string name;
  std::string type;
  std::string unit_code;
  std::string unit_name;
  std::string last_activity;  // YYYY-MM-DD; empty: never
};

struct SitesReport {
  ReportScope scope;
  std::string as_of;  // YYYY-MM-DD
  int days = 0;
  std::string window_from;  // as_of - (days - 1)
  SitesRow total;
  std::vector<SitesRow> units;
  std::vector<InactiveSite> inactive;  // by code
};

class ActivityReportService {
 public:
  static constexpr int kMaxYears = 10;
  static constexpr int kDefaultYears = 5;
  static constexpr int kDefaultDays = 90;
  static constexpr int kMaxDays = 3650;

  ActivityReportService(training::ActivityStore* store, PeopleService* people, const Clock* clock)
      : store_(store), people_(people), clock_(clock) {}

  // Years `from`..`to` (default: the current year and the 4 before). Refused:
  // not a manager or admin (PermissionDenied, activity_report_managers_only);
  // `to` after the current year or before 2000, `from` after `to` or more
  // than 10 years in all (InvalidArgument, growth_years_invalid).
  Result<GrowthReport> Growth(const people::Actor& a, const std::string& org, std::optional<int> to,
                              std::optional<int> from);

  // Open sites on `as_of` (default today) with lesson views in the `days`
  // days up to it (1-3650, default 90; else InvalidArgument,
  // sites_days_invalid); `as_of` in the future is refused
  // (InvalidArgument, activity_as_of_future).
  Result<SitesReport> Sites(const people::Actor& a, const std::string& org, std::optional<int> days,
                            std::optional<LocalDate> as_of);

 private:
  LocalDate Today() const { return LocalDateOf(clock_->Now()); }

  training::ActivityStore* store_;
  PeopleService* people_;
  const Clock* clock_;
};

}  // namespace lophoc::app
