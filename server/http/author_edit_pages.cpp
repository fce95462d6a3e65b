// The web editor's lesson, quiz and picture pages (docs/authoring.md). A
// lesson or quiz form has two buttons: "Preview" renders the text as sent,
// storing nothing; "Save" checks it with the rest of the package and stores
// a new revision. Both work without JavaScript.
#include <nlohmann/json.hpp>

#include "courses/markdown.h"
#include "server/http/admin_pages.h"
#include "server/http/author_pages.h"
#include "server/http/confirm_page.h"
#include "server/http/request_util.h"
#include "server/http/web_app.h"

namespace lophoc::http {
namespace {

using nlohmann::json;

json CourseHead(const courses::StoredCourse& c) {
  return {{"slug", c.package.slug},
          {"title", c.package.title},
          {"url", AuthorCourseUrl(c.package.slug)},
          {"revision", std::to_string(c.revision_number)}};
}

// What an editor page shows besides the form: a preview, problems, a notice.
struct EditorState {
  std::vector<app::AuthoringProblem> problems;
  std::optional<std::string> text;  // as submitted; nullopt: the stored text
  std::optional<app::LessonPreview> lesson_preview;
  std::optional<app::QuizPreview> quiz_preview;
  int base_revision = -1;  // the revision the form was opened on; -1: current
  int status = 200;
};

// Refusals shown on the editor page, or nullopt for the error page.
std::optional<EditorState> Refused(const Status& s, std::optional<std::string> text, int base) {
  auto shown = ShownRefusal(s);
  if (!shown) return std::nullopt;
  EditorState st;
  st.problems = std::move(shown->problems);
  st.text = std::move(text);
  st.base_revision = base;
  st.status = shown->status;
  return st;
}

// The answer to a save: the editor again, shown by `show`, with the refusal
// (`refused`, from Refused) or the problems found (added to `st`, what was
// posted), or a redirect to `done` when it was stored.
template <typename Report, typename ShowPage>
HttpResponse AfterSave(const WebContext& ctx, const HttpRequest& req, const Result<Report>& r,
                       const std::optional<EditorState>& refused, EditorState st, ShowPage show,
                       const std::string& done) {
  if (!r.ok()) return refused ? show(*refused) : StatusResponse(ctx, req, r.status());
  if (r->HasErrors()) {
    st.problems = r->problems;
    st.status = 400;
    return show(st);
  }
  return Redirect(done);
}

// The answer to a change made on the course page (a lesson or picture added
// or removed): that page with the problems found (400), or a redirect to `done`.
template <typename Report>
HttpResponse OnCoursePage(const WebContext& ctx, const HttpRequest& req, const Result<Report>& r,
                          const std::string& done) {
  if (!r.ok()) return StatusResponse(ctx, req, r.status());
  if (r->HasErrors()) return AuthorCoursePage(ctx, req, r->problems, 400);
  return Redirect(done);
}

// --- lessons ---

HttpResponse LessonPage(const WebContext& ctx, const HttpRequest& req, const EditorState& st) {
  const std::string& slug = req.params.at("slug");
  const std::string& lesson_slug = req.params.at("lesson");
  auto c = ctx.authoring->GetCourse(req.visitor.actor(), slug);
  if (!c.ok()) return StatusResponse(ctx, req, c.status());
  auto src = ctx.authoring->GetLessonSource(req.visitor.actor(), slug, lesson_slug);
  if (!src.ok()) return StatusResponse(ctx, req, src.status());
  json m = AuthorPageModel(ctx, req, src->title);
  m["course"] = CourseHead(*c);
  m["lesson"] = {{"slug", src->slug},
                 {"title", src->title},
                 {"file_name", src->file_name},
                 {"url", AuthorCourseUrl(slug, "/lessons/" + PercentEncode(src->slug))},
                 {"public_url", "/courses/" + PercentEncode(slug) + "/" + PercentEncode(src->slug)},
                 {"published", c->published}};
  m["text"] = st.text ? *st.text : src->text;
  m["base_revision"] =
      std::to_string(st.base_revision >= 0 ? st.base_revision : c->revision_number);
  m["saved"] = req.HasQuery("saved");
  m["single_lesson"] = c->package.lessons.size() == 1;
  std::vector<app::AuthoringProblem> problems = st.problems;
  if (st.lesson_preview) {
    const app::LessonPreview& p = *st.lesson_preview;
    problems = p.problems;
    m["preview"] = {{"title", p.title}, {"html_html", p.rendered.html}};
  }
  ProblemsInto(ctx, req, problems, src->file_name, m);
  return PageResponse(ctx, req, "author_lesson", m, st.status);
}

HttpResponse ShowLesson(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireAuthor(ctx, req)) return *refused;
  return LessonPage(ctx, req, EditorState());
}

HttpResponse PostLesson(const WebContext& ctx, const HttpRequest& req, const FormFields& form) {
  const std::string& slug = req.params.at("slug");
  const std::string& lesson_slug = req.params.at("lesson");
  const std::string text = form.Get("text");
  const int base = BaseRevision(form.Get("base_revision"));
  const people::Actor actor = req.visitor.actor();
  EditorState st;
  st.text = text;
  st.base_revision = base;
  if (form.Get("action") == "preview") {
    auto p = ctx.authoring->PreviewLesson(actor, slug, lesson_slug, text);
    if (!p.ok()) return StatusResponse(ctx, req, p.status());
    st.lesson_preview = std::move(*p);
    return LessonPage(ctx, req, st);
  }
  auto r = ctx.authoring->SaveLesson(actor, slug, lesson_slug, text, base);
  return AfterSave(ctx, req, r, r.ok() ? std::nullopt : Refused(r.status(), text, base), st,
                   [&](const EditorState& shown) { return LessonPage(ctx, req, shown); },
                   AuthorCourseUrl(slug, "/lessons/" + PercentEncode(lesson_slug) + "?saved=1"));
}

// Adding and removing lessons and pictures are answered on the course page.
HttpResponse AddLesson(const WebContext& ctx, const HttpRequest& req, const FormFields& form) {
  const std::string& slug = req.params.at("slug");
  const std::string lesson_slug = form.Trimmed("lesson_slug");
  auto r = ctx.authoring->AddLesson(req.visitor.actor(), slug, lesson_slug,
                                    form.Trimmed("lesson_title"),
                                    BaseRevision(form.Get("base_revision")));
  return OnCoursePage(ctx, req, r, AuthorCourseUrl(slug, "/lessons/" + PercentEncode(lesson_slug)));
}

// The question before a lesson is removed, naming it and its course; only
// for a lesson the author may edit (the refusal page otherwise).
HttpResponse ConfirmRemoveLesson(const WebContext& ctx, const HttpRequest& req,
                                 const FormFields& form) {
  const std::string& slug = req.params.at("slug");
  auto c = ctx.authoring->GetCourse(req.visitor.actor(), slug);
  if (!c.ok()) return StatusResponse(ctx, req, c.status());
  auto src = ctx.authoring->GetLessonSource(req.visitor.actor(), slug, req.params.at("lesson"));
  if (!src.ok()) return StatusResponse(ctx, req, src.status());
  const std::vector<std::pair<std::string, std::string>> what = {{"lesson", src->title},
                                                                 {"course", c->package.title}};
  return ConfirmationPage(
      ctx, req,
      {SayWith(ctx, req, "admin_confirm_remove_lesson_question", what),
       SayWith(ctx, req, "admin_confirm_remove_lesson_consequence", what),
       AuthorCourseUrl(slug, "/lessons/" + PercentEncode(src->slug) + "/remove"),
       {{"base_revision", form.Get("base_revision")}},
       AuthorCourseUrl(slug, "")});
}

HttpResponse RemoveLesson(const WebContext& ctx, const HttpRequest& req, const FormFields& form) {
  if (!Confirmed(form)) return ConfirmRemoveLesson(ctx, req, form);
  const std::string& slug = req.params.at("slug");
  auto r = ctx.authoring->RemoveLesson(req.visitor.actor(), slug, req.params.at("lesson"),
                                       BaseRevision(form.Get("base_revision")));
  return OnCoursePage(ctx, req, r, AuthorCourseUrl(slug, "?saved=1"));
}

// --- quiz ---

const char* TypeKey(assessments::QuestionType t) {
  switch (t) {
    case assessments::QuestionType::kSingle: return "author_qtype_single";
    case assessments::QuestionType::kMultiple: return "author_qtype_multiple";
    case assessments::QuestionType::kTrueFalse: return "author_qtype_truefalse";
    case assessments::QuestionType::kShort: return "author_qtype_short";
    case assessments::QuestionType::kNumeric: return "author_qtype_numeric";
    case assessments::QuestionType::kMatching: return "author_qtype_matching";
    case assessments::QuestionType::kEssay: return "essay_qtype";
  }
  return "author_qtype_single";
}

json QuizPreviewJson(const WebContext& ctx, const HttpRequest& req, const assessments::Quiz& q) {
  json items = json::array();
  int n = 0;
  for (const auto& question : q.questions) {
    json choices = json::array();
    for (const auto& ch : question.choices) {
      choices.push_back({{"html_html", courses::RenderMarkdown(ch.text).html},
                         {"correct", ch.correct}});
    }
    for (const auto& p : question.pairs) {
      choices.push_back({{"text", p.left + " → " + p.right}, {"correct", false}});
    }
    items.push_back({{"number", std::to_string(++n)},
                     {"id", question.id},
                     {"type", Say(ctx, req, TypeKey(question.type))},
                     {"stem_html", courses::RenderMarkdown(question.stem_markdown).html},
                     {"choices", std::move(choices)}});
  }
  return {{"title", q.settings.title},
          {"count", std::to_string(q.questions.size())},
          {"questions", std::move(items)}};
}

HttpResponse QuizPage(const WebContext& ctx, const HttpRequest& req, const EditorState& st) {
  const std::string& slug = req.params.at("slug");
  auto c = ctx.authoring->GetCourse(req.visitor.actor(), slug);
  if (!c.ok()) return StatusResponse(ctx, req, c.status());
  json m = AuthorPageModel(ctx, req, Say(ctx, req, "author_quiz_title") + " · " + c->package.title);
  m["course"] = CourseHead(*c);
  m["has_quiz"] = c->package.quiz.has_value();
  m["text"] = st.text ? *st.text : c->package.quiz.value_or("");
  m["base_revision"] =
      std::to_string(st.base_revision >= 0 ? st.base_revision : c->revision_number);
  m["saved"] = req.HasQuery("saved");
  std::vector<app::AuthoringProblem> problems = st.problems;
  if (st.quiz_preview) {
    problems = st.quiz_preview->problems;
    if (st.quiz_preview->quiz) m["preview"] = QuizPreviewJson(ctx, req, *st.quiz_preview->quiz);
  }
  ProblemsInto(ctx, req, problems, "quiz.md", m);
  return PageResponse(ctx, req, "author_quiz", m, st.status);
}

HttpResponse ShowQuiz(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireAuthor(ctx, req)) return *refused;
  return QuizPage(ctx, req, EditorState());
}

