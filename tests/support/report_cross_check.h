// An independent count of the training report's national figures, straight
// from the raw rows in one SQL query (issue 13, "Tests": a cross-check that
// recomputes the national report by a second code path). It shares no code
// with training/training_report.h or the report store. Usable on any lophoc
// database (the demo dataset too: helper "demo" runs it there).
//
// Who it counts: staff on the day (last placement with a category, on a
// site open that day) whose category and site type are the programme's
// (automatic), or who hold an individual assignment of the programme that
// covers the day (programme_assignments: starts_on <= day <= ends_on, or no
// end). Its simplifications, which the data it is run on must respect for
// the counts to agree: an automatically assigned person's grace period
// starts at their first placement with a category of the programme (not at
// the start of the current run of matching placements); an individually
// assigned one's at the earliest assignment covering the day.
#pragma once

#include <string>
#include <vector>

#include "kernel/calendar.h"
#include "kernel/status.h"
#include "server/storage/database.h"

namespace lophoc::testing {

struct NationalTrained {
  int population = 0;  // the denominator: valid + due + overdue
  int trained = 0;     // valid + due
  int exempt = 0;
  int in_grace = 0;
  // Of `population`: those the programme applies to only through an
  // individual assignment (their category or site type is not its own).
  int individual = 0;
};

// The nation's counts for programme `slug` (its categories and site types:
// empty site types = any) on `day`.
Result<NationalTrained> CountNationalTrained(storage::Database& db, const std::string& slug,
                                             const std::vector<std::string>& staff_categories,
                                             const std::vector<std::string>& site_types,
                                             LocalDate day);

}  // namespace lophoc::testing
