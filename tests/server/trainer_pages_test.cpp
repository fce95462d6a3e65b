// Handler tests of the trainers' course pages (server/http/trainer_pages.cpp)
// through the whole site without a socket: who may come in, scope as
// LearningService decides it, enrolling one account, a site's people or a CSV
// list (all or nothing), withdrawing, CSRF, escaping, quiz results and their
// CSV, and the English pages.
#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/support/test_browser.h"
#include "tests/support/test_world.h"

namespace lophoc::http {
namespace {

using people::Role;
using testing::Browser;
using testing::Contains;

constexpr const char* kScript = "<script>alert(1)</script>";
constexpr const char* kCourse = "may-tinh";
constexpr const char* kList = "/courses/may-tinh/enrolments";

// Two provinces, A (with district A1 and its site SA1) and B (site SB), a
// trainer of each, learners at SA1 (one named with markup), one in A1
// without a site, and one at SB.
struct World : testing::TestWorld {
  people::User trainer_a, trainer_b, learner_a1, learner_a2, learner_x, learner_b;

  World() : TestWorld(testing::FixturePath("content-learning")) {
    StandardTree();
    trainer_a = AddAccount({"trainer.a", {Role::kTrainer}, "A"});
    trainer_b = AddAccount({"trainer.b", {Role::kTrainer}, "B"});
    learner_a1 = AddAccount({"learner.a1", {Role::kLearner}, "", "SA1"});
    learner_a2 = AddAccount({"learner.a2", {Role::kLearner}, "", "SA1", "", kScript});
    learner_x = AddAccount({"learner.x", {Role::kLearner}, "A1"});
    learner_b = AddAccount({"learner.b", {Role::kLearner}, "", "SB"});
  }
  Browser As(const std::string& username) {
    return SignedIn(username, kList);  // the session's CSRF token
  }
  // Usernames enrolled in the course, as the command line sees them.
  std::vector<std::string> Enrolled() {
    std::vector<std::string> out;
    for (const auto& e : Must(t.learning().CourseEnrolments(cli, kCourse))) {
      out.push_back(e.username);
    }
    return out;
  }
  void Enrol(const std::string& username) {
    app::EnrolRequest r;
    r.course = kCourse;
    r.username = username;
    Must(t.learning().Enrol(cli, r));
  }
  int64_t EnrolmentId(const std::string& username) {
    for (const auto& e : Must(t.learning().CourseEnrolments(cli, kCourse))) {
      if (e.username == username) return e.id;
    }
    return 0;
  }
  int64_t QuizId() { return Must(t.learning().QuizForCourse(&trainer_a, kCourse)).quiz_id; }
};

bool Has(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

TEST_CASE("trainer pages: guests sign in first, learners are refused", "[trainer_pages]") {
  World w;
  const std::string path = GENERATE(std::string(kList), std::string("/courses/may-tinh/results"),
                                    std::string("/courses/may-tinh/results.csv"));
  CAPTURE(path);
  Browser guest(w.t.site());
  HttpResponse g = guest.Get(path);
  CHECK(g.status == 303);
  CHECK(g.HeaderValue("Location").rfind("/login?next=", 0) == 0);
  Browser learner = testing::SignedIn(w.t.site(), "learner.a1");
  HttpResponse l = learner.Get(path);
  CHECK(l.status == 403);
  CHECK(Contains(l.body, "Không được phép"));
  CHECK_FALSE(Contains(l.body, "learner.a2"));
}

TEST_CASE("trainer pages: a learner cannot post to them", "[trainer_pages]") {
  World w;
  w.Enrol("learner.a1");
  Browser learner = testing::SignedIn(w.t.site(), "learner.a1", "/account");
  CHECK(learner.Post(kList, {{"by", "username"}, {"username", "learner.a2"}}).status == 403);
  CHECK(learner
            .Post("/enrolments/" + std::to_string(w.EnrolmentId("learner.a1")) + "/withdraw",
                  {{"course", kCourse}, {"confirm", "1"}})
            .status == 403);
  CHECK(w.Enrolled() == std::vector<std::string>{"learner.a1"});
}

TEST_CASE("trainer pages: a trainer sees the enrolments of their area only", "[trainer_pages]") {
  World w;
  w.Enrol("learner.a1");
  w.Enrol("learner.b");
  Browser a = w.As("trainer.a");
  HttpResponse page = a.Get(kList);
  REQUIRE(page.status == 200);
  CHECK(Contains(page.body, "learner.a1"));
  CHECK(Contains(page.body, "Người learner.a1"));
  CHECK(Contains(page.body, "SA1"));
  CHECK(Contains(page.body, "Từng người"));  // the source
  CHECK_FALSE(Contains(page.body, "learner.b"));
  CHECK(Contains(page.body, "/enrolments/" + std::to_string(w.EnrolmentId("learner.a1")) +
                                "/withdraw"));
  CHECK_FALSE(Contains(page.body, "/enrolments/" + std::to_string(w.EnrolmentId("learner.b")) +
                                      "/withdraw"));
  CHECK(a.Get("/courses/no-such-course/enrolments").status == 404);
}

TEST_CASE("trainer pages: enrol one account and a site's people", "[trainer_pages]") {
  World w;
  Browser a = w.As("trainer.a");
  HttpResponse one = a.Post(kList, {{"by", "username"}, {"username", "learner.x"}});
  REQUIRE(one.status == 303);
  CHECK(one.HeaderValue("Location") == "/courses/may-tinh/enrolments?enrolled=1&already=0");
  CHECK(Contains(a.Get(one.HeaderValue("Location")).body, "Đã ghi danh 1 người."));

  HttpResponse site = a.Post(kList, {{"by", "group"}, {"site", "SA1"}, {"staff_category", ""}});
  REQUIRE(site.status == 303);
  CHECK(site.HeaderValue("Location") == "/courses/may-tinh/enrolments?enrolled=2&already=0");
  auto names = w.Enrolled();
  CHECK(names.size() == 3);
  CHECK(Has(names, "learner.a1"));
  CHECK(Has(names, "learner.a2"));
  CHECK_FALSE(Has(names, "trainer.a"));  // enrolling a group never enrols the trainer

  HttpResponse again = a.Post(kList, {{"by", "group"}, {"site", "SA1"}});
  REQUIRE(again.status == 303);
  HttpResponse summary = a.Get(again.HeaderValue("Location"));
  CHECK(Contains(summary.body, "Đã ghi danh 0 người; 2 người đã ghi danh từ trước."));

  // Neither a site nor a category: asked for one, nobody enrolled.
  HttpResponse empty = a.Post(kList, {{"by", "group"}, {"site", ""}, {"staff_category", ""}});
  CHECK(empty.status == 400);
  CHECK(Contains(empty.body, "Hãy nhập mã thư viện hoặc điểm"));
  CHECK(w.Enrolled().size() == 3);
  // An unknown username is said next to the field, and kept in it.
  HttpResponse unknown = a.Post(kList, {{"by", "username"}, {"username", "khong.co"}});
  CHECK(unknown.status == 404);
  CHECK(Contains(unknown.body, "Không tìm thấy tài khoản này"));
  CHECK(Contains(unknown.body, "value=\"khong.co\""));
  CHECK(Contains(unknown.body, "aria-invalid=\"true\""));
}

TEST_CASE("trainer pages: a trainer of B can neither enrol nor see A's people",
          "[trainer_pages][scope]") {
  World w;
  w.Enrol("learner.a1");
  Browser b = w.As("trainer.b");
  HttpResponse list = b.Get(kList);
  REQUIRE(list.status == 200);
  CHECK_FALSE(Contains(list.body, "learner.a1"));
  HttpResponse one = b.Post(kList, {{"by", "username"}, {"username", "learner.a2"}});
  CHECK(one.status == 404);
  HttpResponse site = b.Post(kList, {{"by", "group"}, {"site", "SA1"}});
  CHECK(site.status == 404);
  CHECK(Contains(site.body, "Không tìm thấy thư viện hoặc điểm có mã này."));
  CHECK_FALSE(Contains(site.body, "Thư viện A1"));
  HttpResponse csv = b.PostMultipart(kList + std::string("/import"), {}, "username\nlearner.a2\n");
  CHECK(csv.status == 400);
  CHECK(w.Enrolled() == std::vector<std::string>{"learner.a1"});
  // Nor withdraw them.
  for (const char* confirm : {"0", "1"}) {
    HttpResponse withdraw =
        b.Post("/enrolments/" + std::to_string(w.EnrolmentId("learner.a1")) + "/withdraw",
               {{"course", kCourse}, {"confirm", confirm}});
    CHECK(withdraw.status == 404);
    CHECK_FALSE(Contains(withdraw.body, "learner.a1"));
  }
  CHECK(w.Enrolled() == std::vector<std::string>{"learner.a1"});
}

TEST_CASE("trainer pages: a CSV list enrols everyone or nobody", "[trainer_pages][csv]") {
  World w;
  Browser a = w.As("trainer.a");
  const std::string import = std::string(kList) + "/import";
  SECTION("a good file") {
    HttpResponse res = a.PostMultipart(import, {}, "username\r\nlearner.a1\r\n learner.x \r\n");
    REQUIRE(res.status == 303);
    CHECK(res.HeaderValue("Location") == "/courses/may-tinh/enrolments?enrolled=2&already=0");
    auto names = w.Enrolled();
    CHECK(names.size() == 2);
    CHECK(Has(names, "learner.x"));
  }
  struct Bad {
    const char* name;
    std::string file;
    const char* says;
  };
  const Bad bad = GENERATE(
      Bad{"unknown username", "username\nlearner.a1\nkhong.co\n", "khong.co"},
      Bad{"outside the area", "username\nlearner.a1\nlearner.b\n", "learner.b"},
      Bad{"not UTF-8", "username\nlearner.a1\nNguy\xe1\xbb\n", "UTF-8"},
      Bad{"wrong column", "ten\nlearner.a1\n", "cột tên là username"},
      Bad{"empty file", "", "Hãy chọn một tệp CSV."});
  SECTION("a bad file") {
    CAPTURE(bad.name);
    HttpResponse res = a.PostMultipart(import, {}, bad.file);
    CHECK(res.status == 400);
    CHECK(Contains(res.body, bad.says));
    CHECK(Contains(res.body, "error-summary"));
    CHECK(w.Enrolled().empty());
  }
}

TEST_CASE("trainer pages: withdraw and come back with a message", "[trainer_pages]") {
  World w;
  w.Enrol("learner.a1");
  w.Enrol("learner.x");
  Browser a = w.As("trainer.a");
  const std::string url =
      "/enrolments/" + std::to_string(w.EnrolmentId("learner.a1")) + "/withdraw";
  // First the question, naming the learner and the course; nothing changes.
  testing::CheckAnswer(a.Post(url, {{"course", kCourse}}), 200,
                       {"Rút Người learner.a1 (learner.a1) khỏi khóa học",
                        "name=\"confirm\" value=\"1\"", "href=\"/courses/may-tinh/enrolments\""});
  CHECK(w.Enrolled().size() == 2);
  HttpResponse res = a.Post(url, {{"course", kCourse}, {"confirm", "1"}});
  REQUIRE(res.status == 303);
  CHECK(res.HeaderValue("Location") == "/courses/may-tinh/enrolments?withdrawn=1");
  HttpResponse page = a.Get(res.HeaderValue("Location"));
  CHECK(Contains(page.body, "Đã rút tên khỏi khóa học."));
  CHECK_FALSE(Contains(page.body, "learner.a1"));
  CHECK(w.Enrolled() == std::vector<std::string>{"learner.x"});
  // Twice: a conflict; under another course: not found; nothing else changes.
  CHECK(a.Post(url, {{"course", kCourse}, {"confirm", "1"}}).status == 409);
  CHECK(a.Post(url, {{"course", kCourse}}).status == 404);
  CHECK(a.Post("/enrolments/" + std::to_string(w.EnrolmentId("learner.x")) + "/withdraw",
               {{"course", "kiem-tra-gio"}, {"confirm", "1"}})
            .status == 404);
  CHECK(w.Enrolled() == std::vector<std::string>{"learner.x"});
}

TEST_CASE("trainer pages: every post needs the CSRF token", "[trainer_pages][csrf]") {
  World w;
  w.Enrol("learner.a1");
  Browser a = w.As("trainer.a");
  CHECK(a.Post(kList, {{"by", "username"}, {"username", "learner.x"}}, false).status == 403);
  CHECK(a.Post(kList, {{"by", "group"}, {"site", "SA1"}}, false).status == 403);
  CHECK(a.Post("/enrolments/" + std::to_string(w.EnrolmentId("learner.a1")) + "/withdraw",
               {{"course", kCourse}, {"confirm", "1"}}, false)
            .status == 403);
  CHECK(w.Enrolled() == std::vector<std::string>{"learner.a1"});
}

TEST_CASE("trainer pages: names are text", "[trainer_pages]") {
  World w;
  w.Enrol("learner.a2");
  w.Must(w.t.learning().Submit(w.learner_a2, w.QuizId(), "sub-0000001",
                               nlohmann::json{{"bat-may", 1}}));
  Browser a = w.As("trainer.a");
  for (const std::string& path : {std::string(kList), std::string("/courses/may-tinh/results")}) {
    CAPTURE(path);
    HttpResponse page = a.Get(path);
    REQUIRE(page.status == 200);
    CHECK(Contains(page.body, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    CHECK_FALSE(Contains(page.body, kScript));
  }
}

TEST_CASE("trainer pages: quiz results, most missed question first", "[trainer_pages][results]") {
  World w;
  const int64_t quiz = w.QuizId();
  // bat-may: one right, one wrong (50%); every other question unanswered (0%).
  w.Must(w.t.learning().Submit(w.learner_a1, quiz, "sub-0000001", nlohmann::json{{"bat-may", 1}}));
  auto wrong = w.Must(
      w.t.learning().Submit(w.learner_x, quiz, "sub-0000002", nlohmann::json{{"bat-may", 0}}));
  auto again = w.Must(
      w.t.learning().Submit(w.learner_x, quiz, "sub-0000003", nlohmann::json{{"bat-may", 1}}));
  w.Must(w.t.learning().Submit(w.learner_b, quiz, "sub-0000004", nlohmann::json{{"bat-may", 1}}));
  Browser a = w.As("trainer.a");
  HttpResponse page = testing::Page(a, "/courses/may-tinh/results");
  testing::CheckShows(page.body, {"Người learner.a1", "Người learner.x"}, {"learner.b"});
  // The learner's last attempt is linked, not an earlier one.
  CHECK(Contains(page.body, "href=\"/attempts/" + std::to_string(again.attempt.id) + "\""));
  CHECK_FALSE(Contains(page.body, "href=\"/attempts/" + std::to_string(wrong.attempt.id) + "\""));
  // Questions: the stems are rendered from Markdown; bat-may comes last.
  const size_t questions = page.body.find("id=\"questions-caption\"");
  REQUIRE(questions != std::string::npos);
  const size_t bat_may = page.body.find("<code>bat-may</code>", questions);
  REQUIRE(bat_may != std::string::npos);
  for (const char* other :
       {"bo-phan-nhap", "tat-dung-cach", "thu-muc", "so-phim", "ghep-thiet-bi"}) {
    CAPTURE(other);
    const size_t at = page.body.find(std::string("<code>") + other + "</code>", questions);
    REQUIRE(at != std::string::npos);
    CHECK(at < bat_may);
  }
  CHECK(Contains(page.body, "<p>Để bật máy tính, bạn làm gì?</p>"));
  CHECK(Contains(page.body, "66,7%"));  // bat-may: right in 2 of the 3 attempts in A
  CHECK(Contains(page.body, "/courses/may-tinh/results.csv"));
}

TEST_CASE("trainer pages: the results as CSV, in scope only", "[trainer_pages][results]") {
  World w;
  const int64_t quiz = w.QuizId();
  w.Must(w.t.learning().Submit(w.learner_a1, quiz, "sub-0000001", nlohmann::json{{"bat-may", 1}}));
  w.Must(w.t.learning().Submit(w.learner_b, quiz, "sub-0000002", nlohmann::json{{"bat-may", 1}}));
  Browser a = w.As("trainer.a");
  HttpResponse csv = a.Get("/courses/may-tinh/results.csv");
  REQUIRE(csv.status == 200);
  CHECK(csv.content_type.rfind("text/csv", 0) == 0);
  CHECK(csv.HeaderValue("Content-Disposition") ==
        "attachment; filename=\"may-tinh-results.csv\"");
  CHECK(csv.body.rfind("\xEF\xBB\xBFusername,display_name,site,revision,submitted_at,score,max_score,"
                       "percentage,passed,late\r\n",
                       0) == 0);
  testing::CheckShows(csv.body, {"learner.a1"}, {"learner.b"});
  Browser b = w.As("trainer.b");
  testing::CheckShows(testing::Page(b, "/courses/may-tinh/results.csv").body, {"learner.b"},
                      {"learner.a1"});
}

TEST_CASE("trainer pages: a course without a quiz says so", "[trainer_pages][results]") {
  testing::TestWorld w;  // content-good: courses without quizzes
  w.Must(w.t.people().CreateOrgUnit(w.cli, {"A", "Tỉnh A", "province", ""}));
  w.AddAccount({"trainer.a", {Role::kTrainer}, "A"});
  Browser a = w.SignedIn("trainer.a");
  // The course title is text too.
  testing::CheckShows(testing::Page(a, "/courses/tin-hoc-co-ban/results").body,
                      {"Khóa học này không có bài kiểm tra.", "Tin học cơ bản &lt;script&gt;"},
                      {"<script>alert"});
  CHECK(a.Get("/courses/tin-hoc-co-ban/results.csv").status == 404);
}

TEST_CASE("trainer pages: ?lang=en shows English", "[trainer_pages][i18n]") {
  World w;
  w.Enrol("learner.a1");
  Browser a = w.As("trainer.a");
  testing::CheckShows(testing::Page(a, std::string(kList) + "?lang=en").body,
                      {"<html lang=\"en\">", "Enrol one person", "Withdraw",
                       "Commune post-office cultural point"},
                      {"Ghi danh một người"});
  testing::CheckShows(testing::Page(a, "/courses/may-tinh/results?lang=en").body,
                      {"Quiz results", "Nobody has taken the quiz yet."});
}

TEST_CASE("trainer pages: a refused CSV list marks the file with its line, in vi and en",
          "[trainer_pages][csv][refusals]") {
  // The catalogue's csv_username_column, line 2 filled in.
  auto [lang, says] = GENERATE(table<std::string, std::string>({
      {"vi", "Dòng 2: tệp cần một cột tên là username."},
      {"en", "Line 2: the file needs a column named username."},
  }));
  CAPTURE(lang);
  World w;
  Browser a = w.As("trainer.a");
  // The header is on line 2, after a blank line.
  HttpResponse res =
      a.PostMultipart(std::string(kList) + "/import?lang=" + lang, {}, "\nten\nlearner.a1\n");
  CHECK(res.status == 400);
  CHECK(Contains(res.body, testing::FieldErrorTag("file") + says + "</p>"));
  CHECK(Contains(res.body, "<a href=\"#f-file\">" + says + "</a>"));
  CHECK(w.Enrolled().empty());
}

TEST_CASE("trainer pages: a staff category that is none is said at the category, not the site",
          "[trainer_pages][refusals]") {
  World w;
  HttpResponse bad = w.As("trainer.a").Post(
      kList, {{"by", "group"}, {"site", ""}, {"staff_category", "Không có"}});
  CHECK(bad.status == 400);
  CHECK(Contains(bad.body, testing::FieldErrorTag("staff_category")));
  CHECK_FALSE(Contains(bad.body, "id=\"f-site-error\""));
}

}  // namespace lophoc::http
