// Admins create and change programmes (issue 12; docs/retraining.md,
// "Changing a programme's rule"): POST /api/v1/programmes and PATCH
// /api/v1/programmes/{slug} (?preview=1) over a real socket and a real
// SQLite database (migrations 0009, 0010, 0012, 0013). The fixture programme
// co-ban asks for tin-hoc-co-ban and dang-ky-tai-khoan, valid 24 months from
// completion, due 60 days before, for commune librarians and post-office
// staff. The accounts are made on 01/01/2024; the site's clock then stands
// on 18/11/2026 in Vietnam.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/support/test_world.h"

namespace lophoc::app {
namespace {

using nlohmann::json;
using people::Role;

// 2024-01-01T00:00:00Z.
constexpr int64_t kJanuary2024 = 1704067200;

struct World {
  testing::TestWorld w;
  World() {
    const auto today = w.t.clock().Now();
    w.t.clock().Set(std::chrono::system_clock::time_point(std::chrono::seconds(kJanuary2024)));
    w.StandardTree();
    w.AddAllWithTokens({{"qtv", {Role::kAdmin}},
                        {"ql.a", {Role::kManager}, "A"},
                        {"chi.mo", {Role::kLearner}, "A1", "SA1", "commune_librarian", "Chị Mơ"},
                        {"anh.het", {Role::kLearner}, "A1", "SA1", "commune_librarian", "Anh Hết"},
                        {"co.thay", {Role::kLearner}, "A1", "SA1", "commune_librarian", "Cô Thay"},
                        {"bac.bd", {Role::kLearner}, "B", "SB", "post_office_staff", "Bác Bưu"},
                        {"tinh.b", {Role::kLearner}, "B", "SB", "provincial_librarian"}});
    w.t.clock().Set(today);
    w.Start();
  }
  // A certification of co-ban (revision 1) for `user`, as granted.
  void Certify(const std::string& user, const std::string& completed, const std::string& until) {
    auto conn = w.t.db().Acquire();
    INFO(user << " " << completed);
    REQUIRE(conn->Exec("INSERT INTO certifications (user_id, programme_id, revision_id, path, "
                       "completed_on, valid_until, basis, source, created_at) SELECT " +
                       w.Id(user) + ", p.id, r.id, 'initial', '" + completed + "', '" + until +
                       "', 'from_completion', 'recorded', '2026-01-01T00:00:00Z' FROM programmes "
                       "p JOIN programme_revisions r ON r.programme_id = p.id AND r.number = 1 "
                       "WHERE p.slug = 'co-ban'")
                .ok());
  }
  // The valid_until of `user`'s certification completed on `completed`.
  std::string UntilOf(const std::string& user, const std::string& completed) {
    auto conn = w.t.db().Acquire();
    auto st = conn->Prepare(
        "SELECT valid_until FROM certifications WHERE user_id = ? AND "
        "completed_on = ?");
    REQUIRE(st.ok());
    st->Bind(1, w.users.at(user).id);
    st->Bind(2, completed);
    auto row = st->Step();
    REQUIRE(row.ok());
    REQUIRE(*row);
    return st->ColumnText(0);
  }
  json Call(const std::string& who, const std::string& method, const std::string& target,
            const json& body, int status) {
    auto r = w.As(who, method, target, body.is_null() ? "" : body.dump());
    INFO(method << " " << target << " " << body.dump() << " -> " << r.body);
    REQUIRE(r.status == status);
    return json::parse(r.body);
  }
  json Standing(const std::string& who, const std::string& as_of) {
    auto r = w.As(who, "GET", "/api/v1/me/programmes?as_of=" + as_of);
    INFO(r.body);
    REQUIRE(r.status == 200);
    auto items = json::parse(r.body)["items"];
    REQUIRE(items.size() == 1);
    return items[0];
  }
};

const json kNew = {
    {"slug", "an-toan"},
    {"title", "An toàn thông tin"},
    {"title_en", "Information security"},
    {"description", "Vì sao cần học.\n"},
    {"staff_categories", {"commune_librarian"}},
    {"site_types", {"district_library"}},
    {"initial_courses", {"tin-hoc-co-ban", "dang-ky-tai-khoan"}},
    {"refresher_courses", {"tin-hoc-co-ban"}},
    {"validity_months", 12},
    {"renewal_window_days", 30},
    {"date_rule", "fixed_date"},
    {"fixed_day", "31/12"},
    {"min_validity_months", 6},
    {"grace_days", 90},
};

json With(json body, const std::string& key, const json& value) {
  if (value.is_null()) {
    body.erase(key);
  } else {
    body[key] = value;
  }
  return body;
}

}  // namespace

TEST_CASE("an admin creates a programme, stored as revision 1 from the admin",
          "[programme-edit][api]") {
  World world;
  auto& w = world.w;
  const int64_t audits = w.Count("audit_log");
  auto made = world.Call("qtv", "POST", "/api/v1/programmes", kNew, 201);
  CHECK(made["slug"] == "an-toan");
  CHECK(made["revision"] == 1);
  CHECK(made["source"] == "admin");
  CHECK(made["retired"] == false);
  CHECK(made["title_en"] == "Information security");
  CHECK(made["description_markdown"] == "Vì sao cần học.\n");
  CHECK(made["paths"]["initial"] == json({"tin-hoc-co-ban", "dang-ky-tai-khoan"}));
  CHECK(made["site_types"] == json({"district_library"}));
  CHECK(made["rule"]["date_rule"] == "fixed_date");
  CHECK(made["rule"]["fixed_day"] == "31/12");
  CHECK(made["rule"]["min_validity_months"] == 6);
  CHECK(made["rule"]["renewal_window_days"] == 30);
  CHECK(made["rule"]["grace_days"] == 90);
  CHECK(w.Count("programmes") == 2);
  CHECK(w.Count("programme_revisions") == 2);
  CHECK(w.Count("audit_log") == audits + 1);
  auto got = world.Call("chi.mo", "GET", "/api/v1/programmes/an-toan", nullptr, 200);
  CHECK(got["title"] == "An toàn thông tin");

  // Without a renewal window, a programme with a validity is due 60 days
  // before, as a file without one.
  auto plain = world.Call("qtv", "POST", "/api/v1/programmes",
                          {{"slug", "don-gian"},
                           {"title", "Đơn giản"},
                           {"staff_categories", {"post_office_staff"}},
                           {"initial_courses", {"tin-hoc-co-ban"}},
                           {"validity_months", 24}},
                          201);
  CHECK(plain["rule"]["renewal_window_days"] == 60);
  CHECK(plain["rule"]["date_rule"] == "from_completion");
}

TEST_CASE("a programme the admin sends wrong is refused with its reason and field",
          "[programme-edit][api]") {
  World world;
  auto& w = world.w;
  struct Bad {
    const char* what;
    json body;
    int status;
    const char* reason;
    const char* field;
  };
  const std::vector<Bad> bad = {
      {"unknown course", With(kNew, "refresher_courses", {"khong-co"}), 400,
       "programme_course_unknown", "refresher_courses"},
      {"unknown category", With(kNew, "staff_categories", {"thu_thu"}), 400,
       "staff_category_invalid", "staff_categories"},
      {"unknown site type", With(kNew, "site_types", {"thu_vien_so"}), 400,
       "programme_site_type_invalid", "site_types"},
      {"window without validity",
       With(With(With(With(kNew, "validity_months", 0), "date_rule", "from_completion"),
                 "fixed_day", nullptr),
            "min_validity_months", nullptr),
       400, "programme_window_without_validity", "renewal_window_days"},
      {"30 February", With(kNew, "fixed_day", "30/02"), 400, "programme_fixed_day_invalid",
       "fixed_day"},
      {"fixed day with another rule", With(kNew, "date_rule", "from_expiry"), 400,
       "programme_fixed_date_only", "fixed_day"},
      {"slug taken", With(kNew, "slug", "co-ban"), 409, "programme_exists", "slug"},
      {"bad slug", With(kNew, "slug", "An Toàn"), 400, "programme_slug_invalid", "slug"},
      {"no title", With(kNew, "title", nullptr), 400, "field_required", "title"},
      {"a title on two lines", With(kNew, "title", "An toàn\nslug: khac"), 400,
       "programme_value_invalid", "title"},
      {"validity as text", With(kNew, "validity_months", "12"), 400, "field_not_int",
       "validity_months"},
      {"courses as text", With(kNew, "initial_courses", "tin-hoc-co-ban"), 400, "field_not_strings",
       "initial_courses"},
      {"an unknown field", With(kNew, "kind", "initial"), 400, "body_unknown_field", "kind"},
      {"no path",
       With(With(kNew, "initial_courses", json::array()), "refresher_courses", json::array()), 400,
       "programme_courses_empty", "initial_courses"},
  };
  const int64_t programmes = w.Count("programmes");
  const int64_t revisions = w.Count("programme_revisions");
  const int64_t audits = w.Count("audit_log");
  for (const auto& b : bad) {
    CAPTURE(b.what);
    auto error = world.Call("qtv", "POST", "/api/v1/programmes", b.body, b.status)["error"];
    CHECK(error["reason"] == b.reason);
    CHECK(error.value("field", "") == b.field);
    CHECK_FALSE(error.value("text", "").empty());
  }
  auto r = w.As("qtv", "POST", "/api/v1/programmes", "{\"slug\": ");
  CHECK(r.status == 400);
  CHECK(json::parse(r.body)["error"]["reason"] == "body_not_json");
  auto big = w.As("qtv", "POST", "/api/v1/programmes",
                  With(kNew, "description", std::string(70 * 1024, 'x')).dump());
  CHECK(big.status == 413);
  CHECK(w.Count("programmes") == programmes);
  CHECK(w.Count("programme_revisions") == revisions);
  CHECK(w.Count("audit_log") == audits);
}

TEST_CASE("only admins create or change programmes", "[programme-edit][api]") {
  World world;
  auto& w = world.w;
  for (const char* who : {"ql.a", "chi.mo"}) {
    CAPTURE(who);
    auto error = world.Call(who, "POST", "/api/v1/programmes", kNew, 403)["error"];
    CHECK(error["reason"] == "programme_admin_only");
    world.Call(who, "PATCH", "/api/v1/programmes/co-ban", {{"validity_months", 12}}, 403);
    world.Call(who, "PATCH", "/api/v1/programmes/co-ban?preview=1", {{"validity_months", 12}}, 403);
  }
  CHECK(w.As("anonymous", "POST", "/api/v1/programmes", kNew.dump()).status == 401);
  CHECK(w.As("anonymous", "PATCH", "/api/v1/programmes/co-ban", "{\"title\": \"X\"}").status ==
        401);
  CHECK(w.Count("programmes") == 1);
  CHECK(w.Count("programme_revisions") == 1);
  auto missing = world.Call("qtv", "PATCH", "/api/v1/programmes/khong-co", {{"title", "X"}}, 404);
  CHECK(missing["error"]["reason"] == "programme_not_found");
  auto slug = world.Call("qtv", "PATCH", "/api/v1/programmes/co-ban", {{"slug", "moi"}}, 400);
  CHECK(slug["error"]["reason"] == "body_unknown_field");
  auto apply = world.Call("qtv", "PATCH", "/api/v1/programmes/co-ban",
                          {{"title", "X"}, {"apply_to", "past"}}, 400);
  CHECK(apply["error"]["reason"] == "programme_apply_to_invalid");
  CHECK(w.Count("programme_revisions") == 1);
}

// mo: one open cycle (14/03/2025 to 14/03/2027). het: expired on
// 10/01/2026, a closed cycle. thay: a cycle superseded by a later renewal
// (01/06/2024 to 01/06/2026, then 20/05/2026 to 20/05/2028).
TEST_CASE("a new rule applied to current cycles re-dates open cycles only, and keeps the past",
          "[programme-edit][api]") {
  World world;
  auto& w = world.w;
  world.Certify("chi.mo", "2025-03-14", "2027-03-14");
  world.Certify("anh.het", "2024-01-10", "2026-01-10");
  world.Certify("co.thay", "2024-06-01", "2026-06-01");
  world.Certify("co.thay", "2026-05-20", "2028-05-20");
  const json change = {{"validity_months", 12}, {"apply_to", "current"}};

  // The preview saves nothing and says what would change.
  auto preview = world.Call("qtv", "PATCH", "/api/v1/programmes/co-ban?preview=1", change, 200);
  CHECK(preview["preview"] == true);
  CHECK(preview["as_of"] == "2026-11-18");
  CHECK(preview["new_revision"] == true);
  CHECK(preview["dates_changed"] == 2);
  REQUIRE(preview["sample"].size() == 2);
  auto mo = preview["sample"][0];
  CHECK(mo["user"]["username"] == "chi.mo");
  CHECK(mo["display_name"] == "Chị Mơ");
  CHECK(mo["org"] == "A1");
  CHECK(mo["completed_on"] == "2025-03-14");
  CHECK(mo["before"] == json({{"valid_until", "2027-03-14"}, {"status", "valid"}}));
  CHECK(mo["after"]["valid_until"] == "2026-03-14");
  CHECK(mo["after"]["status"] == "overdue");
  auto thay = preview["sample"][1];
  CHECK(thay["user"]["username"] == "co.thay");
  CHECK(thay["completed_on"] == "2026-05-20");
  CHECK(thay["before"]["valid_until"] == "2028-05-20");
  CHECK(thay["after"] ==
        json({{"valid_until", "2027-05-20"}, {"status", "valid"}, {"basis", "from_completion"}}));
  CHECK(preview["assigned"]["before"] == 4);  // mo, het, thay, bd
  CHECK(preview["assigned"]["after"] == 4);
  CHECK(w.Count("programme_revisions") == 1);
  CHECK(w.Count("certification_redatings") == 0);
  CHECK(world.UntilOf("chi.mo", "2025-03-14") == "2027-03-14");

  // For the future only: no date changes.
  auto future = world.Call("qtv", "PATCH", "/api/v1/programmes/co-ban?preview=1",
                           {{"validity_months", 12}}, 200);
  CHECK(future["apply_to"] == "future");
  CHECK(future["dates_changed"] == 0);
  CHECK(future["sample"].empty());

  // Saved: a revision from the admin, the open cycles re-dated, the closed
  // ones as they were.
  const int64_t audits = w.Count("audit_log");
  auto saved = world.Call("qtv", "PATCH", "/api/v1/programmes/co-ban", change, 200);
  CHECK(saved["revision"] == 2);
  CHECK(saved["source"] == "admin");
  CHECK(saved["rule"]["validity_months"] == 12);
  CHECK(saved["change"]["dates_changed"] == 2);
  CHECK(w.Count("programme_revisions") == 2);
  CHECK(world.UntilOf("chi.mo", "2025-03-14") == "2026-03-14");
  CHECK(world.UntilOf("co.thay", "2026-05-20") == "2027-05-20");
  CHECK(world.UntilOf("co.thay", "2024-06-01") == "2026-06-01");  // superseded: never rewritten
  CHECK(world.UntilOf("anh.het", "2024-01-10") == "2026-01-10");  // expired: never rewritten
  CHECK(w.Count("certifications") == 4);
  CHECK(w.Count("certification_redatings") == 2);
  CHECK(w.Count("audit_log") == audits + 2);  // programme.edit, programme.redate

  // The day before the change is answered with the dates as they were.
  auto before = world.Standing("chi.mo", "2026-11-17");
  CHECK(before["standing"] == "valid");
  CHECK(before["until"] == "2027-03-14");
  CHECK(before["current"]["valid_until"] == "2027-03-14");
  auto after = world.Standing("chi.mo", "2026-11-18");
  CHECK(after["standing"] == "overdue");
  CHECK(after["current"]["valid_until"] == "2026-03-14");
  CHECK(world.Standing("co.thay", "2026-11-17")["until"] == "2028-05-20");
  CHECK(world.Standing("co.thay", "2026-11-18")["until"] == "2027-05-20");

  // The same content again: no revision, nothing re-dated (the dates are
  // already the rule's).
  auto again = world.Call("qtv", "PATCH", "/api/v1/programmes/co-ban", change, 200);
  CHECK(again["revision"] == 2);
  CHECK(again["change"]["new_revision"] == false);
  CHECK(again["change"]["dates_changed"] == 0);
  CHECK(w.Count("programme_revisions") == 2);
  CHECK(w.Count("certification_redatings") == 2);
}

TEST_CASE("a change of categories says who is now assigned and who no longer is",
          "[programme-edit][api]") {
  World world;
  auto preview =
      world.Call("qtv", "PATCH", "/api/v1/programmes/co-ban?preview=1",
                 {{"staff_categories", {"commune_librarian", "provincial_librarian"}}}, 200);
  CHECK(preview["dates_changed"] == 0);
  CHECK(preview["assigned"]["before"] == 4);
  CHECK(preview["assigned"]["after"] == 4);
  CHECK(preview["assigned"]["now_assigned"]["count"] == 1);
  CHECK(preview["assigned"]["now_assigned"]["sample"][0]["user"]["username"] == "tinh.b");
  CHECK(preview["assigned"]["no_longer_assigned"]["count"] == 1);
  CHECK(preview["assigned"]["no_longer_assigned"]["sample"][0]["display_name"] == "Bác Bưu");
}

TEST_CASE("retiring and restoring a programme keeps its certifications", "[programme-edit][api]") {
  World world;
  auto& w = world.w;
  world.Certify("chi.mo", "2025-03-14", "2027-03-14");
  const int64_t audits = w.Count("audit_log");
  auto retired = world.Call("qtv", "PATCH", "/api/v1/programmes/co-ban", {{"retired", true}}, 200);
  CHECK(retired["retired"] == true);
  CHECK(retired["revision"] == 1);
  CHECK(retired["change"]["assigned"]["after"] == 0);
  auto mine = w.As("chi.mo", "GET", "/api/v1/me/programmes");
  CHECK(json::parse(mine.body)["items"].empty());
  CHECK(w.Count("certifications") == 1);
  auto restored =
      world.Call("qtv", "PATCH", "/api/v1/programmes/co-ban", {{"retired", false}}, 200);
  CHECK(restored["retired"] == false);
  CHECK(restored["retired_at"].is_null());
  CHECK(world.Standing("chi.mo", "2026-11-18")["until"] == "2027-03-14");
  CHECK(w.Count("programme_revisions") == 1);
  CHECK(w.Count("audit_log") == audits + 2);  // programme.retire, programme.restore
}

TEST_CASE("the bundled import keeps an admin's edit, an explicit import stores the file",
          "[programme-edit]") {
  World world;
  auto& w = world.w;
  world.Call("qtv", "PATCH", "/api/v1/programmes/co-ban", {{"title", "Cơ bản (sửa)"}}, 200);
  for (int start = 0; start < 2; ++start) {
    CAPTURE(start);
    Diagnostics diags;
    auto report = w.t.content().Import(testing::FixturePath("content-good"), "bundled", diags);
    REQUIRE(report.ok());
    REQUIRE(report->programmes.size() == 1);
    CHECK(report->programmes[0].revision == 2);
    CHECK_FALSE(report->programmes[0].note.empty());
    auto co_ban = world.Call("chi.mo", "GET", "/api/v1/programmes/co-ban", nullptr, 200);
    CHECK(co_ban["title"] == "Cơ bản (sửa)");
    CHECK(co_ban["source"] == "admin");
    CHECK(w.Count("programme_revisions") == 2);
  }
  Diagnostics diags;
  auto imported = w.t.programmes().ImportFolder(
      testing::FixturePath("content-good") + "/programmes", "import", diags);
  REQUIRE(imported.ok());
  auto co_ban = world.Call("chi.mo", "GET", "/api/v1/programmes/co-ban", nullptr, 200);
  CHECK(co_ban["title"] == "Cơ bản");
  CHECK(co_ban["revision"] == 3);
  CHECK(co_ban["source"] == "import");
}

}  // namespace lophoc::app
