// The words of a reminder: its subject and plain-text body, in Vietnamese,
// followed by English for a person who reads English (docs/retraining.md,
// "Reminders"). Pure; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "kernel/calendar.h"
#include "training/cycles.h"
#include "training/reminders.h"

namespace lophoc::app {

struct ReminderFacts {
  std::string name;      // the person's display name
  std::string title;     // the programme's title (Vietnamese)
  std::string title_en;  // its English title; empty: the Vietnamese one
  training::ReminderKind kind = training::ReminderKind::kWindowOpened;
  training::StandingOn on;  // the standing on `day`
  LocalDate day;
  std::vector<std::string> course_links;  // the courses still to do, as absolute or site links
  std::string my_learning_link;           // ".../me"
  bool english = false;                   // add the English text
};

struct ReminderText {
  std::string subject;
  std::string body;
};

ReminderText ReminderTextFor(const ReminderFacts& f);

}  // namespace lophoc::app
