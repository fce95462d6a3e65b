// The pages offer the vocabulary of people/vocabulary.h: site types and staff
// categories are chosen from select lists labelled from the one table, in
// the reader's language, and shown by their labels.
#include <catch2/catch.hpp>

#include "people/vocabulary.h"
#include "server/http/http_types.h"
#include "tests/support/test_browser.h"
#include "tests/support/test_site.h"

namespace lophoc::http {
namespace {

using testing::Browser;
using testing::Contains;

constexpr const char* kPassword = "Thư viện xanh 2026";

struct World {
  testing::TestSite t;
  people::Actor cli = people::Actor::CommandLine();
  people::User admin, thu;

  World() {
    REQUIRE(t.people().CreateOrgUnit(cli, {"A", "Tỉnh A", "province", ""}).ok());
    REQUIRE(t.people().CreateSite(cli, {"SA", "Thư viện A", "commune_library", "A", false}).ok());
    admin = Add({"root.admin", "Quản trị", std::nullopt, {people::Role::kAdmin}, "", "", "", true});
    thu = Add({"thu.thu", "Thủ thư", std::nullopt, {people::Role::kLearner}, "", "SA",
               "district_librarian", true});
  }
  people::User Add(const app::UserInput& in) {
    auto made = t.people().CreateUser(cli, in, kPassword);
    REQUIRE(made.ok());
    return made->user;
  }
  Browser As(const std::string& username) {
    Browser b(t);
    REQUIRE(b.Get("/login").status == 200);
    REQUIRE(b.Post("/login", {{"username", username}, {"password", kPassword}}).status == 303);
    return b;
  }
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
  HttpResponse vi = b.Get("/account");
  REQUIRE(vi.status == 200);
  CHECK(Contains(vi.body, "Cán bộ thư viện huyện (trước 01/07/2025)"));
  CHECK_FALSE(Contains(vi.body, "district_librarian"));
}

}  // namespace lophoc::http
