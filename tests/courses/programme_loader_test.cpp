// Programme files: the two paths, the old kind + courses form, staff
// categories and site types, the validity rule, and each bad input refused
// at its line with its reason.
#include "courses/programme_loader.h"

#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>

namespace lophoc::courses {
namespace {

// A valid programme; each bad input below changes some of its lines.
const std::string kHead =
    "---\n"
    "slug: thu-vien\n"                                       // 2
    "title: Thư viện\n"                                      // 3
    "staff_categories: [commune_librarian]\n"                // 4
    "site_types: [commune_library]\n"                        // 5
    "initial_courses: [may-tinh, an-toan]\n"                 // 6
    "refresher_courses: [an-toan]\n";                        // 7
const std::string kTail = "---\n\nVì sao.\n";

std::optional<Programme> Parse(const std::string& text, Diagnostics& diags) {
  FileDiagnostics d(&diags, "p.md");
  return ParseProgramme(text, d);
}

}  // namespace

TEST_CASE("a programme names two paths and its validity rule", "[courses][programme]") {
  Diagnostics diags;
  auto p = Parse(kHead +
                     "validity_months: 12\n"
                     "renewal_window_days: 30\n"
                     "date_rule: fixed_date\n"
                     "fixed_day: 31/12\n"
                     "min_validity_months: 6\n"
                     "grace_days: 90\n" +
                     kTail,
                 diags);
  for (const auto& m : diags.items()) UNSCOPED_INFO(m.ToString());
  REQUIRE(p.has_value());
  CHECK(p->slug == "thu-vien");
  CHECK(p->site_types == std::vector<std::string>{"commune_library"});
  CHECK(p->initial_courses == std::vector<std::string>{"may-tinh", "an-toan"});
  CHECK(p->refresher_courses == std::vector<std::string>{"an-toan"});
  CHECK(ProgrammeCourses(*p) == std::vector<std::string>{"may-tinh", "an-toan"});
  training::ValidityRule expected;
  expected.rule = training::DateRule::kFixedDate;
  expected.validity_months = 12;
  expected.renewal_window_days = 30;
  expected.fixed_day = {12, 31};
  expected.min_validity_months = 6;
  expected.grace_days = 90;
  CHECK(p->rule == expected);
  CHECK(p->description_markdown == "\nVì sao.\n");
}

TEST_CASE("a rule left out is from completion, with 60 days' window when it expires",
          "[courses][programme]") {
  Diagnostics diags;
  auto expires = Parse(kHead + "validity_months: 24\n" + kTail, diags);
  auto never = Parse(kHead + kTail, diags);
  REQUIRE(expires.has_value());
  REQUIRE(never.has_value());
  CHECK(expires->rule.rule == training::DateRule::kFromCompletion);
  CHECK(expires->rule.renewal_window_days == 60);
  CHECK(never->rule.validity_months == 0);
  CHECK(never->rule.renewal_window_days == 0);
}

TEST_CASE("the old kind + courses form becomes one path", "[courses][programme]") {
  const std::string base =
      "---\nslug: cu\ntitle: Cũ\nstaff_categories: [commune_librarian]\ncourses: [a, b]\n";
  Diagnostics diags;
  auto initial = Parse(base + "kind: initial\n---\n", diags);
  auto refresher = Parse(base + "kind: refresher\n---\n", diags);
  REQUIRE(initial.has_value());
  REQUIRE(refresher.has_value());
  CHECK(initial->initial_courses == std::vector<std::string>{"a", "b"});
  CHECK(initial->refresher_courses.empty());
  CHECK(refresher->refresher_courses == std::vector<std::string>{"a", "b"});
  CHECK(refresher->initial_courses.empty());
}

TEST_CASE("each bad programme is refused at its line with its reason", "[courses][programme]") {
  struct Case {
    std::string text;
    int line;
    std::string reason;
  };
  const std::string cat = "---\nslug: ct\ntitle: X\nstaff_categories: [commune_librarian]\n";
  auto [text, line, reason] = GENERATE_REF(values<Case>({
      {kHead + "validity_months: 0\nrenewal_window_days: 30\n" + kTail, 9,
       "programme_window_without_validity"},
      {kHead + "validity_months: 12\nrenewal_window_days: 400\n" + kTail, 9,
       "programme_window_too_long"},
      {kHead + "validity_months: 300\nrenewal_window_days: 10\n" + kTail, 8,
       "programme_validity_invalid"},
      {kHead + "validity_months: 12\ndate_rule: fixed_date\nfixed_day: 30/02\n" + kTail, 10,
       "programme_fixed_day_invalid"},
      {kHead + "validity_months: 12\ndate_rule: fixed_date\nfixed_day: 29/02\n" + kTail, 10,
       "programme_fixed_day_invalid"},
      {kHead + "validity_months: 12\ndate_rule: fixed_date\nfixed_day: 31-12\n" + kTail, 10,
       "programme_fixed_day_form"},
      {kHead + "validity_months: 12\ndate_rule: fixed_date\n" + kTail, 9,
       "programme_fixed_day_missing"},
      {kHead + "validity_months: 12\nfixed_day: 31/12\n" + kTail, 9, "programme_fixed_date_only"},
      {kHead + "validity_months: 12\ndate_rule: yearly\n" + kTail, 9,
       "programme_date_rule_invalid"},
      {kHead + "validity_months: 12\ndate_rule: fixed_date\nfixed_day: 31/12\n"
               "min_validity_months: 13\n" + kTail, 11, "programme_min_validity_invalid"},
      {kHead + "grace_days: 4000\n" + kTail, 8, "programme_grace_invalid"},
      {cat + "site_types: [library]\ninitial_courses: [a]\n---\n", 5,
       "programme_site_type_invalid"},
      {cat + "initial_courses: [a, b, a]\n---\n", 5, "programme_course_twice"},
      {cat + "initial_courses: []\n---\n", 5, "programme_courses_empty"},
      {cat + "---\n", 1, "programme_paths_missing"},
      {cat + "kind: initial\ninitial_courses: [a]\n---\n", 5, "programme_paths_mixed"},
      {cat + "courses: [a]\n---\n", 5, "programme_kind_missing"},
      {"---\nslug: ct\ntitle: X\nstaff_categories: [librarian]\ninitial_courses: [a]\n---\n", 4,
       "staff_category_invalid"},
  }));
  CAPTURE(text);
  Diagnostics diags;
  CHECK_FALSE(Parse(text, diags).has_value());
  REQUIRE(diags.items().size() == 1);
  CHECK(diags.items()[0].reason == reason);
  CHECK(diags.items()[0].line == line);
}

TEST_CASE("a folder of programmes: unknown courses and a slug used twice are refused",
          "[courses][programme]") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "lophoc-programme-loader-test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "a.md") << kHead + kTail;
  std::ofstream(dir / "b.md") << kHead + kTail;  // the same slug again
  std::ofstream(dir / "c.md") << "---\nslug: cc\ntitle: C\nstaff_categories: [commune_librarian]\n"
                                 "refresher_courses: [khong-co]\n---\n";
  Diagnostics diags;
  auto loaded = LoadProgrammes(dir, "ps", {{"may-tinh", "an-toan"}, "the database"}, diags);
  fs::remove_all(dir);
  REQUIRE(loaded.size() == 1);
  CHECK(loaded[0].slug == "thu-vien");
  REQUIRE(diags.items().size() == 2);
  CHECK(diags.items()[0].ToString() ==
        "ps/b.md:1: programme slug 'thu-vien' is used by another programme file");
  CHECK(diags.items()[1].ToString() ==
        "ps/c.md:1: programme names course 'khong-co', which is not in the database");
  CHECK(diags.items()[1].reason == "programme_course_unknown");
}

TEST_CASE("a programme written back reads the same", "[courses][programme]") {
  const std::string rules = GENERATE(as<std::string>{}, "",
                                     "validity_months: 24\nrenewal_window_days: 90\n"
                                     "date_rule: from_expiry\ngrace_days: 30\n",
                                     "validity_months: 12\ndate_rule: fixed_date\n"
                                     "fixed_day: 01/07\nmin_validity_months: 6\n");
  Diagnostics diags;
  auto p = Parse(kHead + "title_en: Library\n" + rules + kTail, diags);
  REQUIRE(p.has_value());
  const std::string written = ProgrammeFileText(*p);
  auto again = Parse(written, diags);
  CAPTURE(written);
  REQUIRE(again.has_value());
  CHECK(again->title_en == "Library");
  CHECK(again->initial_courses == p->initial_courses);
  CHECK(again->refresher_courses == p->refresher_courses);
  CHECK(again->site_types == p->site_types);
  CHECK(again->rule == p->rule);
  CHECK(again->description_markdown == p->description_markdown);
  CHECK(ProgrammeFileText(*again) == written);
}

}  // namespace lophoc::courses
