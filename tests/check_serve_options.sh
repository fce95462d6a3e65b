#!/usr/bin/env bash
# `lophoc serve` refuses to serve a non-loopback address without --public-url
# (absolute links must not come from the client's Host header) and refuses a
# malformed one, each with a message and exit status 2, before binding anything;
# so are an unknown --log-format and a --metrics-token shorter than 16 characters.
set -uo pipefail
. "$(dirname "$0")/check_common.sh" "$@"

"$lophoc" serve --bind 0.0.0.0 --port 0 --db "$dir/a.db" 2>"$dir/err" </dev/null
rc=$?
[[ $rc -eq 2 ]] || fail "serving 0.0.0.0 without --public-url exited $rc, not 2"
grep -q -- "--public-url" "$dir/err" || fail "no message naming --public-url: $(cat "$dir/err")"
for bad in "ftp://hoc.example.vn" "https://" "https://hoc.example.vn/?x=1" "hoc.example.vn" \
           "https://a b.vn" 'https://hoc.example.vn/"><script>'; do
  "$lophoc" serve --public-url "$bad" --port 0 --db "$dir/b.db" 2>"$dir/err" </dev/null
  rc=$?
  [[ $rc -eq 2 ]] || fail "--public-url '$bad' exited $rc, not 2"
done
LOPHOC_BIND=0.0.0.0 "$lophoc" serve --port 0 --db "$dir/c.db" 2>"$dir/err" </dev/null
[[ $? -eq 2 ]] || fail "LOPHOC_BIND=0.0.0.0 without a public URL was not refused"
"$lophoc" serve --help | grep -q -- "--public-url" || fail "serve --help does not list --public-url"
"$lophoc" serve --log-format xml --port 0 --db "$dir/d.db" 2>"$dir/err" </dev/null
[[ $? -eq 2 ]] || fail "--log-format xml was not refused"
grep -q -- "--log-format" "$dir/err" || fail "no message naming --log-format: $(cat "$dir/err")"
LOPHOC_METRICS_TOKEN=short "$lophoc" serve --port 0 --db "$dir/e.db" 2>"$dir/err" </dev/null
[[ $? -eq 2 ]] || fail "a metrics token of 5 characters was not refused"
grep -q -- "--metrics-token" "$dir/err" || fail "no message naming --metrics-token: $(cat "$dir/err")"
for option in --log-format --metrics-token; do
  "$lophoc" serve --help | grep -q -- "$option" || fail "serve --help does not list $option"
done
echo "serve options OK"
