// The org tree over time (issue 13, docs/org-history.md): levels as data,
// dated org changes with their preview, the reorganisation CSV, and who may
// change what, over a real socket and a real SQLite database (migration
// 0017). The site's clock stands on 18/11/2026 in Vietnam.
//
// The standard tree with the nation: VN > A > A1 > SA1 (district library),
// VN > B > SB (provincial library). The test adds communes X1, X2 under A1.
#include <catch2/catch.hpp>
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "tests/support/test_world.h"

namespace lophoc::app {
namespace {

using nlohmann::json;
using people::Role;

// A unit on day D, read as the contract says: its version with the
// greatest valid_from <= D.
struct UnitOn {
  std::string parent;
  std::string state;
  std::string name;
  std::string level;
};

std::map<std::string, UnitOn> TreeOn(storage::Database& db, const std::string& day) {
  auto conn = db.Acquire();
  auto st = conn->Prepare(
      "SELECT u.code, coalesce(p.code, ''), v.state, v.name, v.level "
      "FROM org_unit_versions v JOIN org_units u ON u.id = v.unit_id "
      "LEFT JOIN org_units p ON p.id = v.parent_id "
      "WHERE v.valid_from = (SELECT max(w.valid_from) FROM org_unit_versions w "
      "WHERE w.unit_id = v.unit_id AND w.valid_from <= ?1)");
  REQUIRE(st.ok());
  st->Bind(1, day);
  std::map<std::string, UnitOn> out;
  for (;;) {
    auto row = st->Step();
    REQUIRE(row.ok());
    if (!*row) break;
    out[st->ColumnText(0)] = {st->ColumnText(1), st->ColumnText(2), st->ColumnText(3),
                              st->ColumnText(4)};
  }
  return out;
}

// A site's unit on day D ("" when it is absent or closed).
std::string SiteUnitOn(storage::Database& db, const std::string& site, const std::string& day) {
  auto conn = db.Acquire();
  auto st = conn->Prepare(
      "SELECT o.code, v.state FROM site_versions v JOIN sites s ON s.id = v.site_id "
      "JOIN org_units o ON o.id = v.org_unit_id WHERE s.code = ?1 AND v.valid_from = "
      "(SELECT max(w.valid_from) FROM site_versions w WHERE w.site_id = v.site_id AND "
      "w.valid_from <= ?2)");
  REQUIRE(st.ok());
  st->Bind(1, site).Bind(2, day);
  auto row = st->Step();
  REQUIRE(row.ok());
  if (!*row || st->ColumnText(1) != "open") return "";
  return st->ColumnText(0);
}

std::string Text(storage::Database& db, const std::string& sql) {
  auto conn = db.Acquire();
  auto st = conn->Prepare(sql);
  REQUIRE(st.ok());
  auto row = st->Step();
  REQUIRE(row.ok());
  REQUIRE(*row);
  return st->ColumnText(0);
}

struct World {
  testing::TestWorld w;
  World() {
    w.StandardTree(testing::TreeOptions().NationalRoot());
    w.AddAllWithTokens({{"admin", {Role::kAdmin}},
                        {"ql.a", {Role::kManager}, "A"},
                        {"ql.b", {Role::kManager}, "B"},
                        {"tv.a1", {Role::kLearner}, "A1", "SA1", "district_librarian"}});
    w.Start();
    for (const char* code : {"X1", "X2"}) {
      json unit = {{"code", code},
                   {"name", std::string("Xã ") + code},
                   {"level", "commune"},
                   {"parent", "A1"}};
      auto r = w.As("admin", "POST", "/api/v1/org-units", unit.dump());
      INFO(r.body);
      REQUIRE(r.status == 201);
    }
    // tv.a1 has worked at SA1 since 2020 (the account is older than lophoc's copy).
    auto conn = w.t.db().Acquire();
    REQUIRE(conn->Exec("UPDATE staff_placements SET from_at = '2020-01-01T00:00:00Z'").ok());
  }

