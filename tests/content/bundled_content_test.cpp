// The bundled curriculum in content/ meets the bar of docs/ and issue 3:
// every package loads and renders, lessons are real lessons, quizzes are
// complete, programmes name real courses.
#include <set>
#include <sstream>

#include <catch2/catch.hpp>

#include "assessments/quiz_parser.h"
#include "courses/markdown.h"
#include "courses/package_loader.h"

namespace lophoc {
namespace {

const std::string kContent = std::string(LOPHOC_SOURCE_DIR) + "/content";

int CountWords(const std::string& text) {
  std::istringstream in(text);
  std::string word;
  int n = 0;
  while (in >> word) {
    // A word has at least one letter or digit (not a lone dash or bullet).
    bool has_letter = false;
    for (unsigned char c : word) has_letter = has_letter || std::isalnum(c) || c >= 0x80;
    n += has_letter ? 1 : 0;
  }
  return n;
}

courses::LoadedContent LoadBundled() {
  Diagnostics diags;
  courses::LoadedContent c = courses::LoadContent(kContent, diags);
  for (const auto& d : diags.items()) UNSCOPED_INFO(d.ToString());
  REQUIRE(diags.items().empty());
  return c;
}

}  // namespace

TEST_CASE("the curriculum has its eleven courses for citizens and staff", "[content]") {
  courses::LoadedContent c = LoadBundled();
  std::set<std::string> slugs;
  int citizen = 0;
  int staff = 0;
  for (const auto& pkg : c.courses) {
    slugs.insert(pkg.slug);
    citizen += pkg.audience == courses::Audience::kCitizen;
    staff += pkg.audience == courses::Audience::kStaff;
    CAPTURE(pkg.slug);
    CHECK(pkg.lessons.size() >= 4);
    CHECK(pkg.lessons.size() <= 8);
    CHECK_FALSE(pkg.title_en.empty());
    CHECK_FALSE(pkg.summary_en.empty());
    CHECK(pkg.quiz.has_value());
  }
  for (const char* s : {"may-tinh-lan-dau", "internet-an-toan", "thu-dien-tu-nhan-tin-goi-video",
                        "dich-vu-cong-truc-tuyen", "hoc-tap-suot-doi-voi-thu-vien",
                        "van-hanh-diem-truy-cap-internet", "chuyen-doi-so-thu-vien",
                        "an-toan-thong-tin-thu-vien", "dien-thoai-thong-minh",
                        "thanh-toan-khong-dung-tien-mat", "ai-va-tin-gia"}) {
    CAPTURE(s);
    CHECK(slugs.count(s) == 1);
  }
  CHECK(c.courses.size() == 11);
  CHECK(citizen >= 7);
  CHECK(staff >= 3);
}

TEST_CASE("every lesson renders and teaches at least 300 words", "[content]") {
  courses::LoadedContent c = LoadBundled();
  for (const auto& pkg : c.courses) {
    for (const auto& lesson : pkg.lessons) {
      CAPTURE(pkg.slug, lesson.file_name);
      courses::RenderedMarkdown r = courses::RenderMarkdown(lesson.markdown);
      CHECK(r.html.find("raw HTML omitted") == std::string::npos);
      CHECK_FALSE(r.toc.empty());
      CHECK(CountWords(r.plain_text) >= 300);
    }
  }
}

TEST_CASE("every quiz has at least 10 complete questions and a pass mark", "[content]") {
  courses::LoadedContent c = LoadBundled();
  for (size_t i = 0; i < c.courses.size(); ++i) {
    const auto& pkg = c.courses[i];
    CAPTURE(pkg.slug);
    REQUIRE(pkg.quiz.has_value());
    Diagnostics diags;
    FileDiagnostics d(&diags, c.course_dirs[i] + "/quiz.md");
    auto quiz = assessments::ParseQuiz(*pkg.quiz, d);
    for (const auto& m : diags.items()) UNSCOPED_INFO(m.ToString());
    REQUIRE(quiz.has_value());
    CHECK(diags.items().empty());  // no warning either: every question has feedback
    CHECK(quiz->questions.size() >= 10);
    CHECK(quiz->settings.pass_mark > 0);
    std::set<assessments::QuestionType> types;
    for (const auto& q : quiz->questions) types.insert(q.type);
    CHECK(types.size() >= 3);  // a mix of question types
  }
}

TEST_CASE("the programmes name bundled courses", "[content]") {
  courses::LoadedContent c = LoadBundled();
  REQUIRE(c.programmes.size() >= 2);
  bool refresher = false;
  bool initial = false;
  for (const auto& p : c.programmes) {
    refresher = refresher || !p.refresher_courses.empty();
    initial = initial || !p.initial_courses.empty();
    CHECK(p.rule.validity_months == 24);
  }
  CHECK(refresher);
  CHECK(initial);
}

}  // namespace lophoc
