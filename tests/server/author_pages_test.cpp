// Handler tests of the web editor (server/http/author_pages.cpp and
// author_edit_pages.cpp) through the whole site without a socket: who may
// enter, CSRF, previews that escape, errors with their lines, and a saved
// lesson reaching the public lesson page.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "server/http/author_pages.h"
#include "tests/support/test_browser.h"
#include "tests/support/test_world.h"

namespace lophoc::http {
namespace {

using people::Role;
using testing::Browser;
using testing::Contains;
using testing::Fields;

constexpr const char* kLessonUrl = "/author/courses/tin-hoc-co-ban/lessons/chuot";

struct World : testing::TestWorld {
  World() {
    // The fixture courses are national: a trainer of the root authors them.
    Must(t.people().CreateOrgUnit(cli, {"VN", "Việt Nam", "nation", ""}));
    AddAccounts({{"co.lan", {Role::kTrainer}, "VN", "", "", "Cô Lan"},
                 {"root.admin", {Role::kAdmin}, "", "", "", "Quản trị"},
                 {"hoc.vien", {Role::kLearner}, "", "", "", "Học viên"}});
    Must(t.people().CreateOrgUnit(cli, {"A", "Tỉnh A", "province", ""}));
    AddAccount({"quan.ly", {Role::kManager}, "A", "", "", "Quản lý"});
  }
  Browser As(const std::string& username) { return SignedIn(username); }
};

// The value of the hidden field `name` on a page.
constexpr auto& Hidden = testing::FieldValue;

// The editor's form at `url` (a lesson or the quiz) posted with the "save"
// action: `text` written over revision `base`.
HttpResponse Save(Browser& b, const std::string& url, const std::string& text,
                  const std::string& base) {
  return b.Post(url, {{"text", text}, {"action", "save"}, {"base_revision", base}});
}

// A multipart form with a file part named "file" called `file_name`.
HttpResponse PostFile(Browser& b, const std::string& target, const std::string& csrf,
                      const Fields& fields, const std::string& file_name,
                      const std::string& data) {
  const std::string boundary = "----lophocAuthorBoundary";
  Fields all = fields;
  all.emplace_back("csrf_token", csrf);
  return b.Send("POST", target,
                testing::MultipartBody(boundary, all, file_name, "application/octet-stream", data),
                "multipart/form-data; boundary=" + boundary);
}

}  // namespace

TEST_CASE("the editor: guests sign in first, learners and managers are refused",
          "[author_pages]") {
  World w;
  const std::string path = GENERATE(
      "/author", "/author/courses/tin-hoc-co-ban", "/author/courses/tin-hoc-co-ban/history",
      "/author/courses/tin-hoc-co-ban/lessons/chuot", "/author/courses/tin-hoc-co-ban/quiz",
      "/author/courses/tin-hoc-co-ban/package.zip",
      "/author/courses/tin-hoc-co-ban/media/images/man-hinh.svg");
  CAPTURE(path);
  Browser guest(w.t.site());
  HttpResponse g = guest.Get(path);
  CHECK(g.status == 303);
  CHECK(g.HeaderValue("Location").rfind("/login?next=", 0) == 0);
  for (const char* who : {"hoc.vien", "quan.ly"}) {
    CAPTURE(who);
    Browser b = w.As(who);
    CHECK(b.Get(path).status == 403);
  }
  for (const char* who : {"co.lan", "root.admin"}) {
    CAPTURE(who);
    Browser b = w.As(who);
    HttpResponse res = b.Get(path);
    CHECK(res.status == 200);
    CHECK(Contains(res.HeaderValue("Cache-Control"), "no-store"));
  }
}

TEST_CASE("posts need the CSRF token and the role", "[author_pages][security]") {
  World w;
  Browser tr = w.As("co.lan");
  HttpResponse page = tr.Get(kLessonUrl);
  REQUIRE(page.status == 200);
  const std::string base = Hidden(page.body, "base_revision");
  CHECK(tr.Post(kLessonUrl, {{"text", "x"}, {"action", "save"}, {"base_revision", base}}, false)
            .status == 403);
  CHECK(tr.Post("/author/courses/tin-hoc-co-ban/publish", {{"published", "0"}}, false).status ==
        403);
  Browser learner = w.As("hoc.vien");
  REQUIRE(learner.Get("/account").status == 200);  // the session's CSRF token
  CHECK(learner.Post("/author/courses/tin-hoc-co-ban/publish", {{"published", "0"}}).status ==
        403);
  CHECK(w.t.courses().GetCourse("tin-hoc-co-ban").ok());
}

TEST_CASE("a trainer previews and saves a lesson, learners see it on the lesson page",
          "[author_pages]") {
  World w;
  Browser tr = w.As("co.lan");
  HttpResponse page = tr.Get(kLessonUrl);
  REQUIRE(page.status == 200);
  CHECK(Contains(page.body, "<textarea"));
  CHECK(Contains(page.body, "title: Con chuột"));
  const std::string base = Hidden(page.body, "base_revision");
  const std::string text =
      "---\ntitle: Chuột máy tính\n---\n\n## Cầm chuột\n\nĐặt tay nhẹ lên chuột. `<script>alert(1)</script>`\n";
  HttpResponse preview =
      tr.Post(kLessonUrl, {{"text", text}, {"action", "preview"}, {"base_revision", base}});
  CHECK(preview.status == 200);
  CHECK(Contains(preview.body, "Cầm chuột</h2>"));
  CHECK_FALSE(Contains(preview.body, "<script>alert(1)"));
  CHECK(Contains(preview.body, "&lt;script&gt;alert(1)&lt;/script&gt;"));
  // The preview stored nothing.
  CHECK_FALSE(Contains(w.t.Get("/courses/tin-hoc-co-ban/chuot").body, "Đặt tay nhẹ"));
  HttpResponse saved = Save(tr, kLessonUrl, text, base);
  REQUIRE(saved.status == 303);
  CHECK(saved.HeaderValue("Location") == std::string(kLessonUrl) + "?saved=1");
  HttpResponse lesson = w.t.Get("/courses/tin-hoc-co-ban/chuot");
  REQUIRE(lesson.status == 200);
  CHECK(Contains(lesson.body, "Đặt tay nhẹ lên chuột."));
  CHECK(Contains(lesson.body, "Chuột máy tính"));
  HttpResponse history = tr.Get("/author/courses/tin-hoc-co-ban/history");
  CHECK(Contains(history.body, "co.lan"));
  CHECK(Contains(history.body, "sửa bài: chuot"));
}

TEST_CASE("errors are listed with their lines and the text is kept", "[author_pages]") {
  World w;
  Browser tr = w.As("co.lan");
  HttpResponse page = tr.Get(kLessonUrl);
  const std::string base = Hidden(page.body, "base_revision");
  const std::string text = "---\ntitle: Chuột\n---\n\nDòng bốn.\n<b>đậm</b>\n";
  HttpResponse res = Save(tr, kLessonUrl, text, base);
  CHECK(res.status == 400);
  CHECK(Contains(res.body, "dòng 6: Không được viết mã HTML (&lt;b&gt;). Hãy viết bằng Markdown."));
  CHECK(Contains(res.body, "Dòng bốn.\n&lt;b&gt;đậm&lt;/b&gt;"));  // kept, escaped
  CHECK(Contains(w.As("co.lan").Get(kLessonUrl + std::string("?lang=en")).body, "title: Con chuột"));
  // A quiz with no correct answer, in English.
  HttpResponse quiz_page = tr.Get("/author/courses/tin-hoc-co-ban/quiz?lang=en");
  REQUIRE(quiz_page.status == 200);
  const std::string quiz = "---\ntitle: Q\n---\n\n## cau-1 [single]\nHỏi?\n\n- [ ] A\n- [ ] B\n";
  HttpResponse q = Save(tr, "/author/courses/tin-hoc-co-ban/quiz?lang=en", quiz, base);
  CHECK(q.status == 400);
  CHECK(Contains(q.body, "line 5: "));
  // A stale form: 409 with the text kept.
  REQUIRE(Save(tr, kLessonUrl, "---\ntitle: Chuột\n---\n\nMới.\n", base).status == 303);
  testing::CheckAnswer(Save(tr, kLessonUrl, "---\ntitle: Chuột\n---\n\nCũ.\n", base), 409,
                       {"Cũ."});
}

TEST_CASE("a lesson as long as the format allows can be saved, more is 413",
          "[author_pages][limits]") {
  World w;
  Browser tr = w.As("co.lan");
  HttpResponse page = tr.Get(kLessonUrl);
  const std::string base = Hidden(page.body, "base_revision");
  std::string text = "---\ntitle: Chuột\n---\n\n";
  const std::string line = "Bàn phím và chuột là hai thiết bị nhập liệu.\n";
  while (text.size() + line.size() < 250 * 1024) text += line;
  CHECK(Save(tr, kLessonUrl, text, base).status == 303);
  CHECK(w.t.course_store().LoadCourseWithFiles("tin-hoc-co-ban")->revision_number == 2);
  HttpResponse huge = PostFile(tr, "/author/courses/tin-hoc-co-ban/pictures",
                               Hidden(page.body, "csrf_token"), {{"base_revision", "2"}},
                               "to.png", std::string(4 * 1024 * 1024, 'x'));
  CHECK(huge.status == 413);
}

TEST_CASE("publish, pictures and zip through the pages", "[author_pages]") {
  World w;
  Browser tr = w.As("root.admin");
  HttpResponse course = tr.Get("/author/courses/tin-hoc-co-ban");
  REQUIRE(course.status == 200);
  const std::string csrf = Hidden(course.body, "csrf_token");
  CHECK(Contains(course.body, "02-chuot.md"));
  REQUIRE(tr.Post("/author/courses/tin-hoc-co-ban/publish", {{"published", "0"}}).status == 303);
  CHECK(w.t.Get("/courses/tin-hoc-co-ban").status == 404);
  CHECK(Contains(tr.Get("/author").body, "Chưa công bố"));
  // Preview pictures of an unpublished course still show in the editor.
  CHECK(tr.Get("/author/courses/tin-hoc-co-ban/media/images/man-hinh.svg").status == 200);
  CHECK(tr.Get("/author/courses/tin-hoc-co-ban/media/../course.md").status == 404);
  REQUIRE(tr.Post("/author/courses/tin-hoc-co-ban/publish", {{"published", "1"}}).status == 303);
  CHECK(w.t.Get("/courses/tin-hoc-co-ban").status == 200);

  HttpResponse bad = PostFile(tr, "/author/courses/tin-hoc-co-ban/pictures", csrf,
                              {{"base_revision", "1"}}, "x.png", "not a png");
  CHECK(bad.status == 400);
  CHECK(Contains(bad.body, "x.png"));
  const std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + "data";
  HttpResponse good = PostFile(tr, "/author/courses/tin-hoc-co-ban/pictures", csrf,
                               {{"base_revision", "1"}}, "Sơ đồ.png", png);
  REQUIRE(good.status == 303);
  CHECK(Contains(good.HeaderValue("Location"), "images%2Fso-do.png"));

  HttpResponse zip = tr.Get("/author/courses/tin-hoc-co-ban/package.zip");
  REQUIRE(zip.status == 200);
  CHECK(zip.content_type == "application/zip");
  CHECK(zip.body.rfind("PK", 0) == 0);
  HttpResponse back = PostFile(tr, "/author/courses/tin-hoc-co-ban/package", csrf, {},
                               "tin-hoc.zip", zip.body);
  CHECK(back.status == 303);
  HttpResponse junk = PostFile(tr, "/author/upload", csrf, {}, "x.zip", "not a zip");
  CHECK(junk.status == 400);
  CHECK(Contains(junk.body, "error-summary"));
}

TEST_CASE("a new course from the list page starts unpublished", "[author_pages]") {
  World w;
  Browser tr = w.As("co.lan");
  REQUIRE(tr.Get("/author").status == 200);
  HttpResponse made = tr.Post("/author/courses", {{"slug", "tra-cuu"}, {"title", "Tra cứu <b>"}});
  REQUIRE(made.status == 303);
  CHECK(made.HeaderValue("Location") == "/author/courses/tra-cuu?created=1");
  HttpResponse page = tr.Get("/author/courses/tra-cuu?created=1");
  CHECK(Contains(page.body, "Tra cứu &lt;b&gt;"));
  CHECK(w.t.Get("/courses/tra-cuu").status == 404);
  HttpResponse taken = tr.Post("/author/courses", {{"slug", "tra-cuu"}, {"title", "Lại"}});
  CHECK(taken.status == 409);
  testing::CheckAnswer(tr.Post("/author/courses", {{"slug", "Sai"}, {"title", ""}}), 400,
                       {"error-summary"});
}

TEST_CASE("the editor says a refusal in the reader's language, at its line or field",
          "[author_pages][refusals]") {
  // An unknown front matter key, on line 3; a slug that is none.
  auto [lang, line_says, field_says] = GENERATE(table<std::string, std::string, std::string>({
      {"vi", "dòng 3: Không có mục “mau” trong phần thông tin của tệp này.",
       "Tên (slug) cần 2–64 chữ thường không dấu, chữ số và dấu gạch nối “-”."},
      {"en", "line 3: The front matter of this file has no key “mau”.",
       "The slug needs 2–64 lower-case letters without accents, digits and hyphens “-”."},
  }));
  CAPTURE(lang);
  World w;
  Browser tr = w.As("co.lan");
  const std::string query = "?lang=" + lang;
  HttpResponse page = testing::Page(tr, kLessonUrl + query);
  HttpResponse lesson = Save(tr, kLessonUrl + query, "---\ntitle: Chuột\nmau: đỏ\n---\n\nChữ.\n",
                             Hidden(page.body, "base_revision"));
  CHECK(lesson.status == 400);
  CHECK(Contains(lesson.body, line_says));
  // A new course with a bad slug: said at the slug field, which keeps it.
  HttpResponse course =
      tr.Post("/author/courses" + query, {{"slug", "Tin Học"}, {"title", "Tin học"}});
  CHECK(course.status == 400);
  CHECK(Contains(course.body, testing::FieldErrorTag("slug") + field_says + "</p>"));
  CHECK(Contains(course.body, "value=\"Tin Học\""));
  CHECK_FALSE(Contains(course.body, "id=\"f-title-error\""));
}

TEST_CASE("removing a lesson asks first and removes nothing until confirmed",
          "[author_pages][confirm]") {
  World w;
  Browser tr = w.As("co.lan");
  // A lesson no other page links to.
  const std::string base =
      Hidden(testing::Page(tr, "/author/courses/tin-hoc-co-ban").body, "base_revision");
  REQUIRE(
      tr.Post("/author/courses/tin-hoc-co-ban/lessons",
              {{"lesson_slug", "ban-phim"}, {"lesson_title", "Bàn phím"}, {"base_revision", base}})
          .status == 303);
  const std::string lesson = "/author/courses/tin-hoc-co-ban/lessons/ban-phim";
  const std::string now =
      Hidden(testing::Page(tr, "/author/courses/tin-hoc-co-ban").body, "base_revision");
  const std::string remove = lesson + "/remove";
  testing::CheckAnswer(tr.Post(remove, {{"base_revision", now}}), 200,
                       {"Xóa bài “Bàn phím” khỏi khóa học", "name=\"confirm\" value=\"1\"",
                        "name=\"base_revision\" value=\"" + now + "\"", "action=\"" + remove + "\"",
                        "href=\"/author/courses/tin-hoc-co-ban\""});
  CHECK(tr.Get(lesson).status == 200);
  // A manager may not even be asked.
  CHECK(w.As("quan.ly").Post(remove, {{"base_revision", now}}).status == 403);
  testing::CheckRedirect(tr.Post(remove, {{"base_revision", now}, {"confirm", "1"}}),
                         "/author/courses/tin-hoc-co-ban?saved=1");
  CHECK(tr.Get(lesson).status == 404);
}

}  // namespace lophoc::http
