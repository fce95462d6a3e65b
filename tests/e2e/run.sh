#!/usr/bin/env bash
# Browser tests against the real server.
#   tests/e2e/run.sh PATH_TO_LOPHOC_BINARY
# Creates an admin account in a throw-away database, starts `lophoc serve` on a
# free loopback port with it and the bundled content, runs
# `node --test tests/e2e/*.test.mjs` with LOPHOC_URL=http://127.0.0.1:PORT,
# LOPHOC_ADMIN_USER and LOPHOC_ADMIN_PASSWORD, then stops the server with SIGTERM and
# requires a graceful exit (status 0). Exits with node's status (or 1 when the
# server failed to start or to stop cleanly).
# Needs /usr/bin/chromium and tests/e2e/node_modules/{playwright-core,axe-core}
# (scripts/install-deps --test installs both). Set LOPHOC_E2E_ARTIFACTS=DIR to
# keep screenshots, and LOPHOC_E2E_ONLY="lang quiz" to run only those files
# (tests/e2e/NAME.test.mjs) while working on them.
set -euo pipefail

fail() { echo "e2e: $*" >&2; exit 1; }

[[ $# -eq 1 ]] || { echo "usage: $0 PATH_TO_LOPHOC_BINARY" >&2; exit 2; }
binary=$1
[[ -x "$binary" && -f "$binary" ]] || fail "lophoc binary '$binary' not found or not executable"
binary=$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)

# Missing browser pieces are a failure, never a skip: scripts/test installs them.
command -v node >/dev/null || fail "node is not installed (run scripts/install-deps --test)"
[[ -x /usr/bin/chromium ]] ||
  fail "/usr/bin/chromium is missing: run scripts/install-deps --test (apt-get install chromium)"
[[ -f "$here/node_modules/playwright-core/package.json" ]] ||
  fail "tests/e2e/node_modules/playwright-core is missing: run scripts/install-deps --test (or: cd tests/e2e && npm ci)"
[[ -f "$here/node_modules/axe-core/axe.min.js" ]] ||
  fail "tests/e2e/node_modules/axe-core is missing: run scripts/install-deps --test (or: cd tests/e2e && npm ci)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/lophoc-e2e.XXXXXX")
server_pid=""
server_log="$tmp/server.log"

stop_server() {
  # Sends SIGTERM to the server we started (by PID) and waits up to 20 s.
  # Returns the server's exit status (124 when it had to be killed).
  [[ -n "$server_pid" ]] || return 0
  local pid=$server_pid status=0
  server_pid=""
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 200); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "e2e: server (pid $pid) did not stop within 20 s of SIGTERM; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    return 124
  fi
  wait "$pid" || status=$?
  return "$status"
}

cleanup() {
  local rc=$?
  stop_server || true
  rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

show_log() {
  echo "---- server log ($server_log) ----" >&2
  tail -n 50 "$server_log" >&2 || true
  echo "----" >&2
}

# An admin account for tests/e2e/people.test.mjs, made the documented way
# (the first-admin step of docs/people.md) before the server starts.
admin_user=e2e.admin
admin_password="Quản trị viên e2e: thư viện xanh"
echo "$admin_password" | "$binary" users add "$admin_user" --role admin --password-stdin \
  --db "$tmp/e2e.db" >"$tmp/users-add.out" 2>&1 ||
  { cat "$tmp/users-add.out" >&2; fail "could not create the e2e admin account"; }

# A trainer for tests/e2e/authoring.test.mjs, with a chosen password (no
# one-time password to change at the first sign-in), placed at the national
# root so that they author the bundled (national) courses.
printf 'code,name,level\nVN,Việt Nam,nation\n' >"$tmp/units.csv"
"$binary" import-users "$tmp/units.csv" --db "$tmp/e2e.db" >"$tmp/import-units.out" 2>&1 ||
  { cat "$tmp/import-units.out" >&2; fail "could not create the national org unit"; }
trainer_user=e2e.trainer
trainer_password="Giảng viên e2e: bài học mới"
echo "$trainer_password" | "$binary" users add "$trainer_user" --role trainer --password-stdin \
  --org VN --display-name "Cô giáo E2E" --db "$tmp/e2e.db" >"$tmp/users-add-trainer.out" 2>&1 ||
  { cat "$tmp/users-add-trainer.out" >&2; fail "could not create the e2e trainer account"; }

"$binary" serve --port 0 --bind 127.0.0.1 --db "$tmp/e2e.db" \
  --content "$repo/content" --static "$repo/static" --log-level warn \
  2>"$server_log" >"$tmp/server.out" &
server_pid=$!

# The server prints "lophoc serving on http://127.0.0.1:PORT/ ..." once it listens.
port=""
for _ in $(seq 1 300); do  # up to 30 s (first start imports every course)
  port=$(sed -n 's|^lophoc serving on http://127\.0\.0\.1:\([0-9][0-9]*\)/.*|\1|p' "$server_log" | head -n 1)
  [[ -n "$port" ]] && break
  if ! kill -0 "$server_pid" 2>/dev/null; then
    show_log
    fail "server exited before listening"
  fi
  sleep 0.1
done
[[ -n "$port" ]] || { show_log; fail "server did not report its port within 30 s"; }
url="http://127.0.0.1:$port"

# Wait for /healthz to answer 200 (node is needed anyway; curl may be absent).
healthy=0
for _ in $(seq 1 50); do
  if node -e '
    fetch(process.argv[1]).then(r => process.exit(r.status === 200 ? 0 : 1), () => process.exit(1));
  ' "$url/healthz"; then
    healthy=1
    break
  fi
  sleep 0.2
done
[[ $healthy -eq 1 ]] || { show_log; fail "$url/healthz did not answer 200"; }

if [[ -n "${LOPHOC_E2E_ARTIFACTS:-}" ]]; then
  mkdir -p "$LOPHOC_E2E_ARTIFACTS"
fi

echo "e2e: server pid $server_pid on $url (database $tmp/e2e.db)" >&2
cd "$repo"
shopt -s nullglob
tests=(tests/e2e/*.test.mjs)
if [[ -n "${LOPHOC_E2E_ONLY:-}" ]]; then
  tests=()
  for name in $LOPHOC_E2E_ONLY; do
    [[ -f "tests/e2e/$name.test.mjs" ]] || fail "LOPHOC_E2E_ONLY: no tests/e2e/$name.test.mjs"
    tests+=("tests/e2e/$name.test.mjs")
  done
fi
[[ ${#tests[@]} -gt 0 ]] || fail "no tests/e2e/*.test.mjs files"
node_status=0
LOPHOC_URL="$url" LOPHOC_ADMIN_USER="$admin_user" LOPHOC_ADMIN_PASSWORD="$admin_password" \
  LOPHOC_TRAINER_USER="$trainer_user" LOPHOC_TRAINER_PASSWORD="$trainer_password" \
  node --test "${tests[@]}" || node_status=$?

server_status=0
stop_server || server_status=$?
if [[ $server_status -ne 0 ]]; then
  show_log
  echo "e2e: server did not shut down gracefully on SIGTERM (exit status $server_status, expected 0)" >&2
  [[ $node_status -ne 0 ]] || node_status=1
else
  echo "e2e: server stopped cleanly (exit status 0)" >&2
fi
exit "$node_status"
