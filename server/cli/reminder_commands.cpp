// lophoc reminders run: the daily reminder job by hand (docs/retraining.md,
// "Reminders"), and what lophoc serve needs to run it once a day and to
// deliver the outbox by SMTP.
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>

#include "kernel/clock.h"
#include "server/app/certification_service.h"
#include "server/app/log.h"
#include "server/app/people_service.h"
#include "server/app/reminder_service.h"
#include "server/app/smtp_sender.h"
#include "server/cli/cli_support.h"
#include "server/cli/commands.h"

namespace lophoc::cli {
namespace {

// "Nhắc nhở: 3 mở cửa sổ, 1 còn 30 ngày, 2 quá hạn; 0 đã gửi trước đó".
std::string Summary(const app::ReminderRun& run) {
  return "Nhắc nhở: " + std::to_string(run.window_opened) + " mở cửa sổ, " +
         std::to_string(run.days_30) + " còn 30 ngày, " + std::to_string(run.expired) +
         " quá hạn; " + std::to_string(run.already) + " đã gửi trước đó";
}

void PrintRows(const app::ReminderRun& run) {
  for (const auto& row : run.rows) {
    std::cout << "user " << row.user_id << "\t" << row.programme << "\tcycle " << row.cycle << "\t"
              << training::ReminderKindName(row.kind) << "\t"
              << training::ReminderChannelName(row.channel)
              << (row.address.empty() ? "" : " " + row.address) << "\t" << row.subject << "\n";
  }
}

std::string DeliverySummary(const app::DeliveryReport& r) {
  return "Email: " + std::to_string(r.sent) + " đã gửi, " + std::to_string(r.failed) + " lỗi, " +
         std::to_string(r.waiting) + " chờ gửi lại";
}

// The body of lophoc reminders run, after the preamble.
int RunReminders(const ParsedArgs& parsed) {
  std::optional<LocalDate> day;
  if (!parsed.Get("as-of").empty()) {
    day = ParseDayText(parsed.Get("as-of"));
    if (!day) {
      std::cerr << "lophoc reminders: --as-of must be a date YYYY-MM-DD or DD/MM/YYYY\n";
      return 2;
    }
  }
  auto smtp = ReadSmtpOptions(parsed, "reminders");
  if (!smtp) return 2;
  auto stores = OpenStoresAt(parsed);
  if (!stores) return 1;
  SystemClock clock;
  app::PeopleService people(stores->people(), &clock);
  app::CertificationService certifications(&stores->programmes(), &stores->certifications(),
                                           &stores->assignments(), &clock,
                                           &stores->exemptions());
  app::ReminderOptions options;
  options.public_url = parsed.Get("public-url");
  app::ReminderService reminders(&certifications, &people, &stores->reminders(), &clock, options);
  const bool dry = parsed.Flag("dry-run");
  auto run = reminders.Run(day, dry);
  if (!run.ok()) return Fail("reminders", run.status());
  if (dry) PrintRows(*run);
  std::cout << Summary(*run) << (dry ? " (chạy thử: không ghi gì)" : "") << "\n";
  if (dry || smtp->url.empty()) return 0;
  app::SmtpSender sender(*smtp);
  auto delivered = reminders.Deliver(sender);
  if (!delivered.ok()) return Fail("reminders", delivered.status());
  std::cout << DeliverySummary(*delivered) << "\n";
  return 0;
}

}  // namespace

std::vector<OptionSpec> SmtpOptionSpecs() {
  return {
      {"smtp-url", "LOPHOC_SMTP_URL", "",
       "SMTP server for reminder emails, e.g. smtp://mail.example.vn:587 (empty: no email)"},
      {"smtp-from", "LOPHOC_SMTP_FROM", "", "sender address of reminder emails"},
      {"smtp-user", "LOPHOC_SMTP_USER", "",
       "SMTP user name (password: LOPHOC_SMTP_PASSWORD "
       "or --smtp-password-file)"},
      {"smtp-password-file", "LOPHOC_SMTP_PASSWORD_FILE", "",
       "file whose first line is the SMTP password"},
  };
}

std::optional<app::SmtpOptions> ReadSmtpOptions(const ParsedArgs& parsed,
                                                const std::string& command) {
  app::SmtpOptions out;
  out.url = parsed.Get("smtp-url");
  out.from = parsed.Get("smtp-from");
  out.user = parsed.Get("smtp-user");
  if (out.url.empty()) return out;
  if (out.url.rfind("smtp://", 0) != 0 && out.url.rfind("smtps://", 0) != 0) {
    std::cerr << "lophoc " << command << ": --smtp-url must start with smtp:// or smtps://\n";
    return std::nullopt;
  }
  if (out.from.empty() || out.from.find('@') == std::string::npos) {
    std::cerr << "lophoc " << command << ": --smtp-url needs --smtp-from ADDRESS\n";
    return std::nullopt;
  }
  if (const char* pw = std::getenv("LOPHOC_SMTP_PASSWORD")) out.password = pw;
  if (!parsed.Get("smtp-password-file").empty()) {
    std::ifstream in(parsed.Get("smtp-password-file"));
    if (!in || !std::getline(in, out.password)) {
      std::cerr << "lophoc " << command << ": cannot read --smtp-password-file\n";
      return std::nullopt;
    }
    if (!out.password.empty() && out.password.back() == '\r') out.password.pop_back();
  }
  return out;
}

DailyReminders::DailyReminders(app::ReminderService& reminders, int hour,
                               std::unique_ptr<app::MailSender> sender, const Clock& clock)
    : sender_(std::move(sender)) {
  if (hour < 0) return;  // off
  periodic_.Start(kDailyReminderTick, [this, &reminders, hour, &clock] {
    const LocalDateTime now = ToLocal(clock.Now());
    if (app::DailyRunDue(now, hour, last_run_)) {
      auto run = reminders.Run(now.date, false);
      if (run.ok()) {
        last_run_ = now.date;
        app::Log(app::LogLevel::kInfo, Summary(*run));
      } else {
        app::Log(app::LogLevel::kWarn, "reminders not written",
                 {{"error", run.status().message()}});
      }
    }
    if (!sender_) return;
    auto delivered = reminders.Deliver(*sender_);
    if (!delivered.ok()) {
      app::Log(app::LogLevel::kWarn, "reminder emails not delivered",
               {{"error", delivered.status().message()}});
    } else if (delivered->sent + delivered->failed > 0) {
      app::Log(app::LogLevel::kInfo, DeliverySummary(*delivered));
    }
  });
}

std::vector<CommandSpec> ReminderCommands() {
  std::vector<OptionSpec> options = {
      {"dry-run", "", "", "write nothing; print what would be written", true},
      {"as-of", "", "", "the day to run for, YYYY-MM-DD or DD/MM/YYYY (default: today)"},
      {"public-url", "LOPHOC_PUBLIC_URL", "",
       "address people reach the site at, for the course links in the texts"},
      DbOption(),
  };
  for (auto& o : SmtpOptionSpecs()) options.push_back(std::move(o));
  return {
      {
          "reminders",
          "Usage: lophoc reminders run [--dry-run] [--as-of YYYY-MM-DD] [--db FILE]\n",
          "Writes the reminders due today (window opened, 30 days left, expired) to the\n"
          "outbox, at most once per person, programme, cycle and kind, and prints a summary.\n"
          "Never to a disabled account, an exempt or renewed person, or for a retired\n"
          "programme. With --smtp-url, then sends the email rows not sent yet.\n"
          "lophoc serve runs the same job once a day (--reminder-hour).\n",
          options,
          [](const ParsedArgs& p) { return p.positional.size() == 1 && p.positional[0] == "run"; },
          RunReminders,
      },
  };
}

}  // namespace lophoc::cli
