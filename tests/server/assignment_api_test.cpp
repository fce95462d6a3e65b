// Who a programme applies to, and since when (issue 12; docs/retraining.md
// "Assignment"): automatically by staff category over time (a change of
// category dates the assignment), and individually by managers within their
// subtree. Real socket, real SQLite (migration 0016). The fixture programme
// co-ban is for commune_librarian and post_office_staff, with no grace
// period; the site's clock starts on 18/11/2026 in Vietnam.
#include <catch2/catch.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/support/test_world.h"

namespace lophoc::app {
namespace {

using nlohmann::json;
using people::Role;

// 00:00 UTC on the given day (07:00 in Vietnam), for the fake clock.
std::chrono::system_clock::time_point VietnamMidnight(int y, int m, int d) {
  auto day = MakeDate(y, m, d);
  REQUIRE(day);
  auto t = ParseIso8601(FormatIsoDate(*day) + "T00:00:00Z");
  REQUIRE(t);
  return *t;
}

struct World {
  testing::TestWorld w;
  World() {
    w.StandardTree();
    w.AddAllWithTokens({{"tv.a1", {Role::kLearner}, "A1", "SA1", "commune_librarian"},
                        {"tvt.a1", {Role::kLearner}, "A1", "SA1", "provincial_librarian"},
                        {"ql.a", {Role::kManager}, "A", "", "", "Trần Thị Quản"},
                        {"ql.b", {Role::kManager}, "B"},
                        {"gv.a", {Role::kTrainer}, "A"},
                        {"admin", {Role::kAdmin}}});
    w.Start();
  }
  int64_t Id(const std::string& username) { return w.users.at(username).id; }
  // tvt.a1's (or `who`'s) standing in co-ban on `as_of`; null when co-ban
  // never applied.
  json CoBan(const std::string& who, const std::string& as_of) {
    auto r = w.As(who, "GET", "/api/v1/me/programmes?as_of=" + as_of);
    INFO(r.body);
    REQUIRE(r.status == 200);
    const json all = json::parse(r.body);
    for (const auto& item : all["items"]) {
      if (item["programme"]["slug"] == "co-ban") return item;
    }
    return nullptr;
  }
  void ChangeCategory(const std::string& who, const std::string& category) {
    UserPatch p;
    p.staff_category = category;
    REQUIRE(w.t.people().UpdateUser(people::Actor::CommandLine(), Id(who), p).ok());
  }
};

}  // namespace

TEST_CASE("a change of staff category dates the programmes it brings and ends",
          "[assignments][api]") {
  World world;
  auto& w = world.w;
  auto start = world.CoBan("tv.a1", "2026-11-18");
  CHECK(start["standing"] == "not_started");
  CHECK(start["assigned"]["kind"] == "automatic");
  CHECK(start["assigned"]["from"] == "2026-11-18");
  CHECK(start["assigned"]["staff_category"] == "commune_librarian");
  CHECK(start["assigned"]["text"] ==
        "Áp dụng từ ngày 18/11/2026 vì bạn thuộc nhóm “Cán bộ thư viện xã, phường, đặc khu”.");
  CHECK(start["assigned"]["site_type"].is_null());  // co-ban names no site type

  // Promoted to the provincial library on 01/12/2026: co-ban ends the day before.
  w.t.clock().Set(VietnamMidnight(2026, 12, 1) + std::chrono::hours(2));
  world.ChangeCategory("tv.a1", "provincial_librarian");
  auto before = world.CoBan("tv.a1", "2026-11-30");
  CHECK(before["standing"] == "overdue");  // no grace in co-ban: overdue from 19/11
  auto after = world.CoBan("tv.a1", "2026-12-01");
  CHECK(after["standing"] == "not_assigned");
  CHECK(after["assigned"]["until"] == "2026-11-30");
  CHECK(w.Count("staff_placements") == 7);  // six accounts, one change

  // Back to a commune library on 10/01/2027: assigned again from that day,
  // and the grace period (none) counts from it.
  w.t.clock().Set(VietnamMidnight(2027, 1, 10) + std::chrono::hours(2));
  world.ChangeCategory("tv.a1", "commune_librarian");
  CHECK(world.CoBan("tv.a1", "2027-01-09")["standing"] == "not_assigned");
  auto again = world.CoBan("tv.a1", "2027-01-10");
  CHECK(again["standing"] == "not_started");
  CHECK(again["until"] == "2027-01-10");
  CHECK(again["assigned"]["from"] == "2027-01-10");
  CHECK(world.CoBan("tv.a1", "2027-01-11")["standing"] == "overdue");
  // An update that changes neither category nor site records no placement.
  UserPatch name;
  name.display_name = "Nguyễn Văn Tư";
  REQUIRE(w.t.people().UpdateUser(people::Actor::CommandLine(), world.Id("tv.a1"), name).ok());
  CHECK(w.Count("staff_placements") == 8);
}

TEST_CASE("managers assign a programme to one person of their subtree, and end it",
          "[assignments][api]") {
  World world;
  auto& w = world.w;
  const std::string person = std::to_string(world.Id("tvt.a1"));
  const std::string url = "/api/v1/users/" + person + "/assignments";
  CHECK(world.CoBan("tvt.a1", "2026-11-18").is_null());  // not for provincial librarians

  auto made = w.As("ql.a", "POST", url,
                   json{{"programme", "co-ban"},
                        {"reason", "Phụ trách điểm Internet của xã"},
                        {"starts_on", "20/11/2026"}}
                       .dump());
  INFO(made.body);
  REQUIRE(made.status == 201);
  const auto assignment = json::parse(made.body);
  CHECK(assignment["starts_on"] == "2026-11-20");
  CHECK(assignment["ends_on"].is_null());
  CHECK(assignment["assigned_by_name"] == "Trần Thị Quản");
  CHECK(w.Count("programme_assignments") == 1);

  CHECK(world.CoBan("tvt.a1", "2026-11-19")["standing"] == "not_assigned");
  auto given = world.CoBan("tvt.a1", "2026-11-20");
  CHECK(given["standing"] == "not_started");
  CHECK(given["assigned"]["kind"] == "individual");
  CHECK(given["assigned"]["text"] ==
        "Được Trần Thị Quản giao riêng từ ngày 20/11/2026: Phụ trách điểm Internet của xã");

  // Who may: the manager of B sees nobody in A; a trainer reads but does not
  // assign; the person cannot assign themself.
  const std::string body = json{{"programme", "co-ban"}, {"reason", "x"}}.dump();
  CHECK(w.As("ql.b", "POST", url, body).status == 404);
  CHECK(w.As("ql.b", "GET", url).status == 404);
  auto trainer = w.As("gv.a", "POST", url, body);
  CHECK(trainer.status == 403);
  CHECK(json::parse(trainer.body)["error"]["reason"] == "assignment_managers_only");
  CHECK(w.As("gv.a", "GET", url).status == 200);
  CHECK(w.As("tvt.a1", "POST", url, body).status == 403);
  CHECK(w.As("anonymous", "POST", url, body).status == 401);

  // Bad input: each refused with its reason, nothing stored.
  struct Bad {
    std::string body;
    int status;
    std::string reason;
  };
  for (const Bad& bad : std::vector<Bad>{
           {body, 409, "assignment_exists"},
           {json{{"programme", "co-ban"}}.dump(), 400, "field_required"},
           {json{{"programme", "khong-co"}, {"reason", "x"}}.dump(), 404, "programme_not_found"},
           {json{{"programme", "co-ban"}, {"reason", "x"}, {"starts_on", "30/02/2027"}}.dump(), 400,
            "date_invalid"},
           {json{{"programme", "co-ban"}, {"reason", "x"}, {"starts_on", "11/30/2026"}}.dump(), 400,
            "date_invalid"},
           {json{{"programme", "co-ban"}, {"reason", std::string(501, 'a')}}.dump(), 400,
            "assignment_reason_too_long"},
           {json{{"programme", "co-ban"}, {"reason", "x"}, {"role", "admin"}}.dump(), 400,
            "body_unknown_field"},
           {json{{"programme", 7}, {"reason", "x"}}.dump(), 400, "field_not_string"},
           {"{not json", 400, "body_not_json_object"},
       }) {
    CAPTURE(bad.body);
    auto r = w.As("ql.a", "POST", url, bad.body);
    CHECK(r.status == bad.status);
    CHECK(json::parse(r.body)["error"]["reason"] == bad.reason);
  }
  CHECK(w.Count("programme_assignments") == 1);

  // Ending it: its last day, kept as a row.
  const std::string end =
      "/api/v1/assignments/" + std::to_string(assignment["id"].get<int64_t>()) + "/end";
  CHECK(w.As("ql.b", "POST", end, json{{"on", "2026-12-31"}}.dump()).status == 404);
  CHECK(w.As("ql.a", "POST", end, json{{"on", "2026-11-19"}}.dump()).status == 400);
  auto ended = w.As("ql.a", "POST", end, json{{"on", "31/12/2026"}}.dump());
  REQUIRE(ended.status == 200);
  CHECK(json::parse(ended.body)["ends_on"] == "2026-12-31");
  CHECK(json::parse(w.As("ql.a", "POST", end, "").body)["error"]["reason"] == "assignment_ended");
  CHECK(world.CoBan("tvt.a1", "2026-12-31")["standing"] == "overdue");
  CHECK(world.CoBan("tvt.a1", "2027-01-01")["standing"] == "not_assigned");
  CHECK(w.Count("programme_assignments") == 1);

  auto list = json::parse(w.As("admin", "GET", url).body)["items"];
  REQUIRE(list.size() == 1);
  CHECK(list[0]["ends_on"] == "2026-12-31");

  // Both changes are in the audit log.
  auto conn = w.t.db().Acquire();
  auto st = conn->Prepare(
      "SELECT count(*) FROM audit_log WHERE action IN ('programme.assign', 'programme.unassign') "
      "AND object_key = 'tvt.a1'");
  REQUIRE(st.ok());
  REQUIRE(st->Step().ok());
  CHECK(st->ColumnInt(0) == 2);
}

}  // namespace lophoc::app

