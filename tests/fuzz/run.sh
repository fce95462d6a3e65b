#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan, CMake option LOPHOC_FUZZ
# in build/fuzz) and runs each for the given time. Not part of the CTest suite.
#
# Usage: tests/fuzz/run.sh [seconds] [target...]      (default 60, all targets)
#   csv        ParseCsv (kernel/csv.h): read, written back, read the same
#   quiz       ParseQuiz (assessments/): ParseQuiz(WriteQuiz(q)) == q
#   gift       ParseGift: questions or line-numbered errors; imports parse back
#   aiken      ParseAiken: the same
#   package    LoadCoursePackage and front matter (courses/, kernel/): a package
#              written to a folder from one text ("@@ NAME" starts a file)
#   zip        UnpackPackageZip (server/app/package_zip.cpp, over Debian's
#              libzip, which is not instrumented)
#   multipart  ParseMultipart (server/http/multipart.cpp)
#   framer     RequestFramer (server/http/http_framing.cpp), bytes cut as TCP may
#   http       bytes of a connection -> framer -> request -> router and the real
#              handlers of a whole site over SQLite :memory: -> response
# Environment:
#   FUZZ_JOBS=N   run up to N fuzzers at once (default 1), each under nice -n 10
#   FUZZ_OUT=DIR  where output goes (default build/): DIR/fuzz-NAME/ holds the
#                 run corpus (kept between runs), run.log and crash artifacts
#   FUZZ_BUILD=DIR the CMake build folder (default build/fuzz)
#   FUZZ_NO_BUILD=1 run the targets as built (e.g. while ninja builds another
#                 target in the same folder)
# Seeds come from tests/fuzz/corpus/NAME/ (read only), dictionaries from
# tests/fuzz/dict/NAME.dict. Prints one line per target: seconds, executions,
# executions per second, coverage (cov, ft), corpus size; exits 1 when a
# fuzzer found something (the artifact is named in its run.log).
set -euo pipefail
seconds=${1:-60}
shift || true
all=(csv quiz gift aiken package zip multipart framer http)
targets=("$@")
[[ ${#targets[@]} -eq 0 ]] && targets=("${all[@]}")
root=$(cd "$(dirname "$0")/../.." && pwd)
base=${FUZZ_OUT:-$root/build}
build=${FUZZ_BUILD:-$root/build/fuzz}
jobs=${FUZZ_JOBS:-1}

for t in "${targets[@]}"; do
  [[ " ${all[*]} " == *" $t "* ]] || { echo "unknown fuzzer: $t (${all[*]})" >&2; exit 2; }
done

if [[ -z ${FUZZ_NO_BUILD:-} ]]; then
  if [[ ! -f $build/build.ninja ]]; then
    launcher=()
    command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
    CC=clang CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DLOPHOC_FUZZ=ON \
      -DLOPHOC_BUILD_TESTS=OFF "${launcher[@]}" >/dev/null
  fi
  ninja -C "$build" "${targets[@]/%/_fuzz}" >/dev/null
fi

# libFuzzer options per target: the largest input, the memory it may take and
# how long one input may run (http rebuilds its site when a fuzzed request
# has locked its accounts out: seconds on a loaded machine).
options() {
  case $1 in
    zip) echo "-max_len=16384 -rss_limit_mb=2048 -timeout=10" ;;
    http) echo "-max_len=16384 -rss_limit_mb=4096 -timeout=60" ;;
    package) echo "-max_len=16384 -timeout=10" ;;
    framer) echo "-max_len=2048 -timeout=10" ;;
    multipart) echo "-max_len=8192 -timeout=10" ;;
    *) echo "-max_len=4096 -timeout=10" ;;
  esac
}

run() {
  local t=$1 out=$base/fuzz-$1
  mkdir -p "$out/corpus"
  local args=(-max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$out/")
  [[ -f $root/tests/fuzz/dict/$t.dict ]] && args+=(-dict="$root/tests/fuzz/dict/$t.dict")
  # shellcheck disable=SC2046
  (cd "$out" && nice -n 10 "$build/tests/fuzz/${t}_fuzz" $(options "$t") "${args[@]}" \
    "$out/corpus" "$root/tests/fuzz/corpus/$t") >"$out/run.log" 2>&1
}

summary() {
  local t=$1 log=$base/fuzz-$1/run.log status=$2
  local runs secs rate last
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  secs=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -1)
  last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -1 |
         sed -E 's/.*cov: ([0-9]+) ft: ([0-9]+) corp: ([0-9]+)\/([0-9A-Za-z]+).*/cov \1 ft \2 corpus \3 (\4)/')
  printf '%-10s %s  %ss  %s execs  %s exec/s  %s  (%s files in %s)\n' "$t" \
    "$([[ $status -eq 0 ]] && echo ok || echo FINDING)" "${secs:-?}" "${runs:-?}" "${rate:-?}" \
    "${last:-?}" "$(find "$base/fuzz-$t/corpus" -type f | wc -l)" "$base/fuzz-$t/corpus"
}

declare -A pids=()
failed=0
finish_one() {  # waits for one fuzzer to end and prints its line
  local pid t status=0
  wait -n -p pid "${!pids[@]}" || status=$?
  t=${pids[$pid]}
  unset "pids[$pid]"
  summary "$t" "$status"
  [[ $status -eq 0 ]] || failed=1
}
for t in "${targets[@]}"; do
  while (( ${#pids[@]} >= jobs )); do finish_one; done
  run "$t" &
  pids[$!]=$t
done
while (( ${#pids[@]} > 0 )); do finish_one; done
exit "$failed"
