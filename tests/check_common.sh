# Sourced by the tests/check_*.sh scripts that run the lophoc binary, after
# their `set -uo pipefail`:
#   . "$(dirname "$0")/check_common.sh" "$@"
# Gives $lophoc (the first argument, an absolute path), $here (this folder),
# $dir (a fresh folder removed at exit), $db (a database path in it) and
# fail MESSAGE (prints FAIL: MESSAGE and exits 1) and served_port (below).
[[ $# -ge 1 ]] || { echo "usage: $0 PATH_TO_LOPHOC" >&2; exit 2; }
lophoc=$(realpath "$1")
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
db=$dir/t.db
fail() { echo "FAIL: $*"; exit 1; }

# served_port LOG PID TRIES: prints the port a `lophoc serve --port 0` started
# as PID reports in LOG, looking every 0.05 s up to TRIES times; returns 1
# when PID exits first, 2 when no port came in time.
served_port() {
  local log=$1 pid=$2 tries=$3 port
  for _ in $(seq 1 "$tries"); do
    port=$(sed -n 's|^lophoc serving on http://127\.0\.0\.1:\([0-9][0-9]*\)/.*|\1|p' "$log" | head -n 1)
    [[ -n "$port" ]] && { echo "$port"; return 0; }
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.05
  done
  return 2
}
