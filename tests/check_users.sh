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
"$lophoc" users --help | grep -q -- "--password-stdin" || fail "users --help"
"$lophoc" --help | grep -q "tokens create" || fail "lophoc --help lists no tokens command"
echo "users and tokens OK"
