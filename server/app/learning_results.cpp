// Quiz results for trainers, managers and admins: every attempt in the
// reader's org subtree, each learner's counted result, and the questions
// from the most missed. Attempts waiting for an essay's grade count only once
// graded.
#include <algorithm>
#include <map>
#include <tuple>

#include "server/app/learning_service.h"

namespace lophoc::app {

using people::Role;

Result<QuizResults> LearningService::Results(const people::Actor& a, int64_t quiz_id) {
  if (!(a.Has(Role::kAdmin) || a.Has(Role::kManager) || a.Has(Role::kTrainer))) {
    return Status::PermissionDenied("quiz results are for trainers, managers and admins")
        .WithReason("learning_staff_only");
  }
  auto q = attempts_->FindQuiz(quiz_id);
  if (!q.ok()) {
    if (q.status().code() != StatusCode::kNotFound) return q.status();
    return Status::NotFound("no quiz " + std::to_string(quiz_id)).WithReason("quiz_not_found");
  }
  auto quiz = ParsedQuiz(q->revision_id, q->quiz_source);
  if (!quiz.ok()) return quiz.status();
  const people::Scope scope = people::ReadScope(a);
  auto rows = attempts_->QuizResults(q->course_id, scope);
  if (!rows.ok()) return rows.status();
  auto stats = attempts_->QuestionStats(q->course_id, scope);
  if (!stats.ok()) return stats.status();
  QuizResults out;
  out.quiz_id = quiz_id;
  out.course_slug = q->course_slug;
  out.course_title = q->course_title;
  out.settings = (*quiz)->settings;
  std::map<int64_t, std::vector<const assessments::ResultRow*>> by_user;
  for (const auto& r : *rows) by_user[r.user_id].push_back(&r);
  for (const auto& [user_id, attempts] : by_user) {
    LearnerResult l;
    l.user_id = user_id;
    l.username = attempts.front()->username;
    l.display_name = attempts.front()->display_name;
    l.site_code = attempts.front()->site_code;
    l.attempts = static_cast<int>(attempts.size());
    std::vector<double> percentages;
    for (const auto* r : attempts) {
      if (!r->pending) percentages.push_back(r->percentage);
    }
    l.counted_percentage = assessments::CombineAttempts(out.settings.grading, percentages).percentage;
    l.passed = l.counted_percentage && *l.counted_percentage >= out.settings.pass_mark;
    l.last_submitted_at = attempts.back()->submitted_at;
    out.learners.push_back(std::move(l));
  }
  std::sort(out.learners.begin(), out.learners.end(),
            [](const LearnerResult& x, const LearnerResult& y) {
              return std::tie(x.display_name, x.user_id) < std::tie(y.display_name, y.user_id);
            });
  for (const auto& s : *stats) {
    QuestionResult r;
    r.question_id = s.question_id;
    r.stat = s;
    r.success_percent = s.max_sum > 0 ? 100.0 * s.score_sum / s.max_sum : 0;
    for (const auto& question : (*quiz)->questions) {
      if (question.id == s.question_id) r.stem_markdown = question.stem_markdown;
    }
    out.questions.push_back(std::move(r));
  }
  std::sort(out.questions.begin(), out.questions.end(),
            [](const QuestionResult& x, const QuestionResult& y) {
              return std::tie(x.success_percent, x.question_id) <
                     std::tie(y.success_percent, y.question_id);
            });
  out.attempts = std::move(*rows);
  return out;
}

}  // namespace lophoc::app
