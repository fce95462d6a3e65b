#include "server/http/learning_presenters.h"

#include <cmath>

#include "courses/markdown.h"
#include "kernel/csv.h"
#include "server/app/course_service.h"
#include "server/http/json_views.h"

namespace lophoc::http {
namespace {

using nlohmann::json;


constexpr size_t kListedAttempts = 20;

// Scores print with at most two decimals: 2.3333 points is noise to a learner.
double Round2(double v) { return std::round(v * 100.0) / 100.0; }

const char* NextStepName(courses::NextStep s) {
  switch (s) {
    case courses::NextStep::kLesson: return "lesson";
    case courses::NextStep::kQuiz: return "quiz";
    case courses::NextStep::kNothing: return "none";
  }
  return "none";
}

json SettingsJson(const assessments::QuizSettings& s) {
  return {{"title", s.title},
          {"pass_mark", s.pass_mark},
          {"max_attempts", NullIfEmpty(s.max_attempts)},
          {"grading", assessments::GradingMethodName(s.grading)},
          {"time_limit_minutes", NullIfEmpty(s.time_limit_minutes)},
          {"late", assessments::LatePolicyName(s.late)},
          {"draw", NullIfEmpty(s.draw)},
          {"shuffle", s.shuffle}};
}

json AttemptBriefJson(const assessments::AttemptRecord& a) {
  return {{"id", a.id},
          {"quiz_id", a.revision_id},
          {"started_at", a.started_at},
          {"deadline_at", NullIfEmpty(a.deadline_at)},
          {"submitted_at", NullIfEmpty(a.submitted_at)},
          {"score", Round2(a.score)},
          {"max_score", Round2(a.max_score)},
          // Waiting for a trainer to grade an essay: not known yet.
          {"percentage", a.pending ? json(nullptr) : json(Round2(a.percentage))},
          {"passed", a.pending ? json(nullptr) : json(a.passed)},
          {"late", a.late},
          {"grading", a.pending             ? "pending"
                      : a.graded_at.empty() ? "auto"
                                            : "graded"}};
}

}  // namespace

std::string CertificateUrl(const std::string& code) { return "/certificates/" + code; }

std::string QuizUrl(const std::string& slug) { return "/courses/" + slug + "/quiz"; }

std::string QuizHtml(const std::string& slug, const std::string& markdown) {
  return courses::RenderMarkdown(markdown, app::PackageUrlResolver(slug)).html;
}

std::string WholePercent(double v) { return std::to_string(static_cast<int>(v + 0.5)) + "%"; }
std::string VerifyUrl(const std::string& code) { return "/verify/" + code; }

json EnrolmentJson(const courses::Enrolment& e) {
  return {{"id", e.id},
          {"course", e.course_slug},
          {"user", {{"id", e.user_id}, {"username", e.username}, {"display_name", e.display_name}}},
          {"site", NullIfEmpty(e.site_code)},
          {"enrolled_at", e.enrolled_at},
          {"source", e.source},
          {"withdrawn_at", NullIfEmpty(e.withdrawn_at)}};
}

json CourseLearningJson(const app::CourseLearning& c) {
  json lessons = json::array();
  for (const auto& l : c.lessons) {
    lessons.push_back({{"slug", l.slug}, {"title", l.title}, {"done", l.done}});
  }
  json quiz = nullptr;
  if (c.quiz) {
    // The latest attempts only: a quiz with unlimited attempts may have many.
    json attempts = json::array();
    const size_t from = c.quiz->attempts.size() > kListedAttempts ? c.quiz->attempts.size() - kListedAttempts : 0;
    for (size_t i = from; i < c.quiz->attempts.size(); ++i) attempts.push_back(AttemptBriefJson(c.quiz->attempts[i]));
    quiz = {
        {"id", c.quiz->quiz_id},
        {"settings", SettingsJson(c.quiz->settings)},
        {"question_count", c.quiz->question_count},
        {"attempts_used", c.quiz->attempts_used},
        {"attempts_left", NullIfEmpty(c.quiz->attempts_left)},
        {"result_percentage",
         c.quiz->counted_percentage ? json(Round2(*c.quiz->counted_percentage)) : json(nullptr)},
        {"passed", c.quiz->passed},
        {"attempts_pending", c.quiz->attempts_pending},
        {"open_attempt",
         c.quiz->open_attempt ? AttemptBriefJson(*c.quiz->open_attempt) : json(nullptr)},
        {"attempts", attempts}};
  }
  json next = {{"step", NextStepName(c.next)}};
  if (c.next == courses::NextStep::kLesson && c.standing.next_lesson) {
    next["lesson"] = *c.standing.next_lesson;
  }
  return {{"course", c.slug},
          {"title", c.title},
          {"title_en", c.title_en},
          {"audience", courses::AudienceName(c.audience)},
          {"enrolment", c.enrolment ? EnrolmentJson(*c.enrolment) : json(nullptr)},
          {"completion_rule", courses::CompletionRuleName(c.rule)},
          {"progress", {{"lessons_done", c.standing.lessons_done},
                        {"lessons_total", c.standing.lessons_total},
                        {"percent", c.percent}}},
          {"lessons", lessons},
          {"quiz", quiz},
          {"round", c.round},
          {"completed", c.completion.has_value()},
          {"completed_at", c.completion ? json(c.completion->completed_at) : json(nullptr)},
          {"certificate", c.certificate ? CertificateJson(*c.certificate) : json(nullptr)},
          {"next", next}};
}

json PublicQuestionJson(const assessments::PublicQuestion& q) {
  json out = {{"id", q.id},
              {"type", assessments::QuestionTypeName(q.type)},
              {"points", q.points},
              {"text_markdown", q.stem_markdown}};
  if (!q.options.empty()) {
    json options = json::array();
    for (const auto& o : q.options) options.push_back({{"index", o.index}, {"text_markdown", o.text_markdown}});
    out["options"] = options;
  }
  if (q.type == assessments::QuestionType::kMatching) {
    out["left_items"] = q.left_items;
    json rights = json::array();
    for (const auto& r : q.right_items) rights.push_back({{"index", r.index}, {"text", r.text_markdown}});
    out["right_items"] = rights;
  }
  return out;
}

json QuizJson(const app::QuizForLearner& q) {
  json questions = json::array();
  for (const auto& question : q.questions) questions.push_back(PublicQuestionJson(question));
  return {{"id", q.quiz_id},
          {"course", q.course_slug},
          {"course_title", q.course_title},
          {"current", q.current},
          {"settings", SettingsJson(q.settings)},
          {"intro_markdown", q.intro_markdown},
          {"question_count", q.question_count},
          {"requires_start", q.requires_start},
          {"attempt", q.open_attempt ? AttemptBriefJson(*q.open_attempt) : json(nullptr)},
          {"questions", questions}};
}

json AttemptOutcomeJson(const app::AttemptOutcome& o) {
  json questions = json::array();
  for (const auto& g : o.report.questions) {
    // The answer as submitted (the form of "Answers in the API"), null when none.
    json given = nullptr;
    for (const auto& stored : o.attempt.answers) {
      if (stored.question_id != g.question_id) continue;
      given = json::parse(stored.answer_json, nullptr, false);
      if (given.is_discarded()) given = nullptr;
    }
    questions.push_back({{"id", g.question_id},
                         {"answered", g.answered},
                         {"outcome", g.pending ? "pending" : assessments::OutcomeName(g.outcome)},
                         {"score", g.pending ? json(nullptr) : json(Round2(g.score))},
                         {"max_score", Round2(g.max)},
                         {"answer", given},
                         {"feedback_markdown", g.answer_feedback},
                         {"general_feedback_markdown", g.general_feedback},
                         {"grader_feedback_markdown", NullIfEmpty(g.grader_feedback)}});
  }
  const bool pending = o.attempt.pending;
  return {{"attempt", AttemptBriefJson(o.attempt)},
          {"course", o.course_slug},
          {"pending", pending},
          {"score", Round2(o.report.score)},
          {"max_score", Round2(o.report.max)},
          {"percentage", pending ? json(nullptr) : json(Round2(o.report.percentage))},
          {"passed", pending ? json(nullptr) : json(o.report.passed)},
          {"replayed", o.replayed},
          {"questions", questions},
          {"certificate", o.certificate ? CertificateJson(*o.certificate) : json(nullptr)}};
}

json CertificateJson(const courses::CertificateRecord& c) {
  return {{"code", c.code},
          {"course", c.course_slug},
          {"course_title", c.course_title},
          {"holder_name", c.holder_name},
          {"site", c.site_name},
          {"issued_by", c.org_name},
          {"issued_at", c.issued_at},
          {"valid_until", NullIfEmpty(c.valid_until)},
          {"revision", c.revision_number},
          {"url", CertificateUrl(c.code)},
          {"verify_url", VerifyUrl(c.code)}};
}

json CertificateCheckJson(const app::CertificateCheck& c) {
  json out = CertificateJson(c.certificate);
  out["genuine"] = true;
  out["status"] = app::CertificateValidityName(c.validity);
  out["valid"] = c.validity == app::CertificateValidity::kValid;
  out.erase("url");
  return out;
}

json QuizResultsJson(const app::QuizResults& r) {
  json learners = json::array();
  for (const auto& l : r.learners) {
    learners.push_back({{"user", {{"id", l.user_id}, {"username", l.username},
                                  {"display_name", l.display_name}}},
                        {"site", NullIfEmpty(l.site_code)},
                        {"attempts", l.attempts},
                        {"result_percentage", l.counted_percentage
                                                  ? json(Round2(*l.counted_percentage)) : json(nullptr)},
                        {"passed", l.passed},
                        {"last_submitted_at", l.last_submitted_at}});
  }
  json questions = json::array();
  for (const auto& q : r.questions) {
    questions.push_back({{"id", q.question_id},
                         {"text_markdown", q.stem_markdown},
                         {"answered", q.stat.answered},
                         {"unanswered", q.stat.unanswered},
                         {"correct", q.stat.correct},
                         {"partial", q.stat.partial},
                         {"incorrect", q.stat.incorrect},
                         {"success_percent", Round2(q.success_percent)}});
  }
  return {{"quiz_id", r.quiz_id},
          {"course", r.course_slug},
          {"course_title", r.course_title},
          {"settings", SettingsJson(r.settings)},
          {"learners", learners},
          {"questions", questions},
          {"attempt_count", r.attempts.size()}};
}

std::string QuizResultsCsv(const app::QuizResults& r) {
  CsvWriter out({"username", "display_name", "site", "revision", "submitted_at", "score",
                          "max_score", "percentage", "passed", "late"});
  for (const auto& a : r.attempts) {
    out.Row({a.username, a.display_name, a.site_code, std::to_string(a.revision_number),
             a.submitted_at, json(Round2(a.score)).dump(), json(Round2(a.max_score)).dump(),
             json(Round2(a.percentage)).dump(), a.passed ? "yes" : "no", a.late ? "yes" : "no"});
  }
  return out.Take();
}

}  // namespace lophoc::http
