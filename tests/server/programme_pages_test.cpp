// The admin's programme pages (issue 12): the list, a programme's form with
// its problems next to their fields, the preview of a change ("Xem trước")
// and its save ("Lưu"), retiring, and a new programme. Real templates, real
// SQLite; the fixture programme co-ban (24 months from completion, due 60
// days before). The site's clock stands on 18/11/2026 in Vietnam.
#include <catch2/catch.hpp>

#include "tests/support/test_world.h"

namespace lophoc::app {
namespace {

using people::Role;
using testing::Browser;
using testing::CheckAnswer;
using testing::CheckShows;
using testing::FieldErrorTag;
using testing::Fields;

struct World {
  testing::TestWorld w;
  World() {
    w.StandardTree();
    w.AddAccounts({{"qtv", {Role::kAdmin}},
                   {"ql.a", {Role::kManager}, "A"},
                   {"chi.mo", {Role::kLearner}, "A1", "SA1", "commune_librarian", "Chị Mơ"}});
  }
  void Certify(const std::string& user, const std::string& completed, const std::string& until) {
    auto conn = w.t.db().Acquire();
    REQUIRE(conn->Exec("INSERT INTO certifications (user_id, programme_id, revision_id, path, "
                       "completed_on, valid_until, basis, source, created_at) SELECT " +
                       w.Id(user) + ", p.id, r.id, 'initial', '" + completed + "', '" + until +
                       "', 'from_completion', 'recorded', '2026-01-01T00:00:00Z' FROM programmes "
                       "p JOIN programme_revisions r ON r.programme_id = p.id AND r.number = 1 "
                       "WHERE p.slug = 'co-ban'")
                .ok());
  }
};

// The form of co-ban as the page fills it, with `changes`.
Fields CoBan(const Fields& changes) {
  Fields f = {{"title", "Cơ bản"},
              {"title_en", ""},
              {"description", "Chương trình thử."},
              {"staff_categories", "commune_librarian"},
              {"staff_categories", "post_office_staff"},
              {"initial_courses", "tin-hoc-co-ban, dang-ky-tai-khoan"},
              {"refresher_courses", ""},
              {"validity_months", "24"},
              {"renewal_window_days", "60"},
              {"date_rule", "from_completion"},
              {"fixed_day", ""},
              {"min_validity_months", ""},
              {"grace_days", "0"},
              {"apply_to", "future"}};
  for (const auto& [key, value] : changes) {
    for (auto& field : f) {
      if (field.first == key) field.second = value;
    }
  }
  return f;
}

}  // namespace

TEST_CASE("the programme list and form for admins only", "[programme-edit][pages]") {
  World world;
  auto& w = world.w;
  Browser admin = w.SignedIn("qtv", "/admin");
  CHECK(admin.Get("/admin").body.find("href=\"/admin/programmes\"") != std::string::npos);
  CheckShows(testing::Page(admin, "/admin/programmes").body,
             {"Cơ bản", "co-ban", "24 tháng kể từ ngày hoàn thành; nhắc trước 60 ngày", "Đang dùng",
              "<td class=\"num\">1</td>", "/admin/programmes/new"});
  CheckShows(testing::Page(admin, "/admin/programmes/co-ban").body,
             {"value=\"Cơ bản\"", "value=\"commune_librarian\" checked",
              "value=\"tin-hoc-co-ban, dang-ky-tai-khoan\"", "Xem trước", "Lưu"});
  Browser manager = w.SignedIn("ql.a", "/admin");
  CHECK(manager.Get("/admin/programmes").status == 403);
  CHECK(manager.Get("/admin/programmes/co-ban").status == 403);
  CHECK(manager.Post("/admin/programmes/co-ban", CoBan({{"validity_months", "12"}})).status == 403);
  CHECK(w.Count("programme_revisions") == 1);
}

TEST_CASE("a refused programme form comes back filled in, each problem at its field",
          "[programme-edit][pages]") {
  World world;
  auto& w = world.w;
  Browser admin = w.SignedIn("qtv", "/admin/programmes/co-ban");
  CheckAnswer(admin.Post("/admin/programmes/co-ban", CoBan({{"grace_days", "mười"}})), 400,
              {FieldErrorTag("grace_days"), "value=\"mười\""});
  CheckAnswer(
      admin.Post("/admin/programmes/co-ban", CoBan({{"initial_courses", "tin-hoc-co-ban, khong-co"},
                                                    {"validity_months", "0"},
                                                    {"action", "preview"}})),
      400,
      {FieldErrorTag("initial_courses"), FieldErrorTag("renewal_window_days"),
       "value=\"tin-hoc-co-ban, khong-co\"", "khong-co"});
  CheckAnswer(admin.Post("/admin/programmes/co-ban",
                         CoBan({{"date_rule", "fixed_date"}, {"fixed_day", "30/02"}})),
              400, {FieldErrorTag("fixed_day"), "value=\"30/02\""});
  CHECK(w.Count("programme_revisions") == 1);
}

TEST_CASE("previewing a change saves nothing, then Lưu saves it", "[programme-edit][pages]") {
  World world;
  auto& w = world.w;
  world.Certify("chi.mo", "2026-03-14", "2028-03-14");
  Browser admin = w.SignedIn("qtv", "/admin/programmes/co-ban");
  auto change = CoBan({{"validity_months", "12"}, {"apply_to", "current"}});
  change.emplace_back("action", "preview");
  CheckAnswer(admin.Post("/admin/programmes/co-ban", change), 200,
              {"Xem trước thay đổi", "<dd id=\"dates-changed\">1</dd>", "Chị Mơ", "14/03/2028",
               "14/03/2027", "name=\"validity_months\" value=\"12\"", "value=\"save\""});
  CHECK(w.Count("programme_revisions") == 1);
  CHECK(w.Count("certification_redatings") == 0);

  // Without the form's token, nothing is saved.
  auto save = CoBan({{"validity_months", "12"}, {"apply_to", "current"}});
  save.emplace_back("action", "save");
  CHECK(admin.Post("/admin/programmes/co-ban", save, false).status == 403);
  CHECK(w.Count("programme_revisions") == 1);

  testing::CheckRedirect(admin.Post("/admin/programmes/co-ban", save),
                         "/admin/programmes/co-ban?saved=1");
  CHECK(w.Count("programme_revisions") == 2);
  CHECK(w.Count("certification_redatings") == 1);
  CheckShows(testing::Page(admin, "/admin/programmes/co-ban?saved=1").body,
             {"Đã lưu.", "12 tháng kể từ ngày hoàn thành", "2 (admin)"});

  testing::CheckRedirect(admin.Post("/admin/programmes/co-ban/retired", {{"retired", "1"}}),
                         "/admin/programmes/co-ban?saved=1");
  CheckShows(testing::Page(admin, "/admin/programmes").body, {"Đã ngừng"});
  CheckShows(testing::Page(admin, "/admin/programmes/co-ban").body, {"Dùng lại chương trình"});
  CHECK(w.Count("programme_revisions") == 2);
}

TEST_CASE("an admin creates a programme on the page", "[programme-edit][pages]") {
  World world;
  auto& w = world.w;
  Browser admin = w.SignedIn("qtv", "/admin/programmes/new");
  Fields f = {{"slug", "an-toan"},
              {"title", "An toàn thông tin"},
              {"title_en", "Information security"},
              {"description", "Vì sao.\r\nHọc gì."},
              {"staff_categories", "commune_librarian"},
              {"site_types", "district_library"},
              {"initial_courses", "tin-hoc-co-ban"},
              {"refresher_courses", ""},
              {"validity_months", "12"},
              {"renewal_window_days", "30"},
              {"date_rule", "from_expiry"},
              {"fixed_day", ""},
              {"min_validity_months", ""},
              {"grace_days", "30"}};
  Fields taken = f;
  taken[0].second = "co-ban";
  CheckAnswer(admin.Post("/admin/programmes", taken), 409, {FieldErrorTag("slug")});
  testing::CheckRedirect(admin.Post("/admin/programmes", f), "/admin/programmes/an-toan?created=1");
  CHECK(w.Count("programmes") == 2);
  auto made = w.t.programmes().Get("an-toan");
  REQUIRE(made.ok());
  CHECK(made->programme.description_markdown == "Vì sao.\nHọc gì.");
  CHECK(made->programme.site_types == std::vector<std::string>{"district_library"});
  CHECK(made->source == "admin");
}

}  // namespace lophoc::app
