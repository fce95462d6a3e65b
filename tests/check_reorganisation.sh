#!/usr/bin/env bash
# `lophoc import-reorganisation` on a fresh database (docs/org-history.md):
# a dry run prints what each change moves and writes nothing; a refused row
# is reported as FILE:LINE: message and nothing is written; the real run
# saves every change in one go.
set -uo pipefail
. "$(dirname "$0")/check_common.sh" "$@"
count() {  # table -> rows in $db
  sqlite3 "$db" "SELECT count(*) FROM $1"
}
have_sqlite=0
command -v sqlite3 >/dev/null && have_sqlite=1

cat >"$dir/units.csv" <<'EOF'
code,name,level,parent
VN,Việt Nam,nation,
A,Tỉnh A,province,VN
B,Tỉnh B,province,VN
A1,Huyện A1,district,A
X1,Xã X1,commune,A1
EOF
"$lophoc" import-users "$dir/units.csv" --db "$db" 2>"$dir/err" || fail "units refused: $(cat "$dir/err")"

cat >"$dir/reform.csv" <<'EOF'
effective_on,kind,code,new_parent,successor,new_name,new_level
01/07/2025,unit_merge,A,,B,,
01/07/2025,unit_dissolve,A1,B,,,
01/07/2025,unit_relevel,X1,,,,ward
EOF
"$lophoc" import-reorganisation "$dir/reform.csv" --dry-run --db "$db" >"$dir/out" 2>"$dir/err" ||
  fail "dry run refused: $(cat "$dir/err")"
grep -q "unit A1: A -> B" "$dir/out" || fail "the dry run does not show A1 moving: $(cat "$dir/out")"
grep -q "unit X1: A1 -> B" "$dir/out" || fail "the dry run does not show X1 moving: $(cat "$dir/out")"
grep -q "dry run: nothing written" "$dir/err" || fail "no dry-run summary: $(cat "$dir/err")"
if [[ $have_sqlite == 1 ]]; then
  [[ $(count org_changes) == 0 ]] || fail "the dry run wrote to the database"
fi

cat >"$dir/bad.csv" <<'EOF'
effective_on,kind,code,successor
2025-07-01,unit_merge,X1,B
2025-07-01,unit_merge,NOPE,B
EOF
"$lophoc" import-reorganisation "$dir/bad.csv" --db "$db" 2>"$dir/err" >/dev/null &&
  fail "a file naming an unknown unit was accepted"
grep -q "^$dir/bad.csv:3: " "$dir/err" || fail "no FILE:3: message: $(cat "$dir/err")"
if [[ $have_sqlite == 1 ]]; then
  [[ $(count org_changes) == 0 ]] || fail "a refused file wrote something"
fi

"$lophoc" import-reorganisation "$dir/reform.csv" --db "$db" >"$dir/out" 2>"$dir/err" ||
  fail "the reorganisation was refused: $(cat "$dir/err")"
grep -q "saved" "$dir/err" || fail "no summary: $(cat "$dir/err")"
if [[ $have_sqlite == 1 ]]; then
  [[ $(count org_changes) == 3 ]] || fail "expected 3 changes, got $(count org_changes)"
  [[ $(sqlite3 "$db" "SELECT state FROM org_unit_versions v JOIN org_units u ON u.id = v.unit_id WHERE u.code = 'A' AND v.valid_from = '2025-07-01'") == merged ]] ||
    fail "A is not merged on 2025-07-01"
fi
echo "import-reorganisation OK"