HttpResponse PostQuiz(const WebContext& ctx, const HttpRequest& req, const FormFields& form) {
  const std::string& slug = req.params.at("slug");
  const std::string text = form.Get("text");
  const int base = BaseRevision(form.Get("base_revision"));
  EditorState st;
  st.text = text;
  st.base_revision = base;
  if (form.Get("action") == "preview") {
    auto p = ctx.authoring->PreviewQuiz(req.visitor.actor(), slug, text);
    if (!p.ok()) return StatusResponse(ctx, req, p.status());
    st.quiz_preview = std::move(*p);
    return QuizPage(ctx, req, st);
  }
  auto r = ctx.authoring->SaveQuiz(req.visitor.actor(), slug, text, base);
  return AfterSave(ctx, req, r, r.ok() ? std::nullopt : Refused(r.status(), text, base), st,
                   [&](const EditorState& shown) { return QuizPage(ctx, req, shown); },
                   AuthorCourseUrl(slug, "/quiz?saved=1"));
}

HttpResponse ImportQuestions(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireAuthor(ctx, req)) return *refused;
  const std::string& slug = req.params.at("slug");
  auto file = ReadPostedFile(req);
  EditorState st;
  if (!file.ok()) {
    st.problems = {app::AuthoringProblem::From("", 0, file.status())};
    st.status = 400;
    return QuizPage(ctx, req, st);
  }
  const auto format = file->fields["format"] == "aiken" ? app::QuestionFormat::kAiken
                                                        : app::QuestionFormat::kGift;
  const auto mode = file->fields["mode"] == "append" ? assessments::ImportMode::kAppend
                                                     : assessments::ImportMode::kReplace;
  const int base = BaseRevision(file->fields["base_revision"]);
  auto r = ctx.authoring->ImportQuestions(req.visitor.actor(), slug, file->file_name, file->bytes,
                                          format, mode, base);
  return AfterSave(ctx, req, r,
                   r.ok() ? std::nullopt : Refused(r.status(), std::nullopt, base), st,
                   [&](const EditorState& shown) { return QuizPage(ctx, req, shown); },
                   AuthorCourseUrl(slug, "/quiz?saved=1"));
}

