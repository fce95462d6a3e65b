// The targets' admin page (server/http/target_pages.cpp) through the whole
// site without a socket: who enters, the list in scope, the form with every
// field error listed at once, CSRF, and retirement after a question.
#include <catch2/catch.hpp>
#include <string>

#include "tests/support/test_browser.h"
#include "tests/support/test_world.h"

namespace lophoc::http {
namespace {

using people::Role;
using testing::Browser;
using testing::Fields;

struct World : testing::TestWorld {
  World() {
    StandardTree(testing::TreeOptions().NationalRoot());
    AddAccounts({{"admin", {Role::kAdmin}},
                 {"ql.a", {Role::kManager}, "A"},
                 {"ql.b", {Role::kManager}, "B"},
                 {"hv.a", {Role::kLearner}, "A"}});
  }
  Browser As(const std::string& who) { return SignedIn(who, "/admin/targets"); }
};

Fields GoodForm(const std::string& org) {
  return {{"kind", "trained"},
          {"title", "70% cán bộ thư viện xã được bồi dưỡng"},
          {"source", "Kế hoạch 3063/KH-UBND"},
          {"org", org},
          {"programme", "co-ban"},
          {"staff_categories", "commune_librarian"},
          {"site_types", "commune_library"},
          {"percent", "70"},
          {"starts_on", "01/01/2024"},
          {"deadline", "31/12/2025"},
          {"window_days", ""}};
}

}  // namespace

TEST_CASE("a manager adds a target through the form and sees it listed", "[targets][pages]") {
  World w;
  Browser b = w.As("ql.a");
  auto page = testing::Page(b, "/admin/targets");
  testing::CheckShows(
      page.body, {"Chỉ tiêu báo cáo", "<label for=\"f-percent\">", "<label for=\"f-deadline\">",
                  "name=\"csrf_token\"", "Thư viện xã, phường, đặc khu", "Cán bộ thư viện xã"});
  auto posted = b.Post("/admin/targets", GoodForm("A1"));
  testing::CheckRedirect(posted, "/admin/targets?done=created");
  auto list = testing::Page(b, "/admin/targets?done=created");
  testing::CheckShows(list.body, {"Đã lưu chỉ tiêu.", "70% cán bộ thư viện xã được bồi dưỡng",
                                  "A1 — Huyện A1", "Kế hoạch 3063/KH-UBND", "01/01/2024",
                                  "31/12/2025", "Tỷ lệ cán bộ được bồi dưỡng"});
  CHECK(w.Count("targets") == 1);
  // Manager B sees none of it; the admin index links the page.
  Browser manager_b = w.As("ql.b");
  auto other = testing::Page(manager_b, "/admin/targets");
  testing::CheckShows(other.body, {"Chỉ tiêu báo cáo"}, {"70% cán bộ thư viện xã"});
  testing::CheckShows(testing::Page(b, "/admin").body, {"href=\"/admin/targets\""});
}

TEST_CASE("a refused form lists every field error at once and keeps the values",
          "[targets][pages]") {
  World w;
  Browser b = w.As("ql.a");
  Fields bad = GoodForm("A");
  for (auto& [k, v] : bad) {
    if (k == "percent") v = "120";
    if (k == "title") v = "";
    if (k == "deadline") v = "31/02/2025";
    if (k == "source") v = "<script>x</script>";
  }
  auto r = b.Post("/admin/targets", bad);
  CHECK(r.status == 400);
  testing::CheckShows(
      r.body,
      {"error-summary", "href=\"#f-title\"", "href=\"#f-percent\"", "href=\"#f-deadline\"",
       testing::FieldErrorTag("title"), testing::FieldErrorTag("percent"),
       testing::FieldErrorTag("deadline"), "Hãy ghi tên chỉ tiêu.",
       "Tỷ lệ phải là một số từ 0 đến 100", "value=\"120\"", "&lt;script&gt;x&lt;/script&gt;"},
      {"<script>x</script>"});
  // A scope outside the manager's subtree: not found, said on the field.
  auto outside = b.Post("/admin/targets", GoodForm("B"));
  CHECK(outside.status == 404);
  testing::CheckShows(outside.body, {testing::FieldErrorTag("org")});
  // Without the CSRF token nothing happens.
  CHECK(b.Post("/admin/targets", GoodForm("A"), false).status == 403);
  CHECK(w.Count("targets") == 0);
}

TEST_CASE("retiring asks first, and learners do not enter", "[targets][pages]") {
  World w;
  Browser b = w.As("ql.a");
  testing::CheckRedirect(b.Post("/admin/targets", GoodForm("A")), "/admin/targets?done=created");
  auto ask = testing::Page(b, "/admin/targets/1/retire");
  testing::CheckShows(ask.body, {"Thôi áp dụng chỉ tiêu này", "name=\"csrf_token\""});
  CHECK(w.Count("targets") == 1);
  Browser manager_b = w.As("ql.b");
  CHECK(manager_b.Get("/admin/targets/1/retire").status == 404);
  CHECK(manager_b.Post("/admin/targets/1/retire", {}).status == 404);
  CHECK(b.Post("/admin/targets/1/retire", {}, false).status == 403);
  testing::CheckRedirect(b.Post("/admin/targets/1/retire", {}), "/admin/targets?done=retired");
  testing::CheckShows(testing::Page(b, "/admin/targets?include_retired=1").body,
                      {"Thôi áp dụng từ"});
  CHECK(testing::Page(b, "/admin/targets").body.find("70% cán bộ thư viện xã") ==
        std::string::npos);
  Browser learner = testing::SignedIn(w.t.site(), "hv.a");
  CHECK(learner.Get("/admin/targets").status == 403);
}

}  // namespace lophoc::http
