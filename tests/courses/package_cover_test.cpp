// The `cover:` of course.md (docs/course-format.md): a picture of the package,
// kept in the course model; outside the package, of another type or missing,
// it is an error at its line.
#include <stdlib.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "courses/package_loader.h"

namespace lophoc::courses {
namespace {

namespace fs = std::filesystem;

void Write(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << text;
}

// A one-lesson package in `dir` whose course.md has `cover_line` on line 6
// (empty: no cover line) and a picture images/cover.svg.
void WritePackage(const fs::path& dir, const std::string& cover_line) {
  Write(dir / "course.md",
        "---\nslug: bia-khoa-hoc\ntitle: Bìa khóa học\nsummary: Thử bìa.\n"
        "audience: citizen\n" +
            (cover_line.empty() ? "" : cover_line + "\n") + "---\nGiới thiệu.\n");
  Write(dir / "01-bai-mot.md", "---\ntitle: Bài một\n---\nNội dung.\n");
  Write(dir / "images" / "cover.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 120 80\"/>");
}

struct Loaded {
  std::optional<CoursePackage> package;
  Diagnostics diags;
};

Loaded LoadWith(const std::string& cover_line) {
  std::string dir = (fs::temp_directory_path() / "lophoc-cover-XXXXXX").string();
  REQUIRE(mkdtemp(dir.data()) != nullptr);
  WritePackage(fs::path(dir) / "bia", cover_line);
  Loaded out;
  out.package = LoadCoursePackage(fs::path(dir) / "bia", "bia", out.diags);
  std::error_code ec;
  fs::remove_all(dir, ec);
  return out;
}

}  // namespace

TEST_CASE("a course declares its cover picture in course.md", "[courses][loader][cover]") {
  Loaded l = LoadWith("cover: images/cover.svg");
  CHECK(l.diags.items().empty());
  REQUIRE(l.package.has_value());
  CHECK(l.package->cover == "images/cover.svg");
  REQUIRE(l.package->FindFile("images/cover.svg") != nullptr);
}

TEST_CASE("a course without a cover line has no cover", "[courses][loader][cover]") {
  Loaded l = LoadWith("");
  CHECK(l.diags.items().empty());
  REQUIRE(l.package.has_value());
  CHECK(l.package->cover.empty());
}

TEST_CASE("a cover that is missing, escapes the package or is no picture is refused at its line",
          "[courses][loader][cover]") {
  struct Case {
    std::string line, reason, message;
  };
  const Case cases[] = {
      {"cover: images/bia.svg", "picture_missing",
       "bia/course.md:6: cover 'images/bia.svg' does not exist in the package"},
      {"cover: ../khac/images/cover.svg", "picture_not_in_package",
       "bia/course.md:6: cover '../khac/images/cover.svg' must be a picture inside the package, "
       "like images/cover.svg"},
      {"cover: /etc/cover.svg", "picture_not_in_package",
       "bia/course.md:6: cover '/etc/cover.svg' must be a picture inside the package, like "
       "images/cover.svg"},
      {"cover: https://example.org/cover.svg", "picture_not_in_package",
       "bia/course.md:6: cover 'https://example.org/cover.svg' must be a picture inside the "
       "package, like images/cover.svg"},
      {"cover: 01-bai-mot.md", "picture_type",
       "bia/course.md:6: cover '01-bai-mot.md' must be .svg, .png, .jpg, .gif or .webp"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.line);
    Loaded l = LoadWith(c.line);
    CHECK_FALSE(l.package.has_value());
    REQUIRE(l.diags.items().size() == 1);
    CHECK(l.diags.items()[0].ToString() == c.message);
    CHECK(l.diags.items()[0].reason == c.reason);
    CHECK(l.diags.items()[0].params.at("target") == c.line.substr(7));
  }
}

}  // namespace lophoc::courses
