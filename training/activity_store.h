// ActivityStore: what the growth and sites-operating reports read (issue 13;
// docs/growth.md): the org tree and the sites as they stood on a day, and the
// activity aggregates of migration 0019 (visit_days, learner_years), never
// the visits themselves. Declared by the domain, implemented in
// server/storage/activity_store_sqlite.cpp. Thread-safe. Errors:
// IOError/Unavailable when the database fails.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kernel/status.h"

namespace lophoc::training {

// A unit as it is today (org_units), with the state of its newest version.
struct UnitNow {
  int64_t id = 0;
  std::string code;
  std::string name;
  std::string level;
  std::optional<int64_t> parent_id;
  std::string path;
  std::string state = "active";         // active, merged, dissolved
  std::optional<int64_t> successor_id;  // set when merged
};

// A site on one day: its version with the greatest valid_from <= that day.
struct SitePlacedOn {
  int64_t site_id = 0;
  std::string code;  // today's code (codes never change)
  std::string name;  // the name on that day
  std::string type;
  int64_t unit_id = 0;
  bool open = true;
};

// A growth or site-activity target (table `targets`, not retired).
struct ActivityTarget {
  int64_t id = 0;
  std::string kind;  // learners_growth, visits_growth, sites_active
  std::string title;
  std::string source;
  int64_t org_unit_id = 0;
  double percent = 0;
  std::string starts_on;
  std::string deadline;
  std::optional<int> window_days;
};

class ActivityStore {
 public:
  virtual ~ActivityStore() = default;

  virtual Result<std::vector<UnitNow>> Units() = 0;
  // Every site that had a version on `day` (YYYY-MM-DD), open or closed.
  virtual Result<std::vector<SitePlacedOn>> SitesOn(const std::string& day) = 0;
  // Per site (0: no known site): the sum of visit_days.visits from `from` to `to`.
  virtual Result<std::map<int64_t, int64_t>> VisitsBySite(const std::string& from,
                                                          const std::string& to) = 0;
  // Per site (0: none known): the learners of `year` (learner_years rows).
  virtual Result<std::map<int64_t, int64_t>> LearnersBySite(int year) = 0;
  // Per site: the last day from `from` to `to` with lesson_views > 0.
  virtual Result<std::map<int64_t, std::string>> LessonDaysBySite(const std::string& from,
                                                                  const std::string& to) = 0;
  // The last day on or before `to` when `site_id` had lesson_views > 0; "" when none.
  virtual Result<std::string> LastLessonDay(int64_t site_id, const std::string& to) = 0;
  // Targets of these kinds that are not retired.
  virtual Result<std::vector<ActivityTarget>> Targets() = 0;
};

}  // namespace lophoc::training
