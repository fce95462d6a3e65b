// ReportStore: the bulk reads behind the reports "as of a day" (issue 13;
// docs/reports.md): the org tree, the sites and the staff as they stood on a
// local day D (migration 0017's semantics: the version with the greatest
// valid_from <= D; the placement with the greatest from_at before D ends),
// and, for one programme, every row training::StandingAsOf needs for all of
// them at once. A handful of queries per call, never one per person: the
// per-person work is done in memory by the caller (training_report.h).
// Declared by the domain, implemented in server/storage/. Implementations
// are thread-safe; reads only.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kernel/calendar.h"
#include "kernel/status.h"
#include "training/assignments.h"
#include "training/certification_store.h"
#include "training/cycles.h"

namespace lophoc::training {

// An org unit as it stood on D (every unit with a version by D, whatever its
// state), with what today's row says for the scope rule.
struct UnitOnDay {
  int64_t id = 0;
  std::string code;
  std::string name;                     // on D
  std::string level;                    // org_levels code, on D
  std::optional<int64_t> parent_id;     // on D
  std::string state = "active";         // on D: active, merged, dissolved; "none": not yet
  std::optional<int64_t> successor_id;  // on D, when merged
  std::string today_path;               // org_units.path: today's tree
  // Today's newest version: whether the unit is merged now, and into what.
  std::string today_state = "active";
  std::optional<int64_t> today_successor_id;
};

// A site as it stood on D (every site with a version by D).
struct SiteOnDay {
  int64_t id = 0;
  std::string code;
  std::string name;  // on D
  std::string type;  // on D
  int64_t unit_id = 0;
  bool open = true;
  std::string today_unit_path;  // the path of its unit today (the scope rule)
};

// One person's rows for one programme, read for day D: placements with the
// site type each site had on D, the person's own assignments of the
// programme, certifications as they were dated on D, exemptions, the first
// day they completed one of the programme's courses by D.
struct PersonRows {
  int64_t user_id = 0;
  std::string username;
  std::string display_name;
  // Their placement on D: staff on D iff both are set and the site is open.
  std::string staff_category;
  std::optional<int64_t> site_id;
  std::vector<Placement> placements;  // up to D, by day
  std::vector<IndividualAssignment> assignments;
  std::vector<CertificationRecord> certifications;  // completed by D, dated on D, oldest first
  std::vector<Exemption> exemptions;
  std::optional<LocalDate> started;  // first completion of a course of the programme by D
};

// Everything a report on one programme and one day reads.
struct DayRows {
  LocalDate day;
  std::map<int64_t, UnitOnDay> units;
  std::map<int64_t, SiteOnDay> sites;
  // Everyone whose placement on D names a staff category and a site.
  std::vector<PersonRows> people;
};

class ReportStore {
 public:
  virtual ~ReportStore() = default;

  // The tree and the sites on `day`, and every person placed on a site on
  // `day` with their rows for programme `programme_id` (people whose site is
  // closed on `day` are left out). NotFound never: an empty tree is empty.
  virtual Result<DayRows> ReadDay(int64_t programme_id, const std::vector<std::string>& courses,
                                  LocalDate day) = 0;

  // The programme's database id (NotFound, reason programme_not_found).
  virtual Result<int64_t> ProgrammeId(const std::string& slug) = 0;

  // Targets of kind 'trained' for the programme that are not retired, with
  // their unit's today path (people of the target's units).
  struct TrainedTarget {
    int64_t id = 0;
    std::string title;
    std::string source;
    int64_t org_unit_id = 0;
    std::string org_code;
    std::string org_path;  // today's
    std::vector<std::string> site_types;
    std::vector<std::string> staff_categories;
    double percent = 0;
    LocalDate starts_on;
    LocalDate deadline;
  };
  virtual Result<std::vector<TrainedTarget>> TrainedTargets(int64_t programme_id) = 0;

  // A number that changes whenever anything was written to the data the
  // reads above see, by this process or another. Read it before the reads
  // whose results are kept: they are current while it has not changed.
  virtual uint64_t DataGeneration() = 0;
};

}  // namespace lophoc::training
