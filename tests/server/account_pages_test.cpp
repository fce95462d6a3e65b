// Handler tests of the sign-in and account pages (server/http/account_pages.cpp),
// through the whole site without a socket: a small browser keeps the cookies
// and the forms' CSRF token as a real one would.
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "tests/support/test_browser.h"
#include "tests/support/test_world.h"

namespace lophoc::http {
namespace {

using testing::Browser;
using testing::Contains;
using testing::SetCookies;
using testing::TestSite;
using testing::Fields;
using testing::kPassword;
using testing::SignIn;
constexpr const char* kLoginFailed = "Tên đăng nhập hoặc mật khẩu không đúng.";

std::string SetCookieFor(const HttpResponse& res, const std::string& cookie) {
  for (const auto& v : SetCookies(res)) {
    if (v.rfind(cookie + "=", 0) == 0) return v;
  }
  return "";
}

people::User AddUser(TestSite& t, const std::string& username, const std::string& password,
                      const std::string& display_name = "Nguyễn Thị Lan") {
  return testing::MakeAccount(
      t.people(), {username, {people::Role::kLearner}, "", "", "", display_name}, password);
}

}  // namespace

TEST_CASE("log in: an HttpOnly SameSite=Lax session cookie and 303 to a safe next",
          "[account_pages]") {
  TestSite t;
  AddUser(t, "lan.nguyen", kPassword);
  auto [next, location] = GENERATE(table<std::string, std::string>({
      {"/courses/tin-hoc-co-ban", "/courses/tin-hoc-co-ban"},
      {"/search?q=tin+hoc", "/search?q=tin+hoc"},
      {"", "/"},
      {"//evil.example", "/"},
      {"https://evil.example/", "/"},
      {"/\\evil.example", "/"},
  }));
  CAPTURE(next);
  Browser b(t);
  HttpResponse res = SignIn(b, "lan.nguyen", kPassword, next);
  testing::CheckRedirect(res, location);
  const std::string cookie = SetCookieFor(res, "lophoc_session");
  CHECK(Contains(cookie, "HttpOnly"));
  CHECK(Contains(cookie, "SameSite=Lax"));
  CHECK(b.Cookie("lophoc_session").size() == 43);
  HttpResponse account = b.Get("/account");
  CHECK(account.status == 200);
  CHECK(Contains(account.body, "Nguyễn Thị Lan"));
  CHECK(Contains(account.body, "Học viên"));
  // Signed in, /login goes to the account.
  HttpResponse again = b.Get("/login");
  testing::CheckRedirect(again, "/account");
}

TEST_CASE("a wrong password, an unknown name and a locked account get one 401 message",
          "[account_pages]") {
  TestSite t;
  people::User u = AddUser(t, "lan.nguyen", kPassword);
  AddUser(t, "locked.user", kPassword);
  auto locked = t.people().GetUserByName(people::Actor::CommandLine(), "locked.user");
  REQUIRE(locked.ok());
  REQUIRE(t.people().SetUserActive(people::Actor::CommandLine(), locked->id, false).ok());
  auto [username, password] = GENERATE(table<std::string, std::string>({
      {"lan.nguyen", "not the password 1"},
      {"nobody.here", "not the password 2"},
      {"locked.user", kPassword},
  }));
  CAPTURE(username);
  Browser b(t);
  HttpResponse res = SignIn(b, username, password);
  CHECK(res.status == 401);
  CHECK(Contains(res.body, kLoginFailed));
  CHECK(Contains(res.body, "role=\"alert\""));
  CHECK_FALSE(Contains(res.body, "href=\"#f-\""));          // about no one field
  CHECK(Contains(res.body, "value=\"" + username + "\""));  // the name is kept...
  CHECK_FALSE(Contains(res.body, password));                // ...the password never
  CHECK(SetCookieFor(res, "lophoc_session").empty());
}

TEST_CASE("missing fields are named next to the field and in the summary", "[account_pages]") {
  TestSite t;
  Browser b(t);
  testing::CheckAnswer(SignIn(b, "", ""), 400,
                       {"href=\"#f-username\"", "aria-describedby=\"f-username-error\"",
                        "id=\"f-password-error\""});
}

TEST_CASE("too many failed logins answer 429 with Retry-After", "[account_pages]") {
  TestSite t;
  AddUser(t, "lan.nguyen", kPassword);
  Browser b(t);
  for (int i = 0; i < 5; ++i)
    CHECK(SignIn(b, "lan.nguyen", "wrong password " + std::to_string(i)).status == 401);
  HttpResponse res = SignIn(b, "lan.nguyen", kPassword);
  CHECK(res.status == 429);
  CHECK(std::stoi(res.HeaderValue("Retry-After")) > 0);
  CHECK(Contains(res.body, "Đã thử quá nhiều lần"));
  CHECK(Contains(res.body, "id=\"f-username\""));  // the form is still there
}

TEST_CASE("forms posted without the CSRF token are refused 403", "[account_pages][security]") {
  TestSite t;
  AddUser(t, "lan.nguyen", kPassword);
  SECTION("log in and register, as a guest") {
    Browser b(t);
    REQUIRE(b.Get("/login").status == 200);
    HttpResponse login =
        b.Post("/login", {{"username", "lan.nguyen"}, {"password", kPassword}}, false);
    CHECK(login.status == 403);
    CHECK(SetCookieFor(login, "lophoc_session").empty());
    HttpResponse reg = b.Post("/register",
                              {{"display_name", "A"},
                               {"username", "new.one"},
                               {"password", kPassword},
                               {"confirm_password", kPassword}},
                              false);
    CHECK(reg.status == 403);
    CHECK_FALSE(t.people().GetUserByName(people::Actor::CommandLine(), "new.one").ok());
  }
  SECTION("signed-in forms") {
    Browser b(t);
    REQUIRE(SignIn(b, "lan.nguyen", kPassword).status == 303);
    const std::string path = GENERATE("/logout", "/account/password", "/account/tokens",
                                      "/account/tokens/1/revoke", "/kiosk/stop");
    CAPTURE(path);
    CHECK(b.Post(path, {{"name", "x"}}, false).status == 403);
    CHECK(b.Get("/account").status == 200);  // still signed in
  }
}

TEST_CASE("register: signed in at once, welcomed on my learning", "[account_pages]") {
  TestSite t;
  Browser b(t);
  HttpResponse form = b.Get("/register");
  REQUIRE(form.status == 200);
  CHECK(Contains(form.body, "Không cần thư điện tử"));
  CHECK(Contains(form.body, "ít nhất 10 ký tự"));
  CHECK(Contains(form.body, "href=\"/\""));
  HttpResponse res = b.Post("/register", {{"display_name", "<script>alert(1)</script>"},
                                          {"username", "0912345678"},
                                          {"password", kPassword},
                                          {"confirm_password", kPassword}});
  testing::CheckRedirect(res, "/me?done=path_welcome");
  CHECK(Contains(SetCookieFor(res, "lophoc_session"), "HttpOnly"));
  testing::CheckAnswer(b.Get("/me?done=path_welcome"), 200, {"Chào mừng bạn"}, {});
  testing::CheckAnswer(b.Get("/account"), 200,
                       {"+84912345678", "&lt;script&gt;alert(1)&lt;/script&gt;"},
                       {"<script>alert(1)"});
}

TEST_CASE("register refuses with the reason next to the field, values kept", "[account_pages]") {
  TestSite t;
  AddUser(t, "lan.nguyen", kPassword);
  auto [username, password, confirm, status, field, message] =
      GENERATE(table<std::string, std::string, std::string, int, std::string, std::string>({
          {"lan.nguyen", kPassword, kPassword, 409, "username", "đã có người dùng"},
          {"new.one", kPassword, "something else", 400, "confirm_password", "không giống nhau"},
          {"new.one", "123456789a", "123456789a", 400, "password", "quá phổ biến"},
          {"new.one", "short", "short", 400, "password", "ít nhất 10 ký tự"},
          {"x", kPassword, kPassword, 400, "username", "Tên đăng nhập cần"},
      }));
  CAPTURE(username, password);
  Browser b(t);
  REQUIRE(b.Get("/register").status == 200);
  HttpResponse res = b.Post("/register", {{"display_name", "Trần Văn Minh"},
                                          {"username", username},
                                          {"password", password},
                                          {"confirm_password", confirm}});
  CHECK(res.status == status);
  CHECK(Contains(res.body, "id=\"f-" + field + "-error\""));
  CHECK(Contains(res.body, message));
  CHECK(Contains(res.body, "value=\"Trần Văn Minh\""));
  CHECK(SetCookieFor(res, "lophoc_session").empty());
}

TEST_CASE("log out ends the session: the old cookie no longer works", "[account_pages]") {
  TestSite t;
  AddUser(t, "lan.nguyen", kPassword);
  Browser b(t);
  REQUIRE(SignIn(b, "lan.nguyen", kPassword).status == 303);
  const std::string old_session = b.Cookie("lophoc_session");
  HttpResponse page = b.Get("/account");
  REQUIRE(page.status == 200);
  CHECK(Contains(page.body, "action=\"/logout\""));  // the header's log-out form
  HttpResponse out = b.Post("/logout", {});
  testing::CheckRedirect(out, "/");
  CHECK(Contains(SetCookieFor(out, "lophoc_session"), "Max-Age=0"));
  CHECK(b.Cookie("lophoc_session").empty());
  Browser thief(t);
  thief.SetCookie("lophoc_session", old_session);
  HttpResponse res = thief.Get("/account");
  testing::CheckRedirect(res, "/login?next=%2Faccount");
}

TEST_CASE("must_change_password: every page leads to /account/password until changed",
          "[account_pages]") {
  TestSite t;
  const std::string one_time = testing::MakeAccountWithOneTimePassword(
      t.people(), {"thu.thu", {people::Role::kLearner}, "", "", "", "Thủ thư"});
  Browser b(t);
  REQUIRE(SignIn(b, "thu.thu", one_time).status == 303);
  for (const std::string path : {"/", "/account", "/account/tokens", "/admin"}) {
    CAPTURE(path);
    HttpResponse res = b.Get(path);
    testing::CheckRedirect(res, "/account/password");
  }
  HttpResponse page = b.Get("/account/password");
  REQUIRE(page.status == 200);
  CHECK(Contains(page.body, "mật khẩu tạm thời"));
  HttpResponse wrong = b.Post("/account/password", {{"current_password", "not it at all"},
                                                    {"new_password", kPassword},
                                                    {"confirm_password", kPassword}});
  // The service's answer: InvalidArgument (400), formerly Unauthenticated (401).
  CHECK((wrong.status == 400 || wrong.status == 401));
  CHECK(Contains(wrong.body, "Mật khẩu hiện tại không đúng."));
  CHECK(Contains(wrong.body, "href=\"#f-current_password\""));
  HttpResponse differ = b.Post("/account/password", {{"current_password", one_time},
                                                     {"new_password", kPassword},
                                                     {"confirm_password", "Thư viện đỏ 2026"}});
  CHECK(differ.status == 400);
  HttpResponse ok = b.Post("/account/password", {{"current_password", one_time},
                                                 {"new_password", kPassword},
                                                 {"confirm_password", kPassword}});
  testing::CheckRedirect(ok, "/account?password_changed=1");
  HttpResponse account = b.Get("/account?password_changed=1");
  CHECK(account.status == 200);
  CHECK(Contains(account.body, "Đã đổi mật khẩu."));
  Browser again(t);
  CHECK(SignIn(again, "thu.thu", kPassword).status == 303);
}

TEST_CASE("API tokens: the secret is shown once, never stored, revoking marks it",
          "[account_pages]") {
  TestSite t;
  AddUser(t, "lan.nguyen", kPassword);
  Browser b(t);
  REQUIRE(SignIn(b, "lan.nguyen", kPassword).status == 303);
  REQUIRE(b.Get("/account/tokens").status == 200);
  HttpResponse made = b.Post("/account/tokens", {{"name", "báo cáo <tỉnh>"}});
  REQUIRE(made.status == 200);
  CHECK(made.HeaderValue("Cache-Control") == "no-store");
  const size_t at = made.body.find("lophoc_");
  REQUIRE(at != std::string::npos);
  const std::string secret = made.body.substr(at, made.body.find('<', at) - at);
  CHECK(secret.size() > 20);
  CHECK(Contains(made.body, "báo cáo &lt;tỉnh&gt;"));
  HttpResponse list = b.Get("/account/tokens");
  CHECK_FALSE(Contains(list.body, secret));
  CHECK(Contains(list.body, "Đang dùng"));
  auto tokens = t.people().ListApiTokens(
      people::Actor::CommandLine(),
      t.people().GetUserByName(people::Actor::CommandLine(), "lan.nguyen")->id);
  REQUIRE(tokens.ok());
  REQUIRE(tokens->size() == 1);
  HttpResponse revoked =
      b.Post("/account/tokens/" + std::to_string((*tokens)[0].id) + "/revoke", {});
  CHECK(revoked.status == 303);
  CHECK(Contains(b.Get("/account/tokens?revoked=1").body, "Đã thu hồi"));
  CHECK(b.Post("/account/tokens", {{"name", ""}}).status == 400);
}

TEST_CASE("the header offers sign-in to guests and account, admin, log out when signed in",
          "[account_pages]") {
  TestSite t;
  AddUser(t, "lan.nguyen", kPassword);
  HttpResponse guest = t.Get("/");
  CHECK(Contains(guest.body, "href=\"/login\""));
  CHECK(Contains(guest.body, "href=\"/register\""));
  CHECK_FALSE(Contains(guest.body, "csrf_token"));  // cached pages carry no token
  Browser b(t);
  REQUIRE(SignIn(b, "lan.nguyen", kPassword).status == 303);
  HttpResponse page = b.Get("/search");
  CHECK(Contains(page.body, "href=\"/account\""));
  CHECK_FALSE(Contains(page.body, "href=\"/admin\""));  // a learner
  CHECK(Contains(page.body, "action=\"/logout\""));
  CHECK_FALSE(Contains(page.body, "href=\"/login\""));
}

TEST_CASE("a refused password change marks the field the refusal is about, in vi and en",
          "[account_pages][refusals]") {
  TestSite t;
  AddUser(t, "lan.nguyen", kPassword);
  const std::string lang = GENERATE("vi", "en");
  auto [current, next, field, key] =
      GENERATE(table<std::string, std::string, std::string, std::string>({
          {"not it at all", "Một câu mật khẩu mới", "current_password",
           "msg_current_password_wrong"},
          {kPassword, kPassword, "new_password", "msg_password_same"},
          {kPassword, "matkhau123", "new_password", "msg_password_common"},
      }));
  CAPTURE(lang, field, key);
  Browser b(t);
  b.SetCookie("lang", lang);
  REQUIRE(SignIn(b, "lan.nguyen", kPassword).status == 303);
  REQUIRE(b.Get("/account/password").status == 200);
  HttpResponse res = b.Post("/account/password", {{"current_password", current},
                                                  {"new_password", next},
                                                  {"confirm_password", next}});
  CHECK(res.status == 400);
  CHECK(Contains(res.body, "<html lang=\"" + lang + "\">"));
  CHECK(Contains(res.body, "href=\"#f-" + field + "\""));
  CHECK(Contains(res.body, "id=\"f-" + field + "-error\""));
  const std::string text = t.site().context().i18n->Text(lang, key);
  REQUIRE(text != key);
  CHECK(Contains(res.body, text));
}

TEST_CASE("the account pages speak English with ?lang=en", "[account_pages][i18n]") {
  TestSite t;
  for (const std::string path : {"/login?lang=en", "/register?lang=en"}) {
    CAPTURE(path);
    HttpResponse res = t.Get(path);
    CHECK(res.status == 200);
    CHECK(Contains(res.body, "<html lang=\"en\">"));
    CHECK(Contains(res.body, "Username or phone number"));
  }
  CHECK(Contains(t.Get("/register?lang=en").body, "No e-mail address"));
}

}  // namespace lophoc::http

