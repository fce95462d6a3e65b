// Certifications earned by course completions, and a person's standing on
// any day (issue 12): GET /api/v1/me/programmes over a real socket and a
// real SQLite database (migrations 0009 and 0010). The fixture programme
// co-ban asks for tin-hoc-co-ban and dang-ky-tai-khoan, valid 24 months
// from completion, due 60 days before. The site's clock stands on
// 18/11/2026 in Vietnam, the day the accounts are made.
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
    w.AddAllWithTokens({{"tv.a1", {Role::kLearner}, "A1", "SA1", "commune_librarian"},
                        {"dan", {Role::kLearner}}});
    w.Start();
  }
  // A completion of `course` by tv.a1 at the UTC time `at`, as the learning
  // store records it.
  void Complete(const std::string& course, const std::string& at, int n = 1) {
    courses::CompletionRecord done;
    done.user_id = w.users.at("tv.a1").id;
    done.course_id = w.t.courses().GetCourse(course)->course->course_id;
    done.revision_id = w.t.courses().GetCourse(course)->course->revision_id;
    done.completed_at = at;
    courses::CertificateRecord cert;
    cert.code = "CODE-" + course.substr(0, 4) + "-000" + std::to_string(n);
    cert.holder_name = "Người tv.a1";
    cert.course_title = course;
    INFO(at);
    REQUIRE(w.t.learning_store().RecordCompletion(done, cert).ok());
  }
  json Mine(const std::string& as_of = "") {
    auto r = w.As("tv.a1", "GET", "/api/v1/me/programmes" + (as_of.empty() ? "" : "?as_of=" + as_of));
    INFO(r.body);
    REQUIRE(r.status == 200);
    auto items = json::parse(r.body)["items"];
    REQUIRE(items.size() == 1);
    return items[0];
  }
};

}  // namespace

TEST_CASE("completing a programme's path certifies, and the standing follows the days",
          "[certifications][api]") {
  World world;
  auto& w = world.w;

  auto before = world.Mine();
  CHECK(before["programme"]["slug"] == "co-ban");
  CHECK(before["as_of"] == "2026-11-18");
  CHECK(before["standing"] == "not_started");
  CHECK(before["path"] == "initial");
  CHECK(before["courses_to_do"] == json({"tin-hoc-co-ban", "dang-ky-tai-khoan"}));
  CHECK(world.Mine("19/11/2026")["standing"] == "overdue");  // no grace period in co-ban

  world.Complete("tin-hoc-co-ban", "2026-11-20T03:00:00Z");
  auto half = world.Mine("2026-11-21");
  CHECK(half["standing"] == "overdue");
  CHECK(half["courses_done"] == json({"tin-hoc-co-ban"}));
  CHECK(w.Count("certifications") == 0);

  // 18:00 UTC on 25/11 is 01:00 on 26/11 in Hà Nội: the day that counts.
  world.Complete("dang-ky-tai-khoan", "2026-11-25T18:00:00Z");
  auto done = world.Mine("2026-11-26");
  CHECK(done["standing"] == "valid");
  CHECK(done["until"] == "2028-11-26");
  CHECK(done["path"] == "refresher");
  REQUIRE(done["current"].is_object());
  CHECK(done["current"]["completed_on"] == "2026-11-26");
  CHECK(done["current"]["valid_until"] == "2028-11-26");
  CHECK(done["current"]["basis"] == "from_completion");
  CHECK(done["current"]["path"] == "initial");
  CHECK(done["current"]["programme_revision"] == 1);
  CHECK(done["current"]["explanation"] ==
        "Hiệu lực đến 26/11/2028 vì bạn hoàn thành ngày 26/11/2026 và chương trình có hiệu lực 24 "
        "tháng.");
  CHECK(done["standing_text"] == "Còn hiệu lực đến 26/11/2028");
  auto english = json::parse(
      w.As("tv.a1", "GET", "/api/v1/me/programmes?as_of=2026-11-26&lang=en").body)["items"][0];
  CHECK(english["current"]["explanation"] ==
        "Valid until 26/11/2028 because you completed on 26/11/2026 and the programme is valid for "
        "24 months.");
  CHECK(english["standing_text"] == "Valid until 26/11/2028");
  CHECK(w.Count("certifications") == 1);
  CHECK(w.Count("certification_completions") == 2);

  // Reading again records nothing more: a completion certifies once.
  world.Mine();
  CHECK(w.Count("certifications") == 1);

  // The same rows answer for any day.
  CHECK(world.Mine("2026-11-25")["standing"] == "overdue");  // before the second completion
  CHECK(world.Mine("2026-11-25")["certifications"].empty());
  CHECK(world.Mine("2028-09-26")["standing"] == "valid");
  auto due = world.Mine("2028-09-27");  // 60 days before 26/11/2028
  CHECK(due["standing"] == "due");
  CHECK(due["since"] == "2028-09-27");
  CHECK(world.Mine("2028-11-26")["standing"] == "due");  // the last valid day
  auto lapsed = world.Mine("27/11/2028");
  CHECK(lapsed["standing"] == "overdue");
  CHECK(lapsed["since"] == "2028-11-27");
}

