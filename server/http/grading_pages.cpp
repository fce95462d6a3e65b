// An attempt's result page, and essays graded by trainers: the grading queue
// (/trainer/grading, no JavaScript: one form per waiting attempt) and its API
// (GET /api/v1/grading, POST /api/v1/attempts/{id}/grade).
//
// The result page speaks of that attempt only: its score, or "waiting for
// grading"; each question with the answer given and its feedback. The
// course's status (completed, certificate) is shown apart, labelled as the
// course's, to the learner whose attempt it is.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "assessments/grader.h"
#include "courses/markdown.h"
#include "kernel/text.h"
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

// A score as people write it: "16", "2,5" (Vietnamese) or "2.5"; at most two decimals.
std::string Points(double v, const std::string& lang) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  std::string s(buf);
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  if (lang == "vi") std::replace(s.begin(), s.end(), '.', ',');
  return s;
}

// Written text shown as typed: one entry per line (the template puts <br>
// between them; every line is escaped).
json Lines(const std::string& text) {
  const std::string normal = NormalizeNewlines(text);
  json lines = json::array();
  for (std::string_view line : SplitLines(normal)) lines.push_back(std::string(line));
  return lines;
}

// The answer given to `q`, as the learner saw the choices: option texts
// (HTML from Markdown), the typed text, or "left → right" pairs.
json GivenAnswer(const std::string& slug, const assessments::Question& q,
                 const std::string& answer_json) {
  const json v = json::parse(answer_json, nullptr, false);
  json out = json::object();
  if (v.is_discarded() || v.is_null()) return out;
  json options = json::array();
  auto option = [&](const json& index) {
    if (index.is_number_integer() && index.get<int64_t>() >= 0 &&
        static_cast<size_t>(index.get<int64_t>()) < q.choices.size()) {
      options.push_back({{"html", QuizHtml(slug, q.choices[index.get<size_t>()].text)}});
    }
  };
  switch (q.type) {
    case QuestionType::kSingle:
    case QuestionType::kTrueFalse:
      option(v);
      break;
    case QuestionType::kMultiple:
      if (v.is_array()) {
        for (const json& i : v) option(i);
      }
      break;
    case QuestionType::kShort:
    case QuestionType::kNumeric:
      out["text"] = v.is_string() ? v.get<std::string>() : v.dump();
      break;
    case QuestionType::kEssay:
      if (v.is_string()) {
        out["lines"] = Lines(v.get<std::string>());
        out["has_lines"] = true;
      }
      break;
    case QuestionType::kMatching: {
      const auto lefts = assessments::MatchingLeftItems(q);
      const auto rights = assessments::MatchingRightItems(q);
      json pairs = json::array();
      if (v.is_object()) {
        for (const auto& [key, right] : v.items()) {
          const size_t l = static_cast<size_t>(std::atoi(key.c_str()));
          if (l < lefts.size() && right.is_number_integer() && right.get<int64_t>() >= 0 &&
              static_cast<size_t>(right.get<int64_t>()) < rights.size()) {
            pairs.push_back({{"left", lefts[l]}, {"right", rights[right.get<size_t>()]}});
          }
        }
      }
      if (!pairs.empty()) out["pairs"] = pairs;
      break;
    }
  }
  if (!options.empty()) out["options"] = options;
  return out;
}

std::string StoredAnswer(const assessments::AttemptRecord& a, const std::string& question_id) {
  for (const auto& r : a.answers) {
    if (r.question_id == question_id) return r.answer_json;
  }
  return "null";
}

