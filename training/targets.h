// Targets: what a plan asks of a scope ("100% of provincial-library staff
// trained in the library programme by 31/12/2025, Kế hoạch 3063/KH-UBND"),
// the figures the reports measure against (docs/targets.md; schema:
// server/storage/migrations/0018_targets.sql). Pure rules: the type, its
// validation and the spelling of its kinds. Thread-safe (no state).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kernel/calendar.h"
#include "kernel/status.h"

namespace lophoc::training {

enum class TargetKind {
  kTrained,         // percent of the population certified in the programme on the deadline
  kLearnersGrowth,  // distinct learners, percent more than the year before
  kVisitsGrowth,    // visits, percent more than the year before
  kSitesActive,     // percent of sites with learning activity in the last window_days days
};

// "trained", "learners_growth", "visits_growth", "sites_active".
const char* TargetKindName(TargetKind k);
// Exactly one of those names; nullopt for anything else.
std::optional<TargetKind> ParseTargetKind(std::string_view name);
// Every kind, in the order pages list them.
const std::vector<TargetKind>& TargetKinds();

inline constexpr size_t kTargetTitleMaxBytes = 300;
inline constexpr size_t kTargetSourceMaxBytes = 300;
inline constexpr int kDefaultWindowDays = 90;
inline constexpr int kMaxWindowDays = 3650;

struct Target {
  int64_t id = 0;
  TargetKind kind = TargetKind::kTrained;
  std::string title;        // required, at most kTargetTitleMaxBytes
  std::string source;       // the document it comes from; at most kTargetSourceMaxBytes
  int64_t org_unit_id = 0;  // the scope: this unit's subtree
  std::string programme;    // slug; 'trained' only (required there)
  // The population (people/vocabulary.h codes); empty lists: everyone.
  std::vector<std::string> site_types;
  std::vector<std::string> staff_categories;
  double percent = 0;  // 0-100
  LocalDate starts_on;
  LocalDate deadline;                 // on or after starts_on
  std::optional<int> window_days;     // 'sites_active' only (required there): 1-3650
  std::optional<int64_t> created_by;  // nullopt: the command line
  std::string created_at;             // UTC ISO 8601
  std::string retired_at;             // UTC ISO 8601; empty while in use
  // Read with the target (today's tree), for lists.
  std::string org_code;
  std::string org_name;
  std::string org_path;

  bool retired() const { return !retired_at.empty(); }
};

// Every problem of `t`, each an InvalidArgument with its reason, field and
// parameters, in the order of the fields (a form shows them all at once):
//   target_title_missing (title), target_title_too_long (title; max),
//   target_source_too_long (source; max), target_percent_invalid (percent;
//   value), target_deadline_before_start (deadline; starts_on, deadline),
//   target_site_type_invalid (site_types; value),
//   target_staff_category_invalid (staff_categories; value),
//   target_programme_missing (programme; 'trained' without one),
//   target_programme_not_allowed (programme; kind: another kind with one),
//   target_window_invalid (window_days; value, max: outside 1-3650 or
//   missing for 'sites_active'), target_window_not_allowed (window_days;
//   kind: another kind with one).
// Empty when `t` is good. The org unit and the programme's existence are the
// service's to check.
std::vector<Status> TargetProblems(const Target& t);
// The first of TargetProblems(t), or OK.
Status CheckTarget(const Target& t);

// A percentage as people type it: "70", "70.5", "70,5", "70%"; nullopt for
// anything else (a number outside 0-100 is returned: CheckTarget refuses it).
std::optional<double> ParsePercent(std::string_view text);
// "70", "70.5": the shortest spelling of `percent` (at most 2 decimals).
std::string FormatPercent(double percent);

}  // namespace lophoc::training
