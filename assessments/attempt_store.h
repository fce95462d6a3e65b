// AttemptStore: where quiz attempts live, and the read-outs trainers need of
// them. Declared by the domain, implemented in server/storage/ (by the same
// object as courses::LearningStore, which shares its database). Thread-safe;
// every method that writes does so in one transaction. Rows are never deleted,
// except drafts (deleted when their attempt is submitted or expires).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "assessments/quiz.h"
#include "kernel/status.h"
#include "people/audit_store.h"
#include "people/people.h"

namespace lophoc::assessments {

// The quiz of one course revision (a quiz id is that revision's id).
struct QuizRevision {
  int64_t revision_id = 0;
  int64_t course_id = 0;
  std::string course_slug;
  std::string course_title;
  int revision_number = 0;
  bool current = false;    // the revision being served
  bool published = false;  // the course is published
  std::string quiz_source;
};

struct AnswerRecord {
  std::string question_id;
  bool answered = false;
  double score = 0;
  double max_score = 0;
  std::string outcome;      // 'correct', 'partial', 'incorrect'
  std::string answer_json;  // the answer as submitted; "null" when none
  bool pending = false;     // an essay waiting for a trainer (score 0 until graded)
  std::string grader_feedback;  // the trainer's words on an essay; empty when none
};

// A trainer's grade of one essay answer.
struct EssayGrade {
  std::string question_id;
  double score = 0;  // 0..the question's points
  std::string feedback;
};

// A submitted attempt waiting for grading, for the trainers' queue.
struct PendingAttempt {
  int64_t attempt_id = 0;
  int64_t user_id = 0;
  std::string username;
  std::string display_name;
  std::string site_code;
  int64_t course_id = 0;
  std::string course_slug;
  std::string submitted_at;
};

struct AttemptRecord {
  int64_t id = 0;  // 0: not stored yet
  int64_t user_id = 0;
  int64_t course_id = 0;
  int64_t revision_id = 0;
  std::string started_at;
  std::string deadline_at;  // empty: no time limit
  std::vector<std::string> question_ids;
  uint64_t seed = 0;
  std::string submitted_at;  // empty while open
  std::string submission_id;
  double score = 0;
  double max_score = 0;
  double percentage = 0;
  bool passed = false;
  bool late = false;
  // Waiting for a trainer to grade its essays: score holds the auto-graded
  // part only; percentage and passed are not known yet (0 and false).
  bool pending = false;
  std::string graded_at;              // when a trainer graded it; empty when not hand-graded
  std::vector<AnswerRecord> answers;  // filled for submitted attempts read one by one

  bool submitted() const { return !submitted_at.empty(); }
};

// One submitted attempt with its learner, for trainers' result lists.
struct ResultRow {
  int64_t attempt_id = 0;
  int64_t user_id = 0;
  std::string username;
  std::string display_name;
  std::string site_code;
  int revision_number = 0;
  std::string submitted_at;
  double score = 0;
  double max_score = 0;
  double percentage = 0;
  bool passed = false;
  bool late = false;
  bool pending = false;  // waiting for grading: percentage and passed not known yet
};

// How one question fared over the submitted attempts in scope.
struct QuestionStat {
  std::string question_id;
  int answered = 0;
  int unanswered = 0;
  int correct = 0;
  int partial = 0;
  int incorrect = 0;  // wrong answers and unanswered ones
  double score_sum = 0;
  double max_sum = 0;
};

// One learner's submitted attempts at a course in the current round.
struct AttemptSummary {
  int count = 0;    // waiting ones included: attempt limits count them
  int pending = 0;  // waiting for a trainer to grade an essay
  // By the grading method, over the graded (not waiting) attempts; nullopt
  // when there is none.
  std::optional<double> counted_percentage;
  std::vector<AttemptRecord> latest;  // the last few, oldest first, without answers and ids
};

class AttemptStore {
 public:
  virtual ~AttemptStore() = default;

