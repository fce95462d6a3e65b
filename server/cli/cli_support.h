// What every lophoc subcommand shares: the preamble (parse the options,
// answer --help, check the arguments, open the stores at --db), reporting
// errors the same way, and printing diagnostics and import reports.
// Not thread-safe (they write to stdout and stderr).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "kernel/clock.h"
#include "kernel/diagnostics.h"
#include "server/app/content_service.h"
#include "server/app/periodic.h"
#include "server/app/readiness.h"
#include "server/app/reminder_service.h"
#include "server/app/smtp_sender.h"
#include "server/cli/options.h"
#include "server/storage/stores.h"

namespace lophoc::app {
class PeopleService;
}  // namespace lophoc::app

namespace lophoc::cli {

// A subcommand: what it says about itself, for the shared preamble, and its
// body.
struct CommandSpec {
  std::string name;   // "import-users"
  std::string usage;  // "Usage: lophoc import-users FILE.csv [--dry-run] ...\n"
  std::string help;   // the paragraphs --help prints after the usage, ending in "\n"
  std::vector<OptionSpec> options;
  // Whether the parsed arguments make a call the command can run; empty:
  // any. A call it refuses gets the usage on stderr and exit status 2.
  std::function<bool(const ParsedArgs&)> accepts;
  // The body, run after the preamble; returns the exit status.
  std::function<int(const ParsedArgs&)> run;
};

// The subcommands each file defines, in the order `lophoc --help` lists them.
std::vector<CommandSpec> ServerCommands();   // serve (commands.cpp)
std::vector<CommandSpec> AccountCommands();  // users, tokens (account_commands.cpp)
std::vector<CommandSpec> ContentCommands();  // check, import, export
std::vector<CommandSpec> PeopleCommands();   // import-users, export-users
// lophoc users phone-collisions: the accounts sharing a phone number, one
// line each, grouped by number (people_commands.cpp); exit status 0.
int ReportPhoneCollisions(const ParsedArgs& parsed);
// One warning line on stderr when accounts share a phone number (at start).
void WarnOfPhoneCollisions(app::PeopleService& people);
std::vector<CommandSpec> OrgCommands();        // import-reorganisation (org_commands.cpp)
std::vector<CommandSpec> QuizCommands();       // import-gift
std::vector<CommandSpec> ProgrammeCommands();  // programmes import|export
std::vector<CommandSpec> ReminderCommands();   // reminders run (reminder_commands.cpp)
std::vector<CommandSpec> BackupCommands();     // backup, restore (backup_commands.cpp)
std::vector<CommandSpec> DemoDataCommands();   // demo-data (demo_data_command.cpp)
std::vector<CommandSpec> TargetCommands();     // targets import (target_commands.cpp)

// --smtp-url, --smtp-from, --smtp-user, --smtp-password-file (the password
// may also come from LOPHOC_SMTP_PASSWORD).
std::vector<OptionSpec> SmtpOptionSpecs();
// The SMTP settings `parsed` holds (url empty: not configured), or nullopt
// after printing "lophoc COMMAND: why" on stderr.
std::optional<app::SmtpOptions> ReadSmtpOptions(const ParsedArgs& parsed,
                                                const std::string& command);

// How often the server looks whether the daily reminder job is due, and
// delivers the outbox's emails when a sender is set.
inline constexpr std::chrono::minutes kDailyReminderTick{10};

// lophoc serve's reminder job: every kDailyReminderTick, runs
// ReminderService::Run once a day from `hour` (local time; < 0: never), then
// delivers the outbox through `sender` when there is one. Stops (and joins)
// when destroyed. `reminders` and `clock` must outlive it.
class DailyReminders {
 public:
  DailyReminders(app::ReminderService& reminders, int hour, std::unique_ptr<app::MailSender> sender,
                 const Clock& clock);
  void Stop() { periodic_.Stop(); }

 private:
  std::unique_ptr<app::MailSender> sender_;
  std::optional<LocalDate> last_run_;  // only the periodic's thread touches it
  app::Periodic periodic_{app::Periodic::AtStop::kJustStop};
};

// `accepts` for a command taking exactly `n` positional arguments.
std::function<bool(const ParsedArgs&)> Positional(size_t n);

// The preamble every command runs, then `spec.run`: parses `args` by `spec`;
// --help prints the usage, help and options on stdout (exit status 0); a
// bad option ("lophoc NAME: error") or a call `spec.accepts` refuses prints
// the usage on stderr (exit status 2). Else the exit status of `spec.run`.
// A configuration file may also hold `settings_elsewhere` (the settings of
// the other commands), which this command skips.
int RunCommand(const CommandSpec& spec, const std::vector<std::string>& args,
               const std::set<std::string>& settings_elsewhere = {});

// Prints "lophoc COMMAND: NAME = 'VALUE' (from ORIGIN): must be EXPECTED" on
// stderr, naming the flag, variable or file and line the value came from.
void PrintBadValue(const std::string& command, const ParsedArgs& parsed, const std::string& name,
                   const std::string& expected);

// /readyz's database checks over `stores` (which must outlive `readiness`):
// "database" (takes a write now; "disk full: ..." or "read-only: ..." when
// the storage refuses writes) and "schema" (the version this binary migrates
// to).
void AddStoreReadinessChecks(app::Readiness& readiness, storage::Stores& stores);
// /readyz's "content" check: the folder of bundled course packages is there
// (when it is not, the server goes on serving what it imported before).
void AddContentReadinessCheck(app::Readiness& readiness, const std::string& dir);

// --db FILE (LOPHOC_DB), default ./lophoc.db.
OptionSpec DbOption();

// Initialises libsodium and opens the stores at --db with `connections`
// connections; nullptr after printing "lophoc: why" on stderr.
std::unique_ptr<storage::Stores> OpenStoresAt(const ParsedArgs& parsed, int connections = 1);

// Prints "lophoc COMMAND: message" on stderr; returns exit status 1.
int Fail(const std::string& command, const Status& status);

// The whole of file `path`, or of standard input for "-" (an import's
// input). IOError naming the file when it cannot be read.
Result<std::string> ReadFileOrStdin(const std::string& path);
// Text from a file for the terminal: control characters shown as '?'.
std::string Printable(std::string s);

// Every diagnostic as "file:line: message" on stderr.
void PrintDiagnostics(const Diagnostics& diags);
// A whole decimal number in [lo, hi]; nullopt for "12x", "", overflow.
std::optional<long> ParseNumber(const std::string& s, long lo, long hi);
// One line per course imported: created, updated, unchanged or kept; then
// one per programme (PrintProgrammeImport).
void PrintImport(const app::ImportReport& report);
// One line per programme imported: "created programme SLUG (revision N)".
void PrintProgrammeImport(const std::vector<app::ImportedProgramme>& imported);

}  // namespace lophoc::cli
