// Quizzes: presenting them without answers, attempts, grading, results.
#include <algorithm>

#include "assessments/quiz_parser.h"
#include "server/app/crypto.h"
#include "server/app/learning_service.h"

namespace lophoc::app {
namespace {

using assessments::Quiz;
using assessments::AttemptRecord;
using people::Role;
using courses::StoredCourse;
using people::User;

bool RequiresStart(const Quiz& q) {
  return q.settings.time_limit_minutes.has_value() ||
         (q.settings.draw && static_cast<size_t>(*q.settings.draw) < q.questions.size());
}

int QuestionCount(const Quiz& q) {
  const int all = static_cast<int>(q.questions.size());
  return q.settings.draw ? std::min(*q.settings.draw, all) : all;
}

uint64_t RandomSeed() {
  const std::string token = RandomToken(12);
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : token) h = (h ^ c) * 1099511628211ULL;
  return h & 0x7FFFFFFFFFFFFFFFULL;  // stored as a signed 64-bit integer
}

// `s`, or `instead` when `s` is NotFound (the store's NotFound has no reason).
Status IfNotFound(const Status& s, Status instead) {
  return s.code() == StatusCode::kNotFound ? std::move(instead) : s;
}

Status NoQuiz(int64_t quiz_id) {
  return Status::NotFound("no quiz " + std::to_string(quiz_id)).WithReason("quiz_not_found");
}

Status Replaced() {
  return Status::Conflict("this quiz was replaced by a newer version; reload it")
      .WithReason("quiz_replaced");
}

bool ValidSubmissionId(const std::string& id) {
  if (id.size() < 8 || id.size() > 100) return false;
  return std::all_of(id.begin(), id.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '-' || c == '_';
  });
}

bool PastDeadline(const AttemptRecord& a, std::chrono::system_clock::time_point now) {
  if (a.deadline_at.empty()) return false;
  const auto deadline = ParseIso8601(a.deadline_at);
  return !deadline || now - kDeadlineGrace > *deadline;  // an unreadable deadline has passed
}

std::vector<assessments::PublicQuestion> PublicQuestions(const Quiz& quiz,
                                                         const std::vector<std::string>& ids,
                                                         uint64_t seed) {
  std::vector<assessments::PublicQuestion> out;
  auto selected = assessments::SelectQuestions(quiz, ids);
  if (!selected.ok()) return out;
  for (const auto& q : *selected) out.push_back(assessments::ToPublic(q, quiz.settings.shuffle, seed));
  return out;
}

bool IsEssay(const Quiz& quiz, const std::string& question_id) {
  for (const auto& q : quiz.questions) {
    if (q.id == question_id) return q.type == assessments::QuestionType::kEssay;
  }
  return false;
}

}  // namespace

Result<std::shared_ptr<const Quiz>> LearningService::ParsedQuiz(int64_t revision_id,
                                                                const std::string& source) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = quizzes_.find(revision_id);
    if (it != quizzes_.end()) return it->second;
  }
  Diagnostics diags;
  FileDiagnostics fd(&diags, "quiz.md");
  auto quiz = assessments::ParseQuiz(source, fd);
  if (!quiz) {
    return Status::Corruption("the stored quiz of revision " + std::to_string(revision_id) +
                              " does not parse");
  }
  auto shared = std::make_shared<const Quiz>(std::move(*quiz));
  std::lock_guard<std::mutex> lock(mu_);
  if (quizzes_.size() > 500) quizzes_.clear();  // revisions are few; bound it anyway
  quizzes_[revision_id] = shared;
  return std::shared_ptr<const Quiz>(shared);
}

