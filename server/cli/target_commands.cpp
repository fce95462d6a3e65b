// lophoc targets import FILE.csv [--dry-run]: a province's targets in one go
// (docs/targets.md, "Importing targets"), all or nothing.
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "kernel/clock.h"
#include "server/app/people_service.h"
#include "server/app/target_service.h"
#include "server/cli/cli_support.h"
#include "server/cli/commands.h"

namespace lophoc::cli {
namespace {

// The body of lophoc targets, after the preamble.
int Targets(const ParsedArgs& parsed) {
  const std::string& path = parsed.positional[1];
  const std::string file = path == "-" ? "<stdin>" : path;
  const bool dry_run = parsed.Flag("dry-run");
  auto text = ReadFileOrStdin(path);
  if (!text.ok()) return Fail("targets import", text.status());
  auto stores = OpenStoresAt(parsed);
  if (!stores) return 1;
  SystemClock clock;
  app::PeopleService people(stores->people(), &clock);
  app::TargetService targets(&stores->targets(), &stores->programmes(), &people, &clock);
  auto report = targets.Import(people::Actor::CommandLine(), *text, dry_run);
  if (!report.ok()) {
    std::cerr << "lophoc targets import: " << file << ": " << report.status().message() << "\n";
    return 1;
  }
  for (const auto& r : report->refused) {
    std::cerr << file << ":" << r.line << ": " << r.why.message() << "\n";
  }
  if (!report->refused.empty()) {
    std::cerr << report->refused.size() << " problem(s) among " << report->rows
              << " row(s); nothing was written\n";
    return 1;
  }
  if (dry_run) {
    std::cerr << report->rows << " target(s) would be created (dry run: nothing written)\n";
  } else {
    std::cerr << "created " << report->created << " target(s)\n";
  }
  return 0;
}

}  // namespace

std::vector<CommandSpec> TargetCommands() {
  return {
      {
          "targets",
          "Usage: lophoc targets import FILE.csv [--dry-run] [--db FILE]\n",
          "import: creates the targets of a CSV file ('-': standard input) in one\n"
          "transaction, or none: every bad row is reported as FILE:LINE: why, and nothing\n"
          "is written when there is one. Columns (header first, any order): kind, title,\n"
          "org, percent, starts_on, deadline (required), source, programme, site_types,\n"
          "staff_categories, window_days; lists written a|b. See docs/targets.md and the\n"
          "example docs/examples/targets-2025.csv.\n",
          {
              {"dry-run", "", "", "check every row and write nothing", true},
              DbOption(),
          },
          [](const ParsedArgs& p) {
            return p.positional.size() == 2 && p.positional[0] == "import";
          },
          Targets,
      },
  };
}

}  // namespace lophoc::cli
