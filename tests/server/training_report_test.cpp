// The training report as of a day (issue 13; docs/reports.md "Training
// report"): GET /api/v1/reports/training and .../people over the real HTTP
// stack, on a small hand-made history whose counts are worked out below.
//
// Programme co-ban (fixture): commune librarians and post-office staff, any
// site; valid 24 months, due 60 days before expiry; grace set to 90 days
// here. The clock stands on 18/11/2026. Tree: VN > A > A1 > SA1 (district
// library), VN > A > A2 > SA2 (commune library), VN > B > SB (provincial
// library). On 01/07/2025 a new district A3 is created in A and A2 is merged
// into it (SA2 follows). Two days are asked about: D1 = 30/06/2025 (before
// the merger) and D2 = 31/12/2025 (after).
//
// People (all commune librarians; placed from 01/01/2020 unless said):
//   tv.sa1     at SA1; certified 01/09/2024, valid until 31/08/2026  D1 valid  D2 valid
//   tv.moved   at SB, moved to SA1 from 01/09/2025; never certified   D1 overdue (B)
//                                                                     D2 overdue (A1)
//   tv.sa2     at SA2; prior learning recorded 01/03/2025, valid until 28/02/2027
//                                                                     D1 valid  D2 valid
//   tv.exempt  at SA1; exempt 01/01/2025-30/06/2026                   D1 exempt D2 exempt
//   tv.new     at SA1 from 01/11/2025 only; grace until 30/01/2026    D1 not staff
//                                                                     D2 in grace
//   tv.revoked at SA2; certified 01/06/2024, valid until 31/05/2026, revoked 01/10/2025
//                                                                     D1 valid  D2 overdue
//   tv.b       at SB; certified 10/01/2025, valid until 09/01/2027    D1 valid  D2 valid
//   tv.due     at SB; certified 15/01/2024, valid until 14/01/2026 (window from 15/11/2025)
//                                                                     D1 valid  D2 due
#include <catch2/catch.hpp>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "server/storage/database.h"
#include "tests/support/report_cross_check.h"
#include "tests/support/report_world.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_world.h"

