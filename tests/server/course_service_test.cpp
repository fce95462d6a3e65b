#include "server/app/course_service.h"

#include <catch2/catch.hpp>

#include "tests/support/test_site.h"

namespace lophoc::app {
using testing::TestSite;

TEST_CASE("search is case- and diacritic-insensitive, đ included", "[app][search]") {
  TestSite t;
  auto [query, course, lesson] = GENERATE(table<std::string, std::string, std::string>({
      {"tin hoc", "tin-hoc-co-ban", ""},
      {"TIN HỌC", "tin-hoc-co-ban", ""},
      {"dang ky", "dang-ky-tai-khoan", ""},
      {"Đăng Ký", "dang-ky-tai-khoan", ""},
      {"nhay dup", "tin-hoc-co-ban", "chuot"},
      {"man hinh", "tin-hoc-co-ban", "man-hinh"},
      {"ban phi", "tin-hoc-co-ban", "man-hinh"},  // last term is a prefix
  }));
  CAPTURE(query);
  auto r = t.courses().Search(query, 10);
  REQUIRE(r.ok());
  bool found = false;
  for (const auto& hit : r->hits) {
    const std::string l = hit.lesson ? hit.lesson->slug : "";
    if (hit.course->package.slug == course && (lesson.empty() || l == lesson)) found = true;
  }
  CHECK(found);
}

TEST_CASE("search rejects empty, over-long and invalid input", "[app][search]") {
  TestSite t;
  auto bad = GENERATE(as<std::string>{}, "", "   ", "!!!", std::string(201, 'a'), "\xC3\x28");
  CAPTURE(bad);
  auto r = t.courses().Search(bad, 10);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kInvalidArgument);
}

TEST_CASE("FTS syntax in a query is taken literally", "[app][search]") {
  TestSite t;
  for (const std::string q : {"\"", "NEAR(a b)", "a OR b", "title_folded:x", "*", "(-)"}) {
    CAPTURE(q);
    auto r = t.courses().Search(q, 10);
    if (!r.ok()) CHECK(r.status().code() == StatusCode::kInvalidArgument);
  }
  CHECK(BuildFtsQuery({"a", "or", "b"}) == "\"a\" \"or\" \"b\"*");
}

TEST_CASE("snippets highlight matching words around the first match", "[app][search]") {
  std::string text;
  for (int i = 0; i < 40; ++i) text += "chữ" + std::to_string(i) + " ";
  text += "Đăng ký ngay hôm nay";
  auto parts = MakeSnippet(text, SearchTerms("dang ky"));
  REQUIRE(parts.size() >= 3);
  CHECK(parts.front().text.rfind("… chữ30 ", 0) == 0);  // ten words before the match
  bool marked = false;
  std::string joined;
  for (const auto& p : parts) {
    joined += p.text;
    if (p.match) {
      marked = true;
      CHECK((p.text == "Đăng" || p.text == "ký" || p.text == "Đăng ký"));
    }
  }
  CHECK(marked);
  CHECK(joined.find("chữ29") == std::string::npos);
  CHECK(joined.find("chữ5 ") == std::string::npos);
}

TEST_CASE("rendered lessons are cached per revision", "[app][cache]") {
  TestSite t;
  auto a = t.courses().GetLesson("tin-hoc-co-ban", "man-hinh");
  auto b = t.courses().GetLesson("tin-hoc-co-ban", "man-hinh");
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(a->rendered.get() == b->rendered.get());
  CHECK(a->rendered->html.find("/courses/tin-hoc-co-ban/media/images/man-hinh.svg") != std::string::npos);
  CHECK(a->rendered->html.find("href=\"/courses/tin-hoc-co-ban/chuot#nhay-dup\"") != std::string::npos);
  CHECK(a->previous == nullptr);
  REQUIRE(a->next != nullptr);
  CHECK(a->next->slug == "chuot");
}

TEST_CASE("unknown courses and lessons are NotFound", "[app]") {
  TestSite t;
  CHECK(t.courses().GetCourse("khong-co").status().code() == StatusCode::kNotFound);
  CHECK(t.courses().GetLesson("tin-hoc-co-ban", "khong-co").status().code() == StatusCode::kNotFound);
  CHECK(t.courses().GetLesson("..", "etc").status().code() == StatusCode::kNotFound);
  CHECK(t.courses().GetFile("tin-hoc-co-ban", "../course.md").status().code() == StatusCode::kNotFound);
}

}  // namespace lophoc::app
