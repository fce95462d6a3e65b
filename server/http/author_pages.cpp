// The web editor for trainers: /author/... (docs/authoring.md). This file has
// the course list, the course page (course.md, lessons, pictures,
// publication, zip download and upload) and the history; the lesson, quiz and
// picture editors are in author_edit_pages.cpp.
#include "server/http/author_pages.h"

#include <nlohmann/json.hpp>

#include "kernel/text.h"
#include "server/http/admin_pages.h"
#include "server/http/multipart.h"
#include "server/http/refusals.h"
#include "server/http/request_util.h"
#include "server/http/web_app.h"

namespace lophoc::http {

using nlohmann::json;

std::optional<HttpResponse> RequireAuthor(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return refused;
  if (app::AuthoringService::MayAuthor(req.visitor.actor())) return std::nullopt;
  return StatusResponse(ctx, req,
                        Status::PermissionDenied("the editor is for trainers and admins")
                            .WithReason("author_role_needed"));
}

json AuthorPageModel(const WebContext& ctx, const HttpRequest& req, const std::string& title) {
  json m = PageModel(ctx, req, title);
  m["may_author"] = true;
  m["author_js_url"] = ctx.statics->Url("js/author.js");
  return m;
}

std::string SayProblem(const WebContext& ctx, const HttpRequest& req,
                       const app::AuthoringProblem& p) {
  // Every parser problem has a reason; a Status without one (a store failure)
  // has only its message to say.
  if (p.reason.empty()) return p.message;
  Status s = Status::InvalidArgument(p.message).WithReason(p.reason);
  for (const auto& [name, value] : p.params) s = std::move(s).WithParam(name, value);
  return SayRefusal(*ctx.i18n, ChooseLanguage(req), s);
}

void ProblemsInto(const WebContext& ctx, const HttpRequest& req,
                  const std::vector<app::AuthoringProblem>& problems,
                  const std::string& edited_file, json& model) {
  json list = json::array();
  json by_field = json::object();
  bool errors = false;
  for (const auto& p : problems) {
    const std::string text = SayProblem(ctx, req, p);
    json item = {{"message", text}, {"warning", p.warning}};
    if (!p.file.empty() && p.file != edited_file) item["file"] = p.file;
    if (p.line > 0) item["line"] = std::to_string(p.line);
    if (!p.field.empty() && !by_field.contains(p.field)) by_field[p.field] = text;
    errors = errors || !p.warning;
    list.push_back(std::move(item));
  }
  model["has_problems"] = !list.empty();
  model["has_errors"] = errors;
  model["problems"] = std::move(list);
  model["error"] = std::move(by_field);
}

std::string AuthorCourseUrl(const std::string& slug, const std::string& rest) {
  return "/author/courses/" + PercentEncode(slug) + rest;
}

int BaseRevision(const std::string& value) {
  auto id = ParseId(value);
  return id && *id < 1000000000 ? static_cast<int>(*id) : -1;
}

Result<PostedFile> ReadPostedFile(const HttpRequest& req) {
  auto parts = ParseMultipart(req.Header("content-type"), req.body);
  if (!parts.ok()) {
    return Status::InvalidArgument(parts.status().message())
        .WithReason("upload_unreadable")
        .WithField("file");
  }
  PostedFile out;
  const FormPart* file = FindPart(*parts, "file");
  if (file == nullptr || file->filename.empty()) {
    return Status::InvalidArgument("choose a file to upload")
        .WithReason("upload_no_file")
        .WithField("file");
  }
  out.file_name = file->filename;
  out.bytes = file->data;
  for (const auto& p : *parts) {
    if (p.filename.empty() && out.fields.count(p.name) == 0) out.fields[p.name] = p.data;
  }
  return out;
}

std::optional<Refusal> ShownRefusal(const Status& s) {
  if (s.code() != StatusCode::kConflict && s.code() != StatusCode::kAlreadyExists) {
    return std::nullopt;
  }
  return Refusal{{app::AuthoringProblem::From("", 0, s)}, HttpStatusFor(s)};
}

namespace {

std::string SourceLabel(const WebContext& ctx, const HttpRequest& req, const std::string& source) {
  if (source == "editor" || source == "upload" || source == "bundled" || source == "import") {
    return Say(ctx, req, "author_source_" + source);
  }
  return source;
}

std::string WhoLabel(const WebContext& ctx, const HttpRequest& req, const std::string& by) {
  return by.empty() ? Say(ctx, req, "author_by_system") : by;
}

// --- course list ---

HttpResponse CoursesPage(const WebContext& ctx, const HttpRequest& req,
                         const std::vector<app::AuthoringProblem>& problems, json form,
                         int status) {
  auto list = ctx.authoring->ListCourses(req.visitor.actor());
  if (!list.ok()) return StatusResponse(ctx, req, list.status());
  json items = json::array();
  for (const auto& c : *list) {
    items.push_back({{"slug", c.slug},
                     {"title", c.title},
                     {"url", AuthorCourseUrl(c.slug)},
                     {"published", c.published},
                     {"revision", std::to_string(c.revision_number)},
                     {"lessons", std::to_string(c.lesson_count)},
                     {"changed_at", LocalTime(c.changed_at)},
                     {"changed_by", WhoLabel(ctx, req, c.changed_by)},
                     {"source", SourceLabel(ctx, req, c.source)}});
  }
  json m = AuthorPageModel(ctx, req, Say(ctx, req, "author_title"));
  m["has_courses"] = !items.empty();
  m["courses"] = std::move(items);
  m["form"] = form.is_null() ? json{{"slug", ""}, {"title", ""}} : std::move(form);
  ProblemsInto(ctx, req, problems, "", m);
  return PageResponse(ctx, req, "author_courses", m, status);
}

HttpResponse Courses(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireAuthor(ctx, req)) return *refused;
  return CoursesPage(ctx, req, {}, json(), 200);
}

HttpResponse CreateCourse(const WebContext& ctx, const HttpRequest& req, const FormFields& form) {
  const std::string slug = form.Trimmed("slug"), title = form.Trimmed("title");
  json values = {{"slug", slug}, {"title", title}};
  auto r = ctx.authoring->CreateCourse(req.visitor.actor(), slug, title);
  if (!r.ok()) {
    if (auto shown = ShownRefusal(r.status())) {
      return CoursesPage(ctx, req, shown->problems, values, shown->status);
    }
    return StatusResponse(ctx, req, r.status());
  }
  if (r->HasErrors()) return CoursesPage(ctx, req, r->problems, values, 400);
  return Redirect(AuthorCourseUrl(r->slug, "?created=1"));
}

}  // namespace

