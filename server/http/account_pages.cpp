// Sign-in and the signed-in account's own pages: log in, log out, register,
// the account, its password and its API tokens. Each handler reads the form,
// calls one PeopleService use case and renders a page or redirects.
#include <algorithm>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "kernel/text.h"
#include "people/people.h"
#include "people/phone.h"

#include "server/app/learning_service.h"
#include "server/http/admin_pages.h"
#include "server/http/auth.h"
#include "server/http/people_presenters.h"
#include "server/http/request_util.h"
#include "server/http/web_app.h"

namespace lophoc::http {
namespace {

using nlohmann::json;

// "Try again in about N minutes", rounded up.
std::string RetryText(const WebContext& ctx, const HttpRequest& req, int retry_after_seconds) {
  const int minutes = std::max(1, (retry_after_seconds + 59) / 60);
  return Say(ctx, req, "rate_limited_text") + " " + std::to_string(minutes) + " " +
         Say(ctx, req, "minutes_word") + ".";
}

HttpResponse RateLimitedPage(const WebContext& ctx, const HttpRequest& req,
                             const std::string& page, json m, int retry_after_seconds) {
  FormErrors errors;
  errors.Add("", RetryText(ctx, req, retry_after_seconds));
  HttpResponse res = FormPage(ctx, req, page, std::move(m), errors, 429);
  res.SetHeader("Retry-After", std::to_string(std::max(retry_after_seconds, 1)));
  return res;
}

// Signed in: the session cookie, and the lessons this browser finished as a
// guest become the account's (then the guest cookie is cleared).
HttpResponse SignedIn(const WebContext& ctx, const HttpRequest& req, const std::string& location,
                      const app::SessionInfo& session) {
  HttpResponse res = Redirect(location);
  res.headers.emplace_back("Set-Cookie", SessionCookie(ctx, session.session_id));
  const std::string guest = req.Cookie(kGuestLessonsCookie);
  if (!guest.empty() && ctx.learning != nullptr) {
    // Never on a public computer: those lessons may be someone else's.
    bool claimed = !req.visitor.kiosk_site.empty();
    if (!claimed) {
      claimed = ctx.learning->ClaimGuestLessons(session.user, courses::ParseGuestLessons(guest)).ok();
    }
    if (claimed) res.headers.emplace_back("Set-Cookie", ClearCookie(ctx, kGuestLessonsCookie));
  }
  return res;
}

// --- log in, log out, register ---

// The model of a page titled `title_key` whose form shows `form`'s values.
json FormModel(const WebContext& ctx, const HttpRequest& req, const std::string& title_key,
               json form) {
  json m = PageModel(ctx, req, Say(ctx, req, title_key));
  m["form"] = std::move(form);
  return m;
}

json LoginModel(const WebContext& ctx, const HttpRequest& req, const std::string& username,
                const std::string& next) {
  json m = FormModel(ctx, req, "login_title", {{"username", username}, {"next", next}});
  m["register_url"] = next == "/" ? "/register" : "/register?next=" + PercentEncode(next);
  return m;
}

HttpResponse LoginForm(const WebContext& ctx, const HttpRequest& req) {
  if (req.visitor.signed_in()) return Redirect("/account");
  json m = LoginModel(ctx, req, "", SafeNext(req.Query("next")));
  m["signed_out"] = req.HasQuery("signed_out");
  return PageResponse(ctx, req, "login", m);
}

HttpResponse Login(const WebContext& ctx, const HttpRequest& req) {
  auto form = FormFields::Read(req);
  if (!form) return BadForm(ctx, req);
  const std::string username = form->Trimmed("username");
  const std::string password = form->Get("password");
  const std::string next = SafeNext(form->Get("next"));
  json m = LoginModel(ctx, req, username, next);
  FormErrors errors;
  if (username.empty()) errors.Add("username", Say(ctx, req, "form_required"));
  if (password.empty()) errors.Add("password", Say(ctx, req, "form_required"));
  if (!errors.empty()) return FormPage(ctx, req, "login", m, errors, 400);
  app::LoginResult r =
      ctx.people->Login(username, password, req.client_address, req.Cookie(kSessionCookie));
  if (r.status.code() == StatusCode::kRateLimited) {
    return RateLimitedPage(ctx, req, "login", m, r.retry_after_seconds);
  }
  if (r.status.code() == StatusCode::kUnauthenticated) {
    // One message for an unknown name, a wrong password and a locked account.
    errors.Add("", Say(ctx, req, "login_failed"));
    return FormPage(ctx, req, "login", m, errors, 401);
  }
  if (!r.status.ok()) return StatusResponse(ctx, req, r.status);
  return SignedIn(ctx, req, next, r.session);
}

HttpResponse Logout(const WebContext& ctx, const HttpRequest& req) {
  if (req.visitor.via == Visitor::Via::kSession) {
    Status s = ctx.people->Logout(req.visitor.session_id);
    if (!s.ok()) return StatusResponse(ctx, req, s);
  }
  HttpResponse res = Redirect("/");
  res.headers.emplace_back("Set-Cookie", ClearCookie(ctx, kSessionCookie));
  if (!req.Cookie(kGuestLessonsCookie).empty()) {
    res.headers.emplace_back("Set-Cookie", ClearCookie(ctx, kGuestLessonsCookie));
  }
  return res;
}

json RegisterModel(const WebContext& ctx, const HttpRequest& req, const std::string& display_name,
                   const std::string& username, const std::string& next) {
  json m = FormModel(ctx, req, "register_title",
                     {{"display_name", display_name}, {"username", username}, {"next", next}});
  m["login_url"] = next.empty() ? "/login" : "/login?next=" + PercentEncode(next);
  return m;
}

// Where a new account goes: back to what the person was doing (a local
// `next`, as log in takes it), else their learning page, welcomed.
std::string AfterRegistering(const std::string& next) {
  return next.empty() ? "/me?done=path_welcome" : next;
}

// `next` as a form or query sends it: empty when none, else a local path
// (anything else becomes "/").
std::string RegisterNext(const std::string& sent) { return sent.empty() ? "" : SafeNext(sent); }

// The page of this site the visitor came from (the Referer of a link in
// the header, sent for same-origin links only), as a local path; empty when
// unknown, another site's, or the sign-in pages themselves.
std::string CameFrom(const HttpRequest& req) {
  const std::string referer = req.Header("referer"), host = req.Header("host");
  const size_t scheme = referer.find("://");
  if (host.empty() || scheme == std::string::npos) return "";
  const size_t path = referer.find('/', scheme + 3);
  if (path == std::string::npos || referer.compare(scheme + 3, path - scheme - 3, host) != 0) {
    return "";
  }
  std::string local = referer.substr(path);
  if (const size_t hash = local.find('#'); hash != std::string::npos) local.erase(hash);
  for (const char* page : {"/register", "/login"}) {
    if (local.rfind(page, 0) == 0) return "";
  }
  return SafeNext(local);
}

HttpResponse RegisterForm(const WebContext& ctx, const HttpRequest& req) {
  const std::string next = req.HasQuery("next") ? RegisterNext(req.Query("next")) : CameFrom(req);
  return PageResponse(ctx, req, "register", RegisterModel(ctx, req, "", "", next));
}

// The refusals PeopleService::Register gives `r` on its own fields, all of
// them rather than the first: the same domain rules (people/people.h,
// people/phone.h) in the same order. Register still checks them (and
// whether the name is taken) before it writes.
std::vector<Status> RegistrationRefusals(const app::Registration& r) {
  std::vector<Status> out;
  if (Status s = people::ValidateName("display_name", Trim(r.display_name)); !s.ok()) {
    out.push_back(s);
  }
  const std::string typed(Trim(r.username));
  Result<std::string> username = typed;
  if (people::IsVietnamesePhoneNumber(typed) || people::LooksLikePhoneNumber(typed)) {
    username = people::NormalizePhone(typed, "username");
  }
  if (!username.ok()) {
    out.push_back(username.status());
  } else if (Status s = people::ValidateUsername(*username); !s.ok()) {
    out.push_back(s);
  }
  if (Status s = people::CheckPasswordPolicy(r.password, username.ok() ? *username : typed);
      !s.ok()) {
    out.push_back(s);
  }
  return out;
}

// Every problem of the form at once, each on its field: what is missing,
// then what the rules refuse in what was typed, then the confirmation.
FormErrors RegistrationErrors(const WebContext& ctx, const HttpRequest& req,
                              const app::Registration& r, const std::string& confirm) {
  FormErrors errors;
  std::set<std::string> flagged;
  for (const auto& [field, value] :
       {std::pair<std::string, const std::string*>{"display_name", &r.display_name},
        {"username", &r.username},
        {"password", &r.password}}) {
    if (value->empty()) {
      errors.Add(field, Say(ctx, req, "form_required"));
      flagged.insert(field);
    }
  }
  for (const Status& s : RegistrationRefusals(r)) {
    FieldMessage m = Explain(ctx, req, s, {"display_name", "username", "password"});
    if (flagged.count(m.field) > 0) continue;
    errors.Add(m.field, m.text);
    flagged.insert(m.field);
  }
  if (!r.password.empty() && confirm != r.password) {
    errors.Add("confirm_password", Say(ctx, req, "msg_password_mismatch"));
  }
  return errors;
}

HttpResponse Register(const WebContext& ctx, const HttpRequest& req) {
  auto form = FormFields::Read(req);
  if (!form) return BadForm(ctx, req);
  app::Registration r{form->Trimmed("display_name"), form->Trimmed("username"),
                      form->Get("password")};
  const std::string next = RegisterNext(form->Get("next"));
  json m = RegisterModel(ctx, req, r.display_name, r.username, next);
  FormErrors errors = RegistrationErrors(ctx, req, r, form->Get("confirm_password"));
  if (!errors.empty()) return FormPage(ctx, req, "register", m, errors, 400);
  app::LoginResult out = ctx.people->Register(r, req.client_address, req.Cookie(kSessionCookie));
  if (out.status.code() == StatusCode::kRateLimited) {
    return RateLimitedPage(ctx, req, "register", m, out.retry_after_seconds);
  }
  if (!out.status.ok()) {
    return RefusedForm(ctx, req, out.status, {"display_name", "username", "password"}, {},
                       [&](const FormErrors& e, int status) {
                         return FormPage(ctx, req, "register", m, e, status);
                       });
  }
  return SignedIn(ctx, req, AfterRegistering(next), out.session);
}

// --- the account ---

// The account page; `errors` and `contact` (the form as sent) when the
// contact form was refused.
HttpResponse AccountPage(const WebContext& ctx, const HttpRequest& req, const FormErrors& errors,
                         json contact, int status) {
  const people::User& u = *req.visitor.user;
  const people::Actor actor = req.visitor.actor();
  json m = PageModel(ctx, req, Say(ctx, req, "account_title"));
  json user = UserJson(u);
  user["roles_label"] = RoleLabels(ctx, req, u.roles);
  // Names where the account may read them (a learner sees only themself).
  if (!u.org_code.empty()) {
    auto unit = ctx.people->GetOrgUnit(actor, u.org_code);
    user["org_label"] = unit.ok() ? unit->name + " (" + u.org_code + ")" : u.org_code;
  }
  if (!u.site_code.empty()) {
    auto site = ctx.people->GetSite(actor, u.site_code);
    user["site_label"] = site.ok() ? site->name + " (" + u.site_code + ")" : u.site_code;
  }
  if (const auto* category = people::FindStaffCategory(u.staff_category)) {
    user["staff_category_label"] = category->Label(ChooseLanguage(req));
  }
  if (!u.last_login_at.empty()) user["last_login"] = LocalTime(u.last_login_at);
  m["user"] = std::move(user);
  // Units, sites, categories and API tokens are staff matters: a citizen's
  // account shows none of them.
  m["is_staff"] = IsStaffAccount(u);
  m["welcome"] = req.HasQuery("welcome");
  m["password_changed"] = req.HasQuery("password_changed");
  m["contact_saved"] = req.HasQuery("contact_saved");
  if (contact.is_null()) contact = {{"email", u.email}, {"language", u.language}};
  m["contact"] = {{"email", contact.value("email", "")},
                  {"en", contact.value("language", "") == "en"}};
  HttpResponse res = FormPage(ctx, req, "account", std::move(m), errors, status);
  NoStore(res);
  return res;
}

HttpResponse Account(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  return AccountPage(ctx, req, FormErrors(), json(), 200);
}

// Where and in which language the person's reminders reach them.
HttpResponse SaveContact(const WebContext& ctx, const HttpRequest& req, const FormFields& form) {
  const json sent = {{"email", form.Trimmed("email")}, {"language", form.Get("language")}};
  Status done = ctx.people->SetOwnContact(req.visitor.actor(), form.Trimmed("email"),
                                          form.Get("language"));
  if (!done.ok()) {
    return RefusedForm(ctx, req, done, {"email", "language"}, {},
                       [&](const FormErrors& e, int status) {
                         return AccountPage(ctx, req, e, sent, status);
                       });
  }
  return Redirect("/account?contact_saved=1");
}

json PasswordModel(const WebContext& ctx, const HttpRequest& req) {
  json m = PageModel(ctx, req, Say(ctx, req, "password_title"));
  m["must_change"] = req.visitor.user->must_change_password;
  return m;
}

HttpResponse PasswordForm(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  return PageResponse(ctx, req, "account_password", PasswordModel(ctx, req));
}

HttpResponse ChangePassword(const WebContext& ctx, const HttpRequest& req,
                            const FormFields& form) {
  const std::string current = form.Get("current_password");
  const std::string next = form.Get("new_password");
  json m = PasswordModel(ctx, req);
  FormErrors errors;
  if (current.empty()) errors.Add("current_password", Say(ctx, req, "form_required"));
  if (next.empty()) {
    errors.Add("new_password", Say(ctx, req, "form_required"));
  } else if (form.Get("confirm_password") != next) {
    errors.Add("confirm_password", Say(ctx, req, "msg_password_mismatch"));
  }
  if (!errors.empty()) return FormPage(ctx, req, "account_password", m, errors, 400);
  app::LimitedStatus r = ctx.people->ChangeOwnPassword(
      req.visitor.actor(), req.visitor.session_id, req.client_address, current, next);
  if (r.status.code() == StatusCode::kRateLimited) {
    return RateLimitedPage(ctx, req, "account_password", m, r.retry_after_seconds);
  }
  if (r.status.code() == StatusCode::kUnauthenticated) {
    // Too many wrong current passwords: the session has ended.
    HttpResponse res = Redirect("/login?signed_out=1");
    res.headers.emplace_back("Set-Cookie", ClearCookie(ctx, kSessionCookie));
    return res;
  }
  if (!r.status.ok()) {
    return RefusedForm(ctx, req, r.status, {"current_password", "new_password"},
                       {{"password", "new_password"}}, [&](const FormErrors& e, int status) {
                         return FormPage(ctx, req, "account_password", m, e, status);
                       });
  }
  return Redirect("/account?password_changed=1");
}

// --- API tokens ---

// The tokens page; `secret` (just made) is shown once, with no-store.
HttpResponse TokensPage(const WebContext& ctx, const HttpRequest& req, const std::string& secret,
                        const FormErrors& errors, const std::string& name, int status) {
  auto tokens = ctx.people->ListApiTokens(req.visitor.actor(), req.visitor.user->id);
  if (!tokens.ok()) return StatusResponse(ctx, req, tokens.status());
  json m = PageModel(ctx, req, Say(ctx, req, "tokens_title"));
  json items = json::array();
  for (const auto& t : *tokens) {
    json item = ApiTokenJson(t);
    item["created"] = LocalTime(t.created_at);
    if (!t.last_used_at.empty()) item["last_used"] = LocalTime(t.last_used_at);
    item["revoked"] = !t.revoked_at.empty();
    items.push_back(std::move(item));
  }
  m["has_tokens"] = !items.empty();
  m["tokens"] = std::move(items);
  m["form"] = {{"name", name}};
  m["revoked_done"] = req.HasQuery("revoked");
  if (!secret.empty()) m["secret"] = secret;
  HttpResponse res = FormPage(ctx, req, "account_tokens", std::move(m), errors, status);
  if (!secret.empty()) NoStore(res);
  return res;
}

HttpResponse Tokens(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  return TokensPage(ctx, req, "", FormErrors(), "", 200);
}

HttpResponse CreateToken(const WebContext& ctx, const HttpRequest& req, const FormFields& form) {
  const std::string name = form.Trimmed("name");
  FormErrors errors;
  if (name.empty()) {
    errors.Add("name", Say(ctx, req, "form_required"));
    return TokensPage(ctx, req, "", errors, name, 400);
  }
  auto t = ctx.people->CreateApiToken(req.visitor.actor(), req.visitor.user->id, name);
  if (!t.ok()) {
    return RefusedForm(ctx, req, t.status(), {"name"}, {}, [&](const FormErrors& e, int status) {
      return TokensPage(ctx, req, "", e, name, status);
    });
  }
  return TokensPage(ctx, req, t->secret, errors, "", 200);
}

HttpResponse RevokeToken(const WebContext& ctx, const HttpRequest& req) {
  if (auto refused = RequireSignIn(ctx, req)) return *refused;
  Status s = RevokePathToken(ctx, req);
  if (!s.ok()) return StatusResponse(ctx, req, s);
  return Redirect("/account/tokens?revoked=1");
}

}  // namespace

void AddAccountPageRoutes(Router& r, const WebContext& ctx) {
  const RouteList on(r, ctx);
  const RouteOptions before_change = kOrdinaryRoute.AllowedBeforePasswordChange();
  on("GET", "/login", LoginForm, before_change);
  on("POST", "/login", Login, kHashingRoute.StartingSession().AllowedBeforePasswordChange());
  on("POST", "/logout", Logout, before_change);
  on("GET", "/register", RegisterForm);
  on("POST", "/register", Register, kHashingRoute.StartingSession());
  on("GET", "/account", Account);
  on("POST", "/account/contact", PostedForm<RequireSignIn, SaveContact>);
  on("GET", "/account/password", PasswordForm, before_change);
  on("POST", "/account/password", PostedForm<RequireSignIn, ChangePassword>,
     kHashingRoute.AllowedBeforePasswordChange());
  on("GET", "/account/tokens", Tokens);
  on("POST", "/account/tokens", PostedForm<RequireSignIn, CreateToken>);
  on("POST", "/account/tokens/:id/revoke", RevokeToken);
}

}  // namespace lophoc::http
