#!/usr/bin/env bash
# `lophoc serve` refuses to serve a non-loopback address without --public-url
# (absolute links must not come from the client's Host header) and refuses a
# malformed one, a --trusted-proxy that is not one IP address, an unknown
# --log-format and a --metrics-token shorter than 16 characters, each with a
# message and exit status 2, before binding anything.
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
for bad in "localhost" "127.0.0.1:80" "10.0.0.0/8"; do
  "$lophoc" serve --trusted-proxy "$bad" --port 0 --db "$dir/d.db" 2>"$dir/err" </dev/null
  rc=$?
  [[ $rc -eq 2 ]] || fail "--trusted-proxy '$bad' exited $rc, not 2"
  grep -q -- "--trusted-proxy must be one IP address" "$dir/err" || fail "no message for --trusted-proxy '$bad'"
done
"$lophoc" serve --help | grep -q -- "--public-url" || fail "serve --help does not list --public-url"
"$lophoc" serve --log-format xml --port 0 --db "$dir/d.db" 2>"$dir/err" </dev/null
[[ $? -eq 2 ]] || fail "--log-format xml was not refused"
grep -qF -- "log-format = 'xml' (from --log-format): must be text or json" "$dir/err" ||
  fail "no message naming --log-format: $(cat "$dir/err")"
LOPHOC_METRICS_TOKEN=short "$lophoc" serve --port 0 --db "$dir/e.db" 2>"$dir/err" </dev/null
[[ $? -eq 2 ]] || fail "a metrics token of 5 characters was not refused"
grep -qF -- "metrics-token = 'short' (from LOPHOC_METRICS_TOKEN): must be at least 16 characters" \
  "$dir/err" || fail "no message naming the metrics token: $(cat "$dir/err")"
for option in --log-format --metrics-token; do
  "$lophoc" serve --help | grep -q -- "$option" || fail "serve --help does not list $option"
done
echo "serve options OK"
