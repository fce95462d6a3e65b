#!/usr/bin/env bash
# Fails when an include breaks the dependency direction of ARCHITECTURE.md:
# http -> app -> {assessments, courses}; storage -> {assessments, courses};
# assessments -> courses; courses -> nothing of ours. One wrapper per library.
set -uo pipefail
cd "$1"
fail=0
check() {  # description, grep pattern, paths...
  local what=$1 pattern=$2; shift 2
  local hits
  hits=$(grep -rnE "$pattern" "$@" 2>/dev/null)
  if [[ -n "$hits" ]]; then echo "FAIL: $what"; echo "$hits"; fail=1; fi
}
check "courses/ includes another module" '#include "(server|assessments)/' courses
check "assessments/ includes server code" '#include "server/' assessments
check "server/app includes HTTP or storage" '#include "server/(http|storage|cli)/' server/app
check "server/storage includes HTTP or app" '#include "server/(http|app|cli)/' server/storage
check "sqlite3.h outside server/storage" '#include <sqlite3\.h>' courses assessments server/app server/http server/cli
check "pistache outside the adapter" '#include <pistache/' $(ls courses/* assessments/* server/app/* server/storage/* server/cli/* server/http/* | grep -v pistache_adapter.cpp)
check "mustache outside views.cpp" '#include <kainjow/' $(ls courses/* assessments/* server/app/* server/storage/* server/cli/* server/http/* | grep -v views.cpp)
check "cmark outside markdown.cpp" '#include <cmark' $(ls courses/* assessments/* server/*/* | grep -v courses/markdown.cpp)
check "sodium outside crypto.cpp" '#include <sodium' $(ls courses/* assessments/* server/*/* | grep -v server/app/crypto.cpp)
check "libzip outside package_zip.cpp" '#include <zip(conf)?\.h>' $(ls courses/* assessments/* server/*/* | grep -v server/app/package_zip.cpp)
[[ $fail -eq 0 ]] && echo "dependency direction OK"
exit $fail
