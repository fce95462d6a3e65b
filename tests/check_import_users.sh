#!/usr/bin/env bash
# `lophoc import-users` and `lophoc export-users` on a fresh database: org
# units, then sites, then users import; a dry run and a file with bad rows
# write nothing (bad rows reported as FILE:LINE: message); one-time passwords
# go to a new 0600 file and are stored only hashed; an export imports back
# into an empty database unchanged.
set -uo pipefail
. "$(dirname "$0")/check_common.sh" "$@"
count() {  # table -> rows in $db
  sqlite3 "$db" "SELECT count(*) FROM $1"
}
have_sqlite=0
command -v sqlite3 >/dev/null && have_sqlite=1

cat >"$dir/units.csv" <<'EOF'
code,name,level,parent
BD-PT,"Xã Phú Thượng, Ba Đình",commune,BD
HN,Thành phố Hà Nội,province,
BD,Quận Ba Đình,district,HN
EOF
printf 'code;name;type;org;kiosk\r\nTV-BD;Thư viện quận Ba Đình;district_library;BD;0\r\nBDVHX-PT;Điểm BĐVHX Phú Thượng;post_office_cultural_point;BD-PT;có\r\n' >"$dir/sites.csv"
cat >"$dir/users.csv" <<'EOF'
username,display_name,roles,site,staff_category,password
thu.thu,Nguyễn Thị Thu,learner;trainer,TV-BD,district_librarian,
0912345678,Trần Văn Bình,,BDVHX-PT,,
quan.ly,<b>Lê Quản Lý</b>,manager,TV-BD,,Một câu mật khẩu dài
EOF

"$lophoc" import-users "$dir/units.csv" --dry-run --db "$db" 2>"$dir/err" || fail "dry run of units refused: $(cat "$dir/err")"
grep -q "3 org units would be created" "$dir/err" || fail "no dry-run summary: $(cat "$dir/err")"
if [[ $have_sqlite == 1 ]]; then
  [[ $(count org_units) == 0 && $(count audit_log) == 0 ]] || fail "dry run wrote to the database"
fi
"$lophoc" import-users "$dir/units.csv" --db "$db" 2>"$dir/err" || fail "units refused: $(cat "$dir/err")"
grep -q "created 3 org units" "$dir/err" || fail "no 'created' line for units"
"$lophoc" import-users "$dir/sites.csv" --db "$db" 2>/dev/null || fail "';' separated sites refused"

# A file with bad rows: every one reported with its line, nothing written.
cat >"$dir/bad.csv" <<'EOF'
username,display_name,site
ok.one,Một,TV-BD
x,Quá ngắn,TV-BD
ok.two,Hai,NO-SUCH-SITE
ok.one,Lặp lại,TV-BD
EOF
before=$([[ $have_sqlite == 1 ]] && echo "$(count users) $(count audit_log)")
"$lophoc" import-users "$dir/bad.csv" --db "$db" --passwords-out "$dir/bad-pw.csv" 2>"$dir/err" >"$dir/out" &&
  fail "a file with bad rows was accepted"
for line in 3 4 5; do
  grep -q "^$dir/bad.csv:$line: " "$dir/err" || fail "no FILE:$line: message: $(cat "$dir/err")"
done
grep -q "bad.csv:2:" "$dir/err" && fail "a good row was reported"
grep -q "already appears on line 2" "$dir/err" || fail "duplicate not named with its first line"
[[ -e $dir/bad-pw.csv ]] && fail "a passwords file was left behind by a failed import"
[[ -s $dir/out ]] && fail "a failed import printed passwords"
if [[ $have_sqlite == 1 ]]; then
  [[ "$(count users) $(count audit_log)" == "$before" ]] || fail "a file with bad rows wrote something"
