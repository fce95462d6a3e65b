// AssignmentService: managers give a programme to one person in their
// subtree, whatever the person's staff category or site, and end it; every
// change is audited and nothing is deleted (docs/retraining.md
// "Assignment"). The automatic assignments by category and site type need
// nothing here: CertificationService reads them from the placements.
// Thread-safe as its stores are.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "courses/assignment_store.h"
#include "courses/programme_store.h"
#include "kernel/calendar.h"
#include "kernel/clock.h"
#include "kernel/status.h"
#include "people/people.h"
#include "server/app/people_service.h"

namespace lophoc::app {

struct AssignInput {
  std::string programme;               // slug
  std::string reason;                  // why this person: required, at most 500 bytes
  std::optional<LocalDate> starts_on;  // default: today in Vietnam
};

class AssignmentService {
 public:
  AssignmentService(courses::AssignmentStore* store, courses::ProgrammeStore* programmes,
                    PeopleService* people, const Clock* clock)
      : store_(store), programmes_(programmes), people_(people), clock_(clock) {}

  // Gives `in.programme` to user `user_id`. Managers within their subtree
  // and admins; NotFound (user_not_found) for a person the actor cannot
  // see, PermissionDenied (assignment_managers_only) for other roles;
  // InvalidArgument for a missing or long reason; NotFound
  // (programme_not_found); Conflict (programme_retired, assignment_exists).
  Result<courses::AssignmentRecord> Assign(const Actor& a, int64_t user_id, const AssignInput& in);

  // Ends assignment `id`: its last day is `last_day` (default today). Same
  // checks on the person; NotFound (assignment_not_found); Conflict
  // (assignment_ended); InvalidArgument (assignment_end_before_start).
  Result<courses::AssignmentRecord> End(const Actor& a, int64_t id,
                                        std::optional<LocalDate> last_day);

  // The person's individual assignments, ended ones too (who may read the
  // person may read these).
  Result<std::vector<courses::AssignmentRecord>> Of(const Actor& a, int64_t user_id);

 private:
  // The person, when `a` may change their assignments.
  Result<people::User> Writable(const Actor& a, int64_t user_id) const;
  people::AuditEntry Audit(const Actor& a, const std::string& action, const std::string& key,
                           const std::string& details_json) const;

  courses::AssignmentStore* store_;
  courses::ProgrammeStore* programmes_;
  PeopleService* people_;
  const Clock* clock_;
};

}  // namespace lophoc::app
