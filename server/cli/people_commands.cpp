// lophoc import-users and export-users: CSV files of org units, sites and
// accounts (server/app/people_csv.h), run as the command line (an admin).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <set>
#include <sstream>

#include "kernel/clock.h"
#include "kernel/csv.h"
#include "server/app/log.h"
#include "server/app/people_csv.h"
#include "server/app/people_service.h"
#include "server/cli/cli_support.h"
#include "server/cli/commands.h"
#include "server/cli/options.h"

namespace lophoc::cli {
namespace {

namespace fs = std::filesystem;
using app::CsvKind;

constexpr const char* kFormats =
    "One file holds one kind of object, told apart by its header (columns in any order,\n"
    "names case-insensitive; UTF-8, ',' or ';' separated, first line the header):\n"
    "  org units  code,name,level[,parent]      level: nation, province, district, commune;\n"
    "             parent: a code from the database or from the same file (empty: top level)\n"
    "  sites      code,name,type,org[,kiosk]    org: an org unit code already in the database;\n"
    "             kiosk: 1/0, true/false, có/không (empty: 0)\n"
    "  users      username,display_name[,roles,org,site,staff_category,active,phone,password]\n"
    "             roles: learner;trainer (default learner); active default 1; an empty\n"
    "             password gets a one-time password, to be changed at first login\n"
    "Import org units first, then sites, then users. Every bad row is reported as\n"
    "FILE:LINE: message, and then nothing at all is written.\n";

const char* Noun(app::CsvKind k, size_t n) {
  const bool one = n == 1;
  switch (k) {
    case app::CsvKind::kOrgUnits: return one ? "org unit" : "org units";
    case app::CsvKind::kSites: return one ? "site" : "sites";
    case app::CsvKind::kUsers: return one ? "user" : "users";
  }
  return "";
}

// "FILE:N: message" for a "line N: message" status, else "lophoc CMD: message".
std::string Located(const std::string& cmd, const std::string& file, const Status& s) {
  const std::string& m = s.message();
  const size_t colon = m.find(": ");
  if (m.rfind("line ", 0) == 0 && colon != std::string::npos) {
    return file + ":" + m.substr(5, colon - 5) + ": " + Printable(m.substr(colon + 2));
  }
  return "lophoc " + cmd + ": " + Printable(m);
}

// A new file readable by its owner only; refuses to overwrite (or follow a
// link to) an existing one.
Result<int> CreatePrivateFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0) return fd;
  if (errno == EEXIST) return Status::AlreadyExists(path + " already exists; not overwriting it");
  return Status::IOError("cannot create " + path + ": " + std::strerror(errno));
}

Status WriteAll(int fd, const std::string& data) {
  for (size_t done = 0; done < data.size();) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Status::IOError(std::strerror(errno));
    done += static_cast<size_t>(n);
  }
  return Status::Ok();
}

// Progress on stderr once an import has run for a second: a bar redrawn in
// place on a terminal, else one line per 10%.
class ProgressPrinter {
 public:
  ProgressPrinter() : tty_(::isatty(STDERR_FILENO) == 1), start_(Clock::now()) {}
  void operator()(size_t done, size_t total) {
    if (total == 0 || Clock::now() - start_ < std::chrono::seconds(1)) return;
    const int percent = static_cast<int>(done * 100 / total);
    if (tty_) {
      if (percent == shown_ && done != total) return;
      const int filled = percent / 10;
      std::cerr << "\r[" << std::string(filled, '#') << std::string(10 - filled, ' ') << "] "
                << percent << "% " << done << "/" << total << std::flush;
      drawn_ = true;
    } else {
      if (percent / 10 <= shown_ / 10) return;
      std::cerr << "progress: " << percent << "% (" << done << "/" << total << ")\n";
    }
    shown_ = percent;
  }
  // Ends the bar's line before other output.
  void Finish() {
    if (drawn_) std::cerr << "\n";
    drawn_ = false;
  }

 private:
  using Clock = std::chrono::steady_clock;
  bool tty_;
  Clock::time_point start_;
  int shown_ = -1;
  bool drawn_ = false;
};

std::string PasswordsCsv(const std::vector<app::OneTimePassword>& passwords) {
  CsvWriter out({"username", "one_time_password"});
  for (const auto& p : passwords) out.Row({p.username, p.password});
  return out.Take();
}

