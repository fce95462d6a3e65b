// Retraining cycles: how long a certification stays valid, when a person
// becomes due again, and where a person stands with a programme on any day.
// Everything here is a pure function of a programme's rule, a person's rows
// and a calendar day (docs/retraining.md explains each choice): callers pass
// "today" from a Clock, so the same rows always give the same answer, for
// today or for any past day. Thread-safe.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "kernel/calendar.h"
#include "kernel/status.h"

namespace lophoc::training {

// How a certification's last valid day is found (docs/retraining.md).
enum class DateRule {
  kFromCompletion,  // completion day + validity
  kFromExpiry,      // renewing inside the window extends the previous expiry
  kFixedDate,       // cycles end on one calendar day of the year
};
std::string_view DateRuleName(DateRule rule);  // "from_completion", ...
std::optional<DateRule> DateRuleFromName(std::string_view name);

// A day of the year: 31 December is {12, 31}.
struct MonthDay {
  int month = 12;
  int day = 31;
};
bool operator==(const MonthDay& a, const MonthDay& b);

// A programme's validity rule.
struct ValidityRule {
  DateRule rule = DateRule::kFromCompletion;
  int validity_months = 0;      // 0: a certification never expires
  int renewal_window_days = 0;  // a person is due this many days before expiry
  MonthDay fixed_day;           // kFixedDate: the day every cycle ends
  int min_validity_months = 0;  // kFixedDate: no cycle shorter than this
  int grace_days = 0;           // new staff: days after joining before overdue
};
bool operator==(const ValidityRule& a, const ValidityRule& b);

// OK, or InvalidArgument with a reason and the field it concerns: validity
// outside 0-240 months, a renewal window without a validity or not shorter
// than the validity, a fixed day that is not a day of every year (30
// February, 29 February), a minimum validity outside 0-validity, a grace
// period outside 0-3650 days.
Status CheckRule(const ValidityRule& rule);

// One cycle: a person certified for a programme. Rows are never deleted;
// revocation only marks the day from which the row no longer counts.
struct Certification {
  LocalDate completed;                   // the day the path was completed
  std::optional<LocalDate> valid_until;  // the last valid day; nullopt: never expires
  std::optional<LocalDate> revoked_on;   // does not count from this day on
};

// Which part of the rule decided a certification's last valid day: what
// pages say in words ("valid until 31/12/2026 because you completed on
// 14/03/2025 and the programme is valid for 24 months").
enum class Basis {
  kNeverExpires,     // validity 0
  kFromCompletion,   // completion + validity (also from_expiry's first cycle)
  kExtended,         // from_expiry, renewed inside the window: previous expiry +
                     // validity
  kAfterLapse,       // from_expiry, completed after the previous expiry: from
                     // completion
  kBeforeWindow,     // from_expiry, completed before the window: from completion
  kFixedDay,         // fixed_date: the last fixed day within the validity
  kFixedDayMinimum,  // fixed_date: a later fixed day, to keep the minimum
                     // validity
};
std::string_view BasisName(Basis basis);  // "never_expires", "from_completion", ...
std::optional<Basis> BasisFromName(std::string_view name);

struct Validity {
  std::optional<LocalDate> until;  // the last valid day; nullopt: never expires
  Basis basis = Basis::kFromCompletion;
};

// The last valid day of a certification completed on `completed`, under
// `rule`, and why; `previous_until` is the last valid day of the person's
// previous certification for the programme, if any (it matters only to
// kFromExpiry). REQUIRES: CheckRule(rule).ok().
Validity ValidityOf(const ValidityRule& rule, LocalDate completed,
                    std::optional<LocalDate> previous_until);
// ValidityOf(...).until.
std::optional<LocalDate> ValidUntil(const ValidityRule& rule, LocalDate completed,
                                    std::optional<LocalDate> previous_until);

// The first day of the renewal window of a certification whose last valid
// day is `until`: `renewal_window_days` days before it.
LocalDate WindowOpens(const ValidityRule& rule, LocalDate until);

// An exemption from `from` to `until`, both days included.
struct Exemption {
  LocalDate from;
  LocalDate until;
};

// What is known about one person and one programme.
struct Facts {
  std::optional<LocalDate> assigned_from;   // nullopt: never assigned
  std::optional<LocalDate> assigned_until;  // the last day assigned; nullopt: still
  std::optional<LocalDate> joined;          // grace starts here (assigned_from when absent)
  std::optional<LocalDate> started;         // the first learning on the programme's courses
  std::vector<Certification> certifications;
  std::vector<Exemption> exemptions;
};

enum class Standing { kNotAssigned, kNotStarted, kInProgress, kValid, kDue, kOverdue, kExempt };
std::string_view StandingName(Standing standing);  // "not_assigned", ...

// Where a person stands on a day, and the dates that explain it.
struct StandingOn {
  Standing standing = Standing::kNotAssigned;
  // kValid, kDue: the last valid day (nullopt: never expires); kExempt: the
  // exemption's last day; kNotStarted, kInProgress: the last day of grace.
  std::optional<LocalDate> until;
  // kDue: the day the window opened; kOverdue: the first overdue day.
  std::optional<LocalDate> since;
  // The certification that counts on the day (an index into
  // Facts::certifications), for kValid, kDue and an expired kOverdue.
  std::optional<size_t> certification;
};

// The person's standing on `day`, a pure function of the rows:
// - not_assigned outside the assignment;
// - exempt while an exemption covers the day;
// - valid / due / overdue by the certification with the latest last valid
//   day among those completed by `day` and not revoked on it;
// - without one: overdue after the grace period, otherwise in_progress once
//   learning started, else not_started.
// REQUIRES: CheckRule(rule).ok().
StandingOn StandingAsOf(const ValidityRule& rule, const Facts& facts, LocalDate day);

}  // namespace lophoc::training
