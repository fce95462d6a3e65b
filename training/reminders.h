// Reminders of a retraining programme: which reminder a person's standing
// on a day calls for (docs/retraining.md, "Reminders"). A pure function of
// the standing computed by StandingAsOf and the day; the daily job
// (app::ReminderService) writes what it answers to an outbox, at most once
// per (person, programme, cycle, kind). Thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "kernel/calendar.h"
#include "training/cycles.h"

namespace lophoc::training {

// What a reminder says, in the order a cycle meets them.
enum class ReminderKind {
  kWindowOpened,  // the renewal window is open (status due)
  kDays30,        // 30 days or fewer are left before the last valid day
  kExpired,       // overdue: expired, or past the grace period without a first certification
};
std::string_view ReminderKindName(ReminderKind kind);  // "window_opened", "days_30", "expired"
std::optional<ReminderKind> ReminderKindFromName(std::string_view name);

// A reminder the day calls for.
struct ReminderDue {
  ReminderKind kind = ReminderKind::kWindowOpened;
  // The certification whose cycle it is about (an index into
  // Facts::certifications, as StandingOn::certification), nullopt for a
  // person never certified (the first certification is overdue): the
  // outbox's cycle is then 0.
  std::optional<size_t> certification;
};

// How many days before the last valid day kDays30 starts.
constexpr int kLastDaysReminder = 30;

// The reminder `on` (the standing on `day`) calls for, or nullopt:
// - due with 30 days or fewer left (0 on the last valid day), or valid with
//   30 days or fewer left (a window shorter than 30 days, or none): kDays30;
// - due with more left: kWindowOpened;
// - overdue: kExpired;
// - anything else (valid with more left, never expiring, exempt, not
//   assigned, not started, in progress within the grace period): nullopt.
// Only the most urgent kind is answered: a job that first runs ten days
// before the expiry sends "30 days left", not also "the window opened".
std::optional<ReminderDue> ReminderFor(const StandingOn& on, LocalDate day);

}  // namespace lophoc::training
