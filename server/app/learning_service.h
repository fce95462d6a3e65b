// LearningService: the learner's and the trainer's daily work — enrolments,
// lesson progress, quizzes graded on the server, course completion and
// certificates (docs/learning.md). No HTTP, no SQL.
//
// Rules. Learners enrol themselves in published courses open to them
// (courses/learning.h MaySelfEnrol); trainers, managers and admins enrol and
// withdraw accounts within their read scope (an account outside it is
// NotFound, as in PeopleService). Marking a lesson done or submitting the
// quiz enrols a learner who may enrol themself. A course is complete by its
// CompletionRule; completing it records the revision it was earned on and
// issues a certificate, once.
//
// Quizzes. A quiz id is the id of the course revision holding it. Attempts
// are graded here only; what learners receive never holds answers, weights
// or feedback keys. A submission carries a client-chosen submission id: the
// same id again returns the recorded attempt instead of adding one.
//
// Thread-safe when the store is (parsed quizzes are cached under a mutex).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "assessments/attempt_plan.h"
#include "assessments/grader.h"
#include "courses/learning.h"
#include "courses/learning_store.h"
#include "assessments/attempt_store.h"
#include "kernel/clock.h"
#include "server/app/certification_service.h"
#include "server/app/course_service.h"
#include "server/app/people_service.h"

namespace lophoc::app {

// Submissions this long after the deadline still count as in time: the
// form was sent before the limit and crossed a slow link.
inline constexpr std::chrono::seconds kDeadlineGrace{30};

struct LessonState {
  std::string slug;
  std::string title;
  std::string title_en;
  bool done = false;
};

// The submitted attempts a quiz standing lists: the latest ones only.
inline constexpr int kListedAttempts = 20;

// A learner's quiz standing in one course.
struct QuizStanding {
  int64_t quiz_id = 0;
  assessments::QuizSettings settings;
  int question_count = 0;  // per attempt (after `draw`)
  int attempts_used = 0;   // waiting ones included: attempt limits count them
  int attempts_pending = 0;          // submitted, waiting for a trainer to grade an essay
  std::optional<int> attempts_left;  // nullopt: unlimited
  std::optional<double> counted_percentage;  // by the grading method
  bool passed = false;
  std::optional<assessments::AttemptRecord> open_attempt;
  // The latest kListedAttempts submitted ones, oldest first (of attempts_used).
  std::vector<assessments::AttemptRecord> attempts;
};

// One course as one learner stands in it.
struct CourseLearning {
  int64_t course_id = 0;
  std::string slug;
  std::string title;
  std::string title_en;
  courses::Audience audience = courses::Audience::kAll;
  std::optional<courses::Enrolment> enrolment;  // the open one
  courses::CompletionRule rule = courses::CompletionRule::kLessonsAndQuiz;
  courses::CourseStanding standing;
  int percent = 0;
  std::vector<LessonState> lessons;
  std::optional<QuizStanding> quiz;
  int round = 1;  // the current round: 2 and more when the course is done again
  std::optional<courses::CompletionRecord> completion;  // of the current round
  std::optional<courses::CertificateRecord> certificate;
  courses::NextStep next = courses::NextStep::kNothing;
  bool may_enrol = false;  // the learner may enrol themself
};

// Who to enrol: exactly one of `user_id`, `username`, `csv` (a list of
// usernames), or a group by `site` and/or `staff_category`; none of them:
// the actor.
struct EnrolRequest {
  std::string course;
  std::optional<int64_t> user_id;
  std::optional<std::string> username;
  std::optional<std::string> site;            // a site code
  std::optional<std::string> staff_category;  // e.g. 'district_librarian'
  std::optional<std::string> csv;             // a CSV text with a `username` column
};

struct EnrolOutcome {
  std::vector<courses::Enrolment> created;
  int already_enrolled = 0;  // matched, but enrolled before
};

// A quiz as a learner may see it.
struct QuizForLearner {
  int64_t quiz_id = 0;
  std::string course_slug;
  std::string course_title;
  bool current = true;  // false: the course has a newer revision
  assessments::QuizSettings settings;
  std::string intro_markdown;
  int question_count = 0;  // per attempt
  // The open attempt's questions; without one, all questions when the quiz
  // draws none (unshuffled), else empty: start an attempt to see them.
  std::vector<assessments::PublicQuestion> questions;
  std::optional<assessments::AttemptRecord> open_attempt;
  bool requires_start = false;  // time limit or draw: POST start first
  // The open attempt's time left at the time of asking (0 once it has
  // passed); none without an open attempt or without a time limit.
  std::optional<int64_t> seconds_left;
};

// A graded attempt with what to show the learner afterwards.
struct AttemptOutcome {
  assessments::AttemptRecord attempt;
  assessments::GradeReport report;  // in the attempt's question order
  std::vector<assessments::Question> questions;  // the attempt's, for showing feedback
  bool replayed = false;  // the submission id had been recorded before
  std::optional<courses::CertificateRecord> certificate;  // issued by this attempt
  std::string course_slug;
};

// One attempt in the trainers' grading queue (oldest first), with its
// questions and answers; the essays are those with pending grades.
struct GradingItem {
  assessments::PendingAttempt row;
  std::string course_title;
  AttemptOutcome outcome;
};

struct LearnerResult {
  int64_t user_id = 0;
  std::string username;
  std::string display_name;
  std::string site_code;
  int attempts = 0;
  std::optional<double> counted_percentage;
  bool passed = false;
  std::string last_submitted_at;
};

struct QuestionResult {
  std::string question_id;
  std::string stem_markdown;  // from the quiz's current text; empty if removed
  assessments::QuestionStat stat;
  double success_percent = 0;  // score_sum / max_sum
};

struct QuizResults {
  int64_t quiz_id = 0;
  std::string course_slug;
  std::string course_title;
  assessments::QuizSettings settings;
  std::vector<LearnerResult> learners;    // by display name
  std::vector<QuestionResult> questions;  // most often missed first
  std::vector<assessments::ResultRow> attempts;
};

// kReplaced: the holder took the course again and a newer certificate
// stands for it; the older one stays genuine.
enum class CertificateValidity { kValid, kExpired, kRevoked, kReplaced };
struct CertificateCheck {
  courses::CertificateRecord certificate;
  CertificateValidity validity = CertificateValidity::kValid;
};
const char* CertificateValidityName(CertificateValidity v);

class LearningService {
 public:
  // `certifications` (optional) records the programme certifications a
  // course completion earns.
  LearningService(courses::LearningStore* store, assessments::AttemptStore* attempts,
                  CourseService* courses, PeopleService* people, const Clock* clock,
                  CertificationService* certifications = nullptr)
      : store_(store),
        attempts_(attempts),
        courses_(courses),
        people_(people),
        clock_(clock),
        certifications_(certifications) {}

