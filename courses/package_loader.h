// Reads course packages and programme files from disk into the model,
// reporting every problem as file:line (docs/course-format.md). Quiz text is
// carried but not parsed here: courses does not depend on assessments.
// Thread-compatible: distinct calls may run concurrently.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "courses/course.h"
#include "kernel/diagnostics.h"

namespace lophoc::courses {

// Limits from docs/course-format.md.
inline constexpr size_t kMaxMarkdownBytes = 256 * 1024;
inline constexpr size_t kMaxPackageFileBytes = 2 * 1024 * 1024;
inline constexpr size_t kMaxLessons = 100;

struct LoadedContent {
  std::vector<CoursePackage> courses;
  std::vector<Programme> programmes;
  // Display path of each course's folder, parallel to `courses`.
  std::vector<std::string> course_dirs;
  // Folders with a course.md that were found, valid or not.
  int packages_found = 0;
};

// Loads one course folder (one that holds course.md). Problems go to `diags`
// with file names shown as `display_dir/name`. Returns nullopt on any error.
std::optional<CoursePackage> LoadCoursePackage(const std::filesystem::path& dir,
                                               const std::string& display_dir,
                                               Diagnostics& diags);

// Loads `path`: one course folder, or a folder of course folders with an
// optional programmes/ folder. Packages with errors are left out of the
// result (their problems are in `diags`); duplicate slugs are errors, and
// programmes naming unknown courses are errors.
LoadedContent LoadContent(const std::filesystem::path& path, Diagnostics& diags);

// Reads a text file for authoring: size limit, UTF-8 check (reporting the
// line of the first bad byte), BOM and CRLF normalisation.
std::optional<std::string> ReadAuthoredText(const std::filesystem::path& file,
                                            FileDiagnostics& diags);

}  // namespace lophoc::courses