HttpResponse AttemptPage(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  auto out = PathAttempt(ctx, req);
  if (!out.ok()) return StatusResponse(ctx, req, out.status());
  const std::string lang = ChooseLanguage(req);
  const std::string& slug = out->course_slug;
  json m = PageModel(ctx, req, ctx.i18n->Text(lang, "attempt_title"));
  json a = AttemptOutcomeJson(*out);
  const bool pending = out->attempt.pending;
  a["pending"] = pending;
  a["percent_text"] = WholePercent(out->report.percentage);
  a["score_text"] = Points(out->report.score, lang) + " / " + Points(out->report.max, lang);
  a["quiz_url"] = QuizUrl(slug);
  a["course_url"] = "/courses/" + slug;
  a["content_lang"] = CourseContentLang(*ctx.courses, lang, slug);
  a["when"] = LocalTime(out->attempt.submitted_at);
  json rows = json::array();
  for (size_t i = 0; i < out->report.questions.size() && i < out->questions.size(); ++i) {
    const auto& g = out->report.questions[i];
    const auto& q = out->questions[i];
    json fb = json::array();
    for (const auto& text : g.answer_feedback) fb.push_back({{"html", QuizHtml(slug, text)}});
    const std::string outcome = g.pending ? "pending" : assessments::OutcomeName(g.outcome);
    json row = {{"number", i + 1},
                {"text_html", QuizHtml(slug, q.stem_markdown)},
                {"outcome", outcome},
                {"outcome_text", g.pending ? ctx.i18n->Text(lang, "essay_outcome_pending")
                                           : ctx.i18n->Text(lang, "attempt_outcome_" + outcome)},
                {"score_text", Points(g.score, lang) + " / " + Points(g.max, lang)},
                {"pending", g.pending},
                {"answered", g.answered},
                {"given", GivenAnswer(slug, q, StoredAnswer(out->attempt, q.id))},
                {"feedback", fb}};
    if (!g.general_feedback.empty()) row["general_html"] = QuizHtml(slug, g.general_feedback);
    if (!g.grader_feedback.empty()) {
      row["grader_feedback"] = Lines(g.grader_feedback);
      row["has_grader_feedback"] = true;
    }
    rows.push_back(std::move(row));
  }
  a["rows"] = rows;
  // The course's status, apart from the attempt's: for the learner only.
  if (out->attempt.user_id == req.visitor.user->id) {
    auto standing = ctx.learning->Standing(*req.visitor.user, slug);
    if (standing.ok()) {
      json course = {{"completed", standing->completion.has_value()}};
      if (standing->certificate) {
        course["certificate_url"] = CertificateUrl(standing->certificate->code);
      }
      a["course_status"] = course;
    }
  }
  m["attempt"] = a;
  HttpResponse res = PageResponse(ctx, req, "attempt", m);
  NoStore(res);
  return res;
}

// --- the grading queue ---

// The id of a score input, and the field its refusal is filed under.
std::string ScoreId(int64_t attempt_id, const std::string& question_id) {
  return "a" + std::to_string(attempt_id) + "-score-" + question_id;
}

// A refusal of one attempt's form: its text, and the score input it is about
// (empty: the whole form).
struct GradeError {
  int64_t attempt_id = 0;
  std::string input;
  std::string text;
};

json QueueModel(const WebContext& ctx, const HttpRequest& req,
                const std::vector<app::GradingItem>& items, const FormFields* posted,
                int64_t posted_id, const GradeError* error) {
  const std::string lang = ChooseLanguage(req);
  json m = AdminPageModel(ctx, req, Say(ctx, req, "essay_queue_title"));
  json list = json::array();
  for (const auto& item : items) {
    const auto& o = item.outcome;
    const std::string& slug = o.course_slug;
    json essays = json::array();
    for (size_t i = 0; i < o.report.questions.size() && i < o.questions.size(); ++i) {
      const auto& g = o.report.questions[i];
      const auto& q = o.questions[i];
      if (!g.pending) continue;
      const std::string score_field = "score." + q.id;
      const std::string feedback_field = "feedback." + q.id;
      const bool mine = posted != nullptr && posted_id == o.attempt.id;
      json e = {{"id", q.id},
                {"number", i + 1},
                {"text_html", QuizHtml(slug, q.stem_markdown)},
                {"points", Points(q.points, lang)},
                {"points_value", json(q.points).dump()},
                {"score_field", score_field},
                {"feedback_field", feedback_field},
                {"input_id", ScoreId(o.attempt.id, q.id)},
                {"given", GivenAnswer(slug, q, StoredAnswer(o.attempt, q.id))},
                {"score", mine ? posted->Trimmed(score_field) : ""},
                {"feedback", mine ? posted->Get(feedback_field) : ""}};
      // cmark in safe mode: raw HTML and javascript: links are neutralised.
      if (!q.grader_guidance.empty()) e["guidance_html"] = QuizHtml(slug, q.grader_guidance);
      if (error != nullptr && error->input == ScoreId(o.attempt.id, q.id)) e["error"] = error->text;
      essays.push_back(std::move(e));
    }
    list.push_back({{"id", o.attempt.id},
                    {"action", "/trainer/grading/" + std::to_string(o.attempt.id)},
                    {"learner", item.row.display_name},
                    {"username", item.row.username},
                    {"course_title", item.course_title},
                    {"submitted", LocalTime(item.row.submitted_at)},
                    {"auto_score", Points(o.attempt.score, lang)},
                    {"essays", essays}});
    if (!item.row.site_code.empty()) list.back()["site"] = item.row.site_code;
  }
  m["items"] = list;
  m["has_items"] = !list.empty();
  if (req.Query("graded") == "1") m["saved"] = true;
  return m;
}