HttpResponse AuthorCoursePage(const WebContext& ctx, const HttpRequest& req,
                              const std::vector<app::AuthoringProblem>& problems, int status,
                              const std::optional<std::string>& text) {
  const std::string& slug = req.params.at("slug");
  auto c = ctx.authoring->GetCourse(req.visitor.actor(), slug);
  if (!c.ok()) return StatusResponse(ctx, req, c.status());
  const courses::CoursePackage& p = c->package;
  json m = AuthorPageModel(ctx, req, p.title);
  m["course"] = {{"slug", p.slug},
                 {"title", p.title},
                 {"url", AuthorCourseUrl(p.slug)},
                 {"public_url", "/courses/" + PercentEncode(p.slug)},
                 {"published", c->published},
                 {"revision", std::to_string(c->revision_number)},
                 {"changed_at", LocalTime(c->created_at)},
                 {"changed_by", WhoLabel(ctx, req, c->created_by)},
                 {"has_quiz", p.quiz.has_value()}};
  json lessons = json::array();
  for (const auto& l : p.lessons) {
    lessons.push_back({{"slug", l.slug},
                       {"title", l.title},
                       {"file_name", app::LessonFileName(l)},
                       {"url", AuthorCourseUrl(p.slug, "/lessons/" + PercentEncode(l.slug))}});
  }
  m["lessons"] = std::move(lessons);
  m["single_lesson"] = p.lessons.size() == 1;
  json pictures = json::array();
  for (const auto& f : p.files) {
    pictures.push_back({{"path", f.path},
                        {"url", AuthorCourseUrl(p.slug, "/media/" + f.path)},
                        {"size", std::to_string((f.bytes.size() + 1023) / 1024) + " KiB"}});
  }
  m["has_pictures"] = !pictures.empty();
  m["pictures"] = std::move(pictures);
  m["text"] = text ? *text : app::CourseFileText(p);
  m["created"] = req.HasQuery("created");
  m["saved"] = req.HasQuery("saved");
  m["uploaded"] = req.HasQuery("uploaded");
  m["picture_added"] = req.Query("picture");
  ProblemsInto(ctx, req, problems, "course.md", m);
  return PageResponse(ctx, req, "author_course", m, status);
}