fi
printf 'username,display_name\nabc,Nguy\xeanx\n' >"$dir/latin1.csv"
"$lophoc" import-users "$dir/latin1.csv" --db "$db" 2>"$dir/err" && fail "invalid UTF-8 accepted"
grep -q "latin1.csv:2: not valid UTF-8" "$dir/err" || fail "no line for invalid UTF-8: $(cat "$dir/err")"

# Users: one-time passwords to a new 0600 file, stored only hashed.
"$lophoc" import-users "$dir/users.csv" --db "$db" --passwords-out "$dir/pw.csv" 2>"$dir/err" >"$dir/out" ||
  fail "users refused: $(cat "$dir/err")"
grep -q "created 3 users" "$dir/err" || fail "no 'created' line for users"
[[ $(stat -c %a "$dir/pw.csv") == 600 ]] || fail "passwords file mode is $(stat -c %a "$dir/pw.csv")"
[[ $(head -1 "$dir/pw.csv" | tr -d '\r') == $'\xEF\xBB\xBF'"username,one_time_password" ]] || fail "passwords file header (with a byte order mark)"
[[ $(wc -l <"$dir/pw.csv") == 3 ]] || fail "expected 2 one-time passwords"
grep -q "^quan.ly," "$dir/pw.csv" && fail "a chosen password was written out"
"$lophoc" import-users "$dir/users.csv" --db "$db" --passwords-out "$dir/pw.csv" 2>"$dir/err" &&
  fail "an existing passwords file was overwritten"
grep -q "already exists" "$dir/err" || fail "no clear message for an existing passwords file"
if [[ $have_sqlite == 1 ]]; then
  while IFS=, read -r user pw; do
    pw=${pw%$'\r'}
    [[ ${#pw} -ge 16 ]] || fail "short one-time password for $user"
    [[ $(sqlite3 "$db" "SELECT count(*) FROM users WHERE password_hash LIKE '%$pw%'") == 0 ]] ||
      fail "raw password stored for $user"
    [[ $(sqlite3 "$db" "SELECT must_change_password FROM users WHERE username = '$user'") == 1 ]] ||
      fail "$user need not change the one-time password"
  done < <(tail -n +2 "$dir/pw.csv")
  [[ $(sqlite3 "$db" "SELECT display_name FROM users WHERE username = 'quan.ly'") == "<b>Lê Quản Lý</b>" ]] ||
    fail "HTML in a name not stored verbatim"
fi
printf 'username,display_name,site\nstdin.user,Từ stdin,TV-BD\n' |
  "$lophoc" import-users - --db "$db" 2>/dev/null >"$dir/out" || fail "'-' (standard input) refused"
grep -q "^stdin.user," "$dir/out" || fail "one-time password not printed on standard output"

# Export, then import into an empty database: the same export comes back.
db2=$dir/t2.db
for kind in org-units sites users; do
  "$lophoc" export-users $kind --db "$db" --out "$dir/$kind.csv" || fail "export-users $kind failed"
  head -c 3 "$dir/$kind.csv" | od -An -tx1 | grep -q "ef bb bf" || fail "$kind export has no BOM"
  "$lophoc" import-users "$dir/$kind.csv" --db "$db2" 2>"$dir/err" >/dev/null ||
    fail "re-import of $kind refused: $(cat "$dir/err")"
  cmp -s "$dir/$kind.csv" <("$lophoc" export-users $kind --db "$db2") || fail "$kind export differs after a round trip"
done
grep -q "argon2" "$dir/users.csv" && fail "export holds password hashes"
"$lophoc" export-users sites --org BD-PT --db "$db" | grep -q "^BDVHX-PT," || fail "--org export lacks the site"
"$lophoc" export-users sites --org BD-PT --db "$db" | grep -q "^TV-BD," && fail "--org export is not limited"
"$lophoc" export-users things --db "$db" 2>/dev/null && fail "unknown kind accepted"
"$lophoc" import-users --help | grep -q "code,name,type,org" || fail "import-users --help lacks the formats"
"$lophoc" --help | grep -q "import-users" || fail "lophoc --help lists no import-users"
echo "import-users OK"
