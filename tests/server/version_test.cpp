// GET /api/v1/version over the real HTTP stack: public, and the same version
// and commit as `lophoc --version` (tests/check_version.sh checks that line).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <regex>

#include "server/app/build_info.h"
#include "tests/support/test_world.h"

namespace lophoc::http {
namespace {

TEST_CASE("GET /api/v1/version names the version and the commit, to anyone",
          "[observability][version]") {
  testing::TestWorld w;
  w.Start();
  const auto r = w.Fetch("GET", "/api/v1/version");
  REQUIRE(r.status == 200);
  CHECK(r.Header("content-type") == "application/json; charset=utf-8");
  const auto body = nlohmann::json::parse(r.body);
  CHECK(body == nlohmann::json{{"version", "0.1.0"}, {"commit", app::kCommit}});
  CHECK(std::regex_match(std::string(app::kCommit), std::regex("[0-9a-f]{4,40}|unknown")));
  CHECK(app::VersionLine() == std::string("lophoc 0.1.0 (commit ") + app::kCommit + ")");
}

}  // namespace
}  // namespace lophoc::http
