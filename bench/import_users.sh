#!/usr/bin/env bash
# Time and peak memory of `lophoc import-users` for 10,000 accounts.
#   bench/import_users.sh path/to/lophoc
# Makes a throw-away database with one province, district and site, then
# imports 10,000 accounts with Vietnamese display names into it, each run on
# a fresh copy of that database:
#   dry run                - every row checked, nothing hashed or written
#   one-time passwords     - every password generated (argon2id, minimum cost)
#   50 chosen passwords    - 50 rows with a password (argon2id, interactive
#                            cost), the rest generated
# Prints wall seconds and, when /usr/bin/time is there, peak RSS.
set -euo pipefail
lophoc=$(realpath "$1")
rows=${BENCH_ROWS:-10000}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

printf 'code,name,level,parent\nBN,Tỉnh Bắc Ninh,province,\nTD,Huyện Tiên Du,district,BN\n' >"$dir/units.csv"
printf 'code,name,type,org\nTV-TD,Thư viện huyện Tiên Du,district_library,TD\n' >"$dir/sites.csv"
"$lophoc" import-users "$dir/units.csv" --db "$dir/base.db" 2>/dev/null
"$lophoc" import-users "$dir/sites.csv" --db "$dir/base.db" 2>/dev/null

# Vietnamese names: family, middle and given names in turn.
awk -v rows="$rows" -v with_pw="$dir/with-pw.csv" -v no_pw="$dir/no-pw.csv" 'BEGIN {
  n = split("Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý", ho, " ")
  m = split("Văn Thị Hữu Đức Minh Ngọc Thanh Quốc Thu Xuân", dem, " ")
  k = split("An Bình Châu Dũng Giang Hà Hải Hạnh Hiếu Hoa Hùng Hương Khánh Lan Linh Long Mai Nam Nga Phúc Quân Sơn Tâm Thảo Trang Tuấn Vân Yến", ten, " ")
  print "username,display_name,roles,site,staff_category,password" > no_pw
  print "username,display_name,roles,site,staff_category,password" > with_pw
  for (i = 1; i <= rows; i++) {
    name = ho[i % n + 1] " " dem[int(i / n) % m + 1] " " ten[i % k + 1]
    row = sprintf("hv%05d,%s,learner,TV-TD,commune_librarian,", i, name)
    print row > no_pw
    print row (i <= 50 ? sprintf("Mật khẩu của học viên số %d", i) : "") > with_pw
  }
}'

have_time=0
[[ -x /usr/bin/time ]] && have_time=1
run() {  # label, csv, extra args...
  local label=$1 csv=$2
  shift 2
  cp "$dir/base.db" "$dir/run.db"
  local cmd=("$lophoc" import-users "$csv" --db "$dir/run.db" "$@")
  if [[ $have_time == 1 ]]; then
    /usr/bin/time -v "${cmd[@]}" >/dev/null 2>"$dir/time" || { cat "$dir/time"; exit 1; }
    local wall rss
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; printf "%.2f", s }' "$dir/time")
    rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$dir/time")
    printf '%-22s %8s s   peak RSS %7s MB   (%s)\n' "$label" "$wall" "$rss" "$(grep -E 'would be created|created' "$dir/time" | head -1)"
  else
    local start end
    start=$(date +%s.%N)
    "${cmd[@]}" >/dev/null 2>"$dir/err" || { cat "$dir/err"; exit 1; }
    end=$(date +%s.%N)
    printf '%-22s %8.2f s   (peak RSS not measured: no /usr/bin/time)\n' "$label" "$(echo "$end - $start" | bc)"
  fi
}

echo "lophoc import-users, $rows accounts under one site ($(nproc) CPUs)"
run "dry run" "$dir/no-pw.csv" --dry-run
run "one-time passwords" "$dir/no-pw.csv" --passwords-out "$dir/pw1.csv"
run "50 chosen passwords" "$dir/with-pw.csv" --passwords-out "$dir/pw2.csv"
