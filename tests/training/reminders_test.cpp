#include "training/reminders.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "tests/training/dates.h"

namespace lophoc::training {
namespace {

std::string Said(const std::optional<ReminderDue>& r) {
  if (!r) return "none";
  std::string out(ReminderKindName(r->kind));
  out += r->certification ? "#" + std::to_string(*r->certification) : std::string("#first");
  return out;
}

}  // namespace

TEST_CASE("which reminder a day calls for, over one cycle and its renewal", "[reminders]") {
  // 24 months from completion, due 60 days before: completed 14/03/2025, the
  // last valid day is 14/03/2027, the window opens 13/01/2027, 30 days are
  // left from 12/02/2027, expired from 15/03/2027.
  const ValidityRule rule{DateRule::kFromCompletion, 24, 60, {}, 0, 30};
  REQUIRE(CheckRule(rule).ok());
  Facts one;
  one.assigned_from = d(1, 1, 2025);
  one.certifications = {{d(14, 3, 2025), d(14, 3, 2027), std::nullopt}};
  Facts renewed = one;  // renewed on 20/01/2027: valid until 20/01/2029
  renewed.certifications.push_back({d(20, 1, 2027), d(20, 1, 2029), std::nullopt});
  Facts exempt = one;
  exempt.exemptions = {{d(1, 1, 2027), d(30, 6, 2027)}};
  Facts never;  // joined 01/03/2026, 30 days of grace: overdue from 01/04/2026
  never.assigned_from = d(1, 3, 2026);
  Facts revoked = one;
  revoked.certifications[0].revoked_on = d(1, 6, 2026);
  const ValidityRule forever{DateRule::kFromCompletion, 0, 0, {}, 0, 0};
  Facts never_expires = one;
  never_expires.certifications[0].valid_until = std::nullopt;
  const ValidityRule short_window{DateRule::kFromCompletion, 12, 14, {}, 0, 0};
  Facts short_one;  // 12 months, window 14 days: valid until 10/05/2027
  short_one.assigned_from = d(1, 1, 2026);
  short_one.certifications = {{d(10, 5, 2026), d(10, 5, 2027), std::nullopt}};

  struct Case {
    const char* what;
    ValidityRule rule;
    Facts facts;
    LocalDate day;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {"valid, the window not open", rule, one, d(12, 1, 2027), "none"},
      {"the window's first day", rule, one, d(13, 1, 2027), "window_opened#0"},
      {"31 days left", rule, one, d(11, 2, 2027), "window_opened#0"},
      {"30 days left", rule, one, d(12, 2, 2027), "days_30#0"},
      {"the last valid day", rule, one, d(14, 3, 2027), "days_30#0"},
      {"the day after", rule, one, d(15, 3, 2027), "expired#0"},
      {"years later", rule, one, d(1, 1, 2030), "expired#0"},
      {"renewed inside the window", rule, renewed, d(1, 2, 2027), "none"},
      {"the renewal's own window", rule, renewed, d(21, 11, 2028), "window_opened#1"},
      {"exempt in the window", rule, exempt, d(13, 1, 2027), "none"},
      {"after the exemption", rule, exempt, d(1, 7, 2027), "expired#0"},
      {"never certified, within grace", rule, never, d(31, 3, 2026), "none"},
      {"never certified, grace over", rule, never, d(1, 4, 2026), "expired#first"},
      {"not yet assigned", rule, never, d(28, 2, 2026), "none"},
      {"revoked: as never certified", rule, revoked, d(1, 6, 2026), "expired#first"},
      {"never expires", forever, never_expires, d(1, 1, 2040), "none"},
      {"window shorter than 30 days: 31 left", short_window, short_one, d(9, 4, 2027), "none"},
      {"window shorter than 30 days: 30 left", short_window, short_one, d(10, 4, 2027),
       "days_30#0"},
      {"window shorter than 30 days: in it", short_window, short_one, d(26, 4, 2027), "days_30#0"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.what, Show(c.day));
    const StandingOn on = StandingAsOf(c.rule, c.facts, c.day);
    CHECK(Said(ReminderFor(on, c.day)) == c.expected);
  }
}

TEST_CASE("reminder kinds round-trip through their names", "[reminders]") {
  for (auto kind : {ReminderKind::kWindowOpened, ReminderKind::kDays30, ReminderKind::kExpired}) {
    CHECK(ReminderKindFromName(ReminderKindName(kind)) == kind);
  }
  CHECK_FALSE(ReminderKindFromName("soon"));
}

}  // namespace lophoc::training
