// /readyz: whether the server should get traffic (the database takes writes,
// the schema is current), against /healthz, which only says it is alive.
#include "server/app/readiness.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/support/test_site.h"

namespace lophoc::testing {
namespace {

using nlohmann::json;

}  // namespace

TEST_CASE("readyz answers 200 with every check when the database takes writes", "[readyz]") {
  TestSite t;
  http::HttpResponse res = t.Get("/readyz");
  REQUIRE(res.status == 200);
  CHECK(res.HeaderValue("Cache-Control") == "no-store");
  json body = json::parse(res.body);
  CHECK(body["status"] == "ready");
  CHECK(body["checks"]["database"] == json({{"ok", true}, {"detail", "takes writes"}}));
  CHECK(body["checks"]["schema"] == json({{"ok", true}, {"detail", "current"}}));
}

TEST_CASE("readyz answers 503 naming the check that failed while healthz stays 200", "[readyz]") {
  TestSite t;
  {
    auto conn = t.db().Acquire();
    REQUIRE(conn->Exec("PRAGMA user_version = 999").ok());
  }
  http::HttpResponse res = t.Get("/readyz");
  REQUIRE(res.status == 503);
  json body = json::parse(res.body);
  CHECK(body["status"] == "not_ready");
  CHECK(body["checks"]["database"]["ok"] == true);
  CHECK(body["checks"]["schema"]["ok"] == false);
  CHECK(body["checks"]["schema"]["detail"].get<std::string>().rfind("schema version 999, expected ",
                                                                    0) == 0);
  CHECK(t.Get("/healthz").status == 200);
}

TEST_CASE("Readiness runs every check in order and reports a throwing one as failed", "[readyz]") {
  app::Readiness r;
  r.Add("first", []() -> Result<std::string> { return std::string("fine"); });
  r.Add("second", []() -> Result<std::string> { return Status::IOError("disk full"); });
  r.Add("third", []() -> Result<std::string> { throw std::runtime_error("boom"); });
  auto found = r.Check();
  REQUIRE(found.size() == 3);
  CHECK((found[0].name == "first" && found[0].ok && found[0].detail == "fine"));
  CHECK((found[1].name == "second" && !found[1].ok && found[1].detail == "disk full"));
  CHECK((found[2].name == "third" && !found[2].ok && found[2].detail == "boom"));
}

}  // namespace lophoc::testing