namespace lophoc::app {
namespace {

using nlohmann::json;
using people::Role;

using testing::kD1;
using testing::kD2;
using World = testing::ReportWorld;

std::string Percent(const json& j) {
  if (j.is_null()) return "-";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f", j.get<double>());
  return buf;
}

// "name population trained percent due overdue exempt in_grace"
std::string Line(const std::string& name, const json& c) {
  return name + " " + std::to_string(c["population"].get<int>()) + " " +
         std::to_string(c["trained"].get<int>()) + " " + Percent(c["percent"]) + " " +
         std::to_string(c["due"].get<int>()) + " " + std::to_string(c["overdue"].get<int>()) + " " +
         std::to_string(c["exempt"].get<int>()) + " " + std::to_string(c["in_grace"].get<int>());
}

std::vector<std::string> Units(const json& report) {
  std::vector<std::string> out{Line("total", report["total"])};
  for (const auto& u : report["units"]) out.push_back(Line(u["code"].get<std::string>(), u));
  return out;
}

using V = std::vector<std::string>;

}  // namespace

TEST_CASE("the training report counts the tree and the people of the day asked",
          "[training-report][api]") {
  World world;
  const std::string q = "programme=co-ban&org=VN&as_of=";
  // D1: A holds tv.sa1, tv.sa2, tv.revoked (valid) and tv.exempt (apart);
  // B holds tv.moved (overdue), tv.b and tv.due (valid): 5 of 6 = 83.3%.
  CHECK(Units(world.Get("admin", q + kD1)) ==
        V{"total 6 5 83.3 0 1 1 0", "A 3 3 100.0 0 0 1 0", "B 3 2 66.7 0 1 0 0"});
  // D2: tv.moved counts in A now, tv.revoked is overdue, tv.new is in grace
  // (apart), tv.due is due (trained): A 2 of 4, B 2 of 2; 4 of 6 = 66.7%.
  CHECK(Units(world.Get("admin", q + kD2)) ==
        V{"total 6 4 66.7 1 2 1 1", "A 4 2 50.0 0 2 1 1", "B 2 2 100.0 1 0 0 0"});
  // The same day written DD/MM/YYYY.
  CHECK(Units(world.Get("admin", "programme=co-ban&org=VN&as_of=31/12/2025")) ==
        Units(world.Get("admin", q + kD2)));
  // Province A: its districts as they stood (A2 before the merger, A3 after).
  CHECK(Units(world.Get("mgr.a", std::string("programme=co-ban&as_of=") + kD1)) ==
        V{"total 3 3 100.0 0 0 1 0", "A1 1 1 100.0 0 0 1 0", "A2 2 2 100.0 0 0 0 0"});
  CHECK(Units(world.Get("mgr.a", std::string("programme=co-ban&org=A&as_of=") + kD2)) ==
        V{"total 4 2 50.0 0 2 1 1", "A1 2 1 50.0 0 1 1 1", "A3 2 1 50.0 0 1 0 0"});
  // A3 did not exist on D1: its scope then is A2, which was merged into it.
  const json a3 = world.Get("mgr.a", std::string("programme=co-ban&org=A3&as_of=") + kD1);
  CHECK(a3["org"]["existed_on_day"] == false);
  CHECK(Units(a3) == V{"total 2 2 100.0 0 0 0 0", "A2 2 2 100.0 0 0 0 0"});
  // A2, merged now, is read as it stood on D1: its own subtree.
  const json a2 = world.Get("mgr.a", std::string("programme=co-ban&org=A2&as_of=") + kD1);
  CHECK(a2["org"]["existed_on_day"] == true);
  CHECK(Line("total", a2["total"]) == "total 2 2 100.0 0 0 0 0");
  // A leaf: the sites attached to A1 itself, one row each.
  const json a1 = world.Get("mgr.a", std::string("programme=co-ban&org=A1&as_of=") + kD2);
  REQUIRE(a1["sites"].size() == 1);
  CHECK(Line("SA1", a1["sites"][0]) == "SA1 2 1 50.0 0 1 1 1");
  // Per site type on D2 (nation).
  V types;
  const json nation = world.Get("admin", q + kD2);
  for (const auto& t : nation["site_types"]) {
    types.push_back(Line(t["site_type"].get<std::string>(), t));
  }
  CHECK(types == V{"commune_library 2 1 50.0 0 1 0 0", "district_library 2 1 50.0 0 1 1 1",
                   "provincial_library 2 2 100.0 1 0 0 0"});
}

TEST_CASE("the training report against a target", "[training-report][api]") {
  World world;
  {
    auto conn = world.w.t.db().Acquire();
    REQUIRE(conn->Exec("INSERT INTO targets (kind, title, source, org_unit_id, programme_id, "
                       "site_types, percent, starts_on, deadline, created_at) SELECT 'trained', "
                       "'80% thư viện huyện', 'Kế hoạch 3063/KH-UBND', o.id, p.id, "
                       "'[\"district_library\"]', 80, '2025-01-01', '2025-12-31', "
                       "'2025-01-01T00:00:00Z' FROM org_units o, programmes p WHERE o.code = 'A' "
                       "AND p.slug = 'co-ban'")
                .ok());
  }
  const json plain = world.Get("mgr.a", std::string("programme=co-ban&as_of=") + kD2);
  REQUIRE(plain["targets"].size() == 1);
  const json& t = plain["targets"][0];
  // District libraries of A on D2: SA1 only, tv.sa1 valid and tv.moved
  // overdue: 1 of 2 = 50%, 30 points short of 80%.
  CHECK(t["source"] == "Kế hoạch 3063/KH-UBND");
  CHECK(Percent(t["actual_percent"]) == "50.0");
  CHECK(Percent(t["gap"]) == "30.0");
  CHECK(t["on_track"] == false);
  const std::string id = std::to_string(t["id"].get<int64_t>());
  const json with =
      world.Get("mgr.a", std::string("programme=co-ban&as_of=") + kD2 + "&target=" + id);
  CHECK(Units(with) == V{"total 2 1 50.0 0 1 1 1", "A1 2 1 50.0 0 1 1 1", "A3 0 0 - 0 0 0 0"});
  CHECK(with["total"]["target_percent"] == 80.0);
  CHECK(Percent(with["total"]["gap"]) == "30.0");
  CHECK(with["total"]["on_track"] == false);
  CHECK(with["units"][1]["on_track"].is_null());
  // B's manager sees no target of A, and cannot name it.
  CHECK(world.Get("mgr.b", "programme=co-ban")["targets"].empty());
  CHECK(world.Get("mgr.b", "programme=co-ban&target=" + id, 404)["error"]["reason"] ==
        "target_not_found");
}

TEST_CASE("the training report as CSV has the JSON's numbers", "[training-report][api]") {
  World world;
  const std::string q =
      std::string("/api/v1/reports/training?programme=co-ban&org=VN&as_of=") + kD2;
  auto csv = world.w.As("admin", "GET", q + "&format=csv");
  REQUIRE(csv.status == 200);
  CHECK(csv.body ==
        "\xEF\xBB\xBFsection,code,name,site_type,population,trained,percent,valid,due,overdue,"
        "exempt,in_grace,target_percent,gap,on_track\r\n"
        "total,VN,Việt Nam,,6,4,66.7,3,1,2,1,1,,,\r\n"
        "unit,A,Tỉnh A,,4,2,50.0,2,0,2,1,1,,,\r\n"
        "unit,B,Tỉnh B,,2,2,100.0,1,1,0,0,0,,,\r\n"
        "site_type,,,commune_library,2,1,50.0,1,0,1,0,0,,,\r\n"
        "site_type,,,district_library,2,1,50.0,1,0,1,1,1,,,\r\n"
        "site_type,,,provincial_library,2,2,100.0,1,1,0,0,0,,,\r\n");
  // Accept: text/csv gives the same file.
  auto accepted = world.w.Fetch(
      "GET", q,
      {{"Authorization", "Bearer " + world.w.tokens.at("admin")}, {"Accept", "text/csv"}});
  CHECK(accepted.status == 200);
  CHECK(accepted.body == csv.body);
}

TEST_CASE("the people behind the training report", "[training-report][api]") {
  World world;
  auto r = world.w.As(
      "mgr.a", "GET",
      std::string("/api/v1/reports/training/people?programme=co-ban&org=A1&as_of=") + kD2);
  INFO(r.body);
  REQUIRE(r.status == 200);
  V lines;
  const json body = json::parse(r.body);
  for (const auto& p : body["items"]) {
    lines.push_back(p["username"].get<std::string>() + " " + p["site"].get<std::string>() + " " +
                    p["standing"].get<std::string>() + " " + p["valid_until"].get<std::string>());
  }
  // By site, then name (Mai Chuyển, Miễn Trừ, Mới Vào, Sa Một).
  CHECK(lines == V{"tv.moved SA1 overdue ", "tv.exempt SA1 exempt ", "tv.new SA1 not_started ",
                   "tv.sa1 SA1 valid 2026-08-31"});
  auto site = world.w.As("mgr.a", "GET",
                         std::string("/api/v1/reports/training/people?programme=co-ban&site=SA2&"
                                     "as_of=") +
                             kD1);
  REQUIRE(site.status == 200);
  CHECK(json::parse(site.body)["items"].size() == 2);
  // B's manager reads nothing of A's people.
  auto outside =
      world.w.As("mgr.b", "GET", "/api/v1/reports/training/people?programme=co-ban&site=SA1");
  CHECK(outside.status == 404);
  CHECK(outside.body.find("tv.sa1") == std::string::npos);
  CHECK(world.w.As("mgr.b", "GET", "/api/v1/reports/training/people?programme=co-ban&org=A1")
            .status == 404);
}

TEST_CASE("the training report refuses outside the subtree and bad input",
          "[training-report][api]") {
  World world;
  auto& w = world.w;
  CHECK(world.Get("mgr.a", "programme=co-ban&org=B", 404)["error"]["reason"] == "org_not_found");
  CHECK(world.Get("mgr.b", "programme=co-ban&org=A1", 404)["error"]["reason"] == "org_not_found");
  CHECK(world.Get("mgr.b", "programme=co-ban")["org"]["code"] == "B");
  CHECK(world.Get("tv.b", "programme=co-ban", 403)["error"]["reason"] == "report_managers_only");
  CHECK(w.As("anonymous", "GET", "/api/v1/reports/training?programme=co-ban").status == 401);
  CHECK(world.Get("admin", "programme=co-ban&as_of=2025-02-30", 400)["error"]["reason"] ==
        "as_of_invalid");
  CHECK(world.Get("admin", "programme=co-ban&as_of=2026-11-19", 400)["error"]["reason"] ==
        "as_of_future");
  CHECK(world.Get("admin", "programme=khong-co", 404)["error"]["reason"] == "programme_not_found");
  CHECK(world.Get("admin", "programme=co-ban&org=ZZ", 404)["error"]["reason"] == "org_not_found");
  CHECK(world.Get("admin", "org=VN", 400)["error"]["reason"] == "programme_required");
  CHECK(world.Get("admin", "programme=co-ban&target=x", 400)["error"]["reason"] ==
        "target_invalid");
  // Today is fine, and is the default.
  CHECK(world.Get("admin", "programme=co-ban")["as_of"] == "2026-11-18");
}

TEST_CASE("an independent query counts the nation as the report does",
          "[training-report][cross-check]") {
  World world;
  for (const char* day : {kD1, kD2, "2026-11-18"}) {
    CAPTURE(day);
    const json report = world.Get("admin", std::string("programme=co-ban&as_of=") + day);
    auto counted = testing::CountNationalTrained(world.w.t.db(), "co-ban",
                                                 {"commune_librarian", "post_office_staff"}, {},
                                                 *ParseIsoDate(day));
    REQUIRE(counted.ok());
    CHECK(counted->population == report["total"]["population"].get<int>());
    CHECK(counted->trained == report["total"]["trained"].get<int>());
    CHECK(counted->exempt == report["total"]["exempt"].get<int>());
    CHECK(counted->in_grace == report["total"]["in_grace"].get<int>());
  }
}

TEST_CASE("the due report per unit counts with the report engine",
          "[training-report][due-report]") {
  World world;
  auto lines = [&](const std::string& query) {
    auto r = world.w.As("admin", "GET", "/api/v1/reports/due?by=unit&programme=co-ban&" + query);
    INFO(r.body);
    REQUIRE(r.status == 200);
    V out;
    const json body = json::parse(r.body);
    for (const auto& i : body["items"]) {
      out.push_back(i["code"].get<std::string>() + " " + std::to_string(i["due"].get<int>()) + " " +
                    std::to_string(i["overdue"].get<int>()) + " " +
                    std::to_string(i["expiring"].get<int>()));
    }
    return out;
  };
  // D2, 30 days (default): tv.due is due (B); tv.moved and tv.revoked are
  // overdue (A); nobody valid ends by 30/01/2026.
  CHECK(lines(std::string("org=VN&as_of=") + kD2) == V{"A 0 2 0", "B 1 0 0"});
  // 365 days: tv.sa1 (valid until 31/08/2026) too; tv.b (09/01/2027) not.
  CHECK(lines(std::string("org=VN&days=365&as_of=") + kD2) == V{"A 0 2 1", "B 1 0 0"});
  // The per-person list still answers as before.
  auto list = world.w.As("admin", "GET", std::string("/api/v1/reports/due?as_of=") + kD2);
  CHECK(list.status == 200);
  CHECK(json::parse(list.body).contains("items"));
  CHECK(world.w.As("mgr.a", "GET", "/api/v1/reports/due?by=unit&programme=co-ban&org=B").status ==
        404);
}

TEST_CASE("the training report pages drill down from the province to the people",
          "[training-report][pages]") {
  World world;
  auto& w = world.w;
  auto b = w.SignedIn("mgr.a");
  testing::CheckShows(testing::Page(b, "/reports").body,
                      {"/reports/training", "/admin/due", "/reports/growth", "/reports/sites"});
  const auto form = testing::Page(b, "/reports/training");
  testing::CheckShows(form.body, {"name=\"programme\"", "value=\"co-ban\"", "name=\"as_of\""});
  const auto page = testing::Page(b, "/reports/training?programme=co-ban&as_of=31/12/2025");
  // Province A on D2: A1 2 of... (the API test's numbers), a chart, the rule,
  // drill-down links and the CSV link; nothing of B.
  testing::CheckShows(
      page.body,
      {"Huyện A1", "Huyện A3", "50.0", "<svg", "<caption", "scope=\"col\"",
       "Cách tính: số người trong diện",
       "/reports/training?programme=co-ban&amp;org=A1&amp;as_of=2025-12-31",
       "/api/v1/reports/training?programme=co-ban&amp;org=A&amp;as_of=2025-12-31&amp;"
       "format=csv"},
      {"Tỉnh B", "Thư viện B"});
  const auto a1 = testing::Page(b, "/reports/training?programme=co-ban&org=A1&as_of=2025-12-31");
  testing::CheckShows(a1.body, {"Thư viện A1", "/reports/training/people?programme=co-ban"});
  const auto people =
      testing::Page(b, "/reports/training/people?programme=co-ban&site=SA1&as_of=2025-12-31");
  testing::CheckShows(people.body, {"Mai Chuyển", "Quá hạn", "Sa Một", "31/08/2026"}, {"Bình B"});
  const auto en = testing::Page(b, "/reports/training?programme=co-ban&as_of=2025-12-31&lang=en");
  testing::CheckShows(en.body, {"The rule: the population", "In grace (apart)"});
  CHECK(b.Get("/reports/training?programme=co-ban&org=B").status == 404);
  CHECK(b.Get("/reports/training/people?programme=co-ban&site=SB").status == 404);
  auto learner = w.SignedIn("tv.b");
  CHECK(learner.Get("/reports/training?programme=co-ban").status == 403);
}

// The report keeps a day's standings between requests (ReportService); a
// write must show at once, whoever makes it: a connection of the server's
// own pool, or another process (here: a connection outside the pool, as
// `lophoc` commands run next to the server use).
namespace {

constexpr const char* kRevokeB =
    "UPDATE certifications SET revoked_on = '2025-12-01', revoked_reason = 'Hồ sơ sai' "
    "WHERE user_id = (SELECT id FROM users WHERE username = 'tv.b')";
constexpr const char* kRestoreB =
    "UPDATE certifications SET revoked_on = NULL, revoked_reason = NULL "
    "WHERE user_id = (SELECT id FROM users WHERE username = 'tv.b')";
// tv.b (SB, valid on D2) revoked on 01/12/2025: overdue on D2, so the nation
// has 3 trained of 6 and B 1 of 2 (tv.due still due).
const V kBefore = {"total 6 4 66.7 1 2 1 1", "A 4 2 50.0 0 2 1 1", "B 2 2 100.0 1 0 0 0"};
const V kRevoked = {"total 6 3 50.0 1 3 1 1", "A 4 2 50.0 0 2 1 1", "B 2 1 50.0 1 1 0 0"};

void Write(storage::Connection& conn, const char* sql) {
  const Status st = conn.Exec(sql);
  INFO(st.ToString());
  REQUIRE(st.ok());
}

}  // namespace

TEST_CASE("the training report shows a certification revoked through the server at once",
          "[training-report][report-cache]") {
  World world;  // ":memory:": one connection, no WAL
  const std::string q = std::string("programme=co-ban&org=VN&as_of=") + kD2;
  CHECK(Units(world.Get("admin", q)) == kBefore);
  CHECK(Units(world.Get("admin", q)) == kBefore);  // kept: the same figures
  {
    auto conn = world.w.t.db().Acquire();
    Write(*conn, kRevokeB);
  }
  CHECK(Units(world.Get("admin", q)) == kRevoked);
  {
    auto conn = world.w.t.db().Acquire();
    Write(*conn, kRestoreB);
  }
  CHECK(Units(world.Get("admin", q)) == kBefore);
}

TEST_CASE("the training report on a database file shows every write at once",
          "[training-report][report-cache]") {
  testing::TempDir dir("lophoc-report-cache");
  const std::string path = (dir.path / "lophoc.db").string();
  World world(path);
  const std::string q = std::string("programme=co-ban&org=VN&as_of=") + kD2;
  CHECK(Units(world.Get("admin", q)) == kBefore);
  CHECK(Units(world.Get("admin", q)) == kBefore);
  SECTION("a write through the server's own connections (WAL)") {
    {
      auto conn = world.w.t.db().Acquire();
      Write(*conn, kRevokeB);
    }
    CHECK(Units(world.Get("admin", q)) == kRevoked);
    CHECK(Units(world.Get("admin", q)) == kRevoked);
    {
      auto conn = world.w.t.db().Acquire();
      Write(*conn, kRestoreB);
    }
    CHECK(Units(world.Get("admin", q)) == kBefore);
  }
  SECTION("a write by another process (a connection outside the pool)") {
    auto other = storage::Connection::Open(path);
    REQUIRE(other.ok());
    Write(**other, kRevokeB);
    CHECK(Units(world.Get("admin", q)) == kRevoked);
    // Another scope of the same day: nothing read before the write is served.
    CHECK(Line("total", world.Get("admin", std::string("programme=co-ban&org=B&as_of=") +
                                               kD2)["total"]) == "total 2 1 50.0 1 1 0 0");
    Write(**other, kRestoreB);
    CHECK(Units(world.Get("admin", q)) == kBefore);
  }
}

}  // namespace lophoc::app

