// The training report (issue 13; docs/reports.md "Training report"): who is
// trained in a programme on a day, counted per child unit, per site type and
// per site of a scope. Pure functions over the rows a ReportStore read for
// that day: each person's standing is training::StandingAsOf's answer, from
// the facts CertificationService would gather (assignments.h decides when
// the programme applies); nothing here re-implements a rule. Thread-safe.
//
// The denominator rule: population = staff on the day to whom the programme
// applies, less the exempt (counted apart) and those inside their grace
// period (not started or in progress before their grace ends: counted
// apart). Trained = valid + due. Percent = trained / population.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "training/assignments.h"
#include "training/cycles.h"
#include "training/report_store.h"

namespace lophoc::training {

// One person the programme applies to on the day, and where they stand.
struct PersonStanding {
  const PersonRows* person = nullptr;  // into the DayRows it was computed from
  int64_t site_id = 0;
  int64_t unit_id = 0;  // the site's unit on the day
  std::string site_type;
  std::string staff_category;
  StandingOn on;
};

// Everyone in `rows` to whom the programme (`rule`, `audience`) applies on
// rows.day, with their standing, in rows.people's order. REQUIRES:
// CheckRule(rule).ok().
std::vector<PersonStanding> StandingsOnDay(const DayRows& rows, const ValidityRule& rule,
                                           const Audience& audience);

struct Counts {
  int valid = 0;
  int due = 0;
  int overdue = 0;  // overdue, or past their grace without a certification
  int exempt = 0;
  int in_grace = 0;
  int population() const { return valid + due + overdue; }  // the denominator
  int trained() const { return valid + due; }
  // trained / population * 100; nullopt for an empty population.
  std::optional<double> percent() const;
  void Add(Standing s);
};

// The part of the tree a report covers on a day (docs/reports.md, the
// contract of issue 13): for a unit that existed on the day, its subtree
// then; for one that did not, the units that existed then whose successor
// chain (merged -> successor -> ...) leads into its subtree today, with
// their subtrees then.
struct ScopeOnDay {
  int64_t unit_id = 0;
  bool existed = false;        // the unit was active on the day
  std::vector<int64_t> heads;  // one report row each: the unit's children
                               // then, or the scope's top units
  // Every unit in scope on the day, and the report row it counts in: the
  // head above it, or the scope's own unit (its direct row).
  std::unordered_map<int64_t, int64_t> row_of;
};

// The tree of a day indexed once, for the scopes of many reports on that day
// (ReportService keeps it with the day's standings).
struct DayTree {
  std::unordered_map<int64_t, std::vector<int64_t>> children;  // active units on the day
};
DayTree TreeOf(const DayRows& rows);

// `unit_id` with today's `today_path` ("/1/7/").
ScopeOnDay ScopeOf(const DayRows& rows, const DayTree& tree, int64_t unit_id,
                   const std::string& today_path);
ScopeOnDay ScopeOf(const DayRows& rows, int64_t unit_id, const std::string& today_path);

// Who counts: empty lists take everyone (a target's population).
struct PopulationFilter {
  std::vector<std::string> site_types;
  std::vector<std::string> staff_categories;
  bool Admits(const PersonStanding& p) const;
};

struct UnitRow {
  int64_t unit_id = 0;
  bool direct = false;  // the sites attached to the scope's own unit
  Counts counts;
};
struct TypeRow {
  std::string site_type;
  Counts counts;
};
struct SiteRow {
  int64_t site_id = 0;
  Counts counts;
};

struct TrainingFigures {
  Counts total;
  std::vector<UnitRow> units;  // heads in order, then the direct row when it has sites
  std::vector<TypeRow> types;  // by site type code
  std::vector<SiteRow> sites;  // the sites attached to the scope's unit itself, by id
};

// The counts of `standings` in `scope`, admitted by `filter`.
TrainingFigures Aggregate(const DayRows& rows, const ScopeOnDay& scope,
                          const std::vector<PersonStanding>& standings,
                          const PopulationFilter& filter);

// The report row a unit in scope counts in: the head above it, or the
// scope's own unit (its direct row).
int64_t RowOfUnit(const DayRows& rows, const ScopeOnDay& scope, int64_t unit_id);

// Whether `p`'s site lies in `scope` on the day.
bool InScope(const DayRows& rows, const ScopeOnDay& scope, const PersonStanding& p);

}  // namespace lophoc::training
