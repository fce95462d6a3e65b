#include "courses/package_loader.h"

#include <algorithm>

#include <catch2/catch.hpp>

namespace lophoc::courses {
namespace {

const std::string kFixtures = LOPHOC_TEST_FIXTURES;

std::vector<std::string> Messages(const Diagnostics& d) {
  std::vector<std::string> out;
  for (const auto& i : d.items()) out.push_back(i.ToString());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("a valid content tree loads every part of the format", "[courses][loader]") {
  Diagnostics diags;
  LoadedContent c = LoadContent(kFixtures + "/content-good", diags);
  CAPTURE(Messages(diags));
  REQUIRE(diags.items().empty());
  REQUIRE(c.courses.size() == 2);
  CHECK(c.packages_found == 2);
  const CoursePackage& dk = c.courses[0];  // folders load in name order: dang-ky, tin-hoc
  CHECK(dk.slug == "dang-ky-tai-khoan");
  CHECK(dk.audience == Audience::kStaff);
  CHECK(dk.language == "vi");
  const CoursePackage& th = c.courses[1];
  CHECK(th.slug == "tin-hoc-co-ban");
  CHECK(th.title_en == "Basic computing");
  CHECK(th.minutes == 30);
  CHECK(th.tags == std::vector<std::string>{"máy tính", "cơ bản"});
  REQUIRE(th.lessons.size() == 2);
  CHECK(th.lessons[0].slug == "man-hinh");
  CHECK(th.lessons[0].title == "Màn hình và bàn phím");
  CHECK(th.lessons[0].minutes == 10);
  CHECK(th.lessons[0].body_first_line == 6);
  CHECK(th.lessons[1].slug == "chuot");
  REQUIRE(th.files.size() == 1);
  CHECK(th.files[0].path == "images/man-hinh.svg");
  CHECK(th.files[0].content_type == "image/svg+xml");
  REQUIRE(c.programmes.size() == 1);
  CHECK(c.programmes[0].refresher_courses.empty());  // kind: initial
  CHECK(c.programmes[0].rule.validity_months == 24);
  CHECK(c.programmes[0].initial_courses ==
        std::vector<std::string>{"tin-hoc-co-ban", "dang-ky-tai-khoan"});
  CHECK(c.programmes[0].staff_categories ==
        std::vector<std::string>{"commune_librarian", "post_office_staff"});
}

TEST_CASE("one course folder can be loaded on its own", "[courses][loader]") {
  Diagnostics diags;
  LoadedContent c = LoadContent(kFixtures + "/content-good/tin-hoc", diags);
  CHECK(diags.items().empty());
  REQUIRE(c.courses.size() == 1);
  CHECK(c.courses[0].slug == "tin-hoc-co-ban");
}

TEST_CASE("every problem of the broken tree is reported at its file and line",
          "[courses][loader]") {
  Diagnostics diags;
  const std::string b = kFixtures + "/content-broken";
  LoadedContent c = LoadContent(b, diags);
  // Valid as packages: bad-quiz (its quiz is checked by the app layer) and
  // dup-a, the first holder of the duplicated slug.
  REQUIRE(c.courses.size() == 2);
  CHECK(c.courses[0].slug == "quiz-sai");
  CHECK(c.courses[1].slug == "trung-lap");
  CHECK(c.packages_found == 13);
  const std::vector<std::string> expected = {
      b + "/bad-front/course.md:1: front matter is not closed: add a line '---' after the last "
          "'key: value'",
      b + "/bad-lesson-name/gioi-thieu.md:1: lesson file name must look like 01-lesson-slug.md",
      b + "/bad-utf8/01-bai.md:5: invalid UTF-8: save the file as UTF-8",
      b + "/bad-values/course.md:2: slug 'Gia-Tri-Sai' must be 2-64 lower-case ASCII letters, "
          "digits and single hyphens",
      b + "/bad-values/course.md:5: audience must be citizen, staff or all",
      b + "/bad-values/course.md:6: 'minutes' must be a whole number from 1 to 10000",
      b + "/bad-values/course.md:7: unknown key 'colour'",
      b + "/dup-b/course.md:2: slug 'trung-lap' is already used by " + b + "/dup-a",
      b + "/escape/01-bai.md:5: '../../../etc/passwd.png' points outside the course package",
      b + "/js-link/01-bai.md:5: link 'javascript:alert(1)' must start with http:, https:, "
          "mailto:, tel: or be a file of the package",
      b + "/missing-image/01-bai.md:7: picture 'images/khong-co.svg' does not exist in the package",
      b + "/no-slug/course.md:1: missing required key 'slug' in front matter",
      b + "/programmes/sai.md:1: programme names course 'khong-ton-tai', which is not in " + b,
      b + "/programmes/sai.md:4: kind must be initial or refresher",
      b + "/programmes/sai.md:5: unknown staff category 'commune-library' (now "
          "'commune_librarian')",
      b + "/programmes/sai.md:5: unknown staff category 'librarian'",
      b + "/reserved-lesson/01-quiz.md:1: lesson slug 'quiz' is reserved",
      b + "/reserved-lesson/course.md:6: lesson_done must be button or end",
      b + "/script/01-bai.md:7: raw HTML is not allowed (<script>alert(1)</script>): write "
          "Markdown instead",
  };
  std::vector<std::string> sorted = expected;
  std::sort(sorted.begin(), sorted.end());
  CHECK(Messages(diags) == sorted);
  CHECK(c.programmes.empty());
}

TEST_CASE("a missing folder is an error, not a crash", "[courses][loader]") {
  Diagnostics diags;
  LoadedContent c = LoadContent(kFixtures + "/no-such-folder", diags);
  CHECK(c.courses.empty());
  CHECK(diags.HasErrors());
}

}  // namespace lophoc::courses
