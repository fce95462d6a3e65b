// CertificationService: which programmes apply to a person, the
// certifications their course completions earn, and where they stand on any
// day (issue 12; docs/retraining.md). The rules are training/'s pure
// functions; this service only gathers the rows and records what they earn.
// Thread-safe as its stores are.
#pragma once

#include <optional>
#include <vector>

#include "courses/assignment_store.h"
#include "courses/programme_store.h"
#include "kernel/calendar.h"
#include "kernel/clock.h"
#include "people/directory_store.h"
#include "people/people.h"
#include "training/certification_store.h"
#include "training/cycles.h"
#include "training/exemption_store.h"
#include "training/paths.h"

namespace lophoc::app {

// One programme as it stands for one person on one day.
struct ProgrammeStanding {
  courses::StoredProgramme programme;
  LocalDate day;
  training::StandingOn on;
  training::Path path = training::Path::kInitial;  // the path to take next
  training::PathProgress progress;                 // on that path
  // Why the programme applies on that day (or, when it does not, the span
  // that ended last); nullopt: it never applied by then.
  std::optional<training::AssignmentSpan> assignment;
  std::vector<training::CertificationRecord> certifications;  // oldest first
  // Why the programme applies: the person's staff category, and their site's
  // type when the programme names site types (else empty).
  std::string staff_category;
  std::string site_type;
};

class CertificationService {
 public:
  CertificationService(courses::ProgrammeStore* programmes,
                       training::CertificationStore* certifications,
                       courses::AssignmentStore* assignments, const Clock* clock,
                       training::ExemptionStore* exemptions = nullptr)
      : programmes_(programmes),
        certifications_(certifications),
        assignments_(assignments),
        clock_(clock),
        exemptions_(exemptions) {}

  // Records every certification the user's course completions earn now, one
  // per programme whose current path is complete. Called after each course
  // completion and before a person's programmes are shown; idempotent (a
  // completion certifies at most once).
  Status Refresh(const people::User& u);

  // The programmes that apply or applied to `u` (by their staff category
  // and site type over time, and individually: docs/retraining.md
  // "Assignment") and where `u` stands on `day` (today in Vietnam when
  // nullopt), by programme slug. Records first what Refresh would, from the
  // same reads. An exemption covering the day (of the programme, or of every
  // programme) makes the person exempt; a certification revoked after the
  // day counts as it did then.
  Result<std::vector<ProgrammeStanding>> StandingsOf(const people::User& u,
                                                     std::optional<LocalDate> day);

  // The certification prior learning earns: `u` completed programme `s`
  // outside lophoc on `day`, under its current rule. `certs` are the
  // person's certifications of `s` (those completed before `day` and not
  // revoked decide the path and, for from_expiry, the previous expiry).
  // Not stored.
  static training::CertificationRecord RecordedCertification(
      const people::User& u, const courses::StoredProgramme& s, LocalDate day,
      const std::vector<training::CertificationRecord>& certs);

 private:
  struct Applicable {
    courses::StoredProgramme programme;
    std::vector<training::AssignmentSpan> spans;
  };
  // Every programme in use that applied to `u` on some day, with the spans.
  Result<std::vector<Applicable>> ProgrammesFor(const people::User& u);
  bool AppliesToday(const Applicable& a) const;
  // Records the certification `completions` earn for `s`, if any, and adds
  // it to `certs` (the user's certifications for `s`, oldest first).
  Status Certify(const people::User& u, const courses::StoredProgramme& s,
                 const std::vector<training::CourseCompletion>& completions,
                 std::vector<training::CertificationRecord>& certs);

  courses::ProgrammeStore* programmes_;
  training::CertificationStore* certifications_;
  courses::AssignmentStore* assignments_;
  const Clock* clock_;
  training::ExemptionStore* exemptions_;  // null: nobody is exempt
};

}  // namespace lophoc::app
