// Small pieces every lophoc subcommand uses: the --db option, printing
// diagnostics and import reports, opening the database, and whole numbers
// from option values. Not thread-safe (they write to stderr).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "kernel/diagnostics.h"
#include "server/app/content_service.h"
#include "server/cli/options.h"
#include "server/storage/database.h"

namespace lophoc::cli {

// --db FILE (LOPHOC_DB), default ./lophoc.db.
OptionSpec DbOption();
// Every diagnostic as "file:line: message" on stderr.
void PrintDiagnostics(const Diagnostics& diags);
// Opens the database, printing why when it fails.
Result<std::unique_ptr<storage::Database>> OpenDatabase(const std::string& path, int pool);
// A whole decimal number in [lo, hi]; nullopt for "12x", "", overflow.
std::optional<long> ParseNumber(const std::string& s, long lo, long hi);
// One line per course imported: created, updated, unchanged or kept.
void PrintImport(const app::ImportReport& report);

}  // namespace lophoc::cli
