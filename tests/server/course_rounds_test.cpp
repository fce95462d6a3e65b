// Doing a course again (issue 12, migration 0012): a completed course starts
// a new round with its lessons and quiz to do again, attempt limits count
// afresh, completing it records a second completion and certificate (the
// first reads as replaced), and every earlier row stays. Over a real socket
// and a real SQLite database; the course may-tinh has two lessons and a quiz
// of at most three attempts.
#include <nlohmann/json.hpp>

#include <catch2/catch.hpp>

#include "tests/support/test_world.h"

namespace lophoc::http {
namespace {

using nlohmann::json;
using people::Role;
using testing::FixturePath;

const json kRightAnswers = {{"bat-may", 1},       {"bo-phan-nhap", {0, 1}}, {"tat-dung-cach", 1},
                            {"thu-muc", "Thu muc"}, {"so-phim", "100"},
                            {"ghep-thiet-bi", {{"0", 0}, {"1", 1}}}};

struct World : testing::TestWorld {
  World() : TestWorld(FixturePath("content-learning")) {
    StandardTree();
    AddAllWithTokens({{"learner.a1", {Role::kLearner}, "", "SA1", "commune_librarian"},
                      {"citizen", {Role::kLearner}}});
    Start();
  }
  json JsonAs(const std::string& who, const std::string& method, const std::string& target,
              const std::string& body = "") {
    auto r = As(who, method, target, body);
    INFO(method << " " << target << " -> " << r.status << " " << r.body);
    REQUIRE(r.status < 300);
    return json::parse(r.body);
  }
  int64_t QuizId() {
    return JsonAs("anonymous", "GET", "/api/v1/courses/may-tinh/quiz")["id"].get<int64_t>();
  }
  int Submit(const std::string& who, const json& answers, const std::string& submission) {
    return As(who, "POST", "/api/v1/quizzes/" + std::to_string(QuizId()) + "/attempts",
              json{{"answers", answers}, {"submission_id", submission}}.dump())
        .status;
  }
  // Both lessons and a passed quiz; the certificate's code.
  std::string CompleteCourse(const std::string& who, const std::string& submission) {
    JsonAs(who, "POST", "/api/v1/courses/may-tinh/lessons/bat-may/complete");
    JsonAs(who, "POST", "/api/v1/courses/may-tinh/lessons/tat-may/complete");
    auto r = As(who, "POST", "/api/v1/quizzes/" + std::to_string(QuizId()) + "/attempts",
                json{{"answers", kRightAnswers}, {"submission_id", submission}}.dump());
    INFO(r.body);
    REQUIRE(r.status == 201);
    auto g = json::parse(r.body);
    REQUIRE(g["certificate"].is_object());
    return g["certificate"]["code"];
  }
  json Course(const std::string& who) {
    auto mine = JsonAs(who, "GET", "/api/v1/me/learning");
    REQUIRE(mine["items"].size() == 1);
    return mine["items"][0];
  }
};

}  // namespace

TEST_CASE("a completed course is taken again in a new round, and the first stays",
          "[learning_api][rounds]") {
  World w;
  const std::string first = w.CompleteCourse("learner.a1", "round-1-pass-0001");
  CHECK(w.Course("learner.a1")["round"] == 1);
  CHECK(w.Course("learner.a1")["completed"] == true);

  auto started = w.As("learner.a1", "POST", "/api/v1/courses/may-tinh/rounds");
  INFO(started.body);
  REQUIRE(started.status == 201);
  auto round2 = json::parse(started.body);
  CHECK(round2["round"] == 2);
  CHECK(round2["completed"] == false);
  CHECK(round2["certificate"].is_null());
  CHECK(round2["progress"]["lessons_done"] == 0);
  CHECK(round2["progress"]["percent"] == 0);
  CHECK(round2["quiz"]["attempts_used"] == 0);
  CHECK(round2["quiz"]["attempts_left"] == 3);
  CHECK(round2["quiz"]["passed"] == false);
  CHECK(round2["next"]["step"] == "lesson");

  // A round that is not completed cannot be left for the next one.
  auto twice = w.As("learner.a1", "POST", "/api/v1/courses/may-tinh/rounds");
  CHECK(twice.status == 409);
  CHECK(json::parse(twice.body)["error"]["reason"] == "course_round_open");

  // The attempt limit counts this round's attempts only: two failures, then a pass.
  CHECK(w.Submit("learner.a1", {{"bat-may", 0}}, "round-2-fail-0001") == 201);
  CHECK(w.Submit("learner.a1", {{"bat-may", 0}}, "round-2-fail-0002") == 201);
  CHECK(w.Course("learner.a1")["quiz"]["attempts_left"] == 1);
  const std::string second = w.CompleteCourse("learner.a1", "round-2-pass-0001");
  CHECK(second != first);

  auto now = w.Course("learner.a1");
  CHECK(now["round"] == 2);
  CHECK(now["completed"] == true);
  CHECK(now["certificate"]["code"] == second);
  // Nothing of round 1 is gone: two completions, two certificates, the
  // lessons read twice, four attempts.
  CHECK(w.Count("completions") == 2);
  CHECK(w.Count("certificates") == 2);
  CHECK(w.Count("lesson_progress") == 4);
  CHECK(w.Count("quiz_attempts") == 4);
  CHECK(w.Count("course_rounds") == 1);
  auto certificates = w.JsonAs("learner.a1", "GET", "/api/v1/me/certificates")["items"];
  CHECK(certificates.size() == 2);
  // The first certificate stays genuine and says a newer one replaced it.
  auto old = w.JsonAs("anonymous", "GET", "/api/v1/certificates/" + first);
  CHECK(old["genuine"] == true);
  CHECK(old["status"] == "replaced");
  CHECK(old["valid"] == false);
  CHECK(w.JsonAs("anonymous", "GET", "/api/v1/certificates/" + second)["status"] == "valid");
  auto page = w.As("anonymous", "GET", "/verify/" + first);
  CHECK(page.status == 200);
  CHECK(page.body.find("đã được thay bằng chứng chỉ của lần học sau") != std::string::npos);

  // The store refuses a second completion of round 2 in its own transaction.
  courses::CompletionRecord again{0, w.users["learner.a1"].id,
                                  w.t.courses().GetCourse("may-tinh")->course->course_id, 1,
                                  "2026-12-01T00:00:00Z", 100.0};
  courses::CertificateRecord cert;
  cert.code = "TEST-TEST-TEST";
  cert.holder_name = "x";
  cert.course_title = "x";
  CHECK(w.t.learning_store().RecordCompletion(again, cert).status().code() ==
        StatusCode::kConflict);
  CHECK(w.Count("completions") == 2);
}

TEST_CASE("taking a course again: who may, and when", "[learning_api][rounds]") {
  World w;
  // Not completed yet: there is no next round to start.
  auto early = w.As("citizen", "POST", "/api/v1/courses/may-tinh/rounds");
  CHECK(early.status == 409);
  CHECK(json::parse(early.body)["error"]["reason"] == "course_round_open");
  CHECK(w.Count("course_rounds") == 0);
  CHECK(w.As("anonymous", "POST", "/api/v1/courses/may-tinh/rounds").status == 401);
  auto unknown = w.As("citizen", "POST", "/api/v1/courses/khong-co/rounds");
  CHECK(unknown.status == 404);

  // An attempt left open in a finished round closes when the next one starts.
  w.CompleteCourse("citizen", "open-left-pass-001");
  {
    auto conn = w.t.db().Acquire();
    REQUIRE(conn->Exec("INSERT INTO quiz_attempts (user_id, course_id, revision_id, started_at, "
                       "question_ids, seed) SELECT user_id, course_id, revision_id, started_at, "
                       "'[]', 1 FROM quiz_attempts LIMIT 1")
                .ok());
  }
  REQUIRE(w.As("citizen", "POST", "/api/v1/courses/may-tinh/rounds").status == 201);
  CHECK(w.Count("quiz_attempts") == 2);
  auto open = w.Course("citizen")["quiz"]["open_attempt"];
  CHECK(open.is_null());
}

TEST_CASE("the course page offers to take a completed course again", "[learning_pages][rounds]") {
  World w;
  w.CompleteCourse("learner.a1", "page-round-pass-01");
  auto browser = w.SignedIn("learner.a1");
  auto course = browser.Get("/courses/may-tinh");
  REQUIRE(course.status == 200);
  CHECK(course.body.find("Học lại khóa này") != std::string::npos);
  auto again = browser.Post("/courses/may-tinh/again", {});
  CHECK(again.status == 303);
  CHECK(again.HeaderValue("Location") == "/courses/may-tinh?done=learning_started_again");
  auto after = browser.Get("/courses/may-tinh?done=learning_started_again");
  CHECK(after.body.find("Bạn đã bắt đầu học lại khóa này") != std::string::npos);
  CHECK(after.body.find("Lần học thứ 2") != std::string::npos);
  CHECK(after.body.find("Học lại khóa này") == std::string::npos);
  // A form without the CSRF token starts nothing.
  browser.Get("/courses/may-tinh");
  REQUIRE(w.As("learner.a1", "POST", "/api/v1/quizzes/" + std::to_string(w.QuizId()) +
                                         "/attempts",
               json{{"answers", kRightAnswers}, {"submission_id", "page-round-pass-02"}}.dump())
              .status == 201);
  w.JsonAs("learner.a1", "POST", "/api/v1/courses/may-tinh/lessons/bat-may/complete");
  w.JsonAs("learner.a1", "POST", "/api/v1/courses/may-tinh/lessons/tat-may/complete");
  CHECK(w.Course("learner.a1")["completed"] == true);
  auto forged = browser.Post("/courses/may-tinh/again", {}, /*with_csrf=*/false);
  CHECK(forged.status == 403);
  CHECK(w.Count("course_rounds") == 1);
}

}  // namespace lophoc::http