  // Enrolments.
  Result<EnrolOutcome> Enrol(const people::Actor& a, const EnrolRequest& r);
  // `course` given: the enrolment must be in that course (NotFound otherwise).
  Status Withdraw(const people::Actor& a, int64_t enrolment_id,
                  const std::optional<std::string>& course = std::nullopt);
  // Open enrolments of a course within the actor's read scope (trainers,
  // managers, admins).
  Result<std::vector<courses::Enrolment>> CourseEnrolments(const people::Actor& a,
                                                           const std::string& slug);

  // The learner's standing in one published course (enrolled or not).
  Result<CourseLearning> Standing(const people::User& u, const std::string& slug);
  // Every course the learner is enrolled in or has completed, in catalogue order.
  Result<std::vector<CourseLearning>> MyLearning(const people::User& u);
  // Marks a lesson done; returns the new standing (with the certificate when
  // this completed the course). NotFound for an unknown course or lesson.
  Result<CourseLearning> CompleteLesson(const people::User& u, const std::string& slug,
                                        const std::string& lesson);
  // Starts the course again: the next round, with its lessons and quiz to do
  // again (a refresher; the completed rounds, their certificates and the
  // certifications they earned stay). Enrols the learner when needed.
  // Conflict (course_round_open) while the current round is not
  // completed; NotFound for an unknown course.
  Result<CourseLearning> StartAgain(const people::User& u, const std::string& slug);
  // Records lessons a guest finished before registering or signing in, for
  // courses the account may take; unknown ones are ignored. Returns how many.
  Result<int> ClaimGuestLessons(const people::User& u, const courses::GuestLessons& lessons);

  // Quizzes. `u` null: a guest may look, not answer.
  Result<QuizForLearner> QuizForCourse(const people::User* u, const std::string& slug);
  Result<QuizForLearner> QuizById(const people::User* u, int64_t quiz_id);
  // Opens an attempt (or returns the open one). Conflict when no attempts are
  // left or the quiz was replaced by a newer revision.
  Result<QuizForLearner> StartAttempt(const people::User& u, int64_t quiz_id);
  // Grades and records `answers` (a JSON object, question id -> answer, see
  // docs/quiz-format.md). InvalidArgument for an unknown question or a wrong
  // answer; Conflict when no attempts are left, the time ran out (late:
  // reject) or an attempt must be started first. Nothing is stored on error.
  Result<AttemptOutcome> Submit(const people::User& u, int64_t quiz_id,
                                const std::string& submission_id, const nlohmann::json& answers);
  // Checks `answers` as Submit would (InvalidArgument naming the question)
  // without grading or storing anything: the quiz form asks about unanswered
  // questions only once the given answers are acceptable.
  Status CheckAnswers(const people::User& u, int64_t quiz_id, const nlohmann::json& answers);
  // Drafts: what the learner has answered so far in their own open attempt
  // (the answer form's fields, a JSON object of field name -> array of
  // values), saved as it is given so that a dropped connection loses
  // nothing. Each save replaces the last; submitting or expiring the attempt
  // deletes it; a draft is never a submission. NotFound (attempt_not_found)
  // for someone else's attempt; Conflict (quiz_draft_closed) once the attempt
  // is submitted or its time is over; InvalidArgument (quiz_draft_invalid) for
  // fields that are not such an object or over 64 KiB.
  Status SaveDraft(const people::User& u, int64_t attempt_id, const nlohmann::json& fields);
  // The saved draft of the learner's own open attempt, if any (none once
  // submitted). NotFound (attempt_not_found) for someone else's attempt.
  Result<std::optional<nlohmann::json>> Draft(const people::User& u, int64_t attempt_id);
  // A submitted attempt with its feedback: the learner's own, or one in a
  // trainer's scope. NotFound otherwise.
  Result<AttemptOutcome> Attempt(const people::Actor& a, int64_t attempt_id);
  // Trainers, managers and admins: learners in their scope.
  Result<QuizResults> Results(const people::Actor& a, int64_t quiz_id);

