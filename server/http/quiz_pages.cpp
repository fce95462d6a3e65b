// The quiz pages: the quiz and its attempts so far, starting an attempt, the
// answer form (no JavaScript: radio buttons, check boxes, text fields and
// selects). An attempt's result page is in grading_pages.cpp.
#include <algorithm>
#include <cstdio>

#include "assessments/quiz_numbers.h"
#include "courses/markdown.h"
#include "server/app/crypto.h"
#include "server/app/learning_service.h"
#include "server/http/admin_pages.h"
#include "server/http/learning_presenters.h"
#include "server/http/refusals.h"
#include "server/http/request_util.h"
#include "server/http/shown_text.h"
#include "server/http/web_app.h"

namespace lophoc::http {
namespace {

using assessments::QuestionType;
using nlohmann::json;

// One question of the answer form; `posted` (a refused submission) fills in
// what the learner had chosen or typed, so nothing has to be answered again.
json QuestionForm(const std::string& slug, const assessments::PublicQuestion& q, int number,
                  const FormFields* posted) {
  const std::string field = "q." + q.id;
  auto chosen = [&](const std::string& name, int index) {
    if (posted == nullptr) return false;
    for (const auto& v : posted->All(name)) {
      if (v == std::to_string(index)) return true;
    }
    return false;
  };
  json j = {{"id", q.id},
            {"number", number},
            {"field", "q." + q.id},
            {"text_html", QuizHtml(slug, q.stem_markdown)},
            {"points", json(q.points).dump()}};
  j["is_single"] = q.type == QuestionType::kSingle || q.type == QuestionType::kTrueFalse;
  j["is_multiple"] = q.type == QuestionType::kMultiple;
  j["is_short"] = q.type == QuestionType::kShort;
  j["is_numeric"] = q.type == QuestionType::kNumeric;
  j["is_matching"] = q.type == QuestionType::kMatching;
  j["is_essay"] = q.type == QuestionType::kEssay;
  j["essay_limit"] = assessments::kEssayMaxChars;
  json options = json::array();
  for (const auto& o : q.options) {
    options.push_back({{"index", o.index},
                       {"text_html", QuizHtml(slug, o.text_markdown)},
                       {"input_id", "q-" + q.id + "-" + std::to_string(o.index)},
                       {"checked", chosen(field, o.index)}});
  }
  j["options"] = options;
  json left = json::array();
  for (size_t i = 0; i < q.left_items.size(); ++i) {
    json rights = json::array();
    const std::string name = field + "." + std::to_string(i);
    for (const auto& r : q.right_items) {
      rights.push_back(
          {{"index", r.index}, {"text", r.text_markdown}, {"selected", chosen(name, r.index)}});
    }
    left.push_back({{"text", q.left_items[i]},
                    {"field", name},
                    {"input_id", "q-" + q.id + "-" + std::to_string(i)},
                    {"rights", rights}});
  }
  j["left_items"] = left;
  if (posted != nullptr) j["value"] = posted->Get(field).substr(0, 200);
  // An essay comes back whole (up to 4 bytes per character) so nothing typed is lost.
  if (posted != nullptr) {
    j["essay_value"] = posted->Get(field).substr(0, 4 * assessments::kEssayMaxChars);
  }
  return j;
}

// Form fields -> the JSON answers of the API, by the questions' types.
json AnswersFromForm(const FormFields& f,
                     const std::vector<assessments::PublicQuestion>& questions) {
  json answers = json::object();
  auto number = [](const std::string& s) -> json {
    if (s.empty() || s.size() > 6 || s.find_first_not_of("0123456789") != std::string::npos) {
      return s;  // refused by the service with a clear message
    }
    return std::stoi(s);
  };
  for (const auto& q : questions) {
    const std::string field = "q." + q.id;
    switch (q.type) {
      case QuestionType::kSingle:
      case QuestionType::kTrueFalse:
        if (!f.Get(field).empty()) answers[q.id] = number(f.Get(field));
        break;
      case QuestionType::kMultiple: {
        json chosen = json::array();
        for (const auto& v : f.All(field)) chosen.push_back(number(v));
        answers[q.id] = chosen;
        break;
      }
      case QuestionType::kShort:
      case QuestionType::kNumeric:
      case QuestionType::kEssay:
        if (!f.Trimmed(field).empty()) answers[q.id] = f.Get(field);
        break;
      case QuestionType::kMatching: {
        json pairs = json::object();
        for (size_t i = 0; i < q.left_items.size(); ++i) {
          const std::string v = f.Get(field + "." + std::to_string(i));
          if (!v.empty()) pairs[std::to_string(i)] = number(v);
        }
        if (!pairs.empty()) answers[q.id] = pairs;
        break;
      }
    }
  }
  return answers;
}

// The answer fields of `questions` that `f` holds, in form order: what a
// draft stores and what the confirmation page carries on.
std::vector<std::pair<std::string, std::string>> AnswerFields(
    const FormFields& f, const std::vector<assessments::PublicQuestion>& questions) {
  std::vector<std::pair<std::string, std::string>> out;
  auto add = [&](const std::string& name) {
    for (const auto& v : f.All(name)) out.emplace_back(name, v);
  };
  for (const auto& q : questions) {
    const std::string field = "q." + q.id;
    if (q.type == QuestionType::kMatching) {
      for (size_t i = 0; i < q.left_items.size(); ++i) add(field + "." + std::to_string(i));
    } else {
      add(field);
    }
  }
  return out;
}

// A draft's JSON (field name -> [values]) and back.
json DraftJson(const std::vector<std::pair<std::string, std::string>>& fields) {
  json out = json::object();
  for (const auto& [name, value] : fields) {
    if (!out.contains(name)) out[name] = json::array();
    out[name].push_back(value);
  }
  return out;
}

FormFields DraftFields(const json& draft) {
  std::multimap<std::string, std::string> fields;
  for (const auto& [name, values] : draft.items()) {
    for (const auto& v : values) fields.emplace(name, v.get<std::string>());
  }
  return FormFields(std::move(fields));
}

// The questions `answers` (AnswersFromForm) leave unanswered, numbered as shown.
std::vector<std::pair<int, const assessments::PublicQuestion*>> Unanswered(
    const json& answers, const std::vector<assessments::PublicQuestion>& questions) {
  std::vector<std::pair<int, const assessments::PublicQuestion*>> out;
  int number = 0;
  for (const auto& q : questions) {
    ++number;
    auto it = answers.find(q.id);
    if (it == answers.end() || (it->is_array() && it->empty())) out.emplace_back(number, &q);
  }
  return out;
}

// "Còn 14 phút, hạn nộp 10:24": the catalogue's text with its {minutes}
// and {deadline} filled in ({minutes} left as is when `minutes` is empty).
std::string TimeLeftText(const WebContext& ctx, const HttpRequest& req, const std::string& minutes,
                         const std::string& deadline) {
  std::string text = Say(ctx, req, "quiz_time_left");
  auto put = [&](const std::string& name, const std::string& value) {
    const auto at = text.find(name);
    if (at != std::string::npos) text.replace(at, name.size(), value);
  };
  if (!minutes.empty()) put("{minutes}", minutes);
  put("{deadline}", deadline);
  return text;
}

json QuizModel(const WebContext& ctx, const HttpRequest& req, const app::QuizForLearner& q,
               const FormFields* posted) {
  const std::string lang = ChooseLanguage(req);
  json m = PageModel(ctx, req, q.settings.title);
  json quiz = QuizJson(q);
  quiz["url"] = QuizUrl(q.course_slug);
  quiz["course_url"] = "/courses/" + q.course_slug;
  // The breadcrumb's course, in the page's language when it has one.
  ShownText course = ShowCourseTitle(*ctx.courses, lang, q.course_slug, q.course_title);
  quiz["course_title"] = std::move(course.text);
  quiz["course_title_lang"] = LangOrNull(course.lang);
  quiz["content_lang"] = CourseContentLang(*ctx.courses, lang, q.course_slug);
  quiz["intro_html"] = QuizHtml(q.course_slug, q.intro_markdown);
  quiz["pass_mark_text"] = WholePercent(q.settings.pass_mark);
  quiz["grading_text"] = ctx.i18n->Text(
      lang, std::string("quiz_grading_") + assessments::GradingMethodName(q.settings.grading));
  if (q.settings.time_limit_minutes) quiz["time_limit"] = *q.settings.time_limit_minutes;
  if (q.settings.max_attempts) quiz["max_attempts"] = *q.settings.max_attempts;
  json questions = json::array();
  int n = 0;
  for (const auto& question : q.questions) {
    questions.push_back(QuestionForm(q.course_slug, question, ++n, posted));
  }
  quiz["form_questions"] = questions;
  quiz["has_questions"] = !questions.empty();
  if (q.open_attempt) quiz["attempt_id"] = q.open_attempt->id;
  if (q.open_attempt && !q.open_attempt->deadline_at.empty()) {
    const std::string deadline = LocalTime(q.open_attempt->deadline_at);
    const int64_t seconds = q.seconds_left.value_or(0);
    quiz["deadline_text"] = deadline;
    quiz["seconds_left"] = seconds;
    // Whole minutes left, never more than there are.
    quiz["time_left_text"] = TimeLeftText(ctx, req, std::to_string(seconds / 60), deadline);
    quiz["time_left_template"] = TimeLeftText(ctx, req, "", deadline);
  }
  quiz["script_url"] = ctx.statics->Url("js/quiz.js");
  m["quiz"] = quiz;
  m["submission_id"] = app::RandomToken(16);
  return m;
}

// The quiz page; after a refused submission, with `errors` and the
// learner's answers filled in from `posted`.
HttpResponse RenderQuiz(const WebContext& ctx, const HttpRequest& req, const std::string& slug,
                        const FormFields* posted, const FormErrors* errors, int status) {
  const people::User* u = req.visitor.signed_in() ? &*req.visitor.user : nullptr;
  auto q = ctx.learning->QuizForCourse(u, slug);
  if (!q.ok()) return StatusResponse(ctx, req, q.status());
  // Opened again: the open attempt's form comes back with its saved draft.
  std::optional<FormFields> draft;
  if (posted == nullptr && u != nullptr && q->open_attempt) {
    auto saved = ctx.learning->Draft(*u, q->open_attempt->id);
    if (!saved.ok()) return StatusResponse(ctx, req, saved.status());
    if (*saved) {
      draft = DraftFields(**saved);
      posted = &*draft;
    }
  }
  json m = QuizModel(ctx, req, *q, posted);
  m["quiz"]["draft_saved"] = req.Query("saved") == "1" && q->open_attempt.has_value();
  if (errors != nullptr) {
    errors->Into(m);
    // Each question shows its own refusal (false: none; "" would count as
    // shown in a template section).
    for (json& question : m["quiz"]["form_questions"]) {
      const std::string field = question["field"];
      question["refusal"] = m["error"].contains(field) ? m["error"][field] : json(false);
    }
  }
  const std::string lang = ChooseLanguage(req);
  if (u != nullptr) {
    auto standing = ctx.learning->Standing(*u, slug);
    if (!standing.ok()) return StatusResponse(ctx, req, standing.status());
    json attempts = json::array();
    if (standing->quiz) {
      // The latest ones only (app::kListedAttempts): a quiz with unlimited
      // attempts may have many; numbered among all of them.
      const auto& latest = standing->quiz->attempts;
      const size_t before = static_cast<size_t>(standing->quiz->attempts_used) - latest.size();
      for (size_t i = 0; i < latest.size(); ++i) {
        const auto& a = latest[i];
        attempts.push_back({{"number", before + i + 1},
                            {"url", "/attempts/" + std::to_string(a.id)},
                            {"when", LocalTime(a.submitted_at)},
                            {"percent_text", a.pending ? Say(ctx, req, "essay_pending")
                                                       : WholePercent(a.percentage)},
                            {"passed", a.passed},
                            {"late", a.late}});
      }
      m["quiz"]["passed"] = standing->quiz->passed;
      if (standing->quiz->counted_percentage) {
        m["quiz"]["result_text"] = WholePercent(*standing->quiz->counted_percentage);
      }
      const bool none_left = standing->quiz->attempts_left && *standing->quiz->attempts_left == 0;
      m["quiz"]["no_attempts_left"] = none_left;
      if (standing->quiz->attempts_left)
        m["quiz"]["attempts_left"] = *standing->quiz->attempts_left;
      m["quiz"]["may_answer"] = !none_left && (q->open_attempt || !q->requires_start) && q->current;
      m["quiz"]["may_start"] = !none_left && !q->open_attempt && q->requires_start && q->current;
    }
    m["attempts"] = attempts;
    m["has_attempts"] = !attempts.empty();
    if (standing->certificate) m["certificate_url"] = CertificateUrl(standing->certificate->code);
    if (!standing->may_enrol) {
      m["quiz"]["may_answer"] = false;
      m["quiz"]["may_start"] = false;
      m["staff_only"] = true;
    }
  } else {
    m["login_url"] = "/login?next=" + PercentEncode(QuizUrl(slug));
  }
  HttpResponse res = PageResponse(ctx, req, "quiz", m, status);
  NoStore(res);
  return res;
}

HttpResponse QuizPage(const WebContext& ctx, const HttpRequest& req) {
  return RenderQuiz(ctx, req, req.params.at("slug"), nullptr, nullptr, 200);
}

HttpResponse StartQuiz(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  const std::string slug = req.params.at("slug");
  auto q = ctx.learning->QuizForCourse(&*req.visitor.user, slug);
  if (!q.ok()) return StatusResponse(ctx, req, q.status());
  auto started = ctx.learning->StartAttempt(*req.visitor.user, q->quiz_id);
  if (!started.ok()) return StatusResponse(ctx, req, started.status());
  return Redirect(QuizUrl(slug) + "#questions");
}

// Unanswered questions: asks before recording the attempt, listing them,
// with the answers given carried on in the form (no JavaScript needed).
HttpResponse RenderConfirm(
    const WebContext& ctx, const HttpRequest& req, const app::QuizForLearner& q,
    const FormFields& f,
    const std::vector<std::pair<int, const assessments::PublicQuestion*>>& unanswered) {
  json m = PageModel(ctx, req, Say(ctx, req, "quiz_confirm_title"));
  json list = json::array();
  for (const auto& [number, question] : unanswered) {
    list.push_back({{"number", number},
                    {"id", question->id},
                    {"text_html", QuizHtml(q.course_slug, question->stem_markdown)}});
  }
  json fields = json::array();
  for (const std::string name : {"quiz_id", "submission_id", "attempt_id"}) {
    if (!f.Get(name).empty()) fields.push_back({{"name", name}, {"value", f.Get(name)}});
  }
  for (const auto& [name, value] : AnswerFields(f, q.questions)) {
    fields.push_back({{"name", name}, {"value", value}});
  }
  m["confirm"] = {{"url", QuizUrl(q.course_slug)},
                  {"quiz_title", q.settings.title},
                  {"course_url", "/courses/" + q.course_slug},
                  {"course_title", q.course_title},
                  {"unanswered", list},
                  {"unanswered_count", list.size()},
                  {"question_count", q.questions.size()},
                  {"fields", fields}};
  HttpResponse res = PageResponse(ctx, req, "quiz_confirm", m);
  NoStore(res);
  return res;
}

// Saves the answers given so far as the open attempt's draft, without
// submitting: "Lưu bài làm" (back to the quiz page), or quiz.js on every
// change (Accept: application/json; answered with JSON).
HttpResponse SaveDraft(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  auto f = FormFields::Read(req);
  if (!f) return BadForm(ctx, req);
  const std::string slug = req.params.at("slug");
  auto quiz_id = ParseId(f->Get("quiz_id"));
  auto attempt_id = ParseId(f->Get("attempt_id"));
  if (!quiz_id || !attempt_id) return BadForm(ctx, req);
  const bool wants_json = req.Header("accept").find("application/json") != std::string::npos;
  auto q = ctx.learning->QuizById(&*req.visitor.user, *quiz_id);
  Status s = q.ok() ? Status::Ok() : q.status();
  if (s.ok() && q->course_slug != slug) return BadForm(ctx, req);
  // The open attempt's questions name the fields (another's attempt is
  // refused by the service, whatever the questions).
  if (s.ok()) {
    s = ctx.learning->SaveDraft(*req.visitor.user, *attempt_id,
                                DraftJson(AnswerFields(*f, q->questions)));
  }
  if (wants_json) {
    if (!s.ok()) {
      return JsonResponse(
          {{"error", s.reason()}, {"message", SayRefusal(*ctx.i18n, ChooseLanguage(req), s)}},
          HttpStatusFor(s));
    }
    HttpResponse res = JsonResponse({{"saved", true}});
    NoStore(res);
    return res;
  }
  if (!s.ok()) return StatusResponse(ctx, req, s);
  return Redirect(QuizUrl(slug) + "?saved=1#questions");
}

HttpResponse SubmitQuiz(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  auto f = FormFields::Read(req);
  if (!f) return BadForm(ctx, req);
  const std::string slug = req.params.at("slug");
  auto id = ParseId(f->Get("quiz_id"));
  if (!id) return BadForm(ctx, req);
  auto q = ctx.learning->QuizById(&*req.visitor.user, *id);
  if (!q.ok()) return StatusResponse(ctx, req, q.status());
  if (q->course_slug != slug) return BadForm(ctx, req);
  // A number that is not one (a learner typing "một trăm") is shown again
  // with the answers kept, not refused with an error page.
  FormErrors errors;
  auto at_question = [&](int number, const std::string& text) {
    return Say(ctx, req, "quiz_question") + " " + std::to_string(number) + ": " + text;
  };
  int number = 0;
  for (const auto& question : q->questions) {
    ++number;
    const std::string typed = f->Trimmed("q." + question.id);
    if (question.type == QuestionType::kNumeric && !typed.empty() &&
        !assessments::ParseDecimal(typed)) {
      errors.Add("q." + question.id, at_question(number, Say(ctx, req, "quiz_error_number")));
    }
  }
  if (!errors.empty()) return RenderQuiz(ctx, req, slug, &*f, &errors, 400);
  // "Quay lại làm tiếp" on the confirmation page: the form again, filled in.
  if (f->Get("decision") == "back") return RenderQuiz(ctx, req, slug, &*f, nullptr, 200);
  const json answers = AnswersFromForm(*f, q->questions);
  // A refused answer is said at its question ("answers.<id>" in the
  // service's words is the form's "q.<id>"); anything else above the form.
  auto refuse = [&](const Status& s) {
    if (s.code() != StatusCode::kInvalidArgument && s.code() != StatusCode::kConflict) {
      return StatusResponse(ctx, req, s);
    }
    const std::string text = SayRefusal(*ctx.i18n, ChooseLanguage(req), s);
    std::string field;
    number = 0;
    for (const auto& question : q->questions) {
      ++number;
      if (s.field() == "answers." + question.id) {
        field = "q." + question.id;
        errors.Add(field, at_question(number, text));
      }
    }
    if (field.empty()) errors.Add("", text);
    return RenderQuiz(ctx, req, slug, &*f, &errors, HttpStatusFor(s));
  };
  // Unanswered questions: the learner says "Vẫn nộp bài" (confirm=1) first,
  // once what they did answer is acceptable.
  const auto unanswered = Unanswered(answers, q->questions);
  if (!unanswered.empty() && f->Get("confirm") != "1") {
    Status checked = ctx.learning->CheckAnswers(*req.visitor.user, *id, answers);
    if (!checked.ok()) return refuse(checked);
    return RenderConfirm(ctx, req, *q, *f, unanswered);
  }
  auto out = ctx.learning->Submit(*req.visitor.user, *id, f->Get("submission_id"), answers);
  if (!out.ok()) return refuse(out.status());
  return Redirect("/attempts/" + std::to_string(out->attempt.id));
}

}  // namespace

void AddQuizPageRoutes(Router& r, const WebContext& ctx) {
  const RouteList on(r, ctx);
  on("GET", "/courses/:slug/quiz", QuizPage);
  on("POST", "/courses/:slug/quiz/start", StartQuiz);
  // Answers may hold essays: 10,000 Vietnamese characters are up to 90 KB
  // percent-encoded, above the 64 KB of an ordinary form.
  on("POST", "/courses/:slug/quiz", SubmitQuiz, kUploadRoute);
  on("POST", "/courses/:slug/quiz/draft", SaveDraft, kUploadRoute);
}

}  // namespace lophoc::http
