// The site's face (issue 15): the wordmark and logo in the header, icons next
// to the main actions, and the bundled courses' cover pictures, declared in
// each package's course.md and shown on the catalogue and course pages.
#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>

#include "tests/support/test_site.h"

namespace lophoc::http {
namespace {

using nlohmann::json;
using testing::SourcePath;
using testing::TestSite;

bool Contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

size_t Count(const std::string& s, const std::string& part) {
  size_t n = 0;
  for (size_t at = s.find(part); at != std::string::npos; at = s.find(part, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("the header shows the wordmark with its diacritics, the logo and icons", "[http][face]") {
  TestSite t;
  for (const char* lang : {"vi", "en"}) {
    CAPTURE(lang);
    HttpResponse res = t.Get(std::string("/?lang=") + lang);
    REQUIRE(res.status == 200);
    const std::string& b = res.body;
    // Text, not a picture of text, marked Vietnamese in both languages (WCAG 3.1.2).
    CHECK(Contains(b, "<span class=\"wordmark\" lang=\"vi\">lớp học</span>"));
    CHECK(Contains(b, "· lớp học</title>"));
    CHECK(std::regex_search(b, std::regex("<img src=\"/static/img/logo\\.svg\\?v=[0-9a-f]{8}\" "
                                          "alt=\"\" width=\"32\" height=\"32\">")));
    CHECK(std::regex_search(
        b, std::regex("<link rel=\"icon\" href=\"/static/img/logo\\.svg\\?v=[0-9a-f]{8}\"")));
    // Every icon is hidden from assistive technology; the action's text stays.
    CHECK(Count(b, "<svg class=\"icon\" aria-hidden=\"true\" focusable=\"false\">") == 4);
    CHECK(Contains(b, "#log-in\"/></svg> "));
  }
  HttpResponse logo = t.Get("/static/img/logo.svg");
  CHECK(logo.status == 200);
  CHECK(logo.content_type == "image/svg+xml");
  CHECK(logo.body.size() < 1024);
  HttpResponse icons = t.Get("/static/img/icons.svg");
  CHECK(icons.status == 200);
  for (const char* id :
       {"search", "book", "user", "user-plus", "log-in", "log-out", "shield", "pen"}) {
    CHECK(Contains(icons.body, std::string("<symbol id=\"") + id + "\""));
  }
}

TEST_CASE("every bundled course has a light cover shown on its card and its page",
          "[http][face][cover]") {
  TestSite t(SourcePath("content"));
  HttpResponse api = t.Get("/api/v1/courses");
  REQUIRE(api.status == 200);
  const json list = json::parse(api.body);
  REQUIRE(list["count"] == 11);
  HttpResponse catalogue = t.Get("/");
  REQUIRE(catalogue.status == 200);
  CHECK(Count(catalogue.body, "<img class=\"card-cover\"") == 11);
  for (const auto& c : list["courses"]) {
    const std::string slug = c["slug"];
    CAPTURE(slug);
    const std::string cover = "/courses/" + slug + "/media/images/cover.svg";
    REQUIRE(c.value("cover_url", "") == cover);
    CHECK(Contains(catalogue.body, "<img class=\"card-cover\" src=\"" + cover +
                                       "\" alt=\"\" width=\"72\" height=\"48\" loading=\"lazy\""));
    HttpResponse page = t.Get("/courses/" + slug);
    REQUIRE(page.status == 200);
    CHECK(Contains(page.body, "<img class=\"course-cover\" src=\"" + cover +
                                  "\" alt=\"\" width=\"120\" height=\"80\">"));
    HttpResponse picture = t.Get(cover);
    REQUIRE(picture.status == 200);
    CHECK(picture.content_type == "image/svg+xml");
    CHECK(picture.body.size() < 3 * 1024);
    CHECK(Contains(picture.body, "viewBox=\"0 0 120 80\""));
    CHECK_FALSE(Contains(picture.body, "<script"));
  }
}

TEST_CASE("a course without a cover shows no cover picture", "[http][face][cover]") {
  TestSite t;  // the fixture courses declare no cover
  HttpResponse catalogue = t.Get("/");
  REQUIRE(catalogue.status == 200);
  CHECK_FALSE(Contains(catalogue.body, "card-cover"));
  HttpResponse api = t.Get("/api/v1/courses/tin-hoc-co-ban");
  REQUIRE(api.status == 200);
  CHECK_FALSE(json::parse(api.body).contains("cover_url"));
  CHECK_FALSE(Contains(t.Get("/courses/tin-hoc-co-ban").body, "course-cover"));
}

}  // namespace lophoc::http
