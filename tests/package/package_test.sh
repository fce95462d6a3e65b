#!/usr/bin/env bash
# The Debian package, built from an existing build tree and checked without
# installing it on this machine: its metadata and file list (dpkg-deb), its
# maintainer scripts' syntax, and the installed binary started from a scratch
# root with the installed configuration and content, answering 200 on
# /healthz. Prints the package size and the time from start to first 200.
#   tests/package/package_test.sh SOURCE_DIR BUILD_DIR VERSION
# Fails when dpkg-deb, dpkg-shlibdeps or curl is missing (scripts/install-deps --test installs them).
set -uo pipefail
[[ $# -eq 3 ]] || { echo "usage: $0 SOURCE_DIR BUILD_DIR VERSION" >&2; exit 2; }
src=$(realpath "$1")
build=$(realpath "$2")
version=$3
fail() { echo "FAIL: $*"; exit 1; }
for tool in dpkg-deb dpkg-shlibdeps curl; do
  command -v "$tool" >/dev/null ||
    fail "$tool is missing (scripts/install-deps --test installs it)"
done

dir=$(mktemp -d)
pid=""
cleanup() {
  [[ -n "$pid" ]] && kill "$pid" 2>/dev/null
  rm -rf "$dir"
}
trap cleanup EXIT

"$src/scripts/package" --build-dir "$build" --out "$dir" >"$dir/package.out" 2>&1 ||
  { cat "$dir/package.out"; fail "scripts/package failed"; }
arch=$(dpkg --print-architecture)
deb="$dir/lophoc_${version}_${arch}.deb"
[[ -f "$deb" ]] || { cat "$dir/package.out"; fail "no $deb"; }
grep -qx "$deb" "$dir/package.out" || fail "scripts/package did not print the package path"

# Metadata.
[[ $(dpkg-deb -f "$deb" Package) == lophoc ]] || fail "Package is not lophoc"
[[ $(dpkg-deb -f "$deb" Version) == "$version" ]] || fail "Version is not $version"
[[ $(dpkg-deb -f "$deb" Architecture) == "$arch" ]] || fail "Architecture is not $arch"
[[ $(dpkg-deb -f "$deb" Installed-Size) =~ ^[0-9]+$ ]] || fail "no Installed-Size"
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libpistache libsqlite3 libcmark libsodium libzip libutf8proc libcurl libc6 adduser; do
  [[ "$depends" == *"$lib"* ]] || fail "Depends does not name $lib: $depends"
done

# Files.
dpkg-deb -c "$deb" >"$dir/listing" || fail "dpkg-deb -c"
awk '{print $NF}' "$dir/listing" >"$dir/files"
for f in ./usr/bin/lophoc ./lib/systemd/system/lophoc.service ./etc/lophoc/lophoc.conf \
         ./usr/share/lophoc/static/templates/layout.mustache ./usr/share/lophoc/static/i18n/ \
         ./usr/share/lophoc/static/css/ ./usr/share/lophoc/content/programmes/ \
         ./usr/share/lophoc/content/may-tinh-lan-dau/course.md \
         ./usr/share/doc/lophoc/README.md ./usr/share/doc/lophoc/operations.md \
         ./usr/share/doc/lophoc/copyright ./usr/share/doc/lophoc/examples/nginx-lophoc.conf; do
  grep -qxF "$f" "$dir/files" || fail "the package has no $f"
done
grep -q '^-rwxr-xr-x root/root .* ./usr/bin/lophoc$' "$dir/listing" ||
  fail "/usr/bin/lophoc is not 0755 root:root"

# Control files and maintainer scripts.
dpkg-deb -e "$deb" "$dir/control"
grep -qx /etc/lophoc/lophoc.conf "$dir/control/conffiles" || fail "lophoc.conf is not a conffile"
for script in postinst prerm postrm; do
  [[ -x "$dir/control/$script" ]] || fail "no executable $script"
  sh -n "$dir/control/$script" || fail "$script: syntax error"
done

root="$dir/root"
dpkg-deb -x "$deb" "$root"
kind=$(file "$root/usr/bin/lophoc" 2>/dev/null)
[[ "$kind" == *"not stripped"* ]] && fail "the binary is not stripped"
if command -v systemd-analyze >/dev/null; then
  # The unit's own errors only: /usr/bin/lophoc and the lophoc user are not
  # on this machine.
  systemd-analyze verify "$root/lib/systemd/system/lophoc.service" 2>&1 |
    grep -v -e "/usr/bin/lophoc" -e "Failed to prepare filename" >"$dir/verify"
  [[ -s "$dir/verify" ]] && { cat "$dir/verify"; fail "systemd-analyze verify lophoc.service"; }
fi

# The installed binary with the installed configuration, from the scratch
# root: flags win over the file, so its paths are re-rooted and the database
# put in $dir.
conf="$root/etc/lophoc/lophoc.conf"
args=(--config "$conf")
grep -qx "content = /usr/share/lophoc/content" "$conf" || fail "lophoc.conf does not set content"
grep -qx "static = /usr/share/lophoc/static" "$conf" || fail "lophoc.conf does not set static"
grep -qx "db = /var/lib/lophoc/lophoc.db" "$conf" || fail "lophoc.conf does not set db"
grep -qx "backup-dir = /var/lib/lophoc/backups" "$conf" || fail "lophoc.conf does not set backup-dir"
# Every path the file sets is overridden: the test must not touch /var/lib.
args+=(--db "$dir/lophoc.db" --backup-dir "$dir/backups" --content "$root/usr/share/lophoc/content"
       --static "$root/usr/share/lophoc/static" --port 0 --log-level warn)

start=$(date +%s%N)
"$root/usr/bin/lophoc" serve "${args[@]}" 2>"$dir/serve.log" &
pid=$!
port=""
status=""
for _ in $(seq 1 300); do
  kill -0 "$pid" 2>/dev/null || { cat "$dir/serve.log"; fail "lophoc serve exited"; }
  [[ -z "$port" ]] && port=$(sed -n 's|^lophoc serving on http://[^ ]*:\([0-9]*\)/.*|\1|p' "$dir/serve.log")
  if [[ -n "$port" ]]; then
    status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz")
    [[ "$status" == 200 ]] && break
  fi
  sleep 0.05
done
[[ "$status" == 200 ]] || { cat "$dir/serve.log"; fail "no 200 from /healthz within 15 s"; }
ms=$(( ($(date +%s%N) - start) / 1000000 ))
curl -s -o "$dir/home.html" "http://127.0.0.1:$port/"
grep -q "Sử dụng máy tính lần đầu" "$dir/home.html" ||
  fail "the home page does not list the bundled courses"
[[ -d "$dir/backups" ]] || fail "the daily backups did not go to --backup-dir $dir/backups"

kill -TERM "$pid"
wait "$pid"
rc=$?
pid=""
[[ $rc -eq 0 ]] || { cat "$dir/serve.log"; fail "lophoc serve exited $rc on SIGTERM"; }

size=$(stat -c %s "$deb")
echo "package: $(basename "$deb"), $size bytes ($(( (size + 1023) / 1024 )) KiB), installed $(dpkg-deb -f "$deb" Installed-Size) KiB"
echo "start to first 200 on /healthz: $ms ms"
echo "package OK"
