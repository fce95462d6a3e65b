// ProgrammeEditing: admins create and change programmes (issue 12;
// docs/retraining.md, "Changing a programme's rule"). A programme is built
// from its settings with exactly the checks of a programme file
// (courses::ProgrammeFromSettings), its courses must exist, and each change
// is saved as a new revision from source "admin". A change of rule applies to
// the certifications granted from now on, or also to each person's current
// cycle (re-dated from its own completion day, never a closed cycle); a
// preview says what a change would do before it is saved. Every change
// writes an audit entry. Thread-safe as its stores are.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "courses/course_store.h"
#include "courses/programme_store.h"
#include "kernel/clock.h"
#include "people/audit_store.h"
#include "people/people.h"
#include "training/certification_store.h"

namespace lophoc::app {

// Which certifications a change of rule concerns.
enum class ApplyTo {
  kFuture,   // those granted from now on; existing rows keep their dates
  kCurrent,  // also each person's current cycle, re-dated under the new rule
};
std::string_view ApplyToName(ApplyTo a);  // "future", "current"
std::optional<ApplyTo> ApplyToFromName(std::string_view name);

// What an admin sends, named as the keys of a programme file. Every field is
// optional: a change keeps what is not given; a new programme needs at least
// slug, title, staff_categories and a path.
struct ProgrammeInput {
  std::optional<std::string> slug;  // a new programme only
  std::optional<std::string> title;
  std::optional<std::string> title_en;
  std::optional<std::string> description;  // Markdown
  std::optional<std::vector<std::string>> staff_categories;
  std::optional<std::vector<std::string>> site_types;
  std::optional<std::vector<std::string>> initial_courses;
  std::optional<std::vector<std::string>> refresher_courses;
  std::optional<int> validity_months;
  std::optional<int> renewal_window_days;
  std::optional<std::string> date_rule;
  std::optional<std::string> fixed_day;  // "31/12"
  std::optional<int> min_validity_months;
  std::optional<int> grace_days;
  std::optional<bool> retired;  // a change only: retire or restore
  ApplyTo apply_to = ApplyTo::kFuture;
};

// A person, as a preview names them.
struct PersonRef {
  int64_t user_id = 0;
  std::string username;
  std::string display_name;
  std::string org;  // org unit code
};

// A certification's dating and the standing it gives today.
struct DatingToday {
  std::optional<LocalDate> valid_until;  // nullopt: never expires
  training::Standing standing = training::Standing::kValid;
};

// One person's current cycle, re-dated.
struct DateChange {
  PersonRef person;
  int64_t certification_id = 0;
  LocalDate completed;
  DatingToday before;
  DatingToday after;
  training::Basis basis = training::Basis::kFromCompletion;  // of the new dating
};

// What a change does (or would do).
struct ProgrammePreview {
  courses::Programme after;      // the programme as it is after the change
  bool content_changed = false;  // a new revision is (would be) saved
  bool retired_before = false;
  bool retired_after = false;
  ApplyTo apply_to = ApplyTo::kFuture;
  LocalDate today;
  int dates_changed = 0;           // current cycles re-dated (kCurrent only)
  std::vector<DateChange> sample;  // the first kSampleSize of them
  int assigned_before = 0;         // active accounts the programme applies to
  int assigned_after = 0;
  int now_assigned_count = 0;  // assigned after, not before
  int no_longer_assigned_count = 0;
  std::vector<PersonRef> now_assigned;  // the first kSampleSize of each
  std::vector<PersonRef> no_longer_assigned;
};

// A change saved.
struct ProgrammeChange {
  courses::StoredProgramme programme;  // as stored now
  ProgrammePreview preview;            // what it did
};

// A programme in the admin's list.
struct ProgrammeOverview {
  courses::StoredProgramme programme;
  int assigned = 0;  // active accounts it applies to (0 when retired)
};

class ProgrammeEditing {
 public:
  static constexpr size_t kSampleSize = 20;

  ProgrammeEditing(courses::ProgrammeStore* programmes, courses::CourseStore* courses,
                   training::CertificationStore* certifications, people::AuditStore* audit,
                   const Clock* clock)
      : programmes_(programmes),
        courses_(courses),
        certifications_(certifications),
        audit_(audit),
        clock_(clock) {}

  // Every programme with the number of people it applies to. PermissionDenied
  // (reason programme_admin_only) unless `actor` is an admin.
  Result<std::vector<ProgrammeOverview>> List(const people::Actor& actor);

  // Every problem of `in` as a new programme (`slug` empty) or as a change of
  // programme `slug`, each with the field it concerns; empty when there is
  // none. For forms that show each problem next to its field.
  std::vector<Status> Problems(const std::string& slug, const ProgrammeInput& in);

  // Creates a programme (revision 1, source "admin"). Refusals: the first
  // problem of Problems; AlreadyExists (reason programme_exists) when the
  // slug is taken; PermissionDenied (programme_admin_only).
  Result<courses::StoredProgramme> Create(const people::Actor& actor, const ProgrammeInput& in);

  // What Update would do, saving nothing.
  Result<ProgrammePreview> Preview(const people::Actor& actor, const std::string& slug,
                                   const ProgrammeInput& in);

  // Changes programme `slug`: a new revision when its content changes (none
  // when it does not), retired or restored when `in.retired` says so, and
  // with ApplyTo::kCurrent each person's current cycle re-dated under the
  // rule now in force. NotFound (programme_not_found); refusals as Create.
  Result<ProgrammeChange> Update(const people::Actor& actor, const std::string& slug,
                                 const ProgrammeInput& in);

 private:
  struct Draft {
    courses::StoredProgramme before;
    ProgrammePreview preview;
    std::vector<training::Redating> redatings;
  };
  Status CheckAdmin(const people::Actor& actor) const;
  // The programme `in` describes over `base` (nullopt: a new one), with
  // every problem in `problems`.
  std::optional<courses::Programme> Build(const std::optional<courses::Programme>& base,
                                          const ProgrammeInput& in, std::vector<Status>& problems);
  Result<Draft> MakeDraft(const std::string& slug, const ProgrammeInput& in);
  Status Redate(const courses::StoredProgramme& before, const courses::Programme& after,
                const std::vector<training::StaffMember>& staff, Draft& draft);
  Status Audit(const people::Actor& actor, const std::string& action, const std::string& slug,
               const std::string& details_json);

  courses::ProgrammeStore* programmes_;
  courses::CourseStore* courses_;
  training::CertificationStore* certifications_;
  people::AuditStore* audit_;
  const Clock* clock_;
};

}  // namespace lophoc::app
