// /readyz: whether the server should get traffic (the database takes writes,
// the schema is current), against /healthz, which only says it is alive.
#include "kernel/calendar.h"
#include "server/app/backup_status.h"
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

TEST_CASE("BackupReadiness: off, none yet, recent, too old, failed since", "[readyz][backup]") {
  using std::chrono::hours;
  const auto at = [](const char* iso) { return ParseIso8601(iso).value(); };
  const auto max_age = std::chrono::seconds(26 * 3600);
  const auto started = at("2026-12-01T08:00:00Z");
  app::BackupStatus status;

  SECTION("off") {
    auto r = app::BackupReadiness(status.Snapshot(), false, started + hours(100), started, max_age);
    REQUIRE(r.ok());
    CHECK(*r == "off (no backup-dir)");
  }
  SECTION("none yet, within the first 26 hours, then not ready") {
    auto r = app::BackupReadiness(status.Snapshot(), true, started + hours(26), started, max_age);
    REQUIRE(r.ok());
    CHECK(*r == "none yet");
    r = app::BackupReadiness(status.Snapshot(), true, started + hours(27), started, max_age);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().message() == "no backup since the start, 26 h ago");
  }
  SECTION("recent, then too old") {
    status.RecordSuccess(at("2026-12-02T02:05:00Z"), "/b/lophoc-20261202-090500.db", 4096);
    auto r = app::BackupReadiness(status.Snapshot(), true, at("2026-12-03T04:05:00Z"), started,
                                  max_age);
    REQUIRE(r.ok());
    CHECK(*r == "last 2026-12-02T02:05:00Z, 4096 bytes");
    r = app::BackupReadiness(status.Snapshot(), true, at("2026-12-03T04:05:01Z"), started, max_age);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().message() ==
          "the last backup (2026-12-02T02:05:00Z) is older than 26 h");
  }
  SECTION("a failure after the last success, then a success after it") {
    status.RecordSuccess(at("2026-12-02T02:05:00Z"), "/b/x.db", 1);
    status.RecordFailure(at("2026-12-03T02:05:00Z"), "disk full");
    auto r = app::BackupReadiness(status.Snapshot(), true, at("2026-12-03T02:10:00Z"), started,
                                  max_age);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().message() == "the last backup failed at 2026-12-03T02:05:00Z: disk full");
    status.RecordSuccess(at("2026-12-03T02:10:00Z"), "/b/y.db", 2);
    CHECK(app::BackupReadiness(status.Snapshot(), true, at("2026-12-03T02:11:00Z"), started,
                               max_age)
              .ok());
  }
}

}  // namespace lophoc::testing
