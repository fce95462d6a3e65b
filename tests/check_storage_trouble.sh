#!/usr/bin/env bash
# Storage trouble against the real server: what it says and what it keeps.
#
#   tests/check_storage_trouble.sh PATH_TO_LOPHOC disk-full|read-only|content-missing
#
#   disk-full        the database on a small tmpfs, filled up while serving
#   read-only        the database file made immutable (chattr +i), the server
#                    restarted on it; then its folder remounted read-only
#   content-missing  the content folder removed while serving, then at start
#
# Each checks the refusal of a write (503, its reason and catalogue text, for
# the API and on a page: signing in), the log line, /readyz's named check, that reads still answer 200, and, once the
# trouble is mended, that writes are taken again and every submission
# acknowledged before is there once (resending it replays the same attempt)
# and PRAGMA integrity_check says ok. Prints what it saw.
# disk-full and read-only mount a tmpfs: without the right to (not root), the
# test prints why and exits 77 (ctest's SKIP_RETURN_CODE).
set -euo pipefail
. "$(dirname "$0")/check_common.sh" "$@"
case "${2:-}" in
  disk-full | read-only | content-missing) mode=$2 ;;
  *) echo "usage: $0 PATH_TO_LOPHOC disk-full|read-only|content-missing" >&2; exit 2 ;;
esac
command -v sqlite3 >/dev/null || fail "sqlite3 (Debian package sqlite3) is needed"
command -v curl >/dev/null || fail "curl is needed"

server_pid=""
mnt=$dir/mnt
mounted=0
cleanup() {
  [[ -n "$server_pid" ]] && kill -KILL "$server_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  if ((mounted)); then
    chattr -i "$mnt/t.db" 2>/dev/null || true
    umount "$mnt" 2>/dev/null || umount -l "$mnt" 2>/dev/null || true
  fi
  rm -rf "$dir"
}
trap cleanup EXIT

mkdir -p "$mnt"
if [[ $mode != content-missing ]]; then
  if ! mount -t tmpfs -o size=3m tmpfs "$mnt" 2>"$dir/mount.err"; then
    echo "SKIP: cannot mount a tmpfs here ($(cat "$dir/mount.err")); run as root"
    exit 77
  fi
  mounted=1
fi
db=$mnt/t.db
# A course with two lessons and a one-question quiz, unlimited attempts.
mkdir -p "$dir/content/ben-bi"
printf -- '---\nslug: ben-bi\ntitle: Bền bỉ\nsummary: Khóa thử khi ổ đĩa gặp sự cố.\naudience: all\n---\n\nKhóa thử.\n' \
  >"$dir/content/ben-bi/course.md"
for n in 01 02; do
  printf -- '---\ntitle: Bài %s\nminutes: 1\n---\n\nNội dung bài %s.\n' "$n" "$n" >"$dir/content/ben-bi/$n-bai-$n.md"
done
printf -- '---\ntitle: Kiểm tra\npass_mark: 50\n---\n\nMột câu.\n\n## cau-mot [single]\nChọn đáp án đúng.\n\n- [x] Đúng\n- [ ] Sai\n' \
  >"$dir/content/ben-bi/quiz.md"

echo "Thư viện xanh 2026" | "$lophoc" users add root --role admin --password-stdin --db "$db" >/dev/null 2>&1 ||
  fail "users add root"
echo "Thư viện xanh 2026" | "$lophoc" users add hv1 --role learner --password-stdin --db "$db" >/dev/null 2>&1 ||
  fail "users add hv1"
admin=$("$lophoc" tokens create root --name trouble --db "$db" 2>/dev/null | tail -n 1)
learner=$("$lophoc" tokens create hv1 --name trouble --db "$db" 2>/dev/null | tail -n 1)

