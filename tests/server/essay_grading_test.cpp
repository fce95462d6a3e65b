// Essays graded by trainers (issue 15, "Quizzes"): an attempt with an essay
// is submitted waiting for grading, a trainer whose scope holds the learner
// grades it (API and the /trainer/grading page), and completion and the
// certificate follow the grade. The course viet-bai (tests/fixtures/
// content-essay) has one lesson and a quiz of a single question (1 point)
// and an essay (4 points), pass mark 60, two attempts. Over a real socket and
// a real SQLite database.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>

#include "tests/support/test_browser.h"
#include "tests/support/test_world.h"

namespace lophoc::http {
namespace {

using nlohmann::json;
using people::Role;
using testing::Browser;
using testing::Contains;

constexpr const char* kScript = "<script>alert(1)</script>";

struct World : testing::TestWorld {
  World() : TestWorld(testing::FixturePath("content-essay")) {
    StandardTree();
    AddAllWithTokens({{"learner.a1", {Role::kLearner}, "", "SA1", "commune_librarian"},
                      {"trainer.a", {Role::kTrainer}, "A"},
                      {"trainer.b", {Role::kTrainer}, "B"},
                      {"manager.a", {Role::kManager}, "A"},
                      {"admin", {Role::kAdmin}}});
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
    return JsonAs("anonymous", "GET", "/api/v1/courses/viet-bai/quiz")["id"].get<int64_t>();
  }
  // The lesson done and an attempt submitted: the answer.
  json Submit(const std::string& essay, int option, const std::string& submission) {
    JsonAs("learner.a1", "POST", "/api/v1/courses/viet-bai/lessons/doc/complete");
    auto r = As(
        "learner.a1", "POST", "/api/v1/quizzes/" + std::to_string(QuizId()) + "/attempts",
        json{{"answers", {{"ban-sao", option}, {"ke-hoach", essay}}}, {"submission_id", submission}}
            .dump());
    INFO(r.body);
    REQUIRE(r.status == 201);
    return json::parse(r.body);
  }
  testing::ClientResponse Grade(const std::string& who, int64_t attempt, const json& grades) {
    return As(who, "POST", "/api/v1/attempts/" + std::to_string(attempt) + "/grade",
              json{{"grades", grades}}.dump());
  }
  json Course() {
    auto mine = JsonAs("learner.a1", "GET", "/api/v1/me/learning");
    REQUIRE(mine["items"].size() == 1);
    return mine["items"][0];
  }
  int64_t AuditRows(const std::string& action) {
    auto conn = t.db().Acquire();
    auto st = conn->Prepare("SELECT count(*) FROM audit_log WHERE action = ?");
    REQUIRE(st.ok());
    st->Bind(1, action);
    REQUIRE(*st->Step());
    return st->ColumnInt(0);
  }
};

std::string Reason(const testing::ClientResponse& r) {
  auto j = json::parse(r.body, nullptr, false);
  return j.is_object() && j.contains("error") && j["error"].contains("reason")
             ? j["error"]["reason"].get<std::string>()
             : r.body;
}

}  // namespace

TEST_CASE("an essay waits for grading, a trainer grades it and the course is completed",
          "[essay][learning_api]") {
  World w;
  const json submitted = w.Submit(std::string(kScript) + "\nSao lưu hằng tuần.", 1, "essay-0001");
  const int64_t attempt = submitted["attempt"]["id"];
  CHECK(submitted["pending"] == true);
  CHECK(submitted["percentage"].is_null());
  CHECK(submitted["passed"].is_null());
  CHECK(submitted["score"] == 1);
  CHECK(submitted["max_score"] == 5);
  CHECK(submitted["certificate"].is_null());
  CHECK(submitted["attempt"]["grading"] == "pending");
  CHECK(submitted["questions"][1]["outcome"] == "pending");
  CHECK(submitted["questions"][1]["score"].is_null());
  CHECK(submitted["questions"][1]["answer"] == std::string(kScript) + "\nSao lưu hằng tuần.");

  // The learner's course: not completed, an attempt waiting, used.
  json course = w.Course();
  CHECK(course["completed"] == false);
  CHECK(course["quiz"]["attempts_pending"] == 1);
  CHECK(course["quiz"]["attempts_used"] == 1);
  CHECK(course["quiz"]["attempts_left"] == 1);
  CHECK(course["quiz"]["result_percentage"].is_null());

  // The queue: trainer.a (province A holds SA1) sees it with the guidance;
  // trainer.b (province B) sees nothing and cannot grade it.
  const json queue = w.JsonAs("trainer.a", "GET", "/api/v1/grading");
  REQUIRE(queue["attempts"].size() == 1);
  CHECK(queue["attempts"][0]["attempt_id"] == attempt);
  CHECK(queue["attempts"][0]["learner"]["username"] == "learner.a1");
  CHECK(queue["attempts"][0]["auto_score"] == 1);
  REQUIRE(queue["attempts"][0]["essays"].size() == 1);
  CHECK(queue["attempts"][0]["essays"][0]["question_id"] == "ke-hoach");
  CHECK(queue["attempts"][0]["essays"][0]["points"] == 4);
  CHECK(queue["attempts"][0]["essays"][0]["grader_guidance_markdown"] ==
        "Bài tốt nêu: sao lưu những gì, bao lâu một lần, lưu ở đâu.");
  CHECK(w.JsonAs("trainer.b", "GET", "/api/v1/grading")["attempts"].empty());
  auto other_province = w.Grade("trainer.b", attempt, {{"ke-hoach", {{"score", 3}}}});
  CHECK(other_province.status == 404);
  CHECK(Reason(other_province) == "attempt_not_found");

  // A learner, and a manager, may not grade; the learner does not see the queue.
  auto learner = w.Grade("learner.a1", attempt, {{"ke-hoach", {{"score", 4}}}});
  CHECK(learner.status == 403);
  CHECK(Reason(learner) == "grading_staff_only");
  CHECK(w.As("learner.a1", "GET", "/api/v1/grading").status == 403);
  CHECK(w.Grade("manager.a", attempt, {{"ke-hoach", {{"score", 4}}}}).status == 403);

  // Bad grades change nothing.
  auto above = w.Grade("trainer.a", attempt, {{"ke-hoach", {{"score", 4.5}}}});
  CHECK(above.status == 400);
  CHECK(Reason(above) == "essay_score_out_of_range");
  auto negative = w.Grade("trainer.a", attempt, {{"ke-hoach", {{"score", -1}}}});
  CHECK(Reason(negative) == "essay_score_out_of_range");
  auto missing = w.Grade("trainer.a", attempt, json::object());
  CHECK(missing.status == 400);
  CHECK(Reason(missing) == "essay_grade_missing");
  auto not_essay =
      w.Grade("trainer.a", attempt, {{"ke-hoach", {{"score", 2}}}, {"ban-sao", {{"score", 1}}}});
  CHECK(Reason(not_essay) == "essay_grade_unknown_question");
  CHECK(w.AuditRows("attempt.grade") == 0);
  CHECK(w.Count("certificates") == 0);

  // The grade: 1 + 3 of 5 = 80%, above the pass mark (60); the course completes.
  auto graded = w.Grade("trainer.a", attempt,
                        {{"ke-hoach", {{"score", 3}, {"feedback", "Tốt, nhưng thiếu nơi lưu."}}}});
  INFO(graded.body);
  REQUIRE(graded.status == 200);
  const json g = json::parse(graded.body);
  CHECK(g["pending"] == false);
  CHECK(g["score"] == 4);
  CHECK(g["percentage"] == 80);
  CHECK(g["passed"] == true);
  CHECK(g["attempt"]["grading"] == "graded");
  CHECK(g["questions"][1]["outcome"] == "partial");
  CHECK(g["questions"][1]["score"] == 3);
  CHECK(g["questions"][1]["grader_feedback_markdown"] == "Tốt, nhưng thiếu nơi lưu.");
  REQUIRE(g["certificate"].is_object());
  course = w.Course();
  CHECK(course["completed"] == true);
  CHECK(course["quiz"]["attempts_pending"] == 0);
  CHECK(course["quiz"]["result_percentage"] == 80);
  CHECK(course["certificate"]["code"] == g["certificate"]["code"]);
  CHECK(w.AuditRows("attempt.grade") == 1);

  // Grading twice is refused, not repeated: one grade, one certificate.
  auto again = w.Grade("admin", attempt, {{"ke-hoach", {{"score", 4}}}});
  CHECK(again.status == 409);
  CHECK(Reason(again) == "attempt_already_graded");
  CHECK(w.Count("certificates") == 1);
  CHECK(w.AuditRows("attempt.grade") == 1);
  CHECK(w.JsonAs("trainer.a", "GET", "/api/v1/grading")["attempts"].empty());
  const json read = w.JsonAs("learner.a1", "GET", "/api/v1/attempts/" + std::to_string(attempt));
  CHECK(read["percentage"] == 80);
  CHECK(read["questions"][1]["grader_feedback_markdown"] == "Tốt, nhưng thiếu nơi lưu.");
}

TEST_CASE("an essay longer than 10000 characters is refused and nothing is stored",
          "[essay][learning_api]") {
  World w;
  w.JsonAs("learner.a1", "POST", "/api/v1/courses/viet-bai/lessons/doc/complete");
  std::string essay;
  for (int i = 0; i < 10001; ++i) essay += "ư";  // 10001 characters, 20002 bytes
  auto r =
      w.As("learner.a1", "POST", "/api/v1/quizzes/" + std::to_string(w.QuizId()) + "/attempts",
           json{{"answers", {{"ke-hoach", essay}}}, {"submission_id", "essay-long-01"}}.dump());
  CHECK(r.status == 400);
  CHECK(Reason(r) == "essay_answer_too_long");
  CHECK(w.Count("quiz_attempts") == 0);
  essay.resize(essay.size() - 2);  // 10000 characters: accepted
  r = w.As("learner.a1", "POST", "/api/v1/quizzes/" + std::to_string(w.QuizId()) + "/attempts",
           json{{"answers", {{"ke-hoach", essay}}}, {"submission_id", "essay-long-02"}}.dump());
  CHECK(r.status == 201);
}

TEST_CASE("a quiz form with a 10000-character Vietnamese essay is taken whole, above 64 KB",
          "[essay][pages]") {
  World w;
  Browser learner = w.SignedIn("learner.a1", "/courses/viet-bai/quiz");
  const std::string form_page = learner.Get("/courses/viet-bai/quiz").body;
  std::smatch m;
  REQUIRE(std::regex_search(form_page, m, std::regex("name=\"quiz_id\" value=\"([0-9]+)\"")));
  const std::string quiz_id = m[1].str();
  REQUIRE(std::regex_search(form_page, m,
                            std::regex("name=\"submission_id\" value=\"([A-Za-z0-9_-]+)\"")));
  std::string essay;
  for (int i = 0; i < 10000; ++i) essay += "ữ";  // 3 bytes each, 9 percent-encoded: 90 KB
  auto sent = learner.Post("/courses/viet-bai/quiz", {{"quiz_id", quiz_id},
                                                      {"submission_id", m[1].str()},
                                                      {"q.ban-sao", "1"},
                                                      {"q.ke-hoach", essay}});
  CHECK(sent.status == 303);
  CHECK(w.Count("quiz_attempts") == 1);
}

TEST_CASE("the grading pages: the learner waits, the trainer grades, the learner is told",
          "[essay][pages]") {
  World w;
  Browser learner = w.SignedIn("learner.a1", "/courses/viet-bai/quiz");
  const std::string form_page = learner.Get("/courses/viet-bai/quiz").body;
  CHECK(Contains(form_page, "<textarea id=\"q-ke-hoach-essay\" name=\"q.ke-hoach\""));
  CHECK(Contains(form_page, "maxlength=\"10000\""));
  CHECK(Contains(form_page, "<label for=\"q-ke-hoach-essay\">"));
  CHECK_FALSE(Contains(form_page, "Bài tốt nêu"));  // guidance is for graders only
  std::smatch m;
  REQUIRE(std::regex_search(form_page, m, std::regex("name=\"quiz_id\" value=\"([0-9]+)\"")));
  const std::string quiz_id = m[1].str();
  REQUIRE(std::regex_search(form_page, m,
                            std::regex("name=\"submission_id\" value=\"([A-Za-z0-9_-]+)\"")));
  auto sent = learner.Post("/courses/viet-bai/quiz",
                           {{"quiz_id", quiz_id},
                            {"submission_id", m[1].str()},
                            {"q.ban-sao", "0"},
                            {"q.ke-hoach", std::string(kScript) + "\nDòng hai."}});
  REQUIRE(sent.status == 303);
  const std::string url = sent.HeaderValue("Location");
  const std::string attempt_id = url.substr(std::string("/attempts/").size());
  auto waiting = learner.Get(url);
  REQUIRE(waiting.status == 200);
  CHECK(Contains(waiting.body, "Đang chờ chấm"));
  CHECK(Contains(waiting.body, "Trạng thái khóa học"));
  CHECK(Contains(waiting.body, "Khóa học: chưa hoàn thành."));
  CHECK_FALSE(Contains(waiting.body, "— chưa đạt"));  // not known yet
  CHECK_FALSE(Contains(waiting.body, "<strong>0%</strong>"));
  CHECK(Contains(waiting.body, "&lt;script&gt;alert(1)&lt;/script&gt;<br>Dòng hai.<br>"));
  CHECK_FALSE(Contains(waiting.body, kScript));
  CHECK(Contains(learner.Get("/me").body, "Có bài làm đang chờ chấm"));
  CHECK(Contains(learner.Get("/courses/viet-bai/quiz").body, "Đang chờ chấm"));
  CHECK(learner.Get("/trainer/grading").status == 403);

  // trainer.b sees an empty queue; trainer.a sees the essay, escaped, and the guidance.
  Browser other = w.SignedIn("trainer.b", "/trainer/grading");
  CHECK(Contains(other.Get("/trainer/grading").body, "Không có bài nào đang chờ chấm."));
  Browser trainer = w.SignedIn("trainer.a", "/trainer/grading");
  const std::string queue = trainer.Get("/trainer/grading").body;
  CHECK(Contains(queue, "&lt;script&gt;alert(1)&lt;/script&gt;"));
  CHECK_FALSE(Contains(queue, kScript));
  CHECK(Contains(queue, "Bài tốt nêu: sao lưu những gì"));
  CHECK(Contains(queue, "action=\"/trainer/grading/" + attempt_id + "\""));

  // Without the CSRF token nothing happens; above the points, the form says so.
  CHECK(trainer.Post("/trainer/grading/" + attempt_id, {{"score.ke-hoach", "4"}}, false).status ==
        403);
  auto above = trainer.Post("/trainer/grading/" + attempt_id,
                            {{"score.ke-hoach", "9"}, {"feedback.ke-hoach", "Giữ lại"}});
  CHECK(above.status == 400);
  CHECK(Contains(above.body, "Điểm phải là một số từ 0 đến 4."));
  CHECK(Contains(above.body, "Giữ lại"));  // what was typed is kept
  auto saved =
      trainer.Post("/trainer/grading/" + attempt_id,
                   {{"score.ke-hoach", "2,5"}, {"feedback.ke-hoach", "Cần nêu <b>nơi lưu</b>."}});
  testing::CheckRedirect(saved, "/trainer/grading?graded=1");
  CHECK(Contains(trainer.Get("/trainer/grading?graded=1").body, "Đã lưu điểm."));
  auto twice = trainer.Post("/trainer/grading/" + attempt_id, {{"score.ke-hoach", "4"}});
  CHECK(twice.status == 409);

  // 0 + 2.5 of 5 = 50%: below the pass mark; the learner reads score and feedback.
  auto result = learner.Get(url);
  REQUIRE(result.status == 200);
  CHECK_FALSE(Contains(result.body, "Đang chờ chấm"));
  CHECK(Contains(result.body, "50%"));
  CHECK(Contains(result.body, "chưa đạt"));
  CHECK(Contains(result.body, "Nhận xét của giảng viên"));
  CHECK(Contains(result.body, "Cần nêu &lt;b&gt;nơi lưu&lt;/b&gt;."));
  CHECK(Contains(result.body, "2,5 / 4"));
}

TEST_CASE("an attempt's page speaks of that attempt and shows the course status apart",
          "[essay][pages]") {
  World w;
  // First attempt passes (graded), the second fails: its page says 0%, not passed,
  // with the course status (completed, certificate) under its own heading.
  const json first = w.Submit("Kế hoạch.", 1, "status-0001");
  REQUIRE(w.Grade("trainer.a", first["attempt"]["id"], {{"ke-hoach", {{"score", 4}}}}).status ==
          200);
  auto r = w.As("learner.a1", "POST", "/api/v1/quizzes/" + std::to_string(w.QuizId()) + "/attempts",
                json{{"answers", {{"ban-sao", 0}}}, {"submission_id", "status-0002"}}.dump());
  REQUIRE(r.status == 201);
  const json failed = json::parse(r.body);
  CHECK(failed["pending"] == false);
  CHECK(failed["percentage"] == 0);

  Browser learner = w.SignedIn("learner.a1", "/me");
  const std::string page =
      learner.Get("/attempts/" + std::to_string(failed["attempt"]["id"].get<int64_t>())).body;
  CHECK(Contains(page, "Kết quả lần làm bài này"));
  CHECK(Contains(page, "<strong>0%</strong>"));
  CHECK(Contains(page, "chưa đạt"));
  CHECK_FALSE(Contains(page, "Bạn đã hoàn thành khóa học và được cấp chứng nhận"));
  CHECK(Contains(page, "Trạng thái khóa học"));
  CHECK(Contains(page, "Khóa học: đã hoàn thành và được cấp chứng nhận."));
  CHECK(page.find("Kết quả lần làm bài này") < page.find("Trạng thái khóa học"));
  // The learner's own answer beside the feedback: the option chosen.
  CHECK(Contains(page, "Câu trả lời đã nộp"));
  CHECK(Contains(page, "<p>Không cần</p>"));

  // A trainer reading it sees the attempt, not the trainer's own course status.
  Browser trainer = w.SignedIn("trainer.a", "/trainer/grading");
  const std::string seen =
      trainer.Get("/attempts/" + std::to_string(failed["attempt"]["id"].get<int64_t>())).body;
  CHECK(Contains(seen, "<strong>0%</strong>"));
  CHECK_FALSE(Contains(seen, "Trạng thái khóa học"));
}

}  // namespace lophoc::http
