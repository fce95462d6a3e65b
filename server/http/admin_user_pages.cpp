// Account administration pages: the list of accounts in the actor's scope,
// creating an account (with a one-time password when none is given),
// editing one, locking and unlocking it, and resetting its password.
// Accounts are never deleted. One-time passwords are shown once, on a page
// that is never stored.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "kernel/text.h"

#include "server/http/admin_pages.h"
#include "server/http/confirm_page.h"
#include "server/http/people_presenters.h"
#include "server/http/request_util.h"
#include "server/http/web_app.h"

namespace lophoc::http {
namespace {

using nlohmann::json;

const std::set<std::string> kUserFields = {"username", "display_name",   "phone",    "roles",
                                           "org",      "site",           "staff_category",
                                           "password", "email"};

constexpr people::Role kAllRoles[] = {people::Role::kLearner, people::Role::kTrainer,
                                       people::Role::kManager, people::Role::kAdmin};

std::string UserUrl(int64_t id) { return "/admin/users/" + std::to_string(id); }

// The role checkboxes: only the roles the actor may grant.
json RoleChoices(const WebContext& ctx, const HttpRequest& req,
                 const std::vector<std::string>& checked) {
  const people::Actor actor = req.visitor.actor();
  json out = json::array();
  for (people::Role r : kAllRoles) {
    if (!people::MayGrant(actor, r)) continue;
    const std::string name = people::RoleName(r);
    out.push_back({{"value", name},
                   {"label", Say(ctx, req, "role_" + name)},
                   {"checked", std::find(checked.begin(), checked.end(), name) != checked.end()}});
  }
  return out;
}

std::vector<std::string> RoleNames(const std::vector<people::Role>& roles) {
  std::vector<std::string> out;
  for (people::Role r : roles) out.push_back(people::RoleName(r));
  return out;
}

// The roles ticked on a form; `bad` receives the first unknown one.
std::vector<people::Role> TickedRoles(const std::vector<std::string>& names, std::string* bad) {
  std::vector<people::Role> out;
  for (const auto& n : names) {
    auto r = people::ParseRole(n);
    if (!r) {
      if (bad->empty()) *bad = n;
      continue;
    }
    if (std::find(out.begin(), out.end(), *r) == out.end()) out.push_back(*r);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// An account's roles and place as the create and edit forms post them.
struct PostedPlacement {
  std::vector<std::string> ticked;  // the role boxes as sent (kept when shown again)
  std::string bad_role;             // the first unknown one, if any
  std::vector<people::Role> roles;
  std::string org, site, staff_category;

  // Into an app::UserInput or app::UserPatch.
  template <typename Account>
  void Fill(Account& a) const {
    a.roles = roles;
    a.org = org;
    a.site = site;
    a.staff_category = staff_category;
  }
  // Into the form's values, shown again.
  void Into(json& values) const {
    values["org"] = org;
    values["site"] = site;
    values["staff_category"] = staff_category;
  }
};

PostedPlacement ReadPlacement(const FormFields& form) {
  PostedPlacement out;
  out.ticked = form.All("roles");
  out.roles = TickedRoles(out.ticked, &out.bad_role);
  out.org = form.Trimmed("org");
  out.site = form.Trimmed("site");
  out.staff_category = form.Trimmed("staff_category");
  return out;
}

json UserItem(const WebContext& ctx, const HttpRequest& req, const people::User& u) {
  json item = UserJson(u);
  item["roles_label"] = RoleLabels(ctx, req, u.roles);
  item["url"] = UserUrl(u.id);
  item["created"] = LocalTime(u.created_at);
  if (!u.last_login_at.empty()) item["last_login"] = LocalTime(u.last_login_at);
  return item;
}

// The page that shows a one-time password, once: never stored.
HttpResponse OneTimePasswordPage(const WebContext& ctx, const HttpRequest& req,
                                 const people::User& user, const std::string& password,
                                 bool reset) {
  json m = AdminPageModel(ctx, req, Say(ctx, req, "otp_title"));
  m["user"] = UserItem(ctx, req, user);
  m["password"] = password;
  m["reset"] = reset;
  HttpResponse res = PageResponse(ctx, req, "admin_one_time_password", m);
  NoStore(res);
  return res;
}

// --- the list ---

HttpResponse Users(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireAdminArea(ctx, req)) return *refused;
  const std::string org = req.Query("org");
  const std::string search(Trim(req.Query("q")));
  auto listed = ListRequested(req, [&](const Paging& p) {
    return ctx.people->ListUsers(req.visitor.actor(), org, p.limit, p.offset, search);
  });
  if (!listed.ok()) return StatusResponse(ctx, req, listed.status());
  const Paging& p = listed->paging;
  json items = json::array();
  for (const auto& u : listed->page.items) items.push_back(UserItem(ctx, req, u));
  json m = AdminListModel(ctx, req, Say(ctx, req, "users_title"), "/admin/users", "users", "users",
                          std::move(items), p.limit, p.offset, listed->page.total, org, search);
  m["new_url"] = "/admin/users/new" + (org.empty() ? "" : "?org=" + PercentEncode(org));
  return PageResponse(ctx, req, "admin_users", m);
}

// --- creating an account ---

HttpResponse NewUserPage(const WebContext& ctx, const HttpRequest& req, const FormErrors& errors,
                         json form, const std::vector<std::string>& roles, int status) {
  json m = AdminPageModel(ctx, req, Say(ctx, req, "user_new"));
  m["roles"] = RoleChoices(ctx, req, roles);
  m["categories"] = StaffCategoryOptions(req, form.value("staff_category", ""));
  m["form"] = std::move(form);
  return FormPage(ctx, req, "admin_user_new", std::move(m), errors, status);
}

HttpResponse NewUser(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireAdminArea(ctx, req)) return *refused;
  json form = {{"org", req.Query("org")}, {"site", req.Query("site")}};
  return NewUserPage(ctx, req, FormErrors(), form, {"learner"}, 200);
}

HttpResponse CreateUser(const WebContext& ctx, const HttpRequest& req, const FormFields& form) {
  app::UserInput in;
  in.username = form.Trimmed("username");
  in.display_name = form.Trimmed("display_name");
  const std::string phone = form.Trimmed("phone");
  if (!phone.empty()) in.phone = phone;
  in.email = form.Trimmed("email");
  const PostedPlacement placed = ReadPlacement(form);
  placed.Fill(in);
  const std::string password = form.Get("password");
  // The password is never sent back to the browser.
  json values = {{"username", in.username},
                 {"display_name", in.display_name},
                 {"phone", phone},
                 {"email", in.email}};
  placed.Into(values);
  FormErrors errors;
  if (in.username.empty()) errors.Add("username", Say(ctx, req, "form_required"));
  if (in.display_name.empty()) errors.Add("display_name", Say(ctx, req, "form_required"));
  if (!placed.bad_role.empty()) errors.Add("roles", Say(ctx, req, "msg_role_unknown"));
  if (!errors.empty()) return NewUserPage(ctx, req, errors, values, placed.ticked, 400);
  auto made = ctx.people->CreateUser(req.visitor.actor(), in, password);
  if (!made.ok()) {
    return RefusedForm(ctx, req, made.status(), kUserFields, {},
                       [&](const FormErrors& e, int status) {
                         return NewUserPage(ctx, req, e, values, placed.ticked, status);
                       });
  }
  if (!made->one_time_password.empty()) {
    return OneTimePasswordPage(ctx, req, made->user, made->one_time_password, false);
  }
  return Redirect(UserUrl(made->user.id) + "?created=1");
}

// --- one account ---

HttpResponse UserPage(const WebContext& ctx, const HttpRequest& req, const people::User& user,
                      const FormErrors& errors, json form, const std::vector<std::string>& roles,
                      int status) {
  json m = AdminPageModel(ctx, req, user.display_name);
  m["user"] = UserItem(ctx, req, user);
  m["is_me"] = req.visitor.user->id == user.id;
  if (form.is_null()) {
    form = {{"display_name", user.display_name},
            {"phone", user.phone.value_or("")},
            {"email", user.email},
            {"org", user.org_code},
            {"site", user.site_code},
            {"staff_category", user.staff_category}};
  }
  m["roles"] = RoleChoices(ctx, req, roles);
  m["categories"] = StaffCategoryOptions(req, form.value("staff_category", ""));
  m["form"] = std::move(form);
  m["saved"] = req.HasQuery("saved");
  m["created"] = req.HasQuery("created");
  m["locked_done"] = req.HasQuery("locked");
  m["unlocked_done"] = req.HasQuery("unlocked");
  return FormPage(ctx, req, "admin_user", std::move(m), errors, status);
}

// The account named by the path, or the error page.
Result<people::User> PathUser(const WebContext& ctx, const HttpRequest& req) {
  auto id = ParseId(req.params.at("id"));
  if (!id) return app::UserNotFound(req.params.at("id"));
  return ctx.people->GetUser(req.visitor.actor(), *id);
}

// A page of the account named by the path: `Page` with the account, after
// RequireAdminArea and PathUser.
using UserHandler = HttpResponse (*)(const WebContext&, const HttpRequest&, const people::User&);
template <UserHandler Page>
HttpResponse ForUser(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireAdminArea(ctx, req)) return *refused;
  auto user = PathUser(ctx, req);
  if (!user.ok()) return StatusResponse(ctx, req, user.status());
  return Page(ctx, req, *user);
}

HttpResponse ShowUser(const WebContext& ctx, const HttpRequest& req, const people::User& user) {
  return UserPage(ctx, req, user, FormErrors(), json(), RoleNames(user.roles), 200);
}

HttpResponse UpdateUser(const WebContext& ctx, const HttpRequest& req, const people::User& user) {
  auto form = FormFields::Read(req);
  if (!form) return BadForm(ctx, req);
  app::UserPatch p;
  p.display_name = form->Trimmed("display_name");
  const std::string phone = form->Trimmed("phone");
  p.phone = phone.empty() ? std::optional<std::string>() : std::optional<std::string>(phone);
  p.email = form->Trimmed("email");
  const PostedPlacement placed = ReadPlacement(*form);
  placed.Fill(p);
  json values = {{"display_name", *p.display_name}, {"phone", phone}, {"email", *p.email}};
  placed.Into(values);
  FormErrors errors;
  if (p.display_name->empty()) errors.Add("display_name", Say(ctx, req, "form_required"));
  if (!placed.bad_role.empty()) errors.Add("roles", Say(ctx, req, "msg_role_unknown"));
  if (!errors.empty()) return UserPage(ctx, req, user, errors, values, placed.ticked, 400);
  auto updated = ctx.people->UpdateUser(req.visitor.actor(), user.id, p);
  if (!updated.ok()) {
    return RefusedForm(ctx, req, updated.status(), kUserFields, {},
                       [&](const FormErrors& e, int status) {
                         return UserPage(ctx, req, user, e, values, placed.ticked, status);
                       });
  }
  return Redirect(UserUrl(user.id) + "?saved=1");
}

// A refused lock, unlock or reset: the account page with the reason on top.
HttpResponse RefusedOnUserPage(const WebContext& ctx, const HttpRequest& req,
                               const people::User& user, const Status& s) {
  return RefusedForm(ctx, req, s, {}, {}, [&](const FormErrors& e, int status) {
    return UserPage(ctx, req, user, e, json(), RoleNames(user.roles), status);
  });
}

// Enabling is done at once; disabling asks first (ConfirmationPage) and
// changes nothing until confirmed.
HttpResponse SetActive(const WebContext& ctx, const HttpRequest& req, const people::User& user) {
  auto form = FormFields::Read(req);
  if (!form) return BadForm(ctx, req);
  const bool active = form->Checked("active");
  if (!active && !Confirmed(*form)) {
    const std::vector<std::pair<std::string, std::string>> who = {{"name", user.username}};
    return ConfirmationPage(ctx, req,
                            {SayWith(ctx, req, "admin_confirm_disable_question", who),
                             SayWith(ctx, req, "admin_confirm_disable_consequence", who),
                             UserUrl(user.id) + "/active",
                             {{"active", "0"}},
                             UserUrl(user.id)});
  }
  auto changed = ctx.people->SetUserActive(req.visitor.actor(), user.id, active);
  if (!changed.ok()) return RefusedOnUserPage(ctx, req, user, changed.status());
  return Redirect(UserUrl(user.id) + (active ? "?unlocked=1" : "?locked=1"));
}

// Asks first (ConfirmationPage): a reset makes the old password useless.
HttpResponse ResetPassword(const WebContext& ctx, const HttpRequest& req,
                           const people::User& user) {
  auto form = FormFields::Read(req);
  if (!form) return BadForm(ctx, req);
  if (!Confirmed(*form)) {
    const std::vector<std::pair<std::string, std::string>> who = {{"name", user.username}};
    return ConfirmationPage(ctx, req,
                            {SayWith(ctx, req, "admin_confirm_reset_question", who),
                             SayWith(ctx, req, "admin_confirm_reset_consequence", who),
                             UserUrl(user.id) + "/reset-password",
                             {},
                             UserUrl(user.id)});
  }
  int retry_after = 0;
  auto one_time =
      ctx.people->ResetPassword(req.visitor.actor(), user.id, req.client_address, &retry_after);
  if (!one_time.ok()) {
    HttpResponse res = RefusedOnUserPage(ctx, req, user, one_time.status());
    if (retry_after > 0) res.SetHeader("Retry-After", std::to_string(retry_after));
    return res;
  }
  return OneTimePasswordPage(ctx, req, user, *one_time, true);
}

}  // namespace

void AddAdminUserPageRoutes(Router& r, const WebContext& ctx) {
  const RouteList on(r, ctx);
  on("GET", "/admin/users", Users);
  on("POST", "/admin/users", PostedForm<RequireAdminArea, CreateUser>);
  on("GET", "/admin/users/new", NewUser);
  on("GET", "/admin/users/:id", ForUser<ShowUser>);
  on("POST", "/admin/users/:id", ForUser<UpdateUser>);
  on("POST", "/admin/users/:id/active", ForUser<SetActive>);
  on("POST", "/admin/users/:id/reset-password", ForUser<ResetPassword>, kHashingRoute);
}

}  // namespace lophoc::http
