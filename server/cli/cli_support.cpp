#include "server/cli/cli_support.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "server/app/crypto.h"

namespace lophoc::cli {

Result<std::string> ReadFileOrStdin(const std::string& path) {
  if (path == "-") {
    return std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError("cannot read " + path + ": " + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string Printable(std::string s) {
  for (char& c : s) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  return s;
}

std::function<bool(const ParsedArgs&)> Positional(size_t n) {
  return [n](const ParsedArgs& parsed) { return parsed.positional.size() == n; };
}

int RunCommand(const CommandSpec& spec, const std::vector<std::string>& args,
               const std::set<std::string>& settings_elsewhere) {
  auto parsed = ParseArgs(args, spec.options, settings_elsewhere);
  if (!parsed.ok())
    std::cerr << "lophoc " << spec.name << ": " << parsed.status().message() << "\n";
  if (!parsed.ok() || (!parsed->help && spec.accepts && !spec.accepts(*parsed))) {
    std::cerr << spec.usage;
    return 2;
  }
  if (parsed->help) {
    std::cout << spec.usage << "\n" << spec.help;
    if (!spec.options.empty()) std::cout << "\n" << OptionsHelp(spec.options);
    return 0;
  }
  return spec.run(*parsed);
}

void PrintBadValue(const std::string& command, const ParsedArgs& parsed, const std::string& name,
                   const std::string& expected) {
  std::cerr << "lophoc " << command << ": " << parsed.Describe(name) << ": must be " << expected
            << "\n";
}

void AddStoreReadinessChecks(app::Readiness& readiness, storage::Stores& stores) {
  readiness.Add("database", [&stores]() -> Result<std::string> {
    Status s = stores.CheckWritable();
    if (s.ok()) return std::string("takes writes");
    // The trouble first, in words a monitor can match: "disk full: ...".
    if (s.reason() == "storage_disk_full") return Status::Unavailable("disk full: " + s.message());
    if (s.reason() == "storage_read_only") return Status::Unavailable("read-only: " + s.message());
    return s;
  });
  readiness.Add("schema", [&stores]() -> Result<std::string> {
    Status s = stores.CheckSchema();
    if (!s.ok()) return s;
    return std::string("current");
  });
}

void AddContentReadinessCheck(app::Readiness& readiness, const std::string& dir) {
  readiness.Add("content", [dir]() -> Result<std::string> {
    std::error_code ec;
    if (std::filesystem::is_directory(dir, ec)) return dir;
    return Status::NotFound("content folder missing: " + dir +
                            " (the courses already imported are served)");
  });
}

OptionSpec DbOption() {
  return {"db", "LOPHOC_DB", "./lophoc.db", "SQLite database file (created on first start)"};
}

std::unique_ptr<storage::Stores> OpenStoresAt(const ParsedArgs& parsed, int connections) {
  if (!app::InitCrypto()) {
    std::cerr << "lophoc: libsodium failed to initialise\n";
    return nullptr;
  }
  auto stores = storage::OpenStores(parsed.Get("db"), {connections});
  if (!stores.ok()) {
    std::cerr << "lophoc: " << stores.status().message() << "\n";
    return nullptr;
  }
  return std::move(*stores);
}

int Fail(const std::string& command, const Status& status) {
  std::cerr << "lophoc " << command << ": " << status.message() << "\n";
  return 1;
}

void PrintDiagnostics(const Diagnostics& diags) {
  for (const auto& d : diags.items()) std::cerr << d.ToString() << "\n";
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

namespace {

const char* OutcomeName(courses::SaveOutcome outcome) {
  return outcome == courses::SaveOutcome::kCreated   ? "created"
         : outcome == courses::SaveOutcome::kUpdated ? "updated"
                                                     : "unchanged";
}

}  // namespace

void PrintImport(const app::ImportReport& report) {
  for (const auto& c : report.imported) {
    std::cerr << OutcomeName(c.outcome) << " " << c.slug << " (revision " << c.revision << ")\n";
  }
  PrintProgrammeImport(report.programmes);
}

void PrintProgrammeImport(const std::vector<app::ImportedProgramme>& imported) {
  for (const auto& p : imported) {
    if (!p.note.empty()) {
      std::cerr << "kept programme " << p.slug << " (revision " << p.revision << "): " << p.note
                << "\n";
      continue;
    }
    std::cerr << OutcomeName(p.outcome) << " programme " << p.slug << " (revision " << p.revision
              << ")\n";
  }
}

}  // namespace lophoc::cli