Result<QuizStanding> LearningService::QuizStandingFor(const User& u, const StoredCourse& c,
                                                      Depth depth) {
  auto quiz = ParsedQuiz(c.revision_id, *c.package.quiz);
  if (!quiz.ok()) return quiz.status();
  QuizStanding out;
  out.quiz_id = c.revision_id;
  out.settings = (*quiz)->settings;
  out.question_count = QuestionCount(**quiz);
  // An attempt waiting for grading has no percentage yet: it counts once
  // graded. Summed up by the store, not read attempt by attempt: a quiz
  // without an attempt limit may hold thousands of one learner's attempts.
  if (depth == Depth::kForCompletion) {
    auto counted = attempts_->CountedPercentage(u.id, c.course_id, out.settings.grading);
    if (!counted.ok()) return counted.status();
    out.counted_percentage = *counted;
    out.passed = out.counted_percentage && *out.counted_percentage >= out.settings.pass_mark;
    return out;
  }
  auto summary =
      attempts_->SummariseAttempts(u.id, c.course_id, out.settings.grading, kListedAttempts);
  if (!summary.ok()) return summary.status();
  out.attempts = std::move(summary->latest);
  out.attempts_used = summary->count;
  if (out.settings.max_attempts) {
    out.attempts_left = std::max(0, *out.settings.max_attempts - out.attempts_used);
  }
  out.attempts_pending = summary->pending;
  out.counted_percentage = summary->counted_percentage;
  out.passed = out.counted_percentage && *out.counted_percentage >= out.settings.pass_mark;
  auto open = attempts_->OpenAttempt(u.id, c.course_id);
  if (!open.ok()) return open.status();
  out.open_attempt = *open;
  return out;
}

Result<QuizForLearner> LearningService::Present(const User* u, const assessments::QuizRevision& q) {
  auto quiz = ParsedQuiz(q.revision_id, q.quiz_source);
  if (!quiz.ok()) return quiz.status();
  QuizForLearner out;
  out.quiz_id = q.revision_id;
  out.course_slug = q.course_slug;
  out.course_title = q.course_title;
  out.current = q.current;
  out.settings = (*quiz)->settings;
  out.intro_markdown = (*quiz)->intro_markdown;
  out.question_count = QuestionCount(**quiz);
  out.requires_start = RequiresStart(**quiz);
  if (u != nullptr) {
    auto open = attempts_->OpenAttempt(u->id, q.course_id);
    if (!open.ok()) return open.status();
    const bool late_ok = (*quiz)->settings.late == assessments::LatePolicy::kMark;
    if (*open && (*open)->revision_id == q.revision_id &&
        (late_ok || !PastDeadline(**open, clock_->Now()))) {
      out.open_attempt = *open;
      out.questions = PublicQuestions(**quiz, (*open)->question_ids, (*open)->seed);
      if (!(*open)->deadline_at.empty()) {
        const auto deadline = ParseIso8601((*open)->deadline_at);
        const auto left =
            deadline ? std::chrono::duration_cast<std::chrono::seconds>(*deadline - clock_->Now())
                           .count()
                     : 0;
        out.seconds_left = std::max<int64_t>(0, left);
      }
      return out;
    }
  }
  if (!out.requires_start) {
    // A fresh order each time it is shown: with a fixed one, matching items
    // would sit in the same places for everyone, possibly in file order.
    out.questions = PublicQuestions(**quiz, assessments::DrawQuestions(**quiz, 0), RandomSeed());
  }
  return out;
}

Result<QuizForLearner> LearningService::QuizForCourse(const User* u, const std::string& slug) {
  auto snap = courses_->Catalog();
  if (!snap.ok()) return snap.status();
  const StoredCourse* c = (*snap)->Find(slug);
  if (c == nullptr) return CourseNotFound(slug);
  if (!c->package.quiz) {
    return Status::NotFound("course '" + slug + "' has no quiz").WithReason("quiz_not_found");
  }
  auto q = attempts_->FindQuiz(c->revision_id);
  if (!q.ok()) return q.status();
  return Present(u, *q);
}

Result<QuizForLearner> LearningService::QuizById(const User* u, int64_t quiz_id) {
  auto q = attempts_->FindQuiz(quiz_id);
  if (!q.ok()) return IfNotFound(q.status(), NoQuiz(quiz_id));
  if (!q->published) return NoQuiz(quiz_id);
  return Present(u, *q);
}

