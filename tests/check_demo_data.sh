#!/usr/bin/env bash
# `lophoc demo-data --scale 0.01 --seed 7` (docs/demo-data.md): the invariants
# of the dataset, checked with SQL: counts for the scale, the map before and
# after 01/07/2025 (contract: /work/briefs/contracts13.md, migration 0017),
# org_units = the newest versions, paths, foreign keys, integrity; the same
# seed gives the same content; a database already in use is refused.
set -uo pipefail
. "$(dirname "$0")/check_common.sh" "$@"

today=2026-12-01
content=$here/../content
gen() {
  "$lophoc" demo-data --db "$1" --scale 0.01 --seed "$2" --today "$today" --content "$content" \
    2>"$dir/err"
}
gen "$db" 7 || fail "demo-data: $(cat "$dir/err")"
grep -qE "^demo data \(seed 7, scale 0.01, to $today\): 63 provinces until 30/06/2025, 34 from 01/07/2025, .* 250 staff, 2000 citizens" "$dir/err" ||
  fail "summary line: $(cat "$dir/err")"

q() { sqlite3 -batch -noheader "$db" "$1"; }
expect() {  # what, sql, expected
  local got
  got=$(q "$2") || fail "$1: the query failed"
  [[ "$got" == "$3" ]] || fail "$1: expected '$3', got '$got'"
}

# The state of every unit and site on a day (the contract's rule).
units_on() {
  echo "SELECT v.* FROM org_unit_versions v WHERE v.valid_from = (SELECT max(w.valid_from)
        FROM org_unit_versions w WHERE w.unit_id = v.unit_id AND w.valid_from <= '$1')"
}
sites_on() {
  echo "SELECT v.* FROM site_versions v WHERE v.valid_from = (SELECT max(w.valid_from)
        FROM site_versions w WHERE w.site_id = v.site_id AND w.valid_from <= '$1')"
}

expect "staff for the scale" "SELECT count(*) FROM users WHERE username LIKE 'nv%'" 250
expect "citizens for the scale" "SELECT count(*) FROM users WHERE username LIKE 'hv%'" 2000
expect "one admin" "SELECT u.username FROM users u JOIN user_roles r ON r.user_id = u.id WHERE r.role = 'admin'" admin
expect "a manager per province" "SELECT count(*) FROM user_roles WHERE role = 'manager'" 34
expect "every account has the one demo hash" "SELECT count(DISTINCT password_hash) FROM users" 1
expect "trainers" "SELECT count(*) > 0 FROM user_roles WHERE role = 'trainer'" 1
expect "sites" "SELECT count(*) >= 126 FROM sites" 1
expect "public-access sites" "SELECT count(*) > 0 FROM sites WHERE kiosk = 1" 1
expect "63 provinces on 30/06/2025" \
  "SELECT count(*) FROM ($(units_on 2025-06-30)) WHERE state = 'active' AND level = 'province'" 63
expect "34 provinces on 01/07/2025" \
  "SELECT count(*) FROM ($(units_on 2025-07-01)) WHERE state = 'active' AND level = 'province'" 34
expect "34 provinces today" \
  "SELECT count(*) FROM org_units u JOIN ($(units_on 2026-12-01)) v ON v.unit_id = u.id
   WHERE v.state = 'active' AND u.level = 'province'" 34
expect "districts on 30/06/2025" \
  "SELECT count(*) > 0 FROM ($(units_on 2025-06-30)) WHERE state = 'active' AND level = 'district'" 1
expect "no district on 01/07/2025" \
  "SELECT count(*) FROM ($(units_on 2025-07-01)) WHERE state = 'active' AND level = 'district'" 0
expect "13 special zones from 01/07/2025" \
  "SELECT count(*) FROM ($(units_on 2025-07-01)) WHERE state = 'active' AND level = 'special_zone'" 13
expect "Kon Tum merged into Quảng Ngãi" \
  "SELECT s.name FROM org_unit_versions v JOIN org_units k ON k.id = v.unit_id
   JOIN org_units s ON s.id = v.successor_id WHERE k.code = 'P-62' AND v.valid_from = '2025-07-01'" \
  "Tỉnh Quảng Ngãi"
expect "Hà Nội not merged" \
  "SELECT count(*) FROM org_unit_versions v JOIN org_units u ON u.id = v.unit_id WHERE u.code = 'P-01'" 1
for day in 2025-06-30 2025-07-01; do
  expect "every site has a unit on $day" \
    "SELECT count(*) FROM ($(sites_on $day)) s LEFT JOIN ($(units_on $day)) u
     ON u.unit_id = s.org_unit_id AND u.state = 'active' WHERE u.unit_id IS NULL" 0
  expect "every parent exists on $day" \
    "SELECT count(*) FROM ($(units_on $day)) c LEFT JOIN ($(units_on $day)) p
     ON p.unit_id = c.parent_id AND p.state = 'active'
     WHERE c.state = 'active' AND c.parent_id IS NOT NULL AND p.unit_id IS NULL" 0
