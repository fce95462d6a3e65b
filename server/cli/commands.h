// The lophoc subcommands: serve, check, import, export, users add, tokens
// create (docs/people.md), import-users and export-users
// (server/cli/people_commands.cpp), import-gift (server/cli/quiz_commands.cpp),
// programmes import|export (server/cli/programme_commands.cpp).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace lophoc::cli {

// Runs the subcommand `name` with the arguments after its name and returns
// its exit code (0 ok, 1 failure, 2 usage error); nullopt when lophoc has no
// such subcommand.
std::optional<int> RunSubcommand(const std::string& name, const std::vector<std::string>& args);

// Where bundled files live: ./NAME when it exists (running from a checkout),
// else the source tree the binary was built from.
std::string DefaultDir(const std::string& name);

}  // namespace lophoc::cli