// --- pictures ---

HttpResponse AddPicture(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireAuthor(ctx, req)) return *refused;
  const std::string& slug = req.params.at("slug");
  auto file = ReadPostedFile(req);
  if (!file.ok()) {
    return AuthorCoursePage(ctx, req, {app::AuthoringProblem::From("", 0, file.status())}, 400);
  }
  auto r = ctx.authoring->AddPicture(req.visitor.actor(), slug, file->file_name, file->bytes,
                                     BaseRevision(file->fields["base_revision"]));
  if (!r.ok()) return StatusResponse(ctx, req, r.status());
  if (r->HasErrors()) return AuthorCoursePage(ctx, req, r->problems, 400);
  return Redirect(AuthorCourseUrl(slug, "?picture=" + PercentEncode(r->path)));
}

HttpResponse RemovePicture(const WebContext& ctx, const HttpRequest& req, const FormFields& form) {
  const std::string& slug = req.params.at("slug");
  auto r = ctx.authoring->RemovePicture(req.visitor.actor(), slug, form.Get("path"),
                                        BaseRevision(form.Get("base_revision")));
  return OnCoursePage(ctx, req, r, AuthorCourseUrl(slug, "?saved=1"));
}

}  // namespace

void AddAuthorEditPageRoutes(Router& r, const WebContext& ctx) {
  const RouteList on(r, ctx);
  on("GET", "/author/courses/:slug/lessons/:lesson", ShowLesson);
  // A lesson may hold 256 KiB of text, sent URL-encoded: more than a form's 64 KiB.
  on("POST", "/author/courses/:slug/lessons/:lesson", PostedForm<RequireAuthor, PostLesson>,
     kUploadRoute);
  on("POST", "/author/courses/:slug/lessons", PostedForm<RequireAuthor, AddLesson>);
  on("POST", "/author/courses/:slug/lessons/:lesson/remove",
     PostedForm<RequireAuthor, RemoveLesson>);
  on("GET", "/author/courses/:slug/quiz", ShowQuiz);
  on("POST", "/author/courses/:slug/quiz", PostedForm<RequireAuthor, PostQuiz>, kUploadRoute);
  on("POST", "/author/courses/:slug/quiz/import", ImportQuestions, kUploadRoute);
  on("POST", "/author/courses/:slug/pictures", AddPicture, kUploadRoute);
  on("POST", "/author/courses/:slug/pictures/remove",
     PostedForm<RequireAuthor, RemovePicture>);
}

}  // namespace lophoc::http
