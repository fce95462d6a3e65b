// GET /api/v1/programmes and /api/v1/programmes/{slug} over a real loopback
// socket: any signed-in account reads them, with their rule, paths, staff
// categories and site types; an unknown slug is a 404 with its reason.
#include <nlohmann/json.hpp>

#include <catch2/catch.hpp>

#include "tests/support/test_world.h"

namespace lophoc::http {
namespace {

using nlohmann::json;
using people::Role;

struct World : testing::TestWorld {
  World() {
    StandardTree();
    AddAllWithTokens({{"learner.b", {Role::kLearner}, "", "SB", "provincial_librarian"}});
    Start();
  }
};

}  // namespace

TEST_CASE("a signed-in account reads the programmes", "[programme_api]") {
  World w;
  auto list = w.As("learner.b", "GET", "/api/v1/programmes");
  REQUIRE(list.status == 200);
  const json items = json::parse(list.body)["items"];
  REQUIRE(items.size() == 1);
  const json& p = items[0];
  CHECK(p["slug"] == "co-ban");
  CHECK(p["title"] == "Cơ bản");
  CHECK(p["title_en"].is_null());
  CHECK(p["staff_categories"] == json{"commune_librarian", "post_office_staff"});
  CHECK(p["site_types"] == json::array());
  CHECK(p["paths"]["initial"] == json{"tin-hoc-co-ban", "dang-ky-tai-khoan"});
  CHECK(p["paths"]["refresher"] == json::array());
  CHECK(p["rule"] == json{{"date_rule", "from_completion"}, {"validity_months", 24},
                          {"renewal_window_days", 60}, {"fixed_day", nullptr},
                          {"min_validity_months", 0}, {"grace_days", 0}});
  CHECK(p["revision"] == 1);

  auto one = w.As("learner.b", "GET", "/api/v1/programmes/co-ban");
  REQUIRE(one.status == 200);
  CHECK(json::parse(one.body) == p);
}

TEST_CASE("an unknown programme is a 404 with its reason, strangers are refused",
          "[programme_api]") {
  World w;
  auto missing = w.As("learner.b", "GET", "/api/v1/programmes/khong-co");
  CHECK(missing.status == 404);
  CHECK(json::parse(missing.body)["error"]["reason"] == "programme_not_found");
  for (const char* path : {"/api/v1/programmes", "/api/v1/programmes/co-ban"}) {
    CAPTURE(path);
    CHECK(w.As("anonymous", "GET", path).status == 401);
  }
}

}  // namespace lophoc::http