Result<bool> LearningService::Expired(const AttemptRecord& a) {
  if (!PastDeadline(a, clock_->Now())) return false;
  auto q = attempts_->FindQuiz(a.revision_id);
  if (!q.ok()) return q.status();
  auto quiz = ParsedQuiz(q->revision_id, q->quiz_source);
  if (!quiz.ok()) return quiz.status();
  return (*quiz)->settings.late == assessments::LatePolicy::kReject;
}

Result<LearningService::Live> LearningService::LiveQuiz(int64_t quiz_id) {
  auto q = attempts_->FindQuiz(quiz_id);
  if (!q.ok()) return IfNotFound(q.status(), NoQuiz(quiz_id));
  auto snap = courses_->Catalog();
  if (!snap.ok()) return snap.status();
  const StoredCourse* c = (*snap)->Find(q->course_slug);
  if (!q->published || c == nullptr) return NoQuiz(quiz_id);
  return Live{std::move(*q), *snap, c};
}

Result<QuizForLearner> LearningService::StartAttempt(const User& u, int64_t quiz_id) {
  auto live = LiveQuiz(quiz_id);
  if (!live.ok()) return live.status();
  const assessments::QuizRevision* q = &live->revision;
  const StoredCourse* c = live->course;
  auto open = attempts_->OpenAttempt(u.id, q->course_id);
  if (!open.ok()) return open.status();
  const auto now = clock_->Now();
  if (*open) {
    auto expired = Expired(**open);
    if (!expired.ok()) return expired.status();
    if (!*expired) {
      if ((*open)->revision_id == quiz_id) return Present(&u, *q);
      return Status::Conflict("you have an attempt open at an earlier version of this quiz: "
                              "open quiz " + std::to_string((*open)->revision_id) + " to finish it")
          .WithReason("attempt_open_elsewhere")
          .WithParam("quiz", (*open)->revision_id);
    }
    Status s = attempts_->ExpireAttempt((*open)->id, (*open)->deadline_at);
    if (!s.ok()) return s;
  }
  if (!q->current) return Replaced();
  auto quiz = ParsedQuiz(q->revision_id, q->quiz_source);
  if (!quiz.ok()) return quiz.status();
  if ((*quiz)->settings.max_attempts) {
    auto used = attempts_->SummariseAttempts(u.id, q->course_id, (*quiz)->settings.grading, 0);
    if (!used.ok()) return used.status();
    if (used->count >= *(*quiz)->settings.max_attempts) {
      return Status::Conflict("no attempts left").WithReason("no_attempts_left");
    }
  }
  Status s = EnsureEnrolled(u, *c, "self");
  if (!s.ok()) return s;
  AttemptRecord a;
  a.user_id = u.id;
  a.course_id = q->course_id;
  a.revision_id = q->revision_id;
  a.started_at = FormatIso8601(now);
  if ((*quiz)->settings.time_limit_minutes) {
    a.deadline_at = FormatIso8601(now + std::chrono::minutes(*(*quiz)->settings.time_limit_minutes));
  }
  a.seed = RandomSeed();
  a.question_ids = assessments::DrawQuestions(**quiz, a.seed);
  auto stored = attempts_->StartAttempt(a);
  if (!stored.ok() && stored.status().code() != StatusCode::kConflict) return stored.status();
  return Present(&u, *q);  // a concurrent start won: show that attempt
}

