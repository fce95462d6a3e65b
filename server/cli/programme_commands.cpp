// lophoc programmes import|export: programme files in and out of the
// database (docs/programme-format.md, "Programmes in the database").
#include <iostream>

#include "kernel/clock.h"
#include "server/app/programme_service.h"
#include "server/cli/cli_support.h"
#include "server/cli/commands.h"

namespace lophoc::cli {
namespace {

// The folder named after the action, or `fallback`.
std::string FolderOr(const ParsedArgs& parsed, const std::string& fallback) {
  return parsed.positional.size() > 1 ? parsed.positional[1] : fallback;
}

int ImportProgrammes(app::ProgrammeService& programmes, const std::string& dir) {
  Diagnostics diags;
  auto report = programmes.ImportFolder(dir, "import", diags);
  PrintDiagnostics(diags);
  if (!report.ok()) return Fail("programmes import", report.status());
  PrintProgrammeImport(report->imported);
  if (report->refused > 0) {
    std::cerr << report->refused << " programme file(s) refused because of errors\n";
    return 1;
  }
  return 0;
}

int ExportProgrammes(app::ProgrammeService& programmes, const std::string& dir) {
  auto written = programmes.ExportFolder(dir);
  if (!written.ok()) return Fail("programmes export", written.status());
  std::cerr << "exported " << *written << " programme(s) to " << dir << "\n";
  return 0;
}

// The body of lophoc programmes, after the preamble.
int Programmes(const ParsedArgs& parsed) {
  auto stores = OpenStoresAt(parsed);
  if (!stores) return 1;
  SystemClock clock;
  app::ProgrammeService programmes(&stores->programmes(), &stores->courses(), &clock);
  if (parsed.positional[0] == "import") {
    return ImportProgrammes(programmes, FolderOr(parsed, DefaultDir("content") + "/programmes"));
  }
  return ExportProgrammes(programmes, FolderOr(parsed, "programmes"));
}

}  // namespace

std::vector<CommandSpec> ProgrammeCommands() {
  return {
      {
          "programmes",
          "Usage: lophoc programmes import [DIR] | export [DIR] [--db FILE]\n",
          "import: reads the programme files (*.md) of DIR (default: the bundled\n"
          "content/programmes) into the database. The courses they name must be in the\n"
          "database already. An unchanged programme adds nothing, a changed one adds a\n"
          "revision; a file with errors is refused (exit status 1).\n"
          "export: writes the current revision of every programme as SLUG.md into DIR\n"
          "(default: ./programmes; files of the same name are replaced).\n",
          {DbOption()},
          [](const ParsedArgs& p) {
            return (p.positional.size() == 1 || p.positional.size() == 2) &&
                   (p.positional[0] == "import" || p.positional[0] == "export");
          },
          Programmes,
      },
  };
}

}  // namespace lophoc::cli
