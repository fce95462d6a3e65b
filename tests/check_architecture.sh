#!/usr/bin/env bash
# Fails when an include breaks the dependency direction of docs/architecture.md:
# cli -> {http, storage}; http -> app -> {assessments, courses, people, kernel};
# storage -> {assessments, courses, people, kernel}; assessments -> courses ->
# {people, training} -> kernel -> nothing of ours. One wrapper per library.
# (CMake enforces the same walls at build time: see lophoc_room in CMakeLists.txt.)
set -uo pipefail
cd "$1"
fail=0
check() {  # description, grep pattern, paths...
  local what=$1 pattern=$2; shift 2
  local hits
  hits=$(grep -rnE "$pattern" "$@" 2>/dev/null)
  if [[ -n "$hits" ]]; then echo "FAIL: $what"; echo "$hits"; fail=1; fi
}
check "kernel/ includes another module" '#include "(server|assessments|courses|people|training|tests)/' kernel
check "people/ includes more than the kernel" '#include "(server|assessments|courses|training|tests)/' people
check "training/ includes more than the kernel" '#include "(server|assessments|courses|people|tests)/' training
check "courses/ includes assessments or server" '#include "(server|assessments|tests)/' courses
check "assessments/ includes server code" '#include "(server|tests)/' assessments
check "server/app includes HTTP, storage or CLI" '#include "server/(http|storage|cli)/' server/app
check "server/storage includes HTTP, app or CLI" '#include "server/(http|app|cli)/' server/storage
check "server/http includes storage or CLI" '#include "server/(storage|cli)/' server/http
check "server/cli is included by a library" '#include "server/cli/' kernel people training courses assessments server/app server/storage server/http
check "sqlite3.h outside server/storage" '#include <sqlite3\.h>' kernel people training courses assessments server/app server/http server/cli
check "pistache outside the adapter" '#include <pistache/' $(ls kernel/* people/* training/* courses/* assessments/* server/app/* server/storage/* server/cli/* server/http/* | grep -v pistache_adapter.cpp)
check "mustache outside views.cpp" '#include <kainjow/' $(ls kernel/* people/* training/* courses/* assessments/* server/app/* server/storage/* server/cli/* server/http/* | grep -v views.cpp)
check "cmark outside markdown.cpp" '#include <cmark' $(ls kernel/* people/* training/* courses/* assessments/* server/*/* | grep -v courses/markdown.cpp)
check "sodium outside crypto.cpp" '#include <sodium' $(ls kernel/* people/* training/* courses/* assessments/* server/*/* | grep -v server/app/crypto.cpp)
check "libzip outside package_zip.cpp" '#include <zip(conf)?\.h>' $(ls kernel/* people/* training/* courses/* assessments/* server/*/* | grep -v server/app/package_zip.cpp)
check "date library outside calendar.cpp" '#include <date/' $(ls kernel/* people/* training/* courses/* assessments/* server/*/* | grep -v kernel/calendar.cpp)
[[ $fail -eq 0 ]] && echo "dependency direction OK"
exit $fail
