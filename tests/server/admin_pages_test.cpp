// Handler tests of the admin area (server/http/admin_pages.cpp and
// admin_user_pages.cpp) through the whole site without a socket: who may
// enter, scope as PeopleService decides it, forms, escaping, one-time
// passwords, kiosks and CSV import/export.
#include "server/http/admin_pages.h"

#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "server/app/people_csv.h"
#include "tests/support/test_browser.h"
#include "tests/support/test_world.h"

namespace lophoc::http {
namespace {

using people::Role;
using testing::Browser;
using testing::Contains;
using testing::SetCookies;
using testing::Fields;
using testing::kPassword;
constexpr const char* kScript = "<script>alert(1)</script>";
constexpr const char* kImg = "\"><img src=x onerror=alert(1)>";


// The text of the first <code class="secret-value"> on a page.
std::string Secret(const std::string& body) {
  const std::string mark = "<code class=\"secret-value\">";
  const size_t at = body.find(mark);
  if (at == std::string::npos) return "";
  const size_t from = at + mark.size();
  return body.substr(from, body.find('<', from) - from);
}

// Two provinces, A (with district A1) and B, a site in each, and accounts:
// an admin, a manager of A, a trainer of A, a learner in A1 and one in B.
struct World : testing::TestWorld {
  people::User admin, manager_a, trainer_a, learner_a1, learner_b;

