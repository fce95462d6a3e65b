// SQLite implementation of courses::AssignmentStore (schema:
// migrations/0016). Thread-safe: every call takes its own pooled connection.
#pragma once

#include "courses/assignment_store.h"
#include "server/storage/database.h"

namespace lophoc::storage {

class SqliteAssignmentStore : public courses::AssignmentStore, private SqliteStore {
 public:
  using SqliteStore::SqliteStore;

  Result<std::vector<training::Placement>> PlacementsOf(int64_t user_id) override;
  Result<std::vector<courses::AssignmentRecord>> AssignmentsOf(int64_t user_id) override;
  Result<courses::AssignmentRecord> FindAssignment(int64_t id) override;
  Result<courses::AssignmentRecord> Assign(const courses::AssignmentRecord& a,
                                           const people::AuditEntry& audit) override;
  Result<courses::AssignmentRecord> EndAssignment(int64_t id, LocalDate last_day,
                                                  std::optional<int64_t> by,
                                                  const people::AuditEntry& audit) override;
};

// Records the account's staff category and site from `at` when they differ
// from its latest placement (or it has none): called, inside their
// transaction, by the writes that create or change an account.
Status RecordPlacement(Connection& conn, int64_t user_id, const std::string& at);

}  // namespace lophoc::storage