HttpResponse QueuePage(const WebContext& ctx, const HttpRequest& req, const FormFields* posted,
                       int64_t posted_id, const GradeError* error, int status) {
  auto items = ctx.learning->GradingQueue(req.visitor.actor());
  if (!items.ok()) return StatusResponse(ctx, req, items.status());
  json m = QueueModel(ctx, req, *items, posted, posted_id, error);
  FormErrors errors;
  if (error != nullptr) errors.Add(error->input, error->text);
  HttpResponse res = FormPage(ctx, req, "trainer_grading", m, errors, status);
  NoStore(res);
  return res;
}

HttpResponse ShowQueue(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireAdminArea(ctx, req)) return *refused;
  return QueuePage(ctx, req, nullptr, 0, nullptr, 200);
}

// A decimal score as typed ("2,5" or "2.5"); nullopt when it is not one.
std::optional<double> ScoreFromText(std::string s) {
  std::replace(s.begin(), s.end(), ',', '.');
  if (s.empty() || s.size() > 20 || s.find_first_not_of("0123456789.") != std::string::npos) {
    return std::nullopt;
  }
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end == nullptr || *end != '\0' || !std::isfinite(v)) return std::nullopt;
  return v;
}

HttpResponse PostGrade(const WebContext& ctx, const HttpRequest& req, const FormFields& f) {
  const auto id = ParseId(req.params.at("id"));
  if (!id) return BadForm(ctx, req);
  auto queue = ctx.learning->GradingQueue(req.visitor.actor());
  if (!queue.ok()) return StatusResponse(ctx, req, queue.status());
  const app::GradingItem* item = nullptr;
  for (const auto& i : *queue) {
    if (i.outcome.attempt.id == *id) item = &i;
  }
  // Graded meanwhile, or not the actor's to grade: the service says which.
  // A blank score is left out (the service asks for it); one that is not a
  // number is sent as NaN (the service refuses it with the range).
  std::vector<assessments::EssayGrade> grades;
  if (item != nullptr) {
    for (const auto& g : item->outcome.report.questions) {
      if (!g.pending) continue;
      const std::string typed = f.Trimmed("score." + g.question_id);
      if (typed.empty()) continue;
      grades.push_back({g.question_id, ScoreFromText(typed).value_or(std::nan("")),
                        f.Get("feedback." + g.question_id)});
    }
  }
  auto out = ctx.learning->GradeEssays(req.visitor.actor(), *id, grades);
  if (!out.ok()) {
    const Status& s = out.status();
    const int status = HttpStatusFor(s);
    if (status >= 500 || status == 403) return StatusResponse(ctx, req, s);
    GradeError error{*id, "", SayRefusal(*ctx.i18n, ChooseLanguage(req), s)};
    if (s.field().rfind("grades.", 0) == 0) error.input = ScoreId(*id, s.field().substr(7));
    return QueuePage(ctx, req, &f, *id, &error, status);
  }
  return Redirect("/trainer/grading?graded=1");
}