namespace lophoc::http {

TEST_CASE("a person sets where and in which language reminders reach them", "[account_pages]") {
  TestSite t;
  people::User u = AddUser(t, "lan.nguyen", kPassword);
  Browser b(t);
  SignIn(b, "lan.nguyen", kPassword, "/account");
  HttpResponse page = b.Get("/account");
  REQUIRE(page.status == 200);
  CHECK(Contains(page.body, "Nhận nhắc nhở bồi dưỡng"));

  HttpResponse bad = b.Post("/account/contact", {{"email", "lan@"}, {"language", "vi"}});
  CHECK(bad.status == 400);
  CHECK(Contains(bad.body, "id=\"f-email-error\""));
  CHECK(Contains(bad.body, "value=\"lan@\""));  // the form as sent
  HttpResponse odd = b.Post("/account/contact", {{"email", ""}, {"language", "fr"}});
  CHECK(odd.status == 400);
  HttpResponse forged =
      b.Post("/account/contact", {{"email", "x@evil.example"}, {"language", "en"}}, false);
  CHECK(forged.status == 403);
  CHECK(t.people().GetUser(people::Actor::CommandLine(), u.id)->email.empty());

  HttpResponse saved =
      b.Post("/account/contact", {{"email", " Lan.Nguyen@ThuVien.VN "}, {"language", "en"}});
  testing::CheckRedirect(saved, "/account?contact_saved=1");
  auto now = t.people().GetUser(people::Actor::CommandLine(), u.id);
  REQUIRE(now.ok());
  CHECK(now->email == "Lan.Nguyen@thuvien.vn");
  CHECK(now->language == "en");
  HttpResponse shown = b.Get("/account?contact_saved=1");
  CHECK(Contains(shown.body, "Đã lưu cách nhận nhắc nhở."));
  CHECK(Contains(shown.body, "value=\"Lan.Nguyen@thuvien.vn\""));
  CHECK(Contains(shown.body, "<option value=\"en\" selected>"));
}

}  // namespace lophoc::http
