// The vocabulary of places and people: the site types (what kind of library
// or point a site is) and the staff categories (what kind of work a member of
// staff does, the population a programme and a target name). One table each,
// in vocabulary.cpp; the validators, the pages' select lists, the CSV
// importer, the programme loader, `lophoc check` and the SQL constraints of
// migration 0008 all use it (tests/people/vocabulary_test.cpp and
// tests/server/vocabulary_constraints_test.cpp hold them to it).
// docs/people.md lists it.
//
// Codes are lower_snake_case ASCII ("commune_librarian"): stable keys stored
// in the database and written in CSV files, the API and programme files; they
// never change with the labels. Thread-safe: the tables are immutable.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "kernel/calendar.h"

namespace lophoc::people {

enum class SiteType {
  kProvincialLibrary,
  kDistrictLibrary,  // history only: no district level since 1 July 2025
  kCommuneLibrary,
  kPostOfficeCulturalPoint,  // điểm Bưu điện - Văn hóa xã (BĐVHX)
  kSchoolLibrary,
  kVocationalLibrary,
  kArmedForcesLibrary,
};

struct SiteTypeEntry {
  SiteType type;
  const char* code;      // "commune_library"
  const char* label_vi;  // "Thư viện xã, phường, đặc khu"
  const char* label_en;  // "Commune library"
  // The first day there were none of this type any more (district libraries:
  // 01/07/2025). Such codes stay valid, for the history and the reports of
  // their time.
  std::optional<LocalDate> ended;

  // The label in `language` ("en": English; anything else: Vietnamese).
  const char* Label(std::string_view language) const;
};

struct StaffCategoryEntry {
  const char* code;      // "commune_librarian"
  const char* label_vi;  // "Cán bộ thư viện xã, phường, đặc khu"
  const char* label_en;  // "Commune library staff"
  std::vector<SiteType> site_types;  // where people of this category work
  std::optional<LocalDate> ended;    // as SiteTypeEntry::ended
  // Spellings used before migration 0008 (programme files said
  // 'commune-library'), which that migration turns into `code`.
  std::vector<const char*> former_codes;

  const char* Label(std::string_view language) const;
};

// Every site type, in the order pages list them (the enum's order).
const std::vector<SiteTypeEntry>& SiteTypes();
// The entry of `t`.
const SiteTypeEntry& SiteTypeInfo(SiteType t);
// "commune_library" for kCommuneLibrary.
const char* SiteTypeName(SiteType t);
// Exactly a code of SiteTypes(); nullopt for anything else.
std::optional<SiteType> ParseSiteType(std::string_view code);

// Every staff category, in the order pages list them.
const std::vector<StaffCategoryEntry>& StaffCategories();
// The category whose code is exactly `code`, or nullptr.
const StaffCategoryEntry* FindStaffCategory(std::string_view code);
// The category that `code` was called before migration 0008
// ('commune-library' -> commune_librarian), or nullptr.
const StaffCategoryEntry* FormerStaffCategory(std::string_view code);

}  // namespace lophoc::people
