// Search answers are cached twice (issue 17): CourseService keeps the hits of
// a normalised query (its folded terms) for the current content generation,
// and the site keeps guests' finished /search and /api/v1/search answers by
// the query as typed. A publish changes both at once; different queries
// never share an entry; both are bounded.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "server/app/course_service.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_site.h"

namespace lophoc::app {
namespace fs = std::filesystem;
using testing::FixturePath;
using testing::TestSite;

namespace {

// "course/lesson" of each hit, in order.
std::vector<std::string> HitKeys(const SearchResults& r) {
  std::vector<std::string> out;
  for (const auto& h : r.hits) {
    out.push_back(h.course->package.slug + "/" + (h.lesson ? h.lesson->slug : ""));
  }
  return out;
}

std::string Joined(const std::vector<SnippetPart>& parts) {
  std::string s;
  for (const auto& p : parts) s += (p.match ? "[" + p.text + "]" : p.text);
  return s;
}

bool Contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

// content-good with a sentence added to the lesson "chuot", imported again.
void PublishWord(TestSite& t, const fs::path& dir, const std::string& sentence) {
  fs::copy(FixturePath("content-good"), dir, fs::copy_options::recursive);
  std::ofstream(dir / "tin-hoc" / "02-chuot.md", std::ios::app) << "\n" << sentence << "\n";
  Diagnostics d;
  auto report = t.content().Import(dir, "test", d);
  REQUIRE(report.ok());
}

}  // namespace

TEST_CASE("search cache: queries with the same folded terms share one answer, others do not",
          "[app][search][search_cache]") {
  TestSite t;
  CourseService& courses = t.courses();
  auto screen = courses.Search("man hinh", 10);
  REQUIRE(screen.ok());
  REQUIRE_FALSE(screen->hits.empty());
  CHECK(courses.search_cache_entries() == 1);

  auto marked = courses.Search("Màn  HÌNH", 10);  // the same terms, typed otherwise
  REQUIRE(marked.ok());
  CHECK(courses.search_cache_entries() == 1);
  CHECK(marked->query == "Màn  HÌNH");  // the text given is what the answer repeats
  CHECK(HitKeys(*marked) == HitKeys(*screen));
  for (size_t i = 0; i < screen->hits.size(); ++i) {
    CHECK(Joined(marked->hits[i].snippet) == Joined(screen->hits[i].snippet));
  }

  auto mouse = courses.Search("nhay dup", 10);
  REQUIRE(mouse.ok());
  CHECK(courses.search_cache_entries() == 2);
  CHECK(HitKeys(*mouse) != HitKeys(*screen));
  REQUIRE_FALSE(mouse->hits.empty());
  CHECK(Contains(Joined(mouse->hits[0].snippet), "[Nháy]"));

  // A different limit is another answer.
  auto one = courses.Search("man hinh", 1);
  REQUIRE(one.ok());
  CHECK(one->hits.size() == 1);
  CHECK(courses.search_cache_entries() == 3);
}

TEST_CASE("search cache: a publish changes the answer at once", "[app][search][search_cache]") {
  TestSite t;
  testing::TempDir dir("lophoc-search-cache");
  auto before = t.courses().Search("kiwizebra", 10);
  REQUIRE(before.ok());
  CHECK(before->hits.empty());
  const auto page_before = t.Get("/search?q=kiwizebra");
  REQUIRE(page_before.status == 200);
  const auto api_before = t.Get("/api/v1/search?q=kiwizebra");
  REQUIRE(api_before.status == 200);
  CHECK(nlohmann::json::parse(api_before.body)["count"] == 0);
  CHECK(t.site().query_cache().entries() == 2);

  PublishWord(t, dir.path / "content", "Con kiwizebra ở đây.");

  auto after = t.courses().Search("kiwizebra", 10);
  REQUIRE(after.ok());
  REQUIRE(after->hits.size() == 1);
  CHECK(after->hits[0].lesson->slug == "chuot");
  CHECK(Joined(after->hits[0].snippet).find("[kiwizebra]") != std::string::npos);
  const auto api_after = t.Get("/api/v1/search?q=kiwizebra");
  REQUIRE(api_after.status == 200);
  CHECK(nlohmann::json::parse(api_after.body)["count"] == 1);
  const auto page_after = t.Get("/search?q=kiwizebra");
  REQUIRE(page_after.status == 200);
  CHECK(Contains(page_after.body, "<mark>kiwizebra</mark>"));
  CHECK_FALSE(Contains(page_before.body, "<mark>kiwizebra</mark>"));
}

TEST_CASE("search cache: the answer cache is bounded, and 0 turns it off",
          "[app][search][search_cache]") {
  TestSite t;
  CourseService small(&t.course_store(), 1500);
  for (const std::string q : {"man hinh", "nhay dup", "chuot", "tin hoc", "dang ky", "ban phim"}) {
    CAPTURE(q);
    auto r = small.Search(q, 1);
    REQUIRE(r.ok());
    CHECK(small.search_cache_bytes() <= 1500);
    CHECK(small.search_cache_entries() >= 1);  // the newest answer is kept
    // The same answer as the unbounded cache's.
    auto same = t.courses().Search(q, 1);
    REQUIRE(same.ok());
    CHECK(HitKeys(*r) == HitKeys(*same));
  }
  CHECK(small.search_cache_entries() < 6);

  CourseService off(&t.course_store(), 0);
  REQUIRE(off.Search("man hinh", 10).ok());
  CHECK(off.search_cache_entries() == 0);
}

TEST_CASE(
    "search cache: guests' answers are kept by the query as typed, per language, apart from pages",
    "[http][search][search_cache]") {
  TestSite t;
  const auto plain = t.Get("/search?q=man+hinh");
  REQUIRE(plain.status == 200);
  const auto marked = t.Get("/search?q=M%C3%A0n+h%C3%ACnh");
  REQUIRE(marked.status == 200);
  CHECK(Contains(plain.body, "“man hinh”"));
  CHECK(Contains(marked.body, "“Màn hình”"));  // not the other query's answer
  const auto english = t.Get("/search?q=man+hinh&lang=en");
  REQUIRE(english.status == 200);
  CHECK(english.body != plain.body);
  CHECK(t.site().query_cache().entries() == 3);
  // Served again from the cache: the same bytes.
  CHECK(t.Get("/search?q=man+hinh").body == plain.body);
  CHECK(t.site().query_cache().entries() == 3);
  // Refusals and odd queries are not kept; search answers never go into the page cache.
  CHECK(t.Get("/search?q=%21%21%21").status == 400);
  CHECK(t.Get("/search?q=chuot&utm=1").status == 200);
  CHECK(t.Get("/search?q=chuot&q=man").status == 200);
  CHECK(t.site().query_cache().entries() == 3);
  CHECK(t.site().cache().entries() == 0);
  // Escaped snippets and query, as before.
  const auto script = t.Get("/search?q=%3Cscript%3Echuot");
  REQUIRE(script.status == 200);
  CHECK_FALSE(Contains(script.body, "<script>chuot"));
  CHECK(Contains(script.body, "&lt;script&gt;chuot"));
}

}  // namespace lophoc::app
