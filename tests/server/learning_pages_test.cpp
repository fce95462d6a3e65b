// The learner's pages over the real site: enrolling, marking lessons done
// (as a guest too, claimed on registering), answering the quiz with a plain
// form, the result with its feedback, the certificate and /verify.
#include <regex>

#include <catch2/catch.hpp>

#include "tests/support/test_world.h"

namespace lophoc::http {
namespace {

using people::Role;
using testing::Browser;
using testing::Contains;
using testing::FixturePath;
using testing::TestSite;
using testing::kPassword;

people::User AddLearner(TestSite& t, const std::string& username, const std::string& name) {
  return testing::MakeAccount(t.people(), {username, {Role::kLearner}, "", "", "", name});
}

Browser SignedIn(TestSite& t, const std::string& username) {
  return testing::SignedIn(t.site(), username, "/me");  // the session's CSRF token
}

std::string Location(const HttpResponse& r) { return r.HeaderValue("Location"); }

constexpr auto& Field = testing::FieldValue;

// The right answers to may-tinh's quiz as the form sends them.
testing::Fields RightForm(const std::string& quiz_page) {
  return {{"quiz_id", Field(quiz_page, "quiz_id")},
          {"submission_id", Field(quiz_page, "submission_id")},
          {"q.bat-may", "1"}, {"q.bo-phan-nhap", "0"}, {"q.bo-phan-nhap", "1"},
          {"q.tat-dung-cach", "1"}, {"q.thu-muc", "thu muc"}, {"q.so-phim", "104,5"},
          {"q.ghep-thiet-bi.0", "0"}, {"q.ghep-thiet-bi.1", "1"}};
}

TEST_CASE("a learner enrols, finishes the lessons, passes the quiz form and prints a certificate",
          "[learning_pages]") {
  TestSite t{FixturePath("content-learning")};
  AddLearner(t, "lan.nguyen", "Nguyễn Thị <b>Lan</b>");
  Browser b = SignedIn(t, "lan.nguyen");

  auto course = b.Get("/courses/may-tinh");
  REQUIRE(course.status == 200);
  CHECK(Contains(course.body, "action=\"/courses/may-tinh/enrol\""));
  auto enrolled = b.Post("/courses/may-tinh/enrol", {});
  REQUIRE(enrolled.status == 303);
  course = b.Get(Location(enrolled));
  CHECK(Contains(course.body, "<progress class=\"lesson-progress\" max=\"2\" value=\"0\""));
  CHECK(Contains(course.body, "/courses/may-tinh/bat-may"));  // the next lesson

  auto lesson = b.Get("/courses/may-tinh/bat-may");
  CHECK(Contains(lesson.body, "action=\"/courses/may-tinh/bat-may/done\""));
  // may-tinh says `lesson_done: end`: the page marks itself done at its end.
  CHECK(t.courses().GetCourse("may-tinh")->course->package.lesson_done == "end");
  CHECK(Contains(lesson.body, "data-auto=\"1\""));
  CHECK(Contains(lesson.body, "/static/js/lesson.js"));
  CHECK_FALSE(Contains(b.Get("/courses/kiem-tra-gio/doc-truoc").body, "data-auto"));
  auto done = b.Post("/courses/may-tinh/bat-may/done", {{"next", "tat-may"}});
  CHECK(Location(done) == "/courses/may-tinh/tat-may?done=path_lesson_done&lesson=bat-may");
  CHECK(Contains(b.Get("/courses/may-tinh/bat-may").body, "done-mark"));
  b.Get("/courses/may-tinh/tat-may");
  REQUIRE(b.Post("/courses/may-tinh/tat-may/done", {}).status == 303);

  auto quiz = b.Get("/courses/may-tinh/quiz");
  REQUIRE(quiz.status == 200);
  for (const char* secret : {"[x]", "Đúng.", "làm mất dữ liệu", "Nút nguồn thường", "104"}) {
    CAPTURE(secret);
    CHECK_FALSE(Contains(quiz.body, secret));
  }
  CHECK(Contains(quiz.body, "type=\"radio\""));
  CHECK(Contains(quiz.body, "type=\"checkbox\""));
  CHECK(Contains(quiz.body, "<select"));
  const testing::Fields form = RightForm(quiz.body);
  auto submitted = b.Post("/courses/may-tinh/quiz", form);
  REQUIRE(submitted.status == 303);
  const std::string result_url = Location(submitted);
  CHECK(result_url.rfind("/attempts/", 0) == 0);
  // The same form sent again (a double click) records nothing new.
  auto again = b.Post("/courses/may-tinh/quiz", form);
  CHECK(Location(again) == result_url);
  auto result = b.Get(result_url);
  REQUIRE(result.status == 200);
  CHECK(Contains(result.body, "100%"));
  CHECK(Contains(result.body, "(6 / 6)"));  // points as people write them, not 6.0
  CHECK(Contains(result.body, "Nút nguồn thường có biểu tượng"));  // feedback after the attempt
  std::smatch m;
  REQUIRE(std::regex_search(result.body, m, std::regex("/certificates/([A-Z0-9-]{14})")));
  const std::string code = m[1].str();

  auto cert = b.Get("/certificates/" + code);
  REQUIRE(cert.status == 200);
  CHECK(Contains(cert.body, "Nguyễn Thị &lt;b&gt;Lan&lt;/b&gt;"));
  CHECK(Contains(cert.body, "Làm quen máy tính"));
  CHECK(Contains(cert.body, code));
  Browser guest(t);
  auto verify = guest.Get("/verify?code=" + code);
  CHECK(verify.status == 200);
  CHECK(Contains(verify.body, "còn hiệu lực"));
  CHECK(guest.Get("/verify/ZZZZ-ZZZZ-ZZZZ").status == 404);
  auto me = b.Get("/me");
  CHECK(Contains(me.body, "/certificates/" + code));
  CHECK(Contains(me.body, "Đã hoàn thành"));
}

TEST_CASE("a guest's finished lessons are kept in the browser and claimed on registering",
          "[learning_pages]") {
  TestSite t{FixturePath("content-learning")};
  Browser b(t);
  auto lesson = b.Get("/courses/may-tinh/bat-may");
  REQUIRE(lesson.status == 200);
  // A cached guest page carries no token: its button leads to a confirmation form.
  CHECK(Contains(lesson.body, "href=\"/courses/may-tinh/bat-may/done\""));
  REQUIRE(b.Get("/courses/may-tinh/bat-may/done").status == 200);
  auto done = b.Post("/courses/may-tinh/bat-may/done", {{"next", "tat-may"}});
  REQUIRE(done.status == 303);
  CHECK(b.Cookie("lophoc_lessons") == "may-tinh/bat-may");
  // Kept until the browser closes, not for days (a shared computer).
  bool session_only = false;
  for (const auto& c : testing::SetCookies(done)) {
    if (c.rfind("lophoc_lessons=", 0) == 0) session_only = !Contains(c, "Max-Age");
  }
  CHECK(session_only);
  CHECK(Contains(b.Get("/courses/may-tinh/bat-may").body, "done-mark"));
  CHECK(Contains(b.Get("/me").body, "1/2"));
  // A staff course is not for guests: sign in first.
  auto staff = b.Post("/courses/kiem-tra-gio/doc-truoc/done", {});
  CHECK(Location(staff).rfind("/login", 0) == 0);

  REQUIRE(b.Get("/register").status == 200);
  auto reg = b.Post("/register", {{"display_name", "Trần Văn Bình"}, {"username", "0912345678"},
                                  {"password", kPassword}, {"confirm_password", kPassword}});
  REQUIRE(reg.status == 303);
  CHECK(b.Cookie("lophoc_lessons").empty());
  auto me = b.Get("/me");
  CHECK(Contains(me.body, "Làm quen máy tính"));
  CHECK(Contains(me.body, "1/2"));
}

TEST_CASE("on a public computer guests sign in to keep progress, and nothing is claimed there",
          "[learning_pages]") {
  TestSite t{FixturePath("content-learning")};
  const auto cli = people::Actor::CommandLine();
  REQUIRE(t.people().CreateOrgUnit(cli, {"A", "Tỉnh A", "province", ""}).ok());
  REQUIRE(t.people().CreateSite(cli, {"SA", "Thư viện tỉnh A", "provincial_library", "A", true}).ok());
  auto kiosk = t.people().RegisterKiosk(cli, "SA", "máy 1");
  REQUIRE(kiosk.ok());
  AddLearner(t, "lan.nguyen", "Lan");
  Browser b(t);
  b.SetCookie("lophoc_kiosk", *kiosk);
  auto lesson = b.Get("/courses/may-tinh/bat-may");
  REQUIRE(lesson.status == 200);
  CHECK(Contains(lesson.body, "/login?next="));
  CHECK_FALSE(Contains(lesson.body, "href=\"/courses/may-tinh/bat-may/done\""));
  auto done = b.Post("/courses/may-tinh/bat-may/done", {});
  CHECK(Location(done).rfind("/login", 0) == 0);
  CHECK(b.Cookie("lophoc_lessons").empty());
  // A cookie left by someone is not claimed at this computer, and is cleared.
  b.SetCookie("lophoc_lessons", "may-tinh/bat-may.may-tinh/tat-may");
  REQUIRE(b.Get("/login").status == 200);
  REQUIRE(b.Post("/login", {{"username", "lan.nguyen"}, {"password", kPassword}}).status == 303);
  CHECK(b.Cookie("lophoc_lessons").empty());
  CHECK_FALSE(Contains(b.Get("/me").body, "Làm quen máy tính"));
}

TEST_CASE("signing out clears a guest lessons cookie", "[learning_pages]") {
  TestSite t{FixturePath("content-learning")};
  AddLearner(t, "lan.nguyen", "Lan");
  Browser b = SignedIn(t, "lan.nguyen");
  b.SetCookie("lophoc_lessons", "may-tinh/bat-may");
  REQUIRE(b.Post("/logout", {}).status == 303);
  CHECK(b.Cookie("lophoc_lessons").empty());
}

TEST_CASE("the learning pages refuse what they must", "[learning_pages]") {
  TestSite t{FixturePath("content-learning")};
  const people::User lan = AddLearner(t, "lan.nguyen", "Lan");
  Browser b = SignedIn(t, "lan.nguyen");
  CHECK(b.Post("/courses/may-tinh/bat-may/done", {}, false).status == 403);  // no CSRF token
  CHECK(b.Post("/courses/khong-co/bat-may/done", {}).status == 404);
  CHECK(b.Post("/courses/may-tinh/khong-co/done", {}).status == 404);
  CHECK(b.Get("/attempts/999").status == 404);
  CHECK(b.Get("/attempts/abc").status == 404);
  auto quiz = b.Get("/courses/may-tinh/quiz");
  auto bad = b.Post("/courses/may-tinh/quiz", {{"quiz_id", Field(quiz.body, "quiz_id")},
                                               {"submission_id", "form-00000001"},
                                               {"q.bat-may", "99"}});
  CHECK(bad.status == 400);
  CHECK(Contains(bad.body, "<form method=\"post\" action=\"/courses/may-tinh/quiz\""));  // shown again
  // Letters in a number field: the quiz again, with the message and every answer kept.
  auto words = b.Post("/courses/may-tinh/quiz", {{"quiz_id", Field(quiz.body, "quiz_id")},
                                                 {"submission_id", "form-00000002"},
                                                 {"q.bat-may", "1"}, {"q.thu-muc", "thư mục"},
                                                 {"q.so-phim", "một trăm"},
                                                 {"q.ghep-thiet-bi.1", "1"}});
  CHECK(words.status == 400);
  testing::CheckShows(words.body, {"Câu 5: hãy viết một số", "value=\"1\" checked",
                                   "value=\"thư mục\"", "value=\"một trăm\"",
                                   "value=\"1\" selected"});
  auto stored = t.attempt_store().SubmittedAttempts(lan.id, t.courses().GetCourse("may-tinh")->course->course_id);
  REQUIRE(stored.ok());
  CHECK(stored->empty());  // nothing recorded
  // Staff courses are not for citizens; a timed quiz starts with a button.
  auto timed = b.Get("/courses/kiem-tra-gio/quiz");
  CHECK(timed.status == 200);
  CHECK(Contains(timed.body, "nhân viên"));
  CHECK_FALSE(Contains(timed.body, "action=\"/courses/kiem-tra-gio/quiz/start\""));
  Browser guest(t);
  auto guest_quiz = guest.Get("/courses/may-tinh/quiz");
  CHECK(guest_quiz.status == 200);
  CHECK(Contains(guest_quiz.body, "/login?next="));
  CHECK_FALSE(Contains(guest_quiz.body, "name=\"submission_id\""));
  CHECK(guest.Get("/me").status == 200);
  auto guest_enrol = guest.Post("/courses/may-tinh/enrol", {});
  CHECK((guest_enrol.status == 403 || Location(guest_enrol).rfind("/login", 0) == 0));
  CHECK(Contains(b.Get("/me?done=<script>").body, "Việc học của tôi"));
  CHECK_FALSE(Contains(b.Get("/me?done=<script>").body, "<script>"));
}

TEST_CASE("a refused quiz answer is said at its question, in the reader's language",
          "[learning_pages][refusals]") {
  TestSite t{FixturePath("content-learning")};
  AddLearner(t, "lan.nguyen", "Lan");
  Browser b = SignedIn(t, "lan.nguyen");
  struct Case {
    const char* lang;
    const char* says;  // the catalogue's message for answer_no_such_choice
  };
  for (const Case c : {Case{"vi", "Câu trả lời chọn một mục không có trong câu hỏi."},
                       Case{"en", "The answer chooses something that is not in the question."}}) {
    CAPTURE(c.lang);
    const std::string url = std::string("/courses/may-tinh/quiz?lang=") + c.lang;
    auto quiz = b.Get(url);
    REQUIRE(quiz.status == 200);
    auto bad = b.Post(url, {{"quiz_id", Field(quiz.body, "quiz_id")},
                            {"submission_id", Field(quiz.body, "submission_id")},
                            {"q.bat-may", "99"}});  // single choice: there is no option 99
    CHECK(bad.status == 400);
    // Inside the question's fieldset, and linked from the summary above the form.
    const std::string mark = "<p class=\"field-error\" id=\"f-q.bat-may\">";
    const size_t at = bad.body.find(mark);
    REQUIRE(at != std::string::npos);
    const size_t fieldset = bad.body.rfind("<fieldset class=\"question\" id=\"q-bat-may\">", at);
    REQUIRE(fieldset != std::string::npos);
    CHECK(bad.body.find("</fieldset>", fieldset) > at);
    const size_t from = at + mark.size();
    CHECK(Contains(bad.body.substr(from, bad.body.find("</p>", from) - from), c.says));
    CHECK(Contains(bad.body, "<a href=\"#f-q.bat-may\">"));
  }
}

}  // namespace
}  // namespace lophoc::http
