// ReminderService: the reminders of retraining programmes (issue 12;
// docs/retraining.md, "Reminders"): the daily job that writes what is due to
// the outbox, the delivery of its email rows through a MailSender, a
// person's own reminders, and the managers' list of who is due. Where a
// person stands is CertificationService::StandingsOf's answer (exemptions,
// revocations and retired programmes included); which reminder a standing
// calls for is training::ReminderFor. No HTTP, no SQL. Thread-safe as its
// services and stores are.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "kernel/calendar.h"
#include "kernel/clock.h"
#include "people/people.h"
#include "server/app/certification_service.h"
#include "server/app/people_service.h"
#include "training/reminder_store.h"

namespace lophoc::app {

struct ReminderOptions {
  // Where people reach the site ("https://hoc.example.vn", no final '/'):
  // the start of the course links in the texts; empty: links stay relative.
  std::string public_url;
  int max_attempts = 5;  // deliveries of one email row before it is given up
  // The wait before the 2nd attempt; it doubles for each further one.
  std::chrono::minutes first_retry{30};
};

// One email to send.
struct Mail {
  std::string to;
  std::string subject;
  std::string body;  // plain text, UTF-8
};

// Delivers mail (server/app/smtp_sender.h through SMTP, tests a fake).
class MailSender {
 public:
  virtual ~MailSender() = default;
  // OK when the server took the mail; else the error (IOError, Unavailable)
  // and its text, recorded as the attempt's detail.
  virtual Status Send(const Mail& mail) = 0;
};

// What a run of the job wrote (or, dry, would write).
struct ReminderRun {
  LocalDate day;
  int window_opened = 0;
  int days_30 = 0;
  int expired = 0;
  int already = 0;  // due, but written by an earlier run
  // The rows written (or that a dry run would write), in the order found.
  std::vector<training::OutboxRow> rows;
};

// What a delivery round did.
struct DeliveryReport {
  int sent = 0;
  int failed = 0;
  int waiting = 0;  // failed before and not yet due for a retry
};

// One line of the managers' "due" list.
struct DueLine {
  people::User user;
  courses::StoredProgramme programme;
  training::StandingOn on;
};

class ReminderService {
 public:
  ReminderService(CertificationService* certifications, PeopleService* people,
                  training::ReminderStore* store, const Clock* clock, ReminderOptions options = {})
      : certifications_(certifications),
        people_(people),
        store_(store),
        clock_(clock),
        options_(std::move(options)) {}

  // The daily job, as of `day` (today in Vietnam when nullopt): for every
  // active account with a staff category and every programme that applies
  // to it, the reminder its standing calls for is written to the outbox
  // unless one with the same (person, programme, cycle, kind) is there: by
  // email when the account has an email address, else in-app only. `dry_run`
  // writes nothing and answers what it would write.
  Result<ReminderRun> Run(std::optional<LocalDate> day, bool dry_run);

  // Sends the email rows of the outbox not sent yet through `sender`, each
  // tried at most max_attempts times, waiting first_retry, then twice as
  // long, ... after each failure; records every attempt. A row sent once is
  // never sent again.
  Result<DeliveryReport> Deliver(MailSender& sender);

  // The person's own reminders: the outbox rows written for them, newest
  // first (at most 50).
  Result<std::vector<training::OutboxRow>> OutboxOf(const people::User& u);
  // The person's programmes that are due, overdue, or valid with `days` or
  // fewer left, on `day` (today when nullopt).
  Result<std::vector<ProgrammeStanding>> DueSoon(const people::User& u, int days,
                                                 std::optional<LocalDate> day);
  // The same choice among standings already read (all on one day).
  static std::vector<ProgrammeStanding> DueAmong(std::vector<ProgrammeStanding> standings,
                                                 int days);

  // Everyone active in the subtree of org unit `org` (its code; empty: the
  // actor's own unit, or everyone for an admin) whose standing on `day` is
  // due, overdue, or valid with `days` or fewer days left, by username then
  // programme. Managers within their subtree and admins (else
  // PermissionDenied, reason due_report_managers_only); an org unit outside
  // the actor's subtree is NotFound, as PeopleService says; `days` 0-3650
  // (else InvalidArgument, reason due_days_invalid).
  Result<std::vector<DueLine>> DueReport(const people::Actor& a, const std::string& org, int days,
                                         std::optional<LocalDate> day);

 private:
  // Every active account in `scope` order, by username, through `actor`'s
  // eyes; `org` as ListUsers takes it.
  Result<std::vector<people::User>> Accounts(const people::Actor& actor, const std::string& org);
  LocalDate Today() const { return LocalDateOf(clock_->Now()); }

  CertificationService* certifications_;
  PeopleService* people_;
  training::ReminderStore* store_;
  const Clock* clock_;
  ReminderOptions options_;
};

// Whether the server's daily job should run at local time `now`: from
// `hour` (0-23) on, on a day it has not run yet (`last_run`: the day of its
// last run, nullopt before the first).
bool DailyRunDue(const LocalDateTime& now, int hour, std::optional<LocalDate> last_run);

// Whether `on` (a standing on `day`) belongs on a "due" list looking `days`
// ahead: due, overdue, or valid until a day at most `days` after `day`.
bool DueWithin(const training::StandingOn& on, LocalDate day, int days);

}  // namespace lophoc::app
