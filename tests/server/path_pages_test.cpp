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

people::User AddLearner(TestSite& t, const std::string& username) {
  return testing::MakeAccount(t.people(), {username, {Role::kLearner}, "", "", "", "Lan"});
}

std::string Location(const HttpResponse& r) { return r.HeaderValue("Location"); }

}  // namespace

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
                {"Đã ghi nhận: bạn đã học xong bài 2/2."}, {});
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
