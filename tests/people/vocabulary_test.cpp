#include "people/vocabulary.h"

#include <set>
#include <string>

#include <catch2/catch.hpp>

#include "people/people.h"

namespace lophoc::people {
namespace {

// lower_snake_case: a-z and digits in words joined by single '_'.
bool IsSnakeCode(std::string_view s) {
  if (s.empty() || s.front() == '_' || s.back() == '_') return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok || (c == '_' && s[i + 1] == '_')) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("site types: one entry per enum value, in its order, with snake codes",
          "[people][vocabulary]") {
  REQUIRE(SiteTypes().size() == static_cast<size_t>(SiteType::kArmedForcesLibrary) + 1);
  std::set<std::string> codes;
  for (size_t i = 0; i < SiteTypes().size(); ++i) {
    const auto& e = SiteTypes()[i];
    CAPTURE(e.code);
    CHECK(static_cast<size_t>(e.type) == i);
    CHECK(&SiteTypeInfo(e.type) == &e);
    CHECK(IsSnakeCode(e.code));
    CHECK(codes.insert(e.code).second);
    CHECK(std::string(e.label_vi) != "");
    CHECK(std::string(e.label_en) != "");
    CHECK(ParseSiteType(e.code) == e.type);
  }
  CHECK_FALSE(ParseSiteType("library"));
  CHECK_FALSE(ParseSiteType("commune-library"));
  CHECK_FALSE(ParseSiteType("Commune_library"));
}

TEST_CASE("staff categories: unique snake codes, each working at some site type",
          "[people][vocabulary]") {
  std::set<std::string> codes, formers;
  for (const auto& e : StaffCategories()) {
    CAPTURE(e.code);
    CHECK(IsSnakeCode(e.code));
    CHECK(codes.insert(e.code).second);
    CHECK_FALSE(e.site_types.empty());
    CHECK(std::string(e.label_vi) != "");
    CHECK(std::string(e.label_en) != "");
    CHECK(FindStaffCategory(e.code) == &e);
    for (const char* former : e.former_codes) {
      CAPTURE(former);
      CHECK(formers.insert(former).second);
      CHECK(FormerStaffCategory(former) == &e);
      CHECK(FindStaffCategory(former) == nullptr);
    }
  }
  for (const auto& f : formers) CHECK(codes.count(f) == 0);
}

TEST_CASE("the district level is history from 1 July 2025", "[people][vocabulary]") {
  const auto& district = SiteTypeInfo(SiteType::kDistrictLibrary);
  REQUIRE(district.ended);
  CHECK(FormatIsoDate(*district.ended) == "2025-07-01");
  for (const auto& e : StaffCategories()) {
    CAPTURE(e.code);
    const bool only_district =
        e.site_types == std::vector<SiteType>{SiteType::kDistrictLibrary};
    CHECK(e.ended.has_value() == only_district);
  }
  for (const auto& t : SiteTypes()) {
    CAPTURE(t.code);
    CHECK(t.ended.has_value() == (t.type == SiteType::kDistrictLibrary));
  }
}

TEST_CASE("labels follow the reader's language", "[people][vocabulary]") {
  const auto& commune = *FindStaffCategory("commune_librarian");
  CHECK(std::string(commune.Label("en")) == commune.label_en);
  CHECK(std::string(commune.Label("vi")) == commune.label_vi);
  CHECK(std::string(SiteTypeInfo(SiteType::kSchoolLibrary).Label("en")) == "School library");
}

TEST_CASE("ValidateStaffCategory accepts the vocabulary's codes only", "[people][vocabulary]") {
  for (const auto& e : StaffCategories()) CHECK(ValidateStaffCategory(e.code).ok());
  auto [bad, hint] = GENERATE(table<std::string, std::string>({
      {"librarian", ""},
      {"", ""},
      {"Commune_librarian", ""},
      {"commune_library", " (now 'commune_librarian')"},
      {"post-office", " (now 'post_office_staff')"},
  }));
  CAPTURE(bad);
  const Status s = ValidateStaffCategory(bad);
  REQUIRE_FALSE(s.ok());
  CHECK(s.code() == StatusCode::kInvalidArgument);
  CHECK(s.reason() == "staff_category_invalid");
  CHECK(s.field() == "staff_category");
  CHECK(s.params().at("value") == bad);
  CHECK(s.message() == "unknown staff category '" + bad + "'" + hint);
}

}  // namespace lophoc::people
