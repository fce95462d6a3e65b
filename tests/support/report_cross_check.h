// An independent count of the training report's national figures, straight
// from the raw rows in one SQL query (issue 13, "Tests": a cross-check that
// recomputes the national report by a second code path). It shares no code
// with training/training_report.h or the report store. Usable on any lophoc
// database (the demo dataset too: helper "demo" runs it there).
//
// Its simplifications, which the data it is run on must respect for the
// counts to agree: the programme applies by the person's staff category and
// site type on the day only (no individual assignments), and a person's
// grace period starts at their first placement with a category of the
// programme.
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
};

// The nation's counts for programme `slug` (its categories and site types:
// empty site types = any) on `day`.
Result<NationalTrained> CountNationalTrained(storage::Database& db, const std::string& slug,
                                             const std::vector<std::string>& staff_categories,
                                             const std::vector<std::string>& site_types,
                                             LocalDate day);

}  // namespace lophoc::testing