done
expect "a merged unit's successor is active that day" \
  "SELECT count(*) FROM org_unit_versions m LEFT JOIN ($(units_on 2025-07-01)) s
   ON s.unit_id = m.successor_id AND s.state = 'active' WHERE m.state = 'merged' AND s.unit_id IS NULL" 0
expect "org_units holds the newest version" \
  "SELECT count(*) FROM org_units u JOIN org_unit_versions v ON v.unit_id = u.id
   AND v.valid_from = (SELECT max(valid_from) FROM org_unit_versions WHERE unit_id = u.id)
   WHERE v.name IS NOT u.name OR v.level IS NOT u.level OR v.parent_id IS NOT u.parent_id" 0
expect "sites hold the newest version" \
  "SELECT count(*) FROM sites s JOIN site_versions v ON v.site_id = s.id
   AND v.valid_from = (SELECT max(valid_from) FROM site_versions WHERE site_id = s.id)
   WHERE v.name IS NOT s.name OR v.type IS NOT s.type OR v.org_unit_id IS NOT s.org_unit_id" 0
expect "paths follow the parents" \
  "SELECT count(*) FROM org_units u LEFT JOIN org_units p ON p.id = u.parent_id
   WHERE u.path IS NOT (coalesce(p.path, '/') || u.id || '/')" 0
expect "every version after the first has its org change" \
  "SELECT count(*) FROM org_unit_versions v WHERE v.valid_from > '0001-01-01'
   AND NOT EXISTS (SELECT 1 FROM org_changes c WHERE c.id = v.change_id AND c.effective_on = v.valid_from)" 0
expect "staff placed from their start" \
  "SELECT count(*) FROM users u WHERE NOT EXISTS (SELECT 1 FROM staff_placements p WHERE p.user_id = u.id)" 0
expect "the last 30 days' aggregates agree with the raw visits" \
  "SELECT count(*) FROM (SELECT day, coalesce(site_id, 0) s, count(*) n FROM visits GROUP BY 1, 2) r
   LEFT JOIN visit_days d ON d.day = r.day AND d.site_id = r.s WHERE d.visits IS NOT r.n" 0
expect "a signed-in visitor who read lessons is a learner of the year" \
  "SELECT count(*) FROM visits v WHERE v.user_id IS NOT NULL AND v.lesson_views > 0
   AND NOT EXISTS (SELECT 1 FROM learner_years l WHERE l.user_id = v.user_id
                   AND l.year = CAST(substr(v.day, 1, 4) AS INTEGER) AND l.first_on <= v.day)" 0
expect "five years of certifications" \
  "SELECT min(substr(completed_on, 1, 4)) <= '2021' AND max(substr(completed_on, 1, 4)) = '2026'
   FROM certifications WHERE source = 'learning'" 1
expect "prior learning, revocations or exemptions" \
  "SELECT (SELECT count(*) FROM certifications WHERE source = 'recorded') > 0" 1
expect "targets" "SELECT count(*) FROM targets" 11
expect "foreign keys" "PRAGMA foreign_key_check" ""
expect "integrity" "PRAGMA integrity_check" ok
expect "journal mode restored" "PRAGMA journal_mode" wal

# The same seed, the same content (but for the password hash's random salt).
content_hash() {
  { sqlite3 "$1" .dump | grep -v '^INSERT INTO users '
    sqlite3 "$1" "SELECT id, username, display_name, active, org_unit_id, site_id, staff_category,
                  created_at FROM users ORDER BY id"; } | sha256sum | cut -d' ' -f1
}
gen "$dir/again.db" 7 || fail "second run: $(cat "$dir/err")"
gen "$dir/other.db" 8 || fail "seed 8: $(cat "$dir/err")"
[[ "$(content_hash "$db")" == "$(content_hash "$dir/again.db")" ]] || fail "seed 7 twice differs"
[[ "$(content_hash "$db")" != "$(content_hash "$dir/other.db")" ]] || fail "seeds 7 and 8 agree"

# Only with the bundled programmes, and only into a fresh database.
mkdir "$dir/no-content"
"$lophoc" demo-data --db "$dir/empty.db" --scale 0.01 --content "$dir/no-content" >/dev/null 2>"$dir/err" &&
  fail "content without programmes was accepted"
grep -qF "demo data needs the bundled content/" "$dir/err" || fail "no-content refusal: $(cat "$dir/err")"
gen "$db" 7 && fail "a database with accounts was accepted"
grep -qF "demo data goes into a fresh database" "$dir/err" || fail "refusal: $(cat "$dir/err")"
"$lophoc" demo-data --db "$dir/x.db" --scale 7 >/dev/null 2>&1
[[ $? == 2 ]] || fail "a bad --scale is not a usage error"
echo "demo-data OK"