namespace {

HttpResponse ShowCourse(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireAuthor(ctx, req)) return *refused;
  return AuthorCoursePage(ctx, req, {}, 200);
}

HttpResponse SaveCourse(const WebContext& ctx, const HttpRequest& req, const FormFields& form) {
  const std::string& slug = req.params.at("slug");
  const std::string text = form.Get("text");
  auto r = ctx.authoring->SaveCourseFile(req.visitor.actor(), slug, text,
                                         BaseRevision(form.Get("base_revision")));
  if (!r.ok()) {
    if (auto shown = ShownRefusal(r.status())) {
      return AuthorCoursePage(ctx, req, shown->problems, shown->status, text);
    }
    return StatusResponse(ctx, req, r.status());
  }
  if (r->HasErrors()) return AuthorCoursePage(ctx, req, r->problems, 400, text);
  return Redirect(AuthorCourseUrl(slug, "?saved=1"));
}

HttpResponse Publish(const WebContext& ctx, const HttpRequest& req, const FormFields& form) {
  const std::string& slug = req.params.at("slug");
  Status s = ctx.authoring->SetPublished(req.visitor.actor(), slug, form.Get("published") == "1");
  if (!s.ok()) return StatusResponse(ctx, req, s);
  return Redirect(AuthorCourseUrl(slug));
}

// --- history ---

json ChangeLines(const WebContext& ctx, const HttpRequest& req,
                 const courses::RevisionChanges& c) {
  json out = json::array();
  auto add = [&](const std::string& key, const std::vector<std::string>& names) {
    if (names.empty()) return;
    std::string joined;
    for (const auto& n : names) joined += (joined.empty() ? "" : ", ") + n;
    out.push_back({{"text", Say(ctx, req, key) + ": " + joined}});
  };
  if (c.created) out.push_back({{"text", Say(ctx, req, "author_change_created")}});
  if (c.settings) out.push_back({{"text", Say(ctx, req, "author_change_settings")}});
  add("author_change_lessons_added", c.lessons_added);
  add("author_change_lessons_removed", c.lessons_removed);
  add("author_change_lessons_changed", c.lessons_changed);
  if (c.quiz) out.push_back({{"text", Say(ctx, req, "author_change_quiz")}});
  add("author_change_files_added", c.files_added);
  add("author_change_files_removed", c.files_removed);
  add("author_change_files_changed", c.files_changed);
  return out;
}

HttpResponse History(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireAuthor(ctx, req)) return *refused;
  const std::string& slug = req.params.at("slug");
  auto c = ctx.authoring->GetCourse(req.visitor.actor(), slug);
  if (!c.ok()) return StatusResponse(ctx, req, c.status());
  auto revisions = ctx.authoring->History(req.visitor.actor(), slug);
  if (!revisions.ok()) return StatusResponse(ctx, req, revisions.status());
  json items = json::array();
  for (const auto& r : *revisions) {
    json changes = ChangeLines(ctx, req, r.changes);
    items.push_back({{"number", std::to_string(r.number)},
                     {"at", LocalTime(r.created_at)},
                     {"by", WhoLabel(ctx, req, r.created_by)},
                     {"source", SourceLabel(ctx, req, r.source)},
                     {"current", r.current},
                     {"has_changes", !changes.empty()},
                     {"changes", std::move(changes)}});
  }
  json m = AuthorPageModel(ctx, req, Say(ctx, req, "author_history_title") + " · " +
                                         c->package.title);
  m["course"] = {{"title", c->package.title}, {"url", AuthorCourseUrl(slug)}};
  m["revisions"] = std::move(items);
  return PageResponse(ctx, req, "author_history", m);
}

