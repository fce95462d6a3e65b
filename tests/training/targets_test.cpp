// CheckTarget and TargetProblems (training/targets.h): each bad input gets
// its reason and field; a good target none.
#include "training/targets.h"

#include <catch2/catch.hpp>

namespace lophoc::training {
namespace {

Target Good() {
  Target t;
  t.kind = TargetKind::kTrained;
  t.title = "100% cán bộ thư viện tỉnh được bồi dưỡng";
  t.source = "Kế hoạch 3063/KH-UBND";
  t.org_unit_id = 1;
  t.programme = "co-ban";
  t.staff_categories = {"provincial_librarian"};
  t.site_types = {"provincial_library"};
  t.percent = 100;
  t.starts_on = *MakeDate(2021, 8, 27);
  t.deadline = *MakeDate(2025, 12, 31);
  return t;
}

}  // namespace

TEST_CASE("a good target has no problem, at the ends of its ranges too", "[targets]") {
  CHECK(CheckTarget(Good()).ok());
  Target zero = Good();
  zero.percent = 0;
  zero.deadline = zero.starts_on;  // one day
  CHECK(CheckTarget(zero).ok());
  Target sites = Good();
  sites.kind = TargetKind::kSitesActive;
  sites.programme.clear();
  sites.window_days = 1;
  CHECK(CheckTarget(sites).ok());
  sites.window_days = 3650;
  CHECK(CheckTarget(sites).ok());
}

TEST_CASE("each bad input is refused with its reason and field", "[targets]") {
  struct Case {
    const char* what;
    void (*spoil)(Target&);
    const char* reason;
    const char* field;
  };
  const Case cases[] = {
      {"percent over 100", [](Target& t) { t.percent = 100.5; }, "target_percent_invalid",
       "percent"},
      {"negative percent", [](Target& t) { t.percent = -1; }, "target_percent_invalid", "percent"},
      {"deadline before start", [](Target& t) { t.deadline = *MakeDate(2021, 8, 26); },
       "target_deadline_before_start", "deadline"},
      {"trained without programme", [](Target& t) { t.programme.clear(); },
       "target_programme_missing", "programme"},
      {"growth with programme", [](Target& t) { t.kind = TargetKind::kVisitsGrowth; },
       "target_programme_not_allowed", "programme"},
      {"window 0",
       [](Target& t) {
         t.kind = TargetKind::kSitesActive;
         t.programme.clear();
         t.window_days = 0;
       },
       "target_window_invalid", "window_days"},
      {"window 3651",
       [](Target& t) {
         t.kind = TargetKind::kSitesActive;
         t.programme.clear();
         t.window_days = 3651;
       },
       "target_window_invalid", "window_days"},
      {"sites_active without window",
       [](Target& t) {
         t.kind = TargetKind::kSitesActive;
         t.programme.clear();
       },
       "target_window_invalid", "window_days"},
      {"window on a trained target", [](Target& t) { t.window_days = 90; },
       "target_window_not_allowed", "window_days"},
      {"empty title", [](Target& t) { t.title.clear(); }, "target_title_missing", "title"},
      {"long title", [](Target& t) { t.title = std::string(301, 'x'); }, "target_title_too_long",
       "title"},
      {"long source", [](Target& t) { t.source = std::string(301, 'x'); }, "target_source_too_long",
       "source"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.what);
    Target t = Good();
    c.spoil(t);
    Status s = CheckTarget(t);
    CHECK(s.code() == StatusCode::kInvalidArgument);
    CHECK(s.reason() == c.reason);
    CHECK(s.field() == c.field);
  }
}

TEST_CASE("the limits are said in the refusal and every problem is listed at once", "[targets]") {
  Target t = Good();
  t.title = std::string(301, 'x');
  t.percent = 120;
  t.deadline = *MakeDate(2020, 1, 1);
  auto problems = TargetProblems(t);
  REQUIRE(problems.size() == 3);
  CHECK(problems[0].params().at("max") == "300");
  CHECK(problems[1].params().at("value") == "120");
  CHECK(problems[2].params().at("starts_on") == "27/08/2021");
  CHECK(problems[2].params().at("deadline") == "01/01/2020");
}

TEST_CASE("percentages are read as people type them", "[targets]") {
  CHECK(ParsePercent("70") == 70.0);
  CHECK(ParsePercent(" 5,5 ") == 5.5);
  CHECK(ParsePercent("12.25%") == 12.25);
  CHECK(ParsePercent("-3") == -3.0);
  CHECK_FALSE(ParsePercent(""));
  CHECK_FALSE(ParsePercent("bảy mươi"));
  CHECK_FALSE(ParsePercent("1.2.3"));
  CHECK(FormatPercent(70) == "70");
  CHECK(FormatPercent(5.5) == "5.5");
  CHECK(FormatPercent(12.25) == "12.25");
}

TEST_CASE("target kinds are spelled one way", "[targets]") {
  for (auto k : TargetKinds()) CHECK(ParseTargetKind(TargetKindName(k)) == k);
  CHECK_FALSE(ParseTargetKind("Trained"));
  CHECK_FALSE(ParseTargetKind("growth"));
}

}  // namespace lophoc::training
