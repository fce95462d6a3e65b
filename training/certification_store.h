// CertificationStore: where certifications live (migration 0010), and the
// course completions they rest on. Declared by the domain, implemented in
// server/storage/. Implementations are thread-safe; a write is one
// transaction. Rows are never deleted (docs/retraining.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kernel/calendar.h"
#include "kernel/status.h"
#include "training/cycles.h"
#include "training/paths.h"

namespace lophoc::training {

// A change of a certification's last valid day after it was granted: an
// admin applied a programme's new rule to the current cycles
// (migration 0013). The dating replaced is kept, so that a past day is seen
// with the dates in force on it.
struct Redating {
  int64_t id = 0;
  int64_t certification_id = 0;
  std::optional<LocalDate> previous_until;  // nullopt: never expired
  Basis previous_basis = Basis::kFromCompletion;
  std::optional<LocalDate> new_until;  // nullopt: never expires
  Basis new_basis = Basis::kFromCompletion;
  int programme_revision = 0;          // the revision whose rule re-dated it
  LocalDate effective_on;              // the new dating counts from this local day on
  std::optional<int64_t> recorded_by;  // nullopt: the command line
  std::string created_at;              // UTC ISO 8601
};

struct CertificationRecord {
  int64_t id = 0;
  int64_t user_id = 0;
  std::string programme;     // the programme's slug
  int programme_revision = 0;  // the revision number whose rule granted it
  Path path = Path::kInitial;
  LocalDate completed;
  std::optional<LocalDate> valid_until;  // nullopt: never expires
  Basis basis = Basis::kFromCompletion;
  std::string source = "learning";  // or "recorded" (prior learning)
  std::string created_at;           // UTC ISO 8601
  // Prior learning: who recorded it (nullopt: earned in lophoc, or by the
  // command line) and the evidence they named.
  std::optional<int64_t> recorded_by;
  std::string recorded_by_name;  // their username, when read
  std::string evidence;
  std::optional<LocalDate> revoked_on;
  std::string revoked_reason;
  std::vector<int64_t> rests_on;  // completion ids
  // valid_until and basis are the dating in force today; these are the
  // re-datings that led to it, oldest first (empty: as granted).
  std::vector<Redating> redatings;
};

// `c` as it was dated on `day`: the dating of the last re-dating effective by
// `day`, else the dating it was granted with.
CertificationRecord DatedOn(const CertificationRecord& c, LocalDate day);

// A person with a staff category, and what decides which programmes apply
// to them.
struct StaffMember {
  int64_t user_id = 0;
  std::string username;
  std::string display_name;
  std::string org;             // the org unit's code, or ""
  std::string staff_category;  // people/vocabulary.h code
  std::string site_type;       // of their site; "" without one
  bool active = true;
};

// Who makes a change, for the audit row each write below leaves in its own
// transaction.
struct ChangedBy {
  std::optional<int64_t> user_id;  // nullopt: the command line
  std::string name;                // username, or "cli"
  std::string at;                  // UTC ISO 8601
};

// A course completion that happened outside lophoc (a face-to-face course, a
// paper certificate), recorded by a trainer, manager or admin.
struct PriorCompletion {
  int64_t user_id = 0;
  std::string course;  // slug
  LocalDate day;       // the local day it was completed
  std::string evidence;
};

// Prior learning written together, all or nothing: recorded course
// completions and recorded certifications (source "recorded", with
// recorded_by and evidence; rests_on empty).
struct PriorLearning {
  std::vector<PriorCompletion> completions;
  std::vector<CertificationRecord> certifications;
};

class CertificationStore {
 public:
  virtual ~CertificationStore() = default;

  // The user's certifications for `programme` (every cycle, revoked ones
  // too), oldest first.
  virtual Result<std::vector<CertificationRecord>> CertificationsOf(
      int64_t user_id, const std::string& programme) = 0;

  // Every course completion of the user: its id, the course's slug and the
  // local day it was completed.
  virtual Result<std::vector<CourseCompletion>> CourseCompletionsOf(int64_t user_id) = 0;

  // Stores `c` (its id and created_at are set here) and the completions it
  // rests on. Conflict (reason certification_exists) when one of them
  // certifies already: a concurrent request recorded this cycle first.
  // NotFound when the programme revision does not exist.
  virtual Result<CertificationRecord> RecordCertification(const CertificationRecord& c) = 0;

  // Every certification of `programme`, of every person (with their
  // re-datings; rests_on left empty), by user, then oldest first.
  virtual Result<std::vector<CertificationRecord>> CertificationsOfProgramme(
      const std::string& programme) = 0;

  // Stores the re-datings (their ids are set here) and makes each new
  // dating the certification's dating in force, all in one transaction.
  // Conflict (reason certification_redated) when a certification's dating
  // is no longer `previous_until` (someone re-dated it meanwhile): nothing is
  // stored then. NotFound when the programme revision does not exist.
  virtual Status RecordRedatings(const std::string& programme,
                                 const std::vector<Redating>& redatings) = 0;

  // Every account with a staff category, by id.
  virtual Result<std::vector<StaffMember>> StaffMembers() = 0;
  // Every certification of the user, of every programme (retired ones too),
  // by programme slug then oldest first.
  virtual Result<std::vector<CertificationRecord>> AllCertificationsOf(int64_t user_id) = 0;
  // NotFound (reason certification_not_found).
  virtual Result<CertificationRecord> FindCertification(int64_t id) = 0;
  // Every certification ever recorded, revoked ones too (rows are never
  // deleted, so the total only grows; for metrics).
  virtual Result<int64_t> CountCertifications() = 0;

  // Writes `p` in one transaction with one audit row per item, or nothing.
  // A recorded completion takes a round of its own after every round of
  // the course the person has (docs/retraining.md, "Prior learning"), so
  // their current round in lophoc stays as it is. Refused, nothing written:
  // NotFound (course_not_found, programme_not_found) for an unknown course
  // or programme; Conflict (prior_learning_duplicate) when the person has a
  // completion of the course, or a certification of the programme, on that
  // day already.
  virtual Status RecordPriorLearning(const PriorLearning& p, const ChangedBy& by) = 0;

  // Marks certification `id` as not counting from `on` on, with `reason`,
  // and writes an audit row. NotFound (certification_not_found); Conflict
  // (certification_revoked_already) when it is revoked already.
  virtual Result<CertificationRecord> Revoke(int64_t id, LocalDate on, const std::string& reason,
                                             const ChangedBy& by) = 0;
};

}  // namespace lophoc::training
