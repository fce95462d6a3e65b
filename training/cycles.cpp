#include "training/cycles.h"

#include <algorithm>
#include <utility>

#include "kernel/names.h"

namespace lophoc::training {
namespace {

constexpr int kMaxValidityMonths = 240;
constexpr int kMaxGraceDays = 3650;

constexpr NameTable<DateRule, 3> kRuleNames = {{
    {DateRule::kFromCompletion, "from_completion"},
    {DateRule::kFromExpiry, "from_expiry"},
    {DateRule::kFixedDate, "fixed_date"},
}};

Status RuleProblem(std::string message, const char* reason, const char* field) {
  return Status::InvalidArgument(std::move(message)).WithReason(reason).WithField(field);
}

// The fixed day in `year`. REQUIRES: a fixed day CheckRule accepts.
LocalDate FixedDayIn(const MonthDay& f, int year) { return *MakeDate(year, f.month, f.day); }

// The last fixed day on or before `d`.
LocalDate LastFixedDayOnOrBefore(const MonthDay& f, LocalDate d) {
  const LocalDate same_year = FixedDayIn(f, d.year);
  return same_year <= d ? same_year : FixedDayIn(f, d.year - 1);
}

bool Counts(const Certification& c, LocalDate day) {
  return c.completed <= day && (!c.revoked_on || day < *c.revoked_on);
}

// a expires later than b (never expiring is latest of all); ties: later completion.
bool ExpiresLater(const Certification& a, const Certification& b) {
  if (a.valid_until != b.valid_until) {
    if (!a.valid_until) return true;
    if (!b.valid_until) return false;
    return *a.valid_until > *b.valid_until;
  }
  return a.completed > b.completed;
}

}  // namespace

std::string_view DateRuleName(DateRule rule) { return NameIn(kRuleNames, rule, "from_completion"); }

std::optional<DateRule> DateRuleFromName(std::string_view name) {
  return ValueNamed(kRuleNames, name);
}

// A switch, so that the compiler names a Basis left without a name.
std::string_view BasisName(Basis basis) {
  switch (basis) {
    case Basis::kNeverExpires:
      return "never_expires";
    case Basis::kFromCompletion:
      return "from_completion";
    case Basis::kExtended:
      return "extended";
    case Basis::kAfterLapse:
      return "after_lapse";
    case Basis::kBeforeWindow:
      return "before_window";
    case Basis::kFixedDay:
      return "fixed_day";
    case Basis::kFixedDayMinimum:
      return "fixed_day_minimum";
  }
  return "from_completion";
}

std::optional<Basis> BasisFromName(std::string_view name) {
  for (Basis b :
       {Basis::kNeverExpires, Basis::kFromCompletion, Basis::kExtended, Basis::kAfterLapse,
        Basis::kBeforeWindow, Basis::kFixedDay, Basis::kFixedDayMinimum}) {
    if (BasisName(b) == name) return b;
  }
  return std::nullopt;
}

std::string_view StandingName(Standing standing) {
  switch (standing) {
    case Standing::kNotAssigned:
      return "not_assigned";
    case Standing::kNotStarted:
      return "not_started";
    case Standing::kInProgress:
      return "in_progress";
    case Standing::kValid:
      return "valid";
    case Standing::kDue:
      return "due";
    case Standing::kOverdue:
      return "overdue";
    case Standing::kExempt:
      return "exempt";
  }
  return "not_assigned";
}

bool operator==(const MonthDay& a, const MonthDay& b) {
  return a.month == b.month && a.day == b.day;
}

bool operator==(const ValidityRule& a, const ValidityRule& b) {
  return a.rule == b.rule && a.validity_months == b.validity_months &&
         a.renewal_window_days == b.renewal_window_days && a.fixed_day == b.fixed_day &&
         a.min_validity_months == b.min_validity_months && a.grace_days == b.grace_days;
}

Status CheckRule(const ValidityRule& r) {
  if (r.validity_months < 0 || r.validity_months > kMaxValidityMonths) {
    return RuleProblem("validity_months must be from 0 to 240", "programme_validity_invalid",
                       "validity_months")
        .WithParam("value", r.validity_months);
  }
  if (r.renewal_window_days < 0) {
    return RuleProblem("renewal_window_days must not be negative", "programme_window_invalid",
                       "renewal_window_days")
        .WithParam("value", r.renewal_window_days);
  }
  if (r.validity_months == 0 && r.renewal_window_days > 0) {
    return RuleProblem(
        "a renewal window needs a validity: certifications that never expire are "
        "never due",
        "programme_window_without_validity", "renewal_window_days");
  }
  // The shortest validity of that many months (February first) must be longer than the window.
  const LocalDate from{2027, 2, 1};
  if (r.validity_months > 0 &&
      r.renewal_window_days >= DaysBetween(from, AddMonths(from, r.validity_months))) {
    return RuleProblem("the renewal window must be shorter than the validity",
                       "programme_window_too_long", "renewal_window_days")
        .WithParam("value", r.renewal_window_days);
  }
  if (r.rule == DateRule::kFixedDate) {
    // A day of every year: 2025 is not a leap year, so 29 February fails too.
    if (!MakeDate(2025, r.fixed_day.month, r.fixed_day.day)) {
      return RuleProblem("fixed_day is not a day of every year", "programme_fixed_day_invalid",
                         "fixed_day")
          .WithParam("value",
                     std::to_string(r.fixed_day.day) + "/" + std::to_string(r.fixed_day.month));
    }
    if (r.validity_months == 0) {
      return RuleProblem("a fixed-date rule needs a validity", "programme_validity_invalid",
                         "validity_months")
          .WithParam("value", 0);
    }
  }
  if (r.min_validity_months < 0 || r.min_validity_months > r.validity_months) {
    return RuleProblem("min_validity_months must be from 0 to the validity",
                       "programme_min_validity_invalid", "min_validity_months")
        .WithParam("value", r.min_validity_months);
  }
  if (r.grace_days < 0 || r.grace_days > kMaxGraceDays) {
    return RuleProblem("grace_days must be from 0 to 3650", "programme_grace_invalid", "grace_days")
        .WithParam("value", r.grace_days);
  }
  return Status::Ok();
}

Validity ValidityOf(const ValidityRule& r, LocalDate completed,
                    std::optional<LocalDate> previous_until) {
  if (r.validity_months == 0) return {std::nullopt, Basis::kNeverExpires};
  const LocalDate plain = AddMonths(completed, r.validity_months);
  switch (r.rule) {
    case DateRule::kFromCompletion:
      return {plain, Basis::kFromCompletion};
    case DateRule::kFromExpiry:
      // Inside the window (the expiry day included) the new cycle continues
      // the old one; before the window it starts from the completion, never
      // ending before the old one; after a lapse, from the completion.
      if (!previous_until) return {plain, Basis::kFromCompletion};
      if (completed > *previous_until) return {plain, Basis::kAfterLapse};
      if (completed >= WindowOpens(r, *previous_until)) {
        return {AddMonths(*previous_until, r.validity_months), Basis::kExtended};
      }
      return {std::max(plain, *previous_until), Basis::kBeforeWindow};
    case DateRule::kFixedDate: {
      // The last fixed day inside the validity, or a later one when that
      // would leave less than the minimum validity (or end before completion).
      const LocalDate floor = AddMonths(completed, r.min_validity_months);
      Validity v{LastFixedDayOnOrBefore(r.fixed_day, plain), Basis::kFixedDay};
      while (*v.until < floor) {
        v = {FixedDayIn(r.fixed_day, v.until->year + 1), Basis::kFixedDayMinimum};
      }
      return v;
    }
  }
  return {plain, Basis::kFromCompletion};
}

std::optional<LocalDate> ValidUntil(const ValidityRule& r, LocalDate completed,
                                    std::optional<LocalDate> previous_until) {
  return ValidityOf(r, completed, previous_until).until;
}

LocalDate WindowOpens(const ValidityRule& r, LocalDate until) {
  return DaysBefore(until, r.renewal_window_days);
}

StandingOn StandingAsOf(const ValidityRule& r, const Facts& f, LocalDate day) {
  StandingOn out;
  if (!f.assigned_from || day < *f.assigned_from || (f.assigned_until && day > *f.assigned_until)) {
    return out;  // not_assigned
  }
  for (const Exemption& e : f.exemptions) {
    if (e.from <= day && day <= e.until && (!out.until || e.until > *out.until)) {
      out.standing = Standing::kExempt;
      out.until = e.until;
    }
  }
  if (out.standing == Standing::kExempt) return out;

  std::optional<size_t> current;
  for (size_t i = 0; i < f.certifications.size(); ++i) {
    const Certification& c = f.certifications[i];
    if (Counts(c, day) && (!current || ExpiresLater(c, f.certifications[*current]))) current = i;
  }
  if (current) {
    const Certification& c = f.certifications[*current];
    out.certification = current;
    if (!c.valid_until) {
      out.standing = Standing::kValid;
    } else if (day > *c.valid_until) {
      out.standing = Standing::kOverdue;
      out.since = AddDays(*c.valid_until, 1);
    } else {
      const LocalDate opens = WindowOpens(r, *c.valid_until);
      out.standing = day >= opens && r.renewal_window_days > 0 ? Standing::kDue : Standing::kValid;
      out.until = c.valid_until;
      if (out.standing == Standing::kDue) out.since = opens;
    }
    return out;
  }
  const LocalDate grace_ends = AddDays(f.joined.value_or(*f.assigned_from), r.grace_days);
  if (day > grace_ends) {
    out.standing = Standing::kOverdue;
    out.since = AddDays(grace_ends, 1);
  } else {
    out.standing = f.started && *f.started <= day ? Standing::kInProgress : Standing::kNotStarted;
    out.until = grace_ends;
  }
  return out;
}

}  // namespace lophoc::training
