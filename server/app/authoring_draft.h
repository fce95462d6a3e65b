// The scratch side of the web editor (authoring_service.h): a course package
// written out into a private temporary folder, changed there, and checked as
// a whole the way `lophoc check` checks a folder. Internal to server/app.
// Thread-compatible: each draft belongs to one call.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "courses/course.h"
#include "kernel/diagnostics.h"
#include "kernel/status.h"
#include "server/app/authoring_service.h"

namespace lophoc::app {

// A private (0700) temporary folder, removed with everything in it when the
// draft goes away. Move-only.
class PackageDraft {
 public:
  // An empty draft. IOError when no temporary folder can be made.
  static Result<PackageDraft> Create();
  // A draft holding `pkg` as `lophoc export` writes it.
  static Result<PackageDraft> FromPackage(const courses::CoursePackage& pkg);

  PackageDraft(PackageDraft&& other) noexcept;
  PackageDraft& operator=(PackageDraft&&) = delete;
  PackageDraft(const PackageDraft&) = delete;
  ~PackageDraft();

  const std::filesystem::path& dir() const { return dir_; }
  // Writes (or replaces) the file at package-relative `rel`.
  // REQUIRES: `rel` is a checked package path (no "..", not absolute).
  Status Write(const std::string& rel, const std::string& bytes) const;
  Status Remove(const std::string& rel) const;

 private:
  explicit PackageDraft(std::filesystem::path dir) : dir_(std::move(dir)) {}
  std::filesystem::path dir_;
};

// Loads the package in `dir` and parses its quiz. Every error goes to
// `problems`; warnings only for `focus` (the edited file; empty: all files).
// Returns the package when there is no error.
std::optional<courses::CoursePackage> CheckPackageFolder(const std::filesystem::path& dir,
                                                         const std::string& focus,
                                                         std::vector<AuthoringProblem>& problems);

// Diagnostics as problems (warnings only for `focus`, or all when it is empty).
void AddProblems(const Diagnostics& diags, const std::string& focus,
                 std::vector<AuthoringProblem>& problems);

}  // namespace lophoc::app