// Prints the outcome of an import; the exit status.
int Report(const std::string& file, const app::CsvImportReport& r, bool dry_run) {
  for (const auto& e : r.errors) {
    std::cerr << file << ":" << e.line << ": " << Printable(e.why.message()) << "\n";
  }
  if (!r.errors.empty()) {
    std::cerr << r.errors.size() << " bad row(s) among " << r.rows << "; nothing was written\n";
    return 1;
  }
  if (dry_run) {
    std::cerr << r.rows << " " << Noun(r.kind, r.rows)
              << " would be created (dry run: nothing written)\n";
  } else {
    std::cerr << "created " << r.created << " " << Noun(r.kind, r.created) << "\n";
  }
  return 0;
}

// Opens the stores at --db and imports `text`, printing the outcome on
// stderr. The report when the import (or dry run) went through, else nullopt.
std::optional<app::CsvImportReport> ImportText(const ParsedArgs& parsed, const std::string& file,
                                               const std::string& text, bool dry_run) {
  auto stores = OpenStoresAt(parsed);
  if (!stores) return std::nullopt;
  SystemClock clock;
  app::PeopleService people(stores->people(), &clock);
  ProgressPrinter progress;
  auto report = app::PeopleCsv(&people).Import(people::Actor::CommandLine(), text, dry_run,
                                               std::ref(progress));
  progress.Finish();
  if (!report.ok()) {
    std::cerr << Located("import-users", file, report.status()) << "\n";
    return std::nullopt;
  }
  if (Report(file, *report, dry_run) != 0) return std::nullopt;
  return std::move(*report);
}

// Writes the one-time passwords as CSV to `fd` (closed after when `path`,
// its name, is not empty). The exit status.
int WritePasswords(int fd, const std::string& path,
                   const std::vector<app::OneTimePassword>& passwords) {
  Status written = WriteAll(fd, PasswordsCsv(passwords));
  if (!path.empty() && ::close(fd) != 0 && written.ok()) {
    written = Status::IOError(std::strerror(errno));
  }
  if (!written.ok()) {
    std::cerr << "lophoc import-users: the accounts were created but writing their one-time "
                 "passwords failed (" << written.message() << "); reset them to make new ones\n";
    return 1;
  }
  if (!path.empty()) {
    std::cerr << passwords.size() << " one-time password(s) written to " << path << "\n";
  }
  return 0;
}

// The kind an export-users argument names ("org-units" or "org_units", ...).
std::optional<app::CsvKind> KindNamed(std::string name) {
  std::replace(name.begin(), name.end(), '-', '_');
  return app::ParseCsvKind(name);
}

// The CSV export of `kind` from the stores at --db (a file that must
// exist: exporting never creates a database); nullopt after printing why not.
std::optional<std::string> ExportText(const ParsedArgs& parsed, app::CsvKind kind) {
  const std::string& db_path = parsed.Get("db");
  std::error_code ec;
  if (!fs::exists(db_path, ec)) {
    std::cerr << "lophoc export-users: no database at " << Printable(db_path) << "\n";
    return std::nullopt;
  }
  auto stores = OpenStoresAt(parsed);
  if (!stores) return std::nullopt;
  SystemClock clock;
  app::PeopleService people(stores->people(), &clock);
  auto text = app::PeopleCsv(&people).Export(people::Actor::CommandLine(), kind, parsed.Get("org"));
  if (!text.ok()) {
    std::cerr << "lophoc export-users: " << Printable(text.status().message()) << "\n";
    return std::nullopt;
  }
  return std::move(*text);
}

// The body of lophoc import-users, after the preamble.
int ImportUsers(const ParsedArgs& parsed) {
  const std::string& path = parsed.positional[0];
  const std::string file = path == "-" ? "<stdin>" : path;
  const bool dry_run = parsed.Flag("dry-run");
  auto text = ReadFileOrStdin(path);
  if (!text.ok()) return Fail("import-users", text.status());
  auto kind = app::PeopleCsv::DetectKind(*text);
  if (!kind.ok()) {
    std::cerr << Located("import-users", file, kind.status()) << "\n";
    return 1;
  }
  const std::string& out_path = parsed.Get("passwords-out");
  const bool to_file = !out_path.empty() && *kind == app::CsvKind::kUsers && !dry_run;
  int out_fd = STDOUT_FILENO;
  if (to_file) {
    auto fd = CreatePrivateFile(out_path);  // before importing: never lose a password
    if (!fd.ok()) return Fail("import-users", fd.status());
    out_fd = *fd;
  }
  if (!out_path.empty() && *kind != app::CsvKind::kUsers) {
    std::cerr << "lophoc import-users: a file of " << Noun(*kind, 2)
              << " makes no passwords; --passwords-out not used\n";
  }
  auto report = ImportText(parsed, file, *text, dry_run);
  if (!report) {  // nothing was written: neither is the passwords file kept
    if (to_file) {
      ::close(out_fd);
      ::unlink(out_path.c_str());
    }
    return 1;
  }
  if (dry_run || *kind != app::CsvKind::kUsers) return 0;
  return WritePasswords(out_fd, to_file ? out_path : "", report->one_time_passwords);
}


