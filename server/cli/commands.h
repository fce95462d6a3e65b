// The lophoc subcommands. Each takes the arguments after its name and
// returns the process exit code (0 ok, 1 failure, 2 usage error).
#pragma once

#include <string>
#include <vector>

namespace lophoc::cli {

int RunServe(const std::vector<std::string>& args);
int RunCheck(const std::vector<std::string>& args);
int RunImport(const std::vector<std::string>& args);
int RunExport(const std::vector<std::string>& args);
// lophoc users add USERNAME --role ROLE ... (docs/people.md)
int RunUsers(const std::vector<std::string>& args);
// lophoc tokens create USERNAME --name NAME
int RunTokens(const std::vector<std::string>& args);
// lophoc import-users FILE.csv [--dry-run] (server/cli/people_commands.cpp)
int RunImportUsers(const std::vector<std::string>& args);
// lophoc export-users KIND [--org CODE]
int RunExportUsers(const std::vector<std::string>& args);
// lophoc import-gift FILE --course SLUG [--format gift|aiken] [--append] [--dry-run]
// (server/cli/quiz_commands.cpp)
int RunImportGift(const std::vector<std::string>& args);

// Where bundled files live: ./NAME when it exists (running from a checkout),
// else the source tree the binary was built from.
std::string DefaultDir(const std::string& name);

}  // namespace lophoc::cli
