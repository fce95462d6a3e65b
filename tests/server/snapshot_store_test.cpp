// Reports saved as sent (migration 0018): stored frozen, found, listed by
// scope, audited. Real SQLite through the stores the server builds.
#include <catch2/catch.hpp>
#include <string>

#include "tests/support/test_world.h"

namespace lophoc {
namespace {

using testing::PeopleWorld;
using testing::TreeOptions;

training::ChangedBy By(const people::User& u, const std::string& at) {
  return {u.id, u.username, at};
}

training::ReportSnapshot Annual(int64_t unit_id, int year, const std::string& body,
                                int64_t saved_by) {
  training::ReportSnapshot s;
  s.org_unit_id = unit_id;
  s.year = year;
  s.as_of = *ParseIsoDate(std::to_string(year) + "-12-31");
  s.title = "Báo cáo năm " + std::to_string(year);
  s.body = body;
  s.saved_by = saved_by;
  return s;
}

TEST_CASE("a saved report comes back exactly as it was sent", "[snapshots]") {
  PeopleWorld w;
  w.StandardTree(TreeOptions().NationalRoot());
  const auto manager = w.AddAccount({"quanly.a", {people::Role::kManager}, "A"});
  const auto unit_a = w.Must(w.store.FindOrgUnit("A"));
  auto& snapshots = w.stores->snapshots();

  const std::string body = R"({"rows":[{"code":"A1","trained":3,"name":"Huyện A1"}]})";
  auto saved = snapshots.SaveSnapshot(Annual(unit_a.id, 2024, body, manager.id),
                                      By(manager, "2024-11-19T02:00:00Z"));
  REQUIRE(saved.ok());
  CHECK(saved->id > 0);
  CHECK(saved->saved_at == "2024-11-19T02:00:00Z");
  CHECK(saved->org_code == "A");
  CHECK(saved->saved_by_name == manager.display_name);

  auto found = snapshots.FindSnapshot(saved->id);
  REQUIRE(found.ok());
  CHECK(found->body == body);  // byte for byte
  CHECK(FormatIsoDate(found->as_of) == "2024-12-31");
  CHECK(found->year == 2024);

  // The audit log names who saved which report.
  CHECK(w.Count("audit_log") >= 1);
  auto conn = w.db->Acquire();
  auto st = conn->Prepare(
      "SELECT actor, object_key, details FROM audit_log WHERE action = 'report.save_snapshot'");
  REQUIRE(st.ok());
  auto row = st->Step();
  REQUIRE(row.ok());
  REQUIRE(*row);
  CHECK(st->ColumnText(0) == "quanly.a");
  CHECK(st->ColumnText(1) == std::to_string(saved->id));
  CHECK(st->ColumnText(2).find("\"org\":\"A\"") != std::string::npos);
}

TEST_CASE("saved reports are listed newest first within a subtree", "[snapshots]") {
  PeopleWorld w;
  w.StandardTree(TreeOptions().NationalRoot());
  const auto admin = w.AddAccount({"quantri", {people::Role::kAdmin}, "VN"});
  const auto a = w.Must(w.store.FindOrgUnit("A"));
  const auto a1 = w.Must(w.store.FindOrgUnit("A1"));
  const auto b = w.Must(w.store.FindOrgUnit("B"));
  auto& snapshots = w.stores->snapshots();
  const auto by = By(admin, "2025-11-19T02:00:00Z");
  REQUIRE(snapshots.SaveSnapshot(Annual(a.id, 2024, "{}", admin.id), by).ok());
  REQUIRE(snapshots.SaveSnapshot(Annual(a1.id, 2025, "{}", admin.id), by).ok());
  REQUIRE(snapshots.SaveSnapshot(Annual(b.id, 2025, "{}", admin.id), by).ok());

  training::SnapshotFilter in_a;
  in_a.path = a.path;
  auto listed = snapshots.ListSnapshots(in_a);
  REQUIRE(listed.ok());
  REQUIRE(listed->size() == 2);
  CHECK((*listed)[0].org_code == "A1");  // newest first
  CHECK((*listed)[1].org_code == "A");
  CHECK((*listed)[0].body.empty());  // lists leave the body out

  training::SnapshotFilter all_2025;
  all_2025.everything = true;
  all_2025.year = 2025;
  auto of_2025 = snapshots.ListSnapshots(all_2025);
  REQUIRE(of_2025.ok());
  CHECK(of_2025->size() == 2);
}

TEST_CASE("a saved report needs a unit and an existing id", "[snapshots]") {
  PeopleWorld w;
  w.StandardTree();
  const auto admin = w.AddAccount({"quantri", {people::Role::kAdmin}, ""});
  auto& snapshots = w.stores->snapshots();
  auto none =
      snapshots.SaveSnapshot(Annual(999, 2024, "{}", admin.id), By(admin, "2025-01-01T00:00:00Z"));
  REQUIRE_FALSE(none.ok());
  CHECK(none.status().reason() == "org_not_found");
  auto missing = snapshots.FindSnapshot(12345);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().reason() == "snapshot_not_found");
  CHECK(w.Count("report_snapshots") == 0);
}

}  // namespace
}  // namespace lophoc
