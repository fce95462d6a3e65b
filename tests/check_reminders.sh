#!/usr/bin/env bash
# `lophoc reminders run`: a dry run writes nothing; a real run writes each
# reminder once, so a second run writes nothing again and says so; a bad
# --as-of is a usage error.
set -uo pipefail
. "$(dirname "$0")/check_common.sh" "$@"

"$lophoc" import "$here/fixtures/content-good" --db "$db" 2>"$dir/err" ||
  fail "content-good refused: $(cat "$dir/err")"
"$lophoc" users add tv.xa --role learner --staff-category commune_librarian --db "$db" \
  >/dev/null 2>"$dir/err" || fail "users add: $(cat "$dir/err")"

run() { "$lophoc" reminders run --db "$db" --as-of 2099-01-01 "$@" 2>"$dir/err"; }

out=$(run --dry-run) || fail "dry run: $(cat "$dir/err")"
grep -qF "Nhắc nhở: 0 mở cửa sổ, 0 còn 30 ngày, 1 quá hạn; 0 đã gửi trước đó (chạy thử" <<<"$out" ||
  fail "dry run: $out"
grep -qP "^user \d+\tco-ban\tcycle 0\texpired\tin_app\t" <<<"$out" || fail "dry run rows: $out"

out=$(run) || fail "run: $(cat "$dir/err")"
[[ "$out" == "Nhắc nhở: 0 mở cửa sổ, 0 còn 30 ngày, 1 quá hạn; 0 đã gửi trước đó" ]] ||
  fail "first run: $out"
out=$(run) || fail "second run: $(cat "$dir/err")"
[[ "$out" == "Nhắc nhở: 0 mở cửa sổ, 0 còn 30 ngày, 0 quá hạn; 1 đã gửi trước đó" ]] ||
  fail "second run wrote again: $out"

"$lophoc" reminders run --db "$db" --as-of 31/02/2099 >/dev/null 2>&1
[[ $? == 2 ]] || fail "a bad --as-of is not a usage error"
"$lophoc" reminders run --db "$db" --smtp-url http://x >/dev/null 2>&1
[[ $? == 2 ]] || fail "a bad --smtp-url is not a usage error"
echo "reminders run OK"
