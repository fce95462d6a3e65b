// The real Pistache server on an ephemeral loopback port, spoken to over HTTP.
#include <chrono>
#include <thread>

#include <nlohmann/json.hpp>

#include <catch2/catch.hpp>

#include "server/storage/course_store_sqlite.h"
#include "tests/support/http_client.h"
#include "tests/support/test_site.h"

namespace lophoc::http {
using nlohmann::json;
using testing::HttpFetch;
using testing::TestSite;

TEST_CASE("the real server answers pages, API and errors over HTTP", "[integration]") {
  TestSite t;
  const uint16_t port = t.StartServer(64 * 1024);

  auto health = HttpFetch(port, "GET", "/healthz");
  CHECK(health.status == 200);
  CHECK(json::parse(health.body)["status"] == "ok");

  auto page = HttpFetch(port, "GET", "/courses/tin-hoc-co-ban/man-hinh");
  CHECK(page.status == 200);
  CHECK(page.Header("content-type") == "text/html; charset=utf-8");
  CHECK(page.Header("x-content-type-options") == "nosniff");
  CHECK(page.Header("content-security-policy").find("frame-ancestors 'none'") != std::string::npos);

  auto vn = HttpFetch(port, "GET", "/api/v1/search?q=%C4%91%C4%83ng%20k%C3%BD");  // "đăng ký"
  CHECK(vn.status == 200);
  CHECK(json::parse(vn.body)["count"].get<int>() >= 1);

  auto bad_utf8 = HttpFetch(port, "GET", "/api/v1/search?q=%FF%FE");
  CHECK(bad_utf8.status == 400);
  CHECK(json::parse(bad_utf8.body)["error"]["code"] == "invalid_argument");

  auto bad_escape = HttpFetch(port, "GET", "/search?q=%E1%BB");
  CHECK(bad_escape.status == 400);

  for (const std::string target : {"/static/..%2f..%2fserver%2fmain.cpp", "/static/%2e%2e/%2e%2e/etc/passwd",
                                   "/courses/tin-hoc-co-ban/media/..%2fcourse.md",
                                   "/courses/..%2f..%2fetc/passwd"}) {
    CAPTURE(target);
    auto r = HttpFetch(port, "GET", target);
    CHECK(r.status == 404);
    CHECK(r.body.find("root:") == std::string::npos);
  }

  auto head = HttpFetch(port, "HEAD", "/api/v1/courses");
  CHECK(head.status == 200);
  CHECK(head.body.empty());

  auto put = HttpFetch(port, "PUT", "/api/v1/courses", {{"Content-Type", "application/json"}}, "{}");
  CHECK(put.status == 405);
  CHECK(put.Header("allow") == "GET, HEAD");

  auto gz = HttpFetch(port, "GET", "/", {{"Accept-Encoding", "gzip"}});
  CHECK(gz.Header("content-encoding") == "gzip");
}

TEST_CASE("requests over the size limit get 413, the server keeps serving", "[integration]") {
  TestSite t;
  const uint16_t port = t.StartServer(16 * 1024);
  auto big = HttpFetch(port, "POST", "/api/v1/courses", {{"Content-Type", "application/json"}},
                       std::string(64 * 1024, 'x'));
  CHECK(big.status == 413);
  auto fine = HttpFetch(port, "GET", "/healthz");
  CHECK(fine.status == 200);
}

TEST_CASE("a course imported by another process is served without restart", "[integration]") {
  const std::string path = "/tmp/lophoc-integration-reload.db";
  for (const char* s : {"", "-wal", "-shm"}) std::remove((path + s).c_str());
  TestSite server_side(testing::FixturePath("content-good/tin-hoc"), path);
  const uint16_t port = server_side.StartServer();
  auto before = HttpFetch(port, "GET", "/api/v1/courses/dang-ky-tai-khoan");
  CHECK(before.status == 404);
  {
    // A second process would open the same file: model it with a second site.
    TestSite importer(testing::FixturePath("content-good"), path);
  }
  // Another process's commit is seen once the server's last reading of the
  // content generation is this old (its own commits are seen at once).
  std::this_thread::sleep_for(
      std::chrono::nanoseconds(storage::SqliteCourseStore::kGenerationRecheckNs + 50'000'000));
  auto after = HttpFetch(port, "GET", "/api/v1/courses/dang-ky-tai-khoan");
  CHECK(after.status == 200);
  for (const char* s : {"", "-wal", "-shm"}) std::remove((path + s).c_str());
}

}  // namespace lophoc::http