  testing::ClientResponse Change(const std::string& who, json change, bool dry_run = false) {
    if (dry_run) change["dry_run"] = true;
    return w.As(who, "POST", "/api/v1/org-changes", change.dump());
  }
  json Saved(const std::string& who, const json& change) {
    auto r = Change(who, change);
    INFO(r.body);
    REQUIRE(r.status == 201);
    return json::parse(r.body);
  }
  // The refusal's reason, CHECKing its HTTP status.
  std::string Refused(const std::string& who, const json& change, int status) {
    auto r = Change(who, change);
    INFO(r.body);
    CHECK(r.status == status);
    auto body = json::parse(r.body, nullptr, false);
    if (!body.is_object() || !body.contains("error")) return "";
    return body["error"].value("reason", "");
  }
  testing::ClientResponse Import(const std::string& who, const std::string& csv, bool dry_run) {
    return w.As(who, "POST",
                std::string("/api/v1/org-changes/import?dry_run=") + (dry_run ? "1" : "0"), csv,
                "text/csv");
  }
};

// The preview and the result, without the ids only the result has.
json WithoutIds(json outcome) {
  outcome.erase("dry_run");
  for (auto& c : outcome["changes"]) c.erase("id");
  return outcome;
}

}  // namespace

TEST_CASE("levels are data: the API lists them and a ward can be made", "[orgchanges][levels]") {
  World world;
  auto& w = world.w;
  auto r = w.As("admin", "GET", "/api/v1/org-levels");
  REQUIRE(r.status == 200);
  auto items = json::parse(r.body)["items"];
  REQUIRE(items.size() == 7);
  CHECK(items[0]["code"] == "nation");
  CHECK(items[0]["rank"] == 0);
  std::vector<std::string> codes;
  for (const auto& l : items) codes.push_back(l["code"]);
  CHECK(std::count(codes.begin(), codes.end(), "special_zone") == 1);

  json ward = {{"code", "P1"}, {"name", "Phường 1"}, {"level", "ward"}, {"parent", "A"}};
  auto made = w.As("admin", "POST", "/api/v1/org-units", ward.dump());
  INFO(made.body);
  REQUIRE(made.status == 201);
  CHECK(json::parse(made.body)["level"] == "ward");

  json hamlet = {{"code", "T1"}, {"name", "Thôn 1"}, {"level", "hamlet"}, {"parent", "A"}};
  auto refused = w.As("admin", "POST", "/api/v1/org-units", hamlet.dump());
  CHECK(refused.status == 400);
  CHECK(json::parse(refused.body)["error"]["reason"] == "level_invalid");

  auto csv = w.As("admin", "POST", "/api/v1/org-units/import?dry_run=0",
                  "code,name,level,parent\r\nDK1,Đặc khu 1,special_zone,A\r\n", "text/csv");
  INFO(csv.body);
  CHECK(csv.status == 200);
  CHECK(Text(w.t.db(), "SELECT level FROM org_units WHERE code = 'DK1'") == "special_zone");
}

TEST_CASE("a merger: its preview is its result, and days before and after read their own tree",
          "[orgchanges][merge]") {
  World world;
  auto& w = world.w;
  const json merge = {
      {"kind", "unit_merge"}, {"subject", "A"}, {"successor", "B"}, {"effective_on", "01/07/2025"}};
  const int64_t versions = w.Count("org_unit_versions");

  auto preview = world.Change("admin", merge, true);
  INFO(preview.body);
  REQUIRE(preview.status == 200);
  json p = json::parse(preview.body);
  CHECK(p["dry_run"] == true);
  REQUIRE(p["changes"].size() == 1);
  CHECK(p["changes"][0]["effective_on"] == "2025-07-01");
  CHECK(p["changes"][0]["units"] == json::parse(R"([{"code":"A1","from":"A","to":"B"}])"));
  CHECK(p["changes"][0]["sites"] == json::array());
  CHECK(p["changes"][0]["people"] == 1);  // tv.a1 at SA1, under A1
  // Nothing stayed.
  CHECK(w.Count("org_changes") == 0);
  CHECK(w.Count("org_unit_versions") == versions);
  CHECK(Text(w.t.db(),
             "SELECT p.code FROM org_units o JOIN org_units p ON p.id = o.parent_id "
             "WHERE o.code = 'A1'") == "A");

  json saved = world.Saved("admin", merge);
  CHECK(saved["dry_run"] == false);
  CHECK(saved["changes"][0]["id"].get<int64_t>() > 0);
  CHECK(WithoutIds(saved) == WithoutIds(p));
  CHECK(w.Count("org_changes") == 1);
  CHECK(w.Count("org_unit_versions") == versions + 2);  // A merged, A1 under B

  auto before = TreeOn(w.t.db(), "2025-06-30");
  CHECK(before["A"].state == "active");
  CHECK(before["A1"].parent == "A");
  auto after = TreeOn(w.t.db(), "2025-07-01");
  CHECK(after["A"].state == "merged");
  CHECK(after["A1"].parent == "B");
  CHECK(after["X1"].parent == "A1");
  CHECK(Text(w.t.db(),
             "SELECT s.code FROM org_unit_versions v JOIN org_units u ON u.id = "
             "v.unit_id JOIN org_units s ON s.id = v.successor_id WHERE u.code = 'A'") == "B");
  // Today's state follows, paths included: B's manager now manages A1.
  const std::string b_path = Text(w.t.db(), "SELECT path FROM org_units WHERE code = 'B'");
  CHECK(Text(w.t.db(), "SELECT path FROM org_units WHERE code = 'X1'").rfind(b_path, 0) == 0);
  CHECK(w.As("ql.b", "GET", "/api/v1/org-units/X1").status == 200);
  CHECK(w.As("ql.a", "GET", "/api/v1/org-units/X1").status == 404);
  // Audited, in the same transaction.
  CHECK(Text(w.t.db(), "SELECT action FROM audit_log ORDER BY id DESC LIMIT 1") ==
        "org_change.apply");
  // Listed.
  auto list = w.As("admin", "GET", "/api/v1/org-changes?from=2025-01-01&to=31/12/2025");
  REQUIRE(list.status == 200);
  auto items = json::parse(list.body)["items"];
  REQUIRE(items.size() == 1);
  CHECK(items[0]["kind"] == "unit_merge");
  CHECK(items[0]["created_by"] == "admin");
  CHECK(items[0]["details"]["units"][0]["code"] == "A1");
  CHECK(
      json::parse(w.As("admin", "GET", "/api/v1/org-changes?to=2025-06-30").body)["items"].empty());
  // A merged unit takes no more changes.
  CHECK(world.Refused("admin",
                      {{"kind", "unit_rename"},
                       {"subject", "A"},
                       {"name", "Tỉnh Z"},
                       {"effective_on", "2025-08-01"}},
                      409) == "org_unit_not_active");
}

TEST_CASE("every kind of unit change writes a dated version", "[orgchanges][units]") {
  World world;
  auto& w = world.w;
  world.Saved("admin", {{"kind", "unit_create"},
                        {"subject", "C"},
                        {"name", "Tỉnh C"},
                        {"level", "province"},
                        {"parent", "VN"},
                        {"effective_on", "2024-01-01"}});
  world.Saved("admin", {{"kind", "unit_rename"},
                        {"subject", "B"},
                        {"name", "Tỉnh B mới"},
                        {"effective_on", "2024-02-01"}});
  world.Saved(
      "admin",
      {{"kind", "unit_move"}, {"subject", "X2"}, {"parent", "C"}, {"effective_on", "2024-03-01"}});
  world.Saved("admin", {{"kind", "unit_relevel"},
                        {"subject", "X1"},
                        {"level", "ward"},
                        {"effective_on", "2024-04-01"}});
  auto moved = world.Saved("admin", {{"kind", "unit_dissolve"},
                                     {"subject", "A1"},
                                     {"parent", "A"},
                                     {"effective_on", "2024-05-01"}});
  CHECK(moved["changes"][0]["units"] == json::parse(R"([{"code":"X1","from":"A1","to":"A"}])"));
  CHECK(moved["changes"][0]["sites"] == json::parse(R"([{"code":"SA1","from":"A1","to":"A"}])"));

  auto y2023 = TreeOn(w.t.db(), "2023-12-31");
  CHECK(y2023.count("C") == 0);  // C's only version begins in 2024
  CHECK(y2023["B"].name == "Tỉnh B");
  CHECK(y2023["X2"].parent == "A1");
  CHECK(y2023["X1"].level == "commune");
  CHECK(y2023["A1"].state == "active");
  auto y2024 = TreeOn(w.t.db(), "2024-06-01");
  CHECK(y2024["C"].parent == "VN");
  CHECK(y2024["B"].name == "Tỉnh B mới");
  CHECK(y2024["X2"].parent == "C");
  CHECK(y2024["X1"].level == "ward");
  CHECK(y2024["X1"].parent == "A");
  CHECK(y2024["A1"].state == "dissolved");
  CHECK(SiteUnitOn(w.t.db(), "SA1", "2024-04-30") == "A1");
  CHECK(SiteUnitOn(w.t.db(), "SA1", "2024-05-01") == "A");
  // Today's rows.
  CHECK(Text(w.t.db(), "SELECT name FROM org_units WHERE code = 'B'") == "Tỉnh B mới");
  CHECK(Text(w.t.db(), "SELECT level FROM org_units WHERE code = 'X1'") == "ward");
  CHECK(Text(w.t.db(),
             "SELECT o.code FROM users u JOIN org_units o ON o.id = u.org_unit_id "
             "WHERE u.username = 'tv.a1'") == "A");
  CHECK(w.Count("org_changes") == 5);
}

TEST_CASE("every kind of site change and a person's move are dated", "[orgchanges][sites]") {
  World world;
  auto& w = world.w;
  world.Saved("admin", {{"kind", "site_create"},
                        {"subject", "SX1"},
                        {"name", "Thư viện xã X1"},
                        {"site_type", "commune_library"},
                        {"parent", "X1"},
                        {"effective_on", "2024-01-01"}});
  world.Saved(
      "admin",
      {{"kind", "site_move"}, {"subject", "SA1"}, {"parent", "A"}, {"effective_on", "2024-02-01"}});
  world.Saved("admin", {{"kind", "site_retype"},
                        {"subject", "SA1"},
                        {"site_type", "provincial_library"},
                        {"effective_on", "2024-03-01"}});
  world.Saved("admin", {{"kind", "site_rename"},
                        {"subject", "SB"},
                        {"name", "Thư viện tỉnh B"},
                        {"effective_on", "2024-03-01"}});
  auto person = world.Saved("admin", {{"kind", "person_move"},
                                      {"subject", "tv.a1"},
                                      {"site", "SX1"},
                                      {"staff_category", "commune_librarian"},
                                      {"effective_on", "2025-03-01"}});
  CHECK(person["changes"][0]["people"] == 1);
  world.Saved("admin", {{"kind", "site_close"}, {"subject", "SB"}, {"effective_on", "2025-01-01"}});

  CHECK(SiteUnitOn(w.t.db(), "SX1", "2023-12-31") == "");
  CHECK(SiteUnitOn(w.t.db(), "SX1", "2024-01-01") == "X1");
  CHECK(SiteUnitOn(w.t.db(), "SA1", "2024-01-31") == "A1");
  CHECK(SiteUnitOn(w.t.db(), "SA1", "2024-02-01") == "A");
  CHECK(SiteUnitOn(w.t.db(), "SB", "2024-12-31") == "B");
  CHECK(SiteUnitOn(w.t.db(), "SB", "2025-01-01") == "");  // closed
  CHECK(Text(w.t.db(),
             "SELECT v.type FROM site_versions v JOIN sites s ON s.id = v.site_id "
             "WHERE s.code = 'SA1' AND v.valid_from = '2024-03-01'") == "provincial_library");
  CHECK(Text(w.t.db(), "SELECT type FROM sites WHERE code = 'SA1'") == "provincial_library");
  // The placement from 01/03/2025 starts at local midnight; the account follows it.
  CHECK(Text(w.t.db(),
             "SELECT from_at || ' ' || staff_category FROM staff_placements "
             "ORDER BY id DESC LIMIT 1") == "2025-02-28T17:00:00Z commune_librarian");
  CHECK(Text(w.t.db(),
             "SELECT s.code || ' ' || u.staff_category || ' ' || o.code FROM users u "
             "JOIN sites s ON s.id = u.site_id JOIN org_units o ON o.id = "
             "u.org_unit_id WHERE u.username = 'tv.a1'") == "SX1 commune_librarian X1");
  CHECK(world.Refused("admin",
                      {{"kind", "site_rename"},
                       {"subject", "SB"},
                       {"name", "Z"},
                       {"effective_on", "2025-02-01"}},
                      409) == "site_closed");
  CHECK(world.Refused("admin",
                      {{"kind", "person_move"},
                       {"subject", "tv.a1"},
                       {"site", "SA1"},
                       {"effective_on", "2025-02-01"}},
                      409) == "org_change_before_history");
}

TEST_CASE("org changes that would break the tree or rewrite the past are refused",
          "[orgchanges][refusals]") {
  World world;
  auto& w = world.w;
  CHECK(world.Refused("admin",
                      {{"kind", "unit_merge"},
                       {"subject", "A"},
                       {"successor", "B"},
                       {"effective_on", "2026-11-19"}},
                      400) == "org_change_in_future");
  CHECK(world.Refused("admin",
                      {{"kind", "unit_merge"},
                       {"subject", "A"},
                       {"successor", "B"},
                       {"effective_on", "2025-13-01"}},
                      400) == "org_change_date_invalid");
  CHECK(world.Refused("admin",
                      {{"kind", "unit_explode"}, {"subject", "A"}, {"effective_on", "2025-01-01"}},
                      400) == "org_change_kind_invalid");
  CHECK(world.Refused("admin",
                      {{"kind", "unit_merge"},
                       {"subject", "A"},
                       {"successor", "A"},
                       {"effective_on", "2025-01-01"}},
                      409) == "org_merge_self");
  CHECK(world.Refused("admin",
                      {{"kind", "unit_merge"},
                       {"subject", "A"},
                       {"successor", "X1"},
                       {"effective_on", "2025-01-01"}},
                      409) == "org_change_cycle");
  CHECK(world.Refused("admin",
                      {{"kind", "unit_move"},
                       {"subject", "A"},
                       {"parent", "A1"},
                       {"effective_on", "2025-01-01"}},
                      409) == "org_change_cycle");
  CHECK(world.Refused(
            "admin", {{"kind", "unit_dissolve"}, {"subject", "A1"}, {"effective_on", "2025-01-01"}},
            409) == "org_change_orphans");
  CHECK(world.Refused("admin",
                      {{"kind", "unit_merge"},
                       {"subject", "A"},
                       {"successor", "NOPE"},
                       {"effective_on", "2025-01-01"}},
                      404) == "org_not_found");
  CHECK(world.Refused("admin",
                      {{"kind", "unit_move"}, {"subject", "A"}, {"effective_on", "2025-01-01"}},
                      400) == "org_change_field_required");
  // A unit made on 01/01/2025 cannot merge before that day.
  world.Saved("admin", {{"kind", "unit_create"},
                        {"subject", "C"},
                        {"name", "Tỉnh C"},
                        {"level", "province"},
                        {"parent", "VN"},
                        {"effective_on", "2025-01-01"}});
  CHECK(world.Refused("admin",
                      {{"kind", "unit_merge"},
                       {"subject", "C"},
                       {"successor", "B"},
                       {"effective_on", "2024-12-31"}},
                      409) == "org_change_before_unit");
  // Nor into a unit, or after a change, before its latest version.
  world.Saved("admin", {{"kind", "unit_rename"},
                        {"subject", "B"},
                        {"name", "Tỉnh B mới"},
                        {"effective_on", "2025-06-01"}});
  CHECK(world.Refused("admin",
                      {{"kind", "unit_rename"},
                       {"subject", "B"},
                       {"name", "Tỉnh B cũ"},
                       {"effective_on", "2025-05-31"}},
                      409) == "org_change_before_history");
  CHECK(world.Refused("admin",
                      {{"kind", "unit_merge"},
                       {"subject", "A"},
                       {"successor", "B"},
                       {"effective_on", "2025-05-31"}},
                      409) == "org_change_before_history");
  CHECK(world.Refused("admin",
                      {{"kind", "unit_rename"},
                       {"subject", "B"},
                       {"name", "Tỉnh B mới"},
                       {"effective_on", "2025-07-01"}},
                      409) == "org_change_unchanged");
  CHECK(w.Count("org_changes") == 2);
  // The message says it in the visitor's words.
  auto r = world.Change("admin", {{"kind", "unit_merge"},
                                  {"subject", "A"},
                                  {"successor", "A"},
                                  {"effective_on", "2025-01-01"}});
  CHECK(json::parse(r.body)["error"]["text"] == "Không thể sáp nhập một đơn vị vào chính nó.");
}

TEST_CASE("a manager changes only inside their subtree, both ends", "[orgchanges][scope]") {
  World world;
  auto& w = world.w;
  world.Saved("ql.a", {{"kind", "unit_rename"},
                       {"subject", "A1"},
                       {"name", "Huyện A1 mới"},
                       {"effective_on", "2025-01-01"}});
  CHECK(world.Refused("ql.a",
                      {{"kind", "unit_merge"},
                       {"subject", "X1"},
                       {"successor", "B"},
                       {"effective_on", "2025-01-01"}},
                      404) == "org_not_found");
  CHECK(world.Refused("ql.b",
                      {{"kind", "unit_merge"},
                       {"subject", "X1"},
                       {"successor", "B"},
                       {"effective_on", "2025-01-01"}},
                      404) == "org_not_found");
  CHECK(world.Refused("ql.b",
                      {{"kind", "site_move"},
                       {"subject", "SA1"},
                       {"parent", "B"},
                       {"effective_on", "2025-01-01"}},
                      404) == "site_not_found");
  CHECK(world.Refused("ql.b",
                      {{"kind", "person_move"},
                       {"subject", "tv.a1"},
                       {"site", "SB"},
                       {"effective_on", "2025-01-01"}},
                      404) == "user_not_found");
  CHECK(world.Refused("ql.a",
                      {{"kind", "unit_rename"},
                       {"subject", "A"},
                       {"name", "Tỉnh Z"},
                       {"effective_on", "2025-01-01"}},
                      403) == "may_not_change");
  CHECK(world.Refused("tv.a1",
                      {{"kind", "unit_rename"},
                       {"subject", "X1"},
                       {"name", "Z"},
                       {"effective_on", "2025-01-01"}},
                      403) == "no_write_scope");
  // Lists: B's manager sees neither A's changes nor A.
  CHECK(w.As("ql.b", "GET", "/api/v1/org-changes?org=A").status == 404);
  CHECK(json::parse(w.As("ql.b", "GET", "/api/v1/org-changes").body)["items"].empty());
  CHECK(json::parse(w.As("ql.a", "GET", "/api/v1/org-changes").body)["items"].size() == 1);
}

TEST_CASE("the 2025 reform as a reorganisation CSV: dry run, then saved as previewed",
          "[orgchanges][csv]") {
  World world;
  auto& w = world.w;
  const std::string csv =
      "effective_on,kind,code,new_parent,successor,new_name,new_level\r\n"
      "01/07/2025,unit_create,AB,VN,,Tỉnh AB,province\r\n"
      "01/07/2025,unit_merge,A,,AB,,\r\n"
      "01/07/2025,unit_merge,B,,AB,,\r\n"
      "01/07/2025,unit_create,X12,A1,,Xã X12,commune\r\n"
      "01/07/2025,unit_merge,X1,,X12,,\r\n"
      "01/07/2025,unit_merge,X2,,X12,,\r\n"
      "01/07/2025,unit_dissolve,A1,AB,,,\r\n";
  const int64_t versions = w.Count("org_unit_versions");
  auto dry = world.Import("admin", csv, true);
  INFO(dry.body);
  REQUIRE(dry.status == 200);
  json p = json::parse(dry.body);
  REQUIRE(p["changes"].size() == 7);
  CHECK(p["changes"][1]["line"] == 3);
  CHECK(p["changes"][1]["units"] == json::parse(R"([{"code":"A1","from":"A","to":"AB"}])"));
  CHECK(p["changes"][2]["sites"] == json::parse(R"([{"code":"SB","from":"B","to":"AB"}])"));
  CHECK(p["changes"][6]["units"] == json::parse(R"([{"code":"X12","from":"A1","to":"AB"}])"));
  CHECK(p["changes"][6]["sites"] == json::parse(R"([{"code":"SA1","from":"A1","to":"AB"}])"));
  CHECK(p["totals"]["units"] == 4);  // AB, A1, X12, X12 again
  CHECK(w.Count("org_units") == 6);
  CHECK(w.Count("org_unit_versions") == versions);

  auto saved = world.Import("admin", csv, false);
  INFO(saved.body);
  REQUIRE(saved.status == 201);
  CHECK(WithoutIds(json::parse(saved.body)) == WithoutIds(p));
  CHECK(w.Count("org_changes") == 7);
  CHECK(Text(w.t.db(), "SELECT count(DISTINCT batch) FROM org_changes") == "1");

  auto before = TreeOn(w.t.db(), "2025-06-30");
  CHECK(before.count("AB") == 0);
  CHECK(before["A1"].parent == "A");
  CHECK(before["X1"].state == "active");
  auto after = TreeOn(w.t.db(), "2025-07-01");
  CHECK(after["AB"].parent == "VN");
  CHECK(after["A"].state == "merged");
  CHECK(after["B"].state == "merged");
  CHECK(after["A1"].state == "dissolved");
  CHECK(after["X1"].state == "merged");
  CHECK(after["X12"].parent == "AB");
  CHECK(SiteUnitOn(w.t.db(), "SA1", "2025-06-30") == "A1");
  CHECK(SiteUnitOn(w.t.db(), "SA1", "2025-07-01") == "AB");
  CHECK(SiteUnitOn(w.t.db(), "SB", "2025-07-01") == "AB");
}

TEST_CASE("a reorganisation CSV is refused by line and applied all or nothing",
          "[orgchanges][csv]") {
  World world;
  auto& w = world.w;
  auto unknown = world.Import("admin",
                              "effective_on,kind,code,successor\r\n"
                              "2025-07-01,unit_merge,X1,X2\r\n"
                              "2025-07-01,unit_merge,A9,B\r\n",
                              false);
  INFO(unknown.body);
  CHECK(unknown.status == 404);
  auto e = json::parse(unknown.body)["error"];
  CHECK(e["reason"] == "org_not_found");
  CHECK(e["params"]["line"] == "3");
  CHECK(e["message"].get<std::string>().rfind("line 3: ", 0) == 0);
  CHECK(w.Count("org_changes") == 0);  // line 2 was not kept
  CHECK(TreeOn(w.t.db(), "2025-07-01")["X1"].state == "active");

  auto twice = world.Import("admin",
                            "effective_on,kind,code,successor\r\n"
                            "2025-07-01,unit_merge,X1,X2\r\n"
                            "2025-07-01,unit_merge,B,A\r\n"
                            "2025-07-01,unit_merge,X1,A1\r\n",
                            true);
  CHECK(twice.status == 400);
  CHECK(json::parse(twice.body)["error"]["reason"] == "org_change_duplicate");
  CHECK(json::parse(twice.body)["error"]["params"]["line"] == "4");

  auto orphans = world.Import("admin",
                              "effective_on,kind,code\r\n"
                              "2025-07-01,unit_dissolve,A1\r\n",
                              false);
  CHECK(orphans.status == 409);
  CHECK(json::parse(orphans.body)["error"]["params"]["line"] == "2");

  auto cycle = world.Import("admin",
                            "effective_on,kind,code,new_parent\r\n"
                            "2025-07-01,unit_move,A,X1\r\n",
                            false);
  CHECK(json::parse(cycle.body)["error"]["reason"] == "org_change_cycle");

  auto column =
      world.Import("admin", "effective_on,kind,code,colour\r\n2025-07-01,a,b,c\r\n", true);
  CHECK(column.status == 400);
  CHECK(json::parse(column.body)["error"]["reason"] == "org_change_csv_column");

  auto early = world.Import("admin",
                            "effective_on,kind,code,new_parent,new_name,new_level,successor\r\n"
                            "2025-07-01,unit_create,C,VN,Tỉnh C,province,\r\n"
                            "2025-06-30,unit_merge,X1,,,,C\r\n",
                            false);
  CHECK(json::parse(early.body)["error"]["reason"] == "org_change_before_unit");
  CHECK(w.Count("org_changes") == 0);
  CHECK(Text(w.t.db(), "SELECT count(*) FROM org_units WHERE code = 'C'") == "0");
}

TEST_CASE("the admin pages preview an org change and save it on confirmation",
          "[orgchanges][pages]") {
  World world;
  auto& w = world.w;
  auto b = w.SignedIn("admin", "/admin/org-changes");
  auto page = testing::Page(b, "/admin/org-changes");
  testing::CheckShows(page.body, {"Sáp nhập đơn vị", "Giải thể đơn vị", "Điều chuyển cán bộ",
                                  "action=\"/admin/org-changes/preview\"", "csrf_token"});

  auto preview = b.Post("/admin/org-changes/preview", {{"kind", "unit_merge"},
                                                       {"subject", "A"},
                                                       {"successor", "B"},
                                                       {"effective_on", "01/07/2025"}});
  testing::CheckAnswer(preview, 200, {"Xác nhận và lưu", "A1", "name=\"successor\" value=\"B\""});
  CHECK(w.Count("org_changes") == 0);

  auto refused = b.Post("/admin/org-changes/preview", {{"kind", "unit_merge"},
                                                       {"subject", "A"},
                                                       {"successor", "A"},
                                                       {"effective_on", "01/07/2025"}});
  testing::CheckAnswer(refused, 409, {"Không thể sáp nhập một đơn vị vào chính nó."});

  auto no_csrf = b.Post("/admin/org-changes",
                        {{"kind", "unit_merge"},
                         {"subject", "A"},
                         {"successor", "B"},
                         {"effective_on", "2025-07-01"}},
                        false);
  CHECK(no_csrf.status == 403);
  CHECK(w.Count("org_changes") == 0);

  auto saved = b.Post("/admin/org-changes", {{"kind", "unit_merge"},
                                             {"subject", "A"},
                                             {"successor", "B"},
                                             {"effective_on", "2025-07-01"}});
  testing::CheckRedirect(saved, "/admin/org-changes?saved=1");
  CHECK(w.Count("org_changes") == 1);
  testing::CheckShows(testing::Page(b, "/admin/org-changes?saved=1").body,
                      {"Đã lưu thay đổi.", "2025-07-01", "admin"});

  auto csv =
      b.Post("/admin/org-changes/import",
             {{"csv", "effective_on,kind,code,new_name\r\n2025-08-01,unit_rename,B,Tỉnh B2\r\n"}});
  testing::CheckAnswer(csv, 200, {"Xác nhận và lưu", "name=\"confirm\" value=\"1\""});
  CHECK(w.Count("org_changes") == 1);
  auto confirmed = b.Post("/admin/org-changes/import",
                          {{"csv",
                            "effective_on,kind,code,new_name\r\n2025-08-01,unit_rename,B,"
                            "Tỉnh B2\r\n"},
                           {"confirm", "1"}});
  testing::CheckRedirect(confirmed, "/admin/org-changes?saved=1");
  CHECK(w.Count("org_changes") == 2);
}

}  // namespace lophoc::app