  // Essay grading (docs/learning.md "Essays"): trainers and admins, for
  // learners in their read scope. The queue: attempts waiting, oldest first.
  Result<std::vector<GradingItem>> GradingQueue(const people::Actor& a);
  // Grades every waiting essay of one attempt (0..points each, feedback
  // optional), completes its score and, as for an auto-graded attempt,
  // the course and its certificate. PermissionDenied for learners; NotFound
  // outside the scope; InvalidArgument for a missing, unknown or out-of-range
  // grade; Conflict (attempt_already_graded) when graded before: grading is
  // refused a second time, not repeated.
  Result<AttemptOutcome> GradeEssays(const people::Actor& a, int64_t attempt_id,
                                     const std::vector<assessments::EssayGrade>& grades);

  // Certificates.
  Result<CertificateCheck> Verify(const std::string& code);
  Result<std::vector<courses::CertificateRecord>> Certificates(const people::User& u);

 private:
  // A quiz of a published course in the catalogue, with the course.
  struct Live {
    assessments::QuizRevision revision;
    std::shared_ptr<const CatalogSnapshot> snapshot;  // keeps `course` alive
    const courses::StoredCourse* course = nullptr;
  };
  Result<Live> LiveQuiz(int64_t quiz_id);
  // An open attempt that can no longer be submitted: past its deadline at a
  // quiz that rejects late answers (with `late: mark` it stays open).
  Result<bool> Expired(const assessments::AttemptRecord& a);
  Result<std::shared_ptr<const assessments::Quiz>> ParsedQuiz(int64_t revision_id,
                                                              const std::string& source);
  // How much of a standing Build reads. kForCompletion: what CompleteIfDone
  // needs after a submission (the completion, the lessons, the quiz's result),
  // in steps that do not grow with the learner's attempts; the attempts are
  // not counted or listed, the open attempt, round and certificate not read.
  enum class Depth { kFull, kForCompletion };
  Result<CourseLearning> Build(const people::User& u, const courses::StoredCourse& c,
                               const std::optional<courses::Enrolment>& enrolment,
                               Depth depth = Depth::kFull);
  Result<QuizStanding> QuizStandingFor(const people::User& u, const courses::StoredCourse& c,
                                       Depth depth);
  Result<bool> IsEnrolled(const people::User& u, const courses::StoredCourse& c);
  // OK when `u` is enrolled in `c` or may enrol themself; PermissionDenied otherwise.
  Status MayTake(const people::User& u, const courses::StoredCourse& c);
  Status EnsureEnrolled(const people::User& u, const courses::StoredCourse& c,
                        const std::string& source);
  // Records the completion and certificate when `standing` (just built) is
  // complete and not completed yet, and updates `standing` to match. Returns
  // the new certificate, if any.
  Result<std::optional<courses::CertificateRecord>> CompleteIfDone(const people::User& u,
                                                                   const courses::StoredCourse& c,
                                                                   CourseLearning& standing);
  Result<QuizForLearner> Present(const people::User* u, const assessments::QuizRevision& q);
  Result<AttemptOutcome> Regrade(const assessments::AttemptRecord& a);
  Result<std::vector<int64_t>> Targets(const people::Actor& a, const EnrolRequest& r,
                                       int* matched);

  courses::LearningStore* store_;
  assessments::AttemptStore* attempts_;
  CourseService* courses_;
  PeopleService* people_;
  const Clock* clock_;
  CertificationService* certifications_;
  std::mutex mu_;
  std::map<int64_t, std::shared_ptr<const assessments::Quiz>> quizzes_;  // by revision id
};

// Answers as JSON (the API and the attempt_answers table), checked against
// the questions they answer: an object of question id -> answer, each of the
// kind docs/quiz-format.md "Answers in the API" gives. InvalidArgument names
// the question and what was expected.
Result<assessments::AnswerSheet> AnswersFromJson(const nlohmann::json& answers,
                                                 const std::vector<assessments::Question>& questions);
nlohmann::json AnswerToJson(const assessments::Answer& answer);

}  // namespace lophoc::app
