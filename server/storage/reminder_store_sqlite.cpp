#include "server/storage/reminder_store_sqlite.h"

#include "server/storage/statements.h"

namespace lophoc::storage {
namespace {

using training::OutboxRow;
using training::ReminderKind;

// The row and what its deliveries say: attempts, sent, the last attempt.
constexpr const char* kSelect =
    "SELECT o.id, o.user_id, o.programme, o.cycle, o.kind, o.channel, o.address, o.subject, "
    "o.body, o.due_on, o.created_at, "
    "(SELECT count(*) FROM reminder_deliveries d WHERE d.outbox_id = o.id), "
    "EXISTS (SELECT 1 FROM reminder_deliveries d WHERE d.outbox_id = o.id AND "
    "d.outcome = 'sent'), "
    "coalesce((SELECT max(d.at) FROM reminder_deliveries d WHERE d.outbox_id = o.id), '') "
    "FROM reminder_outbox o ";

OutboxRow ReadRow(const Statement& st) {
  OutboxRow r;
  std::string kind, channel, due_on;
  ReadColumns(st, 0, r.id, r.user_id, r.programme, r.cycle, kind, channel, r.address, r.subject,
              r.body, due_on, r.created_at, r.attempts, r.sent, r.last_attempt_at);
  // The CHECK constraints admit no other names or forms.
  r.kind = training::ReminderKindFromName(kind).value_or(ReminderKind::kWindowOpened);
  r.channel =
      channel == "email" ? training::ReminderChannel::kEmail : training::ReminderChannel::kInApp;
  r.due_on = ParseIsoDate(due_on).value_or(LocalDate{});
  return r;
}

}  // namespace

Result<std::map<int64_t, training::ReminderContact>> SqliteReminderStore::Contacts() {
  auto conn = db_->Acquire();
  std::map<int64_t, training::ReminderContact> out;
  LOPHOC_RETURN_IF_ERROR(
      ForEachRow(*conn,
                 "SELECT id, coalesce(email, ''), coalesce(language, '') FROM users "
                 "WHERE email IS NOT NULL OR language IS NOT NULL",
                 [&](const Statement& st) {
                   out[st.ColumnInt(0)] = {st.ColumnText(1), st.ColumnText(2)};
                 }));
  return out;
}

Result<bool> SqliteReminderStore::AddToOutbox(const OutboxRow& r) {
  auto conn = db_->Acquire();
  LOPHOC_RETURN_IF_ERROR(Execute(
      *conn,
      "INSERT OR IGNORE INTO reminder_outbox (user_id, programme, cycle, kind, channel, address, "
      "subject, body, due_on, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      r.user_id, r.programme, r.cycle, std::string(training::ReminderKindName(r.kind)),
      std::string(training::ReminderChannelName(r.channel)), r.address, r.subject, r.body,
      FormatIsoDate(r.due_on), r.created_at));
  return conn->Changes() > 0;
}

Result<bool> SqliteReminderStore::InOutbox(int64_t user_id, const std::string& programme,
                                           int64_t cycle, ReminderKind kind) {
  auto conn = db_->Acquire();
  LOPHOC_ASSIGN_OR_RETURN(auto found,
                          QueryOptional(
                              *conn,
                              "SELECT 1 FROM reminder_outbox WHERE user_id = ? AND programme = ? "
                              "AND cycle = ? AND kind = ?",
                              [](const Statement&) { return true; }, user_id, programme, cycle,
                              std::string(training::ReminderKindName(kind))));
  return found.has_value();
}

Result<std::vector<OutboxRow>> SqliteReminderStore::OutboxOf(int64_t user_id, int limit) {
  auto conn = db_->Acquire();
  return QueryAll(*conn, std::string(kSelect) + "WHERE o.user_id = ? ORDER BY o.id DESC LIMIT ?",
                  ReadRow, user_id, static_cast<int64_t>(limit));
}

Result<std::vector<OutboxRow>> SqliteReminderStore::UnsentEmails(int max_attempts, int limit) {
  auto conn = db_->Acquire();
  return QueryAll(
      *conn,
      std::string(kSelect) +
          "WHERE o.channel = 'email' AND NOT EXISTS (SELECT 1 FROM reminder_deliveries d WHERE "
          "d.outbox_id = o.id AND d.outcome = 'sent') AND (SELECT count(*) FROM "
          "reminder_deliveries d WHERE d.outbox_id = o.id) < ? ORDER BY o.id LIMIT ?",
      ReadRow, static_cast<int64_t>(max_attempts), static_cast<int64_t>(limit));
}

Status SqliteReminderStore::RecordDelivery(int64_t outbox_id, int attempt, const std::string& at,
                                           bool sent, const std::string& detail) {
  auto conn = db_->Acquire();
  LOPHOC_RETURN_IF_ERROR(Execute(*conn,
                                 "INSERT OR IGNORE INTO reminder_deliveries (outbox_id, attempt, "
                                 "at, outcome, detail) VALUES (?, ?, ?, ?, ?)",
                                 outbox_id, static_cast<int64_t>(attempt), at,
                                 std::string(sent ? "sent" : "failed"), detail));
  if (conn->Changes() == 0) {
    return Status::Conflict("attempt " + std::to_string(attempt) + " of reminder " +
                            std::to_string(outbox_id) + " is recorded already")
        .WithReason("reminder_delivery_exists");
  }
  return Status::Ok();
}

}  // namespace lophoc::storage
