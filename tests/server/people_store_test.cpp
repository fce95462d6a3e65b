#include "server/storage/database.h"
#include "server/storage/stores.h"

#include "kernel/calendar.h"
#include "server/app/visit_log.h"
#include "tests/support/test_site.h"

#include <catch2/catch.hpp>

namespace lophoc::storage {
namespace {

using people::AuditEntry;
using people::ListFilter;
using people::OrgLevel;
using people::OrgUnitFields;
using people::Scope;

struct Fixture {
  std::unique_ptr<Stores> stores = OpenStores(":memory:").value();
  Database* db = stores->sqlite();
  people::DirectoryStore& store = *stores->people().directory;
  people::VisitStore& visits = *stores->people().visits;

  AuditEntry Audit(const std::string& action, const std::string& key) {
    AuditEntry a;
    a.at = "2026-11-22T08:00:00Z";
    a.actor = "cli";
    a.action = action;
    a.object_type = "org_unit";
    a.object_key = key;
    return a;
  }
  people::OrgUnit Unit(const std::string& code, const std::string& parent,
                        OrgLevel level = OrgLevel::kProvince) {
    auto r = store.CreateOrgUnit({code, "Đơn vị " + code, level, parent}, Audit("org_unit.create", code));
    REQUIRE(r.ok());
    return *r;
  }
  int64_t Count(const std::string& table) {
    auto conn = db->Acquire();
    auto st = conn->Prepare("SELECT count(*) FROM " + table);
    REQUIRE(st.ok());
    REQUIRE(*st->Step());
    return st->ColumnInt(0);
  }
};

}  // namespace

TEST_CASE("org units get materialised paths and move with their subtree", "[storage][people]") {
  Fixture f;
  auto vn = f.Unit("VN", "", OrgLevel::kNation);
  auto ls = f.Unit("LS", "VN");
  auto th = f.Unit("TH", "VN");
  auto cl = f.Unit("LS-CL", "LS", OrgLevel::kDistrict);
  auto xa = f.Unit("LS-CL-X1", "LS-CL", OrgLevel::kCommune);
  CHECK(vn.path == "/" + std::to_string(vn.id) + "/");
  CHECK(xa.path == ls.path + std::to_string(cl.id) + "/" + std::to_string(xa.id) + "/");
  CHECK(xa.parent_code == "LS-CL");

  auto moved = f.store.UpdateOrgUnit("LS-CL", {"LS-CL", "Huyện Cao Lộc", OrgLevel::kDistrict, "TH"},
                                     f.Audit("org_unit.update", "LS-CL"));
  REQUIRE(moved.ok());
  CHECK(moved->path == th.path + std::to_string(cl.id) + "/");
  auto xa2 = f.store.FindOrgUnit("ls-cl-x1");  // codes ignore case
  REQUIRE(xa2.ok());
  CHECK(xa2->path == moved->path + std::to_string(xa.id) + "/");

  auto in_th = f.store.ListOrgUnits({Scope::Subtree(th.path), 50, 0, ""});
  INFO(in_th.status().ToString());
  REQUIRE(in_th.ok());
  CHECK(in_th->total == 3);
  auto in_ls = f.store.ListOrgUnits({Scope::Subtree(ls.path), 50, 0, ""});
  CHECK(in_ls->total == 1);
  auto page = f.store.ListOrgUnits({Scope::Everything(), 2, 2, ""});
  CHECK(page->total == 5);
  CHECK(page->items.size() == 2);
  CHECK(f.store.ListOrgUnits({Scope::Nothing(), 50, 0, ""})->total == 0);
}

TEST_CASE("a unit cannot move into its own subtree, and nothing is written", "[storage][people]") {
  Fixture f;
  f.Unit("VN", "", OrgLevel::kNation);
  f.Unit("LS", "VN");
  f.Unit("LS-CL", "LS", OrgLevel::kDistrict);
  const int64_t audit_before = f.Count("audit_log");
  for (const char* parent : {"LS", "LS-CL"}) {
    CAPTURE(parent);
    auto r = f.store.UpdateOrgUnit("LS", {"LS", "Lạng Sơn", OrgLevel::kProvince, parent},
                                   f.Audit("org_unit.update", "LS"));
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == StatusCode::kConflict);
    CHECK(r.status().message().find("cycle") != std::string::npos);
  }
  CHECK(f.store.FindOrgUnit("LS")->name == "Đơn vị LS");
  CHECK(f.Count("audit_log") == audit_before);
}