Result<AttemptOutcome> LearningService::Submit(const User& u, int64_t quiz_id,
                                               const std::string& submission_id,
                                               const nlohmann::json& answers) {
  if (!ValidSubmissionId(submission_id)) {
    return Status::InvalidArgument("submission_id must be 8-100 letters, digits, '-' or '_'")
        .WithReason("submission_id_invalid")
        .WithField("submission_id");
  }
  auto replay = attempts_->FindSubmission(u.id, submission_id);
  if (!replay.ok()) return replay.status();
  if (*replay) {
    if ((*replay)->revision_id != quiz_id) {
      return Status::InvalidArgument("this submission_id was used for another quiz")
          .WithReason("submission_id_reused")
          .WithField("submission_id");
    }
    auto full = attempts_->GetAttempt((*replay)->id);
    if (!full.ok()) return full.status();
    auto out = Regrade(*full);
    if (out.ok()) out->replayed = true;
    return out;
  }
  auto live = LiveQuiz(quiz_id);
  if (!live.ok()) return live.status();
  const assessments::QuizRevision* q = &live->revision;
  const StoredCourse* c = live->course;
  auto quiz = ParsedQuiz(q->revision_id, q->quiz_source);
  if (!quiz.ok()) return quiz.status();
  const auto now = clock_->Now();
  auto open = attempts_->OpenAttempt(u.id, q->course_id);
  if (!open.ok()) return open.status();
  AttemptRecord a;
  if (*open) {
    if ((*open)->revision_id != quiz_id) {
      return Status::Conflict("you have an attempt open at another version of this quiz")
          .WithReason("attempt_open_elsewhere")
          .WithParam("quiz", (*open)->revision_id);
    }
    a = **open;
    if (PastDeadline(a, now)) {
      if ((*quiz)->settings.late == assessments::LatePolicy::kReject) {
        return Status::Conflict("the time limit ended at " + a.deadline_at +
                                " (UTC); this submission was not accepted")
            .WithReason("time_limit_over")
            .WithParam("deadline", a.deadline_at);
      }
      a.late = true;
    }
  } else {
    if (RequiresStart(**quiz)) {
      return Status::Conflict("start an attempt first (POST /api/v1/quizzes/" +
                              std::to_string(quiz_id) + "/start): this quiz is timed or drawn")
          .WithReason("attempt_not_started");
    }
    if (!q->current) return Replaced();
    a.user_id = u.id;
    a.course_id = q->course_id;
    a.revision_id = q->revision_id;
    a.started_at = FormatIso8601(now);
    a.question_ids = assessments::DrawQuestions(**quiz, 0);
  }
  auto questions = assessments::SelectQuestions(**quiz, a.question_ids);
  if (!questions.ok()) return questions.status();
  auto sheet = AnswersFromJson(answers, *questions);
  if (!sheet.ok()) return sheet.status();
  auto report = assessments::GradeAttempt(*questions, *sheet, (*quiz)->settings.pass_mark);
  if (!report.ok()) return report.status();
  Status may = MayTake(u, *c);
  if (!may.ok()) return may;
  a.submitted_at = FormatIso8601(now);
  a.submission_id = submission_id;
  a.score = report->score;
  a.max_score = report->max;
  a.percentage = report->percentage;
  a.passed = report->passed;
  a.pending = report->pending;
  for (const auto& g : report->questions) {
    auto it = sheet->find(g.question_id);
    const nlohmann::json given = it == sheet->end() ? nlohmann::json(nullptr) : AnswerToJson(it->second);
    assessments::AnswerRecord r;
    r.question_id = g.question_id;
    r.answered = g.answered;
    r.score = g.score;
    r.max_score = g.max;
    r.outcome = assessments::OutcomeName(g.outcome);
    r.answer_json = given.dump();
    r.pending = g.pending;
    a.answers.push_back(std::move(r));
  }
  auto stored = attempts_->SubmitAttempt(a, (*quiz)->settings.max_attempts);
  if (!stored.ok()) {
    if (stored.status().code() != StatusCode::kAlreadyExists) return stored.status();
    return Submit(u, quiz_id, submission_id, answers);  // a concurrent retry won: replay it
  }
  // Enrolled once the attempt is stored: a refused submission leaves nothing.
  Status enrolled = EnsureEnrolled(u, *c, "self");
  if (!enrolled.ok()) return enrolled;
  AttemptOutcome out;
  out.attempt = *stored;
  out.report = std::move(*report);
  out.questions = std::move(*questions);
  out.course_slug = q->course_slug;
  auto standing = Build(u, *c, std::nullopt, Depth::kForCompletion);
  if (!standing.ok()) return standing.status();
  auto cert = CompleteIfDone(u, *c, *standing);
  if (!cert.ok()) return cert.status();
  out.certificate = *cert;
  return out;
}

