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
};

}  // namespace lophoc::training
