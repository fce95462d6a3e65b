// TrainingRecords: what managers, trainers and admins do with other people's
// retraining records (issue 12; docs/retraining.md "Prior learning",
// "Revocation", "Exemptions"): read a person's programmes and every cycle of
// their certifications, record learning done outside lophoc one by one or
// from a CSV file, revoke a certification, and exempt a person for a while.
// No HTTP, no SQL.
//
// Scope: every call takes the Actor and applies people/people.h's rule
// through PeopleService::GetUser: a person outside the actor's read scope is
// NotFound (user_not_found), never revealed. Within it:
// - a person's programmes: admins and managers (and the person themself);
// - certifications (read and record prior learning): admins, managers and
//   trainers;
// - revocation: admins only;
// - exemptions: admins, and managers whose write scope holds the person.
// Every write leaves an audit row in its own transaction.
//
// Thread-safe when the services and stores are.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "courses/course_store.h"
#include "courses/programme_store.h"
#include "kernel/calendar.h"
#include "kernel/clock.h"
#include "kernel/status.h"
#include "people/people.h"
#include "server/app/certification_service.h"
#include "server/app/people_service.h"
#include "training/certification_store.h"
#include "training/exemption_store.h"

namespace lophoc::app {

// Learning done outside lophoc, as typed (a form, a JSON body, a CSV row).
struct PriorLearningInput {
  std::string course;     // a course slug, or
  std::string programme;  // a programme slug: exactly one of the two
  std::string date;       // YYYY-MM-DD or DD/MM/YYYY
  std::string evidence;   // a certificate number, a training room: free text
};

// One row of a prior-learning CSV file.
struct PriorLearningRow {
  size_t line = 0;  // the physical line of the file, 1-based
  std::string username;
  PriorLearningInput input;
};

struct PriorLearningReport {
  size_t rows = 0;                    // records in the file (header not counted)
  std::vector<BatchRefusal> refused;  // every refused row, in line order
  size_t recorded = 0;                // rows written (0 on a dry run or when one is refused)
};

// A person and their programmes on a day.
struct PersonProgrammes {
  people::User user;
  std::vector<ProgrammeStanding> standings;
};

// Every cycle of every programme of a person: each programme (retired ones
// too) with the person's certifications of it, oldest first.
struct ProgrammeHistory {
  courses::StoredProgramme programme;
  std::vector<training::CertificationRecord> certifications;
};
struct PersonCertifications {
  people::User user;
  std::vector<ProgrammeHistory> programmes;  // those with a certification, by slug
};

struct ExemptionInput {
  int64_t user_id = 0;
  std::string programme;  // a slug; empty: every programme
  std::string reason;
  std::string starts_on;  // YYYY-MM-DD or DD/MM/YYYY
  std::string ends_on;    // the last exempt day
};

struct ExemptionQuery {
  std::optional<int64_t> user_id;
  std::optional<LocalDate> active_on;
};

// A day as typed in field `field`: YYYY-MM-DD or DD/MM/YYYY. InvalidArgument
// with reason date_ambiguous for a form that could be read two ways (a
// two-digit year, "2026/03/04", "04-03-2026", "04.03.2026"), date_invalid
// for anything else (including "12/31/2026": there is no month 31).
Result<LocalDate> ParseDayField(std::string_view text, const std::string& field);

class TrainingRecords {
 public:
  // REQUIRES: every pointer outlives this object.
  TrainingRecords(PeopleService* people, CertificationService* certification,
                  courses::ProgrammeStore* programmes, courses::CourseStore* courses,
                  training::CertificationStore* certifications,
                  training::ExemptionStore* exemptions, const Clock* clock)
      : people_(people),
        certification_(certification),
        programmes_(programmes),
        courses_(courses),
        certifications_(certifications),
        exemptions_(exemptions),
        clock_(clock) {}

  // The programmes of person `user_id` and where they stand on `day` (today
  // when nullopt), as CertificationService::StandingsOf gives them.
  Result<PersonProgrammes> ProgrammesOf(const Actor& a, int64_t user_id,
                                        std::optional<LocalDate> day);
  // Every certification of the person, revoked ones too.
  Result<PersonCertifications> CertificationsOf(const Actor& a, int64_t user_id);

  // Records learning done outside lophoc on `in.date` (refused: a day after
  // today, prior_learning_future; there is no lower bound, since prior
  // learning usually predates the account): a course gives a recorded
  // course completion in a round of its own; a programme a recorded
  // certification under the programme's current rule from that day. Then
  // the person's certifications are refreshed (a recorded course may
  // complete a path). Refusals: prior_learning_what (neither or both of
  // course and programme), course_not_found, programme_not_found,
  // prior_learning_duplicate, date_invalid, date_ambiguous, note_too_long
  // (evidence over 1000 bytes), prior_learning_not_allowed (a person the
  // actor sees but may not record for).
  Status RecordPriorLearning(const Actor& a, int64_t user_id, const PriorLearningInput& in);

  // The rows of a CSV file (columns username, course, programme, date,
  // evidence), checked each as RecordPriorLearning would, plus duplicates
  // within the file (csv_duplicate); an account outside the actor's scope
  // reads as unknown (user_not_found). All or nothing: written in one
  // transaction only when no row is refused and not on a dry run.
  // InvalidArgument (reason csv_*) for a file that cannot be read or whose
  // header is wrong; prior_learning_not_allowed when the actor may record
  // for nobody.
  Result<PriorLearningReport> ImportPriorLearning(const Actor& a, std::string_view csv,
                                                  bool dry_run);

  // Admins: certification `id` no longer counts from `on` (today when
  // empty) on. Refusals: certification_not_found, revoke_admins_only,
  // certification_revoked_already, revoke_reason_missing, note_too_long,
  // revoke_before_completion (a day before it was completed), date_*.
  Result<training::CertificationRecord> Revoke(const Actor& a, int64_t id,
                                               const std::string& reason, const std::string& on);

  // Exemptions. Refusals: exemption_reason_missing, exemption_days_reversed
  // (ends before it starts), programme_not_found, exemptions_not_allowed
  // (someone other than an admin or a manager of the person's subtree),
  // date_*; exemption_not_found; exemption_ended_already, and
  // exemption_end_invalid for an end day outside the day before it started
  // to the day before its planned last day.
  Result<training::ExemptionRecord> AddExemption(const Actor& a, const ExemptionInput& in);
  Result<std::vector<training::ExemptionRecord>> ListExemptions(const Actor& a,
                                                                const ExemptionQuery& q);
  // `on` is the new last exempt day (today when empty).
  Result<training::ExemptionRecord> EndExemption(const Actor& a, int64_t id, const std::string& on);

 private:
  // The person, when the actor may record prior learning for them.
  Result<people::User> PersonToRecordFor(const Actor& a, int64_t user_id);
  // The person, when the actor may exempt them.
  Result<people::User> PersonToExempt(const Actor& a, int64_t user_id);
  training::ChangedBy By(const Actor& a) const;
  LocalDate Today() const;

  PeopleService* people_;
  CertificationService* certification_;
  courses::ProgrammeStore* programmes_;
  courses::CourseStore* courses_;
  training::CertificationStore* certifications_;
  training::ExemptionStore* exemptions_;
  const Clock* clock_;
};

}  // namespace lophoc::app
