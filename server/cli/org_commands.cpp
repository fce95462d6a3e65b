// lophoc import-reorganisation: a reorganisation of the org tree from a CSV
// file (docs/org-history.md), previewed with --dry-run, applied all or
// nothing as the command line (an admin).
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "kernel/clock.h"
#include "server/app/org_change_service.h"
#include "server/cli/cli_support.h"
#include "server/cli/commands.h"
#include "server/cli/options.h"

namespace lophoc::cli {
namespace {

int ImportReorganisation(const ParsedArgs& parsed) {
  const std::string& path = parsed.positional[0];
  const std::string file = path == "-" ? "<stdin>" : path;
  const bool dry_run = parsed.Flag("dry-run");
  auto text = ReadFileOrStdin(path);
  if (!text.ok()) return Fail("import-reorganisation", text.status());
  auto stores = OpenStoresAt(parsed);
  if (!stores) return 1;
  SystemClock clock;
  app::OrgChangeService service(&stores->org_changes(), stores->people().directory, &clock);
  auto out = service.ImportCsv(people::Actor::CommandLine(), *text, parsed.Get("batch"), dry_run);
  if (!out.ok()) {
    const std::string& m = out.status().message();
    const size_t colon = m.find(": ");
    if (m.rfind("line ", 0) == 0 && colon != std::string::npos) {
      std::cerr << file << ":" << m.substr(5, colon - 5) << ": " << Printable(m.substr(colon + 2))
                << " (" << out.status().reason() << ")\n";
    } else {
      std::cerr << "lophoc import-reorganisation: " << Printable(m) << "\n";
    }
    std::cerr << "nothing was written\n";
    return 1;
  }
  size_t units = 0, sites = 0;
  int64_t people = 0;
  for (const auto& e : out->changes) {
    std::cout << e.change.effective_on << " " << e.change.kind << " " << e.change.subject << "\n";
    for (const auto& u : e.units) {
      std::cout << "  unit " << u.code << ": " << (u.from.empty() ? "-" : u.from) << " -> " << u.to
                << "\n";
    }
    for (const auto& s : e.sites) {
      std::cout << "  site " << s.code << ": " << (s.from.empty() ? "-" : s.from) << " -> " << s.to
                << "\n";
    }
    if (e.people > 0) std::cout << "  people: " << e.people << "\n";
    units += e.units.size();
    sites += e.sites.size();
    people += e.people;
  }
  std::cerr << out->changes.size() << " change(s), " << units << " unit move(s), " << sites
            << " site move(s), " << people << " people"
            << (dry_run ? " (dry run: nothing written)\n" : ": saved\n");
  return 0;
}

}  // namespace

std::vector<CommandSpec> OrgCommands() {
  return {
      {
          "import-reorganisation",
          "Usage: lophoc import-reorganisation FILE.csv [--dry-run] [--batch LABEL] [--db FILE]\n",
          "Applies a reorganisation of the org tree from a CSV file ('-': standard input), one\n"
          "dated change per row, in order, all or nothing (docs/org-history.md). Columns:\n"
          "effective_on,kind,subject (or code) and, as the kind needs, name (new_name), level\n"
          "(new_level), parent (new_parent), successor, site_type, site, staff_category.\n"
          "Kinds: unit_create unit_rename unit_move unit_relevel unit_merge unit_dissolve\n"
          "site_create site_move site_retype site_rename site_close person_move.\n"
          "Prints what each change moves; a refused row is reported as FILE:LINE: message.\n",
          {
              {"dry-run", "", "", "compute and print the preview, write nothing", true},
              {"batch", "", "", "label of the reorganisation (default: csv)"},
              DbOption(),
          },
          Positional(1),
          ImportReorganisation,
      },
  };
}

}  // namespace lophoc::cli