namespace lophoc::app {
namespace {

TEST_CASE("a target set for a unit merged since is reported against that unit",
          "[training-report][api]") {
  World world;
  {
    auto conn = world.w.t.db().Acquire();
    REQUIRE(conn->Exec("INSERT INTO targets (kind, title, source, org_unit_id, programme_id, "
                       "percent, starts_on, deadline, created_at) SELECT 'trained', "
                       "'90% cán bộ huyện A2', 'Kế hoạch 12/KH-UBND', o.id, p.id, 90, "
                       "'2024-01-01', '2025-06-30', '2024-01-01T00:00:00Z' FROM org_units o, "
                       "programmes p WHERE o.code = 'A2' AND p.slug = 'co-ban'")
                .ok());
  }
  // On D1 A2 existed inside A: tv.sa2 and tv.revoked, both valid: 100%.
  const json a = world.Get("mgr.a", std::string("programme=co-ban&org=A&as_of=") + kD1);
  REQUIRE(a["targets"].size() == 1);
  CHECK(a["targets"][0]["org"] == "A2");
  CHECK(Percent(a["targets"][0]["actual_percent"]) == "100.0");
  CHECK(a["targets"][0]["on_track"] == true);
  // A3, which A2 was merged into, read as of D1 goes through A2: the same.
  const json a3 = world.Get("mgr.a", std::string("programme=co-ban&org=A3&as_of=") + kD1);
  REQUIRE(a3["targets"].size() == 1);
  CHECK(Percent(a3["targets"][0]["actual_percent"]) == "100.0");
  // On D2 A2 no longer exists: the target is not reported for that day.
  CHECK(world.Get("mgr.a", std::string("programme=co-ban&org=A&as_of=") + kD2)["targets"].empty());
  // B's manager does not see it.
  CHECK(world.Get("mgr.b", std::string("programme=co-ban&as_of=") + kD1)["targets"].empty());
}

}  // namespace
}  // namespace lophoc::app
