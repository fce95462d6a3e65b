#!/usr/bin/env bash
# Crash safety: the real server on a real SQLite file, killed with SIGKILL at
# random moments while learners submit quizzes and complete lessons, loses
# nothing it acknowledged and records nothing twice.
#
#   tests/check_crash_safety.sh PATH_TO_LOPHOC      (ctest runs it; ~40 s, more on a loaded machine)
#   CRASH_KILLS=50 tests/check_crash_safety.sh ...  (more kills)
#
# Several learners (one client loop each, with an API token) send quiz
# submissions, each with its own submission_id, and lesson completions,
# without pause. The server is killed with SIGKILL CRASH_KILLS times (default
# 22), each 0.2 to 1 s after it started listening, and restarted on the same
# file. A request that got no answer (the server died with it in flight) is
# sent again, with the same submission_id, until it is answered. Then:
#   - every acknowledged (2xx) submission is in quiz_attempts, as the attempt
#     the server named, and every acknowledged lesson in lesson_progress;
#   - no attempt was recorded that the client did not see acknowledged, none
#     twice (one row per submission_id);
#   - sending acknowledged submissions again (all the retried ones and a
#     sample of the others) answers 200 replayed with the same attempt;
#   - PRAGMA integrity_check says ok.
# Prints: kills, acknowledged, found, in-flight-then-retried, duplicates.
set -euo pipefail
. "$(dirname "$0")/check_common.sh" "$@"
export LC_ALL=C  # sort and join agree on the order
command -v sqlite3 >/dev/null || fail "sqlite3 (Debian package sqlite3) is needed"
command -v curl >/dev/null || fail "curl is needed"

