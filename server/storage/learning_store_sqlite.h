// SQLite implementation of courses::LearningStore (schema: migrations/0004;
// rounds: 0012).
// Thread-safe: every call takes its own pooled connection; every write runs
// in one transaction, with its audit row when someone acts on others.
#pragma once

#include <mutex>

#include "courses/learning_store.h"
#include "assessments/attempt_store.h"
#include "server/storage/database.h"

namespace lophoc::storage {

// SQL for a person's current round of a course (migration 0012): the last
// round started again, or 1. `user` and `course` are SQL expressions, such
// as the statement's parameters "?1" and "?2".
inline std::string CurrentRoundSql(const std::string& user, const std::string& course) {
  return "coalesce((SELECT max(cr.round) FROM course_rounds cr WHERE cr.user_id = " + user +
         " AND cr.course_id = " + course + "), 1)";
}

class SqliteLearningStore : public courses::LearningStore,
                            public assessments::AttemptStore,
                            private SqliteStore {
 public:
  using SqliteStore::SqliteStore;

  Result<std::vector<courses::Enrolment>> Enrol(const std::vector<int64_t>& user_ids,
                                                int64_t course_id, const std::string& source,
                                                const courses::LearningActor& by,
                                                const std::string& now) override;
  Status Withdraw(int64_t enrolment_id, const courses::LearningActor& by,
                  const std::string& now) override;
  Result<courses::Enrolment> GetEnrolment(int64_t enrolment_id) override;
  Result<std::vector<courses::Enrolment>> ListEnrolments(const courses::EnrolmentFilter& f) override;
  Result<int64_t> CountEnrolments() override;
  Result<std::vector<courses::LearnerRef>> FindLearners(const courses::LearnerQuery& q) override;

  Status CompleteLesson(int64_t user_id, int64_t course_id, const std::string& lesson_slug,
                        int64_t revision_id, const std::string& now) override;
  Result<std::set<std::string>> CompletedLessons(int64_t user_id, int64_t course_id) override;
  Result<std::map<int64_t, std::set<std::string>>> CompletedLessonsByCourse(
      int64_t user_id) override;

  Result<assessments::QuizRevision> FindQuiz(int64_t revision_id) override;
  Result<std::optional<assessments::AttemptRecord>> OpenAttempt(int64_t user_id,
                                                            int64_t course_id) override;
  Result<assessments::AttemptRecord> StartAttempt(const assessments::AttemptRecord& a) override;
  Status ExpireAttempt(int64_t attempt_id, const std::string& at) override;
  Status SaveDraft(int64_t attempt_id, const std::string& fields_json,
                   const std::string& at) override;
  Result<std::optional<std::string>> FindDraft(int64_t attempt_id) override;
  Result<assessments::AttemptRecord> SubmitAttempt(const assessments::AttemptRecord& a,
                                               std::optional<int> max_attempts) override;
  Result<std::optional<assessments::AttemptRecord>> FindSubmission(
      int64_t user_id, const std::string& submission_id) override;
  Result<assessments::AttemptRecord> GetAttempt(int64_t attempt_id) override;
  Result<std::vector<assessments::AttemptRecord>> SubmittedAttempts(int64_t user_id,
                                                                int64_t course_id) override;
  Result<assessments::AttemptSummary> SummariseAttempts(int64_t user_id, int64_t course_id,
                                                        assessments::GradingMethod method,
                                                        int latest) override;
  Result<std::optional<double>> CountedPercentage(int64_t user_id, int64_t course_id,
                                                  assessments::GradingMethod method) override;
  Result<int64_t> CountSubmittedAttempts() override;

  Result<std::vector<assessments::ResultRow>> QuizResults(int64_t course_id,
                                                      const people::Scope& scope) override;
  Result<std::vector<assessments::QuestionStat>> QuestionStats(int64_t course_id,
                                                           const people::Scope& scope) override;
  Result<std::vector<assessments::PendingAttempt>> PendingAttempts(
      const people::Scope& scope) override;
  Result<assessments::AttemptRecord> RecordGrades(
      const assessments::AttemptRecord& graded, const std::vector<assessments::EssayGrade>& grades,
      const people::AuditEntry& audit) override;

  Result<int> CurrentRound(int64_t user_id, int64_t course_id) override;
  Result<int> StartNextRound(int64_t user_id, int64_t course_id, const std::string& now) override;
  Result<std::optional<courses::CompletionRecord>> CurrentCompletion(int64_t user_id,
                                                                     int64_t course_id) override;
  Result<courses::CertificateRecord> RecordCompletion(
      const courses::CompletionRecord& c, const courses::CertificateRecord& cert) override;
  Result<courses::IssuerNames> IssuerNamesFor(int64_t user_id) override;
  Result<courses::CertificateRecord> CertificateByCode(const std::string& code) override;
  Result<std::optional<courses::CertificateRecord>> CertificateOfCompletion(
      int64_t completion_id) override;
  Result<std::vector<courses::CertificateRecord>> CertificatesOf(int64_t user_id) override;

 private:
  // This process's quiz submissions take the write lock one at a time: the
  // next one waits here and wakes when the last commits, instead of sleeping
  // in SQLite's busy handler (1, 2, 5 ... 100 ms) while the lock is free.
  std::mutex submit_mu_;
};

}  // namespace lophoc::storage
