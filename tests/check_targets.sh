#!/usr/bin/env bash
# `lophoc targets import`: the bundled example loads (dry run first, which
# writes nothing); a file with bad rows names each by its line and writes
# nothing at all.
set -uo pipefail
. "$(dirname "$0")/check_common.sh" "$@"

"$lophoc" import "$here/../content" --db "$db" >/dev/null 2>"$dir/err" ||
  fail "bundled content refused: $(cat "$dir/err")"
printf 'code,name,level,parent\nVN,Việt Nam,nation,\nP-62,Tỉnh Kon Tum,province,VN\n' >"$dir/units.csv"
"$lophoc" import-users "$dir/units.csv" --db "$db" >/dev/null 2>"$dir/err" ||
  fail "units: $(cat "$dir/err")"
count() { sqlite3 "$db" "SELECT count(*) FROM targets" 2>/dev/null || echo "?"; }

example=$here/../docs/examples/targets-2025.csv
"$lophoc" targets import "$example" --dry-run --db "$db" 2>"$dir/err" ||
  fail "dry run of the example: $(cat "$dir/err")"
grep -qF "7 target(s) would be created" "$dir/err" || fail "dry run said: $(cat "$dir/err")"

cat >"$dir/bad.csv" <<'EOF2'
kind,title,org,percent,starts_on,deadline,programme
trained,"Tên
hai dòng",P-62,70,01/01/2024,31/12/2025,boi-duong-dinh-ky-thu-vien
trained,Quá trăm,P-62,120,01/01/2024,31/12/2025,boi-duong-dinh-ky-thu-vien
visits_growth,Ngược ngày,P-99,5,31/12/2025,01/01/2024,
EOF2
"$lophoc" targets import "$dir/bad.csv" --db "$db" 2>"$dir/err" && fail "bad rows accepted"
grep -qF "bad.csv:4: percent must lie between 0 and 100" "$dir/err" || fail "line 4: $(cat "$dir/err")"
grep -qF "bad.csv:5: org unit 'P-99' not found" "$dir/err" || fail "line 5 org: $(cat "$dir/err")"
grep -qF "bad.csv:5: the deadline 2024-01-01 is before the start 2025-12-31" "$dir/err" ||
  fail "line 5 dates: $(cat "$dir/err")"
grep -qF "nothing was written" "$dir/err" || fail "no all-or-nothing note: $(cat "$dir/err")"

"$lophoc" targets import "$example" --db "$db" 2>"$dir/err" || fail "example: $(cat "$dir/err")"
grep -qF "created 7 target(s)" "$dir/err" || fail "example said: $(cat "$dir/err")"
if command -v sqlite3 >/dev/null; then
  [[ $(count) == 7 ]] || fail "$(count) targets stored, expected 7"
fi
"$lophoc" targets export x --db "$db" >/dev/null 2>&1
[[ $? == 2 ]] || fail "an unknown action is not a usage error"
echo "targets import OK"