  // NotFound when the revision does not exist or has no quiz.
  virtual Result<QuizRevision> FindQuiz(int64_t revision_id) = 0;
  virtual Result<std::optional<AttemptRecord>> OpenAttempt(int64_t user_id, int64_t course_id) = 0;
  // Stores a new open attempt. Conflict when one is open already.
  virtual Result<AttemptRecord> StartAttempt(const AttemptRecord& a) = 0;
  // Closes an open attempt that ran out of time without an accepted
  // submission: it counts as an attempt scoring 0.
  virtual Status ExpireAttempt(int64_t attempt_id, const std::string& at) = 0;
  // Stores a graded submission: completes the open attempt `a.id`, or inserts
  // a submitted one when `a.id` is 0. Checked in the same transaction:
  // Conflict("no attempts left") when `max_attempts` submitted attempts exist
  // for the user and course; AlreadyExists when the submission id was used
  // (the caller then reads that attempt); Conflict when `a.id` is no longer open.
  virtual Result<AttemptRecord> SubmitAttempt(const AttemptRecord& a,
                                              std::optional<int> max_attempts) = 0;
  virtual Result<std::optional<AttemptRecord>> FindSubmission(int64_t user_id,
                                                              const std::string& submission_id) = 0;
  // With answers. NotFound.
  virtual Result<AttemptRecord> GetAttempt(int64_t attempt_id) = 0;
  // Submitted attempts of a user at a course, oldest first, without answers
  // and without question_ids.
  virtual Result<std::vector<AttemptRecord>> SubmittedAttempts(int64_t user_id,
                                                               int64_t course_id) = 0;
  // The current round's submitted attempts of a user at a course summed up
  // without reading them all (a quiz without an attempt limit may hold
  // thousands): see AttemptSummary.
  virtual Result<AttemptSummary> SummariseAttempts(int64_t user_id, int64_t course_id,
                                                   GradingMethod method, int latest) = 0;
  // AttemptSummary::counted_percentage alone, in steps that do not grow with
  // the attempts (by kAverage: from an index alone).
  virtual Result<std::optional<double>> CountedPercentage(int64_t user_id, int64_t course_id,
                                                          GradingMethod method) = 0;
  // Every submitted (or expired) attempt of everyone; the total only grows
  // (for metrics).
  virtual Result<int64_t> CountSubmittedAttempts() = 0;

  // The draft of an open attempt: the answer form's fields as a JSON object,
  // saved as the learner answers; each save replaces the last. Conflict when
  // the attempt is not open (submitted, expired or unknown). Submitting or
  // expiring the attempt deletes its draft; a draft is never a submission.
  virtual Status SaveDraft(int64_t attempt_id, const std::string& fields_json,
                           const std::string& at) = 0;
  virtual Result<std::optional<std::string>> FindDraft(int64_t attempt_id) = 0;

  // Submitted attempts at a course by learners in `scope`, oldest first.
  virtual Result<std::vector<ResultRow>> QuizResults(int64_t course_id, const people::Scope& scope) = 0;
  // Per question, over those attempts, in no particular order.
  virtual Result<std::vector<QuestionStat>> QuestionStats(int64_t course_id,
                                                          const people::Scope& scope) = 0;

  // Essay grading (migration 0022). Attempts waiting for grading by learners
  // in `scope`, oldest first.
  virtual Result<std::vector<PendingAttempt>> PendingAttempts(const people::Scope& scope) = 0;
  // Records the grades of a pending attempt's essays and its final score, and
  // the audit row, in one transaction. Conflict (reason attempt_already_graded)
  // when the attempt is no longer pending: of two graders acting at once, one wins.
  virtual Result<AttemptRecord> RecordGrades(const AttemptRecord& graded,
                                             const std::vector<EssayGrade>& grades,
                                             const people::AuditEntry& audit) = 0;
};

}  // namespace lophoc::assessments
