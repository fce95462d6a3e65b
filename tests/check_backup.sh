#!/usr/bin/env bash
# `lophoc backup` writes verified copies (never over an existing file unless
# --force; dated names in a folder); `lophoc restore` refuses a text file, a
# truncated copy, a newer schema, an empty SQLite database and a database a
# running server holds, each with exit status 1 and the database untouched;
# then restores, keeping the database it replaces.
set -uo pipefail
. "$(dirname "$0")/check_common.sh" "$@"
server_pid=
trap '[[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null; rm -rf "$dir"' EXIT

"$lophoc" import "$here/fixtures/content-learning" --db "$db" 2>/dev/null || fail "import failed"
"$lophoc" users add lan --display-name "Cô Lan" --db "$db" >/dev/null 2>&1 ||
  fail "users add failed"

"$lophoc" backup "$dir/copy.db" --db "$db" >"$dir/out" 2>&1 || fail "backup failed: $(cat "$dir/out")"
grep -q "backup written: $dir/copy.db" "$dir/out" || fail "no file named: $(cat "$dir/out")"
grep -Eq "[0-9]+ bytes .*schema version [0-9]+, integrity ok, in [0-9]+ ms" "$dir/out" ||
  fail "no size, version or duration: $(cat "$dir/out")"
[[ "$(sqlite3 "$dir/copy.db" "SELECT count(*) FROM users WHERE username = 'lan'")" == 1 ]] ||
  fail "the copy lacks the account"

before=$(stat -c %Y.%s "$dir/copy.db")
"$lophoc" backup "$dir/copy.db" --db "$db" >/dev/null 2>"$dir/err"
[[ $? -eq 1 ]] || fail "a backup over an existing file was not refused"
grep -q "already exists" "$dir/err" || fail "no message for an existing file: $(cat "$dir/err")"
[[ "$(stat -c %Y.%s "$dir/copy.db")" == "$before" ]] || fail "the existing file was changed"
"$lophoc" backup "$dir/copy.db" --db "$db" --force >/dev/null 2>&1 || fail "--force was refused"

mkdir "$dir/backups"
"$lophoc" backup "$dir/backups" --db "$db" >/dev/null 2>&1 || fail "backup into a folder failed"
ls "$dir/backups" | grep -Eq '^lophoc-[0-9]{8}-[0-9]{6}\.db$' ||
  fail "no dated file in the folder: $(ls "$dir/backups")"
"$lophoc" backup "$dir/x.db" --db "$dir/none.db" >/dev/null 2>&1
[[ $? -eq 1 ]] || fail "a backup of a missing database was not refused"
[[ ! -e "$dir/none.db" ]] || fail "a backup made the missing database"

# Refusals: each exits 1 and leaves the database as it is.
echo "không phải cơ sở dữ liệu" >"$dir/text.db"
head -c 20000 "$dir/copy.db" >"$dir/truncated.db"
cp "$dir/copy.db" "$dir/newer.db"
sqlite3 "$dir/newer.db" "PRAGMA user_version = 999"
sqlite3 "$dir/empty.db" "CREATE TABLE notes (x TEXT)"
refuse() {  # file, expected words
  "$lophoc" restore "$dir/$1" --db "$db" --yes >/dev/null 2>"$dir/err" </dev/null
  local rc=$?
  [[ $rc -eq 1 ]] || fail "restore of $1 exited $rc, not 1"
  grep -q "$2" "$dir/err" || fail "restore of $1 did not say '$2': $(cat "$dir/err")"
}
refuse text.db "not a readable SQLite database"
refuse truncated.db "truncated.db"
refuse newer.db "schema version 999, newer than this lophoc knows"
refuse empty.db "not a lophoc one"
refuse missing.db "no database file"
ls "$dir" | grep -q "before-restore" && fail "a refused restore set the database aside"
[[ "$(sqlite3 "$db" "SELECT count(*) FROM users WHERE username = 'lan'")" == 1 ]] ||
  fail "a refused restore changed the database"

# Not while a server holds the database.
"$lophoc" serve --port 0 --db "$db" --content "$here/fixtures/content-learning" \
  --log-level warn >"$dir/serve.log" 2>&1 </dev/null &
server_pid=$!
for _ in $(seq 100); do grep -q "serving on" "$dir/serve.log" && break; sleep 0.1; done
grep -q "serving on" "$dir/serve.log" || fail "the server did not start: $(cat "$dir/serve.log")"
refuse copy.db "in use by another process"
# A backup while it serves is fine.
"$lophoc" backup "$dir/live.db" --db "$db" >/dev/null 2>&1 || fail "backup while serving failed"
kill "$server_pid"
wait "$server_pid"
server_pid=

