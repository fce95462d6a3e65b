#include "tests/support/report_cross_check.h"

#include <nlohmann/json.hpp>

#include "server/storage/statements.h"

namespace lophoc::testing {

Result<NationalTrained> CountNationalTrained(storage::Database& db, const std::string& slug,
                                             const std::vector<std::string>& staff_categories,
                                             const std::vector<std::string>& site_types,
                                             LocalDate day) {
  // ?1 the day, ?2 the first instant after it (UTC), ?3 the slug, ?4 the
  // categories, ?5 the site types (JSON arrays).
  static constexpr const char* kSql = R"SQL(
WITH
prog AS (SELECT p.id, r.grace_days FROM programmes p JOIN programme_revisions r
           ON r.programme_id = p.id WHERE p.slug = ?3 ORDER BY r.number DESC LIMIT 1),
last_place AS (SELECT user_id, staff_category, site_id,
                 row_number() OVER (PARTITION BY user_id ORDER BY from_at DESC, id DESC) AS n
               FROM staff_placements WHERE from_at < ?2),
site_now AS (SELECT site_id, type, state,
               row_number() OVER (PARTITION BY site_id ORDER BY valid_from DESC) AS n
             FROM site_versions WHERE valid_from <= ?1
             UNION ALL
             SELECT id, type, 'open', 1 FROM sites s
             WHERE NOT EXISTS (SELECT 1 FROM site_versions v WHERE v.site_id = s.id)),
placed AS (SELECT l.user_id,
             l.staff_category IN (SELECT value FROM json_each(?4))
               AND (json_array_length(?5) = 0 OR s.type IN (SELECT value FROM json_each(?5)))
               AS automatic,
             (SELECT min(a.starts_on) FROM programme_assignments a, prog
               WHERE a.user_id = l.user_id AND a.programme_id = prog.id AND a.starts_on <= ?1
                 AND (a.ends_on IS NULL OR a.ends_on >= ?1)) AS individual_from
           FROM last_place l JOIN site_now s ON s.site_id = l.site_id AND s.n = 1
           WHERE l.n = 1 AND s.state = 'open' AND l.staff_category IS NOT NULL),
staff AS (SELECT * FROM placed WHERE automatic OR individual_from IS NOT NULL),
certs AS (SELECT c.user_id,
            CASE WHEN EXISTS (SELECT 1 FROM certification_redatings d
                              WHERE d.certification_id = c.id AND d.effective_on > ?1)
              THEN (SELECT d.previous_valid_until FROM certification_redatings d
                    WHERE d.certification_id = c.id AND d.effective_on > ?1 ORDER BY d.id LIMIT 1)
              ELSE c.valid_until END AS until_then
          FROM certifications c, prog WHERE c.programme_id = prog.id AND c.completed_on <= ?1
            AND (c.revoked_on IS NULL OR c.revoked_on > ?1)),
judged AS (
  SELECT st.user_id,
    EXISTS (SELECT 1 FROM exemptions e, prog WHERE e.user_id = st.user_id
              AND (e.programme_id IS NULL OR e.programme_id = prog.id)
              AND e.starts_on <= ?1 AND coalesce(e.ended_on, e.ends_on) >= ?1) AS exempt,
    EXISTS (SELECT 1 FROM certs c WHERE c.user_id = st.user_id) AS certified,
    EXISTS (SELECT 1 FROM certs c WHERE c.user_id = st.user_id
              AND (c.until_then IS NULL OR c.until_then >= ?1)) AS trained,
    CASE WHEN st.automatic THEN
      (SELECT date(min(p.from_at), '+7 hours', '+' || prog.grace_days || ' days')
         FROM staff_placements p, prog WHERE p.user_id = st.user_id AND p.from_at < ?2
           AND p.staff_category IN (SELECT value FROM json_each(?4)))
    ELSE (SELECT date(st.individual_from, '+' || prog.grace_days || ' days') FROM prog)
    END AS grace_ends,
    NOT st.automatic AS individual
  FROM staff st)
SELECT
  coalesce(sum(NOT exempt AND (certified OR grace_ends < ?1)), 0),
  coalesce(sum(NOT exempt AND trained), 0),
  coalesce(sum(exempt), 0),
  coalesce(sum(NOT exempt AND NOT certified AND grace_ends >= ?1), 0),
  coalesce(sum(individual AND NOT exempt AND (certified OR grace_ends < ?1)), 0)
FROM judged
)SQL";
  auto conn = db.Acquire();
  NationalTrained out;
  LOPHOC_RETURN_IF_ERROR(storage::ForEachRow(
      *conn, kSql,
      [&](const storage::Statement& st) {
        storage::ReadColumns(st, 0, out.population, out.trained, out.exempt, out.in_grace,
                             out.individual);
      },
      FormatIsoDate(day), FormatIsoDate(day) + "T17:00:00Z", slug,
      nlohmann::json(staff_categories).dump(), nlohmann::json(site_types).dump()));
  return out;
}

}  // namespace lophoc::testing