TEST_CASE("store refuses duplicates and unknown references with clear messages",
          "[storage][people]") {
  Fixture f;
  f.Unit("LS", "");
  auto dup = f.store.CreateOrgUnit({"ls", "x", OrgLevel::kProvince, ""}, f.Audit("a", "ls"));
  CHECK(dup.status().code() == StatusCode::kAlreadyExists);
  auto orphan = f.store.CreateOrgUnit({"X", "x", OrgLevel::kProvince, "NOPE"}, f.Audit("a", "X"));
  CHECK(orphan.status().message() == "parent org unit 'NOPE' not found");
  auto site = f.store.CreateSite({"S1", "x", people::SiteType::kCommuneLibrary, "NOPE", false},
                                 f.Audit("site.create", "S1"));
  CHECK(site.status().message() == "org unit 'NOPE' not found");
  people::NewUser u{"an", {"An", std::nullopt, {people::Role::kLearner}, "", "NOPE", "", true},
                     "$argon2id$fake", false};
  CHECK(f.store.CreateUser(u, f.Audit("user.create", "an")).status().message() ==
        "site 'NOPE' not found");
  u.fields.site_code.clear();
  REQUIRE(f.store.CreateUser(u, f.Audit("user.create", "an")).ok());
  u.username = "AN";
  CHECK(f.store.CreateUser(u, f.Audit("user.create", "AN")).status().code() ==
        StatusCode::kAlreadyExists);
  CHECK(f.Count("users") == 1);
  CHECK(f.Count("audit_log") == 2);  // one unit, one user: failures wrote nothing
}

TEST_CASE("a batch import is all or nothing", "[storage][people]") {
  Fixture f;
  people::PeopleBatch batch;
  batch.org_units = {{"LS", "Lạng Sơn", OrgLevel::kProvince, ""},
                     {"LS-CL", "Cao Lộc", OrgLevel::kDistrict, "LS"}};
  batch.sites = {{"TV-CL", "Thư viện Cao Lộc", people::SiteType::kDistrictLibrary, "LS-CL", false}};
  people::NewUser u{"an", {"An", std::nullopt, {people::Role::kLearner}, "LS-CL", "TV-CL", "", true},
                     "$argon2id$fake", true};
  batch.users = {u, u};  // the second one collides
  AuditEntry a = f.Audit("", "");
  Status s = f.store.ImportBatch(batch, a);
  CHECK(s.code() == StatusCode::kAlreadyExists);
  for (const char* t : {"org_units", "sites", "users", "user_roles", "audit_log"}) {
    CAPTURE(t);
    CHECK(f.Count(t) == 0);
  }
  batch.users.pop_back();
  REQUIRE(f.store.ImportBatch(batch, a).ok());
  CHECK(f.Count("org_units") == 2);
  CHECK(f.Count("users") == 1);
  CHECK(f.Count("audit_log") == 4);
  auto user = f.store.FindUserByUsername("AN");
  REQUIRE(user.ok());
  CHECK(user->user.site_code == "TV-CL");
  CHECK(user->user.must_change_password);
  CHECK(user->password_hash == "$argon2id$fake");
}

TEST_CASE("visits add up per visitor and day", "[storage][people]") {
  Fixture f;
  REQUIRE(f.visits.RecordVisit({"2026-11-22", std::nullopt, std::nullopt, "k1", 1}).ok());
  REQUIRE(f.visits.RecordVisit({"2026-11-22", std::nullopt, std::nullopt, "k1", 2}).ok());
  REQUIRE(f.visits.RecordVisit({"2026-11-23", std::nullopt, std::nullopt, "k1", 1}).ok());
  auto conn = f.db->Acquire();
  auto st = conn->Prepare("SELECT count(*), sum(lesson_views) FROM visits");
  REQUIRE(*st->Step());
  CHECK(st->ColumnInt(0) == 2);
  CHECK(st->ColumnInt(1) == 4);
}

// Reports count visits per day in Vietnam, not per UTC day.
TEST_CASE("a visit is counted on Vietnam's calendar day", "[storage][people][visits]") {
  Fixture f;
  testing::FakeClock clock;
  app::VisitLog log(&f.visits, &clock);
  clock.Set(*ParseIso8601("2026-11-30T23:00:00Z"));  // 06:00 on 01/12/2026 in Hà Nội
  log.Count("guest-1", std::nullopt, std::nullopt, 1);
  clock.Set(*ParseIso8601("2026-11-30T16:59:59Z"));  // 23:59:59 on 30/11/2026
  log.Count("guest-1", std::nullopt, std::nullopt, 1);
  REQUIRE(log.Flush().ok());
  auto conn = f.db->Acquire();
  auto st = conn->Prepare("SELECT day, lesson_views FROM visits ORDER BY day");
  REQUIRE(st.ok());
  REQUIRE(*st->Step());
  CHECK(st->ColumnText(0) == "2026-11-30");
  CHECK(st->ColumnInt(1) == 1);
  REQUIRE(*st->Step());
  CHECK(st->ColumnText(0) == "2026-12-01");
  CHECK(st->ColumnInt(1) == 1);
  CHECK_FALSE(*st->Step());
}

}  // namespace lophoc::storage
