// The annual report, the reports saved as sent and the open data (issue 13;
// docs/annual-report.md) over the real HTTP stack, on the hand-made history
// of tests/support/report_world.h (its comment works out every person's
// standing). Province A on 31/12/2025 (D2): 4 staff in the population, 2
// trained (tv.sa1 valid, tv.sa2 valid; tv.moved and tv.revoked overdue),
// tv.exempt exempt and tv.new in grace.
#include <catch2/catch.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "kernel/csv.h"
#include "tests/support/report_world.h"

namespace lophoc::app {
namespace {

using nlohmann::json;
using testing::ReportWorld;

json Body(const testing::ClientResponse& r) {
  INFO(r.body);
  return json::parse(r.body);
}

const json& Programme(const json& annual, const std::string& slug) {
  for (const auto& p : annual["programmes"]) {
    if (p["code"] == slug) return p;
  }
  FAIL("no programme " << slug << " in " << annual.dump());
  static const json none;
  return none;
}

std::string Reason(const testing::ClientResponse& r) { return Body(r)["error"]["reason"]; }

TEST_CASE("the annual report gathers the year's reports for a province", "[annual]") {
  ReportWorld world;
  auto& w = world.w;
  auto r = w.As("mgr.a", "GET", "/api/v1/reports/annual?org=A&year=2025");
  REQUIRE(r.status == 200);
  const json annual = Body(r);
  CHECK(annual["kind"] == "annual");
  CHECK(annual["org"]["code"] == "A");
  CHECK(annual["year"] == 2025);
  CHECK(annual["as_of"] == "2025-12-31");  // the year is over on the test clock (18/11/2026)
  const json& co_ban = Programme(annual, "co-ban");
  // The training report of A on D2, as the training report test works out.
  const json& total = co_ban["training"]["total"];
  CHECK(total["population"] == 4);
  CHECK(total["trained"] == 2);
  CHECK(total["percent"] == 50.0);
  CHECK(total["exempt"] == 1);
  CHECK(total["in_grace"] == 1);
  // Due in the 90 days after D2, per unit: rows for A1 and A3.
  CHECK(co_ban["due"]["days"] == 90);
  CHECK(co_ban["due"]["items"].size() == 2);
  // Growth over 2021-2025 and the sites operating in the 90 days up to D2
  // (no visits in this history: every site is inactive).
  REQUIRE(annual["growth"]["total"]["years"].size() == 5);
  CHECK(annual["growth"]["total"]["years"][0]["year"] == 2021);
  CHECK(annual["sites"]["as_of"] == "2025-12-31");
  CHECK(annual["sites"]["total"]["active"] == 0);
  // A day of the year may be chosen: D1 is before the merger.
  const json d1 =
      Body(w.As("mgr.a", "GET", "/api/v1/reports/annual?org=A&year=2025&as_of=30/06/2025"));
  CHECK(Programme(d1, "co-ban")["training"]["total"]["trained"] == 3);
}

TEST_CASE("the annual report refuses what it cannot answer", "[annual]") {
  ReportWorld world;
  auto& w = world.w;
  const std::string api = "/api/v1/reports/annual?";
  auto bad_year = w.As("admin", "GET", api + "year=1999");
  CHECK(bad_year.status == 400);
  CHECK(Reason(bad_year) == "annual_year_invalid");
  CHECK(Reason(w.As("admin", "GET", api + "year=2027")) == "annual_year_invalid");  // after 2026
  CHECK(Reason(w.As("admin", "GET", api + "year=20x5")) == "annual_year_invalid");
  auto outside = w.As("admin", "GET", api + "year=2025&as_of=2024-12-31");
  CHECK(outside.status == 400);
  CHECK(Reason(outside) == "annual_as_of_outside_year");
  CHECK(Reason(w.As("admin", "GET", api + "year=2025&as_of=31-12-2025")) == "as_of_invalid");
  CHECK(Reason(w.As("admin", "GET", api + "year=2026&as_of=2026-12-01")) == "as_of_future");
  CHECK(w.As("mgr.b", "GET", api + "org=A&year=2025").status == 404);
  CHECK(w.As("tv.b", "GET", api + "year=2025").status == 403);
  CHECK(w.Fetch("GET", api + "year=2025").status == 401);
}

TEST_CASE("a report saved as sent stays as sent and shows what changed since", "[annual]") {
  ReportWorld world;
  auto& w = world.w;
  auto saved = w.As("mgr.a", "POST", "/api/v1/reports/snapshots",
                    R"({"org": "A", "year": 2025, "title": "Báo cáo gửi Sở <VHTTDL>"})");
  INFO(saved.body);
  REQUIRE(saved.status == 201);
  const json s = Body(saved);
  const std::string url = "/api/v1/reports/snapshots/" + std::to_string(s["id"].get<int64_t>());
  CHECK(s["title"] == "Báo cáo gửi Sở <VHTTDL>");
  CHECK(s["as_of"] == "2025-12-31");
  CHECK(Programme(s["report"], "co-ban")["training"]["total"]["trained"] == 2);
  CHECK(w.Count("report_snapshots") == 1);

  // Nothing changed yet.
  json one = Body(w.As("mgr.a", "GET", url));
  CHECK(one["differences"].empty());
  CHECK(one["saved_by"].is_string());

  // A certification is found to be wrong and revoked from 01/12/2025: the
  // live figures lose one trained person in A1; the saved ones do not.
  {
    auto conn = w.t.db().Acquire();
    REQUIRE(conn->Exec("UPDATE certifications SET revoked_on = '2025-12-01', revoked_reason = "
                       "'Sai hồ sơ' WHERE user_id = (SELECT id FROM users WHERE username = "
                       "'tv.sa1')")
                .ok());
  }
  one = Body(w.As("mgr.a", "GET", url));
  CHECK(Programme(one["report"], "co-ban")["training"]["total"]["trained"] == 2);
  CHECK(Programme(one["live"], "co-ban")["training"]["total"]["trained"] == 1);
  std::map<std::string, std::pair<json, json>> changed;
  for (const auto& d : one["differences"]) {
    std::string where;
    for (const auto& part : d["where"])
      where += (where.empty() ? "" : " > ") + part.get<std::string>();
    changed[where] = {d["saved"], d["live"]};
  }
  // Rows are named by their name: the programme's title, the unit's name.
  const std::string title = Programme(s["report"], "co-ban")["name"];
  const std::string a1 = "programmes > " + title + " > training > units > Huyện A1 > ";
  REQUIRE(changed.count(a1 + "trained") == 1);
  CHECK(changed[a1 + "trained"].first == 1);
  CHECK(changed[a1 + "trained"].second == 0);
  CHECK(changed.count("programmes > " + title + " > training > total > trained") == 1);
  CHECK(changed.count("made_at") == 0);  // when a report was made is no difference

  // Scope: B's manager neither lists nor opens it; A's does.
  CHECK(w.As("mgr.b", "GET", url).status == 404);
  CHECK(Body(w.As("mgr.b", "GET", "/api/v1/reports/snapshots"))["items"].empty());
  CHECK(Body(w.As("mgr.a", "GET", "/api/v1/reports/snapshots?year=2025"))["items"].size() == 1);
  CHECK(Body(w.As("admin", "GET", "/api/v1/reports/snapshots"))["items"].size() == 1);
  CHECK(w.As("mgr.a", "GET", "/api/v1/reports/snapshots/999").status == 404);

  // Refused saves store nothing.
  CHECK(
      w.As("mgr.b", "POST", "/api/v1/reports/snapshots", R"({"org": "A", "year": 2025})").status ==
      404);
  auto long_title =
      w.As("mgr.a", "POST", "/api/v1/reports/snapshots",
           json{{"org", "A"}, {"year", 2025}, {"title", std::string(201, 'x')}}.dump());
  CHECK(long_title.status == 400);
  CHECK(Reason(long_title) == "snapshot_title_too_long");
  CHECK(Reason(w.As("mgr.a", "POST", "/api/v1/reports/snapshots", R"({"org": "A", "nam": 1})")) ==
        "body_unknown_field");
  CHECK(w.As("tv.b", "POST", "/api/v1/reports/snapshots", R"({"year": 2025})").status == 403);
  CHECK(w.Count("report_snapshots") == 1);
  // The audit log names the save.
  auto conn = w.t.db().Acquire();
  auto st = conn->Prepare("SELECT count(*) FROM audit_log WHERE action = 'report.save_snapshot'");
  REQUIRE(st.ok());
  REQUIRE(*st->Step());
  CHECK(st->ColumnInt(0) == 1);
}

TEST_CASE("the annual report page prints, saves and compares", "[annual][pages]") {
  ReportWorld world;
  auto& w = world.w;
  auto b = w.SignedIn("mgr.a");
  const auto page = testing::Page(b, "/reports/annual?org=A&year=2025");
  testing::CheckShows(page.body,
                      {"Báo cáo năm", "Huyện A1", "Huyện A3", "50.0", "<svg", "<caption",
                       "31/12/2025", "name=\"csrf_token\"", "Lưu làm bản đã gửi",
                       "/reports/annual.pdf?org=A&amp;year=2025&amp;as_of=2025-12-31"},
                      {"Tỉnh B", "Thư viện B",
                       // No activity in this history: no "last" without a day,
                       // and no "more" line under 200 inactive sites.
                       "lần cuối", "Còn nữa"});
  auto posted = b.Post("/reports/snapshots", {{"org", "A"},
                                              {"year", "2025"},
                                              {"as_of", "2025-12-31"},
                                              {"title", "<script>alert(1)</script>"}});
  REQUIRE(posted.status == 303);
  const std::string location = posted.HeaderValue("Location");
  CHECK(location.rfind("/reports/snapshots/", 0) == 0);
  const auto saved = testing::Page(b, location);
  testing::CheckShows(saved.body,
                      {"Đã lưu báo cáo làm bản đã gửi", "Số liệu hiện nay giống hệt bản đã gửi",
                       "&lt;script&gt;alert(1)&lt;/script&gt;", "Huyện A1"},
                      {"<script>alert(1)</script>"});
  testing::CheckShows(testing::Page(b, "/reports/snapshots").body,
                      {location.substr(0, location.find('?'))});
  // Without the CSRF token nothing is saved.
  CHECK(b.Post("/reports/snapshots", {{"org", "A"}, {"year", "2025"}}, false).status == 403);
  CHECK(w.Count("report_snapshots") == 1);
  // B's manager cannot open it; a bad year is a page, not a crash.
  auto other = w.SignedIn("mgr.b");
  CHECK(other.Get(location).status == 404);
  CHECK(b.Get("/reports/annual?year=abcd").status == 400);
}

TEST_CASE("the annual report as a PDF made on the server", "[annual][pdf]") {
  ReportWorld world;
  auto b = world.w.SignedIn("mgr.a");
  auto pdf = b.Get("/reports/annual.pdf?org=A&year=2025");
  INFO(pdf.body.substr(0, 300));
  REQUIRE(pdf.status == 200);  // scripts/install-deps --test installs weasyprint
  CHECK(pdf.content_type == "application/pdf");
  CHECK(pdf.body.compare(0, 5, "%PDF-") == 0);
  CHECK(pdf.body.size() > 5000);
  CHECK(b.Get("/reports/annual.pdf?org=B&year=2025").status == 404);
}

// Open data: no sign-in, no names, small counts withheld.
TEST_CASE("open data publishes suppressed aggregates to anyone", "[annual][open_data]") {
  ReportWorld world;
  auto& w = world.w;
  const std::string q = "?programme=co-ban&org=VN&as_of=2025-12-31";
  auto csv = w.Fetch("GET", "/api/v1/open-data/training.csv" + q, {});
  REQUIRE(csv.status == 200);
  auto js = w.Fetch("GET", "/api/v1/open-data/training.json" + q, {});
  REQUIRE(js.status == 200);
  const json j = Body(js);
  CHECK(j["k"] == 5);
  CHECK(j["as_of"] == "2025-12-31");
  // Province A has 4 staff in the population and B 2: both under 5, so no
  // count of either is published; neither is any name or username.
  for (const auto& row : j["rows"]) {
    CHECK(row["total"]["population"].is_null());
    CHECK(row["total"].contains("suppressed"));
  }
  for (const std::string hidden : {"tv.sa1", "Sa Một", "Thư viện A1", "SA1,", "username"}) {
    CHECK(csv.body.find(hidden) == std::string::npos);
    CHECK(js.body.find(hidden) == std::string::npos);
  }
  // The CSV says the same as the JSON for the row totals.
  auto parsed = ParseCsv(csv.body);
  REQUIRE(parsed.ok());
  std::map<std::string, std::string> totals;
  for (const auto& rec : parsed->records) {
    if (rec.fields[4] == "all") totals[rec.fields[2]] = rec.fields[5];
  }
  for (const auto& row : j["rows"]) {
    CHECK(totals.at(row["code"].get<std::string>()) == row["total"]["suppressed"]);
  }
  // Bad input gets a clear refusal.
  auto future =
      w.Fetch("GET", "/api/v1/open-data/training.json?programme=co-ban&as_of=2030-01-01", {});
  CHECK(future.status == 400);
  CHECK(Reason(future) == "as_of_future");
  CHECK(Reason(w.Fetch("GET", "/api/v1/open-data/training.csv?programme=nope", {})) ==
        "programme_not_found");
  CHECK(Reason(w.Fetch("GET", "/api/v1/open-data/training.json", {})) == "programme_required");
  CHECK(w.Fetch("GET", "/api/v1/open-data/training.json?programme=co-ban&org=ZZ", {}).status ==
        404);
}

}  // namespace
}  // namespace lophoc::app
