#!/usr/bin/env bash
# `lophoc export SLUG FILE.zip` and `lophoc import FILE.zip`: a fixture course
# goes out as a zip, into a fresh database and out again with the same bytes;
# an existing zip is not overwritten; a damaged or unsafe zip is refused with
# exit status 1 and nothing is written outside the temporary folder.
set -uo pipefail
. "$(dirname "$0")/check_common.sh" "$@"
fixtures=$here/fixtures/content-good

"$lophoc" import "$fixtures" --db "$dir/a.db" 2>/dev/null || fail "importing the fixtures"
"$lophoc" export tin-hoc-co-ban "$dir/course.zip" --db "$dir/a.db" 2>/dev/null || fail "export to a zip"
[[ -s $dir/course.zip ]] || fail "no zip written"
cp "$dir/course.zip" "$dir/copy.zip"
"$lophoc" export tin-hoc-co-ban "$dir/course.zip" --db "$dir/a.db" 2>"$dir/err" && fail "an existing zip was overwritten"
grep -q "not overwritten" "$dir/err" || fail "no clear message for an existing zip"
cmp -s "$dir/course.zip" "$dir/copy.zip" || fail "the existing zip changed"
"$lophoc" export nope "$dir/nope.zip" --db "$dir/a.db" 2>/dev/null && fail "export of an unknown course"
[[ -e $dir/nope.zip ]] && fail "a zip written for an unknown course"

"$lophoc" import "$dir/course.zip" --db "$dir/b.db" 2>"$dir/err" || { cat "$dir/err"; fail "import of the zip"; }
grep -q "created tin-hoc-co-ban (revision 1)" "$dir/err" || fail "the zip did not create the course"
"$lophoc" import "$dir/course.zip" --db "$dir/b.db" 2>"$dir/err" || fail "second import of the zip"
grep -q "unchanged tin-hoc-co-ban" "$dir/err" || fail "a second import of the same zip is not unchanged"
"$lophoc" export tin-hoc-co-ban "$dir/again.zip" --db "$dir/b.db" 2>/dev/null || fail "export after import"
cmp -s "$dir/course.zip" "$dir/again.zip" || fail "export, import, export does not give the same bytes"

printf 'PK\003\004 not really a zip' > "$dir/junk.zip"
"$lophoc" import "$dir/junk.zip" --db "$dir/b.db" 2>"$dir/err"
[[ $? -eq 1 ]] || fail "a damaged zip not refused with exit status 1"
grep -q "not a zip file" "$dir/err" || fail "no clear message for a damaged zip"
# The same zip with every name going up five folders (same length, so the
# offsets still hold).
mkdir -p "$dir/deep/a/b/c/d"
perl -0777 -pe 's#tin-hoc-co-ban/#../../../../../#g' "$dir/course.zip" > "$dir/deep/a/b/c/d/evil.zip"
(cd "$dir/deep/a/b/c/d" && "$lophoc" import evil.zip --db "$dir/b.db" 2>"$dir/err")
[[ $? -eq 1 ]] || fail "a zip with ../ names not refused with exit status 1"
grep -q "entry '../../../../../01-man-hinh.md': a name may not go up a folder" "$dir/err" || { cat "$dir/err"; fail "no clear message for ../"; }
[[ -z $(find "$dir" -name course.md) ]] || fail "a file of the unsafe zip was written"
"$lophoc" import --help | grep -q "FILE.zip" || fail "import --help does not mention zips"
"$lophoc" export --help | grep -q "FILE.zip" || fail "export --help does not mention zips"
echo "zip packages OK"
