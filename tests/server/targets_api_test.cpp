// Targets over the real HTTP stack and a real SQLite database (migration
// 0018; docs/targets.md): every refusal of POST /api/v1/targets, scope
// (a manager of A neither sees nor sets B's targets), retirement, audit
// rows, the CSV of the list, and the CSV import (line numbers, all or
// nothing). The tree: VN above provinces A (with district A1) and B.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/support/test_world.h"

namespace lophoc::app {
namespace {

using nlohmann::json;
using people::Role;

json Good() {
  return {{"kind", "trained"},
          {"title", "100% cán bộ thư viện tỉnh được bồi dưỡng"},
          {"source", "Kế hoạch 3063/KH-UBND"},
          {"org", "A"},
          {"programme", "co-ban"},
          {"staff_categories", {"provincial_librarian"}},
          {"percent", 100},
          {"starts_on", "27/08/2021"},
          {"deadline", "2025-12-31"}};
}

struct World {
  testing::TestWorld w;
  World() {
    w.StandardTree(testing::TreeOptions().NationalRoot());
    w.AddAllWithTokens({{"admin", {Role::kAdmin}},
                        {"ql.a", {Role::kManager}, "A"},
                        {"ql.b", {Role::kManager}, "B"},
                        {"gv.a", {Role::kTrainer}, "A"},
                        {"dan", {Role::kLearner}}});
    w.Start();
  }
  testing::ClientResponse Post(const std::string& who, const json& body) {
    return w.As(who, "POST", "/api/v1/targets", body.dump());
  }
  int64_t Create(const std::string& who, const json& body) {
    auto r = Post(who, body);
    INFO(r.body);
    REQUIRE(r.status == 201);
    return json::parse(r.body)["id"].get<int64_t>();
  }
  std::string Reason(const testing::ClientResponse& r) {
    auto j = json::parse(r.body, nullptr, false);
    return j.is_object() && j.contains("error") ? j["error"].value("reason", "") : "";
  }
  int64_t Audits(const std::string& action) {
    auto conn = w.t.db().Acquire();
    auto st = conn->Prepare(
        "SELECT count(*) FROM audit_log WHERE object_type = 'target' AND "
        "action = ?");
    REQUIRE(st.ok());
    st->Bind(1, action);
    REQUIRE(*st->Step());
    return st->ColumnInt(0);
  }
};

}  // namespace

TEST_CASE("an admin sets a target: stored as given, dates read both ways, audited",
          "[targets][api]") {
  World world;
  auto r = world.Post("admin", Good());
  INFO(r.body);
  REQUIRE(r.status == 201);
  const json t = json::parse(r.body);
  CHECK(t["kind"] == "trained");
  CHECK(t["org"] == "A");
  CHECK(t["org_name"] == "Tỉnh A");
  CHECK(t["programme"] == "co-ban");
  CHECK(t["staff_categories"] == json::array({"provincial_librarian"}));
  CHECK(t["site_types"] == json::array());
  CHECK(t["percent"] == 100.0);
  CHECK(t["starts_on"] == "2021-08-27");
  CHECK(t["deadline"] == "2025-12-31");
  CHECK(t["window_days"].is_null());
  CHECK(t["retired_at"].is_null());
  CHECK(world.w.Count("targets") == 1);
  CHECK(world.Audits("target.create") == 1);

  auto one = world.w.As("admin", "GET", "/api/v1/targets/" + std::to_string(t["id"].get<int>()));
  REQUIRE(one.status == 200);
  CHECK(json::parse(one.body)["title"] == "100% cán bộ thư viện tỉnh được bồi dưỡng");

  // A site-activity target gets its 90 days unless told; a decimal comma is read.
  json sites = Good();
  sites["kind"] = "sites_active";
  sites.erase("programme");
  sites["percent"] = "80,5";
  sites["org"] = "VN";
  auto s = world.Post("admin", sites);
  INFO(s.body);
  REQUIRE(s.status == 201);
  CHECK(json::parse(s.body)["window_days"] == 90);
  CHECK(json::parse(s.body)["percent"] == 80.5);
}

TEST_CASE("every bad target is refused with its reason, and nothing is stored", "[targets][api]") {
  World world;
  struct Bad {
    const char* what;
    json body;
    int status;
    const char* reason;
  };
  auto with = [](const char* key, json value) {
    json b = Good();
    if (value.is_null()) {
      b.erase(key);
    } else {
      b[key] = value;
    }
    return b;
  };
  json growth_with_programme = Good();
  growth_with_programme["kind"] = "visits_growth";
  json window_on_trained = with("window_days", 30);
  json sites_window_zero = Good();
  sites_window_zero["kind"] = "sites_active";
  sites_window_zero.erase("programme");
  sites_window_zero["window_days"] = 0;
  json sites_window_long = sites_window_zero;
  sites_window_long["window_days"] = 3651;
  const std::vector<Bad> cases = {
      {"percent over 100", with("percent", 100.5), 400, "target_percent_invalid"},
      {"negative percent", with("percent", -5), 400, "target_percent_invalid"},
      {"percent in words", with("percent", "bảy mươi"), 400, "target_percent_invalid"},
      {"deadline before start", with("deadline", "26/08/2021"), 400,
       "target_deadline_before_start"},
      {"unknown site type", with("site_types", {"thu_vien"}), 400, "target_site_type_invalid"},
      {"unknown staff category", with("staff_categories", {"librarian"}), 400,
       "target_staff_category_invalid"},
      {"no programme for trained", with("programme", nullptr), 400, "target_programme_missing"},
      {"programme for growth", growth_with_programme, 400, "target_programme_not_allowed"},
      {"window on trained", window_on_trained, 400, "target_window_not_allowed"},
      {"window 0", sites_window_zero, 400, "target_window_invalid"},
      {"window 3651", sites_window_long, 400, "target_window_invalid"},
      {"empty title", with("title", ""), 400, "target_title_missing"},
      {"long title", with("title", std::string(301, 'x')), 400, "target_title_too_long"},
      {"long source", with("source", std::string(301, 'x')), 400, "target_source_too_long"},
      {"unknown kind", with("kind", "growth"), 400, "target_kind_invalid"},
      {"no org", with("org", nullptr), 400, "field_required"},
      {"no deadline", with("deadline", nullptr), 400, "field_required"},
      {"no such day", with("deadline", "31/02/2025"), 400, "date_invalid"},
      {"ambiguous day", with("starts_on", "27/08/21"), 400, "date_ambiguous"},
      {"unknown org", with("org", "ZZ"), 404, "org_not_found"},
      {"unknown programme", with("programme", "khong-co"), 404, "programme_not_found"},
      {"unknown field", with("scope", "A"), 400, "body_unknown_field"},
      {"percent as a list", with("percent", {70}), 400, "field_not_int"},
  };
  for (const auto& bad : cases) {
    CAPTURE(bad.what);
    auto r = world.Post("admin", bad.body);
    INFO(r.body);
    CHECK(r.status == bad.status);
    CHECK(world.Reason(r) == bad.reason);
  }
  // The limit is said in the message.
  auto long_title = world.Post("admin", with("title", std::string(301, 'x')));
  CHECK(json::parse(long_title.body)["error"]["text"].get<std::string>().find("300") !=
        std::string::npos);
  CHECK(world.w.Count("targets") == 0);
  CHECK(world.Audits("target.create") == 0);
}

TEST_CASE("managers set and see targets of their subtree only", "[targets][api][scope]") {
  World world;
  auto& w = world.w;
  json a1 = Good();
  a1["org"] = "A1";
  const int64_t in_a = world.Create("ql.a", a1);
  json b = Good();
  b["org"] = "B";
  const int64_t in_b = world.Create("ql.b", b);
  world.Create("admin", [] {
    json n = Good();
    n["org"] = "VN";
    return n;
  }());

  // ql.a cannot set one for B nor for the nation above: not found, as PeopleService says.
  for (const char* org : {"B", "VN"}) {
    CAPTURE(org);
    json other = Good();
    other["org"] = org;
    auto r = world.Post("ql.a", other);
    CHECK(r.status == 404);
    CHECK(world.Reason(r) == "org_not_found");
  }
  // Nor see, nor retire, B's.
  const std::string b_url = "/api/v1/targets/" + std::to_string(in_b);
  CHECK(w.As("ql.a", "GET", b_url).status == 404);
  CHECK(world.Reason(w.As("ql.a", "GET", b_url)) == "target_not_found");
  CHECK(w.As("ql.a", "POST", b_url + "/retire").status == 404);
  CHECK(w.As("ql.a", "GET", "/api/v1/targets?org=B").status == 404);

  auto mine = json::parse(w.As("ql.a", "GET", "/api/v1/targets").body)["items"];
  REQUIRE(mine.size() == 1);
  CHECK(mine[0]["id"] == in_a);
  CHECK(mine[0]["org"] == "A1");
  auto theirs = json::parse(w.As("ql.b", "GET", "/api/v1/targets").body)["items"];
  REQUIRE(theirs.size() == 1);
  CHECK(theirs[0]["id"] == in_b);
  // The admin sees all three, ordered by the unit's path (VN, A1, B).
  auto all = json::parse(w.As("admin", "GET", "/api/v1/targets").body)["items"];
  REQUIRE(all.size() == 3);
  CHECK(all[0]["org"] == "VN");
  CHECK(all[1]["org"] == "A1");
  CHECK(all[2]["org"] == "B");
  CHECK(json::parse(w.As("admin", "GET", "/api/v1/targets?org=A").body)["items"].size() == 1);

  // Trainers and learners neither read nor set targets.
  for (const char* who : {"gv.a", "dan"}) {
    CAPTURE(who);
    CHECK(w.As(who, "GET", "/api/v1/targets").status == 403);
    auto r = world.Post(who, a1);
    CHECK(r.status == 403);
    CHECK(world.Reason(r) == "targets_not_allowed");
  }
  CHECK(w.As("anonymous", "GET", "/api/v1/targets").status == 401);
  CHECK(w.Count("targets") == 3);
}

TEST_CASE("a retired target is kept, out of the list unless asked, and retired once",
          "[targets][api]") {
  World world;
  auto& w = world.w;
  const int64_t id = world.Create("ql.a", Good());
  const std::string url = "/api/v1/targets/" + std::to_string(id);
  auto r = w.As("ql.a", "POST", url + "/retire");
  INFO(r.body);
  REQUIRE(r.status == 200);
  CHECK_FALSE(json::parse(r.body)["retired_at"].is_null());
  auto again = w.As("ql.a", "POST", url + "/retire");
  CHECK(again.status == 409);
  CHECK(world.Reason(again) == "target_retired_already");
  CHECK(json::parse(w.As("ql.a", "GET", "/api/v1/targets").body)["items"].empty());
  CHECK(
      json::parse(w.As("ql.a", "GET", "/api/v1/targets?include_retired=1").body)["items"].size() ==
      1);
  CHECK(w.As("ql.a", "GET", url).status == 200);
  CHECK(w.Count("targets") == 1);
  CHECK(world.Audits("target.create") == 1);
  CHECK(world.Audits("target.retire") == 1);
  CHECK(w.As("ql.a", "POST", "/api/v1/targets/xyz/retire").status == 404);
}

TEST_CASE("the list as CSV has the columns the import reads", "[targets][api][csv]") {
  World world;
  world.Create("admin", Good());
  auto r = world.w.As("admin", "GET", "/api/v1/targets?format=csv");
  INFO(r.body);
  REQUIRE(r.status == 200);
  CHECK(r.Header("content-type").rfind("text/csv", 0) == 0);
  CHECK(r.body.find("kind,title,source,org,programme,site_types,staff_categories,percent,"
                    "starts_on,deadline,window_days,id,retired_at") != std::string::npos);
  CHECK(r.body.find("trained,100% cán bộ thư viện tỉnh được bồi dưỡng,Kế hoạch 3063/KH-UBND,A,"
                    "co-ban,,provincial_librarian,100,2021-08-27,2025-12-31,,1,") !=
        std::string::npos);
  CHECK(world.w.As("admin", "GET", "/api/v1/targets?kind=growth").status == 400);
}

TEST_CASE("a CSV import names every bad row by its line and stores all or nothing",
          "[targets][csv]") {
  World world;
  auto& w = world.w;
  auto& targets = w.t.targets();
  // The title of the first row spans two lines: the next record starts on line 4.
  const std::string bad =
      "kind,title,org,percent,starts_on,deadline,programme,staff_categories\n"
      "trained,\"Tên\nhai dòng\",A,70,01/01/2024,31/12/2025,co-ban,commune_librarian\n"
      "trained,Quá trăm,A,120,01/01/2024,31/12/2025,co-ban,\n"
      "visits_growth,Ngược ngày,ZZ,5,31/12/2025,01/01/2024,,\n"
      "trained,Nhóm lạ,A,50,01/01/2024,31/12/2025,co-ban,thu_thu|commune_librarian\n";
  auto report = w.Must(targets.Import(w.cli, bad, false));
  CHECK(report.rows == 4);
  CHECK(report.created == 0);
  REQUIRE(report.refused.size() == 4);
  CHECK(report.refused[0].line == 4);
  CHECK(report.refused[0].why.reason() == "target_percent_invalid");
  CHECK(report.refused[1].line == 5);
  CHECK(report.refused[1].why.reason() == "org_not_found");
  CHECK(report.refused[2].line == 5);
  CHECK(report.refused[2].why.reason() == "target_deadline_before_start");
  CHECK(report.refused[3].line == 6);
  CHECK(report.refused[3].why.reason() == "target_staff_category_invalid");
  CHECK(report.refused[3].why.params().at("line") == "6");
  CHECK(w.Count("targets") == 0);  // the good row 2 is not stored either

  const std::string good =
      "\xEF\xBB\xBFkind;title;org;percent;starts_on;deadline;programme;window_days\n"
      "trained;Bồi dưỡng;A;70;01/01/2024;31/12/2025;co-ban;\n"
      "sites_active;Điểm hoạt động;B;80;2024-01-01;2025-12-31;;60\n";
  auto dry = w.Must(targets.Import(w.cli, good, true));
  CHECK(dry.rows == 2);
  CHECK(dry.refused.empty());
  CHECK(dry.created == 0);
  CHECK(w.Count("targets") == 0);
  auto done = w.Must(targets.Import(w.cli, good, false));
  CHECK(done.created == 2);
  CHECK(w.Count("targets") == 2);
  CHECK(world.Audits("target.create") == 2);
  auto listed = json::parse(w.As("admin", "GET", "/api/v1/targets?kind=sites_active").body);
  REQUIRE(listed["items"].size() == 1);
  CHECK(listed["items"][0]["window_days"] == 60);

  auto unknown = targets.Import(w.cli, "kind,title,scope\n", false);
  CHECK(unknown.status().reason() == "csv_column_unknown");
  auto missing = targets.Import(w.cli, "kind,title,org,percent,starts_on\n", false);
  CHECK(missing.status().reason() == "csv_column_missing");
  CHECK(missing.status().params().at("column") == "deadline");
  // A manager imports within their subtree only, like the form.
  auto other = w.Must(targets.Import(
      people::Actor::ForUser(w.users.at("ql.a")),
      "kind,title,org,percent,starts_on,deadline\nlearners_growth,Người học,B,3,01/01/2024,"
      "31/12/2024\n",
      false));
  REQUIRE(other.refused.size() == 1);
  CHECK(other.refused[0].why.reason() == "org_not_found");
}

TEST_CASE("the reports read targets set on given units", "[targets]") {
  World world;
  auto& w = world.w;
  const int64_t a = world.Create("admin", Good());
  json growth = Good();
  growth["kind"] = "learners_growth";
  growth.erase("programme");
  growth["percent"] = 3;
  world.Create("admin", growth);
  json b = Good();
  b["org"] = "B";
  world.Create("admin", b);
  const int64_t unit_a = w.t.people().GetOrgUnit(w.cli, "A")->id;
  auto trained =
      w.Must(w.t.targets().TargetsFor({unit_a}, training::TargetKind::kTrained, "co-ban"));
  REQUIRE(trained.size() == 1);
  CHECK(trained[0].id == a);
  CHECK(w.Must(w.t.targets().TargetsFor({unit_a})).size() == 2);
  CHECK(w.Must(w.t.targets().TargetsFor({unit_a}, std::nullopt, "khac")).empty());
  REQUIRE(w.t.targets().Retire(w.cli, a).ok());
  CHECK(w.Must(w.t.targets().TargetsFor({unit_a}, training::TargetKind::kTrained)).empty());
}

}  // namespace lophoc::app
