// The pages offer the vocabulary of people/vocabulary.h: site types and staff
// categories are chosen from select lists labelled from the one table, in
// the reader's language, and shown by their labels.
#include <catch2/catch.hpp>

#include "people/vocabulary.h"
#include "server/http/http_types.h"
#include "tests/support/test_browser.h"
#include "tests/support/test_world.h"

namespace lophoc::http {
namespace {

using testing::Browser;
using testing::Contains;

// Province A with a commune library SA, an admin and a district librarian at SA.
struct World : testing::TestWorld {
  people::User thu;

  World() {
    Must(t.people().CreateOrgUnit(cli, {"A", "Tỉnh A", "province", ""}));
    Must(t.people().CreateSite(cli, {"SA", "Thư viện A", "commune_library", "A", false}));
    AddAccount({"root.admin", {people::Role::kAdmin}, "", "", "", "Quản trị"});
    thu = AddAccount(
        {"thu.thu", {people::Role::kLearner}, "", "SA", "district_librarian", "Thủ thư"});
  }
  Browser As(const std::string& username) { return SignedIn(username); }
};

std::string Option(const std::string& value, const std::string& label, bool selected = false) {
  return "<option value=\"" + value + "\"" + (selected ? " selected" : "") + ">" +
         HtmlEscape(label) + "</option>";
}

}  // namespace

TEST_CASE("the account form chooses a staff category from the vocabulary",
          "[admin_pages][vocabulary]") {
  World w;
  Browser b = w.As("root.admin");
  auto lang = GENERATE(as<std::string>{}, "vi", "en");
  CAPTURE(lang);
  HttpResponse fresh = b.Get("/admin/users/new?lang=" + lang);
  REQUIRE(fresh.status == 200);
  CHECK(Contains(fresh.body, "<select id=\"f-staff_category\" name=\"staff_category\""));
  for (const auto& c : people::StaffCategories()) {
    CHECK(Contains(fresh.body, Option(c.code, c.Label(lang))));
  }
  HttpResponse edit = b.Get("/admin/users/" + std::to_string(w.thu.id) + "?lang=" + lang);
  REQUIRE(edit.status == 200);
  const auto& district = *people::FindStaffCategory("district_librarian");
  CHECK(Contains(edit.body, Option("district_librarian", district.Label(lang), true)));
}

TEST_CASE("site types are listed and shown by their labels", "[admin_pages][vocabulary]") {
  World w;
  Browser b = w.As("root.admin");
  HttpResponse sites = b.Get("/admin/sites?lang=en");
  REQUIRE(sites.status == 200);
  for (const auto& t : people::SiteTypes()) {
    CHECK(Contains(sites.body, Option(t.code, t.Label("en"), t.type == people::SiteType::kCommuneLibrary)));
  }
  HttpResponse site = b.Get("/admin/sites/SA?lang=vi");
  REQUIRE(site.status == 200);
  CHECK(Contains(site.body, "<dd>Thư viện xã, phường, đặc khu</dd>"));
}

TEST_CASE("the account page names the staff category by its label", "[account_pages][vocabulary]") {
  World w;
  Browser b = w.As("thu.thu");
  testing::CheckShows(testing::Page(b, "/account").body,
                      {"Cán bộ thư viện huyện (trước 01/07/2025)"}, {"district_librarian"});
}

}  // namespace lophoc::http
