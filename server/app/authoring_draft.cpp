#include "server/app/authoring_draft.h"

#include <stdlib.h>

#include "assessments/quiz_parser.h"
#include "courses/package_loader.h"
#include "kernel/text.h"

namespace lophoc::app {
namespace fs = std::filesystem;

Result<PackageDraft> PackageDraft::Create() {
  std::error_code ec;
  const fs::path base = fs::temp_directory_path(ec);
  if (ec) return Status::IOError("no temporary folder: " + ec.message());
  std::string pattern = (base / "lophoc-draft-XXXXXX").string();
  // mkdtemp makes the folder with mode 0700: other accounts cannot read drafts.
  if (mkdtemp(pattern.data()) == nullptr) {
    return Status::IOError("cannot make a temporary folder in " + base.string());
  }
  return PackageDraft(fs::path(pattern));
}

Result<PackageDraft> PackageDraft::FromPackage(const courses::CoursePackage& pkg) {
  auto draft = Create();
  if (!draft.ok()) return draft.status();
  Status s = WritePackage(pkg, draft->dir());
  if (!s.ok()) return s;
  return draft;
}

PackageDraft::PackageDraft(PackageDraft&& other) noexcept : dir_(std::move(other.dir_)) {
  other.dir_.clear();
}

PackageDraft::~PackageDraft() {
  if (dir_.empty()) return;
  std::error_code ec;
  fs::remove_all(dir_, ec);  // a leftover in the temp folder is harmless; nothing to report to
}

Status PackageDraft::Write(const std::string& rel, const std::string& bytes) const {
  return WriteFile(dir_ / fs::path(rel), bytes);
}

Status PackageDraft::Remove(const std::string& rel) const {
  std::error_code ec;
  if (!fs::remove(dir_ / fs::path(rel), ec) || ec) {
    return Status::NotFound("no file '" + rel + "' in the package");
  }
  return Status::Ok();
}

void AddProblems(const Diagnostics& diags, const std::string& focus,
                 std::vector<AuthoringProblem>& problems) {
  for (const Diagnostic& d : diags.items()) {
    const bool warning = d.severity == Severity::kWarning;
    if (warning && !focus.empty() && d.file != focus) continue;
    problems.push_back({d.file, d.line, warning, d.message, d.reason, "", d.params});
  }
}

std::optional<courses::CoursePackage> CheckPackageFolder(const fs::path& dir,
                                                         const std::string& focus,
                                                         std::vector<AuthoringProblem>& problems) {
  Diagnostics diags;
  // An empty display folder: problems name files as the trainer sees them.
  std::optional<courses::CoursePackage> pkg = courses::LoadCoursePackage(dir, "", diags);
  if (pkg && pkg->quiz) {
    FileDiagnostics d(&diags, "quiz.md");
    if (!assessments::ParseQuiz(*pkg->quiz, d)) pkg.reset();
  }
  AddProblems(diags, focus, problems);
  if (diags.HasErrors()) return std::nullopt;
  return pkg;
}

}  // namespace lophoc::app
