#include "courses/pictures.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "courses/markdown.h"

namespace lophoc::courses {
namespace {

std::string Fixture(const std::string& name) {
  std::ifstream in(std::string(LOPHOC_TEST_FIXTURES) + "/pictures/" + name, std::ios::binary);
  REQUIRE(in);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

CoursePackage Package() {
  CoursePackage p;
  p.slug = "may-tinh";
  for (const char* name : {"anh-chup.png", "so-do-rong.svg", "co-kich-thuoc.svg"}) {
    p.files.push_back({std::string("images/") + name, "", Fixture(name)});
  }
  return p;
}

std::string Media(const std::string& path) { return "/courses/may-tinh/media/" + path; }

}  // namespace

TEST_CASE("picture sizes come from PNG, JPEG and GIF headers and SVG attributes",
          "[courses][pictures]") {
  const auto png = ReadImageSize("images/anh-chup.png", Fixture("anh-chup.png"));
  REQUIRE(png);
  CHECK(png->width == 640);
  CHECK(png->height == 360);
  // SOI, an APP0 segment, then SOF0: precision, height 120, width 200.
  const std::string jpeg("\xFF\xD8\xFF\xE0\x00\x04\x00\x00\xFF\xC0\x00\x11\x08\x00\x78\x00\xC8\x03",
                         18);
  const auto jpg = ReadImageSize("a.jpg", jpeg + std::string(16, '\0'));
  REQUIRE(jpg);
  CHECK(jpg->width == 200);
  CHECK(jpg->height == 120);
  const auto gif = ReadImageSize("a.gif", std::string("GIF89a\x10\x00\x08\x00", 10));
  REQUIRE(gif);
  CHECK(gif->width == 16);
  CHECK(gif->height == 8);
  const auto wide = ReadImageSize("images/so-do-rong.svg", Fixture("so-do-rong.svg"));
  REQUIRE(wide);
  CHECK(wide->width == 860);  // the viewBox, without width and height
  CHECK(wide->height == 430);
  CHECK(wide->smallest_font == 13);  // from style="font-size: 13px"
  const auto sized = ReadImageSize("images/co-kich-thuoc.svg", Fixture("co-kich-thuoc.svg"));
  REQUIRE(sized);
  CHECK(sized->width == 300);  // width and height win over the viewBox
  CHECK(sized->height == 150);
  CHECK(sized->smallest_font == 10);  // 20 viewBox units drawn at half size
  CHECK_FALSE(ReadImageSize("a.png", "not a picture"));
  CHECK_FALSE(ReadImageSize("a.svg", "<svg viewBox=\"0 0 0 0\"></svg>"));
}

TEST_CASE("a lesson picture gets its size, a full-size link and lazy loading after the first",
          "[courses][pictures]") {
  const PackagePictures pictures(Package());
  PictureOptions options;
  options.lookup = [&](std::string_view url) { return pictures.Find(url, Media); };
  const auto r = RenderMarkdown(
      "Mở đầu\n\n![Ảnh chụp màn hình](images/anh-chup.png)\n\n"
      "![Sơ đồ \"rộng\"](images/so-do-rong.svg)\n\n[![Trong liên "
      "kết](images/anh-chup.png)](https://example.org)\n",
      [](std::string_view url, bool image) {
        return image ? std::optional<std::string>(Media(std::string(url))) : std::nullopt;
      },
      options);
  CAPTURE(r.html);
  // The first picture: no lazy loading (it may be on the first screen).
  CHECK(
      r.html.find("<a class=\"picture-open\" href=\"/courses/may-tinh/media/images/anh-chup.png\" "
                  "aria-label=\"Xem ảnh cỡ lớn: Ảnh chụp màn hình\"><img "
                  "src=\"/courses/may-tinh/media/images/anh-chup.png\" alt=\"Ảnh chụp màn hình\" "
                  "width=\"640\" height=\"360\" /></a>") != std::string::npos);
  // The SVG: its viewBox size, lazy, and a sideways box wide enough for 11 px labels
  // (860 x 11 / 13 = 728 px, so the 800 px class).
  CHECK(r.html.find("<span class=\"picture-scroll pmin-800\" tabindex=\"0\" role=\"group\" "
                    "aria-label=\"Sơ đồ &quot;rộng&quot;\"><a class=\"picture-open\"") !=
        std::string::npos);
  CHECK(r.html.find("alt=\"Sơ đồ &quot;rộng&quot;\" width=\"860\" height=\"430\" loading=\"lazy\" "
                    "decoding=\"async\" /></a></span><span class=\"picture-hint\">Kéo sang ngang "
                    "để xem hết hình</span>") != std::string::npos);
  // A picture inside a link is not wrapped in a second link.
  CHECK(r.html.find("<a href=\"https://example.org\"><img src=\"/courses/may-tinh/media/images/"
                    "anh-chup.png\" alt=\"Trong liên kết\" width=\"640\" height=\"360\" "
                    "loading=\"lazy\" decoding=\"async\" /></a>") != std::string::npos);
}

TEST_CASE("a narrow variant of an SVG is the phone's picture source", "[courses][pictures]") {
  CoursePackage p = Package();
  p.files.push_back({"images/so-do-rong.narrow.svg", "",
                     "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 400 600\">"
                     "<text font-size=\"16\">Nhãn</text></svg>"});
  const PackagePictures pictures(p);
  const auto info = pictures.Find("./images/so-do-rong.svg", Media);
  REQUIRE(info);
  CHECK(info->narrow_url == "/courses/may-tinh/media/images/so-do-rong.narrow.svg");
  CHECK(info->readable_width == 0);  // no sideways box
  PictureOptions options;
  options.lookup = [&](std::string_view url) { return pictures.Find(url, Media); };
  options.open_label = "Open full size";
  const auto r = RenderMarkdown("![Sơ đồ](images/so-do-rong.svg)", {}, options);
  CHECK(r.html ==
        "<p><a class=\"picture-open\" href=\"images/so-do-rong.svg\" aria-label=\"Open full size: "
        "Sơ đồ\"><picture><source media=\"(max-width: 600px)\" "
        "srcset=\"/courses/may-tinh/media/images/so-do-rong.narrow.svg\" width=\"400\" "
        "height=\"600\" /><img src=\"images/so-do-rong.svg\" alt=\"Sơ đồ\" width=\"860\" "
        "height=\"430\" /></picture></a></p>\n");
  CHECK_FALSE(pictures.Find("images/khong-co.svg", Media));
}

TEST_CASE("the bundled narrow diagrams keep every label readable on a 360 px phone",
          "[courses][pictures]") {
  namespace fs = std::filesystem;
  const fs::path content = fs::path(LOPHOC_TEST_FIXTURES) / ".." / ".." / "content";
  int narrow = 0;
  for (const auto& course : fs::directory_iterator(content)) {
    const fs::path images = course.path() / "images";
    if (!fs::is_directory(images)) continue;
    for (const auto& file : fs::directory_iterator(images)) {
      const std::string name = file.path().filename().string();
      if (name.size() < 11 || name.substr(name.size() - 11) != ".narrow.svg") continue;
      CAPTURE(name);
      ++narrow;
      std::ifstream in(file.path(), std::ios::binary);
      const std::string bytes((std::istreambuf_iterator<char>(in)),
                              std::istreambuf_iterator<char>());
      const auto size = ReadImageSize(name, bytes);
      REQUIRE(size);
      // Shown 328 px wide (a 360 px screen less the page margins).
      CHECK(size->smallest_font * 328 / size->width >= kReadableLabelPx);
      CHECK(fs::exists(images / (name.substr(0, name.size() - 11) + ".svg")));
      CHECK(bytes.find("<title") != std::string::npos);
      CHECK(bytes.find("<desc") != std::string::npos);
    }
  }
  CHECK(narrow >= 5);
}

}  // namespace lophoc::courses