kills=${CRASH_KILLS:-22}
learners=4
lessons=30
server_pid=""
workers=()
cleanup() {
  touch "$dir/stop" 2>/dev/null || true
  for w in "${workers[@]}"; do kill "$w" 2>/dev/null || true; done
  [[ -n "$server_pid" ]] && kill -KILL "$server_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT

# A course with many lessons and a one-question quiz with unlimited attempts.
course=$dir/content/ben-bi
mkdir -p "$course"
printf -- '---\nslug: ben-bi\ntitle: Bền bỉ\nsummary: Khóa thử cho phép thử tắt máy đột ngột.\naudience: all\n---\n\nKhóa thử.\n' \
  >"$course/course.md"
for n in $(seq -w 1 "$lessons"); do
  printf -- '---\ntitle: Bài %s\nminutes: 1\n---\n\nNội dung bài %s.\n' "$n" "$n" >"$course/$n-bai-$n.md"
done
printf -- '---\ntitle: Kiểm tra\npass_mark: 50\n---\n\nMột câu.\n\n## cau-mot [single]\nChọn đáp án đúng.\n\n- [x] Đúng\n- [ ] Sai\n' \
  >"$course/quiz.md"

for i in $(seq 1 "$learners"); do
  echo "Thư viện xanh 2026" |
    "$lophoc" users add "hv$i" --role learner --password-stdin --db "$db" >/dev/null 2>&1 ||
    fail "users add hv$i"
  "$lophoc" tokens create "hv$i" --name crash --db "$db" 2>/dev/null | tail -n 1 >"$dir/token.$i" ||
    fail "tokens create hv$i"
done

# start_server: starts lophoc serve on a free port, waits until it listens,
# then publishes the port to the clients in $dir/port.
start_server() {
  : >"$dir/server.log"
  "$lophoc" serve --port 0 --bind 127.0.0.1 --db "$db" --content "$dir/content" \
    --static "$here/../static" --threads 2 --log-level warn 2>"$dir/server.log" >/dev/null &
  server_pid=$!
  local port rc=0
  port=$(served_port "$dir/server.log" "$server_pid" 300) || rc=$?
  (( rc == 1 )) && { cat "$dir/server.log"; fail "server exited before listening"; }
  (( rc == 0 )) || { cat "$dir/server.log"; fail "server did not report its port within 15 s"; }
  echo "$port" >"$dir/port.new" && mv "$dir/port.new" "$dir/port"
}

start_server
quiz=$(sqlite3 "$db" "SELECT current_revision_id FROM courses WHERE slug = 'ben-bi'")
[[ -n "$quiz" ]] || fail "course ben-bi not imported"

# send I KIND KEY: sends one submission (KIND S, KEY its submission_id) or one
# lesson completion (KIND L, KEY the lesson) for learner I until it is
# acknowledged, and records the acknowledgement in $dir/acks.I. A request
# that was sent and got no answer is counted in $dir/retried.I.
send() {
  local i=$1 kind=$2 key=$3 token port rc code in_flight=0 url body
  token=$(cat "$dir/token.$i")
  while :; do
    port=$(cat "$dir/port" 2>/dev/null || true)
    if [[ -z "$port" ]]; then sleep 0.02; continue; fi
    if [[ $kind == S ]]; then
      url="http://127.0.0.1:$port/api/v1/quizzes/$quiz/attempts"
      body="{\"submission_id\":\"$key\",\"answers\":{\"cau-mot\":$((RANDOM % 2))}}"
    else
      url="http://127.0.0.1:$port/api/v1/courses/ben-bi/lessons/$key/complete"
      body="{}"
    fi
    rc=0
    code=$(curl -sS -o "$dir/resp.$i" -w '%{http_code}' --max-time 20 -X POST \
      -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
      --data-binary "$body" "$url" 2>"$dir/curl.$i") || rc=$?
    if ((rc == 0)) && [[ $code == 2?? ]]; then
      if [[ $kind == S ]]; then
        local attempt
        attempt=$(sed -n 's/.*"attempt":{[^}]*"id":\([0-9][0-9]*\).*/\1/p' "$dir/resp.$i")
        [[ -n "$attempt" ]] || { echo "learner $i: no attempt id in $(cat "$dir/resp.$i")" >>"$dir/errors"; exit 1; }
        echo "$key $attempt $code" >>"$dir/acks.$i"
      else
        echo "L $key" >>"$dir/lessons.$i"
      fi
      ((in_flight)) && echo "$kind $key" >>"$dir/retried.$i"
      return 0
    fi
    if ((rc == 0)) && [[ $code != 5?? && $(cat "$dir/port" 2>/dev/null) == "$port" ]]; then
      echo "learner $i: $kind $key answered $code: $(cat "$dir/resp.$i")" >>"$dir/errors"
      exit 1
    fi
    # 7: not connected (nothing sent); 52/56 and the like: sent, no answer.
    ((rc != 0 && rc != 7)) && in_flight=1
    sleep 0.02
  done
}

worker() {
  local i=$1 seq=0 lesson=0
  while [[ ! -e "$dir/stop" ]]; do
    seq=$((seq + 1))
    send "$i" S "crash-$i-$seq"
    if ((lesson < lessons)); then
      lesson=$((lesson + 1))
      send "$i" L "bai-$(printf '%02d' "$lesson")"
    fi
  done
}

for i in $(seq 1 "$learners"); do
  : >"$dir/acks.$i"; : >"$dir/lessons.$i"; : >"$dir/retried.$i"
  worker "$i" &
  workers+=($!)
done

started=$SECONDS
for k in $(seq 1 "$kills"); do
  ms=$((200 + RANDOM % 800))
  sleep "$((ms / 1000)).$(printf '%03d' $((ms % 1000)))"
  [[ -s "$dir/errors" ]] && { cat "$dir/errors"; fail "a client was refused"; }
  rm -f "$dir/port"
  kill -KILL "$server_pid"
  wait "$server_pid" 2>/dev/null || true
  start_server
done
sleep 0.5
touch "$dir/stop"
for w in "${workers[@]}"; do wait "$w" || { cat "$dir/errors" 2>/dev/null; fail "a client failed"; }; done
workers=()
[[ -s "$dir/errors" ]] && { cat "$dir/errors"; fail "a client was refused"; }

# What the clients saw acknowledged against what the file holds.
cat "$dir"/acks.* | sort >"$dir/acked"
acked=$(wc -l <"$dir/acked")
((acked > 0)) || fail "no submission was acknowledged"
sqlite3 -separator ' ' "$db" "SELECT a.submission_id, a.id FROM quiz_attempts a
  JOIN users u ON u.id = a.user_id WHERE u.username LIKE 'hv%' ORDER BY 1" | sort >"$dir/stored"
found=$(join "$dir/stored" <(awk '{print $1, $2}' "$dir/acked") | awk '$2 == $3' | wc -l)
stored=$(wc -l <"$dir/stored")
duplicates=$(sqlite3 "$db" "SELECT count(*) - count(DISTINCT user_id || ' ' || submission_id)
  FROM quiz_attempts WHERE submission_id IS NOT NULL")
unkeyed=$(sqlite3 "$db" "SELECT count(*) FROM quiz_attempts WHERE submission_id IS NULL")
retried=$(cat "$dir"/retried.* | wc -l)
lessons_acked=$(cat "$dir"/lessons.* | wc -l)
lessons_found=$(sqlite3 "$db" "SELECT 'L ' || p.lesson_slug || ' ' || u.username FROM lesson_progress p
  JOIN users u ON u.id = p.user_id WHERE u.username LIKE 'hv%'" | wc -l)
lessons_missing=0
for i in $(seq 1 "$learners"); do
  while read -r _ lesson; do
    n=$(sqlite3 "$db" "SELECT count(*) FROM lesson_progress p JOIN users u ON u.id = p.user_id
      WHERE u.username = 'hv$i' AND p.lesson_slug = '$lesson'")
    ((n == 1)) || lessons_missing=$((lessons_missing + 1))
  done <"$dir/lessons.$i"
done

# Sending acknowledged submissions again: the same attempt, replayed.
replay_wrong=0
replayed=0
port=$(cat "$dir/port")
{ cat "$dir"/retried.* | awk '$1 == "S" {print $2}'; awk '{print $1}' "$dir/acked" | shuf -n 20; } |
  sort -u >"$dir/replay"
while read -r sid; do
  i=${sid#crash-}; i=${i%%-*}
  want=$(awk -v s="$sid" '$1 == s {print $2; exit}' "$dir/acked")
  code=$(curl -sS -o "$dir/resp" -w '%{http_code}' -X POST -H "Authorization: Bearer $(cat "$dir/token.$i")" \
    -H 'Content-Type: application/json' --data-binary "{\"submission_id\":\"$sid\",\"answers\":{\"cau-mot\":0}}" \
    "http://127.0.0.1:$port/api/v1/quizzes/$quiz/attempts")
  got=$(sed -n 's/.*"attempt":{[^}]*"id":\([0-9][0-9]*\).*/\1/p' "$dir/resp")
  if [[ $code != 200 || $got != "$want" ]] || ! grep -q '"replayed":true' "$dir/resp"; then
    echo "resending $sid: $code, attempt $got (acknowledged as $want)"
    replay_wrong=$((replay_wrong + 1))
  fi
  replayed=$((replayed + 1))
done <"$dir/replay"
stored_after=$(sqlite3 "$db" "SELECT count(*) FROM quiz_attempts")

kill -TERM "$server_pid"
wait "$server_pid" 2>/dev/null || true
server_pid=""
integrity=$(sqlite3 "$db" "PRAGMA integrity_check")

echo "kills: $kills in $((SECONDS - started)) s, learners: $learners"
echo "submissions acknowledged: $acked, found as acknowledged: $found, stored: $stored"
echo "lessons acknowledged: $lessons_acked, found: $((lessons_acked - lessons_missing)) (rows: $lessons_found)"
echo "in-flight-then-retried: $retried ($(cat "$dir"/retried.* | grep -c '^S' || true) submissions)"
echo "resent: $replayed, same attempt: $((replayed - replay_wrong))"
echo "duplicates: $duplicates, attempts without a key: $unkeyed"
echo "integrity_check: $integrity"
((found == acked)) || fail "acknowledged submissions missing or changed: $((acked - found))"
((stored == acked)) || fail "attempts stored that were never acknowledged: $((stored - acked))"
((lessons_missing == 0)) || fail "acknowledged lessons missing: $lessons_missing"
((duplicates == 0 && unkeyed == 0)) || fail "duplicated attempts"
((replay_wrong == 0)) || fail "a resent submission did not find its attempt"
((stored_after == stored)) || fail "resending added attempts: $stored -> $stored_after"
[[ $integrity == ok ]] || fail "integrity_check: $integrity"
echo "crash safety OK"
