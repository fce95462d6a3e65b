// The managers' "due" list (issue 12; docs/retraining.md, "Reminders"):
// GET /api/v1/reports/due as JSON and CSV, and the page /admin/due, over
// the real HTTP stack. A manager sees their subtree only, an admin anyone.
// The fixture programme co-ban is valid 24 months from completion, due 60
// days before, no grace; the clock stands on 18/11/2026 in Vietnam.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/support/test_world.h"

namespace lophoc::app {
namespace {

using nlohmann::json;
using people::Role;

struct World {
  testing::TestWorld w;
  World() {
    w.StandardTree();
    w.AddAllWithTokens({{"tv.a1", {Role::kLearner}, "A1", "SA1", "commune_librarian", "Lan A1"},
                        {"tv.b", {Role::kLearner}, "B", "SB", "commune_librarian", "Bình B"},
                        {"moi.a1", {Role::kLearner}, "A1", "SA1", "commune_librarian"},
                        {"mgr.a", {Role::kManager}, "A"},
                        {"mgr.b", {Role::kManager}, "B"},
                        {"trainer.a", {Role::kTrainer}, "A"},
                        {"admin", {Role::kAdmin}}});
    // moi.a1 is certified on 18/11/2026: valid until 18/11/2028.
    Complete("moi.a1", "tin-hoc-co-ban");
    Complete("moi.a1", "dang-ky-tai-khoan");
    w.Start();
  }
  void Complete(const std::string& who, const std::string& course) {
    courses::CompletionRecord done;
    done.user_id = w.users.at(who).id;
    done.course_id = w.t.courses().GetCourse(course)->course->course_id;
    done.revision_id = w.t.courses().GetCourse(course)->course->revision_id;
    done.completed_at = "2026-11-18T03:00:00Z";
    courses::CertificateRecord cert;
    cert.code = "CODE-" + who + "-" + course.substr(0, 4);
    cert.holder_name = who;
    cert.course_title = course;
    REQUIRE(w.t.learning_store().RecordCompletion(done, cert).ok());
  }
  // "username standing valid_until" of each line.
  std::vector<std::string> Lines(const std::string& who, const std::string& query) {
    auto r = w.As(who, "GET", "/api/v1/reports/due?" + query);
    INFO(r.body);
    REQUIRE(r.status == 200);
    std::vector<std::string> out;
    const json body = json::parse(r.body);
    for (const auto& item : body["items"]) {
      out.push_back(item["user"]["username"].get<std::string>() + " " +
                    item["standing"].get<std::string>() + " " +
                    (item["valid_until"].is_null() ? std::string("-")
                                                   : item["valid_until"].get<std::string>()));
    }
    return out;
  }
};

}  // namespace

TEST_CASE("the due list: a manager's subtree, an admin's everywhere", "[due-report][api]") {
  World world;
  using V = std::vector<std::string>;
  CHECK(world.Lines("mgr.a", "as_of=2026-11-19") == V{"tv.a1 overdue -"});
  CHECK(world.Lines("mgr.a", "org=A1&as_of=2026-11-19") == V{"tv.a1 overdue -"});
  CHECK(world.Lines("mgr.b", "as_of=2026-11-19") == V{"tv.b overdue -"});
  CHECK(world.Lines("admin", "as_of=2026-11-19") == V{"tv.a1 overdue -", "tv.b overdue -"});
  // moi.a1 appears once their certification ends within the days asked.
  CHECK(world.Lines("mgr.a", "as_of=2028-08-19&days=91") ==
        V{"moi.a1 valid 2028-11-18", "tv.a1 overdue -"});
  CHECK(world.Lines("mgr.a", "as_of=2028-08-19&days=90") == V{"tv.a1 overdue -"});
  CHECK(world.Lines("mgr.a", "as_of=2028-09-19&days=0") ==
        V{"moi.a1 due 2028-11-18", "tv.a1 overdue -"});
  CHECK(world.Lines("mgr.a", "as_of=2028-11-19&days=0") ==
        V{"moi.a1 overdue 2028-11-18", "tv.a1 overdue -"});
}

TEST_CASE("the due list refuses outside the subtree, and to learners and trainers",
          "[due-report][api]") {
  World world;
  auto& w = world.w;
  auto outside = w.As("mgr.a", "GET", "/api/v1/reports/due?org=B");
  CHECK(outside.status == 404);
  CHECK(outside.body.find("tv.b") == std::string::npos);
  CHECK(w.As("mgr.b", "GET", "/api/v1/reports/due?org=A1").status == 404);
  auto learner = w.As("tv.a1", "GET", "/api/v1/reports/due");
  CHECK(learner.status == 403);
  CHECK(json::parse(learner.body)["error"]["reason"] == "due_report_managers_only");
  CHECK(w.As("trainer.a", "GET", "/api/v1/reports/due").status == 403);
  CHECK(w.As("anonymous", "GET", "/api/v1/reports/due").status == 401);
  for (const char* bad : {"days=x", "days=-3", "days=3651", "as_of=2026-02-30"}) {
    CAPTURE(bad);
    CHECK(w.As("mgr.a", "GET", std::string("/api/v1/reports/due?") + bad).status == 400);
  }
}

TEST_CASE("the due list as CSV", "[due-report][api]") {
  World world;
  auto r = world.w.As("admin", "GET", "/api/v1/reports/due?as_of=2026-11-19&format=csv");
  INFO(r.body);
  REQUIRE(r.status == 200);
  CHECK(r.body ==
        "\xEF\xBB\xBFusername,display_name,org,site,programme,status,valid_until,since\r\n"
        "tv.a1,Lan A1,A1,SA1,co-ban,overdue,,2026-11-19\r\n"
        "tv.b,Bình B,B,SB,co-ban,overdue,,2026-11-19\r\n");
}

TEST_CASE("the due page lists the subtree with links to each person", "[due-report][pages]") {
  World world;
  auto& w = world.w;
  auto b = w.SignedIn("mgr.a");
  auto page = b.Get("/admin/due?days=30");
  REQUIRE(page.status == 200);
  // Today (18/11/2026) nobody is overdue yet: no grace, but the first day counts.
  testing::CheckShows(page.body, {"Đến hạn bồi dưỡng lại"}, {"Bình B"});
  auto later = b.Get("/admin/due?as_of=19/11/2026");
  REQUIRE(later.status == 200);
  testing::CheckShows(later.body,
                      {"Lan A1", "/admin/users/" + w.Id("tv.a1"), "Quá hạn",
                       "/api/v1/reports/due?as_of=19%2F11%2F2026&amp;format=csv", "name=\"days\""},
                      {"Bình B"});
  auto en = b.Get("/admin/due?as_of=19/11/2026&lang=en");
  testing::CheckShows(en.body, {"Overdue", "Due for retraining"});
  CHECK(b.Get("/admin/due?org=B").status == 404);
  auto csv = b.Get("/api/v1/reports/due?format=csv&as_of=2026-11-19");
  CHECK(csv.status == 200);
  CHECK(csv.body.find("tv.a1,Lan A1") != std::string::npos);
  auto learner = w.SignedIn("tv.a1");
  CHECK(learner.Get("/admin/due").status == 403);
}

}  // namespace lophoc::app
