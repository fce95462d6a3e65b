#!/usr/bin/env bash
# `lophoc --version` and `lophoc version` print "lophoc VERSION (commit C)";
# scripts/build_info.cmake names the commit "unknown" outside a git checkout
# (a source tarball still builds) and takes the one it is given.
# Usage: check_version.sh PATH_TO_LOPHOC SOURCE_DIR
set -uo pipefail
. "$(dirname "$0")/check_common.sh" "$@"
src=$2

line=$("$lophoc" --version) || fail "lophoc --version exited $?"
[[ $line =~ ^lophoc\ [0-9]+\.[0-9]+\.[0-9]+\ \(commit\ ([0-9a-f]+|unknown)\)$ ]] ||
  fail "lophoc --version printed '$line'"
[[ $("$lophoc" version) == "$line" ]] || fail "lophoc version differs from --version"
version=$(sed -n 's/^project(lophoc VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")
[[ $line == "lophoc $version "* ]] || fail "'$line' does not carry the project version $version"

mkdir "$dir/no-checkout"
cmake -DSOURCE_DIR="$dir/no-checkout" -DOUTPUT="$dir/a.cpp" -DVERSION=0.1.0 -DCOMMIT= \
      -P "$src/scripts/build_info.cmake" || fail "build_info.cmake failed outside a checkout"
grep -q 'kCommit = "unknown"' "$dir/a.cpp" || fail "outside a checkout: $(cat "$dir/a.cpp")"
cmake -DSOURCE_DIR="$dir/no-checkout" -DOUTPUT="$dir/b.cpp" -DVERSION=0.1.0 -DCOMMIT=deb1234 \
      -P "$src/scripts/build_info.cmake" || fail "build_info.cmake failed with COMMIT"
grep -q 'kCommit = "deb1234"' "$dir/b.cpp" || fail "COMMIT not used: $(cat "$dir/b.cpp")"
cmake -DSOURCE_DIR="$dir/no-checkout" -DOUTPUT="$dir/c.cpp" -DVERSION=0.1.0 '-DCOMMIT=x"y' \
      -P "$src/scripts/build_info.cmake" 2>/dev/null && fail "a commit with a quote was accepted"
echo "version OK"