# /readyz and /metrics see the daily backups: the newest file in --backup-dir
# counts as the last backup at start, and one older than 26 hours is "not
# ready" (the job's first look is minutes after the start, so none runs here).
mkdir "$dir/daily"
cp "$dir/live.db" "$dir/daily/lophoc-20200101-020000.db"
"$lophoc" serve --port 0 --db "$db" --content "$here/fixtures/content-learning" \
  --backup-dir "$dir/daily" >"$dir/serve.log" 2>&1 </dev/null &
server_pid=$!
for _ in $(seq 100); do grep -q "serving on" "$dir/serve.log" && break; sleep 0.1; done
url=$(grep -o 'http://127.0.0.1:[0-9]*/' "$dir/serve.log" | head -1)
[[ -n "$url" ]] || fail "the server with --backup-dir did not start: $(cat "$dir/serve.log")"
code=$(curl -s -o "$dir/ready.json" -w '%{http_code}' "${url}readyz")
[[ "$code" == 503 ]] || fail "/readyz with a 2020 backup answered $code: $(cat "$dir/ready.json")"
grep -qE '"backup":\{"detail":"the last backup \((2019-12-31|2020-01-01)T[0-9:]*Z\) is older than 26 h"' \
  "$dir/ready.json" ||
  fail "/readyz does not name the old backup: $(cat "$dir/ready.json")"
age=$(curl -s "${url}metrics" | sed -n 's/^lophoc_backup_age_seconds \([0-9.e+]*\)$/\1/p')
[[ -n "$age" ]] && awk -v a="$age" 'BEGIN { exit !(a > 26 * 3600) }' ||
  fail "lophoc_backup_age_seconds is '$age'"
kill "$server_pid"; wait "$server_pid"; server_pid=
"$lophoc" backup "$dir/daily" --db "$db" >/dev/null 2>&1 || fail "backup into the folder failed"
"$lophoc" serve --port 0 --db "$db" --content "$here/fixtures/content-learning" \
  --backup-dir "$dir/daily" >"$dir/serve.log" 2>&1 </dev/null &
server_pid=$!
for _ in $(seq 100); do grep -q "serving on" "$dir/serve.log" && break; sleep 0.1; done
url=$(grep -o 'http://127.0.0.1:[0-9]*/' "$dir/serve.log" | head -1)
code=$(curl -s -o "$dir/ready.json" -w '%{http_code}' "${url}readyz")
[[ "$code" == 200 ]] || fail "/readyz after a fresh backup answered $code: $(cat "$dir/ready.json")"
grep -q '"backup":{"detail":"last ' "$dir/ready.json" || fail "no last backup in $(cat "$dir/ready.json")"
kill "$server_pid"; wait "$server_pid"; server_pid=

# Without --yes it asks, and anything but "yes" does nothing.
echo no | "$lophoc" restore "$dir/copy.db" --db "$db" >/dev/null 2>"$dir/err"
[[ $? -eq 1 ]] || fail "restore without --yes did not stop at 'no'"
grep -q "nothing done" "$dir/err" || fail "no 'nothing done': $(cat "$dir/err")"

sqlite3 "$db" "DELETE FROM users WHERE username = 'lan'"
"$lophoc" restore "$dir/copy.db" --db "$db" --yes >"$dir/out" 2>&1 </dev/null ||
  fail "restore failed: $(cat "$dir/out")"
grep -q "restored $dir/copy.db into $db" "$dir/out" || fail "no report: $(cat "$dir/out")"
aside=$(ls "$dir" | grep -E '^t\.db\.before-restore-[0-9]{8}-[0-9]{6}$')
[[ -n "$aside" ]] || fail "the replaced database was not kept: $(ls "$dir")"
grep -q "kept as $dir/$aside" "$dir/out" || fail "the kept file was not named: $(cat "$dir/out")"
[[ "$(sqlite3 "$db" "SELECT count(*) FROM users WHERE username = 'lan'")" == 1 ]] ||
  fail "the restored database lacks the account"
[[ "$(sqlite3 "$dir/$aside" "SELECT count(*) FROM users WHERE username = 'lan'")" == 0 ]] ||
  fail "the kept database is not the one replaced"
echo "backup and restore OK"
