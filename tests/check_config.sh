#!/usr/bin/env bash
# The configuration file end to end: `lophoc serve --config FILE` serves with
# the file's settings; a flag beats the environment, which beats the file; a
# bad file, a bad value or a missing folder stops the start with exit status
# 2 and a message naming the key and the file and line (or the flag or
# variable) it came from.
set -uo pipefail
. "$(dirname "$0")/check_common.sh" "$@"
src=$(cd "$here/.." && pwd)

# Precedence, seen through which database `users add` creates.
cat >"$dir/lophoc.conf" <<CONF
# where the data lives
db = "$dir/from file.db"
CONF
"$lophoc" users add one --config "$dir/lophoc.conf" >/dev/null 2>&1 || fail "users add with the file failed"
[[ -f "$dir/from file.db" ]] || fail "the file's db was not used"
LOPHOC_DB="$dir/env.db" "$lophoc" users add two --config "$dir/lophoc.conf" >/dev/null 2>&1
[[ -f "$dir/env.db" ]] || fail "LOPHOC_DB did not win over the file"
LOPHOC_DB="$dir/env.db" "$lophoc" users add three --config "$dir/lophoc.conf" --db "$dir/flag.db" >/dev/null 2>&1
[[ -f "$dir/flag.db" ]] || fail "--db did not win over LOPHOC_DB"

# A good file serves.
cat >"$dir/serve.conf" <<CONF
port = 0
db = $dir/serve.db
content = $src/tests/fixtures/content-learning
static = $src/static
log-level = warn
CONF
"$lophoc" serve --config "$dir/serve.conf" 2>"$dir/serve.log" &
pid=$!
for _ in $(seq 1 100); do
  url=$(grep -o 'http://127.0.0.1:[0-9]*/' "$dir/serve.log" | head -1)
  [[ -n "$url" ]] && break
  sleep 0.1
done
[[ -n "$url" ]] || { kill "$pid"; fail "serve with a good file did not start: $(cat "$dir/serve.log")"; }
code=$(curl -s -o /dev/null -w '%{http_code}' "${url}healthz")
kill "$pid"; wait "$pid" 2>/dev/null
[[ "$code" == 200 ]] || fail "/healthz answered $code"
[[ -f "$dir/serve.db" ]] || fail "the file's db was not used by serve"

# Each refusal: exit status 2 and the message.
refuse() {  # refuse EXPECTED_MESSAGE_PART ARGS... (environment set by the caller)
  local expected=$1; shift
  "$lophoc" serve "$@" </dev/null 2>"$dir/err"
  local rc=$?
  [[ $rc -eq 2 ]] || fail "serve $* exited $rc, not 2: $(cat "$dir/err")"
  grep -qF -- "$expected" "$dir/err" || fail "no '$expected' in: $(cat "$dir/err")"
}
bad=$dir/bad.conf
printf 'port = 0\nprot = 9000\n' >"$bad"
refuse "$bad:2: unknown key 'prot' (did you mean 'port'?)" --config "$bad"
printf 'threads = many\n' >"$bad"
refuse "threads = 'many' (from $bad:1): must be a number of threads 1-64" --config "$bad"
printf 'port = 99999\n' >"$bad"
refuse "port = '99999' (from $bad:1): must be a TCP port 0-65535" --config "$bad"
LOPHOC_PORT=http refuse "port = 'http' (from LOPHOC_PORT)" --config "$bad"
refuse "port = '-1' (from --port)" --config "$bad" --port -1
printf 'secure-cookies = maybe\n' >"$bad"
refuse "secure-cookies = 'maybe' (from $bad:1): must be true or false" --config "$bad"
printf 'port = 0\ncontent = %s/none\n' "$dir" >"$bad"
refuse "content = '$dir/none' (from $bad:2): must be an existing folder" --config "$bad"
printf 'port = 0\nstatic = %s/none\n' "$dir" >"$bad"
refuse "static = '$dir/none' (from $bad:2): must be an existing folder" --config "$bad"
printf 'port = 0\ndb = /proc/lophoc/x.db\n' >"$bad"
refuse "db = '/proc/lophoc/x.db' (from $bad:2): must be in an existing folder" --config "$bad"
printf 'port = 0\ndb = /proc/x.db\n' >"$bad"
refuse "db = '/proc/x.db' (from $bad:2): must be in a folder this user can write" --config "$bad"
printf 'port 0\n' >"$bad"
refuse "$bad:1: expected 'key = value', got 'port 0'" --config "$bad"
refuse "cannot read the configuration file $dir/absent.conf" --config "$dir/absent.conf"
# The Debian package's commented configuration names every serve setting.
shipped=$src/scripts/debian/lophoc.conf
for key in $("$lophoc" serve --help | sed -n 's/^  --\([a-z0-9-]*\).*/\1/p'); do
  [[ "$key" == config ]] && continue
  grep -qE "^(# )?$key =" "$shipped" || fail "$shipped does not describe '$key'"
done
"$lophoc" serve --config "$shipped" --help >/dev/null || fail "serve --help with the shipped file"
echo "configuration OK"
