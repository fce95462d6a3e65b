// Finding and finishing the path (issue 15): the action a person came for at
// the top of the course page (and again after the introduction), the
// catalogue grouped by audience with a GET filter, registering back to what
// the person was doing with every error at once, the account page's staff
// fields for staff only, and lesson progress counted in lessons.
#include <catch2/catch.hpp>

#include <string>

#include "tests/support/test_world.h"

namespace lophoc::http {
namespace {

using people::Role;
using testing::Browser;
using testing::CheckAnswer;
using testing::Contains;
using testing::FixturePath;
using testing::kPassword;
using testing::TestSite;
using testing::TestWorld;

constexpr const char* kIntro = "Khóa học thử cho các bài kiểm tra học tập.";

people::User AddLearner(TestSite& t, const std::string& username) {
  return testing::MakeAccount(t.people(), {username, {Role::kLearner}, "", "", "", "Lan"});
}

std::string Location(const HttpResponse& r) { return r.HeaderValue("Location"); }

// Where `needle` first occurs in `body`, REQUIREd to occur.
size_t At(const std::string& body, const std::string& needle) {
  const size_t at = body.find(needle);
  CAPTURE(needle);
  REQUIRE(at != std::string::npos);
  return at;
}

// How many times `needle` occurs in `body`.
int Occurrences(const std::string& body, const std::string& needle) {
  int n = 0;
  for (size_t at = body.find(needle); at != std::string::npos; at = body.find(needle, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("course page: the action comes before the introduction and again after it",
          "[path]") {
  TestSite t{FixturePath("content-learning")};
  AddLearner(t, "lan.nguyen");

  SECTION("a guest starts, then continues with the lessons counted") {
    Browser b(t);
    auto page = b.Get("/courses/may-tinh");
    REQUIRE(page.status == 200);
    const std::string start = "href=\"/courses/may-tinh/bat-may\">Bắt đầu học</a>";
    CHECK(At(page.body, start) < At(page.body, kIntro));
    CHECK(Occurrences(page.body, start) == 2);
    CHECK(At(page.body, kIntro) < page.body.rfind(start));
    CHECK(Contains(page.body, "/register?next=%2Fcourses%2Fmay-tinh"));

    REQUIRE(b.Get("/courses/may-tinh/bat-may/done").status == 200);
    REQUIRE(b.Post("/courses/may-tinh/bat-may/done", {}).status == 303);
    page = b.Get("/courses/may-tinh");
    const std::string next = "href=\"/courses/may-tinh/tat-may\">Học tiếp</a>";
    CHECK(At(page.body, next) < At(page.body, kIntro));
    CHECK(Occurrences(page.body, next) == 2);
    CHECK(At(page.body, "Đã học 1/2 bài") < At(page.body, kIntro));
  }

  SECTION("a learner enrols at the top, then starts and continues") {
    Browser b = testing::SignedIn(t.site(), "lan.nguyen", "/me");
    auto page = b.Get("/courses/may-tinh");
    const std::string enrol = "action=\"/courses/may-tinh/enrol\"";
    CHECK(At(page.body, enrol) < At(page.body, kIntro));
    CHECK(Occurrences(page.body, enrol) == 2);
    CHECK(Contains(page.body, "Ghi danh khóa học"));

    REQUIRE(b.Post("/courses/may-tinh/enrol", {}).status == 303);
    page = b.Get("/courses/may-tinh");
    const std::string start = "href=\"/courses/may-tinh/bat-may\">Bắt đầu học</a>";
    CHECK(At(page.body, start) < At(page.body, kIntro));
    CHECK(Occurrences(page.body, start) == 2);
    CHECK(Contains(page.body, "Đã học 0/2 bài"));
    CHECK(Contains(page.body, "<progress class=\"lesson-progress\" max=\"2\" value=\"0\""));

    REQUIRE(b.Post("/courses/may-tinh/bat-may/done", {}).status == 303);
    page = b.Get("/courses/may-tinh");
    const std::string next = "href=\"/courses/may-tinh/tat-may\">Học tiếp</a>";
    CHECK(At(page.body, next) < At(page.body, kIntro));
    CHECK(At(page.body, "Đã học 1/2 bài") < At(page.body, kIntro));
    CHECK(Contains(page.body, "<progress class=\"lesson-progress\" max=\"2\" value=\"1\""));
  }
}

TEST_CASE("marking a lesson done says so and counts lessons as lessons", "[path]") {
  TestSite t{FixturePath("content-learning")};
  AddLearner(t, "lan.nguyen");

  SECTION("a learner, on to the next lesson") {
    Browser b = testing::SignedIn(t.site(), "lan.nguyen", "/me");
    REQUIRE(b.Post("/courses/may-tinh/enrol", {}).status == 303);
    REQUIRE(b.Get("/courses/may-tinh/bat-may").status == 200);
    auto done = b.Post("/courses/may-tinh/bat-may/done", {{"next", "tat-may"}});
    CHECK(Location(done) == "/courses/may-tinh/tat-may?done=path_lesson_done&lesson=bat-may");
    // may-tinh has 2 lessons and a quiz: 1 of 3 steps would be 33%, which
    // must not sit beside "1/2".
    CheckAnswer(b.Get(Location(done)), 200,
                {"Đã ghi nhận: bạn đã học xong bài 1/2.", "Đã học 1/2 bài",
                 "<progress class=\"lesson-progress\" max=\"2\" value=\"1\""},
                {"33%", "50%"});
    CheckAnswer(b.Get("/me"), 200, {"Đã học 1/2 bài"}, {"33%"});
    // An unknown lesson in the query says nothing.
    CHECK_FALSE(Contains(b.Get("/courses/may-tinh/tat-may?done=path_lesson_done&lesson=zz").body,
                         "Đã ghi nhận"));
  }

  SECTION("a guest, back on the course page after the last lesson") {
    Browser b(t);
    REQUIRE(b.Get("/courses/may-tinh/tat-may/done").status == 200);
    auto done = b.Post("/courses/may-tinh/tat-may/done", {});
    CHECK(Location(done) == "/courses/may-tinh?done=path_lesson_done&lesson=tat-may");
    CheckAnswer(b.Get(Location(done)), 200,
                {"Đã ghi nhận: bạn đã học xong bài 2/2.", "Đã học 1/2 bài"}, {});
  }

  SECTION("in English") {
    Browser b(t);
    REQUIRE(b.Get("/courses/may-tinh/bat-may/done?lang=en").status == 200);
    auto done = b.Post("/courses/may-tinh/bat-may/done", {{"next", "tat-may"}});
    CheckAnswer(b.Get(Location(done) + "&lang=en"), 200,
                {"Noted: you have finished lesson 1 of 2.", "1 of 2 lessons done"}, {});
  }
}

}  // namespace lophoc::http
