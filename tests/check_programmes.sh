#!/usr/bin/env bash
# `lophoc import` stores the programmes beside the courses; `lophoc programmes
# export` writes them back as files and `lophoc programmes import` reads them
# again: unchanged files add nothing, a changed file adds a revision, a file
# naming an unknown course is refused with its reason at its file.
set -uo pipefail
. "$(dirname "$0")/check_common.sh" "$@"

"$lophoc" import "$here/fixtures/content-good" --db "$db" 2>"$dir/err" ||
  fail "content-good refused: $(cat "$dir/err")"
grep -qF "created programme co-ban (revision 1)" "$dir/err" || fail "import: $(cat "$dir/err")"

"$lophoc" programmes export "$dir/out" --db "$db" 2>"$dir/err" || fail "export: $(cat "$dir/err")"
[[ -f "$dir/out/co-ban.md" ]] || fail "export wrote no co-ban.md"
grep -qx "initial_courses: \[tin-hoc-co-ban, dang-ky-tai-khoan\]" "$dir/out/co-ban.md" ||
  fail "export is not in the new form: $(cat "$dir/out/co-ban.md")"

"$lophoc" programmes import "$dir/out" --db "$db" 2>"$dir/err" || fail "re-import: $(cat "$dir/err")"
grep -qF "unchanged programme co-ban (revision 1)" "$dir/err" || fail "re-import: $(cat "$dir/err")"

sed -i 's/^validity_months: 24$/validity_months: 12/' "$dir/out/co-ban.md"
"$lophoc" programmes import "$dir/out" --db "$db" 2>"$dir/err" || fail "changed: $(cat "$dir/err")"
grep -qF "updated programme co-ban (revision 2)" "$dir/err" || fail "changed: $(cat "$dir/err")"

sed -i 's/^initial_courses: .*/initial_courses: [khong-co]/' "$dir/out/co-ban.md"
"$lophoc" programmes import "$dir/out" --db "$db" 2>"$dir/err"
[[ $? == 1 ]] || fail "unknown course: exit code is not 1"
grep -qF "$dir/out/co-ban.md:1: programme names course 'khong-co', which is not in the database" \
  "$dir/err" || fail "unknown course: $(cat "$dir/err")"

"$lophoc" programmes frobnicate --db "$db" 2>/dev/null
[[ $? == 2 ]] || fail "an unknown action is not a usage error"
echo "programmes import and export OK"
