#!/usr/bin/env bash
# Builds the multipart/form-data fuzzer (libFuzzer + ASan + UBSan, clang) and
# runs it. Usage: tests/fuzz/run.sh [seconds]   (default 60)
# Output, corpus and any crash artifacts go to build/fuzz-multipart/ (or
# $FUZZ_OUT); the corpus is kept between runs. Not part of the CTest suite.
set -euo pipefail
seconds=${1:-60}
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${FUZZ_OUT:-$root/build/fuzz-multipart}
mkdir -p "$out/corpus"

# multipart.cpp needs IsValidUtf8 from text.cpp; status.cpp holds the rest of
# Status, linked so that the harness may use it.
clang++ -std=c++17 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
  -I"$root" \
  "$root/tests/fuzz/multipart_fuzz.cpp" \
  "$root/server/http/multipart.cpp" \
  "$root/courses/text.cpp" \
  "$root/courses/status.cpp" \
  -o "$out/multipart_fuzz"

# Seeds: the shapes browsers send, so the fuzzer starts past the delimiter.
printf -- '--XyZ\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--XyZ--\r\n' \
  > "$out/corpus/seed-field"
printf -- 'pre\r\n--XyZ \r\ncontent-disposition: form-data; name="f"; filename="../a\\\\b.csv"\r\nContent-Type: text/csv\r\n\r\nx\0y\r\n--XyZX\r\n--XyZ\r\nContent-Disposition: form-data; name=b\r\n\r\n\r\n--XyZ--epi' \
  > "$out/corpus/seed-file"
cat > "$out/multipart.dict" <<'DICT'
"--XyZ"
"\x0d\x0a--XyZ"
"\x0d\x0a--XyZ--"
"\x0d\x0a"
"\x0d\x0a\x0d\x0a"
"Content-Disposition: "
"Content-Type: "
"form-data"
"; name="
"; filename="
"filename*="
"\x22"
"\x5c\x22"
"../"
"..\x5c"
"\xc3\xa1"
"\xc2\x85"
DICT

"$out/multipart_fuzz" -max_total_time="$seconds" -timeout=5 -max_len=8192 \
  -dict="$out/multipart.dict" -artifact_prefix="$out/" "$out/corpus"
