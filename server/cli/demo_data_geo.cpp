// The map behind lophoc demo-data (docs/demo-data.md): Vietnam's 63
// provinces and centrally-run cities as they were until 30/06/2025, with
// their administrative codes, and the 34 of Resolution 202/2025/QH15 from
// 01/07/2025: which old provinces each new one was made of, and the 13
// special zones (đặc khu) of the new commune level.
#include "server/cli/demo_data.h"

namespace lophoc::cli::demo {

const std::vector<OldProvince>& OldProvinces() {
  static const std::vector<OldProvince> kAll = {
      {1, "Thành phố Hà Nội"},
      {2, "Tỉnh Hà Giang"},
      {4, "Tỉnh Cao Bằng"},
      {6, "Tỉnh Bắc Kạn"},
      {8, "Tỉnh Tuyên Quang"},
      {10, "Tỉnh Lào Cai"},
      {11, "Tỉnh Điện Biên"},
      {12, "Tỉnh Lai Châu"},
      {14, "Tỉnh Sơn La"},
      {15, "Tỉnh Yên Bái"},
      {17, "Tỉnh Hòa Bình"},
      {19, "Tỉnh Thái Nguyên"},
      {20, "Tỉnh Lạng Sơn"},
      {22, "Tỉnh Quảng Ninh"},
      {24, "Tỉnh Bắc Giang"},
      {25, "Tỉnh Phú Thọ"},
      {26, "Tỉnh Vĩnh Phúc"},
      {27, "Tỉnh Bắc Ninh"},
      {30, "Tỉnh Hải Dương"},
      {31, "Thành phố Hải Phòng"},
      {33, "Tỉnh Hưng Yên"},
      {34, "Tỉnh Thái Bình"},
      {35, "Tỉnh Hà Nam"},
      {36, "Tỉnh Nam Định"},
      {37, "Tỉnh Ninh Bình"},
      {38, "Tỉnh Thanh Hóa"},
      {40, "Tỉnh Nghệ An"},
      {42, "Tỉnh Hà Tĩnh"},
      {44, "Tỉnh Quảng Bình"},
      {45, "Tỉnh Quảng Trị"},
      {46, "Thành phố Huế"},
      {48, "Thành phố Đà Nẵng"},
      {49, "Tỉnh Quảng Nam"},
      {51, "Tỉnh Quảng Ngãi"},
      {52, "Tỉnh Bình Định"},
      {54, "Tỉnh Phú Yên"},
      {56, "Tỉnh Khánh Hòa"},
      {58, "Tỉnh Ninh Thuận"},
      {60, "Tỉnh Bình Thuận"},
      {62, "Tỉnh Kon Tum"},
      {64, "Tỉnh Gia Lai"},
      {66, "Tỉnh Đắk Lắk"},
      {67, "Tỉnh Đắk Nông"},
      {68, "Tỉnh Lâm Đồng"},
      {70, "Tỉnh Bình Phước"},
      {72, "Tỉnh Tây Ninh"},
      {74, "Tỉnh Bình Dương"},
      {75, "Tỉnh Đồng Nai"},
      {77, "Tỉnh Bà Rịa - Vũng Tàu"},
      {79, "Thành phố Hồ Chí Minh"},
      {80, "Tỉnh Long An"},
      {82, "Tỉnh Tiền Giang"},
      {83, "Tỉnh Bến Tre"},
      {84, "Tỉnh Trà Vinh"},
      {86, "Tỉnh Vĩnh Long"},
      {87, "Tỉnh Đồng Tháp"},
      {89, "Tỉnh An Giang"},
      {91, "Tỉnh Kiên Giang"},
      {92, "Thành phố Cần Thơ"},
      {93, "Tỉnh Hậu Giang"},
      {94, "Tỉnh Sóc Trăng"},
      {95, "Tỉnh Bạc Liêu"},
      {96, "Tỉnh Cà Mau"},
  };
  return kAll;
}

// Resolution 202/2025/QH15, Article 1, in its order: the 23 merged provinces
// (numbered T-01 ... T-23 here) and the 11 that were not merged (which keep
// their unit and code). The first member named is the one whose name the
// new province took.
const std::vector<NewProvince>& NewProvinces() {
  static const std::vector<NewProvince> kAll = {
      {"T-01", "Tỉnh Tuyên Quang", {8, 2}, {}},
      {"T-02", "Tỉnh Lào Cai", {10, 15}, {}},
      {"T-03", "Tỉnh Thái Nguyên", {19, 6}, {}},
      {"T-04", "Tỉnh Phú Thọ", {25, 26, 17}, {}},
      {"T-05", "Tỉnh Bắc Ninh", {27, 24}, {}},
      {"T-06", "Tỉnh Hưng Yên", {33, 34}, {}},
      {"T-07", "Thành phố Hải Phòng", {31, 30}, {"Cát Hải", "Bạch Long Vĩ"}},
      {"T-08", "Tỉnh Ninh Bình", {37, 35, 36}, {}},
      {"T-09", "Tỉnh Quảng Trị", {45, 44}, {"Cồn Cỏ"}},
      {"T-10", "Thành phố Đà Nẵng", {48, 49}, {"Hoàng Sa"}},
      {"T-11", "Tỉnh Quảng Ngãi", {51, 62}, {"Lý Sơn"}},
      {"T-12", "Tỉnh Gia Lai", {64, 52}, {}},
      {"T-13", "Tỉnh Khánh Hòa", {56, 58}, {"Trường Sa"}},
      {"T-14", "Tỉnh Lâm Đồng", {68, 67, 60}, {"Phú Quý"}},
      {"T-15", "Tỉnh Đắk Lắk", {66, 54}, {}},
      {"T-16", "Thành phố Hồ Chí Minh", {79, 74, 77}, {"Côn Đảo"}},
      {"T-17", "Tỉnh Đồng Nai", {75, 70}, {}},
      {"T-18", "Tỉnh Tây Ninh", {72, 80}, {}},
      {"T-19", "Thành phố Cần Thơ", {92, 94, 93}, {}},
      {"T-20", "Tỉnh Vĩnh Long", {86, 83, 84}, {}},
      {"T-21", "Tỉnh Đồng Tháp", {87, 82}, {}},
      {"T-22", "Tỉnh Cà Mau", {96, 95}, {}},
      {"T-23", "Tỉnh An Giang", {89, 91}, {"Phú Quốc", "Kiên Hải", "Thổ Châu"}},
      // Not merged: the old unit stays, with its code.
      {"", "", {1}, {}},
      {"", "", {46}, {}},
      {"", "", {12}, {}},
      {"", "", {11}, {}},
      {"", "", {14}, {}},
      {"", "", {20}, {}},
      {"", "", {22}, {"Vân Đồn", "Cô Tô"}},
      {"", "", {38}, {}},
      {"", "", {40}, {}},
      {"", "", {42}, {}},
      {"", "", {4}, {}},
  };
  return kAll;
}

// Syllables of Vietnamese place names, for the generated district and
// commune names (real ones would need a gazetteer; these read like them).
const std::vector<std::string>& NameSyllables() {
  static const std::vector<std::string> kAll = {
      "An",   "Bình",  "Hòa",  "Phú",   "Tân",   "Thạnh", "Long",  "Hưng",  "Thành", "Đông",
      "Tây",  "Nam",   "Bắc",  "Trung", "Quang", "Minh",  "Đức",   "Phước", "Thuận", "Lợi",
      "Mỹ",   "Hiệp",  "Vĩnh", "Xuân",  "Hải",   "Sơn",   "Lâm",   "Hà",    "Kim",   "Ngọc",
      "Cẩm",  "Thanh", "Đại",  "Gia",   "Lộc",   "Thịnh", "Phong", "Yên",   "Định",  "Quảng",
      "Tiến", "Thắng", "Lạc",  "Hồng",  "Châu",  "Khánh", "Nghĩa", "Tường", "Vân",   "Trường"};
  return kAll;
}

const std::vector<std::string>& FamilyNames() {
  static const std::vector<std::string> kAll = {
      "Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần", "Lê", "Lê", "Phạm", "Hoàng", "Huỳnh",
      "Phan",   "Vũ",     "Võ",     "Đặng", "Bùi",  "Đỗ", "Hồ", "Ngô",  "Dương", "Lý"};
  return kAll;
}

const std::vector<std::string>& MiddleNames() {
  static const std::vector<std::string> kAll = {"Văn",  "Thị",  "Hữu",   "Đức",  "Minh", "Thu",
                                                "Ngọc", "Quốc", "Thanh", "Xuân", "Hoài", "Kim"};
  return kAll;
}

const std::vector<std::string>& GivenNames() {
  static const std::vector<std::string> kAll = {
      "An",   "Anh",  "Bình", "Chi",   "Cường", "Dũng",  "Dung",   "Giang", "Hà",    "Hải",
      "Hằng", "Hiếu", "Hoa",  "Hùng",  "Hương", "Khánh", "Lan",    "Linh",  "Long",  "Mai",
      "Minh", "Nam",  "Nga",  "Ngọc",  "Nhung", "Phong", "Phương", "Quân",  "Quỳnh", "Sơn",
      "Tâm",  "Thảo", "Thủy", "Trang", "Trung", "Tuấn",  "Vân",    "Việt",  "Xuân",  "Yến"};
  return kAll;
}

}  // namespace lophoc::cli::demo
