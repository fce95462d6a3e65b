#include "server/app/reminder_texts.h"

namespace lophoc::app {
namespace {

using training::ReminderKind;

std::string Day(const std::optional<LocalDate>& d) { return d ? FormatLocalDate(*d) : ""; }

std::string Links(const ReminderFacts& f, const char* heading, const char* mine) {
  std::string out;
  if (!f.course_links.empty()) {
    out += heading;
    for (const auto& link : f.course_links) out += "- " + link + "\n";
  }
  out += mine + f.my_learning_link + "\n";
  return out;
}

ReminderText Vietnamese(const ReminderFacts& f) {
  const std::string quoted = "“" + f.title + "”";
  const int left = f.on.until ? DaysBetween(f.day, *f.on.until) : 0;
  ReminderText t;
  std::string what;
  switch (f.kind) {
    case ReminderKind::kWindowOpened:
      t.subject = "Đến kỳ bồi dưỡng lại: " + f.title;
      what = "Chứng nhận " + quoted + " của bạn có hiệu lực đến " + Day(f.on.until) +
             ". Bạn đã có thể học lại để gia hạn; hãy hoàn thành trước ngày đó.";
      break;
    case ReminderKind::kDays30:
      t.subject = "Còn " + std::to_string(left) + " ngày: " + f.title;
      what = "Chứng nhận " + quoted + " của bạn chỉ còn hiệu lực " + std::to_string(left) +
             " ngày, đến hết ngày " + Day(f.on.until) + ". Hãy hoàn thành các khoá học để gia hạn.";
      break;
    case ReminderKind::kExpired:
      t.subject = "Quá hạn: " + f.title;
      what = f.on.certification
                 ? "Chứng nhận " + quoted + " của bạn đã hết hiệu lực từ ngày " + Day(f.on.since) +
                       ". Hãy hoàn thành các khoá học để được chứng nhận lại."
                 : "Bạn chưa hoàn thành chương trình " + quoted + ", đã quá hạn từ ngày " +
                       Day(f.on.since) + ". Hãy hoàn thành các khoá học của chương trình.";
      break;
  }
  t.body = "Chào " + f.name + ",\n\n" + what + "\n\n" +
           Links(f, "Các khoá học cần hoàn thành:\n", "Xem việc học của bạn: ");
  return t;
}

ReminderText English(const ReminderFacts& f) {
  const std::string title = f.title_en.empty() ? f.title : f.title_en;
  const std::string quoted = "\"" + title + "\"";
  const int left = f.on.until ? DaysBetween(f.day, *f.on.until) : 0;
  ReminderText t;
  std::string what;
  switch (f.kind) {
    case ReminderKind::kWindowOpened:
      t.subject = "Time to renew: " + title;
      what = "Your certification " + quoted + " is valid until " + Day(f.on.until) +
             ". You can now retrain to renew it; please finish before that day.";
      break;
    case ReminderKind::kDays30:
      t.subject = std::to_string(left) + " days left: " + title;
      what = "Your certification " + quoted + " is valid for " + std::to_string(left) +
             " more days, until the end of " + Day(f.on.until) +
             ". Please complete the courses to renew it.";
      break;
    case ReminderKind::kExpired:
      t.subject = "Overdue: " + title;
      what = f.on.certification
                 ? "Your certification " + quoted + " has not been valid since " + Day(f.on.since) +
                       ". Please complete the courses to be certified again."
                 : "You have not completed the programme " + quoted + ", overdue since " +
                       Day(f.on.since) + ". Please complete its courses.";
      break;
  }
  t.body = "Hello " + f.name + ",\n\n" + what + "\n\n" +
           Links(f, "Courses to complete:\n", "Your learning: ");
  return t;
}

}  // namespace

ReminderText ReminderTextFor(const ReminderFacts& f) {
  ReminderText t = Vietnamese(f);
  if (!f.english) return t;
  const ReminderText en = English(f);
  t.subject += " / " + en.subject;
  t.body += "\n----\n\n" + en.body;
  return t;
}

}  // namespace lophoc::app
