// ReminderStore: the reminders' outbox and the record of their deliveries
// (migration 0015), and where a reminder reaches a person (their email and
// language). Declared by the domain, implemented in server/storage/.
// Implementations are thread-safe; each write is one statement or one
// transaction. Nothing is deleted.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kernel/calendar.h"
#include "kernel/status.h"
#include "training/reminders.h"

namespace lophoc::training {

enum class ReminderChannel { kEmail, kInApp };
std::string_view ReminderChannelName(ReminderChannel channel);  // "email", "in_app"

// One reminder, keyed by (user_id, programme, cycle, kind).
struct OutboxRow {
  int64_t id = 0;
  int64_t user_id = 0;
  std::string programme;  // slug
  int64_t cycle = 0;      // the certification it is about; 0: the first one
  ReminderKind kind = ReminderKind::kWindowOpened;
  ReminderChannel channel = ReminderChannel::kInApp;
  std::string address;  // the email address; empty for in-app
  std::string subject;
  std::string body;
  LocalDate due_on;
  std::string created_at;  // UTC ISO 8601
  // Read back only: the deliveries recorded so far.
  int attempts = 0;
  bool sent = false;
  std::string last_attempt_at;  // empty: none
};

// Where a reminder reaches an account (users.email and users.language,
// migration 0015; set in the database for now: no page or API edits them yet).
struct ReminderContact {
  std::string email;     // empty: none
  std::string language;  // "vi", "en" or empty (Vietnamese)
};

class ReminderStore {
 public:
  virtual ~ReminderStore() = default;

  // The email and language of every account that has either, by account id.
  virtual Result<std::map<int64_t, ReminderContact>> Contacts() = 0;
  // Writes `row` (id and attempts ignored) unless a row with its key exists:
  // true when written, false when one was there already.
  virtual Result<bool> AddToOutbox(const OutboxRow& row) = 0;
  // Whether a row with this key exists.
  virtual Result<bool> InOutbox(int64_t user_id, const std::string& programme, int64_t cycle,
                                ReminderKind kind) = 0;
  // The account's rows, newest first, at most `limit`.
  virtual Result<std::vector<OutboxRow>> OutboxOf(int64_t user_id, int limit) = 0;
  // Email rows not sent yet and tried fewer than `max_attempts` times, oldest
  // first, at most `limit`.
  virtual Result<std::vector<OutboxRow>> UnsentEmails(int max_attempts, int limit) = 0;
  // Records attempt number `attempt` of row `outbox_id`: Conflict (reason
  // reminder_delivery_exists) when that attempt is recorded already.
  virtual Status RecordDelivery(int64_t outbox_id, int attempt, const std::string& at, bool sent,
                                const std::string& detail) = 0;
};

}  // namespace lophoc::training
