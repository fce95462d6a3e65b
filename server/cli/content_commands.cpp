// lophoc check, import and export: course packages (folders or zip files)
// in and out of the database.
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>

#include "kernel/text.h"
#include "kernel/clock.h"
#include "server/app/content_service.h"
#include "server/app/package_zip.h"
#include "server/cli/cli_support.h"
#include "server/cli/commands.h"

namespace lophoc::cli {

namespace fs = std::filesystem;

namespace {

// The body of lophoc check, after the preamble.
int Check(const ParsedArgs& parsed) {
  Diagnostics diags;
  auto content = app::CheckContent(parsed.positional[0], diags);
  PrintDiagnostics(diags);
  std::cerr << content.packages_found << " course package(s), " << content.programmes.size()
            << " programme(s): " << diags.ErrorCount() << " error(s), " << diags.WarningCount()
            << " warning(s)\n";
  return diags.HasErrors() ? 1 : 0;
}


constexpr uintmax_t kMaxZipFileBytes = 64 * 1024 * 1024;

bool IsZipPath(const std::string& path) {
  if (path.size() < 4) return false;
  return AsciiLower(path.substr(path.size() - 4)) == ".zip";
}

// A fresh private folder under the system temp folder, removed with its contents.
class ScopedTempDir {
 public:
  ScopedTempDir() {
    std::string tmpl = (fs::temp_directory_path() / "lophoc-XXXXXX").string();
    if (mkdtemp(tmpl.data()) != nullptr) path_ = tmpl;
  }
  ~ScopedTempDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  ScopedTempDir(const ScopedTempDir&) = delete;
  ScopedTempDir& operator=(const ScopedTempDir&) = delete;
  bool ok() const { return !path_.empty(); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

Status ReadZipFile(const std::string& path, std::string* bytes) {
  std::error_code ec;
  const uintmax_t size = fs::file_size(path, ec);
  if (ec) return Status::IOError("cannot read " + path + ": " + ec.message());
  if (size > kMaxZipFileBytes) return Status::TooLarge(path + " is larger than 64 MiB");
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError("cannot open " + path);
  bytes->assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (in.bad()) return Status::IOError("cannot read " + path);
  return Status::Ok();
}

// Writes `bytes` to a new file; AlreadyExists rather than overwriting one.
Status WriteNewFile(const std::string& path, const std::string& bytes) {
  std::FILE* f = std::fopen(path.c_str(), "wbx");
  if (f == nullptr) {
    if (errno == EEXIST) return Status::AlreadyExists(path + " exists; it is not overwritten");
    return Status::IOError("cannot create " + path + ": " + std::strerror(errno));
  }
  const bool written = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  if (std::fclose(f) != 0 || !written) {
    std::remove(path.c_str());
    return Status::IOError("cannot write " + path);
  }
  return Status::Ok();
}

// Diagnostics name files inside the zip ("kt.zip/01-a.md"), not the temp folder.
void PrintZipDiagnostics(const Diagnostics& diags, const fs::path& unpacked,
                         const std::string& zip) {
  const std::string prefix = unpacked.string();
  for (Diagnostic d : diags.items()) {
    if (d.file.compare(0, prefix.size(), prefix) == 0) d.file = zip + d.file.substr(prefix.size());
    std::cerr << d.ToString() << "\n";
  }
}

// The body of lophoc import, after the preamble.
int Import(const ParsedArgs& parsed) {
  const std::string& input = parsed.positional[0];
  fs::path path = input;
  std::optional<ScopedTempDir> unpacked;  // removed when the import is done
  std::error_code ec;
  if (IsZipPath(input) && !fs::is_directory(input, ec)) {
    std::string bytes;
    Status s = ReadZipFile(input, &bytes);
    unpacked.emplace();
    if (s.ok() && !unpacked->ok()) s = Status::IOError("cannot create a temporary folder");
    if (s.ok()) s = app::UnpackPackageZip(bytes, unpacked->path());
    if (!s.ok()) {
      std::cerr << "lophoc import: " << input << ": " << s.message() << "\n";
      return 1;
    }
    path = unpacked->path();
  }
  auto stores = OpenStoresAt(parsed);
  if (!stores) return 1;
  SystemClock clock;
  app::ProgrammeService programmes(&stores->programmes(), &stores->courses(), &clock);
  app::ContentService content(&stores->courses(), &clock, &programmes);
  Diagnostics diags;
  auto report = content.Import(path, "import", diags);
  PrintZipDiagnostics(diags, path, input);
  if (!report.ok()) return Fail("import", report.status());
  PrintImport(*report);
  if (report->refused > 0) {
    std::cerr << report->refused << " package(s) refused because of errors\n";
    return 1;
  }
  return 0;
}


// Exports `slug` into a temp folder "slug/" and packs it, so that unzipping
// the file by hand gives one folder.
Status ExportZip(app::ContentService& content, const std::string& slug, const std::string& zip) {
  std::error_code ec;
  if (fs::exists(zip, ec)) return Status::AlreadyExists(zip + " exists; it is not overwritten");
  if (!IsValidSlug(slug)) return Status::NotFound("no course '" + slug + "'");  // names a folder
  ScopedTempDir tmp;
  if (!tmp.ok()) return Status::IOError("cannot create a temporary folder");
  Status s = content.Export(slug, tmp.path() / slug);
  if (!s.ok()) return s;
  auto bytes = app::PackPackageZip(tmp.path());
  if (!bytes.ok()) return bytes.status();
  return WriteNewFile(zip, *bytes);
}

// The body of lophoc export, after the preamble.
int Export(const ParsedArgs& parsed) {
  auto stores = OpenStoresAt(parsed);
  if (!stores) return 1;
  SystemClock clock;
  app::ContentService content(&stores->courses(), &clock);
  const std::string& slug = parsed.positional[0];
  const std::string& target = parsed.positional[1];
  Status s = IsZipPath(target) ? ExportZip(content, slug, target) : content.Export(slug, target);
  if (!s.ok()) return Fail("export", s);
  std::cerr << "exported " << slug << " to " << target << "\n";
  return 0;
}

}  // namespace

std::vector<CommandSpec> ContentCommands() {
  return {
      {
          "check",
          "Usage: lophoc check PATH\n",
          "Validates course packages (one course folder, or a folder of them with "
          "programmes/)\nand prints every problem as file:line: message. Exit status 1 when any "
          "error is found.\n",
          {},
          Positional(1),
          Check,
      },
      {
          "import",
          "Usage: lophoc import PATH|FILE.zip [--db FILE]\n",
          "Loads or updates course packages into the database: a folder (one course or a\n"
          "folder of them, with its programmes/), or one course package as a zip file\n"
          "(docs/course-format.md).\n"
          "A changed package adds a revision; an unchanged one adds nothing; a package with\n"
          "errors is refused and its previous revision keeps serving. Exit status 1 when\n"
          "any package was refused or the zip is unsafe or damaged.\n",
          {DbOption()},
          Positional(1),
          Import,
      },
      {
          "export",
          "Usage: lophoc export SLUG DIR|FILE.zip [--db FILE]\n",
          "Writes the current revision of a course as a course package into DIR\n"
          "(which must not exist or be empty), or as a zip file holding one folder SLUG/\n"
          "(an existing FILE.zip is not overwritten).\n",
          {DbOption()},
          Positional(2),
          Export,
      },
  };
}

}  // namespace lophoc::cli
