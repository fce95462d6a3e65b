// SQLite implementation of training::ReminderStore (schema:
// migrations/0015). Thread-safe: every call takes its own pooled connection.
#pragma once

#include "server/storage/database.h"
#include "training/reminder_store.h"

namespace lophoc::storage {

class SqliteReminderStore : public training::ReminderStore, private SqliteStore {
 public:
  using SqliteStore::SqliteStore;

  Result<std::map<int64_t, training::ReminderContact>> Contacts() override;
  Result<bool> AddToOutbox(const training::OutboxRow& row) override;
  Result<bool> InOutbox(int64_t user_id, const std::string& programme, int64_t cycle,
                        training::ReminderKind kind) override;
  Result<std::vector<training::OutboxRow>> OutboxOf(int64_t user_id, int limit) override;
  Result<std::vector<training::OutboxRow>> UnsentEmails(int max_attempts, int limit) override;
  Status RecordDelivery(int64_t outbox_id, int attempt, const std::string& at, bool sent,
                        const std::string& detail) override;
};

}  // namespace lophoc::storage
