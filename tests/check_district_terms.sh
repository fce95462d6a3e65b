#!/usr/bin/env bash
# Bundled content must not speak of the district level (cấp huyện), or of the provinces merged
# in 2025, as if they still existed.
# Since 01/07/2025 Vietnam has two levels of local government, province and commune
# (Resolution 202/2025/QH15): no district, no district town (thị xã), no township (thị trấn).
# Lessons, course.md, quiz.md and programmes may mention former district libraries only as
# history ("thư viện huyện trước đây", "tỉnh Kon Tum cũ", "trước 01/07/2025"...).
#
# Usage: tests/check_district_terms.sh CONTENT_DIR
# Prints "file:line: text" for every offending line, then
# "district terms: N files checked, M offending lines"; exits 1 when M > 0, 0 otherwise.
set -u
export LC_ALL=C.UTF-8

dir=${1:?usage: check_district_terms.sh CONTENT_DIR}
if [ ! -d "$dir" ]; then
  echo "check_district_terms: not a folder: $dir" >&2
  exit 2
fi

# A word boundary before a word: "huyện" is also the end of "chuyện".
B='(^|[^[:alpha:]])'
# The former units.
U='(quận|huyện|thị xã|thị trấn)'

# Phrases that speak of the district level (case-insensitive, extended regular expressions).
phrases=(
  "${B}thư viện (cấp )?(quận|huyện)"
  "${B}cấp (quận|huyện)"
  "${B}cả huyện"
  "${B}huyện,"
  "${B}quận ?/ ?huyện"
  "${B}quận, huyện"
  "${B}(ubnd|ủy ban nhân dân|uỷ ban nhân dân) (quận|huyện)"
  "${B}phòng văn h(oá|óa).*huyện"
  # the former district culture office; the commune office is "Phòng Văn hóa - Xã hội"
  "${B}phòng văn h(oá|óa)( và thông tin)?([^ -]| [^-]|$)"
  "${B}tỉnh, huyện"
  "${B}huyện (và|hoặc) xã"
  "${B}huyện, xã"
  "${B}(các|một|mỗi|từng) huyện"
  "${B}(của|cho|về|lên|tên) huyện"
  "${B}huyện (mình|nhà|miền núi|nghèo)"
  "${B}bạn đọc huyện"
  "${B}trung tâm văn h(oá|óa).*huyện"
  "${B}thị trấn"
  "${B}thị xã"
)
# A named district, "huyện Sơn Lâm" (case-sensitive: the name starts with a capital letter).
named="${B}([Hh]uyện|[Qq]uận) [[:upper:]]"

# A line that speaks of the former level as history is allowed. The markers must be tied to
# the unit they qualify: "cũ" and "trước đây" alone are too common ("báo cũ", "đã học trước
# đây"), so they count only next to the unit, in the same clause.
allowed=(
  "(trước|sau|đến|tới)( ngày)? 0?1/0?7/2025"
  "bỏ cấp ${U}"
  "không còn (là |có |cấp |tồn tại |thư viện )*${U}"
  "${U}[^.;:!?]{0,40}không còn"
  "khi còn (cấp )?${U}"
  "${U}[^.;:!?]{0,60}${B}nay (thuộc|là)${B}"
  "${U}[^.;:!?]{0,40}${B}cũ([^[:alpha:]]|$)"
  "${U}[^.;:!?]{0,40}trước (đây|kia)"
  "(trước đây|trước kia|từng là)[[:alpha:] ]{0,30}${U}"
  "lịch sử (hành chính|tổ chức|địa giới)"
  "giữ lại để đối chiếu"
)

# Provinces merged on 01/07/2025 (Kon Tum into Quảng Ngãi, Bắc Giang into Bắc Ninh): their
# plans may be cited, as the former province ("tỉnh Kon Tum cũ", "nay thuộc tỉnh Quảng Ngãi").
former_provinces='(Kon Tum|Bắc Giang)'
province_allowed=(
  "${former_provinces} cũ"
  "${former_provinces}[^.;:!?]{0,60}${B}nay thuộc"
  "(trước|sau|đến|tới)( ngày)? 0?1/0?7/2025"
)

join() { local IFS='|'; echo "$*"; }
phrase_re=$(join "${phrases[@]}")
allowed_re=$(join "${allowed[@]}")
province_allowed_re=$(join "${province_allowed[@]}")

files=0
offending=0
while IFS= read -r -d '' f; do
  files=$((files + 1))
  hits=$( { { grep -n -i -E -- "$phrase_re" "$f"; grep -n -E -- "$named" "$f"; } \
              | grep -v -i -E -- "$allowed_re"
            grep -n -E -- "$former_provinces" "$f" | grep -v -i -E -- "$province_allowed_re"; } \
          | sort -t: -k1,1n -u )
  [ -z "$hits" ] && continue
  while IFS= read -r hit; do
    echo "$f:$hit"
    offending=$((offending + 1))
  done <<< "$hits"
done < <(find "$dir" -type f -name '*.md' -print0 | sort -z)

echo "district terms: $files files checked, $offending offending lines"
[ "$offending" -eq 0 ]
