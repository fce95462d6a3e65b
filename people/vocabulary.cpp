#include "people/vocabulary.h"

namespace lophoc::people {
namespace {

// 1 July 2025: Resolution 202/2025/QH15 ended the district level.
const LocalDate kDistrictLevelEnded{2025, 7, 1};

const char* Pick(std::string_view language, const char* vi, const char* en) {
  return language == "en" ? en : vi;
}

}  // namespace

const char* SiteTypeEntry::Label(std::string_view language) const {
  return Pick(language, label_vi, label_en);
}

const char* StaffCategoryEntry::Label(std::string_view language) const {
  return Pick(language, label_vi, label_en);
}

const std::vector<SiteTypeEntry>& SiteTypes() {
  // Changing a code here needs a migration (the CHECK on sites.type).
  static const std::vector<SiteTypeEntry> kTable = {
      {SiteType::kProvincialLibrary, "provincial_library", "Thư viện tỉnh, thành phố",
       "Provincial library", std::nullopt},
      {SiteType::kDistrictLibrary, "district_library", "Thư viện huyện (trước 01/07/2025)",
       "District library (before 1 July 2025)", kDistrictLevelEnded},
      {SiteType::kCommuneLibrary, "commune_library", "Thư viện xã, phường, đặc khu",
       "Commune library", std::nullopt},
      {SiteType::kPostOfficeCulturalPoint, "post_office_cultural_point",
       "Điểm Bưu điện - Văn hóa xã", "Commune post-office cultural point", std::nullopt},
      {SiteType::kSchoolLibrary, "school_library", "Thư viện trường học", "School library",
       std::nullopt},
      {SiteType::kVocationalLibrary, "vocational_library",
       "Thư viện cơ sở giáo dục nghề nghiệp", "Vocational-school library", std::nullopt},
      {SiteType::kArmedForcesLibrary, "armed_forces_library",
       "Thư viện lực lượng vũ trang, công an", "Armed forces or police library", std::nullopt},
  };
  return kTable;
}

const SiteTypeEntry& SiteTypeInfo(SiteType t) {
  return SiteTypes()[static_cast<size_t>(t)];  // the table follows the enum's order
}

const char* SiteTypeName(SiteType t) { return SiteTypeInfo(t).code; }

std::optional<SiteType> ParseSiteType(std::string_view code) {
  for (const auto& e : SiteTypes()) {
    if (code == e.code) return e.type;
  }
  return std::nullopt;
}

const std::vector<StaffCategoryEntry>& StaffCategories() {
  // Changing a code here needs a migration (the triggers of 0008 on
  // users.staff_category), and the former spellings are those 0008 maps.
  static const std::vector<StaffCategoryEntry> kTable = {
      {"provincial_librarian", "Cán bộ thư viện tỉnh, thành phố", "Provincial library staff",
       {SiteType::kProvincialLibrary}, std::nullopt,
       {"provincial-library", "provincial_library"}},
      {"district_librarian", "Cán bộ thư viện huyện (trước 01/07/2025)",
       "District library staff (before 1 July 2025)", {SiteType::kDistrictLibrary},
       kDistrictLevelEnded, {"district-library", "district_library"}},
      {"commune_librarian", "Cán bộ thư viện xã, phường, đặc khu", "Commune library staff",
       {SiteType::kCommuneLibrary}, std::nullopt, {"commune-library", "commune_library"}},
      {"post_office_staff", "Nhân viên điểm Bưu điện - Văn hóa xã",
       "Commune post-office cultural point staff", {SiteType::kPostOfficeCulturalPoint}, std::nullopt,
       {"post-office", "post_office", "post_office_cultural_point"}},
      {"school_librarian", "Cán bộ thư viện trường học", "School library staff",
       {SiteType::kSchoolLibrary}, std::nullopt, {"school-library", "school_library"}},
      {"vocational_librarian", "Cán bộ thư viện cơ sở giáo dục nghề nghiệp",
       "Vocational-school library staff", {SiteType::kVocationalLibrary}, std::nullopt,
       {"vocational-library", "vocational_library"}},
      {"armed_forces_librarian", "Cán bộ thư viện lực lượng vũ trang, công an",
       "Armed forces or police library staff", {SiteType::kArmedForcesLibrary}, std::nullopt,
       {"armed-forces-library", "armed_forces_library"}},
  };
  return kTable;
}

const StaffCategoryEntry* FindStaffCategory(std::string_view code) {
  for (const auto& e : StaffCategories()) {
    if (code == e.code) return &e;
  }
  return nullptr;
}

const StaffCategoryEntry* FormerStaffCategory(std::string_view code) {
  for (const auto& e : StaffCategories()) {
    for (const char* former : e.former_codes) {
      if (code == former) return &e;
    }
  }
  return nullptr;
}

}  // namespace lophoc::people
