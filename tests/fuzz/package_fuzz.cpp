// libFuzzer harness for the course-package loader (courses/package_loader.h)
// and front matter (kernel/front_matter.h): what `lophoc import`, the zip
// upload and the web editor read. Not part of the CTest suite; run it with
// tests/fuzz/run.sh package.
//
// The input is a package in one text: course.md first, then each further
// file after a line "@@ NAME" (e.g. "@@ 01-mot.md", "@@ quiz.md",
// "@@ images/a.svg"; names outside [A-Za-z0-9._-/], absolute or with ".."
// are skipped). The files are written to a temporary folder, emptied after
// every input. Besides "never crash, never hang, no ASan/UBSan report", it
// checks: a package exactly when no error was reported, every problem names
// a file of the package and a line; a loaded package has 1 to kMaxLessons
// lessons and its quiz.md (if any) goes through ParseQuiz as the content
// import does; and the front matter of every file, when it parses cleanly,
// is written back by WriteFrontMatter into text that parses to the same
// entries and body.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "assessments/quiz_parser.h"
#include "courses/package_loader.h"
#include "kernel/front_matter.h"
#include "kernel/text.h"

namespace fs = std::filesystem;

namespace {

void Require(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "package invariant broken: %s\n", what);
  std::abort();
}

// Made once, removed at exit (never destroyed, so the exit handler may use it).
const fs::path& PackageDir() {
  static const fs::path* dir = [] {
    std::string tmpl = (fs::temp_directory_path() / "lophoc-package-fuzz-XXXXXX").string();
    Require(mkdtemp(tmpl.data()) != nullptr, "a temporary folder can be made");
    std::atexit([] {
      std::error_code ec;
      fs::remove_all(PackageDir().parent_path(), ec);
    });
    return new fs::path(fs::path(tmpl) / "khoa");
  }();
  return *dir;
}

bool SafeName(std::string_view name) {
  if (name.empty() || name.size() > 64 || name.front() == '/' || name.back() == '/') return false;
  if (name.find("..") != std::string_view::npos || name.find("//") != std::string_view::npos) {
    return false;
  }
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-' || c == '/';
    if (!ok) return false;
  }
  return true;
}

// Splits the input into (name, bytes): course.md first, then "@@ NAME" files.
std::vector<std::pair<std::string, std::string>> Files(std::string_view input) {
  std::vector<std::pair<std::string, std::string>> files{{"course.md", ""}};
  size_t pos = 0;
  while (pos <= input.size()) {
    const size_t end = input.find('\n', pos);
    const std::string_view line =
        input.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    if (line.substr(0, 3) == "@@ ") {
      files.emplace_back(std::string(line.substr(3)), "");
    } else {
      files.back().second.append(line.data(), line.size());
      if (end != std::string_view::npos) files.back().second += '\n';
    }
    if (end == std::string_view::npos) break;
    pos = end + 1;
  }
  return files;
}

// Front matter written back reads the same (front_matter.h, WriteFrontMatter).
void CheckFrontMatter(const std::string& bytes) {
  if (!lophoc::IsValidUtf8(bytes)) return;
  std::string text = lophoc::ToNfc(lophoc::NormalizeNewlines(bytes));
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
  lophoc::Diagnostics diags;
  lophoc::FileDiagnostics fd(&diags, "x.md");
  const auto fm = lophoc::ParseFrontMatter(text, fd);
  for (const auto& d : diags.items()) Require(d.line >= 1, "every front matter problem has a line");
  if (!fm || diags.HasErrors()) return;
  const std::string written = lophoc::WriteFrontMatter(fm->entries) + fm->body;
  lophoc::Diagnostics again;
  lophoc::FileDiagnostics fd_again(&again, "x.md");
  const auto reread = lophoc::ParseFrontMatter(written, fd_again);
  if (!reread || again.HasErrors()) std::fprintf(stderr, "--- written:\n%s\n", written.c_str());
  Require(reread.has_value() && !again.HasErrors(), "written front matter parses");
  Require(reread->entries.size() == fm->entries.size(), "the same number of entries");
  for (size_t i = 0; i < fm->entries.size(); ++i) {
    const auto& a = fm->entries[i];
    const auto& b = reread->entries[i];
    if (a.key != b.key || a.value != b.value || a.items != b.items || a.is_list != b.is_list) {
      std::fprintf(stderr, "--- written:\n%s\n", written.c_str());
    }
    Require(a.key == b.key && a.value == b.value && a.items == b.items && a.is_list == b.is_list,
            "front matter written back reads the same");
  }
  Require(reread->body == fm->body, "the body after front matter is kept");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 64 * 1024) return 0;
  const fs::path& dir = PackageDir();
  std::error_code ec;
  fs::remove_all(dir, ec);
  fs::create_directories(dir);
  for (const auto& [name, bytes] : Files({reinterpret_cast<const char*>(data), size})) {
    if (!SafeName(name)) continue;
    const fs::path file = dir / name;
    fs::create_directories(file.parent_path(), ec);
    if (ec || fs::is_directory(file)) continue;
    std::ofstream(file, std::ios::binary).write(bytes.data(), bytes.size());
    if (name.size() > 3 && name.compare(name.size() - 3, 3, ".md") == 0) CheckFrontMatter(bytes);
  }

  lophoc::Diagnostics diags;
  const auto pkg = lophoc::courses::LoadCoursePackage(dir, "khoa", diags);
  Require(pkg.has_value() != diags.HasErrors(), "a package exactly when there is no error");
  for (const auto& d : diags.items()) {
    Require(d.line >= 1, "every problem has a line");
    Require(d.file.rfind("khoa", 0) == 0, "every problem names a file of the package");
    Require(!d.message.empty(), "every problem says why");
  }
  if (!pkg) return 0;
  Require(!pkg->slug.empty() && !pkg->title.empty(), "a package has a slug and a title");
  Require(!pkg->lessons.empty() && pkg->lessons.size() <= lophoc::courses::kMaxLessons,
          "1 to kMaxLessons lessons");
  if (pkg->quiz) {
    lophoc::Diagnostics quiz_diags;
    lophoc::FileDiagnostics fd(&quiz_diags, "khoa/quiz.md");
    const auto quiz = lophoc::assessments::ParseQuiz(*pkg->quiz, fd);
    Require(quiz.has_value() != quiz_diags.HasErrors(), "a quiz exactly when there is no error");
  }
  return 0;
}
