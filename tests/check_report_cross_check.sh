#!/usr/bin/env bash
# The training report's cross-check on the demo dataset (issue 13, "Tests"):
# `lophoc demo-data --scale 0.05` (about 1,250 staff, individual assignments,
# the 2025 merger), then lophoc_report_cross_check compares the engine's
# national figures with the independent SQL count for every programme on
# days before and after 01/07/2025.
#   check_report_cross_check.sh LOPHOC CROSS_CHECK
set -uo pipefail
. "$(dirname "$0")/check_common.sh" "$@"
[[ $# -ge 2 ]] || fail "usage: $0 PATH_TO_LOPHOC PATH_TO_lophoc_report_cross_check"
check=$(realpath "$2")

"$lophoc" demo-data --db "$db" --scale 0.05 --seed 3 --today 2026-12-01 \
  --content "$here/../content" 2>"$dir/err" || fail "demo-data: $(cat "$dir/err")"
"$check" "$db" 2023-12-31 2024-12-31 2025-06-30 2025-07-01 2025-12-31 2026-12-01 >"$dir/out" 2>&1
rc=$?
cat "$dir/out"
[[ $rc -eq 0 ]] || fail "the engine and the independent count differ (exit $rc)"
grep -q "individually assigned" "$dir/out" || fail "no figures printed"
exit 0
