#include "training/reminders.h"

#include "training/reminder_store.h"

namespace lophoc::training {

std::string_view ReminderKindName(ReminderKind kind) {
  switch (kind) {
    case ReminderKind::kWindowOpened:
      return "window_opened";
    case ReminderKind::kDays30:
      return "days_30";
    case ReminderKind::kExpired:
      return "expired";
  }
  return "window_opened";
}

std::optional<ReminderKind> ReminderKindFromName(std::string_view name) {
  for (auto kind : {ReminderKind::kWindowOpened, ReminderKind::kDays30, ReminderKind::kExpired}) {
    if (ReminderKindName(kind) == name) return kind;
  }
  return std::nullopt;
}

std::string_view ReminderChannelName(ReminderChannel channel) {
  return channel == ReminderChannel::kEmail ? "email" : "in_app";
}

std::optional<ReminderDue> ReminderFor(const StandingOn& on, LocalDate day) {
  switch (on.standing) {
    case Standing::kOverdue:
      return ReminderDue{ReminderKind::kExpired, on.certification};
    case Standing::kDue:
    case Standing::kValid: {
      if (!on.until) return std::nullopt;  // never expires
      if (DaysBetween(day, *on.until) <= kLastDaysReminder) {
        return ReminderDue{ReminderKind::kDays30, on.certification};
      }
      if (on.standing == Standing::kDue) {
        return ReminderDue{ReminderKind::kWindowOpened, on.certification};
      }
      return std::nullopt;
    }
    default:
      return std::nullopt;
  }
}

}  // namespace lophoc::training
