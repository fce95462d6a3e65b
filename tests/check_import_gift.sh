#!/usr/bin/env bash
# `lophoc import-gift` on a fresh database holding tests/fixtures/content-good:
# a GIFT file replaces the course's quiz (a new revision that `lophoc check`
# accepts after export), --append adds questions and renames clashing ids,
# Aiken files need --format aiken; a dry run, a file with errors (each
# reported as FILE:LINE: message), invalid UTF-8 and an unknown course store
# nothing.
set -uo pipefail
. "$(dirname "$0")/check_common.sh" "$@"
fixtures=$here/fixtures/gift
course=tin-hoc-co-ban
have_sqlite=0
command -v sqlite3 >/dev/null && have_sqlite=1
revisions() {  # -> number of revisions of $course
  sqlite3 "$db" "SELECT count(*) FROM course_revisions r JOIN courses c ON c.id = r.course_id
                 WHERE c.slug = '$course'"
}
quiz() {  # -> quiz.md of the current revision of $course
  sqlite3 "$db" "SELECT r.quiz_source FROM courses c JOIN course_revisions r
                 ON r.id = c.current_revision_id WHERE c.slug = '$course'"
}
import_gift() {  # args... -> exit code; stderr in $dir/err
  "$lophoc" import-gift "$@" --db "$db" 2>"$dir/err" >"$dir/out"
}

"$lophoc" import "$here/fixtures/content-good" --db "$db" 2>"$dir/err" ||
  fail "content-good refused: $(cat "$dir/err")"

# A file with errors: each one at its line, and nothing stored.
before=$([[ $have_sqlite == 1 ]] && revisions)
import_gift "$fixtures/bad.gift" --course $course
[[ $? == 1 ]] || fail "bad.gift: exit code is not 1"
for expected in "4: a question without an answer block" \
  "6: '{' is not closed" "10: no right answer" \
  "12: in a numeric question '~' starts the feedback" "16: weight must be from -100% to 100%"; do
  grep -qF "$fixtures/bad.gift:$expected" "$dir/err" || fail "no 'bad.gift:$expected': $(cat "$dir/err")"
done
grep -q "5 error(s) in .*bad.gift: nothing imported" "$dir/err" || fail "no summary: $(cat "$dir/err")"
import_gift "$fixtures/bad-aiken.txt" --format aiken --course $course
[[ $? == 1 ]] || fail "bad-aiken.txt: exit code is not 1"
grep -qF "bad-aiken.txt:4: 'ANSWER: D' names no option" "$dir/err" || fail "aiken ANSWER line: $(cat "$dir/err")"
grep -qF "bad-aiken.txt:6: question has no 'ANSWER: X' line" "$dir/err" || fail "aiken missing ANSWER: $(cat "$dir/err")"
import_gift "$fixtures/latin1.gift" --course $course && fail "invalid UTF-8 accepted"
grep -qF "latin1.gift:1: " "$dir/err" || fail "no line for invalid UTF-8: $(cat "$dir/err")"
import_gift "$fixtures/good.gift" --course no-such-course
[[ $? == 1 ]] || fail "an unknown course is not an error"
grep -q "no-such-course" "$dir/err" || fail "unknown course not named: $(cat "$dir/err")"
import_gift "$fixtures/good.gift" --course $course --dry-run || fail "dry run failed: $(cat "$dir/err")"
grep -q "dry run: 7 question(s)" "$dir/err" || fail "no dry-run summary: $(cat "$dir/err")"
if [[ $have_sqlite == 1 ]]; then
  [[ $(revisions) == "$before" ]] || fail "a refused file or a dry run added a revision"
fi

# Usage errors: exit code 2.
import_gift "$fixtures/good.gift"
[[ $? == 2 ]] || fail "missing --course is not a usage error"
import_gift "$fixtures/good-aiken.txt" --course $course --format moodle-xml
[[ $? == 2 ]] || fail "an unknown --format is not a usage error"
cp "$fixtures/good.gift" "$dir/bank.questions"
import_gift "$dir/bank.questions" --course $course
[[ $? == 2 ]] || fail "an unknown extension without --format is not a usage error"
grep -q -- "--format gift" "$dir/err" || fail "no hint to pass --format: $(cat "$dir/err")"

# The good file: one new revision whose quiz holds its 7 questions.
import_gift "$fixtures/good.gift" --course $course || fail "good.gift refused: $(cat "$dir/err")"
grep -q "imported 7 question(s) into $course: revision 2" "$dir/err" || fail "no summary: $(cat "$dir/err")"
if [[ $have_sqlite == 1 ]]; then
  [[ $(revisions) == 2 ]] || fail "good.gift did not add exactly one revision"
  [[ $(sqlite3 "$db" "SELECT source FROM course_revisions ORDER BY id DESC LIMIT 1") == import-gift ]] ||
    fail "revision source is not import-gift"
  quiz >"$dir/quiz.md"
  for heading in "## cau-1-thu-muc [single]" "## chuot [true-false]" "## thiet-bi-nhap [multiple]" \
    "## ten-tieng-viet [short]" "## byte [numeric]" "## ghep [matching]" "## q7 [single]"; do
    grep -qxF "$heading" "$dir/quiz.md" || fail "stored quiz lacks '$heading'"
  done
  grep -qxF "Thư mục _____ các tệp." "$dir/quiz.md" || fail "missing word not kept with a blank"
  grep -qxF -- "- [ ] (-100%) Màn hình" "$dir/quiz.md" || fail "negative weight not kept"
fi
# The same file again changes nothing.
import_gift "$fixtures/good.gift" --course $course || fail "re-import refused"
grep -q "quiz unchanged, still revision 2" "$dir/err" || fail "re-import not unchanged: $(cat "$dir/err")"

# --append keeps the questions and renames a clashing id.
import_gift "$fixtures/more.gift" --course $course --append || fail "append refused: $(cat "$dir/err")"
grep -q "imported 2 question(s) into $course: revision 3" "$dir/err" || fail "no append summary: $(cat "$dir/err")"
if [[ $have_sqlite == 1 ]]; then
  quiz >"$dir/quiz.md"
  [[ $(grep -c "^## " "$dir/quiz.md") == 9 ]] || fail "append did not keep 7 + 2 questions"
  grep -qxF "## chuot-2 [true-false]" "$dir/quiz.md" || fail "clashing id not renamed"
fi

# Aiken replaces the questions; the quiz title set by the first import stays.
import_gift "$fixtures/good-aiken.txt" --format aiken --course $course ||
  fail "good-aiken.txt refused: $(cat "$dir/err")"
grep -q "imported 2 question(s)" "$dir/err" || fail "no aiken summary: $(cat "$dir/err")"
if [[ $have_sqlite == 1 ]]; then
  quiz >"$dir/quiz.md"
  [[ $(grep -c "^## " "$dir/quiz.md") == 2 ]] || fail "aiken did not replace the questions"
  grep -q "^title: .*Kiểm tra: Tin học cơ bản" "$dir/quiz.md" || fail "quiz title not kept"
fi

# What was stored passes `lophoc check` once exported.
"$lophoc" export $course "$dir/export" --db "$db" 2>/dev/null || fail "export failed"
"$lophoc" check "$dir/export" >/dev/null 2>"$dir/err" || fail "exported course fails check: $(cat "$dir/err")"
"$lophoc" import-gift --help | grep -q -- "--append" || fail "import-gift --help lacks --append"
"$lophoc" --help | grep -q "import-gift" || fail "lophoc --help lists no import-gift"
echo "import-gift OK"