TEST_CASE("my programmes: who has them, and a bad date", "[certifications][api]") {
  World world;
  auto& w = world.w;
  auto citizen = w.As("dan", "GET", "/api/v1/me/programmes");
  CHECK(citizen.status == 200);
  CHECK(json::parse(citizen.body)["items"].empty());  // programmes are for staff
  CHECK(w.As("anonymous", "GET", "/api/v1/me/programmes").status == 401);
  for (const char* bad : {"31/02/2027", "12/31/2026", "2026-13-01", "hôm-nay"}) {
    CAPTURE(bad);
    auto r = w.As("tv.a1", "GET", std::string("/api/v1/me/programmes?as_of=") + bad);
    CHECK(r.status == 400);
    auto error = json::parse(r.body)["error"];
    CHECK(error["reason"] == "as_of_invalid");
    CHECK(error["field"] == "as_of");
  }
}

TEST_CASE("the last lesson of a path's last course certifies at once", "[certifications]") {
  World world;
  auto& w = world.w;
  world.Complete("tin-hoc-co-ban", "2026-11-18T03:00:00Z");
  auto r = w.As("tv.a1", "POST", "/api/v1/courses/dang-ky-tai-khoan/lessons/buoc-dau/complete");
  INFO(r.body);
  REQUIRE(r.status == 200);
  // No read of the programmes in between: the completion itself certified.
  CHECK(w.Count("certifications") == 1);
}

TEST_CASE("a retired programme applies to nobody, and its certifications stay",
          "[certifications][api]") {
  World world;
  auto& w = world.w;
  world.Complete("tin-hoc-co-ban", "2026-11-18T03:00:00Z");
  world.Complete("dang-ky-tai-khoan", "2026-11-18T04:00:00Z");
  CHECK(world.Mine()["standing"] == "valid");
  {
    auto conn = w.t.db().Acquire();
    REQUIRE(conn->Exec("UPDATE programmes SET retired_at = '2026-11-19T00:00:00Z'").ok());
  }
  auto r = w.As("tv.a1", "GET", "/api/v1/me/programmes");
  REQUIRE(r.status == 200);
  CHECK(json::parse(r.body)["items"].empty());
  CHECK(w.Count("certifications") == 1);
}

}  // namespace lophoc::app