Result<AttemptOutcome> LearningService::Regrade(const AttemptRecord& a) {
  auto q = attempts_->FindQuiz(a.revision_id);
  if (!q.ok()) return q.status();
  auto quiz = ParsedQuiz(q->revision_id, q->quiz_source);
  if (!quiz.ok()) return quiz.status();
  auto questions = assessments::SelectQuestions(**quiz, a.question_ids);
  if (!questions.ok()) return questions.status();
  nlohmann::json given = nlohmann::json::object();
  for (const auto& ans : a.answers) {
    auto v = nlohmann::json::parse(ans.answer_json, nullptr, false);
    if (!v.is_discarded() && !v.is_null()) given[ans.question_id] = v;
  }
  auto sheet = AnswersFromJson(given, *questions);
  if (!sheet.ok()) return sheet.status();
  auto report = assessments::GradeAttempt(*questions, *sheet, (*quiz)->settings.pass_mark);
  if (!report.ok()) return report.status();
  // Essays are graded by trainers, not here: their stored grade stands.
  for (auto& g : report->questions) {
    for (const auto& stored : a.answers) {
      if (stored.question_id != g.question_id) continue;
      if (IsEssay(**quiz, g.question_id)) {
        g.pending = stored.pending;
        g.score = stored.score;
        g.grader_feedback = stored.grader_feedback;
        g.outcome = stored.outcome == "correct"   ? assessments::Outcome::kCorrect
                    : stored.outcome == "partial" ? assessments::Outcome::kPartial
                                                  : assessments::Outcome::kIncorrect;
      }
    }
  }
  AttemptOutcome out;
  out.attempt = a;
  out.report = std::move(*report);
  out.report.pending = a.pending;
  // The stored score is what counted; an expired attempt scored nothing.
  out.report.score = a.score;
  out.report.max = a.max_score > 0 ? a.max_score : out.report.max;
  out.report.percentage = a.percentage;
  out.report.passed = a.passed;
  out.questions = std::move(*questions);
  out.course_slug = q->course_slug;
  return out;
}

Result<AttemptOutcome> LearningService::Attempt(const people::Actor& a, int64_t attempt_id) {
  auto attempt = attempts_->GetAttempt(attempt_id);
  const Status hidden =
      Status::NotFound("no attempt " + std::to_string(attempt_id)).WithReason("attempt_not_found");
  if (!attempt.ok()) return IfNotFound(attempt.status(), hidden);
  if (!attempt->submitted()) return hidden;
  if (!a.user_id || *a.user_id != attempt->user_id) {
    const bool staff = a.Has(Role::kAdmin) || a.Has(Role::kManager) || a.Has(Role::kTrainer);
    if (!staff) return hidden;
    auto learner = people_->GetUser(a, attempt->user_id);  // NotFound outside the scope
    if (!learner.ok()) return hidden;
  }
  return Regrade(*attempt);
}

Status LearningService::CheckAnswers(const User& u, int64_t quiz_id,
                                     const nlohmann::json& answers) {
  auto q = attempts_->FindQuiz(quiz_id);
  if (!q.ok()) return IfNotFound(q.status(), NoQuiz(quiz_id));
  auto quiz = ParsedQuiz(q->revision_id, q->quiz_source);
  if (!quiz.ok()) return quiz.status();
  auto open = attempts_->OpenAttempt(u.id, q->course_id);
  if (!open.ok()) return open.status();
  const std::vector<std::string> ids = *open && (*open)->revision_id == quiz_id
                                           ? (*open)->question_ids
                                           : assessments::DrawQuestions(**quiz, 0);
  auto questions = assessments::SelectQuestions(**quiz, ids);
  if (!questions.ok()) return questions.status();
  auto sheet = AnswersFromJson(answers, *questions);
  if (!sheet.ok()) return sheet.status();
  // Grading refuses an option or item that does not exist.
  return assessments::GradeAttempt(*questions, *sheet, (*quiz)->settings.pass_mark).status();
}

}  // namespace lophoc::app
