// lophoc: dispatches the subcommands (server/cli/commands.h). Each opens its
// stores through storage::OpenStores (the one place that knows the database
// engine) and wires the services it needs.
#include <malloc.h>

#include <iostream>
#include <string>
#include <vector>

#include "server/app/build_info.h"
#include "server/cli/commands.h"

namespace {

constexpr const char* kUsage =
    "lophoc: training and e-learning server for public libraries and post-office cultural "
    "points\n\n"
    "Usage: lophoc COMMAND [options]\n\n"
    "Commands:\n"
    "  version           print the version and git commit (also --version)\n"
    "  serve             run the web site and API (default 127.0.0.1:8080, ./lophoc.db)\n"
    "  check PATH        validate course packages; prints file:line: message\n"
    "  import PATH       load or update course packages into the database\n"
    "  export SLUG DIR   write a course back out as a course package\n"
    "  programmes import|export [DIR]  load programme files, or write them back out\n"
    "  reminders run [--dry-run]       write the reminders due today to the outbox\n"
    "  users add NAME    create an account (the first admin too); --password-stdin\n"
    "  tokens create NAME  print a new personal API token for an account, once\n"
    "  import-users FILE.csv  bulk-create org units, sites or accounts (--dry-run first)\n"
    "  export-users KIND  write org units, sites or accounts as CSV\n"
    "  import-gift FILE --course SLUG  put GIFT or Aiken questions into a course's quiz\n"
    "  backup DEST       copy the database consistently, also while serving, and verify it\n"
    "  restore SRC       replace the database with a verified backup (server stopped)\n\n"
    "Run 'lophoc COMMAND --help' for a command's options.\n";

}  // namespace

int main(int argc, char** argv) {
  // Blocks of 1 MiB and more (argon2id's 19 MiB, big report answers) come
  // from mmap and go back to the system when freed. glibc's default raises
  // this threshold to the size of the first such block freed, after which a
  // hashing thread keeps its 19 MiB resident for good (issue 17: resident
  // memory under 64 MB with logins).
  mallopt(M_MMAP_THRESHOLD, 1024 * 1024);
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::cout << kUsage;
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "--version" || args[0] == "version") {
    std::cout << lophoc::app::VersionLine() << "\n";
    return 0;
  }
  const std::string command = args[0];
  args.erase(args.begin());
  if (auto status = lophoc::cli::RunSubcommand(command, args)) return *status;
  std::cerr << "lophoc: unknown command '" << command << "'\n\n" << kUsage;
  return 2;
}
