// The growth and sites-operating reports (issue 13; docs/growth.md): the
// aggregates kept by the visit store, GET /api/v1/reports/growth and
// /api/v1/reports/sites as JSON and CSV, and the pages /reports/growth and
// /reports/sites, over the real HTTP stack. The clock stands on 18/11/2026
// in Vietnam, so 2026 is the current year, counted up to that day.
//
// The tree: VN (nation) > A (province) > A1 (district) > site SA1; VN > B
// (province) > site SB; site SM hung under A1 until it moved to B on
// 1 July 2025 (a site_versions row from that day).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>

#include "kernel/csv.h"
#include "tests/support/test_world.h"

namespace lophoc::app {
namespace {

using nlohmann::json;
using people::Role;

struct World {
  testing::TestWorld w;
  World() {
    w.StandardTree(testing::TreeOptions().NationalRoot());
    w.AddAllWithTokens({{"mgr.a", {Role::kManager}, "A"},
                        {"mgr.b", {Role::kManager}, "B"},
                        {"trainer.a", {Role::kTrainer}, "A"},
                        {"admin", {Role::kAdmin}}});
    const people::Actor cli = people::Actor::CommandLine();
    REQUIRE(w.t.people().CreateSite(cli, {"SM", "Điểm M", "commune_library", "A1", false}).ok());
    for (int i = 1; i <= 8; ++i) {
      w.AddAccount({"hv" + std::to_string(i), {Role::kLearner}});
    }
    // SM moves to B on 1 July 2025: today's row and a version from that day.
    Exec(
        "UPDATE sites SET org_unit_id = (SELECT id FROM org_units WHERE code = 'B') "
        "WHERE code = 'SM'");
    Exec(
        "INSERT INTO site_versions (site_id, valid_from, name, type, org_unit_id) "
        "SELECT s.id, '2025-07-01', s.name, s.type, s.org_unit_id FROM sites s "
        "WHERE s.code = 'SM'");
    w.Start();
  }
  void Exec(const std::string& sql) {
    auto conn = w.t.db().Acquire();
    INFO(sql);
    REQUIRE(conn->Exec(sql).ok());
  }
  std::string SiteId(const std::string& code) {
    return "(SELECT id FROM sites WHERE code = '" + code + "')";
  }
  std::string UnitId(const std::string& code) {
    return "(SELECT id FROM org_units WHERE code = '" + code + "')";
  }
  // visit_days row of `site` ("" = no known site) on `day`.
  void Day(const std::string& site, const std::string& day, int visits, int lesson_views) {
    Exec("INSERT INTO visit_days (day, site_id, visits, signed_in, lesson_views) VALUES ('" + day +
         "', " + (site.empty() ? "0" : SiteId(site)) + ", " + std::to_string(visits) + ", 0, " +
         std::to_string(lesson_views) + ")");
  }
  // Learners hv<first>..hv<last> of `year` at `site`.
  void Learners(int year, const std::string& site, int first, int last) {
    for (int i = first; i <= last; ++i) {
      Exec("INSERT INTO learner_years (year, user_id, site_id, first_on) VALUES (" +
           std::to_string(year) + ", " + w.Id("hv" + std::to_string(i)) + ", " +
           (site.empty() ? "0" : SiteId(site)) + ", '" + std::to_string(year) + "-03-01')");
    }
  }
  void Target(const std::string& kind, const std::string& unit, double percent,
              const std::string& window = "NULL") {
    Exec(
        "INSERT INTO targets (kind, title, source, org_unit_id, percent, starts_on, deadline, "
        "window_days, created_at) VALUES ('" +
        kind + "', 'Mục tiêu " + kind + "', 'Kế hoạch 3063/KH-UBND', " + UnitId(unit) + ", " +
        std::to_string(percent) + ", '2024-01-01', '2026-12-31', " + window +
        ", '2024-01-01T00:00:00Z')");
  }
  json Get(const std::string& who, const std::string& target) {
    auto r = w.As(who, "GET", target);
    INFO(target << " " << r.body);
    REQUIRE(r.status == 200);
    return json::parse(r.body);
  }
  std::string Refusal(const std::string& who, const std::string& target, long status) {
    auto r = w.As(who, "GET", target);
    INFO(target << " " << r.body);
    REQUIRE(r.status == status);
    return json::parse(r.body)["error"].value("reason", "");
  }
};

// The growth data (visits on 1 March of each year; learners by account):
//          SA1 (A1)        SM (A1, B from 1/7/2025)  SB (B)         no site
//   2023   50 v, 2 l       -                         -              -
//   2024   100 v, 2 l      40 v, 1 l                 200 v, 2 l     -
//   2025   110 v, 3 l      60 v, 2 l                 180 v, 1 l     7 v, 1 l
//   2026   121 v, 1 l      30 v, 1 l                 -              -
void GrowthData(World& world) {
  world.Day("SA1", "2023-03-01", 50, 5);
  world.Day("SA1", "2024-03-01", 100, 5);
  world.Day("SA1", "2025-03-01", 110, 5);
  world.Day("SA1", "2026-03-01", 121, 5);
  world.Day("SM", "2024-03-01", 40, 5);
  world.Day("SM", "2025-09-01", 60, 5);
  world.Day("SM", "2026-03-01", 30, 5);
  world.Day("SB", "2024-03-01", 200, 5);
  world.Day("SB", "2025-03-01", 180, 5);
  world.Day("", "2025-03-01", 7, 1);
  world.Learners(2023, "SA1", 1, 2);
  world.Learners(2024, "SA1", 1, 2);
  world.Learners(2024, "SM", 3, 3);
  world.Learners(2024, "SB", 4, 5);
  world.Learners(2025, "SA1", 1, 3);
  world.Learners(2025, "SM", 4, 5);
  world.Learners(2025, "SB", 6, 6);
  world.Learners(2025, "", 7, 7);
  world.Learners(2026, "SA1", 1, 1);
  world.Learners(2026, "SM", 2, 2);
  world.Target("visits_growth", "VN", 5);
  world.Target("learners_growth", "A", 3);
}

// "year learners visits learners_change visits_change" of a row.
std::vector<std::string> Years(const json& row) {
  std::vector<std::string> out;
  for (const auto& y : row["years"]) {
    auto num = [](const json& v) {
      if (v.is_null()) return std::string("-");
      std::ostringstream s;
      s << v.get<double>();
      return s.str();
    };
    out.push_back(std::to_string(y["year"].get<int>()) + " " +
                  std::to_string(y["learners"].get<int>()) + " " +
                  std::to_string(y["visits"].get<int>()) + " " + num(y["learners_change"]) + " " +
                  num(y["visits_change"]));
  }
  return out;
}

}  // namespace

TEST_CASE("growth over three years follows a site that moved province", "[growth][api]") {
  World world;
  GrowthData(world);
  using V = std::vector<std::string>;
  // Province A: SA1 every year, SM only in 2024 (on 31/12/2025 it hung under B).
  //   2023: 2 l, 50 v (the base of 2024's change)
  //   2024: 2+1 = 3 l, 100+40 = 140 v: +50% l ((3-2)/2), +180% v ((140-50)/50)
  //   2025: 3 l, 110 v: +0% l, -21.4% v ((110-140)/140 = -21.43)
  //   2026: 1 l, 121 v: -66.7% l ((1-3)/3), +10% v ((121-110)/110)
  const json a = world.Get("mgr.a", "/api/v1/reports/growth?from=2024");
  CHECK(a["scope"]["code"] == "A");
  CHECK(a["from"] == 2024);
  CHECK(a["to"] == 2026);
  CHECK(Years(a["total"]) == V{"2024 3 140 50 180", "2025 3 110 0 -21.4", "2026 1 121 -66.7 10"});
  REQUIRE(a["units"].size() == 1);
  CHECK(a["units"][0]["code"] == "A1");
  CHECK(Years(a["units"][0]) == Years(a["total"]));
  // Targets: learners +3% set for A, visits +5% inherited from VN.
  const json& a2026 = a["total"]["years"][2];
  CHECK(a2026["learners_target"]["percent"] == 3.0);
  CHECK(a2026["learners_behind"] == true);
  CHECK(a2026["visits_target"]["percent"] == 5.0);
  CHECK(a2026["visits_behind"] == false);
  CHECK(a2026["visits_target"]["source"] == "Kế hoạch 3063/KH-UBND");
  // Sites: SA1 each year, SM in scope in 2024 only.
  REQUIRE(a["sites"].size() == 2);
  CHECK(a["sites"][0]["code"] == "SA1");
  CHECK(a["sites"][1]["code"] == "SM");
  CHECK(Years(a["sites"][1]) == V{"2024 1 40 - -", "2025 0 0 - -", "2026 0 0 - -"});

  // Province B: SB, and SM from 2025 (its unit on 31/12/2025 and today).
  //   2023: nothing (no change for 2024)
  //   2024: 2 l, 200 v
  //   2025: 1+2 = 3 l, 180+60 = 240 v: +50% l, +20% v
  //   2026: 0+1 = 1 l, 0+30 = 30 v: -66.7% l, -87.5% v ((30-240)/240)
  const json b = world.Get("mgr.b", "/api/v1/reports/growth?year=2026&from=2024");
  CHECK(Years(b["total"]) == V{"2024 2 200 - -", "2025 3 240 50 20", "2026 1 30 -66.7 -87.5"});
  CHECK(b["total"]["years"][2]["learners_target"].is_null());  // A's target is not B's

  // The nation (admin, no org): both provinces and the visits of no known site.
  //   2023: 2 l, 50 v
  //   2024: 5 l, 340 v: +150% l, +580% v
  //   2025: 3+3+1 = 7 l, 110+240+7 = 357 v: +40% l, +5% v
  //   2026: 2 l, 151 v: -71.4% l ((2-7)/7), -57.7% v ((151-357)/357)
  const json vn = world.Get("admin", "/api/v1/reports/growth?from=2024");
  CHECK(vn["scope"]["code"] == "VN");
  CHECK(Years(vn["total"]) == V{"2024 5 340 150 580", "2025 7 357 40 5", "2026 2 151 -71.4 -57.7"});
  REQUIRE(vn["units"].size() == 2);
  CHECK(Years(vn["units"][0]) == Years(a["total"]));
  CHECK(Years(vn["units"][1]) == Years(b["total"]));
  // 2025: +5% visits against the +5% target: on track.
  CHECK(vn["total"]["years"][1]["visits_behind"] == false);
  // The default range: the current year and the four before.
  const json dflt = world.Get("admin", "/api/v1/reports/growth");
  CHECK(dflt["from"] == 2022);
  CHECK(dflt["to"] == 2026);
}

TEST_CASE("growth as CSV gives the numbers of the JSON", "[growth][api][csv]") {
  World world;
  GrowthData(world);
  const json j = world.Get("admin", "/api/v1/reports/growth?from=2024");
  auto r = world.w.As("admin", "GET", "/api/v1/reports/growth?from=2024&format=csv");
  REQUIRE(r.status == 200);
  CHECK(r.Header("content-type").rfind("text/csv", 0) == 0);
  auto by_accept = world.w.Fetch(
      "GET", "/api/v1/reports/growth?from=2024",
      {{"Authorization", "Bearer " + world.w.tokens.at("admin")}, {"Accept", "text/csv"}});
  CHECK(by_accept.body == r.body);
  auto table = ParseCsv(r.body);
  REQUIRE(table.ok());
  // One line per row and year: total, 2 provinces, 3 sites (SA1, SB, SM).
  REQUIRE(table->records.size() == 3 * (1 + 2 + 3));
  std::vector<std::string> from_csv;
  for (const auto& row : table->records) {
    // The CSV writer guards cells starting with '-' against spreadsheet formulas.
    from_csv.push_back(row.fields[0] + " " + row.fields[1] + " " + row.fields[3] + " " +
                       row.fields[4] + " " + row.fields[5] + " " +
                       std::string(UnprotectFormula(row.fields[6])) + " " +
                       std::string(UnprotectFormula(row.fields[7])));
  }
  std::vector<std::string> from_json;
  auto add = [&](const char* kind, const json& row) {
    for (const auto& y : row["years"]) {
      auto pct = [](const json& v) {
        if (v.is_null()) return std::string();
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.1f", v.get<double>());
        return std::string(buf);
      };
      from_json.push_back(std::string(kind) + " " + row["code"].get<std::string>() + " " +
                          std::to_string(y["year"].get<int>()) + " " +
                          std::to_string(y["learners"].get<int>()) + " " +
                          std::to_string(y["visits"].get<int>()) + " " + pct(y["learners_change"]) +
                          " " + pct(y["visits_change"]));
    }
  };
  add("total", j["total"]);
  for (const auto& u : j["units"]) add("unit", u);
  for (const auto& s : j["sites"]) add("site", s);
  CHECK(from_csv == from_json);
  CHECK(from_csv[2] == "total VN 2026 2 151 -71.4 -57.7");
}

TEST_CASE("sites operating counts lesson views in the last N days", "[growth][sites][api]") {
  World world;
  // The window of 90 days up to 18/11/2026 starts on 21/08/2026
  // (11 days of August + 30 + 31 + 18 = 90).
  world.Day("SA1", "2026-08-21", 3, 1);  // first day of the 90-day window
  world.Day("SB", "2026-08-20", 4, 2);   // the day before it
  world.Day("SM", "2026-03-01", 2, 1);   // long ago
  world.Day("SM", "2026-10-01", 9, 0);   // visits without a lesson: no activity
  world.Target("sites_active", "VN", 80, "90");
  const json r = world.Get("admin", "/api/v1/reports/sites");
  CHECK(r["as_of"] == "2026-11-18");
  CHECK(r["days"] == 90);
  CHECK(r["window_from"] == "2026-08-21");
  // Open: SA1, SB, SM (3); active: SA1 (1): 33.3%, behind the 80% target.
  CHECK(r["total"]["open"] == 3);
  CHECK(r["total"]["active"] == 1);
  CHECK(r["total"]["percent"] == 33.3);
  CHECK(r["total"]["target"]["percent"] == 80.0);
  CHECK(r["total"]["behind"] == true);
  // A: SA1 1/1 = 100%; B: SB and SM (moved), 0/2 = 0%.
  REQUIRE(r["units"].size() == 2);
  CHECK(r["units"][0]["code"] == "A");
  CHECK(r["units"][0]["percent"] == 100.0);
  CHECK(r["units"][0]["behind"] == false);
  CHECK(r["units"][1]["code"] == "B");
  CHECK(r["units"][1]["open"] == 2);
  CHECK(r["units"][1]["percent"] == 0.0);
  REQUIRE(r["inactive"].size() == 2);
  CHECK(r["inactive"][0]["code"] == "SB");
  CHECK(r["inactive"][0]["last_activity"] == "2026-08-20");
  CHECK(r["inactive"][1]["code"] == "SM");
  CHECK(r["inactive"][1]["unit_code"] == "B");
  CHECK(r["inactive"][1]["last_activity"] == "2026-03-01");

  // 89 days start on 22/08: SA1 falls out (0 of 3); 91 days start on 20/08:
  // SB comes in (2 of 3 = 66.7%).
  CHECK(world.Get("admin", "/api/v1/reports/sites?days=89")["total"]["active"] == 0);
  const json wide = world.Get("admin", "/api/v1/reports/sites?days=91");
  CHECK(wide["window_from"] == "2026-08-20");
  CHECK(wide["total"]["percent"] == 66.7);
  // As of 30/06/2025 SM still hung under A1: A has 2 open sites, none active.
  const json before = world.Get("mgr.a", "/api/v1/reports/sites?as_of=30/06/2025");
  CHECK(before["as_of"] == "2025-06-30");
  CHECK(before["total"]["open"] == 2);
  CHECK(before["total"]["active"] == 0);
  CHECK(before["inactive"][1]["last_activity"].is_null());  // SM: no lesson before then

  // CSV: the same numbers.
  auto csv = world.w.As("admin", "GET", "/api/v1/reports/sites?format=csv");
  REQUIRE(csv.status == 200);
  auto table = ParseCsv(csv.body);
  REQUIRE(table.ok());
  REQUIRE(table->records.size() == 1 + 2 + 2);
  CHECK(table->records[0].fields ==
        std::vector<std::string>{"total", "VN", "Việt Nam", "", "", "3", "1", "33.3", "80.0", ""});
  CHECK(table->records[2].fields[7] == "0.0");
  CHECK(table->records[4].fields == std::vector<std::string>{"inactive", "SM", "Điểm M",
                                                             "commune_library", "B", "", "", "", "",
                                                             "2026-03-01"});
}

TEST_CASE("activity reports: managers see their subtree only", "[growth][sites][scope]") {
  World world;
  GrowthData(world);
  CHECK(world.Refusal("mgr.a", "/api/v1/reports/growth?org=B", 404) == "org_not_found");
  CHECK(world.Refusal("mgr.a", "/api/v1/reports/sites?org=B", 404) == "org_not_found");
  CHECK(world.Refusal("mgr.b", "/api/v1/reports/growth?org=VN", 404) == "org_not_found");
  CHECK(world.Refusal("trainer.a", "/api/v1/reports/growth", 403) ==
        "activity_report_managers_only");
  CHECK(world.Get("mgr.a", "/api/v1/reports/growth?org=A1")["scope"]["code"] == "A1");
  CHECK(world.Get("admin", "/api/v1/reports/sites?org=B")["total"]["open"] == 2);
  // A guest is asked to sign in.
  CHECK(world.w.Fetch("GET", "/api/v1/reports/growth").status == 401);
  // The pages answer the same.
  auto b = world.w.SignedIn("mgr.a");
  CHECK(b.Get("/reports/growth?org=B").status == 404);
  CHECK(b.Get("/reports/sites?org=B").status == 404);
}

TEST_CASE("activity reports refuse bad input", "[growth][sites][api]") {
  World world;
  CHECK(world.Refusal("admin", "/api/v1/reports/growth?year=2027", 400) == "growth_years_invalid");
  CHECK(world.Refusal("admin", "/api/v1/reports/growth?year=1999", 400) == "growth_years_invalid");
  CHECK(world.Refusal("admin", "/api/v1/reports/growth?year=20x5", 400) == "growth_years_invalid");
  CHECK(world.Refusal("admin", "/api/v1/reports/growth?year=2025&from=2026", 400) ==
        "growth_years_invalid");
  CHECK(world.Refusal("admin", "/api/v1/reports/growth?year=2026&from=2016", 400) ==
        "growth_years_invalid");  // 11 years
  CHECK(world.Get("admin", "/api/v1/reports/growth?year=2026&from=2017")["from"] == 2017);
  CHECK(world.Refusal("admin", "/api/v1/reports/growth?org=NOPE", 404) == "org_not_found");
  CHECK(world.Refusal("admin", "/api/v1/reports/sites?days=0", 400) == "sites_days_invalid");
  CHECK(world.Refusal("admin", "/api/v1/reports/sites?days=3651", 400) == "sites_days_invalid");
  CHECK(world.Refusal("admin", "/api/v1/reports/sites?days=-5", 400) == "sites_days_invalid");
  CHECK(world.Refusal("admin", "/api/v1/reports/sites?as_of=2026-11-19", 400) ==
        "activity_as_of_future");
  CHECK(world.Refusal("admin", "/api/v1/reports/sites?as_of=31-12-2025", 400) == "as_of_invalid");
  CHECK(world.Refusal("admin", "/api/v1/reports/sites?org=NOPE", 404) == "org_not_found");
  auto b = world.w.SignedIn("admin");
  auto page = b.Get("/reports/sites?days=0");
  CHECK(page.status == 400);
  CHECK(page.body.find("1 đến 3650") != std::string::npos);
}

TEST_CASE("the growth and sites pages show tables, charts and the rule", "[growth][pages]") {
  World world;
  GrowthData(world);
  world.Target("sites_active", "VN", 80, "90");
  auto b = world.w.SignedIn("mgr.a");
  auto growth = b.Get("/reports/growth?from=2024");
  REQUIRE(growth.status == 200);
  for (const std::string& part :
       {"<svg", "<caption id=\"growth-caption\">", "<th scope=\"row\">", "Huyện A1",
        "/api/v1/reports/growth?from=2024&amp;format=csv", "ngày 31/12", "180,0 %"}) {
    CAPTURE(part);
    CHECK(growth.body.find(part) != std::string::npos);
  }
  CHECK(growth.body.find("Tỉnh B") == std::string::npos);
  auto sites = b.Get("/reports/sites?days=90");
  REQUIRE(sites.status == 200);
  for (const std::string& part : {"<svg", "<caption id=\"sites-caption\">", "Thư viện A1",
                                  "Điểm có hoạt động", "21/08/2026", "01/03/2026"}) {
    CAPTURE(part);
    CHECK(sites.body.find(part) != std::string::npos);
  }
}

TEST_CASE("the visit store keeps visit_days and learner_years equal to a recount",
          "[growth][visits]") {
  World world;
  people::VisitStore& store = *world.w.t.people_stores().visits;
  const int64_t sa1 =
      world.w.Must(world.w.t.people().GetSite(people::Actor::CommandLine(), "SA1")).id;
  const int64_t sb =
      world.w.Must(world.w.t.people().GetSite(people::Actor::CommandLine(), "SB")).id;
  const int64_t u1 = world.w.users.at("hv1").id;
  const int64_t u2 = world.w.users.at("hv2").id;
  auto visit = [&](const std::string& day, std::optional<int64_t> site, std::optional<int64_t> user,
                   const std::string& key, int lessons) {
    people::Visit v;
    v.day = day;
    v.site_id = site;
    v.user_id = user;
    v.visitor_key = key;
    v.lesson_views = lessons;
    REQUIRE(store.RecordVisit(v).ok());
  };
  visit("2025-12-31", std::nullopt, std::nullopt, "g1", 0);  // a guest, no site yet
  visit("2025-12-31", sa1, std::nullopt, "g1", 2);           // ... then at SA1 (row moves)
  visit("2025-12-31", std::nullopt, u1, "u1", 0);            // signed in, no lesson
  visit("2025-12-31", std::nullopt, u1, "u1", 1);            // a lesson, no site: learner at 0
  visit("2025-12-31", sb, u1, "u1", 1);                      // the site becomes known that day
  visit("2026-01-01", sa1, u1, "u1", 3);                     // new year, new learner row
  visit("2026-01-01", sa1, std::nullopt, "g2", 0);
  visit("2026-01-01", sa1, u2, "u2", 0);  // no lesson: no learner
  visit("2026-01-02", sb, u2, "u2", 4);
  visit("2026-01-03", sa1, u2, "u2", 1);  // a later day: first_on stays

  auto rows = [&](const std::string& sql) {
    std::vector<std::string> out;
    auto conn = world.w.t.db().Acquire();
    auto st = conn->Prepare(sql);
    REQUIRE(st.ok());
    for (;;) {
      auto row = st->Step();
      REQUIRE(row.ok());
      if (!*row) break;
      out.push_back(st->ColumnText(0) + " " + st->ColumnText(1) + " " + st->ColumnText(2) + " " +
                    st->ColumnText(3) + " " + st->ColumnText(4));
    }
    return out;
  };
  const auto kept = rows(
      "SELECT day, site_id, visits, signed_in, lesson_views FROM visit_days "
      "WHERE visits > 0 OR lesson_views > 0 ORDER BY day, site_id");
  const auto recount = rows(
      "SELECT day, coalesce(site_id, 0), count(*), count(user_id), sum(lesson_views) "
      "FROM visits GROUP BY day, coalesce(site_id, 0) ORDER BY 1, 2");
  CHECK(kept == recount);
  // By hand: 31/12/2025: g1 at SA1 (2 lessons), u1 at SB (2 lessons);
  // 1/1/2026: g2, u1 and u2 at SA1 (3 visits, 2 signed in, 3 lessons);
  // 2/1/2026: u2 at SB (4 lessons); 3/1/2026: u2 at SA1 (1 lesson).
  const std::string s1 = std::to_string(sa1), s2 = std::to_string(sb);
  CHECK(kept ==
        std::vector<std::string>{"2025-12-31 " + s1 + " 1 0 2", "2025-12-31 " + s2 + " 1 1 2",
                                 "2026-01-01 " + s1 + " 3 2 3", "2026-01-02 " + s2 + " 1 1 4",
                                 "2026-01-03 " + s1 + " 1 1 1"});
  // Nothing stays at "no site" once every row found its site.
  CHECK(rows("SELECT day, site_id, visits, signed_in, lesson_views FROM visit_days "
             "WHERE site_id = 0 AND (visits > 0 OR signed_in > 0 OR lesson_views > 0)")
            .empty());
  const auto learners =
      rows("SELECT year, user_id, site_id, first_on, '' FROM learner_years ORDER BY year, user_id");
  const auto learners_recount = rows(
      "SELECT CAST(substr(day, 1, 4) AS INTEGER), user_id, coalesce(site_id, 0), min(day), '' "
      "FROM visits WHERE user_id IS NOT NULL AND lesson_views > 0 "
      "GROUP BY substr(day, 1, 4), user_id ORDER BY 1, 2");
  CHECK(learners == learners_recount);
  const std::string id1 = std::to_string(u1), id2 = std::to_string(u2);
  CHECK(learners == std::vector<std::string>{"2025 " + id1 + " " + s2 + " 2025-12-31 ",
                                             "2026 " + id1 + " " + s1 + " 2026-01-01 ",
                                             "2026 " + id2 + " " + s2 + " 2026-01-02 "});
}

}  // namespace lophoc::app
