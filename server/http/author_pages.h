// The web editor for trainers under /author (docs/authoring.md): the course
// list and course page (author_pages.cpp) and the lesson, quiz and picture
// editors (author_edit_pages.cpp), and what they share. Every page works
// without JavaScript; static/js/author.js only adds a live preview.
//
// Trainers and admins only: guests are sent to sign in, other accounts get
// 403. Problems found in what was submitted are listed as "line N: message"
// with the submitted text kept (400); a save based on an old revision is
// refused with 409 and the text kept. A success answers 303.
// All functions are thread-safe.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/app/authoring_service.h"
#include "server/http/http_types.h"
#include "server/http/router.h"

namespace lophoc::http {

struct WebContext;

// Registers the lesson, quiz and picture editors. Called by AddAuthorPageRoutes.
void AddAuthorEditPageRoutes(Router& router, const WebContext& ctx);

// The sign-in redirect for guests, 403 for accounts that may not author;
// nullopt when the visitor may.
std::optional<HttpResponse> RequireAuthor(const WebContext& ctx, const HttpRequest& req);

// PageModel plus the editor's navigation ("may_author", "author_js_url").
nlohmann::json AuthorPageModel(const WebContext& ctx, const HttpRequest& req,
                               const std::string& title);

// Problems for a template: [{file, line, message, warning}], `file` left out
// for problems in `edited_file` and `line` for whole-file ones, each said in
// the visitor's words (the catalogue's message for its reason); "error":
// {field: message} for the form fields they mark; and "has_problems",
// "has_errors" in `model`.
void ProblemsInto(const WebContext& ctx, const HttpRequest& req,
                  const std::vector<app::AuthoringProblem>& problems,
                  const std::string& edited_file, nlohmann::json& model);

// "/author/courses/{slug}" (+ `rest`), percent-encoded.
std::string AuthorCourseUrl(const std::string& slug, const std::string& rest = "");

// The revision a form was opened on (hidden field base_revision); -1 when absent.
int BaseRevision(const std::string& value);

// The course page (course.md editor, lessons, pictures, publication), with
// `problems` of a refused change and the submitted course.md `text` if any.
HttpResponse AuthorCoursePage(const WebContext& ctx, const HttpRequest& req,
                              const std::vector<app::AuthoringProblem>& problems, int status,
                              const std::optional<std::string>& text = std::nullopt);

// A file posted in a multipart form: its part "file" and the other fields.
struct PostedFile {
  std::string file_name;
  std::string bytes;
  std::map<std::string, std::string> fields;
};
// InvalidArgument when the body is not multipart or has no file (reason
// "upload_no_file" for the latter).
Result<PostedFile> ReadPostedFile(const HttpRequest& req);

// A refusal the editor shows on its page, with the submitted text kept:
// Conflict (someone saved meanwhile) and AlreadyExists (a slug taken), as a
// problem with the refusal's reason, with their HTTP status. nullopt for
// others (answer StatusResponse).
struct Refusal {
  std::vector<app::AuthoringProblem> problems;
  int status = 409;
};
std::optional<Refusal> ShownRefusal(const Status& s);

}  // namespace lophoc::http
