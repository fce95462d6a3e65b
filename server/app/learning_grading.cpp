// Essays graded by trainers: the queue of waiting attempts and the grade that
// completes an attempt's score (and, as for an auto-graded attempt, the course).
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "assessments/quiz_numbers.h"
#include "server/app/crypto.h"
#include "server/app/learning_service.h"

namespace lophoc::app {
namespace {

using assessments::AttemptRecord;
using assessments::EssayGrade;
using people::Role;

// The longest feedback a trainer may write on one essay, in characters.
constexpr size_t kFeedbackMaxChars = 5000;

size_t Characters(const std::string& s) {
  size_t n = 0;
  for (char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

bool MayGrade(const people::Actor& a) { return a.Has(Role::kAdmin) || a.Has(Role::kTrainer); }

Status GradersOnly() {
  return Status::PermissionDenied("essays are graded by trainers and admins")
      .WithReason("grading_staff_only");
}

Status Hidden(int64_t attempt_id) {
  return Status::NotFound("no attempt " + std::to_string(attempt_id))
      .WithReason("attempt_not_found");
}

Status BadGrade(const std::string& question_id, std::string message, const char* reason) {
  return Status::InvalidArgument(std::move(message))
      .WithReason(reason)
      .WithField("grades." + question_id)
      .WithParam("question", question_id);
}

}  // namespace

Result<std::vector<GradingItem>> LearningService::GradingQueue(const people::Actor& a) {
  if (!MayGrade(a)) return GradersOnly();
  auto rows = attempts_->PendingAttempts(people::ReadScope(a));
  if (!rows.ok()) return rows.status();
  std::vector<GradingItem> out;
  for (const auto& row : *rows) {
    auto attempt = attempts_->GetAttempt(row.attempt_id);
    if (!attempt.ok()) return attempt.status();
    auto outcome = Regrade(*attempt);
    if (!outcome.ok()) return outcome.status();
    auto q = attempts_->FindQuiz(attempt->revision_id);
    if (!q.ok()) return q.status();
    out.push_back({row, q->course_title, std::move(*outcome)});
  }
  return out;
}

Result<AttemptOutcome> LearningService::GradeEssays(const people::Actor& a, int64_t attempt_id,
                                                    const std::vector<EssayGrade>& grades) {
  if (!MayGrade(a)) return GradersOnly();
  auto attempt = attempts_->GetAttempt(attempt_id);
  if (!attempt.ok()) {
    return attempt.status().code() == StatusCode::kNotFound ? Hidden(attempt_id) : attempt.status();
  }
  // Outside the grader's org subtree the attempt does not exist for them.
  auto learner = people_->GetUser(a, attempt->user_id);
  if (!learner.ok() || !attempt->submitted()) return Hidden(attempt_id);
  if (!attempt->pending) {
    return Status::Conflict("this attempt was graded already").WithReason("attempt_already_graded");
  }
  auto q = attempts_->FindQuiz(attempt->revision_id);
  if (!q.ok()) return q.status();
  auto quiz = ParsedQuiz(q->revision_id, q->quiz_source);
  if (!quiz.ok()) return quiz.status();

  // The essays waiting, by question id, with their points.
  std::map<std::string, double> waiting;
  for (const auto& ans : attempt->answers) {
    if (ans.pending) waiting[ans.question_id] = ans.max_score;
  }
  std::map<std::string, const EssayGrade*> given;
  for (const auto& g : grades) {
    auto it = waiting.find(g.question_id);
    if (it == waiting.end()) {
      return BadGrade(g.question_id,
                      "question '" + g.question_id + "' has no essay waiting in this attempt",
                      "essay_grade_unknown_question");
    }
    if (!given.emplace(g.question_id, &g).second) {
      return BadGrade(g.question_id, "question '" + g.question_id + "' is graded twice",
                      "essay_grade_unknown_question");
    }
    if (!std::isfinite(g.score) || g.score < 0 || g.score > it->second) {
      return BadGrade(g.question_id,
                      "the score of question '" + g.question_id + "' must be 0 to " +
                          assessments::FormatDecimal(it->second),
                      "essay_score_out_of_range")
          .WithParam("max", assessments::FormatDecimal(it->second));
    }
    if (Characters(g.feedback) > kFeedbackMaxChars) {
      return BadGrade(g.question_id, "feedback is limited to 5000 characters",
                      "essay_feedback_too_long")
          .WithParam("limit", static_cast<int64_t>(kFeedbackMaxChars));
    }
  }
  for (const auto& [id, points] : waiting) {
    if (given.count(id) == 0) {
      return BadGrade(id, "question '" + id + "' needs a score", "essay_grade_missing");
    }
  }

  AttemptRecord graded = *attempt;
  graded.score = 0;
  graded.max_score = 0;
  for (const auto& ans : attempt->answers) {
    graded.score += ans.pending ? given.at(ans.question_id)->score : ans.score;
    graded.max_score += ans.max_score;
  }
  graded.percentage =
      graded.max_score > 0 ? std::round(1e9 * 100 * graded.score / graded.max_score) / 1e9 : 0;
  graded.passed = graded.percentage >= (*quiz)->settings.pass_mark;
  graded.pending = false;
  graded.graded_at = FormatIso8601(clock_->Now());

  people::AuditEntry audit;
  audit.at = graded.graded_at;
  audit.actor_user_id = a.user_id;
  audit.actor = a.username;
  audit.action = "attempt.grade";
  audit.object_type = "quiz_attempt";
  audit.object_key = std::to_string(attempt_id);
  nlohmann::json scores = nlohmann::json::object();
  for (const auto& g : grades) scores[g.question_id] = g.score;
  audit.details_json = nlohmann::json{
      {"learner", learner->username},
      {"course", q->course_slug},
      {"scores", scores},
      {"percentage", graded.percentage},
      {"passed",
       graded.passed}}.dump();
  auto stored = attempts_->RecordGrades(graded, grades, audit);
  if (!stored.ok()) return stored.status();

  // Completion and certificate follow the grade exactly as they follow an
  // auto-graded submission; RecordCompletion issues one certificate even
  // when two requests finish the course at once.
  std::optional<courses::CertificateRecord> certificate;
  auto snap = courses_->Catalog();
  if (!snap.ok()) return snap.status();
  if (const courses::StoredCourse* c = (*snap)->Find(q->course_slug)) {
    auto standing = Build(*learner, *c, std::nullopt);
    if (!standing.ok()) return standing.status();
    auto cert = CompleteIfDone(*learner, *c, *standing);
    if (!cert.ok()) return cert.status();
    certificate = *cert;
  }
  auto full = attempts_->GetAttempt(attempt_id);
  if (!full.ok()) return full.status();
  auto out = Regrade(*full);
  if (out.ok()) out->certificate = certificate;
  return out;
}

}  // namespace lophoc::app