// The body of lophoc export-users, after the preamble.
int ExportUsers(const ParsedArgs& parsed) {
  auto text = ExportText(parsed, *KindNamed(parsed.positional[0]));
  if (!text) return 1;
  const std::string& out = parsed.Get("out");
  if (out.empty()) {
    std::cout << *text << std::flush;
    return std::cout ? 0 : 1;
  }
  const int fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  Status s = fd < 0 ? Status::IOError(std::strerror(errno)) : WriteAll(fd, *text);
  if (fd >= 0 && ::close(fd) != 0 && s.ok()) s = Status::IOError(std::strerror(errno));
  if (!s.ok()) {
    std::cerr << "lophoc export-users: cannot write " << out << ": " << s.message() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace

int ReportPhoneCollisions(const ParsedArgs& parsed) {
  auto stores = OpenStoresAt(parsed);
  if (!stores) return 1;
  SystemClock clock;
  app::PeopleService people(stores->people(), &clock);
  auto claims = people.PhoneCollisions(people::Actor::CommandLine());
  if (!claims.ok()) return Fail("users phone-collisions", claims.status());
  if (claims->empty()) {
    std::cout << "no phone number belongs to more than one account\n";
    return 0;
  }
  std::string number;
  for (const people::PhoneClaim& c : *claims) {
    if (c.number != number) {
      number = c.number;
      std::cout << number << "\n";
    }
    std::cout << "  " << Printable(c.user.username) << " (id " << c.user.id << "): " << c.field
              << " " << Printable(c.written) << "\n";
  }
  std::cout << "Nothing was merged. Correct the phone of all but one account (admin page or\n"
               "PATCH /api/v1/users/{id}); a username that is a number cannot be changed.\n";
  return 0;
}

void WarnOfPhoneCollisions(app::PeopleService& people) {
  auto claims = people.PhoneCollisions(people::Actor::CommandLine());
  if (!claims.ok() || claims->empty()) return;
  std::set<std::string> numbers;
  for (const auto& c : *claims) numbers.insert(c.number);
  app::Log(app::LogLevel::kWarn,
           std::to_string(numbers.size()) +
               " phone number(s) belong to more than one account; see: lophoc users "
               "phone-collisions");
}

std::vector<CommandSpec> PeopleCommands() {
  return {
      {
          "import-users",
          "Usage: lophoc import-users FILE.csv [--dry-run] [--db FILE] [--passwords-out FILE]\n",
          std::string("Creates org units, sites or accounts from a CSV file ('-': standard "
                      "input), all or\nnothing. One-time passwords go to --passwords-out, or "
                      "else to standard output,\nas CSV username,one_time_password: hand them "
                      "out, then delete the file.\n\n") +
              kFormats,
          {
              {"dry-run", "", "", "check every row and write nothing", true},
              {"passwords-out", "", "",
               "write the one-time passwords to this new file (mode 0600)"},
              DbOption(),
          },
          Positional(1),
          ImportUsers,
      },
      {
          "export-users",
          "Usage: lophoc export-users org-units|sites|users [--org CODE] [--db FILE] [--out FILE]\n",
          "Writes org units, sites or accounts (never passwords) as CSV in the format import-users\n"
          "reads: UTF-8 with a byte order mark so that spreadsheets show Vietnamese correctly.\n",
          {
              {"org", "", "", "only this org unit's subtree"},
              {"out", "", "", "write to this file (mode 0600) instead of standard output"},
              DbOption(),
          },
          [](const ParsedArgs& p) {
            return p.positional.size() == 1 && KindNamed(p.positional[0]);
          },
          ExportUsers,
      },
  };
}

}  // namespace lophoc::cli
