// AssignmentStore: who a programme applies to and since when (migration
// 0016; docs/retraining.md "Assignment"): each person's placements (staff
// category and site from a day on) and the programmes managers give to one
// person. Declared by the domain, implemented in server/storage/.
// Implementations are thread-safe; a write is one transaction with its audit
// entry. Nothing is deleted: an assignment ends on a day.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kernel/calendar.h"
#include "kernel/status.h"
#include "people/audit_store.h"
#include "training/assignments.h"

namespace lophoc::courses {

struct AssignmentRecord {
  int64_t id = 0;  // set by the store
  int64_t user_id = 0;
  std::string programme;  // slug
  LocalDate starts_on;
  std::optional<LocalDate> ends_on;  // the last day assigned; nullopt: still
  std::string reason;
  std::optional<int64_t> assigned_by;  // nullopt: the command line
  std::string assigned_by_name;        // read back: their display name
  std::string created_at;              // UTC ISO 8601
  std::optional<int64_t> ended_by;
  std::string ended_at;  // empty: not ended
};

class AssignmentStore {
 public:
  virtual ~AssignmentStore() = default;

  // The person's placements, oldest first: their staff category and their
  // site's type from the local day each began.
  virtual Result<std::vector<training::Placement>> PlacementsOf(int64_t user_id) = 0;

  // The person's individual assignments, every programme, oldest first.
  virtual Result<std::vector<AssignmentRecord>> AssignmentsOf(int64_t user_id) = 0;
  // NotFound when there is none.
  virtual Result<AssignmentRecord> FindAssignment(int64_t id) = 0;

  // Stores `a` (id and created_at set here) with `audit`. NotFound (reason
  // programme_not_found) for an unknown programme; Conflict (reason
  // assignment_exists) when the person has an assignment of that programme
  // that is not ended.
  virtual Result<AssignmentRecord> Assign(const AssignmentRecord& a,
                                          const people::AuditEntry& audit) = 0;
  // Ends assignment `id` on `last_day` (its last day assigned) with `audit`.
  // NotFound; Conflict (reason assignment_ended) when it has ended already;
  // InvalidArgument (reason assignment_end_before_start) before its first day.
  virtual Result<AssignmentRecord> EndAssignment(int64_t id, LocalDate last_day,
                                                 std::optional<int64_t> by,
                                                 const people::AuditEntry& audit) = 0;
};

}  // namespace lophoc::courses
