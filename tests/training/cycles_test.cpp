#include "training/cycles.h"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "tests/training/dates.h"

namespace lophoc::training {
namespace {

ValidityRule Rule(DateRule r, int months, int window = 0, MonthDay fixed = {}, int min = 0,
                  int grace = 0) {
  ValidityRule rule{r, months, window, fixed, min, grace};
  REQUIRE(CheckRule(rule).ok());
  return rule;
}

}  // namespace

TEST_CASE("the last valid day under each date rule", "[training][cycles]") {
  const auto completion = Rule(DateRule::kFromCompletion, 12);
  const auto two_years = Rule(DateRule::kFromCompletion, 24);
  const auto six_months = Rule(DateRule::kFromCompletion, 6);
  const auto expiry = Rule(DateRule::kFromExpiry, 12, 60);
  const auto year_end = Rule(DateRule::kFixedDate, 12, 0, {12, 31}, 6);
  const auto year_end_two = Rule(DateRule::kFixedDate, 24, 0, {12, 31}, 12);
  const auto mid_year = Rule(DateRule::kFixedDate, 12, 0, {6, 30}, 0);
  const auto short_fixed = Rule(DateRule::kFixedDate, 6, 0, {12, 31}, 0);
  struct Case {
    const char* what;
    ValidityRule rule;
    LocalDate completed;
    std::optional<LocalDate> previous_until;
    std::optional<LocalDate> expected;
    Basis basis;
  };
  const std::vector<Case> cases = {
      {"leap day + 12 months clamps to 28 Feb",
       completion,
       d(29, 2, 2024),
       {},
       d(28, 2, 2025),
       Basis::kFromCompletion},
      {"31 Aug + 6 months clamps to the end of February",
       six_months,
       d(31, 8, 2026),
       {},
       d(28, 2, 2027),
       Basis::kFromCompletion},
      {"31 Aug + 6 months in a leap year",
       six_months,
       d(31, 8, 2027),
       {},
       d(29, 2, 2028),
       Basis::kFromCompletion},
      {"plain 24 months", two_years, d(14, 3, 2025), {}, d(14, 3, 2027), Basis::kFromCompletion},
      {"from completion ignores the previous expiry", completion, d(1, 5, 2026), d(30, 6, 2026),
       d(1, 5, 2027), Basis::kFromCompletion},
      // The window of 60 days before 30/06/2026 opens on 01/05/2026.
      {"from expiry: the first day of the window extends", expiry, d(1, 5, 2026), d(30, 6, 2026),
       d(30, 6, 2027), Basis::kExtended},
      {"from expiry: the expiry day itself extends", expiry, d(30, 6, 2026), d(30, 6, 2026),
       d(30, 6, 2027), Basis::kExtended},
      {"from expiry: the day after expiry is a lapse", expiry, d(1, 7, 2026), d(30, 6, 2026),
       d(1, 7, 2027), Basis::kAfterLapse},
      {"from expiry: before the window, from the completion", expiry, d(30, 4, 2026),
       d(30, 6, 2026), d(30, 4, 2027), Basis::kBeforeWindow},
      {"from expiry: a first certification",
       expiry,
       d(15, 1, 2026),
       {},
       d(15, 1, 2027),
       Basis::kFromCompletion},
      {"from expiry: extending a 29 Feb expiry clamps", expiry, d(1, 2, 2028), d(29, 2, 2028),
       d(28, 2, 2029), Basis::kExtended},
      {"fixed: the year-end inside the validity",
       year_end,
       d(14, 3, 2025),
       {},
       d(31, 12, 2025),
       Basis::kFixedDay},
      {"fixed: November is not due again in December",
       year_end,
       d(20, 11, 2025),
       {},
       d(31, 12, 2026),
       Basis::kFixedDayMinimum},
      {"fixed: certified on the fixed day itself",
       year_end,
       d(31, 12, 2025),
       {},
       d(31, 12, 2026),
       Basis::kFixedDay},
      {"fixed: 24 months, minimum 12",
       year_end_two,
       d(14, 3, 2025),
       {},
       d(31, 12, 2026),
       Basis::kFixedDay},
      {"fixed: mid-year day", mid_year, d(1, 7, 2025), {}, d(30, 6, 2026), Basis::kFixedDay},
      {"fixed: never before the completion",
       short_fixed,
       d(1, 3, 2025),
       {},
       d(31, 12, 2025),
       Basis::kFixedDayMinimum},
      {"never expires",
       Rule(DateRule::kFromCompletion, 0),
       d(1, 3, 2025),
       {},
       std::nullopt,
       Basis::kNeverExpires},
  };
  for (const Case& c : cases) {
    CAPTURE(c.what);
    const Validity v = ValidityOf(c.rule, c.completed, c.previous_until);
    CHECK(Show(v.until) == Show(c.expected));
    CHECK(BasisName(v.basis) == BasisName(c.basis));
    CHECK(Show(ValidUntil(c.rule, c.completed, c.previous_until)) == Show(c.expected));
  }
}

TEST_CASE("a person's standing on any day", "[training][cycles]") {
  // Valid 12 months from completion, due 30 days before, 90 days' grace.
  const auto rule = Rule(DateRule::kFromCompletion, 12, 30, {}, 0, 90);
  Facts joined;  // joined and assigned on 01/01/2025; grace ends 01/04/2025
  joined.assigned_from = d(1, 1, 2025);
  Facts started = joined;
  started.started = d(15, 2, 2025);
  Facts certified = started;  // valid until 10/03/2026; the window opens 08/02/2026
  certified.certifications.push_back({d(10, 3, 2025), d(10, 3, 2026), std::nullopt});
  Facts revoked = certified;
  revoked.certifications[0].revoked_on = d(1, 6, 2025);
  Facts exempt = certified;
  exempt.exemptions.push_back({d(1, 5, 2025), d(31, 8, 2025)});
  Facts renewed = certified;
  renewed.certifications.push_back({d(1, 3, 2026), d(1, 3, 2027), std::nullopt});
  Facts left = renewed;
  left.assigned_until = d(31, 12, 2026);
  Facts late_joiner = joined;  // assigned with the programme, joined the site later
  late_joiner.joined = d(1, 3, 2025);

  struct Case {
    const char* what;
    const Facts& facts;
    LocalDate day;
    Standing standing;
    std::optional<LocalDate> until;
    std::optional<LocalDate> since;
  };
  const std::vector<Case> cases = {
      {"before the assignment", joined, d(31, 12, 2024), Standing::kNotAssigned, {}, {}},
      {"assigned, nothing done", joined, d(1, 2, 2025), Standing::kNotStarted, d(1, 4, 2025), {}},
      {"the last day of grace", joined, d(1, 4, 2025), Standing::kNotStarted, d(1, 4, 2025), {}},
      {"the day after grace", joined, d(2, 4, 2025), Standing::kOverdue, {}, d(2, 4, 2025)},
      {"learning started", started, d(1, 3, 2025), Standing::kInProgress, d(1, 4, 2025), {}},
      {"started, but past grace", started, d(5, 4, 2025), Standing::kOverdue, {}, d(2, 4, 2025)},
      {"grace from the joining day",
       late_joiner,
       d(15, 5, 2025),
       Standing::kNotStarted,
       d(30, 5, 2025),
       {}},
      {"the completion day", certified, d(10, 3, 2025), Standing::kValid, d(10, 3, 2026), {}},
      {"the day before the window", certified, d(7, 2, 2026), Standing::kValid, d(10, 3, 2026), {}},
      {"the window opens", certified, d(8, 2, 2026), Standing::kDue, d(10, 3, 2026), d(8, 2, 2026)},
      {"the expiry day is still valid (due)", certified, d(10, 3, 2026), Standing::kDue,
       d(10, 3, 2026), d(8, 2, 2026)},
      {"the day after expiry", certified, d(11, 3, 2026), Standing::kOverdue, {}, d(11, 3, 2026)},
      {"the day before revocation", revoked, d(31, 5, 2025), Standing::kValid, d(10, 3, 2026), {}},
      {"revoked: as if never certified",
       revoked,
       d(1, 6, 2025),
       Standing::kOverdue,
       {},
       d(2, 4, 2025)},
      {"exempt", exempt, d(1, 7, 2025), Standing::kExempt, d(31, 8, 2025), {}},
      {"exemption's last day", exempt, d(31, 8, 2025), Standing::kExempt, d(31, 8, 2025), {}},
      {"after the exemption", exempt, d(1, 9, 2025), Standing::kValid, d(10, 3, 2026), {}},
      {"due, before the renewal", renewed, d(28, 2, 2026), Standing::kDue, d(10, 3, 2026),
       d(8, 2, 2026)},
      {"renewed: the new cycle counts",
       renewed,
       d(11, 3, 2026),
       Standing::kValid,
       d(1, 3, 2027),
       {}},
      {"a past day still sees the old cycle",
       renewed,
       d(1, 6, 2025),
       Standing::kValid,
       d(10, 3, 2026),
       {}},
      {"the last day assigned", left, d(31, 12, 2026), Standing::kValid, d(1, 3, 2027), {}},
      {"after leaving", left, d(1, 1, 2027), Standing::kNotAssigned, {}, {}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.what);
    const StandingOn on = StandingAsOf(rule, c.facts, c.day);
    CHECK(StandingName(on.standing) == StandingName(c.standing));
    CHECK(Show(on.until) == Show(c.until));
    CHECK(Show(on.since) == Show(c.since));
  }
}

TEST_CASE("a certification that never expires is never due", "[training][cycles]") {
  const auto forever = Rule(DateRule::kFromCompletion, 0);
  Facts f;
  f.assigned_from = d(1, 1, 2025);
  f.certifications.push_back({d(1, 2, 2025), std::nullopt, std::nullopt});
  const StandingOn on = StandingAsOf(forever, f, d(1, 1, 2040));
  CHECK(on.standing == Standing::kValid);
  CHECK_FALSE(on.until);
  REQUIRE(on.certification);
  CHECK(*on.certification == 0);
}

TEST_CASE("a rule that cannot work is refused with its reason and field", "[training][cycles]") {
  struct Case {
    ValidityRule rule;
    const char* reason;
    const char* field;
  };
  const std::vector<Case> cases = {
      {{DateRule::kFromCompletion, 0, 30},
       "programme_window_without_validity",
       "renewal_window_days"},
      {{DateRule::kFromCompletion, 241}, "programme_validity_invalid", "validity_months"},
      {{DateRule::kFromCompletion, -1}, "programme_validity_invalid", "validity_months"},
      {{DateRule::kFromCompletion, 12, -1}, "programme_window_invalid", "renewal_window_days"},
      // 12 months from 1 February 2027 are 365 days.
      {{DateRule::kFromCompletion, 12, 365}, "programme_window_too_long", "renewal_window_days"},
      {{DateRule::kFixedDate, 12, 0, {2, 30}}, "programme_fixed_day_invalid", "fixed_day"},
      {{DateRule::kFixedDate, 12, 0, {2, 29}}, "programme_fixed_day_invalid", "fixed_day"},
      {{DateRule::kFixedDate, 12, 0, {13, 1}}, "programme_fixed_day_invalid", "fixed_day"},
      {{DateRule::kFixedDate, 0, 0, {12, 31}}, "programme_validity_invalid", "validity_months"},
      {{DateRule::kFixedDate, 12, 0, {12, 31}, 13},
       "programme_min_validity_invalid",
       "min_validity_months"},
      {{DateRule::kFromCompletion, 12, 0, {}, 0, -1}, "programme_grace_invalid", "grace_days"},
      {{DateRule::kFromCompletion, 12, 0, {}, 0, 3651}, "programme_grace_invalid", "grace_days"},
  };
  for (const Case& c : cases) {
    const Status s = CheckRule(c.rule);
    CAPTURE(s.ToString());
    CHECK(s.reason() == c.reason);
    CHECK(s.field() == c.field);
  }
  CHECK(CheckRule({DateRule::kFromCompletion, 12, 364}).ok());
  CHECK(CheckRule({DateRule::kFixedDate, 12, 0, {2, 28}, 12}).ok());
}

TEST_CASE("date rules have stable names", "[training][cycles]") {
  for (DateRule r : {DateRule::kFromCompletion, DateRule::kFromExpiry, DateRule::kFixedDate}) {
    CHECK(DateRuleFromName(DateRuleName(r)) == r);
  }
  CHECK(DateRuleName(DateRule::kFromExpiry) == "from_expiry");
  for (Basis b : {Basis::kNeverExpires, Basis::kFromCompletion, Basis::kExtended,
                  Basis::kAfterLapse, Basis::kBeforeWindow, Basis::kFixedDay,
                  Basis::kFixedDayMinimum}) {
    CHECK(BasisFromName(BasisName(b)) == b);
  }
  CHECK(BasisName(Basis::kFixedDayMinimum) == "fixed_day_minimum");
  CHECK(StandingName(Standing::kOverdue) == "overdue");
  CHECK_FALSE(BasisFromName("fixed-day"));
  CHECK_FALSE(DateRuleFromName("from-expiry"));
}

}  // namespace lophoc::training