// --- the API ---

json GradingItemJson(const app::GradingItem& item) {
  json essays = json::array();
  const auto& o = item.outcome;
  for (size_t i = 0; i < o.report.questions.size() && i < o.questions.size(); ++i) {
    const auto& g = o.report.questions[i];
    const auto& q = o.questions[i];
    if (!g.pending) continue;
    const json given = json::parse(StoredAnswer(o.attempt, q.id), nullptr, false);
    essays.push_back({{"question_id", q.id},
                      {"text_markdown", q.stem_markdown},
                      {"grader_guidance_markdown", q.grader_guidance},
                      {"points", q.points},
                      {"answer", given.is_string() ? given : json("")}});
  }
  return {{"attempt_id", o.attempt.id},
          {"quiz_id", o.attempt.revision_id},
          {"course", o.course_slug},
          {"course_title", item.course_title},
          {"learner",
           {{"id", item.row.user_id},
            {"username", item.row.username},
            {"display_name", item.row.display_name}}},
          {"site", item.row.site_code.empty() ? json(nullptr) : json(item.row.site_code)},
          {"submitted_at", item.row.submitted_at},
          {"auto_score", o.attempt.score},
          {"essays", essays}};
}

HttpResponse ApiQueue(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  auto items = ctx.learning->GradingQueue(req.visitor.actor());
  if (!items.ok()) return StatusResponse(ctx, req, items.status());
  json list = json::array();
  for (const auto& item : *items) list.push_back(GradingItemJson(item));
  HttpResponse res = JsonResponse({{"attempts", list}});
  res.SetHeader("Cache-Control", "no-store");
  return res;
}

Status BadGradesBody(const std::string& message) {
  return Status::InvalidArgument(message).WithReason("essay_grade_missing").WithField("grades");
}

HttpResponse ApiGrade(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  const auto id = ParseId(req.params.at("id"));
  if (!id) {
    return StatusResponse(ctx, req,
                          Status::NotFound("no such attempt").WithReason("attempt_not_found"));
  }
  auto body = JsonObject(req.body, {"grades"});
  if (!body.ok()) return StatusResponse(ctx, req, body.status());
  const json grades_json = body->contains("grades") ? (*body)["grades"] : json(nullptr);
  if (!grades_json.is_object()) {
    return StatusResponse(ctx, req,
                          BadGradesBody("grades must be an object: question id -> "
                                        "{\"score\": number, \"feedback\": text}"));
  }
  std::vector<assessments::EssayGrade> grades;
  for (const auto& [qid, g] : grades_json.items()) {
    const json score = g.is_object() && g.contains("score") ? g["score"] : json(nullptr);
    const json feedback = g.is_object() && g.contains("feedback") ? g["feedback"] : json("");
    if (!feedback.is_string() && !feedback.is_null()) {
      return StatusResponse(ctx, req,
                            Status::InvalidArgument("feedback must be a text")
                                .WithReason("field_not_string")
                                .WithField("grades." + qid.substr(0, 64) + ".feedback")
                                .WithParam("field", "feedback"));
    }
    // Not a number: NaN, refused by the service with the question's range.
    grades.push_back({qid, score.is_number() ? score.get<double>() : std::nan(""),
                      feedback.is_string() ? feedback.get<std::string>() : ""});
  }
  return JsonAnswer(ctx, req, ctx.learning->GradeEssays(req.visitor.actor(), *id, grades),
                    AttemptOutcomeJson);
}

}  // namespace

void AddGradingRoutes(Router& r, const WebContext& ctx) {
  const RouteList on(r, ctx);
  on("GET", "/attempts/:id", AttemptPage);
  on("GET", "/trainer/grading", ShowQueue);
  // Feedback on several essays (5,000 characters each) can pass 64 KB.
  on("POST", "/trainer/grading/:id", PostedForm<RequireAdminArea, PostGrade>, kUploadRoute);
  on("GET", "/api/v1/grading", ApiQueue);
  on("POST", "/api/v1/attempts/:id/grade", ApiGrade, kUploadRoute);
}

}  // namespace lophoc::http
