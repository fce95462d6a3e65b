// Handler tests: the whole site without a socket.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>

#include <catch2/catch.hpp>

#include "server/storage/course_store_sqlite.h"
#include "tests/support/test_site.h"

namespace lophoc::http {
using nlohmann::json;
using testing::TestSite;

namespace {

bool Contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("pages and API answer with the right status and type", "[http][site]") {
  TestSite t;
  auto [path, status, type] = GENERATE(table<std::string, int, std::string>({
      {"/", 200, "text/html"},
      {"/?audience=citizen", 200, "text/html"},
      {"/?audience=robots", 400, "text/html"},
      {"/courses/tin-hoc-co-ban", 200, "text/html"},
      {"/courses/tin-hoc-co-ban/man-hinh", 200, "text/html"},
      {"/courses/tin-hoc-co-ban/media/images/man-hinh.svg", 200, "image/svg+xml"},
      {"/courses/tin-hoc-co-ban/media/course.md", 404, "text/html"},
      {"/courses/tin-hoc-co-ban/media/../course.md", 404, "text/html"},
      {"/courses/khong-co", 404, "text/html"},
      {"/courses/tin-hoc-co-ban/khong-co", 404, "text/html"},
      {"/courses/../../etc/passwd", 404, "text/html"},
      {"/search", 200, "text/html"},
      {"/search?q=tin+hoc", 200, "text/html"},
      {"/search?q=%21%21", 400, "text/html"},
      {"/healthz", 200, "application/json"},
      {"/static/css/site.css", 200, "text/css"},
      {"/static/../server/main.cpp", 404, "text/plain"},
      {"/static/i18n/vi.json", 404, "text/plain"},
      {"/static/templates/layout.mustache", 404, "text/plain"},
      {"/api/v1/courses", 200, "application/json"},
      {"/api/v1/courses?audience=staff", 200, "application/json"},
      {"/api/v1/courses?audience=x", 400, "application/json"},
      {"/api/v1/courses/tin-hoc-co-ban", 200, "application/json"},
      {"/api/v1/courses/khong-co", 404, "application/json"},
      {"/api/v1/courses/tin-hoc-co-ban/lessons/chuot", 200, "application/json"},
      {"/api/v1/courses/tin-hoc-co-ban/lessons/khong-co", 404, "application/json"},
      {"/api/v1/search?q=dang+ky", 200, "application/json"},
      {"/api/v1/search", 400, "application/json"},
      {"/api/v1/search?q=", 400, "application/json"},
      {"/api/v1/nothing", 404, "application/json"},
      {"/api/v1/openapi.json", 200, "application/json"},
  }));
  CAPTURE(path);
  HttpResponse res = t.Get(path);
  CHECK(res.status == status);
  CHECK(res.content_type.rfind(type, 0) == 0);
  if (res.status >= 400 && type == "application/json") {
    json body = json::parse(res.body);
    CHECK(body["error"]["code"].is_string());
    CHECK_FALSE(body["error"]["message"].get<std::string>().empty());
  }
}

TEST_CASE("every response carries the security headers", "[http][site]") {
  TestSite t;
  for (const std::string path : {"/", "/api/v1/courses", "/khong-co", "/static/css/site.css"}) {
    CAPTURE(path);
    HttpResponse res = t.Get(path);
    CHECK(Contains(res.HeaderValue("Content-Security-Policy"), "frame-ancestors 'none'"));
    CHECK(Contains(res.HeaderValue("Content-Security-Policy"), "script-src 'self'"));
    CHECK(res.HeaderValue("X-Content-Type-Options") == "nosniff");
    CHECK(res.HeaderValue("Referrer-Policy") == "same-origin");
  }
  // Package pictures (possibly SVG with script) are sandboxed.
  HttpResponse svg = t.Get("/courses/tin-hoc-co-ban/media/images/man-hinh.svg");
  CHECK(Contains(svg.HeaderValue("Content-Security-Policy"), "sandbox"));
}

TEST_CASE("names with markup are shown escaped", "[http][site][security]") {
  TestSite t;
  for (const std::string path : {"/", "/courses/tin-hoc-co-ban", "/courses/tin-hoc-co-ban/man-hinh",
                                 "/search?q=tin+hoc"}) {
    CAPTURE(path);
    HttpResponse res = t.Get(path);
    REQUIRE(res.status == 200);
    CHECK_FALSE(Contains(res.body, "<script>"));
    CHECK(Contains(res.body, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"));
  }
  HttpResponse q = t.Get("/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
  CHECK_FALSE(Contains(q.body, "<script>alert(1)"));
}

TEST_CASE("the lesson page has TOC, navigation and accessible structure", "[http][site]") {
  TestSite t;
  HttpResponse res = t.Get("/courses/tin-hoc-co-ban/man-hinh");
  REQUIRE(res.status == 200);
  const std::string& b = res.body;
  CHECK(Contains(b, "<html lang=\"vi\">"));
  CHECK(Contains(b, "href=\"#main\""));
  CHECK(Contains(b, "<main id=\"main\""));
  CHECK(Contains(b, "<h1>Màn hình và bàn phím</h1>"));
  CHECK(Contains(b, "<a href=\"#man-hinh\">Màn hình</a>"));
  CHECK(Contains(b, "<h2 id=\"man-hinh\">"));
  CHECK(Contains(b, "class=\"sub\"><a href=\"#do-sang\">"));
  CHECK(Contains(b, "href=\"/courses/tin-hoc-co-ban/chuot\" rel=\"next\""));
  CHECK(Contains(b, "alt=\"Sơ đồ màn hình\""));
  CHECK(Contains(b, "<label for=\"site-search\">"));
  CHECK(Contains(b, "Bài 1/2"));
}

TEST_CASE("English interface by ?lang=en, remembered by cookie", "[http][site][i18n]") {
  TestSite t;
  HttpResponse en = t.Get("/courses/tin-hoc-co-ban?lang=en");
  CHECK(Contains(en.body, "<html lang=\"en\">"));
  CHECK(Contains(en.body, "<h1>Basic computing</h1>"));
  CHECK(Contains(en.body, "Start learning"));
  CHECK(Contains(en.HeaderValue("Set-Cookie"), "lang=en"));
  CHECK(Contains(en.HeaderValue("Set-Cookie"), "SameSite=Lax"));
  HttpResponse again = t.Get("/", {{"cookie", "lang=en"}});
  CHECK(Contains(again.body, "<html lang=\"en\">"));
  HttpResponse vi = t.Get("/", {{"accept-language", "vi-VN,vi;q=0.9"}});
  CHECK(Contains(vi.body, "Các khóa học"));
}

TEST_CASE("lesson JSON carries rendered HTML, TOC and neighbours", "[http][api]") {
  TestSite t;
  HttpResponse res = t.Get("/api/v1/courses/tin-hoc-co-ban/lessons/man-hinh");
  REQUIRE(res.status == 200);
  json j = json::parse(res.body);
  CHECK(j["slug"] == "man-hinh");
  CHECK(j["course"]["slug"] == "tin-hoc-co-ban");
  CHECK(j["position"] == 1);
  CHECK(j["lesson_count"] == 2);
  CHECK(j["previous"].is_null());
  CHECK(j["next"]["slug"] == "chuot");
  CHECK(j["toc"].size() == 3);
  CHECK(Contains(j["html"].get<std::string>(), "<h2 id=\"ban-phim\">"));
  json list = json::parse(t.Get("/api/v1/courses").body);
  CHECK(list["count"] == 2);
  json staff = json::parse(t.Get("/api/v1/courses?audience=citizen").body);
  CHECK(staff["count"] == 1);
  CHECK(staff["courses"][0]["slug"] == "tin-hoc-co-ban");
}

TEST_CASE("search API finds Vietnamese text without diacritics", "[http][api][search]") {
  TestSite t;
  json j = json::parse(t.Get("/api/v1/search?q=dang%20ky").body);
  REQUIRE(j["count"].get<int>() >= 1);
  CHECK(j["results"][0]["course"]["slug"] == "dang-ky-tai-khoan");
  bool marked = false;
  for (const auto& p : j["results"][0]["snippet_parts"]) {
    if (p["match"].get<bool>()) marked = true;
  }
  CHECK(marked);
}

TEST_CASE("wrong methods, bodies and media types get JSON errors", "[http][site]") {
  TestSite t;
  HttpRequest del;
  del.method = "DELETE";
  del.path = "/api/v1/courses";
  HttpResponse r405 = t.Send(del);
  CHECK(r405.status == 405);
  CHECK(r405.HeaderValue("Allow") == "GET, HEAD");
  CHECK(json::parse(r405.body)["error"]["code"] == "method_not_allowed");

  HttpRequest big;
  big.method = "POST";
  big.path = "/api/v1/courses";
  big.headers["content-type"] = "application/json";
  big.body = std::string(65 * 1024, 'x');
  HttpResponse r413 = t.Send(big);
  CHECK(r413.status == 413);
  CHECK(json::parse(r413.body)["error"]["code"] == "too_large");

  HttpRequest form;
  form.method = "POST";
  form.path = "/api/v1/courses";
  form.headers["content-type"] = "text/plain";
  form.body = "hello";
  HttpResponse r415 = t.Send(form);
  CHECK(r415.status == 415);
  CHECK(json::parse(r415.body)["error"]["code"] == "unsupported_media_type");
}

TEST_CASE("static files: ETag, immutable cache id, 304, gzip", "[http][static]") {
  TestSite t;
  HttpResponse first = t.Get("/static/css/site.css?v=abc");
  REQUIRE(first.status == 200);
  const std::string etag = first.HeaderValue("ETag");
  CHECK(etag.size() > 4);
  CHECK(Contains(first.HeaderValue("Cache-Control"), "immutable"));
  CHECK_FALSE(first.HeaderValue("Last-Modified").empty());
  HttpResponse again = t.Get("/static/css/site.css", {{"if-none-match", etag}});
  CHECK(again.status == 304);
  CHECK(again.body.empty());
  HttpResponse gz = t.Get("/static/css/site.css", {{"accept-encoding", "gzip"}});
  CHECK(gz.HeaderValue("Content-Encoding") == "gzip");
  CHECK(gz.body.size() < first.body.size());
  HttpResponse page = t.Get("/", {{"accept-encoding", "gzip, br"}});
  CHECK(page.HeaderValue("Content-Encoding") == "gzip");
  CHECK(page.HeaderValue("Vary") == "Accept-Encoding");
  // Layout links CSS with its cache id.
  CHECK(Contains(t.Get("/").body, "/static/css/site.css?v="));
}

TEST_CASE("draining answers 503 with Retry-After", "[http][site]") {
  TestSite t;
  t.site().BeginDrain();
  HttpResponse res = t.Get("/api/v1/courses");
  CHECK(res.status == 503);
  CHECK(res.HeaderValue("Retry-After") == "5");
}

}  // namespace lophoc::http

namespace lophoc::http {

TEST_CASE("cached pages and JSON follow an import at once", "[http][site][cache]") {
  namespace fs = std::filesystem;
  TestSite t;
  const std::string page = "/courses/tin-hoc-co-ban/chuot";
  const std::string api = "/api/v1/courses/tin-hoc-co-ban/lessons/chuot";
  auto first = t.Get(page);
  REQUIRE(first.status == 200);
  REQUIRE(t.site().cache().entries() == 1);
  auto again = t.Get(page);
  CHECK(again.body == first.body);
  CHECK(t.site().cache().entries() == 1);

  // Languages, gzip and queries: each answer is the one an uncached site gives.
  auto en = t.Get(page + "?lang=en");
  CHECK(Contains(en.body, "<html lang=\"en\""));
  CHECK(en.HeaderValue("Set-Cookie").find("lang=en") == 0);
  CHECK(t.site().cache().entries() == 2);
  auto gz = t.Get(page, {{"accept-encoding", "gzip"}});
  CHECK(gz.HeaderValue("Content-Encoding") == "gzip");
  CHECK(gz.HeaderValue("Vary") == "Accept-Encoding");
  auto searched = t.Get(page + "?q=chu%E1%BB%99t");
  CHECK(Contains(searched.body, "value=\"chuột\""));
  CHECK(t.site().cache().entries() == 2);  // not kept: the query is not just lang
  CHECK(t.Get("/courses/tin-hoc-co-ban/khong-co").status == 404);
  CHECK(t.site().cache().entries() == 2);  // errors are not kept
  REQUIRE(t.Get(api).status == 200);

  fs::path copy = fs::temp_directory_path() / "lophoc-test-cache-import";
  fs::remove_all(copy);
  fs::copy(testing::FixturePath("content-good"), copy, fs::copy_options::recursive);
  std::ofstream(copy / "tin-hoc" / "02-chuot.md", std::ios::app) << "\nCâu mới sau khi nhập lại.\n";
  Diagnostics diags;
  REQUIRE(t.content().Import(copy, "test", diags).ok());
  fs::remove_all(copy);

  CHECK(Contains(t.Get(page).body, "Câu mới sau khi nhập lại."));
  CHECK(Contains(t.Get(api).body, "Câu mới sau khi nhập lại."));
  CHECK(t.site().cache().entries() == 2);  // the old generation's entries are gone
}

}  // namespace lophoc::http

namespace lophoc::http {

TEST_CASE("a failing database gives 500 without internals, as JSON and as a page",
          "[http][site][errors]") {
  TestSite t;
  REQUIRE(t.Get("/api/v1/courses").status == 200);
  {
    auto conn = t.db().Acquire();
    REQUIRE(conn->Exec("DROP TABLE meta").ok());  // the content generation is gone
  }
  // The generation is read again once the last reading is this old.
  std::this_thread::sleep_for(
      std::chrono::nanoseconds(storage::SqliteCourseStore::kGenerationRecheckNs + 50'000'000));
  auto api = t.Get("/api/v1/courses");
  CHECK(api.status == 500);
  CHECK(api.content_type.rfind("application/json", 0) == 0);
  json body = json::parse(api.body);
  CHECK(body["error"]["code"] == "internal");
  CHECK_FALSE(Contains(api.body, "no such table"));  // no SQL errors leak
  auto page = t.Get("/courses/tin-hoc-co-ban/man-hinh");
  CHECK(page.status == 500);
  CHECK(page.content_type.rfind("text/html", 0) == 0);
  CHECK(Contains(page.body, "<h1>"));
  CHECK_FALSE(Contains(page.body, "no such table"));
}

}  // namespace lophoc::http
