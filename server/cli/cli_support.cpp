#include "server/cli/cli_support.h"

#include <iostream>

namespace lophoc::cli {

OptionSpec DbOption() {
  return {"db", "LOPHOC_DB", "./lophoc.db", "SQLite database file (created on first start)"};
}

void PrintDiagnostics(const Diagnostics& diags) {
  for (const auto& d : diags.items()) std::cerr << d.ToString() << "\n";
}

Result<std::unique_ptr<storage::Database>> OpenDatabase(const std::string& path, int pool) {
  auto db = storage::Database::Open(path, pool);
  if (!db.ok()) std::cerr << "lophoc: " << db.status().message() << "\n";
  return db;
}

std::optional<long> ParseNumber(const std::string& s, long lo, long hi) {
  try {
    size_t used = 0;
    const long v = std::stol(s, &used);
    if (used == s.size() && v >= lo && v <= hi) return v;
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

void PrintImport(const app::ImportReport& report) {
  for (const auto& c : report.imported) {
    const char* what = c.outcome == courses::SaveOutcome::kCreated   ? "created"
                       : c.outcome == courses::SaveOutcome::kUpdated ? "updated"
                                                                     : "unchanged";
    std::cerr << what << " " << c.slug << " (revision " << c.revision << ")\n";
  }
}

}  // namespace lophoc::cli