# start_server: lophoc serve on a free port; sets server_pid and url.
# start_server_may_fail: the same, but returns 1 when the server exits first.
start_server_may_fail() {
  : >"$dir/server.log"
  "$lophoc" serve --port 0 --bind 127.0.0.1 --db "$db" --content "$dir/content" \
    --static "$here/../static" --threads 2 --log-level info 2>"$dir/server.log" >/dev/null &
  server_pid=$!
  local port rc=0
  port=$(served_port "$dir/server.log" "$server_pid" 600) || rc=$?
  if (( rc == 1 )); then
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
    return 1
  fi
  (( rc == 0 )) || { cat "$dir/server.log"; fail "server did not report its port within 30 s"; }
  url="http://127.0.0.1:$port"
}
start_server() { start_server_may_fail || { cat "$dir/server.log"; fail "server exited before listening"; }; }
stop_server() {
  kill -TERM "$server_pid"
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

# get PATH [TOKEN]: prints the status of a GET.
get() {
  local auth=()
  [[ -n "${2:-}" ]] && auth=(-H "Authorization: Bearer $2")
  curl -sS -o "$dir/body" -w '%{http_code}' "${auth[@]}" "$url$1"
}
# submit ID: submits an attempt at ben-bi's quiz for hv1 with submission
# id ID; prints the status, leaves the answer in $dir/body.
submit() {
  curl -sS -o "$dir/body" -w '%{http_code}' -X POST -H "Authorization: Bearer $learner" \
    -H 'Content-Type: application/json' -H "Accept-Language: ${lang:-vi}" \
    --data-binary "{\"submission_id\":\"$1\",\"answers\":{\"cau-mot\":0}}" "$url/api/v1/quizzes/$quiz/attempts"
}
attempt_of() { sed -n 's/.*"attempt":{[^}]*"id":\([0-9][0-9]*\).*/\1/p' "$dir/body"; }
acked=()  # "submission_id attempt_id" for every 2xx seen
n=0
submit_ok() {  # submits a new attempt that must be acknowledged
  n=$((n + 1))
  local code
  code=$(submit "trouble-$n")
  [[ $code == 201 ]] || fail "submission trouble-$n: $code $(cat "$dir/body")"
  acked+=("trouble-$n $(attempt_of)")
}
# The reads that must go on in trouble: catalogue, course, lesson, the API,
# a learner's own record, a report.
reads_answer() {
  local path code
  for path in / /courses/ben-bi /courses/ben-bi/bai-01 /api/v1/courses /api/v1/courses/ben-bi/quiz; do
    code=$(get "$path")
    [[ $code == 200 ]] || fail "GET $path answered $code in trouble"
  done
  code=$(get /api/v1/me/learning "$learner")
  [[ $code == 200 ]] || fail "GET /api/v1/me/learning answered $code in trouble"
  code=$(get /api/v1/reports/growth "$admin")
  [[ $code == 200 ]] || fail "GET /api/v1/reports/growth answered $code in trouble: $(cat "$dir/body")"
  echo "reads in trouble: 7 answered 200"
}
# readyz_says CHECK TEXT: /readyz answers 503 and CHECK's detail starts with TEXT.
readyz_says() {
  local code
  code=$(get /readyz)
  [[ $code == 503 ]] || fail "/readyz answered $code in trouble: $(cat "$dir/body")"
  grep -q "\"$1\":{\"detail\":\"$2" "$dir/body" || fail "/readyz does not say $1: $2: $(cat "$dir/body")"
  echo "/readyz: $code $(grep -o "\"$1\":{[^}]*}" "$dir/body")"
}
readyz_ready() {
  local code
  code=$(get /readyz)
  [[ $code == 200 ]] || fail "/readyz answered $code after the trouble: $(cat "$dir/body")"
  echo "/readyz after: $code"
}
# everything_acknowledged_is_there: every acknowledged submission is stored
# once, as the attempt the server named, and resending it replays it.
everything_acknowledged_is_there() {
  local line sid attempt code
  for line in "${acked[@]}"; do
    read -r sid attempt <<<"$line"
    code=$(submit "$sid")
    [[ $code == 200 && $(attempt_of) == "$attempt" ]] && grep -q '"replayed":true' "$dir/body" ||
      fail "resending $sid: $code $(cat "$dir/body") (acknowledged as attempt $attempt)"
  done
  local stored
  stored=$(sqlite3 "$db" "SELECT count(*) FROM quiz_attempts WHERE submission_id LIKE 'trouble-%'")
  ((stored == ${#acked[@]})) || fail "${#acked[@]} submissions acknowledged, $stored stored"
  echo "acknowledged: ${#acked[@]}, stored: $stored, resent: ${#acked[@]} (same attempts)"
}
# refused_for REASON TEXT: $dir/body is the API refusal for REASON, its
# catalogue text containing TEXT.
refused_for() {
  grep -q "\"reason\":\"$1\"" "$dir/body" || fail "no reason $1: $(cat "$dir/body")"
  grep -q '"code":"unavailable"' "$dir/body" || fail "no code unavailable: $(cat "$dir/body")"
  grep -q "$2" "$dir/body" || fail "the refusal does not say '$2': $(cat "$dir/body")"
}
# people_page_says TEXT: signing in (a session is a write) is refused with a
# 503 page that says TEXT.
people_page_says() {
  local csrf code
  curl -sS -c "$dir/jar" -b "$dir/jar" -o "$dir/login" "$url/login"
  csrf=$(sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' "$dir/login" | head -n 1)
  code=$(curl -sS -c "$dir/jar" -b "$dir/jar" -o "$dir/body" -w '%{http_code}' -H 'Accept-Language: vi' \
    --data-urlencode username=hv1 --data-urlencode "password=Thư viện xanh 2026" \
    --data-urlencode "csrf_token=$csrf" "$url/login")
  [[ $code == 503 ]] || fail "signing in answered $code in trouble"
  grep -q "$1" "$dir/body" || fail "the page does not say '$1': $(head -c 2000 "$dir/body")"
  echo "page for people: $code, says '$1'"
}
integrity_ok() {
  local ok
  ok=$(sqlite3 "$db" "PRAGMA integrity_check")
  [[ $ok == ok ]] || fail "integrity_check: $ok"
  echo "integrity_check: ok"
}

start_server
quiz=$(sqlite3 "$db" "SELECT current_revision_id FROM courses WHERE slug = 'ben-bi'")
submit_ok
submit_ok
[[ $(curl -sS -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $learner" \
  "$url/api/v1/courses/ben-bi/lessons/bai-01/complete") == 200 ]] || fail "lesson completion refused"

case $mode in
  disk-full)
    dd if=/dev/zero of="$mnt/filler" bs=16k 2>/dev/null || true
    echo "disk: $(df -k --output=avail "$mnt" | tail -n 1 | tr -d ' ') KiB free"
    # The WAL may still have room for a few writes: submit until refused.
    code=201
    for _ in $(seq 1 300); do
      n=$((n + 1))
      code=$(submit "trouble-$n")
      [[ $code == 201 ]] || break
      acked+=("trouble-$n $(attempt_of)")
    done
    [[ $code == 503 ]] || fail "a submission on a full disk answered $code: $(cat "$dir/body")"
    refused=trouble-$n
    echo "refused: $code after $((${#acked[@]} - 2)) more writes fitted; $(cat "$dir/body" | head -c 300)"
    refused_for storage_disk_full "ổ đĩa đã đầy"
    code=$(lang=en submit "$refused")
    [[ $code == 503 ]] || fail "the same submission again answered $code"
    refused_for storage_disk_full "disk is full"
    grep -q 'msg="write refused: storage".*reason="storage_disk_full"' "$dir/server.log" ||
      fail "no log line for the refused write: $(cat "$dir/server.log")"
    readyz_says database "disk full: "
    people_page_says "ổ đĩa đã đầy"
    grep -q 'msg="not ready" check="database" detail="disk full: ' "$dir/server.log" ||
      fail "no log line for /readyz's finding: $(cat "$dir/server.log")"
    reads_answer
    # Space freed: /readyz finds the disk takes writes again, writes go on.
    rm -f "$mnt/filler"
    readyz_ready
    grep -q 'msg="ready again" check="database"' "$dir/server.log" || fail "no log line for ready again"
    submit_ok
    code=$(submit "$refused")  # the refused one, sent again: taken now, as new
    [[ $code == 201 ]] || fail "the refused submission sent again answered $code"
    acked+=("$refused $(attempt_of)")
    everything_acknowledged_is_there
    stop_server
    integrity_ok
    ;;
  read-only)
    stop_server
    chattr +i "$db" || { echo "SKIP: chattr +i is not supported here"; exit 77; }
    start_server
    code=$(submit "trouble-ro")
    [[ $code == 503 ]] || fail "a submission on a read-only database answered $code: $(cat "$dir/body")"
    echo "refused: $code $(head -c 300 "$dir/body")"
    refused_for storage_read_only "chế độ chỉ đọc"
    grep -q 'msg="write refused: storage".*reason="storage_read_only"' "$dir/server.log" ||
      fail "no log line for the refused write: $(cat "$dir/server.log")"
    readyz_says database "read-only: "
    grep -q "make the file writable, then restart lophoc" "$dir/body" || fail "/readyz does not say what to do"
    people_page_says "chế độ chỉ đọc"
    grep -q 'msg="not ready" check="database" detail="read-only: ' "$dir/server.log" ||
      fail "no log line at start for the read-only database: $(cat "$dir/server.log")"
    reads_answer
    stop_server
    # A read-only folder: the server refuses to start, and says why.
    chattr -i "$db"
    mount -o remount,ro "$mnt" || fail "cannot remount the tmpfs read-only"
    start_server_may_fail && fail "the server started in a read-only folder"
    grep -q "Read-only file system" "$dir/server.log" || fail "no reason given: $(cat "$dir/server.log")"
    echo "read-only folder: $(head -n 1 "$dir/server.log")"
    mount -o remount,rw "$mnt" || fail "cannot remount the tmpfs read-write"
    start_server
    readyz_ready
    submit_ok
    everything_acknowledged_is_there
    stop_server
    integrity_ok
    ;;
  content-missing)
    mv "$dir/content" "$dir/content.away"
    readyz_says content "content folder missing: "
    grep -q 'msg="not ready" check="content" detail="content folder missing' "$dir/server.log" ||
      fail "no log line for the missing content: $(cat "$dir/server.log")"
    reads_answer
    submit_ok
    # Missing at start: the server starts, says so, serves what it imported.
    stop_server
    start_server
    grep -q 'content folder missing; serving the courses already imported' "$dir/server.log" ||
      fail "no log line at start: $(cat "$dir/server.log")"
    readyz_says content "content folder missing: "
    reads_answer
    submit_ok
    mv "$dir/content.away" "$dir/content"
    readyz_ready
    grep -q 'msg="ready again" check="content"' "$dir/server.log" || fail "no log line for ready again"
    everything_acknowledged_is_there
    stop_server
    integrity_ok
    ;;
esac
echo "storage trouble ($mode) OK"
