# Sourced by the tests/check_*.sh scripts that run the lophoc binary, after
# their `set -uo pipefail`:
#   . "$(dirname "$0")/check_common.sh" "$@"
# Gives $lophoc (the first argument, an absolute path), $here (this folder),
# $dir (a fresh folder removed at exit), $db (a database path in it) and
# fail MESSAGE (prints FAIL: MESSAGE and exits 1).
[[ $# -ge 1 ]] || { echo "usage: $0 PATH_TO_LOPHOC" >&2; exit 2; }
lophoc=$(realpath "$1")
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
db=$dir/t.db
fail() { echo "FAIL: $*"; exit 1; }
