// The learning API over a real loopback socket: answers never leak, attempts
// are graded on the server and recorded once per submission id, limits and
// time limits hold, trainers see results in their scope only, and a passed
// course gives a certificate anyone can verify.
#include <nlohmann/json.hpp>

#include <catch2/catch.hpp>

#include "tests/support/http_client.h"
#include "tests/support/test_world.h"

namespace lophoc::http {
namespace {

using people::Role;
using nlohmann::json;
using testing::ClientResponse;
using testing::FixturePath;

// The right answers to may-tinh's quiz, by the rules of docs/quiz-format.md.
const json kRightAnswers = {{"bat-may", 1},          {"bo-phan-nhap", {0, 1}},
                            {"tat-dung-cach", 1},    {"thu-muc", "Thu muc"},
                            {"so-phim", "100"},      {"ghep-thiet-bi", {{"0", 0}, {"1", 1}}}};

struct World : testing::TestWorld {
  World() : TestWorld(FixturePath("content-learning")) {
    StandardTree(testing::TreeOptions().SiteNames("Thư viện huyện A1", "Thư viện tỉnh B"));
    AddAllWithTokens({{"admin", {Role::kAdmin}},
                      {"trainer.a", {Role::kTrainer}, "A"},
                      {"trainer.b", {Role::kTrainer}, "B"},
                      {"learner.a1", {Role::kLearner}, "", "SA1", "district_librarian"},
                      {"learner2.a1", {Role::kLearner}, "", "SA1", "district_librarian"},
                      {"learner.b", {Role::kLearner}, "", "SB", "provincial_librarian"},
                      // Works at SA1 with its librarians, but is not enrolled with them as a group.
                      {"trainer.sa1", {Role::kTrainer}, "", "SA1", "district_librarian"},
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
  int64_t QuizId(const std::string& slug) {
    return JsonAs("anonymous", "GET", "/api/v1/courses/" + slug + "/quiz")["id"].get<int64_t>();
  }
  ClientResponse Submit(const std::string& who, int64_t quiz, const json& answers,
                        const std::string& submission) {
    return As(who, "POST", "/api/v1/quizzes/" + std::to_string(quiz) + "/attempts",
              json{{"answers", answers}, {"submission_id", submission}}.dump());
  }
};

TEST_CASE("the quiz as sent never holds answers, weights or feedback", "[learning_api]") {
  World w;
  for (const std::string who : {"anonymous", "learner.a1"}) {
    CAPTURE(who);
    auto r = w.As(who, "GET", "/api/v1/courses/may-tinh/quiz");
    REQUIRE(r.status == 200);
    auto q = json::parse(r.body);
    CHECK(q["questions"].size() == 6);
    CHECK(q["settings"]["pass_mark"] == 60);
    auto again = w.As(who, "GET", "/api/v1/quizzes/" + std::to_string(q["id"].get<int64_t>()));
    REQUIRE(again.status == 200);
    for (const std::string& body : {r.body, again.body}) {
      for (const char* secret : {"correct", "feedback", "weight", "[x]", "Đúng.", "104",
                                 "thư mục", "Nút nguồn thường", "làm mất dữ liệu", "explicit"}) {
        CAPTURE(secret);
        CHECK(body.find(secret) == std::string::npos);
      }
    }
    // Options are numbered as in the file; matching shows both sides.
    CHECK(q["questions"][0]["options"][1]["index"] == 1);
    CHECK(q["questions"][5]["right_items"].size() == 3);
    // The right items are shuffled each time, each with its number: always in
    // file order they would give the pairs away. Ten looks at 3 items show
    // one order only with probability 6 * (1/6)^10, about 1e-7.
    std::set<std::vector<int>> orders;
    for (int i = 0; i < 10; ++i) {
      auto look = json::parse(w.As(who, "GET", "/api/v1/courses/may-tinh/quiz").body);
      std::vector<int> shown;
      for (const auto& r : look["questions"][5]["right_items"]) shown.push_back(r["index"]);
      CHECK(std::set<int>(shown.begin(), shown.end()) == std::set<int>{0, 1, 2});
      orders.insert(shown);
    }
    CHECK(orders.size() > 1);
    CHECK(r.Header("cache-control") == "no-store");
  }
}

TEST_CASE("a learner goes from enrolment through lessons and the quiz to a certificate",
          "[learning_api]") {
  World w;
  auto enrolled = w.As("learner.a1", "POST", "/api/v1/enrolments", R"({"course":"may-tinh"})");
  REQUIRE(enrolled.status == 201);
  auto again = w.As("learner.a1", "POST", "/api/v1/enrolments", R"({"course":"may-tinh"})");
  CHECK(again.status == 200);
  CHECK(json::parse(again.body)["already_enrolled"] == 1);

  auto after_one = w.JsonAs("learner.a1", "POST", "/api/v1/courses/may-tinh/lessons/bat-may/complete");
  CHECK(after_one["progress"]["lessons_done"] == 1);
  CHECK(after_one["progress"]["percent"] == 33);
  CHECK(after_one["next"]["step"] == "lesson");
  CHECK(after_one["next"]["lesson"] == "tat-may");
  w.JsonAs("learner.a1", "POST", "/api/v1/courses/may-tinh/lessons/tat-may/complete");

  const int64_t quiz = w.QuizId("may-tinh");
  auto graded = w.Submit("learner.a1", quiz, kRightAnswers, "try-0001-abcdef");
  INFO(graded.body);
  REQUIRE(graded.status == 201);
  auto g = json::parse(graded.body);
  CHECK(g["score"] == 6);
  CHECK(g["max_score"] == 6);
  CHECK(g["passed"] == true);
  CHECK(g["questions"][0]["outcome"] == "correct");
  CHECK(g["questions"][0]["feedback_markdown"][0] == "Đúng.");
  CHECK(g["questions"][0]["general_feedback_markdown"] ==
        "Nút nguồn thường có biểu tượng vòng tròn với một vạch.");
  REQUIRE(g["certificate"].is_object());
  const std::string code = g["certificate"]["code"];

  auto mine = w.JsonAs("learner.a1", "GET", "/api/v1/me/learning");
  REQUIRE(mine["items"].size() == 1);
  CHECK(mine["items"][0]["completed"] == true);
  CHECK(mine["items"][0]["progress"]["percent"] == 100);
  CHECK(mine["items"][0]["certificate"]["code"] == code);

  auto check = w.JsonAs("anonymous", "GET", "/api/v1/certificates/" + code);
  CHECK(check["genuine"] == true);
  CHECK(check["status"] == "valid");
  CHECK(check["holder_name"] == "Người learner.a1");
  CHECK(check["site"] == "Thư viện huyện A1");
  CHECK(check["issued_by"] == "Tỉnh A");
  CHECK(check["revision"] == 1);
  // Typed in lower case and without dashes, the code still checks.
  std::string loose;
  for (char c : code) {
    if (c != '-') loose += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  CHECK(w.As("anonymous", "GET", "/api/v1/certificates/" + loose).status == 200);
  CHECK(w.As("anonymous", "GET", "/api/v1/certificates/AAAA-BBBB-CCCC").status == 404);
  auto page = w.As("anonymous", "GET", "/verify/" + code);
  CHECK(page.status == 200);
  CHECK(page.body.find("Người learner.a1") != std::string::npos);
  // The printed check address comes from the configured public URL, never
  // from the Host header the client chose.
  auto printed = w.Fetch("GET", "/certificates/" + code, {{"Host", "evil.example"}});
  CHECK(printed.status == 200);
  CHECK(printed.body.find("https://hoc.example.vn/verify/" + code) != std::string::npos);
  CHECK(printed.body.find("evil.example") == std::string::npos);
  auto openapi =
      json::parse(w.Fetch("GET", "/api/v1/openapi.json", {{"Host", "evil.example"}}).body);
  CHECK(openapi["servers"][0]["url"] == "https://hoc.example.vn/");
  // One completion and one certificate, whatever is done afterwards; the
  // store refuses a second one in its own transaction (two requests
  // finishing the course at once).
  w.JsonAs("learner.a1", "POST", "/api/v1/courses/may-tinh/lessons/bat-may/complete");
  CHECK(w.Count("completions") == 1);
  CHECK(w.Count("certificates") == 1);
  courses::CompletionRecord again_done{0, w.users["learner.a1"].id, 1, 1, "2026-12-01T00:00:00Z", 100.0};
  courses::CertificateRecord again_cert;
  again_cert.code = "TEST-TEST-TEST";
  again_cert.holder_name = "x";
  again_cert.course_title = "x";
  {
    auto course_id = w.t.courses().GetCourse("may-tinh")->course->course_id;
    again_done.course_id = course_id;
    auto second = w.t.learning_store().RecordCompletion(again_done, again_cert);
    CHECK(second.status().code() == StatusCode::kConflict);
  }
  CHECK(w.Count("certificates") == 1);
}

// How many times `part` occurs in `s`.
size_t Occurrences(const std::string& s, const std::string& part) {
  size_t n = 0;
  for (size_t at = s.find(part); at != std::string::npos; at = s.find(part, at + part.size())) ++n;
  return n;
}

// The text of the page's <main> element.
std::string MainOf(const std::string& page) {
  const size_t begin = page.find("<main");
  const size_t end = page.find("</main>");
  REQUIRE(begin != std::string::npos);
  REQUIRE(end != std::string::npos);
  return page.substr(begin, end - begin);
}

// `who` passes may-tinh over the API; the certificate code.
std::string PassMayTinh(World& w, const std::string& who, const std::string& submission) {
  w.JsonAs(who, "POST", "/api/v1/enrolments", R"({"course":"may-tinh"})");
  w.JsonAs(who, "POST", "/api/v1/courses/may-tinh/lessons/bat-may/complete");
  w.JsonAs(who, "POST", "/api/v1/courses/may-tinh/lessons/tat-may/complete");
  auto graded = w.Submit(who, w.QuizId("may-tinh"), kRightAnswers, submission);
  REQUIRE(graded.status == 201);
  return json::parse(graded.body)["certificate"]["code"];
}

TEST_CASE("the certificate page has a print button, names its issuer and says Chứng nhận once",
          "[learning_api][certificate_page]") {
  World w;
  const std::string code = PassMayTinh(w, "learner.a1", "cert-page-0001");
  auto page = w.As("anonymous", "GET", "/certificates/" + code);
  REQUIRE(page.status == 200);
  const std::string main = MainOf(page.body);
  // A real button, shown by a static script (the CSP allows no inline
  // script); without JavaScript the hint says what to do instead.
  CHECK(
      main.find("<button type=\"button\" id=\"print-certificate\" hidden>In chứng nhận</button>") !=
      std::string::npos);
  CHECK(main.find("/static/js/certificate.js") != std::string::npos);
  CHECK(main.find("onclick") == std::string::npos);
  CHECK(main.find("Dùng lệnh In của trình duyệt") != std::string::npos);
  // The issuing body: the holder's province.
  CHECK(main.find("<p class=\"certificate-org\" lang=\"vi\">Tỉnh A</p>") != std::string::npos);
  CHECK(main.find("Nơi cấp: <span lang=\"vi\">Tỉnh A</span>") != std::string::npos);
  // "Chứng nhận" is the heading, not a line under it as well.
  CHECK(Occurrences(main, "Chứng nhận") == 1);
  CHECK(main.find("<h1 id=\"cert-title\">Chứng nhận hoàn thành khóa học</h1>") !=
        std::string::npos);
  // What the printed page must keep: the code and where to check it.
  CHECK(main.find("<strong>" + code + "</strong>") != std::string::npos);
  CHECK(main.find("https://hoc.example.vn/verify/" + code) != std::string::npos);

  auto english = w.As("anonymous", "GET", "/certificates/" + code + "?lang=en");
  REQUIRE(english.status == 200);
  CHECK(english.body.find(">Print the certificate</button>") != std::string::npos);
  CHECK(english.body.find("Issued by: <span lang=\"vi\">Tỉnh A</span>") != std::string::npos);

  // The script itself is served, from this site.
  auto script = w.As("anonymous", "GET", "/static/js/certificate.js");
  CHECK(script.status == 200);
  CHECK(script.body.find("window.print()") != std::string::npos);
}

TEST_CASE("a certificate of a citizen with no unit is issued by the site",
          "[learning_api][certificate_page]") {
  World w;
  const std::string code = PassMayTinh(w, "citizen", "cert-page-0002");
  auto page = w.As("anonymous", "GET", "/certificates/" + code);
  REQUIRE(page.status == 200);
  const std::string main = MainOf(page.body);
  CHECK(main.find("<p class=\"certificate-org\" lang=\"vi\">lớp học</p>") != std::string::npos);
  CHECK(main.find("Nơi cấp: <span lang=\"vi\">lớp học</span>") != std::string::npos);
  CHECK(main.find("Tỉnh A") == std::string::npos);
}

TEST_CASE("a submission sent twice is recorded once", "[learning_api]") {
  World w;
  const int64_t quiz = w.QuizId("may-tinh");
  auto first = w.Submit("learner.a1", quiz, {{"bat-may", 0}}, "double-click-42");
  REQUIRE(first.status == 201);
  auto second = w.Submit("learner.a1", quiz, {{"bat-may", 1}}, "double-click-42");
  REQUIRE(second.status == 200);
  auto a = json::parse(first.body), b = json::parse(second.body);
  CHECK(b["replayed"] == true);
  CHECK(a["attempt"]["id"] == b["attempt"]["id"]);
  CHECK(b["score"] == a["score"]);  // the recorded answers, not the resent ones
  CHECK(w.Count("quiz_attempts") == 1);
  // Another learner may use the same key for their own attempt.
  CHECK(w.Submit("learner2.a1", quiz, {{"bat-may", 0}}, "double-click-42").status == 201);
  CHECK(w.Count("quiz_attempts") == 2);
}

TEST_CASE("bad answers are refused with a message and store nothing", "[learning_api]") {
  World w;
  const int64_t quiz = w.QuizId("may-tinh");
  const std::string url = "/api/v1/quizzes/" + std::to_string(quiz) + "/attempts";
  struct Case {
    std::string body;
    std::string message_part;
  };
  const std::vector<Case> cases = {
      {R"({"answers":{"khong-co":1},"submission_id":"bad-00000001"})", "unknown question"},
      {R"({"answers":{"bat-may":"1"},"submission_id":"bad-00000002"})", "option number"},
      {R"({"answers":{"bat-may":7},"submission_id":"bad-00000003"})", "option"},
      {R"({"answers":{"bo-phan-nhap":[0,0]},"submission_id":"bad-00000004"})", "option"},
      {R"({"answers":{"bo-phan-nhap":1},"submission_id":"bad-00000005"})", "list"},
      {R"({"answers":{"so-phim":"mot tram"},"submission_id":"bad-00000006"})", "number"},
      {R"({"answers":{"ghep-thiet-bi":{"9":0}},"submission_id":"bad-00000007"})", "item"},
      {R"({"answers":{"thu-muc":5},"submission_id":"bad-00000008"})", "text"},
      {R"({"answers":[1,2],"submission_id":"bad-00000009"})", "object"},
      {R"({"answers":{}})", "submission_id"},
      {R"({"answers":{},"submission_id":"x"})", "submission_id"},
      {R"({"answers":{},"submission_id":"ok-000000010","extra":1})", "unknown field"},
      {R"([1])", "JSON object"},
      {"{not json", "JSON object"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.body);
    auto r = w.As("learner.a1", "POST", url, c.body);
    CHECK(r.status == 400);
    CHECK(r.body.find(c.message_part) != std::string::npos);
  }
  CHECK(w.Count("quiz_attempts") == 0);
  CHECK(w.Count("attempt_answers") == 0);
  CHECK(w.Count("enrolments") == 0);  // a refused submission does not enrol either
  CHECK(w.As("anonymous", "POST", url, R"({"answers":{},"submission_id":"anon-0000001"})").status == 401);
  CHECK(w.As("learner.a1", "POST", "/api/v1/quizzes/999999/attempts",
             R"({"answers":{},"submission_id":"none-0000001"})").status == 404);
  CHECK(w.As("learner.a1", "POST", "/api/v1/quizzes/abc/attempts", "{}").status == 404);
}

TEST_CASE("the attempt limit holds", "[learning_api]") {
  World w;
  const int64_t quiz = w.QuizId("may-tinh");
  for (int i = 1; i <= 3; ++i) {
    CHECK(w.Submit("citizen", quiz, {{"bat-may", 0}}, "limit-try-" + std::to_string(i)).status == 201);
  }
  auto fourth = w.Submit("citizen", quiz, {{"bat-may", 1}}, "limit-try-4");
  CHECK(fourth.status == 409);
  CHECK(fourth.body.find("no attempts left") != std::string::npos);
  CHECK(w.Count("quiz_attempts") == 3);
  auto standing = w.JsonAs("citizen", "GET", "/api/v1/me/learning");
  CHECK(standing["items"][0]["quiz"]["attempts_left"] == 0);
  CHECK(standing["items"][0]["quiz"]["passed"] == false);
}

TEST_CASE("a timed, drawn quiz must be started, and a late answer is refused", "[learning_api]") {
  World w;
  const int64_t quiz = w.QuizId("kiem-tra-gio");
  // Citizens may not take a staff course.
  CHECK(w.As("citizen", "POST", "/api/v1/quizzes/" + std::to_string(quiz) + "/start").status == 403);
  auto early = w.Submit("learner.a1", quiz, json::object(), "timed-000001");
  CHECK(early.status == 409);
  CHECK(early.body.find("start an attempt first") != std::string::npos);

  auto started = w.JsonAs("learner.a1", "POST", "/api/v1/quizzes/" + std::to_string(quiz) + "/start");
  REQUIRE(started["questions"].size() == 2);
  REQUIRE(started["attempt"].is_object());
  CHECK(started["attempt"]["deadline_at"].is_string());
  // Starting again shows the same attempt with the same questions.
  auto same = w.JsonAs("learner.a1", "POST", "/api/v1/quizzes/" + std::to_string(quiz) + "/start");
  CHECK(same["attempt"]["id"] == started["attempt"]["id"]);
  CHECK(same["questions"] == started["questions"]);

  w.t.clock().Set(w.t.clock().Now() + std::chrono::minutes(11));
  json answers = json::object();
  for (const auto& q : started["questions"]) answers[q["id"].get<std::string>()] = 0;
  auto late = w.Submit("learner.a1", quiz, answers, "timed-000002");
  CHECK(late.status == 409);
  CHECK(late.body.find("time limit") != std::string::npos);
  CHECK(w.Count("attempt_answers") == 0);

  // The expired attempt counts as one of two; the second one is in time.
  auto second = w.JsonAs("learner.a1", "POST", "/api/v1/quizzes/" + std::to_string(quiz) + "/start");
  CHECK(second["attempt"]["id"] != started["attempt"]["id"]);
  answers = json::object();
  for (const auto& q : second["questions"]) answers[q["id"].get<std::string>()] = 0;
  auto in_time = w.Submit("learner.a1", quiz, answers, "timed-000003");
  INFO(in_time.body);
  REQUIRE(in_time.status == 201);
  CHECK(json::parse(in_time.body)["passed"] == true);
  CHECK(json::parse(in_time.body)["certificate"].is_object());  // quiz_only completion
  CHECK(w.As("learner.a1", "POST", "/api/v1/quizzes/" + std::to_string(quiz) + "/start").status == 409);
}

TEST_CASE("with late: mark an attempt past its time stays open and is graded late",
          "[learning_api]") {
  World w;
  const int64_t quiz = w.QuizId("tre-han");
  const std::string base = "/api/v1/quizzes/" + std::to_string(quiz);
  auto started = w.JsonAs("citizen", "POST", base + "/start");
  w.t.clock().Set(w.t.clock().Now() + std::chrono::minutes(20));
  auto look = w.JsonAs("citizen", "GET", base);
  CHECK(look["attempt"]["id"] == started["attempt"]["id"]);  // still open, questions shown
  CHECK(look["questions"].size() == 1);
  auto again = w.JsonAs("citizen", "POST", base + "/start");
  CHECK(again["attempt"]["id"] == started["attempt"]["id"]);  // not expired into a new one
  auto late = w.Submit("citizen", quiz, {{"mot", 1}}, "late-0000001");
  INFO(late.body);
  REQUIRE(late.status == 201);
  auto r = json::parse(late.body);
  CHECK(r["attempt"]["late"] == true);
  CHECK(r["passed"] == true);
  CHECK(w.Count("quiz_attempts") == 1);
}

TEST_CASE("a group enrolment is bounded", "[learning_api]") {
  World w;
  std::string csv = "username\n";
  for (int i = 0; i <= 20000; ++i) csv += "u" + std::to_string(i) + "\n";
  // (Past the test server's 64 KiB request limit: asked of the service.)
  app::EnrolRequest big;
  big.course = "may-tinh";
  big.csv = csv;
  auto refused = w.t.learning().Enrol(people::Actor::ForUser(w.users["admin"]), big);
  CHECK(refused.status().code() == StatusCode::kTooLarge);
  CHECK(refused.status().message().find("20000") != std::string::npos);
  CHECK(w.Count("enrolments") == 0);
  // The same name twice counts once.
  auto r = w.As("admin", "POST", "/api/v1/enrolments/import?course=may-tinh",
           "username\nlearner.b\nLEARNER.B\n", "text/csv");
  CHECK(r.status == 201);
  CHECK(json::parse(r.body)["created"].size() == 1);
  CHECK(json::parse(r.body)["already_enrolled"] == 0);
}

TEST_CASE("trainers and managers enrol people in their area only", "[learning_api]") {
  World w;
  auto by_site = w.As("trainer.a", "POST", "/api/v1/enrolments",
                      R"({"course":"kiem-tra-gio","site":"SA1"})");
  INFO(by_site.body);
  REQUIRE(by_site.status == 201);
  CHECK(json::parse(by_site.body)["created"].size() == 2);
  auto by_category = w.As("trainer.a", "POST", "/api/v1/enrolments",
                          R"({"course":"kiem-tra-gio","staff_category":"district_librarian"})");
  CHECK(by_category.status == 200);
  CHECK(json::parse(by_category.body)["already_enrolled"] == 2);
  // Outside the trainer's province: as if it did not exist.
  CHECK(w.As("trainer.a", "POST", "/api/v1/enrolments", R"({"course":"kiem-tra-gio","site":"SB"})").status == 404);
  CHECK(w.As("trainer.a", "POST", "/api/v1/enrolments",
             json{{"course", "kiem-tra-gio"}, {"user", w.users["learner.b"].id}}.dump()).status == 404);
  CHECK(w.As("learner.a1", "POST", "/api/v1/enrolments",
             R"({"course":"may-tinh","user":"learner2.a1"})").status == 403);
  CHECK(w.As("trainer.a", "POST", "/api/v1/enrolments", R"({"course":"khong-co"})").status == 404);
  CHECK(w.As("trainer.a", "POST", "/api/v1/enrolments",
             R"({"course":"may-tinh","site":"SA1","user":1})").status == 400);
  CHECK(w.As("citizen", "POST", "/api/v1/enrolments", R"({"course":"kiem-tra-gio"})").status == 403);

  auto csv = w.As("trainer.b", "POST", "/api/v1/enrolments/import?course=may-tinh",
                  "username\nlearner.b\nlearner.a1\n", "text/csv");
  CHECK(csv.status == 400);  // learner.a1 is outside province B: the whole file is refused
  CHECK(csv.body.find("learner.a1") != std::string::npos);
  const int64_t before = w.Count("enrolments");
  csv = w.As("trainer.b", "POST", "/api/v1/enrolments/import?course=may-tinh", "username\nlearner.b\n",
             "text/csv");
  CHECK(csv.status == 201);
  CHECK(w.Count("enrolments") == before + 1);

  auto list = w.JsonAs("trainer.b", "GET", "/api/v1/enrolments?course=kiem-tra-gio");
  CHECK(list["items"].empty());  // the SA1 enrolments are not in province B
  list = w.JsonAs("trainer.a", "GET", "/api/v1/enrolments?course=kiem-tra-gio");
  REQUIRE(list["items"].size() == 2);
  const std::string id = std::to_string(list["items"][0]["id"].get<int64_t>());
  CHECK(w.As("trainer.b", "DELETE", "/api/v1/enrolments/" + id).status == 404);
  CHECK(w.As("trainer.a", "DELETE", "/api/v1/enrolments/" + id).status == 204);
  CHECK(w.As("trainer.a", "DELETE", "/api/v1/enrolments/" + id).status == 409);
  CHECK(w.JsonAs("trainer.a", "GET", "/api/v1/enrolments?course=kiem-tra-gio")["items"].size() == 1);
  // History is kept: the withdrawn row stays, and enrolling again adds one.
  const int64_t rows = w.Count("enrolments");
  auto audit = w.JsonAs("admin", "GET", "/api/v1/audit");
  CHECK(audit.dump().find("enrolment.withdraw") != std::string::npos);
  CHECK(audit.dump().find("enrolment.create") != std::string::npos);
  CHECK(w.As("trainer.a", "POST", "/api/v1/enrolments", R"({"course":"kiem-tra-gio","site":"SA1"})").status == 201);
  CHECK(w.Count("enrolments") == rows + 1);
}

TEST_CASE("trainers see results and the most missed questions, in their scope", "[learning_api]") {
  World w;
  const int64_t quiz = w.QuizId("may-tinh");
  REQUIRE(w.Submit("learner.a1", quiz, kRightAnswers, "res-00000001").status == 201);
  REQUIRE(w.Submit("learner2.a1", quiz, {{"bat-may", 0}, {"thu-muc", "thu muc"}}, "res-00000002").status == 201);
  REQUIRE(w.Submit("learner.b", quiz, {{"bat-may", 0}}, "res-00000003").status == 201);
  const std::string url = "/api/v1/quizzes/" + std::to_string(quiz) + "/results";
  auto a = w.JsonAs("trainer.a", "GET", url);
  REQUIRE(a["learners"].size() == 2);
  CHECK(a["attempt_count"] == 2);
  CHECK(a["questions"].size() == 6);
  // bat-may was missed by one of two, thu-muc by none.
  CHECK(a["questions"].back()["id"] == "thu-muc");
  CHECK(a["questions"].back()["success_percent"] == 100);
  auto admin = w.JsonAs("admin", "GET", url);
  CHECK(admin["learners"].size() == 3);
  CHECK(w.As("learner.a1", "GET", url).status == 403);
  CHECK(w.As("anonymous", "GET", url).status == 401);
  std::map<std::string, std::string> h = {{"Authorization", "Bearer " + w.tokens["trainer.b"]},
                                          {"Accept", "text/csv"}};
  auto csv = w.Fetch("GET", url, h, "");
  REQUIRE(csv.status == 200);
  CHECK(csv.Header("content-type").rfind("text/csv", 0) == 0);
  // The one CSV writer: a byte order mark first, so Excel reads Vietnamese names.
  CHECK(csv.body.rfind("\xEF\xBB\xBFusername,display_name,site,revision", 0) == 0);
  CHECK(csv.body.find("learner.b,") != std::string::npos);
  CHECK(csv.body.find("learner.a1") == std::string::npos);
  // An attempt with its feedback: the learner's own, or a trainer's in scope.
  const int64_t attempt = json::parse(w.Submit("learner.a1", quiz, kRightAnswers, "res-00000001").body)["attempt"]["id"];
  CHECK(w.As("learner.a1", "GET", "/api/v1/attempts/" + std::to_string(attempt)).status == 200);
  CHECK(w.As("trainer.a", "GET", "/api/v1/attempts/" + std::to_string(attempt)).status == 200);
  CHECK(w.As("trainer.b", "GET", "/api/v1/attempts/" + std::to_string(attempt)).status == 404);
  CHECK(w.As("learner2.a1", "GET", "/api/v1/attempts/" + std::to_string(attempt)).status == 404);
}

TEST_CASE("a refusal says its reason, field and parameters, in the reader's language",
          "[learning_api][refusals]") {
  World w;
  const std::string url = "/api/v1/quizzes/" + std::to_string(w.QuizId("may-tinh")) + "/attempts";
  const std::string body = R"({"answers":{"bat-may":"1"},"submission_id":"why-00000001"})";
  struct Case {
    const char* accept_language;
    const char* text;
  };
  for (const Case c : {Case{"vi", "Hãy chọn một phương án."}, Case{"en", "Choose one option."}}) {
    CAPTURE(c.accept_language);
    auto r = w.Fetch("POST", url,
                     {{"Content-Type", "application/json"},
                      {"Accept-Language", c.accept_language},
                      {"Authorization", "Bearer " + w.tokens.at("learner.a1")}},
                     body);
    REQUIRE(r.status == 400);
    const json e = json::parse(r.body)["error"];
    CHECK(e["code"] == "invalid_argument");
    CHECK(e["reason"] == "answer_not_option");
    CHECK(e["field"] == "answers.bat-may");
    CHECK(e["params"]["question"] == "bat-may");
    CHECK(e["text"] == c.text);
    CHECK(e["message"].get<std::string>().find("option number") != std::string::npos);
  }
  // A CSV list without its column: the line it looked at.
  auto csv = w.As("admin", "POST", "/api/v1/enrolments/import?course=may-tinh",
                  "\nten\nlearner.a1\n", "text/csv");
  REQUIRE(csv.status == 400);
  const json e = json::parse(csv.body)["error"];
  CHECK(e["reason"] == "csv_username_column");
  CHECK(e["field"] == "file");
  CHECK(e["params"]["line"] == "2");
  CHECK(e["text"] == "Dòng 2: tệp cần một cột tên là username.");
  // The code stays what clients know, the reason says more.
  auto type = json::parse(
      w.As("admin", "POST", "/api/v1/enrolments/import?course=may-tinh", "{}", "application/json")
          .body)["error"];
  CHECK(type["code"] == "unsupported_media_type");
  CHECK(type["reason"] == "csv_media_type");
  CHECK_FALSE(type.contains("field"));
  auto missing = json::parse(w.As("admin", "POST", "/api/v1/enrolments", "{}").body)["error"];
  CHECK(missing["reason"] == "field_required");
  CHECK(missing["field"] == "course");
  CHECK(w.Count("enrolments") == 0);
}

}  // namespace
}  // namespace lophoc::http
