#!/usr/bin/env bash
# Builds the fuzzers (libFuzzer + ASan + UBSan, clang) and runs each in turn.
# Usage: tests/fuzz/run.sh [seconds] [multipart|zip|gift ...]   (default 60, all)
#   multipart  ParseMultipart (server/http/multipart.cpp)
#   zip        UnpackPackageZip (server/app/package_zip.cpp, over Debian's
#              libzip, which is not instrumented: coverage guides through our
#              code only)
#   gift       ParseGift and ParseAiken (assessments/), and that what they
#              import becomes a quiz.md our parser reads back
#   framer     RequestFramer (server/http/http_framing.cpp): every byte a
#              client sends, cut in pieces as TCP may cut it
# Output, corpus and any crash artifacts go to build/fuzz-NAME/ (or
# $FUZZ_OUT/fuzz-NAME/); the corpus is kept between runs. Not part of the
# CTest suite.
set -euo pipefail
seconds=${1:-60}
shift || true
targets=("$@")
[[ ${#targets[@]} -eq 0 ]] && targets=(multipart zip gift framer)
root=$(cd "$(dirname "$0")/../.." && pwd)
base=${FUZZ_OUT:-$root/build}
flags=(-std=c++17 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -I"$root")

fuzz_multipart() {
  local out=$base/fuzz-multipart
  mkdir -p "$out/corpus"
  # multipart.cpp needs IsValidUtf8 from text.cpp; status.cpp holds the rest of
  # Status, linked so that the harness may use it.
  clang++ "${flags[@]}" \
    "$root/tests/fuzz/multipart_fuzz.cpp" \
    "$root/server/http/multipart.cpp" \
    "$root/kernel/text.cpp" \
    "$root/kernel/status.cpp" \
    $(pkg-config --libs libutf8proc) \
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
}

fuzz_zip() {
  local out=$base/fuzz-zip
  mkdir -p "$out/corpus"
  clang++ "${flags[@]}" $(pkg-config --cflags libzip) \
    "$root/tests/fuzz/zip_fuzz.cpp" \
    "$root/server/app/package_zip.cpp" \
    "$root/kernel/text.cpp" \
    "$root/kernel/status.cpp" \
    $(pkg-config --libs libzip libutf8proc) \
    -o "$out/zip_fuzz"

  # Seeds: a small package at the top and in a folder, stored and deflated,
  # streamed (data descriptors), with a symbolic link and with '..'.
  if command -v python3 >/dev/null; then
    python3 - "$out/corpus" <<'PY'
import io, sys, zipfile
out = sys.argv[1]
def save(name, entries, method=zipfile.ZIP_DEFLATED, stream=False):
    buf = io.BytesIO()
    class Unseekable(io.RawIOBase):
        def writable(self): return True
        def write(self, b): return buf.write(b)
    with zipfile.ZipFile(Unseekable() if stream else buf, "w", method) as z:
        for entry in entries:
            z.writestr(*entry)
    open(f"{out}/seed-{name}", "wb").write(buf.getvalue())
course = "---\nslug: thu\ntitle: Thử\nsummary: Một khoá.\naudience: all\n---\n\nGiới thiệu.\n"
lesson = "---\ntitle: Bài một\n---\n\n## Mục\n\n![Hình](images/a.svg)\n"
files = [("course.md", course), ("01-mot.md", lesson), ("images/a.svg", "<svg/>")]
save("top", files)
save("folder-stored", [("khoa/", "")] + [("khoa/" + n, d) for n, d in files], zipfile.ZIP_STORED)
save("stream", [("khoa/" + n, d) for n, d in files] + [("__MACOSX/khoa/._course.md", "x")], stream=True)
link = zipfile.ZipInfo("link.md"); link.external_attr = 0o120777 << 16; link.create_system = 3
save("link", files + [(link, "/etc/passwd")])
save("dotdot", [("../x.md", "x"), ("a//b.md", "y")])
PY
  fi
  cat > "$out/zip.dict" <<'DICT'
"PK\x03\x04"
"PK\x01\x02"
"PK\x05\x06"
"PK\x07\x08"
"PK\x06\x06"
"PK\x06\x07"
"../"
"/"
"\x5c"
"C:"
"__MACOSX/"
".DS_Store"
"course.md"
"\xff\xff\xff\xff"
"\x00\x00\x00\x00"
DICT

  "$out/zip_fuzz" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -max_len=16384 \
    -dict="$out/zip.dict" -artifact_prefix="$out/" "$out/corpus"
}

fuzz_gift() {
  local out=$base/fuzz-gift
  mkdir -p "$out/corpus"
  local sources=()
  for f in gift_parser gift_answers gift_text aiken_parser quiz_import quiz_parser question_parser question_heading \
           quiz quiz_numbers quiz_writer grader; do
    sources+=("$root/assessments/$f.cpp")
  done
  for f in text status diagnostics front_matter markdown; do sources+=("$root/courses/$f.cpp"); done
  clang++ "${flags[@]}" $(pkg-config --cflags libcmark) "$root/tests/fuzz/gift_fuzz.cpp" \
    "${sources[@]}" $(pkg-config --libs libcmark libutf8proc) -o "$out/gift_fuzz"
  # Seeds: the fixtures of the importer tests.
  cp "$root"/tests/fixtures/gift/* "$out/corpus/" 2>/dev/null || true
  "$out/gift_fuzz" -max_total_time="$seconds" -timeout=5 -max_len=4096 \
    -artifact_prefix="$out/" "$out/corpus"
}

fuzz_framer() {
  local out=$base/fuzz-framer
  mkdir -p "$out/corpus"
  clang++ "${flags[@]}" "$root/tests/fuzz/framer_fuzz.cpp" "$root/server/http/http_framing.cpp" \
    -o "$out/framer_fuzz"
  # Seeds: the shapes of tests/server/http_edge_test.cpp (two cut bytes first).
  printf '\x05\x03GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n' > "$out/corpus/seed-pipelined"
  printf '\x10\x02POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello' > "$out/corpus/seed-length"
  printf '\x07\x01POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3;x=1\r\nabc\r\n0\r\nT: 1\r\n\r\n' > "$out/corpus/seed-chunked"
  printf '\x01\x01GET / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nab' > "$out/corpus/seed-http10"
  "$out/framer_fuzz" -max_total_time="$seconds" -timeout=5 -max_len=2048 \
    -artifact_prefix="$out/" "$out/corpus"
}

for t in "${targets[@]}"; do
  case $t in
    multipart) fuzz_multipart ;;
    zip) fuzz_zip ;;
    gift) fuzz_gift ;;
    framer) fuzz_framer ;;
    *) echo "unknown fuzzer: $t (multipart, zip, gift or framer)" >&2; exit 2 ;;
  esac
done
