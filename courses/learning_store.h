// LearningStore: where enrolments, lesson progress, completions and
// certificates live (quiz attempts: assessments/attempt_store.h). Declared by the domain, implemented in
// server/storage/. Implementations are thread-safe; every method that writes
// does so in one transaction (all or nothing). Rows are never deleted.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "people/people.h"
#include "kernel/status.h"

namespace lophoc::courses {

struct Enrolment {
  int64_t id = 0;
  int64_t user_id = 0;
  int64_t course_id = 0;
  std::string course_slug;
  std::string enrolled_at;
  std::optional<int64_t> enrolled_by;
  std::string source;        // 'self', 'user', 'site', 'staff_category', 'csv', 'guest'
  std::string withdrawn_at;  // empty while open
  std::optional<int64_t> withdrawn_by;
  // The learner, for lists and scope checks.
  std::string username;
  std::string display_name;
  std::string org_path;  // empty for citizens
  std::string site_code;

  bool open() const { return withdrawn_at.empty(); }
};

// Who does something, for enrolled_by/withdrawn_by and the audit log.
struct LearningActor {
  std::optional<int64_t> user_id;  // nullopt: the command line
  std::string name;                // username, or 'cli'
  bool audit = false;              // write an audit_log row (someone acting on others)
};

struct EnrolmentFilter {
  std::optional<int64_t> user_id;
  std::optional<int64_t> course_id;
  bool include_withdrawn = false;
  people::Scope scope = people::Scope::Everything();  // learners whose org unit lies in it
  int limit = 500;
  int64_t offset = 0;
};

// Accounts a trainer or manager may enrol together: active accounts holding
// the learner role (not the trainers and managers who work there too).
struct LearnerQuery {
  people::Scope scope = people::Scope::Nothing();
  std::optional<int64_t> site_id;
  std::string staff_category;  // empty: any
};

struct LearnerRef {
  int64_t id = 0;
  std::string username;
  std::string org_path;
};

struct CompletionRecord {
  int64_t id = 0;
  int64_t user_id = 0;
  int64_t course_id = 0;
  int64_t revision_id = 0;
  std::string completed_at;
  std::optional<double> percentage;
  int round = 1;                     // set by the store: the person's current round
  std::string source = "learning";   // or "recorded" (prior learning)
};

struct CertificateRecord {
  int64_t id = 0;
  std::string code;
  int64_t completion_id = 0;
  int64_t user_id = 0;
  int64_t course_id = 0;
  std::string course_slug;
  int revision_number = 0;  // of the revision the completion was earned on
  std::string issued_at;
  std::string valid_until;  // empty: does not expire
  std::string revoked_at;   // empty: not revoked
  std::optional<int64_t> replaced_by;
  std::string holder_name;
  std::string course_title;
  std::string site_name;
  std::string org_name;
};

// Names printed on a certificate: where the holder works.
struct IssuerNames {
  std::string site_name;
  std::string org_name;  // the province above the holder's unit, or the unit itself
};

class LearningStore {
 public:
  virtual ~LearningStore() = default;

  // Opens an enrolment in `course_id` for each of `user_ids` that has none
  // open. Returns the new ones (users already enrolled are left out).
  virtual Result<std::vector<Enrolment>> Enrol(const std::vector<int64_t>& user_ids,
                                               int64_t course_id, const std::string& source,
                                               const LearningActor& by,
                                               const std::string& now) = 0;
  // Closes an open enrolment. NotFound; Conflict when already withdrawn.
  virtual Status Withdraw(int64_t enrolment_id, const LearningActor& by,
                          const std::string& now) = 0;
  virtual Result<Enrolment> GetEnrolment(int64_t enrolment_id) = 0;
  // Newest first.
  virtual Result<std::vector<Enrolment>> ListEnrolments(const EnrolmentFilter& f) = 0;
  // Every enrolment ever made, withdrawn ones too (rows are never deleted,
  // so the total only grows; for metrics).
  virtual Result<int64_t> CountEnrolments() = 0;
  // Active accounts matching `q`, for group enrolment.
  virtual Result<std::vector<LearnerRef>> FindLearners(const LearnerQuery& q) = 0;

  // Marks a lesson done in the current round (again is a no-op).
  virtual Status CompleteLesson(int64_t user_id, int64_t course_id, const std::string& lesson_slug,
                                int64_t revision_id, const std::string& now) = 0;
  virtual Result<std::set<std::string>> CompletedLessons(int64_t user_id, int64_t course_id) = 0;
  // Every course of the user with lessons done: course id -> lesson slugs.
  virtual Result<std::map<int64_t, std::set<std::string>>> CompletedLessonsByCourse(
      int64_t user_id) = 0;

  // Rounds (migration 0012): a person works through a course in rounds, the
  // first one and each time they do a completed course again (a refresher).
  // Lesson progress, attempts and completions above and below are those of
  // the current round; earlier rounds stay as they were.
  virtual Result<int> CurrentRound(int64_t user_id, int64_t course_id) = 0;
  // Starts the next round of a course whose current round is completed (an
  // attempt left open in it closes, scored 0 and late); returns its number.
  // Conflict (reason course_round_open) while the current round is
  // not completed.
  virtual Result<int> StartNextRound(int64_t user_id, int64_t course_id,
                                     const std::string& now) = 0;
  // The completion of the current round, if it has one.
  virtual Result<std::optional<CompletionRecord>> CurrentCompletion(int64_t user_id,
                                                                    int64_t course_id) = 0;
  // Records the completion of the current round and its certificate (its
  // completion_id is set here); the certificate of the round before reads as
  // replaced by it. AlreadyExists when the certificate code is taken (the
  // caller draws again); Conflict when the current round is completed
  // already (checked in the same transaction, so concurrent completions
  // issue one certificate).
  virtual Result<CertificateRecord> RecordCompletion(const CompletionRecord& c,
                                                     const CertificateRecord& cert) = 0;
  virtual Result<IssuerNames> IssuerNamesFor(int64_t user_id) = 0;
  // NotFound.
  virtual Result<CertificateRecord> CertificateByCode(const std::string& code) = 0;
  // The certificate of one completion, if it has one.
  virtual Result<std::optional<CertificateRecord>> CertificateOfCompletion(int64_t completion_id) = 0;
  // Newest first.
  virtual Result<std::vector<CertificateRecord>> CertificatesOf(int64_t user_id) = 0;
};

}  // namespace lophoc::courses
