// The web pages of people and places (docs/people.md): sign-in and the
// account pages (account_pages.cpp), the admin area (admin_pages.cpp) and
// account administration (admin_user_pages.cpp), and the pieces they share:
// reading a posted form, collecting what is wrong with it, and saying a
// refusal of PeopleService in the visitor's words.
//
// Pages are server-rendered and need no JavaScript. A form the service
// refuses is shown again with the values kept, a summary at the top and the
// message next to its field; its HTTP status is the service's
// (HttpStatusFor: 400 invalid, 401 wrong password, 403 not allowed, 404
// unknown code, 409 taken), 400 for what the page itself checks (a missing
// field, two passwords that differ). A success answers 303 (Post/Redirect/Get).
//
// All functions are pure or thread-safe.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "people/people.h"
#include "kernel/status.h"
#include "server/http/http_types.h"
#include "server/http/router.h"

namespace lophoc::http {

struct WebContext;

// Registers /admin/users and below. REQUIRES: ctx.people is set. Called by
// AddAdminPageRoutes.
void AddAdminUserPageRoutes(Router& router, const WebContext& ctx);
// Registers /admin/import and /admin/export/{kind}. REQUIRES: ctx.people_csv.
void AddAdminCsvPageRoutes(Router& router, const WebContext& ctx);

// The fields of an application/x-www-form-urlencoded body.
class FormFields {
 public:
  // nullopt when the body is of another type or malformed (answer 400).
  static std::optional<FormFields> Read(const HttpRequest& req);
  explicit FormFields(std::multimap<std::string, std::string> fields)
      : fields_(std::move(fields)) {}

  // The first value, or "".
  std::string Get(const std::string& key) const;
  // The first value without surrounding blanks (codes, names), or "".
  std::string Trimmed(const std::string& key) const;
  // A checkbox: present with a value other than "0" or "".
  bool Checked(const std::string& key) const;
  std::vector<std::string> All(const std::string& key) const;

 private:
  std::multimap<std::string, std::string> fields_;
};

// What is wrong with a posted form, field by field. Field names are the
// names of the form's inputs; each input has id "f-" + name.
class FormErrors {
 public:
  // `field` empty: about the whole form (shown in the summary only).
  void Add(const std::string& field, const std::string& message);
  bool empty() const { return items_.empty(); }
  // Adds "has_errors", "errors": [{field, message}] (the summary) and
  // "error": {field: message} (next to each field) to a page model.
  void Into(nlohmann::json& model) const;

 private:
  std::vector<std::pair<std::string, std::string>> items_;
};

// A catalogue message in the request's language.
std::string Say(const WebContext& ctx, const HttpRequest& req, const std::string& key);

// A refusal of PeopleService in the visitor's words (its reason's catalogue
// message, SayRefusal), and the form field it is about (its field()). The
// domain's messages are English developer text and are never read.
// `fields` are the form's fields (the result names one of them or is "");
// `aliases` renames the domain's fields to this form's (the domain's
// "password" is the password page's "new_password").
struct FieldMessage {
  std::string field;
  std::string text;
};
FieldMessage Explain(const WebContext& ctx, const HttpRequest& req, const Status& s,
                     const std::set<std::string>& fields,
                     const std::map<std::string, std::string>& aliases = {});

// A form's page: `errors` into `model` (FormErrors::Into), rendered with `status`.
HttpResponse FormPage(const WebContext& ctx, const HttpRequest& req, const std::string& page,
                      nlohmann::json model, const FormErrors& errors, int status);

// The answer to a form whose use case refused `s`: the error page for a
// server failure (5xx), else the form again, `render(errors, status)`, with
// the refusal said on its field (Explain with `fields` and `aliases`) and the
// refusal's HTTP status.
using FormRender = std::function<HttpResponse(const FormErrors& errors, int status)>;
HttpResponse RefusedForm(const WebContext& ctx, const HttpRequest& req, const Status& s,
                         const std::set<std::string>& fields,
                         const std::map<std::string, std::string>& aliases,
                         const FormRender& render);

// For pages that show a secret once (a one-time password, an API token).
void NoStore(HttpResponse& res);

// The answer for a posted form that cannot be read: the 400 page.
HttpResponse BadForm(const WebContext& ctx, const HttpRequest& req);

// The answer for a page of the admin area when the visitor may not enter it:
// the sign-in redirect for guests, 403 for accounts that are neither admin,
// manager nor trainer; nullopt when they may. What they may see and change
// inside is for PeopleService to say.
std::optional<HttpResponse> RequireAdminArea(const WebContext& ctx, const HttpRequest& req);

// A route's handler for a form posted by visitors `Let` lets in
// (RequireAdminArea, RequireAuthor, RequireSignIn): `Let`'s answer when it
// has one, the 400 page for a form that cannot be read, else `Handle`'s
// answer to the form. Registered as `PostedForm<RequireAuthor, AddLesson>`.
using Guard = std::optional<HttpResponse> (*)(const WebContext&, const HttpRequest&);
using FormHandler = HttpResponse (*)(const WebContext&, const HttpRequest&, const FormFields&);
template <Guard Let, FormHandler Handle>
HttpResponse PostedForm(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = Let(ctx, req)) return *refused;
  auto form = FormFields::Read(req);
  if (!form) return BadForm(ctx, req);
  return Handle(ctx, req, *form);
}

// PageModel plus what the admin navigation shows: "is_admin", "may_write"
// (the actor may change something: the create forms are shown), "has_csv",
// and "section" (the navigation entry of this page).
// REQUIRES: the visitor is signed in.
nlohmann::json AdminPageModel(const WebContext& ctx, const HttpRequest& req,
                              const std::string& title);

// The paging part of a list page's model (put it under "pager"): "from",
// "to", "total" as text, and "prev_url" / "next_url" when there is such a
// page, keeping ?org= and ?q= (the language is kept by its cookie).
nlohmann::json PagerJson(const std::string& path, const std::string& org, int limit, int64_t offset,
                         int64_t shown, int64_t total, const std::string& search = "");

// The model of an admin list page at `path` ("/admin/sites"): AdminPageModel
// with `title`, `items` under `key` and "has_" + key, "pager", "org" and
// "q" when set, and "export_url" (the same listing as CSV,
// /admin/export/`export_kind`). `total` counts every matching row.
nlohmann::json AdminListModel(const WebContext& ctx, const HttpRequest& req,
                              const std::string& title, const std::string& path,
                              const std::string& export_kind, const std::string& key,
                              nlohmann::json items, int limit, int64_t offset, int64_t total,
                              const std::string& org, const std::string& search = "");

// The roles in the request's language, joined with ", ".
std::string RoleLabels(const WebContext& ctx, const HttpRequest& req,
                       const std::vector<people::Role>& roles);

// The <option>s ({value, label, selected}) of the select lists of site types
// and staff categories: people/vocabulary.h, labelled in the request's
// language, the one equal to `selected` marked.
nlohmann::json SiteTypeOptions(const HttpRequest& req, const std::string& selected);
nlohmann::json StaffCategoryOptions(const HttpRequest& req, const std::string& selected);

// An ISO 8601 UTC time of the store ("2026-11-22T03:15:04Z") as people in
// Vietnam read it: "22/11/2026 10:15", Vietnam time (UTC+7, no daylight
// saving). Anything else is returned as it is.
std::string LocalTime(const std::string& iso);

}  // namespace lophoc::http
