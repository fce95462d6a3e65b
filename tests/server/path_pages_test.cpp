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

// The `next` the registration form carries when opened from `referer`.
std::string NextFromReferer(TestSite& t, const std::string& referer) {
  HttpRequest req;
  req.method = "GET";
  req.path = "/register";
  req.client_address = "127.0.0.1";
  req.headers["host"] = "lophoc.test";
  req.headers["referer"] = referer;
  HttpResponse res = t.site().Handle(std::move(req));
  REQUIRE(res.status == 200);
  return testing::FieldValue(res.body, "next");
}

}  // namespace

TEST_CASE("course page: the action comes before the introduction and again after it", "[path]") {
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

TEST_CASE("catalogue: grouped by audience, the visitor's own courses first", "[path]") {
  TestWorld w;  // content-good: tin-hoc-co-ban (citizens), dang-ky-tai-khoan (staff)
  w.StandardTree();
  w.AddAccounts({{"dan", {Role::kLearner}},
                 {"giang.vien", {Role::kTrainer}, "A"},
                 {"chi.mo", {Role::kLearner}, "A1", "SA1", "commune_librarian", "Chị Mơ"}});
  const std::string citizen = "href=\"/courses/tin-hoc-co-ban\"";
  const std::string staff = "href=\"/courses/dang-ky-tai-khoan\"";

  SECTION("guests and citizens: citizens' courses first, then staff's") {
    Browser guest(w.t);
    Browser dan = w.SignedIn("dan", "/");
    for (Browser* b : {&guest, &dan}) {
      auto page = b->Get("/");
      REQUIRE(page.status == 200);
      CHECK(At(page.body, "Khóa học cho người dân") < At(page.body, citizen));
      CHECK(At(page.body, citizen) < At(page.body, "Khóa học cho cán bộ"));
      CHECK(At(page.body, "Khóa học cho cán bộ") < At(page.body, staff));
      CHECK_FALSE(Contains(page.body, "Khóa học bắt buộc của bạn"));
    }
  }

  SECTION("staff not on a programme: staff courses first") {
    auto page = w.SignedIn("giang.vien", "/").Get("/");
    CHECK(At(page.body, "Khóa học cho cán bộ") < At(page.body, "Khóa học cho người dân"));
    CHECK(At(page.body, staff) < At(page.body, citizen));
  }

  SECTION("a commune librarian: the courses of co-ban, required of her, first") {
    auto page = w.SignedIn("chi.mo", "/").Get("/");
    const size_t required = At(page.body, "Khóa học bắt buộc của bạn");
    CHECK(required < At(page.body, staff));
    CHECK(required < At(page.body, citizen));
    // Both are in that one group, in the catalogue's order (by slug).
    CHECK(At(page.body, staff) < At(page.body, citizen));
    CHECK_FALSE(Contains(page.body, "Khóa học cho người dân"));
  }

  SECTION("the filter is a GET form; a chosen audience keeps its own courses") {
    Browser guest(w.t);
    auto page = guest.Get("/");
    CHECK(Contains(page.body, "<form method=\"get\" action=\"/\""));
    CHECK(Contains(page.body, "<select id=\"f-audience\" name=\"audience\">"));
    auto citizens = guest.Get("/?audience=citizen");
    CheckAnswer(citizens, 200, {citizen, "<option value=\"citizen\" selected>"}, {staff});
    auto staff_only = guest.Get("/?audience=staff");
    CheckAnswer(staff_only, 200, {staff}, {citizen});
    CHECK(guest.Get("/?audience=").status == 200);  // "Tất cả" as the form sends it
    CHECK(guest.Get("/?audience=robots").status == 400);
  }
}

TEST_CASE("register: back to what the person was doing, never to another site", "[path]") {
  TestSite t{FixturePath("content-learning")};
  auto [next, location] = GENERATE(table<std::string, std::string>({
      {"/courses/may-tinh", "/courses/may-tinh"},
      {"/courses/may-tinh/bat-may?x=1", "/courses/may-tinh/bat-may?x=1"},
      {"", "/me?done=path_welcome"},
      {"//evil.com", "/"},
      {"https://evil.com", "/"},
      {"/\\evil.com", "/"},
  }));
  CAPTURE(next);
  Browser b(t);
  auto form = b.Get("/register?next=" + PercentEncode(next));
  REQUIRE(form.status == 200);
  auto res = b.Post("/register", {{"display_name", "Trần Văn Bình"},
                                  {"username", "binh.tran"},
                                  {"password", kPassword},
                                  {"confirm_password", kPassword},
                                  {"next", next}});
  testing::CheckRedirect(res, location);
  if (next.empty()) {
    CheckAnswer(b.Get(location), 200, {"Chào mừng bạn!"}, {});
  }
}

TEST_CASE("register: the form keeps next, and the header link comes back to the page", "[path]") {
  TestSite t{FixturePath("content-learning")};
  Browser b(t);
  auto form = b.Get("/register?next=%2Fcourses%2Fmay-tinh");
  CHECK(Contains(form.body, "<input type=\"hidden\" name=\"next\" value=\"/courses/may-tinh\">"));
  CHECK(Contains(form.body, "href=\"/login?next=%2Fcourses%2Fmay-tinh\""));
  // Opened from the header's link: back to the page it was on, on this site only.
  CHECK(NextFromReferer(t, "http://lophoc.test/courses/may-tinh?lang=vi#x") ==
        "/courses/may-tinh?lang=vi");
  CHECK(NextFromReferer(t, "http://lophoc.test/") == "/");
  CHECK(NextFromReferer(t, "http://evil.com/courses/may-tinh").empty());
  CHECK(NextFromReferer(t, "http://lophoc.test.evil.com/x").empty());
  CHECK(NextFromReferer(t, "http://lophoc.test/login?next=%2Fme").empty());
  CHECK(NextFromReferer(t, "http://lophoc.test//evil.com") == "/");
  // The login page's link to register passes next on.
  CHECK(Contains(b.Get("/login?next=%2Fcourses%2Fmay-tinh").body,
                 "href=\"/register?next=%2Fcourses%2Fmay-tinh\""));
}

TEST_CASE("register: every error at once, each at its field, values kept, never the password",
          "[path]") {
  TestSite t{FixturePath("content-learning")};
  Browser b(t);
  REQUIRE(b.Get("/register").status == 200);
  auto res = b.Post("/register", {{"display_name", "Trần Văn Minh"},
                                  {"username", "x"},
                                  {"password", "short"},
                                  {"confirm_password", "other"}});
  CHECK(res.status == 400);
  for (const std::string field : {"username", "password", "confirm_password"}) {
    CAPTURE(field);
    CHECK(Contains(res.body, "id=\"f-" + field + "-error\""));
    CHECK(Contains(res.body, "<a href=\"#f-" + field + "\">"));  // in the summary
  }
  CHECK_FALSE(Contains(res.body, "id=\"f-display_name-error\""));
  CHECK(Contains(res.body, "Tên đăng nhập cần"));
  CHECK(Contains(res.body, "ít nhất 10 ký tự"));
  CHECK(Contains(res.body, "không giống nhau"));
  CHECK(Contains(res.body,
                 "aria-describedby=\"f-password-hint f-password-error\" aria-invalid=\"true\""));
  CHECK(Contains(res.body, "value=\"Trần Văn Minh\""));
  CHECK(Contains(res.body, "value=\"x\""));
  CHECK_FALSE(Contains(res.body, "value=\"short\""));
  CHECK_FALSE(Contains(res.body, "value=\"other\""));
  // All empty: each field says it is needed.
  auto empty = b.Post("/register", {{"display_name", ""}, {"username", ""}, {"password", ""}});
  for (const std::string field : {"display_name", "username", "password"}) {
    CAPTURE(field);
    CHECK(Contains(empty.body, "id=\"f-" + field + "-error\""));
  }
}

TEST_CASE("account page: staff fields and API tokens for staff only", "[path]") {
  TestWorld w;
  w.StandardTree();
  w.AddAccounts({{"dan", {Role::kLearner}, "", "", "", "Dân"},
                 {"chi.mo", {Role::kLearner}, "A1", "SA1", "commune_librarian", "Chị Mơ"}});
  CheckAnswer(w.SignedIn("dan", "/").Get("/account"), 200, {"Dân"},
              {"Đơn vị", "Không có", "/account/tokens"});
  CheckAnswer(w.SignedIn("chi.mo", "/").Get("/account"), 200, {"Đơn vị", "SA1", "/account/tokens"},
              {});
}

}  // namespace lophoc::http