// --- zip download and upload, preview pictures ---

HttpResponse DownloadZip(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireAuthor(ctx, req)) return *refused;
  const std::string& slug = req.params.at("slug");
  auto zip = ctx.authoring->PackageZip(req.visitor.actor(), slug);
  if (!zip.ok()) return StatusResponse(ctx, req, zip.status());
  // The slug is ASCII letters, digits and '-': safe in the header as it is.
  HttpResponse res = Attachment("application/zip", std::move(*zip), slug + ".zip");
  NoStore(res);
  return res;
}

// Upload on the list page (a new course) or on a course's page (its next
// revision).
HttpResponse UploadZip(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireAuthor(ctx, req)) return *refused;
  auto it = req.params.find("slug");
  const std::string slug = it == req.params.end() ? "" : it->second;
  auto render = [&](const std::vector<app::AuthoringProblem>& problems, int status) {
    return slug.empty() ? CoursesPage(ctx, req, problems, json(), status)
                        : AuthorCoursePage(ctx, req, problems, status);
  };
  auto file = ReadPostedFile(req);
  if (!file.ok()) return render({app::AuthoringProblem::From("", 0, file.status())}, 400);
  auto r = ctx.authoring->UploadPackage(req.visitor.actor(), file->bytes, slug);
  if (!r.ok()) {
    if (auto shown = ShownRefusal(r.status())) return render(shown->problems, shown->status);
    return StatusResponse(ctx, req, r.status());
  }
  if (r->HasErrors()) return render(r->problems, 400);
  return Redirect(AuthorCourseUrl(r->slug, "?uploaded=1"));
}

HttpResponse DraftMedia(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireAuthor(ctx, req)) return *refused;
  const std::string& path = req.params.at("*");
  if (path.find("..") != std::string::npos || path.find('\\') != std::string::npos) {
    return StatusResponse(ctx, req, Status::NotFound("no such file").WithReason("file_not_found"));
  }
  auto f = ctx.authoring->DraftFile(req.visitor.actor(), req.params.at("slug"), path);
  if (!f.ok()) return StatusResponse(ctx, req, f.status());
  HttpResponse res;
  res.content_type = f->content_type;
  res.body = std::move(f->bytes);
  return res;
}

}  // namespace

void AddAuthorPageRoutes(Router& r, const WebContext& ctx) {
  const RouteList on(r, ctx);
  on("GET", "/author", Courses);
  on("POST", "/author/courses", PostedForm<RequireAuthor, CreateCourse>);
  on("POST", "/author/upload", UploadZip, kUploadRoute);
  on("GET", "/author/courses/:slug", ShowCourse);
  // course.md may be as long as a lesson (256 KiB), more than a form's 64 KiB.
  on("POST", "/author/courses/:slug", PostedForm<RequireAuthor, SaveCourse>, kUploadRoute);
  on("POST", "/author/courses/:slug/publish", PostedForm<RequireAuthor, Publish>);
  on("GET", "/author/courses/:slug/history", History);
  on("GET", "/author/courses/:slug/package.zip", DownloadZip);
  on("POST", "/author/courses/:slug/package", UploadZip, kUploadRoute);
  on("GET", "/author/courses/:slug/media/*", DraftMedia, kOrdinaryRoute.Serving(Serves::kMedia));
  AddAuthorEditPageRoutes(r, ctx);
}

}  // namespace lophoc::http