namespace lophoc::app {

TEST_CASE("my learning shows each programme, why its date is what it is, and the history",
          "[certifications][pages]") {
  World world;
  auto& w = world.w;
  auto browser = w.SignedIn("tv.a1");
  auto before = browser.Get("/me");
  REQUIRE(before.status == 200);
  CHECK(before.body.find("Chương trình bồi dưỡng của tôi") != std::string::npos);
  CHECK(before.body.find("Cơ bản") != std::string::npos);
  // co-ban has no grace period: overdue from the day after the account was made.
  CHECK(before.body.find("Chưa bắt đầu: cần hoàn thành chậm nhất ngày 18/11/2026") !=
        std::string::npos);
  CHECK(before.body.find("Các khóa còn phải học") != std::string::npos);
  CHECK(before.body.find("href=\"/courses/tin-hoc-co-ban\"") != std::string::npos);
  CHECK(before.body.find("Chưa có chứng nhận nào.") != std::string::npos);

  world.Complete("tin-hoc-co-ban", "2026-11-18T03:00:00Z");
  world.Complete("dang-ky-tai-khoan", "2026-11-18T04:00:00Z");
  auto after = browser.Get("/me");
  REQUIRE(after.status == 200);
  CHECK(after.body.find("Còn hiệu lực đến 18/11/2028") != std::string::npos);
  CHECK(after.body.find("Hiệu lực đến 18/11/2028 vì bạn hoàn thành ngày 18/11/2026 và chương "
                        "trình có hiệu lực 24 tháng.") != std::string::npos);
  CHECK(after.body.find("Lịch sử chứng nhận") != std::string::npos);
  CHECK(after.body.find("Học trên lophoc") != std::string::npos);
  // The refresher path asks for the same two courses again, in the next
  // cycle: from the day the renewal window opens (60 days before).
  CHECK(after.body.find("Lộ trình bồi dưỡng định kỳ") != std::string::npos);
  CHECK(after.body.find("Kỳ bồi dưỡng tiếp theo (từ ngày 19/09/2028) gồm các khóa") !=
        std::string::npos);
  CHECK(after.body.find("action=\"/courses/tin-hoc-co-ban/again\"") == std::string::npos);
  CHECK(after.body.find("Nhắc nhở") == std::string::npos);  // nothing due

  auto english = browser.Get("/me?lang=en");
  CHECK(english.body.find("My training programmes") != std::string::npos);
  CHECK(english.body.find("Valid until 18/11/2028 because you completed on 18/11/2026") !=
        std::string::npos);

  // Once due, each course completed in its current round is offered again,
  // and the reminders block says so.
  auto due_day = ParseIso8601("2028-10-01T03:00:00Z");
  REQUIRE(due_day);
  w.t.clock().Set(*due_day);
  auto later = w.SignedIn("tv.a1");  // two years on: a new session
  auto due = later.Get("/me");
  CHECK(due.body.find("Đến kỳ học lại: chứng nhận còn hiệu lực đến 18/11/2028") !=
        std::string::npos);
  CHECK(due.body.find("Các khóa còn phải học") != std::string::npos);
  CHECK(due.body.find("action=\"/courses/tin-hoc-co-ban/again\"") != std::string::npos);
  CHECK(due.body.find("class=\"reminders\"") != std::string::npos);

}

}  // namespace lophoc::app

namespace lophoc::app {

TEST_CASE("a renewal means doing the courses again: a new round certifies a new cycle",
          "[certifications][rounds]") {
  World world;
  auto& w = world.w;
  world.Complete("tin-hoc-co-ban", "2026-11-18T03:00:00Z");
  world.Complete("dang-ky-tai-khoan", "2026-11-18T04:00:00Z");
  CHECK(world.Mine()["until"] == "2028-11-18");

  // The refresher path of co-ban is its initial path (it names one): both
  // courses again. Completing them without a new round is refused.
  courses::CompletionRecord twice;
  twice.user_id = w.users.at("tv.a1").id;
  twice.course_id = w.t.courses().GetCourse("tin-hoc-co-ban")->course->course_id;
  twice.revision_id = w.t.courses().GetCourse("tin-hoc-co-ban")->course->revision_id;
  twice.completed_at = "2028-10-01T03:00:00Z";
  courses::CertificateRecord cert;
  cert.code = "CODE-twice";
  CHECK(w.t.learning_store().RecordCompletion(twice, cert).status().code() ==
        StatusCode::kConflict);

  for (const char* course : {"tin-hoc-co-ban", "dang-ky-tai-khoan"}) {
    auto r = w.As("tv.a1", "POST", std::string("/api/v1/courses/") + course + "/rounds");
    INFO(r.body);
    CHECK(r.status == 201);
    CHECK(json::parse(r.body)["round"] == 2);
  }
  auto halfway = world.Mine("2028-10-01");
  CHECK(halfway["standing"] == "due");
  CHECK(halfway["path"] == "refresher");
  CHECK(halfway["courses_to_do"] == json({"tin-hoc-co-ban", "dang-ky-tai-khoan"}));

  world.Complete("tin-hoc-co-ban", "2028-10-01T03:00:00Z", 2);
  world.Complete("dang-ky-tai-khoan", "2028-10-02T03:00:00Z", 2);
  auto renewed = world.Mine("2028-10-02");
  CHECK(renewed["standing"] == "valid");
  CHECK(renewed["until"] == "2030-10-02");  // from_completion: 02/10/2028 + 24 months
  REQUIRE(renewed["certifications"].size() == 2);
  CHECK(renewed["current"]["path"] == "refresher");
  CHECK(renewed["certifications"][0]["valid_until"] == "2028-11-18");  // the first cycle stays
  CHECK(w.Count("certifications") == 2);
  CHECK(w.Count("certification_completions") == 4);
  CHECK(w.Count("completions") == 4);
  // On a day of the first cycle the first certification still counts.
  CHECK(world.Mine("2027-06-01")["until"] == "2028-11-18");
}

}  // namespace lophoc::app
