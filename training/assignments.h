// Who a programme applies to, on which days (docs/retraining.md
// "Assignment"): automatically while a person's staff category and site type
// are among the programme's, and individually when a manager gives it to
// them. Pure functions of the rows; thread-compatible.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kernel/calendar.h"

namespace lophoc::training {

// A person's staff category and site type from a day on (until the next
// placement). Empty category: not staff; empty site type: no site.
struct Placement {
  LocalDate from;
  std::string staff_category;
  std::string site_type;
};

// A programme given to one person by a manager.
struct IndividualAssignment {
  int64_t id = 0;
  LocalDate from;
  std::optional<LocalDate> until;  // the last day assigned; nullopt: still
  std::string reason;
  std::string by;  // who gave it: a display name
};

// Who a programme is for.
struct Audience {
  std::vector<std::string> staff_categories;
  std::vector<std::string> site_types;  // empty: any site
};

// One stretch of days during which the programme applied, and why.
struct AssignmentSpan {
  enum class Kind { kAutomatic, kIndividual };
  Kind kind = Kind::kAutomatic;
  LocalDate from;
  std::optional<LocalDate> until;  // the last day; nullopt: still
  // kAutomatic: the placement that started it.
  std::string staff_category;
  std::string site_type;
  // kIndividual: the manager's assignment.
  int64_t assignment_id = 0;
  std::string reason;
  std::string by;
};
std::string_view AssignmentKindName(AssignmentSpan::Kind kind);  // "automatic", "individual"

// Every stretch of days the programme applied to the person, by `from`:
// consecutive placements that match `audience` make one automatic span (from
// the first one's day to the day before the first that does not match), and
// each individual assignment is one span. REQUIRES: `placements` by `from`.
std::vector<AssignmentSpan> AssignmentSpans(const Audience& audience,
                                            const std::vector<Placement>& placements,
                                            const std::vector<IndividualAssignment>& individual);

// The span that holds `day`, an automatic one first; else the last that ended
// before it (the person is not assigned on `day`, and the span says since
// when); else nullopt (the programme never applied by then).
std::optional<AssignmentSpan> AssignmentOn(const std::vector<AssignmentSpan>& spans, LocalDate day);

}  // namespace lophoc::training