namespace lophoc::app {

TEST_CASE("the person's programmes page assigns a programme and ends it",
          "[assignments][pages]") {
  World world;
  auto& w = world.w;
  const std::string id = std::to_string(world.Id("tvt.a1"));
  const std::string page = "/admin/users/" + id + "/programmes";
  auto manager = w.SignedIn("ql.a");
  auto shown = manager.Get(page);
  REQUIRE(shown.status == 200);
  CHECK(shown.body.find("Giao chương trình riêng cho người này") != std::string::npos);
  CHECK(shown.body.find("<option value=\"co-ban\"") != std::string::npos);

  // A refusal is said on its field, the form refilled, nothing stored.
  auto missing = manager.Post("/admin/users/" + id + "/assignments",
                              {{"programme", "co-ban"}, {"reason", ""}, {"starts_on", "30/02/2027"}});
  CHECK(missing.status == 400);
  CHECK(missing.body.find("id=\"f-as-starts_on-error\"") != std::string::npos);
  CHECK(w.Count("programme_assignments") == 0);
  auto forged = manager.Post("/admin/users/" + id + "/assignments",
                             {{"programme", "co-ban"}, {"reason", "Kiêm nhiệm"}},
                             /*with_csrf=*/false);
  CHECK(forged.status == 403);
  CHECK(w.Count("programme_assignments") == 0);
  auto other = w.SignedIn("ql.b");
  CHECK(other.Get(page).status == 404);  // a person in province A does not exist for B
  auto elsewhere = other.Post("/admin/users/" + id + "/assignments",
                              {{"programme", "co-ban"}, {"reason", "x"}});
  CHECK(elsewhere.status == 404);

  auto made = manager.Post("/admin/users/" + id + "/assignments",
                           {{"programme", "co-ban"}, {"reason", "Kiêm nhiệm <b>điểm Internet</b>"}});
  CHECK(made.status == 303);
  CHECK(made.HeaderValue("Location") == page + "?done=assigned");
  auto after = manager.Get(page + "?done=assigned");
  CHECK(after.body.find("Đã giao chương trình.") != std::string::npos);
  CHECK(after.body.find("Kiêm nhiệm &lt;b&gt;điểm Internet&lt;/b&gt;") != std::string::npos);
  CHECK(after.body.find("<b>điểm") == std::string::npos);
  // Why it applies, for the manager: the individual assignment in words.
  CHECK(after.body.find("Được Trần Thị Quản giao riêng từ ngày 18/11/2026") != std::string::npos);
  CHECK(w.Count("programme_assignments") == 1);

  auto ended = manager.Post("/admin/assignments/1/end", {{"on", ""}});
  CHECK(ended.status == 303);
  CHECK(ended.HeaderValue("Location") == page + "?done=unassigned");
  CHECK(manager.Get(page + "?done=unassigned").body.find("Đã thôi giao chương trình.") !=
        std::string::npos);
}

}  // namespace lophoc::app
