// A small hand-made history for the report tests (training report, annual
// report, open data), over the real HTTP stack and SQLite.
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
#pragma once

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/support/test_world.h"

namespace lophoc::testing {

inline constexpr const char* kD1 = "2025-06-30";
inline constexpr const char* kD2 = "2025-12-31";

inline constexpr const char* kHistory = R"SQL(
UPDATE programme_revisions SET grace_days = 90;
INSERT OR IGNORE INTO org_unit_versions (unit_id, valid_from, name, level, parent_id)
  SELECT id, '0001-01-01', name, level, parent_id FROM org_units;
UPDATE org_unit_versions SET valid_from = '2025-07-01'
  WHERE unit_id = (SELECT id FROM org_units WHERE code = 'A3');
INSERT INTO org_unit_versions (unit_id, valid_from, name, level, parent_id, state, successor_id)
  SELECT id, '2025-07-01', name, level, parent_id, 'merged',
    (SELECT id FROM org_units WHERE code = 'A3') FROM org_units WHERE code = 'A2';
INSERT OR IGNORE INTO site_versions (site_id, valid_from, name, type, org_unit_id)
  SELECT id, '0001-01-01', name, type, org_unit_id FROM sites;
UPDATE sites SET org_unit_id = (SELECT id FROM org_units WHERE code = 'A3') WHERE code = 'SA2';
INSERT INTO site_versions (site_id, valid_from, name, type, org_unit_id)
  SELECT id, '2025-07-01', name, type, org_unit_id FROM sites WHERE code = 'SA2';
DELETE FROM staff_placements;
INSERT INTO staff_placements (user_id, staff_category, site_id, from_at)
  SELECT u.id, 'commune_librarian', s.id, p.at FROM (
    SELECT 'tv.sa1' AS who, 'SA1' AS site, '2019-12-31T17:00:00Z' AS at
    UNION ALL SELECT 'tv.moved', 'SB', '2019-12-31T17:00:00Z'
    UNION ALL SELECT 'tv.moved', 'SA1', '2025-08-31T17:00:00Z'
    UNION ALL SELECT 'tv.sa2', 'SA2', '2019-12-31T17:00:00Z'
    UNION ALL SELECT 'tv.exempt', 'SA1', '2019-12-31T17:00:00Z'
    UNION ALL SELECT 'tv.new', 'SA1', '2025-10-31T17:00:00Z'
    UNION ALL SELECT 'tv.revoked', 'SA2', '2019-12-31T17:00:00Z'
    UNION ALL SELECT 'tv.b', 'SB', '2019-12-31T17:00:00Z'
    UNION ALL SELECT 'tv.due', 'SB', '2019-12-31T17:00:00Z') p
  JOIN users u ON u.username = p.who JOIN sites s ON s.code = p.site;
INSERT INTO certifications (user_id, programme_id, revision_id, path, completed_on, valid_until,
    basis, source, created_at, revoked_on, revoked_reason, evidence)
  SELECT u.id, r.programme_id, r.id, 'initial', c.done, c.until, 'from_completion', c.source,
    '2025-01-01T00:00:00Z', c.revoked, c.why, c.evidence FROM (
    SELECT 'tv.sa1' AS who, '2024-09-01' AS done, '2026-08-31' AS until, 'learning' AS source,
      NULL AS revoked, NULL AS why, NULL AS evidence
    UNION ALL SELECT 'tv.sa2', '2025-03-01', '2027-02-28', 'recorded', NULL, NULL,
      'Giấy chứng nhận lớp tập huấn'
    UNION ALL SELECT 'tv.revoked', '2024-06-01', '2026-05-31', 'learning', '2025-10-01',
      'Hồ sơ sai', NULL
    UNION ALL SELECT 'tv.b', '2025-01-10', '2027-01-09', 'learning', NULL, NULL, NULL
    UNION ALL SELECT 'tv.due', '2024-01-15', '2026-01-14', 'learning', NULL, NULL, NULL) c
  JOIN users u ON u.username = c.who
  JOIN programme_revisions r ON r.programme_id = (SELECT id FROM programmes WHERE slug = 'co-ban');
INSERT INTO exemptions (user_id, programme_id, reason, starts_on, ends_on, created_at)
  SELECT u.id, p.id, 'Nghỉ thai sản', '2025-01-01', '2026-06-30', '2025-01-01T00:00:00Z'
  FROM users u, programmes p WHERE u.username = 'tv.exempt' AND p.slug = 'co-ban';
)SQL";

struct ReportWorld {
  TestWorld w;
  // Over ":memory:", or the database file `db_path`.
  explicit ReportWorld(const std::string& db_path = ":memory:")
      : w(FixturePath("content-good"), db_path) {
    w.StandardTree(TreeOptions().NationalRoot());
    auto& people = w.t.people();
    w.Must(people.CreateOrgUnit(w.cli, {"A2", "Huyện A2", "district", "A"}));
    w.Must(people.CreateOrgUnit(w.cli, {"A3", "Huyện A3", "district", "A"}));
    w.Must(people.CreateSite(w.cli, {"SA2", "Thư viện xã A2", "commune_library", "A2", false}));
    const char* cat = "commune_librarian";
    w.AddAllWithTokens({{"tv.sa1", {people::Role::kLearner}, "A1", "SA1", cat, "Sa Một"},
                        {"tv.moved", {people::Role::kLearner}, "A1", "SA1", cat, "Mai Chuyển"},
                        {"tv.sa2", {people::Role::kLearner}, "A2", "SA2", cat, "Hai Xã"},
                        {"tv.exempt", {people::Role::kLearner}, "A1", "SA1", cat, "Miễn Trừ"},
                        {"tv.new", {people::Role::kLearner}, "A1", "SA1", cat, "Mới Vào"},
                        {"tv.revoked", {people::Role::kLearner}, "A2", "SA2", cat, "Thu Hồi"},
                        {"tv.b", {people::Role::kLearner}, "B", "SB", cat, "Bình B"},
                        {"tv.due", {people::Role::kLearner}, "B", "SB", cat, "Đến Hạn"},
                        {"mgr.a", {people::Role::kManager}, "A"},
                        {"mgr.b", {people::Role::kManager}, "B"},
                        {"admin", {people::Role::kAdmin}}});
    auto conn = w.t.db().Acquire();
    const Status st = conn->Exec(kHistory);
    INFO(st.ToString());
    REQUIRE(st.ok());
    w.Start();
  }

  nlohmann::json Get(const std::string& who, const std::string& query, int status = 200) {
    auto r = w.As(who, "GET", "/api/v1/reports/training?" + query);
    INFO(query << "\n" << r.body);
    REQUIRE(r.status == status);
    return nlohmann::json::parse(r.body);
  }
};

}  // namespace lophoc::testing
