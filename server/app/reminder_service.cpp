#include "server/app/reminder_service.h"

#include <algorithm>

#include "server/app/reminder_texts.h"

namespace lophoc::app {
namespace {

using training::OutboxRow;
using training::ReminderKind;
using training::Standing;

constexpr int kPageSize = 500;  // accounts read at a time
constexpr int kOutboxShown = 50;
constexpr int kDeliveryBatch = 200;
constexpr int kMaxDays = 3650;

std::string CourseLink(const std::string& base, const std::string& slug) {
  return base + "/courses/" + slug;
}

void Count(ReminderRun& run, ReminderKind kind) {
  switch (kind) {
    case ReminderKind::kWindowOpened:
      ++run.window_opened;
      break;
    case ReminderKind::kDays30:
      ++run.days_30;
      break;
    case ReminderKind::kExpired:
      ++run.expired;
      break;
  }
}

// The outbox row of the reminder `due` calls for in `s`, for `u`.
OutboxRow RowFor(const people::User& u, const ProgrammeStanding& s,
                 const training::ReminderDue& due, const training::ReminderContact& contact,
                 const std::string& base, const std::string& now) {
  const courses::Programme& p = s.programme.programme;
  OutboxRow row;
  row.user_id = u.id;
  row.programme = p.slug;
  row.cycle = due.certification ? s.certifications[*due.certification].id : 0;
  row.kind = due.kind;
  row.channel =
      contact.email.empty() ? training::ReminderChannel::kInApp : training::ReminderChannel::kEmail;
  row.address = contact.email;
  row.due_on = s.day;
  row.created_at = now;
  ReminderFacts f;
  f.name = u.display_name;
  f.title = p.title;
  f.title_en = p.title_en;
  f.kind = due.kind;
  f.on = s.on;
  f.day = s.day;
  for (const auto& slug : s.progress.missing) f.course_links.push_back(CourseLink(base, slug));
  f.my_learning_link = base + "/me";
  f.english = contact.language == "en";
  const ReminderText text = ReminderTextFor(f);
  row.subject = text.subject;
  row.body = text.body;
  return row;
}

}  // namespace

bool DailyRunDue(const LocalDateTime& now, int hour, std::optional<LocalDate> last_run) {
  return now.hour >= hour && (!last_run || *last_run < now.date);
}

bool DueWithin(const training::StandingOn& on, LocalDate day, int days) {
  switch (on.standing) {
    case Standing::kDue:
    case Standing::kOverdue:
      return true;
    case Standing::kValid:
      return on.until && DaysBetween(day, *on.until) <= days;
    default:
      return false;
  }
}

Result<std::vector<people::User>> ReminderService::Accounts(const people::Actor& actor,
                                                            const std::string& org) {
  std::vector<people::User> out;
  for (int64_t offset = 0;; offset += kPageSize) {
    LOPHOC_ASSIGN_OR_RETURN(auto page, people_->ListUsers(actor, org, kPageSize, offset));
    for (auto& u : page.items) {
      if (u.active && !u.staff_category.empty()) out.push_back(std::move(u));
    }
    if (offset + kPageSize >= page.total) break;
  }
  return out;
}

Result<ReminderRun> ReminderService::Run(std::optional<LocalDate> day, bool dry_run) {
  ReminderRun run;
  run.day = day.value_or(Today());
  const std::string now = FormatIso8601(clock_->Now());
  LOPHOC_ASSIGN_OR_RETURN(auto contacts, store_->Contacts());
  LOPHOC_ASSIGN_OR_RETURN(auto accounts, Accounts(people::Actor::CommandLine(), ""));
  for (const auto& u : accounts) {
    LOPHOC_ASSIGN_OR_RETURN(auto standings, certifications_->StandingsOf(u, run.day));
    const auto found = contacts.find(u.id);
    const training::ReminderContact contact =
        found == contacts.end() ? training::ReminderContact{} : found->second;
    for (const auto& s : standings) {
      const auto due = training::ReminderFor(s.on, run.day);
      if (!due) continue;
      OutboxRow row = RowFor(u, s, *due, contact, options_.public_url, now);
      bool written = false;
      if (dry_run) {
        LOPHOC_ASSIGN_OR_RETURN(bool there,
                                store_->InOutbox(row.user_id, row.programme, row.cycle, row.kind));
        written = !there;
      } else {
        LOPHOC_ASSIGN_OR_RETURN(written, store_->AddToOutbox(row));
      }
      if (!written) {
        ++run.already;
        continue;
      }
      Count(run, row.kind);
      run.rows.push_back(std::move(row));
    }
  }
  return run;
}

Result<DeliveryReport> ReminderService::Deliver(MailSender& sender) {
  DeliveryReport report;
  LOPHOC_ASSIGN_OR_RETURN(auto rows, store_->UnsentEmails(options_.max_attempts, kDeliveryBatch));
  const auto now = clock_->Now();
  for (const auto& row : rows) {
    if (row.attempts > 0) {
      // Wait first_retry after the first failure, twice as long after the next...
      const auto last = ParseIso8601(row.last_attempt_at);
      const auto wait = options_.first_retry * (int64_t{1} << std::min(row.attempts - 1, 20));
      if (last && now < *last + wait) {
        ++report.waiting;
        continue;
      }
    }
    const Status sent = sender.Send({row.address, row.subject, row.body});
    LOPHOC_RETURN_IF_ERROR(store_->RecordDelivery(row.id, row.attempts + 1, FormatIso8601(now),
                                                  sent.ok(), sent.ok() ? "" : sent.message()));
    ++(sent.ok() ? report.sent : report.failed);
  }
  return report;
}

Result<std::vector<OutboxRow>> ReminderService::OutboxOf(const people::User& u) {
  return store_->OutboxOf(u.id, kOutboxShown);
}

Result<std::vector<ProgrammeStanding>> ReminderService::DueSoon(const people::User& u, int days,
                                                                std::optional<LocalDate> day) {
  const LocalDate on = day.value_or(Today());
  LOPHOC_ASSIGN_OR_RETURN(auto standings, certifications_->StandingsOf(u, on));
  return DueAmong(std::move(standings), days);
}

std::vector<ProgrammeStanding> ReminderService::DueAmong(std::vector<ProgrammeStanding> standings,
                                                         int days) {
  std::vector<ProgrammeStanding> out;
  for (auto& s : standings) {
    if (DueWithin(s.on, s.day, days)) out.push_back(std::move(s));
  }
  return out;
}

Result<std::vector<DueLine>> ReminderService::DueReport(const people::Actor& a,
                                                        const std::string& org, int days,
                                                        std::optional<LocalDate> day) {
  if (!a.Has(people::Role::kManager) && !a.Has(people::Role::kAdmin)) {
    return Status::PermissionDenied("the due list is for managers and admins")
        .WithReason("due_report_managers_only");
  }
  if (days < 0 || days > kMaxDays) {
    return Status::InvalidArgument("days must be a number of days from 0 to 3650")
        .WithReason("due_days_invalid")
        .WithField("days")
        .WithParam("max", std::to_string(kMaxDays));
  }
  const LocalDate on = day.value_or(Today());
  LOPHOC_ASSIGN_OR_RETURN(auto accounts, Accounts(a, org));
  std::vector<DueLine> out;
  for (const auto& u : accounts) {
    LOPHOC_ASSIGN_OR_RETURN(auto standings, certifications_->StandingsOf(u, on));
    for (auto& s : standings) {
      if (!DueWithin(s.on, on, days)) continue;
      out.push_back({u, std::move(s.programme), s.on});
    }
  }
  return out;
}

}  // namespace lophoc::app
