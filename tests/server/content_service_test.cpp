#include "server/app/content_service.h"

#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>

#include "tests/support/test_site.h"

namespace lophoc::app {
namespace fs = std::filesystem;
using testing::FixturePath;
using testing::TestSite;

namespace {

fs::path TempDir(const std::string& name) {
  fs::path p = fs::temp_directory_path() / ("lophoc-test-" + name);
  fs::remove_all(p);
  return p;
}

void Append(const fs::path& file, const std::string& text) {
  std::ofstream out(file, std::ios::app);
  out << text;
}

}  // namespace

TEST_CASE("import is idempotent and keeps a revision per change", "[app][content]") {
  TestSite t;  // imports content-good once
  fs::path copy = TempDir("import");
  fs::copy(FixturePath("content-good"), copy, fs::copy_options::recursive);

  Diagnostics d1;
  auto again = t.content().Import(copy, "test", d1);
  REQUIRE(again.ok());
  REQUIRE(again->imported.size() == 2);
  for (const auto& c : again->imported) {
    CHECK(c.outcome == courses::SaveOutcome::kUnchanged);
    CHECK(c.revision == 1);
  }

  Append(copy / "tin-hoc" / "02-chuot.md", "\nThêm một câu.\n");
  Diagnostics d2;
  auto changed = t.content().Import(copy, "test", d2);
  REQUIRE(changed.ok());
  CHECK(changed->imported[1].slug == "tin-hoc-co-ban");
  CHECK(changed->imported[1].outcome == courses::SaveOutcome::kUpdated);
  CHECK(changed->imported[1].revision == 2);
  CHECK(changed->imported[0].outcome == courses::SaveOutcome::kUnchanged);
  auto lesson = t.courses().GetLesson("tin-hoc-co-ban", "chuot");
  REQUIRE(lesson.ok());
  CHECK(lesson->rendered->html.find("Thêm một câu.") != std::string::npos);
  fs::remove_all(copy);
}

TEST_CASE("a broken package is refused and the previous revision keeps serving",
          "[app][content]") {
  TestSite t;
  fs::path copy = TempDir("refuse");
  fs::copy(FixturePath("content-good"), copy, fs::copy_options::recursive);
  Append(copy / "tin-hoc" / "01-man-hinh.md", "\n<script>alert(1)</script>\n");
  Diagnostics diags;
  auto report = t.content().Import(copy, "test", diags);
  REQUIRE(report.ok());
  CHECK(report->refused == 1);
  CHECK(diags.HasErrors());
  CHECK(diags.items()[0].ToString().find("01-man-hinh.md:") != std::string::npos);
  auto lesson = t.courses().GetLesson("tin-hoc-co-ban", "man-hinh");
  REQUIRE(lesson.ok());
  CHECK(lesson->course->revision_number == 1);
  CHECK(lesson->rendered->html.find("script") == std::string::npos);
  fs::remove_all(copy);
}

TEST_CASE("export writes a package that imports back unchanged", "[app][content]") {
  TestSite t;
  fs::path out = TempDir("export");
  REQUIRE(t.content().Export("tin-hoc-co-ban", out).ok());
  CHECK(fs::exists(out / "course.md"));
  CHECK(fs::exists(out / "01-man-hinh.md"));
  CHECK(fs::exists(out / "02-chuot.md"));
  CHECK(fs::exists(out / "images" / "man-hinh.svg"));
  Diagnostics diags;
  auto report = t.content().Import(out, "test", diags);
  CAPTURE(diags.items().empty() ? "" : diags.items()[0].ToString());
  REQUIRE(report.ok());
  REQUIRE(report->imported.size() == 1);
  CHECK(report->imported[0].outcome == courses::SaveOutcome::kUnchanged);
  // Exporting into a non-empty folder is refused.
  CHECK(t.content().Export("tin-hoc-co-ban", out).code() == StatusCode::kAlreadyExists);
  CHECK(t.content().Export("khong-co", TempDir("export2")).code() == StatusCode::kNotFound);
  fs::remove_all(out);
}

TEST_CASE("CheckContent reports quiz problems too", "[app][content]") {
  Diagnostics diags;
  auto valid = CheckContent(FixturePath("content-broken"), diags);
  bool quiz_error = false;
  for (const auto& d : diags.items()) {
    if (d.file.find("bad-quiz/quiz.md") != std::string::npos && d.line == 6) quiz_error = true;
  }
  CHECK(quiz_error);
  for (const auto& c : valid.courses) CHECK(c.slug != "quiz-sai");
}

TEST_CASE("the content hash changes with any part of a package", "[app][content]") {
  Diagnostics diags;
  auto content = courses::LoadContent(FixturePath("content-good"), diags);
  REQUIRE(content.courses.size() == 2);
  courses::CoursePackage p = content.courses[1];
  const std::string base = PackageContentHash(p);
  CHECK(PackageContentHash(p) == base);
  auto mutate = GENERATE(range(0, 5));
  courses::CoursePackage q = p;
  switch (mutate) {
    case 0: q.title += "!"; break;
    case 1: q.lessons[0].markdown += "x"; break;
    case 2: q.files[0].bytes += " "; break;
    case 3: q.quiz = "---\ntitle: q\n---\n"; break;
    case 4: q.tags.push_back("mới"); break;
  }
  CAPTURE(mutate);
  CHECK(PackageContentHash(q) != base);
}

}  // namespace lophoc::app