  World() {
    StandardTree(testing::TreeOptions().PublicComputersAtSA1());
    admin = Add("root.admin", {Role::kAdmin}, "");
    manager_a = Add("manager.a", {Role::kManager}, "A");
    trainer_a = Add("trainer.a", {Role::kTrainer}, "A");
    learner_a1 = Add("learner.a1", {Role::kLearner}, "A1");
    learner_b = Add("learner.b", {Role::kLearner}, "B");
  }
  people::User Add(const std::string& name, std::vector<Role> roles, const std::string& org,
                   const std::string& display_name = "") {
    return AddAccount({name, std::move(roles), org, "", "", display_name});
  }
  // A browser signed in as `username`.
  Browser As(const std::string& username, WebApp* site = nullptr) {
    return SignedIn(username, "/account", site);  // the session's CSRF token
  }
};

}  // namespace

TEST_CASE("the admin area: guests sign in first, learners are refused", "[admin_pages]") {
  World w;
  const std::string path =
      GENERATE("/admin", "/admin/org-units", "/admin/org-units/A", "/admin/sites",
               "/admin/sites/SA1", "/admin/users", "/admin/users/new", "/admin/users/1",
               "/admin/audit", "/admin/import", "/admin/export/users");
  CAPTURE(path);
  Browser guest(w.t.site());
  HttpResponse g = guest.Get(path);
  CHECK(g.status == 303);
  CHECK(g.HeaderValue("Location").rfind("/login?next=", 0) == 0);
  Browser learner = w.As("learner.a1");
  testing::CheckAnswer(learner.Get(path), 403, {"Không được phép"});
}

TEST_CASE("a manager of A sees A's accounts, places and units, and nothing of B",
          "[admin_pages][scope]") {
  World w;
  Browser m = w.As("manager.a");
  testing::CheckShows(testing::Page(m, "/admin/users").body, {"learner.a1"},
                      {"learner.b", "root.admin"});
  // The search box finds within the scope only, and the form keeps what was typed.
  testing::CheckShows(testing::Page(m, "/admin/users?q=learner").body,
                      {"learner.a1", "name=\"q\" type=\"search\" value=\"learner\""},
                      {"learner.b"});
  CHECK(
      Contains(m.Get("/admin/users/" + std::to_string(w.learner_a1.id)).body, "Người learner.a1"));
  for (const std::string& path :
       {"/admin/users/" + std::to_string(w.learner_b.id), std::string("/admin/users?org=B"),
        std::string("/admin/sites/SB"), std::string("/admin/org-units/B"),
        std::string("/admin/users/999")}) {
    CAPTURE(path);
    HttpResponse res = m.Get(path);
    CHECK(res.status == 404);
    CHECK_FALSE(Contains(res.body, "Tỉnh B"));
  }
  // Changing what is out of sight is not found either, and changes nothing.
  HttpResponse post = m.Post("/admin/users/" + std::to_string(w.learner_b.id),
                             {{"display_name", "Đổi tên"}, {"roles", "learner"}});
  CHECK(post.status == 404);
  CHECK(w.t.people().GetUser(w.cli, w.learner_b.id)->display_name == "Người learner.b");
  // Audit is for admins only.
  CHECK(m.Get("/admin/audit").status == 403);
  // The dashboard counts only A's subtree.
  // Units A, A1; sites: 1; accounts: 3.
  testing::CheckShows(testing::Page(m, "/admin").body,
                      {"<td class=\"num\">2</td>", "<td class=\"num\">3</td>"});
}

TEST_CASE("a trainer sees lists but no forms, a manager is offered only grantable roles",
          "[admin_pages][scope]") {
  World w;
  Browser tr = w.As("trainer.a");
  testing::CheckShows(testing::Page(tr, "/admin/org-units").body, {"Huyện A1"},
                      {"action=\"/admin/org-units\""});
  CHECK(Contains(w.As("manager.a").Get("/admin/org-units").body, "action=\"/admin/org-units\""));
  CHECK(Contains(tr.Get("/admin").body, "chỉ được xem"));
  CHECK(tr.Post("/admin/org-units",
                {{"code", "A2"}, {"name", "Huyện A2"}, {"level", "district"}, {"parent", "A"}})
            .status == 403);
  Browser m = w.As("manager.a");
  testing::CheckShows(testing::Page(m, "/admin/users/new").body, {"value=\"manager\""},
                      {"value=\"admin\""});
  // Sending it anyway is refused by the service, with the reason at the roles.
  HttpResponse sneaky =
      m.Post("/admin/users",
             {{"username", "sneaky"}, {"display_name", "X"}, {"roles", "admin"}, {"org", "A"}});
  CHECK(sneaky.status == 403);
  CHECK(Contains(sneaky.body, "id=\"f-roles-error\""));
}

TEST_CASE("names with markup are shown escaped on lists and edit pages",
          "[admin_pages][security]") {
  World w;
  w.Must(w.t.people().CreateOrgUnit(w.cli, {"X", kImg, "district", "A"}));
  w.Must(w.t.people().CreateSite(w.cli, {"SX", kImg, "commune_library", "X", false}));
  people::User u = w.Add("script.user", {Role::kLearner}, "X", kScript);
  Browser b = w.As("root.admin");
  for (const std::string& path :
       {std::string("/admin/users"), "/admin/users/" + std::to_string(u.id),
        std::string("/admin/org-units"), std::string("/admin/org-units/X"),
        std::string("/admin/org-units/A"), std::string("/admin/sites"),
        std::string("/admin/sites/SX"), std::string("/admin/audit")}) {
    CAPTURE(path);
    HttpResponse res = b.Get(path);
    REQUIRE(res.status == 200);
    CHECK_FALSE(Contains(res.body, kScript));
    CHECK_FALSE(Contains(res.body, "<img src=x"));
  }
  CHECK(Contains(b.Get("/admin/users").body, "&lt;script&gt;alert(1)&lt;/script&gt;"));
  CHECK(Contains(b.Get("/admin/org-units/X").body, "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
  // Values kept in a refused form are escaped too.
  HttpResponse refused =
      b.Post("/admin/org-units",
             {{"code", "bad code"}, {"name", kImg}, {"level", "district"}, {"parent", "A"}});
  CHECK(refused.status == 400);
  CHECK_FALSE(Contains(refused.body, "<img src=x"));
  CHECK(Contains(refused.body, "value=\"&quot;&gt;&lt;img"));
}

TEST_CASE("an admin creates a unit, a site and a staff account through the forms",
          "[admin_pages]") {
  World w;
  Browser b = w.As("root.admin");
  REQUIRE(b.Get("/admin/org-units").status == 200);
  HttpResponse unit =
      b.Post("/admin/org-units",
             {{"code", "LS"}, {"name", "Tỉnh Lạng Sơn"}, {"level", "province"}, {"parent", ""}});
  testing::CheckRedirect(unit, "/admin/org-units/LS?created=1");
  CHECK(Contains(b.Get("/admin/org-units/LS?created=1").body, "Đã tạo."));
  HttpResponse site = b.Post("/admin/sites", {{"code", "TV-LS"},
                                              {"name", "Thư viện tỉnh Lạng Sơn"},
                                              {"type", "provincial_library"},
                                              {"org", "LS"},
                                              {"kiosk", "1"}});
  testing::CheckRedirect(site, "/admin/sites/TV-LS?created=1");
  auto made_site = w.t.people().GetSite(w.cli, "TV-LS");
  REQUIRE(made_site.ok());
  CHECK(made_site->kiosk);
  CHECK(made_site->type == people::SiteType::kProvincialLibrary);
  REQUIRE(b.Get("/admin/users/new?site=TV-LS").status == 200);
  HttpResponse user = b.Post("/admin/users", {{"username", "thu.thu.ls"},
                                              {"display_name", "Hoàng Thị Thu"},
                                              {"phone", "0912345678"},
                                              {"roles", "learner"},
                                              {"roles", "trainer"},
                                              {"org", ""},
                                              {"site", "TV-LS"},
                                              {"staff_category", "provincial_librarian"},
                                              {"password", ""}});
  REQUIRE(user.status == 200);
  CHECK(user.HeaderValue("Cache-Control") == "no-store");
  CHECK(Contains(user.body, "chỉ hiện một lần"));
  const std::string one_time = Secret(user.body);
  REQUIRE(one_time.size() >= 12);
  auto made = w.t.people().GetUserByName(w.cli, "thu.thu.ls");
  REQUIRE(made.ok());
  CHECK(made->org_code == "LS");
  CHECK(made->site_code == "TV-LS");
  CHECK(made->roles == std::vector<Role>{Role::kLearner, Role::kTrainer});
  CHECK(made->must_change_password);
  // The staff member signs in with it and must change it first.
  Browser staff(w.t.site());
  REQUIRE(testing::SignIn(staff, "thu.thu.ls", one_time).status == 303);
  CHECK(staff.Get("/account").HeaderValue("Location") == "/account/password");
  // With a password given, no one-time password: straight to the account page.
  HttpResponse second = b.Post("/admin/users", {{"username", "second.one"},
                                                {"display_name", "B"},
                                                {"site", "TV-LS"},
                                                {"password", kPassword}});
  CHECK(second.status == 303);
  CHECK(Contains(second.HeaderValue("Location"), "?created=1"));
}

TEST_CASE("refused forms come back with the reason at the field and the values kept",
          "[admin_pages]") {
  World w;
  Browser b = w.As("root.admin");
  REQUIRE(b.Get("/admin/org-units").status == 200);
  const std::string learner_url = "/admin/users/" + std::to_string(w.learner_a1.id);
  auto [path, fields, status, field, message] =
      GENERATE_COPY(table<std::string, Fields, int, std::string, std::string>({
          {"/admin/org-units",
           {{"code", "A"}, {"name", "Lại A"}, {"level", "province"}},
           409,
           "code",
           "Mã này đã có"},
          {"/admin/org-units",
           {{"code", "A9"}, {"name", ""}, {"level", "district"}, {"parent", "A"}},
           400,
           "name",
           "Hãy điền mục này."},
          {"/admin/org-units",
           {{"code", "A9"}, {"name", "Huyện 9"}, {"level", "district"}, {"parent", "NOPE"}},
           404,
           "parent",
           "Không tìm thấy đơn vị"},
          {"/admin/sites",
           {{"code", "SA1"}, {"name", "Lại"}, {"type", "commune_library"}, {"org", "A1"}},
           409,
           "code",
           "Mã này đã có"},
          {"/admin/sites",
           {{"code", "S9"}, {"name", "Điểm 9"}, {"type", "castle"}, {"org", "A1"}},
           400,
           "type",
           "Hãy chọn loại"},
          {"/admin/users",
           {{"username", "learner.a1"}, {"display_name", "Lại"}, {"org", "A"}},
           409,
           "username",
           "đã có người dùng"},
          {"/admin/users",
           {{"username", "new.user"}, {"display_name", "Mới"}, {"phone", "12345"}, {"org", "A"}},
           400,
           "phone",
           "Số điện thoại"},
          {"/admin/users",
           {{"username", "new.user"},
            {"display_name", "Mới"},
            {"org", "A"},
            {"password", "123456789a"}},
           400,
           "password",
           "quá phổ biến"},
          {"/admin/users",
           {{"username", "new.user"}, {"display_name", "Mới"}, {"site", "SB"}, {"org", "A"}},
           400,
           "site",
           "không thuộc đơn vị"},
          {learner_url,
           {{"display_name", "Lan"}, {"roles", "learner"}, {"staff_category", "Bad Cat"}},
           400,
           "staff_category",
           "“Bad Cat” không phải là một nhóm cán bộ"},
      }));
  CAPTURE(path, field);
  HttpResponse res = b.Post(path, fields);
  CHECK(res.status == status);
  CHECK(Contains(res.body, "role=\"alert\""));
  CHECK(Contains(res.body, "href=\"#f-" + field + "\""));
  CHECK(Contains(res.body, "aria-describedby=\"f-" + field));
  CHECK(Contains(res.body, message));
  for (const auto& [k, v] : fields) {
    if (k != "password" && !v.empty() && k != "type" && k != "roles" && k != "staff_category") {
      CHECK(Contains(res.body, "value=\"" + HtmlEscape(v) + "\""));
    }
  }
}

TEST_CASE("a refusal marks its field and is said in the visitor's language",
          "[admin_pages][refusals]") {
  World w;
  const std::string lang = GENERATE("vi", "en");
  auto [path, fields, status, field, key] =
      GENERATE(table<std::string, Fields, int, std::string, std::string>({
          {"/admin/org-units",
           {{"code", "A"}, {"name", "Lại A"}, {"level", "province"}},
           409,
           "code",
           "msg_code_taken"},
          {"/admin/org-units/A",
           {{"name", "Tỉnh A"}, {"level", "province"}, {"parent", "A1"}},
           409,
           "parent",
           "msg_parent_cycle"},
          {"/admin/users",
           {{"username", "bad name!"}, {"display_name", "Mới"}, {"org", "A"}},
           400,
           "username",
           "msg_username_invalid"},
          {"/admin/users",
           {{"username", "new.user"}, {"display_name", "Mới"}, {"site", "SB"}, {"org", "A"}},
           400,
           "site",
           "msg_site_not_under_org"},
      }));
  CAPTURE(lang, path, field);
  Browser b = w.As("root.admin");
  b.SetCookie("lang", lang);
  REQUIRE(b.Get(path).status == 200);
  HttpResponse res = b.Post(path, fields);
  CHECK(res.status == status);
  CHECK(Contains(res.body, "<html lang=\"" + lang + "\">"));
  CHECK(Contains(res.body, "href=\"#f-" + field + "\""));
  CHECK(Contains(res.body, "id=\"f-" + field + "-error\""));
  // The catalogue's words, as the template escapes them.
  std::string text = w.t.site().context().i18n->Text(lang, key);
  REQUIRE(text != key);
  for (size_t at = text.find('\''); at != std::string::npos; at = text.find('\'', at)) {
    text.replace(at, 1, "&apos;");
  }
  CHECK(Contains(res.body, text));
}

TEST_CASE("editing a unit, a site and an account", "[admin_pages]") {
  World w;
  Browser b = w.As("manager.a");
  REQUIRE(b.Get("/admin/org-units/A1").status == 200);
  HttpResponse unit = b.Post("/admin/org-units/A1",
                             {{"name", "Huyện A1 mới"}, {"level", "district"}, {"parent", "A"}});
  CHECK(unit.status == 303);
  CHECK(w.t.people().GetOrgUnit(w.cli, "A1")->name == "Huyện A1 mới");
  // The manager's own unit is not theirs to change.
  CHECK(b.Post("/admin/org-units/A", {{"name", "Tỉnh A đổi"}, {"level", "province"}}).status ==
        403);
  HttpResponse site =
      b.Post("/admin/sites/SA1",
             {{"name", "Thư viện huyện A1"}, {"type", "district_library"}, {"org", "A1"}});
  CHECK(site.status == 303);
  CHECK_FALSE(w.t.people().GetSite(w.cli, "SA1")->kiosk);  // an unticked box clears the flag
  HttpResponse user = b.Post("/admin/users/" + std::to_string(w.learner_a1.id),
                             {{"display_name", "Lê Văn Học"},
                              {"phone", ""},
                              {"roles", "learner"},
                              {"roles", "trainer"},
                              {"org", "A1"},
                              {"site", "SA1"},
                              {"staff_category", "district_librarian"}});
  CHECK(user.status == 303);
  auto changed = w.t.people().GetUser(w.cli, w.learner_a1.id);
  CHECK(changed->display_name == "Lê Văn Học");
  CHECK(changed->site_code == "SA1");
  CHECK(changed->staff_category == "district_librarian");
  CHECK(changed->Has(Role::kTrainer));
  CHECK(Contains(b.Get(user.HeaderValue("Location")).body, "Đã lưu."));
}

TEST_CASE("locking, unlocking and resetting a password", "[admin_pages]") {
  World w;
  Browser victim = w.As("learner.a1");
  Browser b = w.As("manager.a");
  const std::string url = "/admin/users/" + std::to_string(w.learner_a1.id);
  HttpResponse page = b.Get(url);
  REQUIRE(page.status == 200);
  CHECK(Contains(page.body, "Khóa tài khoản"));
  CHECK(Contains(page.body, "không bao giờ bị xóa"));
  // First the question, and nothing changes; then the confirmed post.
  HttpResponse ask = b.Post(url + "/active", {{"active", "0"}});
  testing::CheckAnswer(
      ask, 200,
      {"Khóa tài khoản learner.a1?", "không đăng nhập được nữa", "name=\"confirm\" value=\"1\"",
       "name=\"active\" value=\"0\"", "href=\"" + url + "\""});
  CHECK(w.t.people().GetUser(w.cli, w.learner_a1.id)->active);
  HttpResponse lock = b.Post(url + "/active", {{"active", "0"}, {"confirm", "1"}});
  testing::CheckRedirect(lock, url + "?locked=1");
  CHECK_FALSE(w.t.people().GetUser(w.cli, w.learner_a1.id)->active);
  CHECK(victim.Get("/account").status == 303);  // their session ended
  CHECK(Contains(b.Get(url + "?locked=1").body, "Mở khóa"));
  CHECK(b.Post(url + "/active", {{"active", "1"}}).status == 303);
  CHECK(w.t.people().GetUser(w.cli, w.learner_a1.id)->active);
  HttpResponse ask_reset = b.Post(url + "/reset-password", {});
  testing::CheckAnswer(ask_reset, 200, {"Đặt lại mật khẩu của tài khoản learner.a1?"},
                       {"secret-value"});
  HttpResponse reset = b.Post(url + "/reset-password", {{"confirm", "1"}});
  REQUIRE(reset.status == 200);
  CHECK(reset.HeaderValue("Cache-Control") == "no-store");
  const std::string one_time = Secret(reset.body);
  REQUIRE_FALSE(one_time.empty());
  Browser again(w.t.site());
  REQUIRE(again.Get("/login").status == 200);
  CHECK(again.Post("/login", {{"username", "learner.a1"}, {"password", one_time}}).status == 303);
  CHECK(again.Get("/").HeaderValue("Location") == "/account/password");
  // Nobody locks themself: the page says why.
  Browser admin = w.As("root.admin");
  HttpResponse self = admin.Post("/admin/users/" + std::to_string(w.admin.id) + "/active",
                                 {{"active", "0"}, {"confirm", "1"}});
  CHECK(self.status == 403);
  CHECK(Contains(self.body, "không thể tự khóa"));
}

TEST_CASE("lists are paged by 50 with previous and next links", "[admin_pages]") {
  World w;
  for (int i = 0; i < 55; ++i) {
    w.Must(w.t.people().CreateOrgUnit(
        w.cli, {"C" + std::to_string(100 + i), "Xã " + std::to_string(i), "commune", "A1"}));
  }
  Browser b = w.As("root.admin");
  HttpResponse first = b.Get("/admin/org-units?org=A1");
  REQUIRE(first.status == 200);
  CHECK(Contains(first.body, "1–50 trong tổng số 56"));
  CHECK(Contains(first.body, "value=\"A1\""));  // the filter is kept, with a way back
  CHECK(Contains(first.body, "<a href=\"/admin/org-units\">Xem tất cả</a>"));
  CHECK_FALSE(Contains(b.Get("/admin/org-units").body, "Xem tất cả"));
  CHECK(Contains(first.body, "href=\"/admin/org-units?org=A1&amp;offset=50\" rel=\"next\""));
  CHECK_FALSE(Contains(first.body, "rel=\"prev\""));
  HttpResponse second = b.Get("/admin/org-units?org=A1&offset=50");
  CHECK(Contains(second.body, "51–56 trong tổng số 56"));
  CHECK(Contains(second.body, "rel=\"prev\""));
  CHECK_FALSE(Contains(second.body, "rel=\"next\""));
  CHECK(b.Get("/admin/org-units?offset=-1").status == 400);
}

TEST_CASE("a site's public computer: registered with a long-lived cookie, stopped by anyone",
          "[admin_pages]") {
  World w;
  Browser b = w.As("manager.a");
  HttpResponse page = b.Get("/admin/sites/SA1");
  REQUIRE(page.status == 200);
  CHECK(Contains(page.body, "Dùng máy tính này làm máy công cộng của điểm"));
  CHECK(b.Post("/admin/sites/SA1/kiosk", {{"label", ""}}).status == 400);
  HttpResponse reg = b.Post("/admin/sites/SA1/kiosk", {{"label", "Máy số 1"}});
  testing::CheckRedirect(reg, "/admin/sites/SA1?kiosk=1");
  std::string cookie;
  for (const auto& c : SetCookies(reg)) {
    if (c.rfind("lophoc_kiosk=", 0) == 0) cookie = c;
  }
  CHECK(Contains(cookie, "Max-Age=157680000"));
  CHECK(Contains(cookie, "HttpOnly"));
  HttpResponse after = b.Get("/admin/sites/SA1?kiosk=1");
  CHECK(Contains(after.body, "Máy này đang là máy công cộng"));
  CHECK(Contains(after.body, "Máy công cộng của điểm <strong>SA1</strong>"));  // the header notice
  CHECK(Contains(after.body, "nhớ đăng xuất"));
  // A guest at that computer is reminded on every page (a kiosk's pages are
  // rendered for it); the shared cache never hands the notice to others.
  Browser guest(w.t.site());
  guest.SetCookie("lophoc_kiosk", b.Cookie("lophoc_kiosk"));
  HttpResponse login = guest.Get("/login");
  CHECK(Contains(login.body, "Máy công cộng của điểm <strong>SA1</strong>"));
  CHECK(Contains(login.body, "action=\"/kiosk/stop\""));
  Browser elsewhere(w.t.site());
  CHECK_FALSE(Contains(elsewhere.Get("/").body, "/kiosk/stop"));  // cached now
  CHECK(Contains(guest.Get("/").body, "action=\"/kiosk/stop\""));
  CHECK_FALSE(Contains(elsewhere.Get("/").body, "/kiosk/stop"));
  // A site without the flag has no kiosk form; asking anyway is refused.
  w.Must(w.t.people().CreateSite(w.cli,
                                 {"SA2", "Điểm BĐVHX", "post_office_cultural_point", "A1", false}));
  HttpResponse no_flag = b.Post("/admin/sites/SA2/kiosk", {{"label", "Máy 2"}});
  CHECK(no_flag.status == 409);
  CHECK(Contains(no_flag.body, "chưa được đánh dấu"));
  HttpResponse stop = b.Post("/kiosk/stop", {});
  CHECK(stop.status == 303);
  CHECK(b.Cookie("lophoc_kiosk").empty());
  CHECK_FALSE(Contains(b.Get("/admin/sites/SA1").body, "Máy này đang là máy công cộng"));
  // Somebody else's site is not found: no kiosk there.
  CHECK(b.Post("/admin/sites/SB/kiosk", {{"label", "Máy"}}).status == 404);
}

TEST_CASE("the audit log: admins read it, newest first, details as text", "[admin_pages]") {
  World w;
  w.Must(w.t.people().CreateOrgUnit(w.cli, {"Z", kScript, "province", ""}));
  Browser b = w.As("root.admin");
  HttpResponse res = b.Get("/admin/audit");
  REQUIRE(res.status == 200);
  CHECK(Contains(res.body, "org_unit.create"));
  CHECK_FALSE(Contains(res.body, kScript));
  CHECK(Contains(res.body, "&lt;script&gt;"));
  CHECK(res.body.find("org_unit Z") < res.body.find("org_unit A1"));
}

TEST_CASE("admin forms posted without the CSRF token are refused 403", "[admin_pages][security]") {
  World w;
  Browser b = w.As("root.admin");
  REQUIRE(b.Get("/admin").status == 200);
  const std::string user = "/admin/users/" + std::to_string(w.learner_a1.id);
  const std::string path =
      GENERATE_COPY(as<std::string>{}, "/admin/org-units", "/admin/org-units/A1", "/admin/sites",
                    "/admin/sites/SA1", "/admin/sites/SA1/kiosk", "/admin/users", user,
                    user + "/active", user + "/reset-password", "/admin/import");
  CAPTURE(path);
  CHECK(b.Post(path, {{"code", "Q"}, {"name", "Q"}, {"active", "0"}}, false).status == 403);
  CHECK(w.t.people().GetUser(w.cli, w.learner_a1.id)->active);
  CHECK_FALSE(w.t.people().GetOrgUnit(w.cli, "Q").ok());
}

TEST_CASE("CSV import: a dry run lists the bad lines and writes nothing, then for real",
          "[admin_pages][csv]") {
  World w;
  app::PeopleCsv csv(&w.t.people());
  WebContext ctx = w.t.site().context();
  ctx.people_csv = &csv;
  WebApp site(ctx);
  Browser b = w.As("root.admin", &site);
  HttpResponse form = b.Get("/admin/import");
  REQUIRE(form.status == 200);
  CHECK(Contains(form.body, "enctype=\"multipart/form-data\""));
  CHECK(Contains(form.body, "name=\"dry_run\" type=\"checkbox\" value=\"1\" checked"));
  CHECK(Contains(form.body,
                 "username,display_name,roles,org,site,staff_category,active,phone,password"));
  const int64_t before = w.t.people().ListUsers(w.cli, "", 1, 0)->total;

  const std::string bad =
      "username,display_name,roles,org\n"
      "good.one,Người tốt,learner,A1\n"
      "bad name!,Người xấu,learner,A1\n"
      "good.two,Người tốt hai,learner,NOPE\n";
  HttpResponse report = b.PostMultipart("/admin/import", {{"dry_run", "1"}}, bad);
  CHECK(report.status == 400);
  testing::CheckShows(report.body,
                      {"<th scope=\"row\" class=\"num\">3</th>",
                       "<th scope=\"row\" class=\"num\">4</th>", "Tên đăng nhập cần",
                       "Tệp chỉ dùng được đơn vị và điểm đã có", "Chỉ kiểm tra, chưa ghi gì</dd>"},
                      {"<th scope=\"row\" class=\"num\">2</th>"});
  CHECK(w.t.people().ListUsers(w.cli, "", 1, 0)->total == before);

  const std::string good = "username,display_name,roles,org\ngood.one,Người tốt,learner,A1\n";
  HttpResponse dry = b.PostMultipart("/admin/import", {{"dry_run", "1"}}, good);
  CHECK(dry.status == 200);
  CHECK(Contains(dry.body, "<strong>1</strong> dòng hợp lệ"));
  CHECK(Contains(dry.body, "Nhập thật"));
  CHECK(w.t.people().ListUsers(w.cli, "", 1, 0)->total == before);

  // For real, pasted in the text box (no file chosen).
  HttpResponse real = b.PostMultipart("/admin/import", {{"csv", good}}, "");
  CHECK(real.status == 200);
  CHECK(real.HeaderValue("Cache-Control") == "no-store");
  CHECK(Contains(real.body, "<strong>1</strong> mục đã được tạo."));
  CHECK_FALSE(Secret(real.body).empty());
  CHECK(w.t.people().ListUsers(w.cli, "", 1, 0)->total == before + 1);

  // A file larger than a form (64 KiB) is still taken: uploads have their own limit.
  std::string many = "code,name,level,parent\n";
  for (int i = 0; many.size() < 80 * 1024; ++i) {
    many += "X" + std::to_string(i) + ",Xã số " + std::to_string(i) + " của huyện A1,commune,A1\n";
  }
  HttpResponse large = b.PostMultipart("/admin/import", {{"dry_run", "1"}}, many);
  CHECK(large.status == 200);
  CHECK(Contains(large.body, "dòng hợp lệ"));

  HttpResponse empty = b.PostMultipart("/admin/import", {{"dry_run", "1"}}, "");
  CHECK(empty.status == 400);
  CHECK(Contains(empty.body, "href=\"#f-file\""));
  HttpResponse unreadable =
      b.PostMultipart("/admin/import", {{"dry_run", "1"}}, "what,is,this\n1,2,3\n");
  CHECK(unreadable.status == 400);
  CHECK(Contains(unreadable.body, "id=\"f-file-error\""));
  CHECK(Contains(unreadable.body, "Dòng 1: Dòng tiêu đề không khớp dạng nào"));
}

TEST_CASE("CSV export: an attachment in the actor's scope", "[admin_pages][csv]") {
  World w;
  app::PeopleCsv csv(&w.t.people());
  WebContext ctx = w.t.site().context();
  ctx.people_csv = &csv;
  WebApp site(ctx);
  Browser b = w.As("manager.a", &site);
  auto [kind, has, lacks] = GENERATE(table<std::string, std::string, std::string>({
      {"users", "learner.a1", "learner.b"},
      {"sites", "SA1", "SB"},
      {"org-units", "A1", "Tỉnh B"},
  }));
  CAPTURE(kind);
  HttpResponse res = b.Get("/admin/export/" + kind);
  REQUIRE(res.status == 200);
  CHECK(res.content_type == "text/csv; charset=utf-8");
  CHECK(res.HeaderValue("Content-Disposition") == "attachment; filename=\"" + kind + ".csv\"");
  CHECK(Contains(res.body, has));
  CHECK_FALSE(Contains(res.body, lacks));
  CHECK(b.Get("/admin/export/passwords").status == 404);
  CHECK(b.Get("/admin/export/users?org=B").status == 404);
}

TEST_CASE("without CSV support the import and export pages are not found", "[admin_pages][csv]") {
  World w;
  WebContext ctx = w.t.site().context();
  ctx.people_csv = nullptr;
  WebApp site(ctx);
  Browser b = w.As("root.admin", &site);
  CHECK(b.Get("/admin/import").status == 404);
  CHECK(b.Get("/admin/export/users").status == 404);
  CHECK_FALSE(Contains(b.Get("/admin").body, "href=\"/admin/import\""));
}

TEST_CASE("times are shown in Vietnam time, day first", "[admin_pages]") {
  auto [iso, shown] = GENERATE(table<std::string, std::string>({
      {"2026-11-22T03:15:04Z", "22/11/2026 10:15"},
      {"2026-12-31T20:00:00Z", "01/01/2027 03:00"},  // a new year in Vietnam
      {"2028-02-28T18:30:00Z", "29/02/2028 01:30"},  // a leap day
      {"2027-02-28T17:00:00.123Z", "01/03/2027 00:00"},
      {"not a time", "not a time"},
      {"", ""},
  }));
  CAPTURE(iso);
  CHECK(LocalTime(iso) == shown);
}

}  // namespace lophoc::http
