#!/usr/bin/env bash
# `lophoc check` over broken packages must exit 1 and name file and line.
set -uo pipefail
out=$("$1" check "$2" 2>&1); rc=$?
echo "$out"
[[ $rc -eq 1 ]] || { echo "FAIL: expected exit status 1, got $rc"; exit 1; }
echo "$out" | grep -q "script/01-bai.md:7: raw HTML is not allowed" || { echo "FAIL: missing raw HTML error"; exit 1; }
echo "$out" | grep -q "bad-quiz/quiz.md:6: " || { echo "FAIL: missing quiz error"; exit 1; }
echo "$out" | grep -q "reserved-lesson/course.md:6: lesson_done must be button or end" || { echo "FAIL: missing lesson_done error"; exit 1; }
echo "$out" | grep -q "reserved-lesson/01-quiz.md:1: lesson slug 'quiz' is reserved" || { echo "FAIL: missing reserved slug error"; exit 1; }
