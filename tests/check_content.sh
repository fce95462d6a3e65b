#!/usr/bin/env bash
# `lophoc check` over the bundled content must report no error and no warning.
set -euo pipefail
out=$("$1" check "$2" 2>&1) || { echo "$out"; echo "FAIL: lophoc check exited non-zero"; exit 1; }
echo "$out"
echo "$out" | tail -n 1 | grep -q ": 0 error(s), 0 warning(s)$" || { echo "FAIL: warnings reported"; exit 1; }
