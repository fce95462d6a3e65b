#!/usr/bin/env bash
# `lophoc users add` and `lophoc tokens create` on a fresh database: the first
# admin needs --password-stdin, a second admin needs --force, the token is
# printed once and only its hash is stored.
set -uo pipefail
. "$(dirname "$0")/check_common.sh" "$@"

"$lophoc" users add root --role admin --db "$db" </dev/null 2>/dev/null && fail "admin without --password-stdin accepted"
echo "Thư viện xanh 2026" | "$lophoc" users add root --role admin --password-stdin --db "$db" || fail "first admin refused"
echo "Thư viện xanh 2026" | "$lophoc" users add root2 --role admin --password-stdin --db "$db" 2>/dev/null && fail "second admin without --force accepted"
echo "Thư viện xanh 2026" | "$lophoc" users add root2 --role admin --password-stdin --force --db "$db" || fail "--force refused"
echo "123456789a" | "$lophoc" users add weak --role learner --password-stdin --db "$db" 2>"$dir/err" && fail "common password accepted"
grep -q "most common" "$dir/err" || fail "no clear message for a common password"
otp=$("$lophoc" users add hoc.vien --db "$db" 2>/dev/null) || fail "learner with a one-time password refused"
[[ ${#otp} -ge 10 ]] || fail "one-time password not printed"
token=$("$lophoc" tokens create root --name "báo cáo" --db "$db" 2>/dev/null) || fail "tokens create failed"
[[ $token == lophoc_* ]] || fail "token not printed"
if command -v sqlite3 >/dev/null; then
  [[ $(sqlite3 "$db" "SELECT count(*) FROM api_tokens WHERE token_hash = '$token'") == 0 ]] || fail "raw token stored"
fi
# A number is one account, whatever its spelling; collisions left by migration 0010 are listed.
"$lophoc" users add "0912 345 678" --db "$db" >/dev/null 2>&1 || fail "a phone number as username refused"
"$lophoc" users add "+84912345678" --db "$db" >/dev/null 2>"$dir/err" && fail "the same number accepted twice"
grep -q "belongs to another account" "$dir/err" || fail "no clear message for a number taken"
"$lophoc" users phone-collisions --db "$db" | grep -q "no phone number" || fail "collisions where there are none"
if command -v sqlite3 >/dev/null; then
  sqlite3 "$db" "INSERT INTO users (username, display_name, phone, password_hash, created_at, phone_collides_with)
                 SELECT 'cu.dan', 'Cũ', '0912.345.678', 'x', 't', id FROM users WHERE username = '+84912345678'"
  "$lophoc" users phone-collisions --db "$db" >"$dir/out" || fail "users phone-collisions failed"
  grep -q "^+84912345678$" "$dir/out" || fail "the shared number is not listed"
  grep -q "cu.dan (id [0-9]*): phone 0912.345.678" "$dir/out" || fail "the colliding account is not listed as written"
fi
"$lophoc" users --help | grep -q -- "--password-stdin" || fail "users --help"
"$lophoc" --help | grep -q "tokens create" || fail "lophoc --help lists no tokens command"
echo "users and tokens OK"
