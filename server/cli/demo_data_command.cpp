// lophoc demo-data (docs/demo-data.md): fills a fresh database with the
// national demo dataset, with a progress bar on a terminal and a summary.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>

#include "kernel/calendar.h"
#include "kernel/clock.h"
#include "server/app/content_service.h"
#include "server/app/crypto.h"
#include "server/app/programme_service.h"
#include "server/cli/cli_support.h"
#include "server/cli/commands.h"
#include "server/cli/demo_data.h"
#include "server/storage/database.h"

namespace lophoc::cli {
namespace {

// The password of every demo account (docs/demo-data.md).
constexpr const char* kDemoPassword = "lophoc-demo-2026";

// A clock stopped at `day` 08:00 local: the bundled content is imported "on
// that day", so the same seed and day give the same rows.
class StoppedClock : public Clock {
 public:
  explicit StoppedClock(int day)
      : at_(std::chrono::system_clock::time_point(
            std::chrono::seconds(static_cast<int64_t>(day) * 86400 + 1 * 3600))) {}
  std::chrono::system_clock::time_point Now() const override { return at_; }

 private:
  std::chrono::system_clock::time_point at_;
};

// One argon2id string for kDemoPassword (libsodium's interactive cost),
// computed once and given to every demo account: hashing 225,000 passwords
// would take hours. Its salt is random: the one column that differs between
// two runs with the same seed.
std::string DemoPasswordHash() {
  return app::HashPassword(kDemoPassword, app::PasswordCost::Interactive());
}

void DrawBar(double share, const std::string& what) {
  constexpr int kWidth = 30;
  const int filled = static_cast<int>(share * kWidth + 0.5);
  std::string bar(filled, '#');
  bar.resize(kWidth, '.');
  std::fprintf(stderr, "\r[%s] %3d%% %-32s", bar.c_str(), static_cast<int>(share * 100 + 0.5),
               what.c_str());
  if (share >= 1.0) std::fputc('\n', stderr);
  std::fflush(stderr);
}

int RunDemoData(const ParsedArgs& parsed) {
  auto seed = ParseNumber(parsed.Get("seed"), 0, 2147483647);
  if (!seed) {
    PrintBadValue("demo-data", parsed, "seed", "a whole number from 0 to 2147483647");
    return 2;
  }
  double scale = 0;
  try {
    size_t used = 0;
    scale = std::stod(parsed.Get("scale"), &used);
    if (used != parsed.Get("scale").size()) scale = 0;
  } catch (const std::exception&) {
  }
  if (!(scale >= 0.001 && scale <= 4)) {
    PrintBadValue("demo-data", parsed, "scale", "a number from 0.001 to 4 (1: national)");
    return 2;
  }
  SystemClock system;
  LocalDate today = LocalDateOf(system.Now());
  if (!parsed.Get("today").empty()) {
    auto day = ParseDayText(parsed.Get("today"));
    if (!day || *day > LocalDateOf(system.Now())) {
      PrintBadValue("demo-data", parsed, "today", "a past day, YYYY-MM-DD or DD/MM/YYYY");
      return 2;
    }
    today = *day;
  }
  demo::Options options;
  options.seed = static_cast<uint64_t>(*seed);
  options.scale = scale;
  options.today = demo::DayNumber(today.year, today.month, today.day);
  if (options.today < demo::DayNumber(2025, 8, 1)) {
    PrintBadValue("demo-data", parsed, "today",
                  "a day after 31/07/2025 (the 2025 reform is in it)");
    return 2;
  }
  const auto started = std::chrono::steady_clock::now();
  auto stores = OpenStoresAt(parsed);
  if (!stores) return 1;
  if (stores->sqlite() == nullptr) return Fail("demo-data", Status::Unsupported("SQLite only"));
  {
    // Refuse before importing anything.
    auto conn = stores->sqlite()->Acquire();
    auto rows =
        conn->Prepare("SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM org_units)");
    if (!rows.ok()) return Fail("demo-data", rows.status());
    auto step = rows->Step();
    if (!step.ok()) return Fail("demo-data", step.status());
    if (rows->ColumnInt(0) > 0) {
      return Fail("demo-data", Status::Conflict("demo data goes into a fresh database"));
    }
  }
  StoppedClock clock(options.today);
  app::ProgrammeService programmes(&stores->programmes(), &stores->courses(), &clock);
  app::ContentService content(&stores->courses(), &clock, &programmes);
  Diagnostics diags;
  auto imported = content.Import(parsed.Get("content"), "bundled", diags);
  PrintDiagnostics(diags);
  if (!imported.ok()) return Fail("demo-data", imported.status());
  options.password_hash = DemoPasswordHash();
  if (options.password_hash.empty()) {
    return Fail("demo-data", Status::Unavailable("cannot hash the demo password"));
  }
  if (isatty(STDERR_FILENO)) options.progress = DrawBar;
  auto counts = demo::Generate(*stores->sqlite(), options);
  if (!counts.ok()) return Fail("demo-data", counts.status());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const demo::Counts& c = *counts;
  char line[1024];
  std::snprintf(
      line, sizeof line,
      "demo data (seed %ld, scale %g, to %s): %lld provinces until 30/06/2025, %lld from "
      "01/07/2025, %lld districts, %lld communes before, %lld after, %lld org changes, "
      "%lld sites (%lld public-access), %lld staff, %lld citizens, %lld individual "
      "assignments, %lld enrolments, %lld "
      "lessons read, %lld quiz attempts, %lld completions, %lld certifications, %lld "
      "visit-days, %lld visits (last 30 days), %lld learner-years, %lld targets in %.1f s",
      *seed, scale, FormatIsoDate(today).c_str(), (long long)c.provinces_before,
      (long long)c.provinces_after, (long long)c.districts, (long long)c.communes_before,
      (long long)c.communes_after, (long long)c.org_changes, (long long)c.sites,
      (long long)c.kiosks, (long long)c.staff, (long long)c.citizens, (long long)c.assignments,
      (long long)c.enrolments, (long long)c.lesson_progress, (long long)c.attempts,
      (long long)c.completions, (long long)c.certifications, (long long)c.visit_days,
      (long long)c.visits, (long long)c.learner_years, (long long)c.targets, seconds);
  std::cerr << line << "\n";
  return 0;
}

}  // namespace

std::vector<CommandSpec> DemoDataCommands() {
  return {
      {
          "demo-data",
          "Usage: lophoc demo-data [--db FILE] [--seed N] [--scale F] [--today YYYY-MM-DD]\n",
          "Fills a fresh database (no accounts, no org units) with a national demo dataset:\n"
          "63 provinces with districts and communes until 30/06/2025 and the 34 provinces\n"
          "of the 2025 reform after (as org changes on 01/07/2025), about 8,000 sites,\n"
          "25,000 staff, 200,000 citizens and five years of learning, certifications and\n"
          "visits, with the seeds' targets (docs/demo-data.md). Deterministic: the same\n"
          "seed, scale and --today give the same database. Every account's password is\n"
          "lophoc-demo-2026; the admin is 'admin'.\n",
          {
              {"seed", "", "1", "what the random draws start from"},
              {"scale", "", "1", "share of the national figures (0.01: a small dataset)"},
              {"today", "", "", "the last day of history (default: today)"},
              {"content", "", DefaultDir("content"), "course packages imported first"},
              DbOption(),
          },
          Positional(0),
          RunDemoData,
      },
  };
}

}  // namespace lophoc::cli
